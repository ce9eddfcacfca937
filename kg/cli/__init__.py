"""The ``kg`` command line: thin wrappers over library functions.

Results go to stdout, diagnostics to stderr. Exit codes: 0 OK, 1 data does not conform or a
query failed, 2 usage, input or store error.
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.errors import KgError

app = typer.Typer(
    name="kg",
    help="Knowledge graph of the actors, decisions and figures of Vietnam's 2025 reform to "
         "two-level local government, built from news articles.\n\n"
         "Typical session:\n\n"
         "  kg ingest data/articles            # extract, validate and store the articles\n\n"
         "  kg query --list                    # the canned questions and their parameters\n\n"
         "  kg query tasks --param assignee=\"Ministry of Finance\"\n\n"
         "  kg validate                        # check the whole store against the shapes",
    no_args_is_help=True, add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)

_state: dict = {"store": None}


def _fail(e: KgError) -> None:
    typer.echo(f"kg: {e}", err=True)
    raise typer.Exit(e.exit_code)


def open_store(read_only: bool = False):
    """The store named by --store: a folder (embedded Oxigraph) or a SPARQL server URL."""
    import gc

    from kg.store.remote import open_location

    gc.collect()  # a store left in a reference cycle by an earlier in-process command still holds the lock
    return open_location(_state["store"], read_only=read_only)


def store_exists() -> bool:
    from kg.store.remote import is_remote

    return is_remote(_state["store"]) or Path(_state["store"]).exists()


@app.callback()
def main(
    store: Annotated[str, typer.Option("--store", envvar="KG_STORE", show_default=True,
                                       help="Store: a folder (created on first use), or the URL of a SPARQL "
                                            "server (http://127.0.0.1:7878 for `oxigraph serve`; see docs/remote-store.md).")] = "kg-store",
) -> None:
    """Knowledge graph of Vietnam's 2025 two-level local government reform."""
    _state["store"] = store


from kg.cli import commands  # noqa: E402,F401  (registers the commands)
from kg.cli import docs  # noqa: E402,F401  (registers kg docs)


def run() -> None:
    """Console entry point: unexpected errors get one line (KG_DEBUG=1 shows the traceback)."""
    try:
        app()
    except Exception as e:  # noqa: BLE001 (last resort for users; tests call the library)
        if os.environ.get("KG_DEBUG"):
            raise
        typer.echo(f"kg: [KG-E999] unexpected error: {type(e).__name__}: {e} (run with KG_DEBUG=1 for details)", err=True)
        sys.exit(2)
