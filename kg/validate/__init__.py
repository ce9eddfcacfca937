"""SHACL validation: ``validate()`` returns conforms, a report graph and a text at once.

An article's graph is validated together with the ontology's class hierarchy and only the
``rdf:type`` and label of the nodes it points to, so the cost depends on the article, not on the
store's size. The shapes run compiled (:mod:`kg.validate.engine`); pySHACL is the reference.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from kg import resources
from kg.namespaces import KG
from kg.validate.engine import compile_shapes
from kg.validate.terms import ox_to_rdflib

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
    for r in report_graph.objects(None, SH.result):  # top level; nested shapes put theirs in sh:detail
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


def validate(data, *, shacl: Graph | None = None, ontology: Graph | None = None,
             context: list[tuple] = (), engine: str = "fast", triples: list | None = None) -> Report:
    """Validate a data graph (an rdflib Graph or a list of triples) against the shapes.

    ``context`` holds extra triples (the types of referenced nodes) that are read, not reported on.
    ``engine="fast"`` runs the compiled shapes of :mod:`kg.validate.engine` (milliseconds an
    article); ``engine="pyshacl"`` runs pySHACL, the reference the fast engine is tested against.

    Returns:
        Report: conforms, the SHACL report graph, a human text, and the results as dicts.
    """
    if not isinstance(data, Graph):
        triples = list(data) if triples is None else triples
        data = _LazyGraph(triples)
    if engine == "pyshacl":
        from pyshacl import validate as shacl_validate

        merged = data.graph if isinstance(data, _LazyGraph) else data
        if context:
            merged = Graph()
            for t in [*data, *context]:
                merged.add(t)
        conforms, report_graph, _ = shacl_validate(
            merged, shacl_graph=shacl if shacl is not None else shapes_graph(),
            ont_graph=ontology if ontology is not None else ontology_graph(),
            inference="none", abort_on_first=False, allow_warnings=True, advanced=True)
        results = _results(report_graph, data)
    elif engine == "fast":
        compiled = compiled_shapes() if shacl is None else compile_shapes(shacl)
        onto = ontology_hierarchy() if ontology is None else list(ontology.triples((None, RDFS.subClassOf, None)))
        found = compiled.validate([*(triples if triples is not None else data), *context, *onto])
        report_graph = _report_graph(found)
        results = _results(report_graph, data)
    else:
        raise ValueError(f"engine must be 'fast' or 'pyshacl', not {engine!r}")
    conforms = not any(r["severity"] == "Violation" for r in results)  # warnings do not reject
    return Report(conforms, report_graph, _text(conforms, results), results)


class _LazyGraph:
    """Triples that become an rdflib Graph only if a result needs its source and quote."""

    def __init__(self, triples: list):
        self.triples = triples
        self._graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = Graph()
            for t in self.triples:
                self._graph.add(t)
        return self._graph

    def __iter__(self):
        return iter(self.triples)

    def value(self, s, p):
        return self.graph.value(s, p)


@lru_cache(maxsize=1)
def compiled_shapes():
    return compile_shapes(shapes_graph())


@lru_cache(maxsize=1)
def ontology_hierarchy() -> tuple:
    return tuple(ontology_graph().triples((None, RDFS.subClassOf, None)))


def _report_graph(found) -> Graph:
    """A standard sh:ValidationReport for the fast engine's results."""
    g = Graph(bind_namespaces="none")   # rdflib's thirty default prefixes cost more than a report
    g.bind("sh", SH)
    rep = BNode()
    g.add((rep, RDF.type, SH.ValidationReport))
    g.add((rep, SH.conforms, Literal(not any(r.severity == "Violation" for r in found))))
    for r in found:
        n = BNode()
        g.add((rep, SH.result, n))
        g.add((n, RDF.type, SH.ValidationResult))
        g.add((n, SH.focusNode, r.focus))
        if r.path is not None:
            g.add((n, SH.resultPath, r.path))
        if r.value is not None:
            g.add((n, SH.value, r.value))
        g.add((n, SH.resultSeverity, SH[r.severity]))
        g.add((n, SH.sourceConstraintComponent, SH[r.component]))
        if r.shape is not None:
            g.add((n, SH.sourceShape, r.shape))
        g.add((n, SH.resultMessage, Literal(r.message)))
    return g


_FACT_CLASSES = {KG + c for c in ("Task", "Figure", "PostHolding", "Evidence", "Article", "Decree", "Decision",
                                   "Conclusion", "Resolution", "Plan", "OfficialDispatch", "OtherDocument")}


def neighbours(graph, store) -> list[tuple]:
    """The rdf:type and skos:prefLabel in the store of the IRIs an article's graph mentions.

    Index lookups for the nodes the article points to: the cost depends on the article, not on
    the store's size (a SPARQL ``VALUES`` query took 8 ms an article where this takes 0.3 ms).
    """
    if store is None:
        return []
    rdf_type = RDF.type
    typed = {t[0] for t in graph if t[1] == rdf_type}
    # the article's own nodes carry their types; what it points to is looked up
    nodes = {t[2] for t in graph if isinstance(t[2], URIRef)} - typed
    if not nodes:
        return []
    # a frozen store (the static graphs a worker validates against) gives the same answer for a
    # node every time: its answers are kept, the ministries and people most articles name looked up once
    memo = getattr(store, "memo", None)
    if memo is not None and len(memo) > 100_000:
        memo.clear()
    ordered = sorted(nodes)
    found: dict = {} if memo is None else memo
    todo = [n for n in ordered if n not in found]
    for n in todo:
        found[n] = []
    for q in store.values_of(todo, (RDF.type, SKOS.prefLabel)):
        node, pred, obj = URIRef(q.subject.value), URIRef(q.predicate.value), ox_to_rdflib(q.object)
        # a fact of another source (a task it links to) is validated in its own graph
        if pred == RDF.type and str(obj) in _FACT_CLASSES:
            continue
        found[node].append((node, pred, obj))
    # a node typed in several graphs counts once
    return list(dict.fromkeys(t for n in ordered for t in found[n]))


def validate_article_graph(graph, store=None, *, engine: str = "fast") -> Report:
    """Validate one article's graph (a Graph or its triples) with the types and labels of the nodes it references."""
    triples = list(graph)
    return validate(graph, context=neighbours(triples, store), engine=engine, triples=triples)


def validate_store(store, graph_iri: str | None = None, progress=None, *, quarantine: bool = False,
                   engine: str = "fast") -> Report:
    """Validate each source graph (or one) of the store; results are merged into one report.

    ``quarantine=True`` validates the quarantine graphs instead (what ``kg validate`` lists apart).
    """
    if graph_iri:
        graphs = [graph_iri]
    else:
        graphs = store.quarantine_graphs() if quarantine else store.source_graphs()
    all_results: list[dict] = []
    report_graph = Graph()
    iterator = progress(graphs) if progress else graphs
    for g in iterator:
        data = Graph()
        for q in store.quads(g):
            data.add((ox_to_rdflib(q.subject), ox_to_rdflib(q.predicate), ox_to_rdflib(q.object)))
        rep = validate_article_graph(data, store, engine=engine)
        all_results.extend(rep.results)
        report_graph += rep.graph
    conforms = not any(r["severity"] == "Violation" for r in all_results)
    return Report(conforms, report_graph, _text(conforms, all_results), all_results)
