"""Write the actor graph as GraphML, GEXF (dynamic, for Gephi's timeline), Cytoscape JSON,
Graphviz DOT, JSON-LD or a standalone HTML page (``kg.export.html``). Every writer is
deterministic: same store, same bytes."""
from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx

from kg.errors import ParameterError
from kg.export.graph import actor_graph, full_date
from kg.namespaces import KG, KGR, PREFIXES, PROV, RDF, SKOS

FORMATS = ("graphml", "gexf", "cytoscape", "dot", "jsonld", "html")
SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "cytoscape": ".cyjs", "dot": ".dot", "jsonld": ".jsonld",
            "html": ".html"}

#: relation -> (predicate, True when the edge source is the RDF subject)
EDGE_PREDICATES = {
    "chaired": (KG + "chair", False),
    "attended": (KG + "participant", False),
    "assigned": (KG + "assigner", False),
    "assigned_to": (KG + "assignee", True),
    "issued": (KG + "issuer", False),
    "signed": (KG + "signer", False),
    "decided_at": (KG + "decidedAt", True),
    "decided_by": (KG + "decidedBy", True),
    "cites": (KG + "cites", True),
    "reported": (KG + "reportedBy", False),
}
_NODE_LITERALS = {"date": KG + "date", "deadline": KG + "deadline", "description": KG + "description",
                  "topic": KG + "topic", "identifier": KG + "identifier"}


def _clean(value):
    """GraphML/GEXF-safe attribute value: lists and sets become '; '-joined strings."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(sorted(str(v) for v in value))
    return value


def _plain_copy(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with None attributes dropped and lists joined, nodes and edges sorted."""
    H = nx.MultiDiGraph()
    H.graph.update({k: _clean(v) for k, v in G.graph.items() if v is not None})
    for n in sorted(G.nodes):
        H.add_node(n, **{k: _clean(v) for k, v in sorted(G.nodes[n].items()) if v is not None})
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        H.add_edge(u, v, key=k, **{a: _clean(b) for a, b in sorted(d.items()) if b is not None})
    return H


# ------------------------------------------------------------------------------ GraphML

def write_graphml(G: nx.MultiDiGraph, output: Path) -> None:
    """GraphML with unique edge ids (e0, e1, ...); the relation is the ``relation`` attribute."""
    H = _plain_copy(G)
    U = nx.MultiDiGraph()
    U.graph.update(H.graph)
    U.add_nodes_from(H.nodes(data=True))
    for i, (u, v, d) in enumerate(H.edges(data=True)):
        U.add_edge(u, v, key=f"e{i}", **d)
    nx.write_graphml(U, str(output), encoding="utf-8", prettyprint=True)


# ------------------------------------------------------------------------------ GEXF

