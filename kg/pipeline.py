"""Ingest: files -> articles -> NLP -> extraction -> RDF -> validation -> store, one article at a time.

Each article is one transaction: its graph is built and validated first, then swapped into the
store in a single update. An article that fails validation is rejected (or quarantined) and the
store is left as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from kg.errors import InputError, KgError
from kg.extract import extract
from kg.model import Article, Extraction
from kg.namespaces import GRAPH_QUARANTINE_PREFIX
from kg.rdf.mapping import slug_id, source_graph, to_graph, to_ntriples
from kg.sources import iter_paths, read_article
from kg.store import Store
from kg.validate import validate_article_graph


@dataclass
class IngestReport:
    """What an ingest did: articles stored, quarantined, rejected, and why."""

    ingested: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    triples: int = 0
    facts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def build_article(article: Article) -> tuple[Extraction, "object"]:
    """Extraction and its rdflib graph for one article (no store involved)."""
    ex = extract(article)
    return ex, to_graph(ex)


def ingest_article(store: Store, article: Article, *, quarantine: bool = False, validate: bool = True) -> tuple[str, Extraction, int]:
    """Extract, validate and store one article; returns (status, extraction, triples)."""
    ex, graph = build_article(article)
    status = "ingested"
    if validate:
        report = validate_article_graph(graph, store)
        if not report.conforms:
            if not quarantine:
                raise ArticleRejected(article.id, report.text)
            status = "quarantined"
    if status == "ingested":
        _link_tasks(store, article, graph)
    nt = to_ntriples(graph)
    target = source_graph(article.id)
    q = GRAPH_QUARANTINE_PREFIX + slug_id(article.id)
    if status == "quarantined":
        store.replace_graphs({target: "", q: nt})
    else:
        store.replace_graphs({q: "", target: nt})
    return status, ex, len(graph)


_TASKS = """PREFIX kg: <https://w3id.org/vnkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?task ?meeting ?assignee ?desc WHERE {
  GRAPH ?g { ?task a kg:Task ; kg:decidedAt ?meeting ; kg:assignee ?assignee ; kg:description ?desc }
  FILTER(STRSTARTS(STR(?g), "%s") && ?g != <%s>)
  VALUES ?meeting { %s }
}"""


def _link_tasks(store: Store, article: Article, graph) -> None:
    """Add kg:sameTaskAs links to tasks of the same meeting reported by other sources."""
    from rdflib import URIRef
    from rdflib.namespace import RDF

    from kg.namespaces import KG, SOURCE_GRAPH_PREFIX
    from kg.resolve import link_same_tasks

    kg = lambda n: URIRef(KG + n)  # noqa: E731
    mine = [(str(t), str(graph.value(t, kg("decidedAt"))), str(graph.value(t, kg("assignee"))),
             str(graph.value(t, kg("description"))))
            for t in graph.subjects(RDF.type, kg("Task")) if graph.value(t, kg("decidedAt")) is not None]
    meetings = sorted({m for _, m, _, _ in mine})
    if not meetings:
        return
    q = _TASKS % (SOURCE_GRAPH_PREFIX, source_graph(article.id), " ".join(f"<{m}>" for m in meetings))
    theirs = [(r["task"].value, r["meeting"].value, r["assignee"].value, r["desc"].value) for r in store.query(q)]
    for t1, t2 in link_same_tasks(mine, theirs):
        graph.add((URIRef(t1), kg("sameTaskAs"), URIRef(t2)))


class ArticleRejected(KgError):
    code = "KG-E031"
    exit_code = 1

    def __init__(self, article_id: str, report: str):
        first = next((ln.strip() for ln in report.splitlines() if "Message:" in ln), report.strip().splitlines()[0] if report.strip() else "")
        super().__init__(f"{article_id}: rejected, its graph does not conform to the shapes ({first}); "
                         "use --quarantine to keep it aside, kg validate to read the report")
        self.report = report


def ingest(store: Store, paths: Iterable[str | Path], *, quarantine: bool = False,
           progress: Callable[[Iterable], Iterable] | None = None, lang: str | None = None) -> IngestReport:
    """Ingest files and folders; bad files are listed in the report, good ones still go in."""
    store.ensure_static()
    report = IngestReport()
    files = list(iter_paths(list(paths)))
    if not files:
        raise InputError("no files to ingest: " + ", ".join(map(str, paths)))
    iterator = progress(files) if progress else files
    for path in iterator:
        try:
            article = read_article(path, lang=lang)
            status, ex, n = ingest_article(store, article, quarantine=quarantine)
        except KgError as e:
            report.failed.append((str(path), e.message))
            continue
        report.triples += n
        (report.ingested if status == "ingested" else report.quarantined).append(article.id)
        for name in ("holdings", "meetings", "documents", "tasks", "figures"):
            report.facts[name] = report.facts.get(name, 0) + len(getattr(ex, name))
        report.facts["entities"] = report.facts.get("entities", 0) + len(ex.entities)
    store.flush()
    return report
