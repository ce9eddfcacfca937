"""SHACL validation (pySHACL): ``validate()`` returns conforms, a report graph and a text at once.

An article's graph is validated together with the ontology and only the ``rdf:type`` of the
nodes it points to, so the cost depends on the article, not on the store's size.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH, SKOS

from kg import resources
from kg.namespaces import GRAPH_ONTOLOGY, GRAPH_QUARANTINE_PREFIX, KG, SOURCE_GRAPH_PREFIX

KGNS = Namespace(KG)


@dataclass
class Report:
    conforms: bool
    graph: Graph
    text: str
    results: list[dict]


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    for f in resources.resource_files("shapes", "*.ttl"):
        g.parse(f, format="turtle")
    return g


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    g = Graph()
    for f in resources.resource_files("ontology", "*.ttl"):
        g.parse(f, format="turtle")
    return g


def _results(report_graph: Graph, data: Graph) -> list[dict]:
    out = []
    for r in report_graph.subjects(RDF.type, SH.ValidationResult):
        focus = report_graph.value(r, SH.focusNode)
        path = report_graph.value(r, SH.resultPath)
        msg = report_graph.value(r, SH.resultMessage)
        sev = report_graph.value(r, SH.resultSeverity)
        source = None
        quote = None
        if focus is not None:
            art = data.value(focus, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
            source = str(data.value(art, URIRef("http://purl.org/dc/terms/identifier")) or art or "") or None
            ev = data.value(focus, KGNS.evidence)
            if ev is not None:
                quote = str(data.value(ev, KGNS.quote) or "") or None
        out.append({"focus": str(focus) if focus is not None else None,
                    "path": str(path) if path is not None else None,
                    "message": str(msg) if msg is not None else "",
                    "severity": str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation",
                    "source": source, "quote": quote})
    out.sort(key=lambda d: (d["source"] or "", d["focus"] or "", d["path"] or ""))
    return out


def _text(conforms: bool, results: list[dict]) -> str:
    if conforms and not results:
        return "Conforms: the graph satisfies every shape."
    lines = [f"Conforms, with {len(results)} warning(s)." if conforms else f"Does not conform: {len(results)} result(s)."]
    for r in results:
        lines.append(f"- {r['severity']}: {r['message']}")
        lines.append(f"    focus node: {r['focus']}")
        if r["path"]:
            lines.append(f"    property:   {r['path']}")
        if r["source"]:
            lines.append(f"    source:     {r['source']}")
        if r["quote"]:
            q = r["quote"]
            lines.append(f"    evidence:   \"{q[:200]}{'…' if len(q) > 200 else ''}\"")
    return "\n".join(lines)


def validate(data: Graph, *, shacl: Graph | None = None, ontology: Graph | None = None) -> Report:
    """Validate a data graph against the shapes (with the ontology for class reasoning).

    Returns:
        Report: conforms, the SHACL report graph, a human text, and the results as dicts.
    """
    from pyshacl import validate as shacl_validate

    conforms, report_graph, _ = shacl_validate(
        data, shacl_graph=shacl if shacl is not None else shapes_graph(),
        ont_graph=ontology if ontology is not None else ontology_graph(),
        inference="none", abort_on_first=False, allow_warnings=True, advanced=True)
    results = _results(report_graph, data)
    conforms = not any(r["severity"] == "Violation" for r in results)  # warnings do not reject
    return Report(conforms, report_graph, _text(conforms, results), results)


def _ox_to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    from rdflib import BNode
    return BNode(term.value)


_FACT_CLASSES = {KG + c for c in ("Task", "Figure", "PostHolding", "Evidence", "Article", "Decree", "Decision",
                                   "Conclusion", "Resolution", "Plan", "OfficialDispatch", "OtherDocument")}


def _with_neighbours(graph: Graph, store) -> Graph:
    """The article graph plus the rdf:type (and subclass axioms) of the nodes it points to."""
    data = Graph()
    for t in graph:
        data.add(t)
    objects = {o for o in graph.objects() if isinstance(o, URIRef)} | {s for s in graph.subjects() if isinstance(s, URIRef)}
    if store is not None:
        own = set(graph.subjects())
        for node in objects:
            for pred in (RDF.type, SKOS.prefLabel):
                for q in store.quads_for(node, pred):
                    obj = _ox_to_rdflib(q.object)
                    # a fact of another source (a task it links to) is validated in its own graph
                    if pred == RDF.type and node not in own and str(obj) in _FACT_CLASSES:
                        continue
                    data.add((node, pred, obj))
    return data


def validate_article_graph(graph: Graph, store=None) -> Report:
    """Validate one article's graph with the reference types it references."""
    return validate(_with_neighbours(graph, store))


def validate_store(store, graph_iri: str | None = None, progress=None) -> Report:
    """Validate each source graph (or one) of the store; results are merged into one report."""
    graphs = [graph_iri] if graph_iri else store.source_graphs() + store.quarantine_graphs()
    all_results: list[dict] = []
    report_graph = Graph()
    iterator = progress(graphs) if progress else graphs
    for g in iterator:
        data = Graph()
        for q in store.quads(g):
            data.add((_ox_to_rdflib(q.subject), _ox_to_rdflib(q.predicate), _ox_to_rdflib(q.object)))
        rep = validate_article_graph(data, store)
        all_results.extend(rep.results)
        report_graph += rep.graph
    conforms = not any(r["severity"] == "Violation" for r in all_results)
    return Report(conforms, report_graph, _text(conforms, all_results), all_results)
