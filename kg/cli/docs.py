"""``kg docs``: the ontology documentation (pyLODE HTML and a Graphviz class diagram)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import KgError, OutputError


@app.command("docs")
def docs_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write index.html and classes.svg into (created when missing).",
                                         show_default=True)] = Path("docs/ontology"),
) -> None:
    """Write the ontology documentation: index.html (pyLODE) and classes.svg (class diagram, Graphviz).

    Needs pyLODE (pip install 'kg-vn-reform[docs]') and Graphviz's dot (apt-get install graphviz).
    """
    try:
        written = _build_into(output)
    except KgError as e:
        _fail(e)
    for path in written:
        typer.echo(f"wrote {path}", err=True)


def _build_into(output: Path) -> list[Path]:
    """``build_docs`` into a temporary folder next to ``output``, then each file renamed into it.

    ``output`` (a folder) is created only once the files are built, so a failure creates nothing
    and leaves no half-written file.
    """
    from kg.docs import build_docs

    if output.exists() and not output.is_dir():
        raise OutputError(f"--output {output} is a file; kg docs writes index.html and classes.svg into a folder")
    base = next(p for p in [output, *output.absolute().parents] if p.exists())
    if not base.is_dir():
        raise OutputError(f"cannot write {output}: {base} is a file, not a folder")
    if not os.access(base, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write {output}: no permission to write in {base}")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".kg-docs-", dir=base))
    except OSError as e:
        raise OutputError(f"cannot write {output}: {e.strerror or e}") from None
    try:
        built = build_docs(tmp)
        output.mkdir(parents=True, exist_ok=True)
        written = []
        for path in built:
            os.replace(path, output / path.name)
            written.append(output / path.name)
        return written
    except OSError as e:
        raise OutputError(f"cannot write {output}: {e.strerror or e}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
