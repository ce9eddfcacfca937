"""Ontology documentation: an HTML reference made by pyLODE and a class diagram drawn by Graphviz.

``build_docs(out_dir)`` writes ``index.html`` (pyLODE's OntPub profile over ``ontology/*.ttl``,
with the class diagram linked at the top) and ``classes.svg`` (the ``kg:`` classes with their
datatype properties, ``rdfs:subClassOf`` as UML generalisation arrows, the classes of other
vocabularies they specialise, and each object property as an arrow from its ``rdfs:domain`` to
its ``rdfs:range``). Both outputs depend only on the ontology files and the tool versions.

pyLODE is an optional dependency (``pip install 'kg-vn-reform[docs]'``; 3.3.4, since 3.4.1 fails
at import) and ``dot`` comes from Graphviz (``apt-get install graphviz``); without them
``build_docs`` raises ``DocsError`` naming what is missing, before writing anything.

>>> dot = class_diagram_dot(ontology_graph())
>>> dot.startswith("digraph classes {") and '"kg:Person"' in dot
True
"""
from __future__ import annotations

import html
import logging
import re
import shutil
import subprocess
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.errors import DocsError
from kg.namespaces import KG
from kg.resources import resource_files

#: header colour of a class box by the kind it belongs to (same hues as the graph exports)
_KIND_FILL = {"Person": "#c6dbef", "Organization": "#c7e9c0", "Meeting": "#fcbba1",
              "LegalDocument": "#dadaeb", "Task": "#fdd0a2", "Figure": "#d9d9d9"}
_OTHER_FILL = "#f0f0f0"
_DIAGRAM = "classes.svg"


def ontology_graph(files: list[Path] | None = None) -> rdflib.Graph:
    """The ontology as one rdflib graph (``ontology/*.ttl`` unless ``files`` are given)."""
    g = rdflib.Graph()
    for f in files if files is not None else resource_files("ontology"):
        g.parse(f, format="turtle")
    return g


def ontology_classes(g: rdflib.Graph) -> list[str]:
    """IRIs of the ``owl:Class`` es of our namespace, sorted."""
    return sorted(str(c) for c in g.subjects(RDF.type, OWL.Class)
                  if isinstance(c, rdflib.URIRef) and str(c).startswith(KG))


def _curie(g: rdflib.Graph, iri) -> str:
    try:
        return g.namespace_manager.curie(str(iri), generate=False)
    except (ValueError, KeyError):
        return str(iri)


