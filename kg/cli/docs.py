"""``kg docs``: the ontology documentation (pyLODE HTML and a Graphviz class diagram)."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli import _fail, app
from kg.errors import KgError


@app.command("docs")
def docs_cli(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write index.html and classes.svg into.",
                                         show_default=True)] = Path("docs/ontology"),
) -> None:
    """Write the ontology documentation: index.html (pyLODE) and classes.svg (class diagram, Graphviz).

    Needs pyLODE (pip install 'kg-vn-reform[docs]') and Graphviz's dot (apt-get install graphviz).
    """
    from kg.docs import build_docs

    try:
        written = build_docs(output)
    except KgError as e:
        _fail(e)
    for path in written:
        typer.echo(f"wrote {path}", err=True)