def timeline_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy for GEXF: node ``start`` = its ``date`` (meeting, document, figure; a task's is
    the date of the meeting that decided it, as in the GraphML), edge ``start`` = latest start
    of its ends, graph mode dynamic."""
    H = _plain_copy(G)
    H.graph["mode"] = "dynamic"
    start: dict[str, str] = {}
    for n, d in H.nodes(data=True):
        if d.get("kind") in ("Meeting", "LegalDocument", "Figure", "Task") and full_date(d.get("date")):
            start[n] = full_date(d["date"])
    # a task without a date of its own starts with the meeting or document that decided it
    for u, v, k, d in H.edges(keys=True, data=True):
        if d.get("relation") in ("decided_at", "decided_by") and v in start and not full_date(H.nodes[u].get("date")):
            start[u] = min(start.get(u, start[v]), start[v])
    for n, s in start.items():
        H.nodes[n]["start"] = s
    for i, (u, v, k, d) in enumerate(H.edges(keys=True, data=True)):
        d["id"] = f"e{i}"
        d["label"] = d.get("relation", str(k))
        ends = [start[x] for x in (u, v) if x in start]
        if ends:
            d["start"] = max(ends)
    return H


def write_gexf(G: nx.MultiDiGraph, output: Path) -> None:
    text = "\n".join(nx.generate_gexf(timeline_graph(G), prettyprint=True))
    # the writer stamps today's date; drop it so the file only depends on the data
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)
    Path(output).write_text('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------ Cytoscape

def cytoscape_json(G: nx.MultiDiGraph) -> dict:
    """Cytoscape JSON (``.cyjs``): a node's ``data.id`` and ``data.iri`` are its IRI, its
    ``data.name`` (Cytoscape's label column) its label; an edge's ``data.interaction`` is its
    relation; the graph's ``data`` is an object. ``nx.cytoscape_graph`` reads it back."""
    H = _plain_copy(G)
    for n, d in H.nodes(data=True):
        d["iri"] = n
        d["name"] = d.get("label") or n
    data = nx.cytoscape_data(H)
    data["data"] = dict(H.graph)
    for e in data["elements"]["edges"]:
        e["data"]["interaction"] = e["data"].get("relation", e["data"]["key"])
    return data


def write_cytoscape(G: nx.MultiDiGraph, output: Path) -> None:
    data = cytoscape_json(G)
    Path(output).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ------------------------------------------------------------------------------ DOT

_SHAPES = {"Person": "ellipse", "Organization": "box", "Meeting": "diamond",
           "LegalDocument": "note", "Task": "component", "Figure": "plaintext"}
_COLORS = {"Person": "#1f77b4", "Organization": "#2ca02c", "Meeting": "#d62728",
           "LegalDocument": "#9467bd", "Task": "#ff7f0e", "Figure": "#7f7f7f"}


def dot_quote(value) -> str:
    """A DOT double-quoted string: backslashes, quotes and line breaks escaped.

    >>> dot_quote('say "hi"\\\\n')
    '"say \\\\"hi\\\\"\\\\\\\\n"'
    """
    s = str(value).replace("\\", "\\\\").replace('"', '\\"')
    s = s.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return f'"{s}"'


def _dot_attrs(d: dict) -> str:
    return ", ".join(f"{k}={dot_quote(v)}" for k, v in d.items())


def generate_dot(G: nx.MultiDiGraph) -> str:
    H = _plain_copy(G)
    lines = ["digraph kg {", '  graph [rankdir="LR", overlap="false", fontname="Helvetica"];',
             '  node [fontname="Helvetica", style="filled", fillcolor="white"];',
             '  edge [fontname="Helvetica", fontsize="9"];']
    for n, d in H.nodes(data=True):
        kind = d.get("kind", "")
        attrs = {"label": d.get("label", n), "shape": _SHAPES.get(kind, "ellipse"),
                 "color": _COLORS.get(kind, "black"), "tooltip": d.get("quote", n), "URL": n}
        attrs.update({f"kg_{k}": v for k, v in d.items() if k not in ("label", "quote")})
        lines.append(f"  {dot_quote(n)} [{_dot_attrs(attrs)}];")
    for u, v, k, d in H.edges(keys=True, data=True):
        attrs = {"label": d.get("relation", k), "key": k}
        attrs.update({f"kg_{a}": b for a, b in d.items() if a not in ("relation", "quote")})
        if "quote" in d:
            attrs["tooltip"] = d["quote"]
        lines.append(f"  {dot_quote(u)} -> {dot_quote(v)} [{_dot_attrs(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(G: nx.MultiDiGraph, output: Path) -> None:
    Path(output).write_text(generate_dot(G), encoding="utf-8")


# ------------------------------------------------------------------------------ JSON-LD

def _sorted_json(value):
    if isinstance(value, dict):
        return {k: _sorted_json(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sorted_json(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def rdf_graph(store, G: nx.MultiDiGraph, graph: str | None = None):
    """The graph's facts as an rdflib Graph: a CONSTRUCT of each node's class, labels, dates,
    descriptions and sources, plus the statements behind each edge."""
    import rdflib

    from kg.export.graph import _graph_clause, _values
    from kg.query import run_sparql

    out = rdflib.Graph()
    for prefix, ns in sorted(PREFIXES.items()):
        out.bind(prefix, ns)
    out.bind("prov", PROV)
    nodes = sorted(G.nodes)
    if not nodes:
        return out

    def term(t):
        if t.__class__.__name__ == "NamedNode":
            return rdflib.URIRef(t.value)
        if t.__class__.__name__ == "BlankNode":
            return rdflib.BNode(t.value)
        dt = t.datatype.value if t.datatype else None
        if t.language:
            return rdflib.Literal(t.value, lang=t.language)
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            dt = None
        return rdflib.Literal(t.value, datatype=rdflib.URIRef(dt) if dt else None)

    props = [RDF + "type", SKOS + "prefLabel", *_NODE_LITERALS.values(), KG + "asOf", KG + "value"]
    sparql = f"""PREFIX kg: <{KG}> PREFIX prov: <{PROV}>
CONSTRUCT {{ ?x ?p ?v . ?x ?src ?a }} WHERE {{
  {_values('x', nodes)}
  {{ {_values('p', props)} ?x ?p ?v FILTER(?p != <{RDF}type> || STRSTARTS(STR(?v), STR(kg:))) }}
  UNION
  {{ GRAPH ?g {{ ?x ?src ?a }} VALUES ?src {{ kg:mentionedIn prov:wasDerivedFrom }} {_graph_clause(graph)} }}
}}"""
    for s, p, o in run_sparql(store, sparql).rows:
        out.add((term(s), term(p), term(o)))
    U = rdflib.URIRef
    holdings = set()
    for u, v, k, d in G.edges(keys=True, data=True):
        rel = d.get("relation", k)
        if rel == "holds_post_in":
            holdings.update(h for h in (d.get("holding") or "").split("; ") if h)
            continue
        pred, forward = EDGE_PREDICATES[rel]
        out.add((U(u), U(pred), U(v)) if forward else (U(v), U(pred), U(u)))
    if holdings:
        # the holdings as stated by the sources, with the organisation of each post
        sparql = f"""PREFIX kg: <{KG}>
CONSTRUCT {{ ?h a kg:PostHolding ; kg:holder ?person ; kg:post ?post ; kg:statedOn ?on . ?post kg:postIn ?org }}
WHERE {{
  {_values('h', holdings)} {_values('person', G.nodes)}
  GRAPH ?g {{ ?h kg:holder ?person ; kg:post ?post . OPTIONAL {{ ?h kg:statedOn ?on }} }}
  {_graph_clause(graph)}
  ?post kg:postIn ?org . {_values('org', G.nodes)}
}}"""
        for s, p, o in run_sparql(store, sparql).rows:
            out.add((term(s), term(p), term(o)))
    return out


def edges_from_rdf(g) -> set[tuple[str, str, str]]:
    """(source, target, relation) read back from an exported RDF graph (inverse of ``rdf_graph``)."""
    import rdflib

    found = set()
    for rel, (pred, forward) in EDGE_PREDICATES.items():
        for s, o in g.subject_objects(rdflib.URIRef(pred)):
            found.add((str(s), str(o), rel) if forward else (str(o), str(s), rel))
    for h, person in g.subject_objects(rdflib.URIRef(KG + "holder")):
        for post in g.objects(h, rdflib.URIRef(KG + "post")):
            for org in g.objects(post, rdflib.URIRef(KG + "postIn")):
                found.add((str(person), str(org), "holds_post_in"))
    return found


def write_jsonld(store, G: nx.MultiDiGraph, output: Path, graph: str | None = None) -> None:
    g = rdf_graph(store, G, graph)
    context = {p: ns for p, ns in sorted({**PREFIXES, "prov": PROV, "kgr": KGR}.items())}
    data = json.loads(g.serialize(format="json-ld", context=context, auto_compact=True))
    Path(output).write_text(json.dumps(_sorted_json(data), ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")


# ------------------------------------------------------------------------------ entry point

def write_export(store, fmt: str, output: Path | str, **filters) -> int:
    """Build the actor graph (``filters``: graph, types, since, until — see ``actor_graph``)
    and write it to ``output`` in ``fmt``; returns the number of nodes written."""
    fmt = fmt.lower().replace("-", "")
    fmt = {"json-ld": "jsonld", "cyjs": "cytoscape", "gv": "dot", "htm": "html"}.get(fmt, fmt)
    if fmt not in FORMATS:
        raise ParameterError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    G = actor_graph(store, **filters)
    if fmt == "graphml":
        write_graphml(G, output)
    elif fmt == "gexf":
        write_gexf(G, output)
    elif fmt == "cytoscape":
        write_cytoscape(G, output)
    elif fmt == "dot":
        write_dot(G, output)
    elif fmt == "html":
        from kg.export.html import write_html

        write_html(store, G, output, filters)
    else:
        write_jsonld(store, G, output, filters.get("graph"))
    return G.number_of_nodes()


__all__ = ["EDGE_PREDICATES", "FORMATS", "SUFFIXES", "cytoscape_json", "dot_quote", "edges_from_rdf", "generate_dot",
           "rdf_graph", "timeline_graph", "write_cytoscape", "write_dot", "write_export", "write_gexf",
           "write_graphml", "write_jsonld"]