def _label(g: rdflib.Graph, iri) -> str | None:
    labels = sorted(g.objects(iri, RDFS.label), key=lambda l: (getattr(l, "language", None) != "en", str(l)))
    return str(labels[0]) if labels else None


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def class_diagram_dot(g: rdflib.Graph) -> str:
    """The class diagram as Graphviz DOT text (deterministic: everything is sorted)."""
    classes = [rdflib.URIRef(c) for c in ontology_classes(g)]
    ours = set(classes)

    def supers(c):
        return sorted((s for s in g.objects(c, RDFS.subClassOf) if isinstance(s, rdflib.URIRef)), key=str)

    def kind(c, seen=()):
        local = str(c)[len(KG):]
        if local in _KIND_FILL:
            return local
        for s in supers(c):
            if s in ours and s not in seen:
                k = kind(s, (*seen, c))
                if k:
                    return k
        return None

    datatype = {c: [] for c in classes}
    object_edges = []
    for p in sorted(set(g.subjects(RDF.type, OWL.DatatypeProperty)), key=str):
        for d in g.objects(p, RDFS.domain):
            if d in datatype:
                rng = sorted(_curie(g, r) for r in g.objects(p, RDFS.range))
                datatype[d].append(_curie(g, p).split(":", 1)[-1] + (f" : {', '.join(rng)}" if rng else ""))
    for p in sorted(set(g.subjects(RDF.type, OWL.ObjectProperty)), key=str):
        for d in sorted(g.objects(p, RDFS.domain), key=str):
            for r in sorted(g.objects(p, RDFS.range), key=str):
                if isinstance(d, rdflib.URIRef) and isinstance(r, rdflib.URIRef):
                    object_edges.append((d, r, _curie(g, p).split(":", 1)[-1]))
    ranges_outside = sorted({r for _, r, _ in object_edges if r not in ours}, key=str)

    title = _label(g, rdflib.URIRef(KG.rstrip("#"))) or "kg ontology"
    lines = ["digraph classes {",
             '  graph [rankdir="RL", fontname="Helvetica", nodesep="0.25", ranksep="0.9", labelloc="t", '
             f'label=<<FONT POINT-SIZE="18">{_esc(title)}</FONT><BR/><FONT POINT-SIZE="10" COLOR="#555555">'
             'hollow arrow: subclass of · blue arrow: object property, from its domain to its range · '
             '⊑ superclasses in other vocabularies</FONT>>];',
             '  node [shape="plain", fontname="Helvetica", fontsize="11"];',
             '  edge [fontname="Helvetica", fontsize="9", color="#555555"];']
    for c in classes:
        name = _curie(g, c)
        title = _label(g, c)
        fill = _KIND_FILL.get(kind(c) or "", _OTHER_FILL)
        rows = [f'<TR><TD BGCOLOR="{fill}"><B>{_esc(name)}</B></TD></TR>']
        if title and title.lower() != name.split(":")[-1].lower():
            rows[0] = f'<TR><TD BGCOLOR="{fill}"><B>{_esc(name)}</B><BR/><I>{_esc(title)}</I></TD></TR>'
        others = [_curie(g, o) for o in supers(c) if o not in ours]
        if others:
            rows.append(f'<TR><TD><FONT COLOR="#777777" POINT-SIZE="9">⊑ {_esc(", ".join(others))}</FONT></TD></TR>')
        if datatype[c]:
            body = "".join(f"{_esc(a)}<BR ALIGN=\"LEFT\"/>" for a in sorted(datatype[c]))
            rows.append(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{body}</TD></TR>')
        label = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">{"".join(rows)}</TABLE>>'
        lines.append(f"  {_q(name)} [label={label}, tooltip={_q(str(c))}];")
    for o in ranges_outside:
        lines.append(f'  {_q(_curie(g, o))} [shape="box", style="dashed,rounded", color="#999999", '
                     f'fontcolor="#666666", fontsize="10", tooltip={_q(str(o))}];')
    for c in classes:
        for s in supers(c):
            if s in ours:
                lines.append(f'  {_q(_curie(g, c))} -> {_q(_curie(g, s))} [arrowhead="onormal", color="#333333"];')
    for d, r, name in object_edges:
        lines.append(f'  {_q(_curie(g, d))} -> {_q(_curie(g, r))} [label={_q(name)}, arrowhead="vee", '
                     'color="#2b6cb0", fontcolor="#2b6cb0"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(dot_text: str) -> str:
    """Run Graphviz ``dot -Tsvg`` over DOT text; the SVG text."""
    dot = shutil.which("dot")
    if dot is None:
        raise DocsError("Graphviz 'dot' is not installed (apt-get install graphviz)")
    run = subprocess.run([dot, "-Tsvg"], input=dot_text, capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        raise DocsError(f"dot failed: {run.stderr.strip()}")
    return run.stdout


def _one_label_each(g: rdflib.Graph) -> rdflib.Graph:
    """A copy where each term keeps one rdfs:label (English first): pyLODE 3.3.4 runs several
    labels together into one title ("MeetingRéunionCuộc họp"). The others become a skos:note."""
    copy = rdflib.Graph()
    for prefix, ns in g.namespaces():
        copy.bind(prefix, ns)
    for t in g.triples((None, None, None)):
        if t[1] != RDFS.label:
            copy.add(t)
    for s in sorted(set(g.subjects(RDFS.label)), key=str):
        labels = sorted(g.objects(s, RDFS.label),
                        key=lambda l: (getattr(l, "language", None) not in ("en", None), l.language or "", str(l)))
        copy.add((s, RDFS.label, labels[0]))
        if labels[1:]:
            others = " · ".join(f"{l} ({l.language})" if l.language else str(l) for l in labels[1:])
            copy.add((s, SKOS.note, rdflib.Literal(f"Also labelled: {others}", lang="en")))
    return copy


def _import_pylode():
    """pyLODE's OntPub; its import calls logging.basicConfig(DEBUG), which is undone here."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        from pylode import OntPub
    except Exception as e:  # noqa: BLE001 (pyLODE 3.4.1 raises FileNotFoundError at import)
        raise DocsError("pyLODE is not installed or does not load (pip install 'kg-vn-reform[docs]', "
                        f"which pins pylode 3.3.4): {type(e).__name__}: {e}") from None
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return OntPub


def ontology_html(g: rdflib.Graph, diagram: str | None = _DIAGRAM) -> str:
    """pyLODE's HTML for the ontology, with a link to the class diagram when ``diagram`` is set."""
    OntPub = _import_pylode()
    copy = _one_label_each(g)
    try:
        text = OntPub(copy, sort_subjects=True).make_html()
    except Exception as e:  # noqa: BLE001 (pyLODE raises many kinds)
        raise DocsError(f"pyLODE failed: {type(e).__name__}: {e}") from None
    if diagram:
        figure = (f'<div class="section" id="diagram"><h2>Class diagram</h2><p><a href="{diagram}">'
                  f'<img src="{diagram}" alt="Class diagram of the ontology" style="max-width:100%"></a></p></div>')
        text = re.sub(r'(<div class="section" id="classes">)', lambda m: figure + "\n      " + m.group(1), text, count=1)
    return text


def build_docs(out_dir: Path | str, files: list[Path] | None = None) -> list[Path]:
    """Write ``index.html`` and ``classes.svg`` for the ontology into ``out_dir``.

    Args:
        out_dir: folder to write (created when missing).
        files: ontology Turtle files; default ``ontology/*.ttl``.

    Returns:
        The paths written.

    Raises:
        DocsError: pyLODE or Graphviz is missing or fails (nothing is written then).
    """
    g = ontology_graph(files)
    if not ontology_classes(g):
        raise DocsError("no owl:Class of the kg namespace in the ontology files")
    svg = render_svg(class_diagram_dot(g))
    page = ontology_html(g)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / "index.html", out / _DIAGRAM]
    written[0].write_text(page, encoding="utf-8")
    written[1].write_text(svg, encoding="utf-8")
    return written


__all__ = ["build_docs", "class_diagram_dot", "ontology_classes", "ontology_graph", "ontology_html",
           "render_svg"]
