"""The ``kg`` command line: thin wrappers over library functions.

Results go to stdout, diagnostics to stderr. Exit codes: 0 OK, 1 data does not conform or a
query failed, 2 usage, input or store error.
"""
from __future__ import annotations

import os
import secrets
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator, Optional

import typer

from kg.errors import KgError, OutputError, StoreMissing

app = typer.Typer(
    name="kg",
    help="Knowledge graph of the actors, decisions and figures of Vietnam's 2025 reform to "
         "two-level local government, built from news articles.\n\n"
         "Typical session:\n\n"
         "  kg ingest data/articles            # extract, validate and store the articles\n\n"
         "  kg query --list                    # the canned questions and their parameters\n\n"
         "  kg query tasks --param assignee=\"Ministry of Finance\"\n\n"
         "  kg validate                        # check the whole store against the shapes",
    no_args_is_help=True, add_completion=True, rich_markup_mode=None, pretty_exceptions_enable=False)

_state: dict = {"store": None, "command": None}


def _fail(e: KgError) -> None:
    typer.echo(f"kg: {e}", err=True)
    raise typer.Exit(e.exit_code)


#: The commands that create a missing local store. For every other command a missing store is a
#: mistyped --store (or KG_STORE): it is refused with StoreMissing, and nothing is created. That
#: includes ``query`` and ``serve`` with ``--allow-update`` unless they pass ``create=True``.
CREATES_STORE = frozenset({"ingest", "load"})


def _missing_store() -> Optional[Path]:
    """The --store folder when it is local and holds no store: absent, or an empty folder."""
    from kg.store.remote import is_remote

    if is_remote(_state["store"]):
        return None
    path = Path(_state["store"])
    if not path.exists() or (path.is_dir() and not any(path.iterdir())):
        return path
    return None


def open_store(read_only: bool = False, create: Optional[bool] = None):
    """The store named by --store: a folder (embedded Oxigraph) or a SPARQL server URL.

    Args:
        read_only: refuse writes.
        create: create a missing local store (never when ``read_only``). Default: when the
            command being run is one of ``CREATES_STORE`` (or when no command is: a library call).

    Raises:
        StoreMissing: the local store does not exist and is not to be created.
        StoreError: the store cannot be opened.
    """
    import gc

    from kg.store.remote import open_location

    if create is None:
        create = _state["command"] is None or _state["command"] in CREATES_STORE
    missing = _missing_store()
    if missing is not None and (read_only or not create):
        empty = " (an empty folder)" if missing.exists() else ""
        raise StoreMissing(f"store {missing} does not exist{empty}; kg ingest creates it "
                           "(or check --store / KG_STORE)")
    gc.collect()  # a store left in a reference cycle by an earlier in-process command still holds the lock
    return open_location(_state["store"], read_only=read_only)


def iso_date_option(param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
    """Typer callback for options that take a date: a real ISO date, or exit 2 naming the option."""
    from kg.dates import check_iso_date

    if value is None:
        return None
    try:
        return check_iso_date(value, param.opts[0])
    except KgError as e:
        _fail(e)


def check_output(path: Path, example: str = "out") -> Path:
    """``path`` as a file to write (a symbolic link: its target), or a clear OutputError.

    Like ``curl -o``, a missing folder is an error, not created.

    Raises:
        OutputError: ``path`` is a folder, its folder is missing or may not be written in.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    parent = path.parent
    if path.is_dir():
        raise OutputError(f"--output {path} is a folder; give a file name, e.g. {path / example}")
    if not parent.exists():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist (create it first: mkdir -p {parent})")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {path}: no permission to write in folder {parent}")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write {path}: no permission to write the file")
    return path


@contextmanager
def output_file(path: Path, example: str = "out") -> Iterator[Path]:
    """Write ``path`` whole or not at all: check it, yield a temporary file next to it, rename.

    The temporary file is created at once (so a folder that refuses files fails before any work)
    in the same folder and with the same suffix (so the rename is atomic, and writers that go by
    the suffix see the right one). The block writes it; when the block succeeds it replaces
    ``path`` (keeping an existing file's permissions), when it fails it is removed: a failure
    never leaves a truncated file, nor touches an existing one.

    Args:
        path: the file to write (``-o``).
        example: a file name suggested when ``path`` is a folder.

    Raises:
        OutputError: as ``check_output``, or writing fails (no space, file too large...).
    """
    path = check_output(path, example)
    tmp = path.parent / f".{path.name}.{secrets.token_hex(4)}.part{path.suffix}"
    try:
        with open(tmp, "xb"):
            pass
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        yield tmp
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    finally:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


#: The distribution that ships kg (pyproject.toml ``[project] name``).
DISTRIBUTION = "kg-vn-reform"


def _print_version(value: bool) -> None:
    """Eager ``--version`` callback: print ``kg VERSION`` and exit 0."""
    if not value:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        v = version(DISTRIBUTION)
    except PackageNotFoundError:  # run from a checkout that is not installed
        from kg import __version__ as v
    typer.echo(f"kg {v}")
    raise typer.Exit(0)


@app.callback()
def main(
    ctx: typer.Context,
    store: Annotated[str, typer.Option("--store", envvar="KG_STORE", show_default=True,
                                       help="Store: a folder (kg ingest and kg load create it; the other commands refuse a missing one), or the URL of a SPARQL "
                                            "server (http://127.0.0.1:7878 for `oxigraph serve`; see docs/remote-store.md).")] = "kg-store",
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True,
                                          help="Print the version of kg and exit.")] = False,
) -> None:
    """Knowledge graph of Vietnam's 2025 two-level local government reform."""
    _state["store"] = store
    _state["command"] = ctx.invoked_subcommand


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
