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
from kg.namespaces import GRAPH_QUARANTINE_PREFIX, KG, RDF_type
from kg.rdf.mapping import slug_id, source_graph, to_graph, to_ntriples, to_triples
from kg.sources import iter_paths, read_article
from kg.store import Store, static_copy
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


@dataclass
class Prepared:
    """An article built and validated, ready to be written: plain data, so it crosses processes."""

    article_id: str
    ntriples: str
    triples: int
    counts: dict[str, int]
    conforms: bool
    report: str
    tasks: list[tuple[str, str, str, str, str]]   # (task, meeting, assignee, description, language) for sameTaskAs


def prepare_article(article: Article, context, *, validate: bool = True) -> Prepared:
    """Extract, build and validate one article; ``context`` is the store the shapes read types from.

    Nothing is written. An article graph references only its own nodes and reference (static)
    nodes, so a store holding just the static graphs gives the same validation as the full store:
    that is what lets ``--jobs`` workers validate without the store.
    """
    ex = extract(article)
    triples = to_triples(ex)
    conforms, text = True, ""
    if validate:
        report = validate_article_graph(triples, context)
        conforms, text = report.conforms, report.text
    counts = {name: len(getattr(ex, name)) for name in ("holdings", "meetings", "documents", "tasks", "figures")}
    counts["entities"] = len(ex.entities)
    return Prepared(article.id, to_ntriples(triples), len(triples), counts, conforms, text, _tasks(triples))


def commit_article(store: Store, prep: Prepared, *, quarantine: bool = False) -> tuple[str, int]:
    """Write a prepared article in one transaction; returns ("ingested" or "quarantined", triples).

    A non-conforming article raises ArticleRejected (nothing written) unless ``quarantine``.
    """
    if not prep.conforms and not quarantine:
        raise ArticleRejected(prep.article_id, prep.report)
    target = source_graph(prep.article_id)
    q = GRAPH_QUARANTINE_PREFIX + slug_id(prep.article_id)
    if not prep.conforms:
        store.replace_graphs({target: "", q: prep.ntriples})
        return "quarantined", prep.triples
    links = _same_tasks(store, prep)
    nt = prep.ntriples + "".join(f"<{a}> <{KG}sameTaskAs> <{b}> .\n" for a, b in links)
    store.replace_graphs({q: "", target: nt})
    return "ingested", prep.triples + len(links)


def ingest_article(store: Store, article: Article, *, quarantine: bool = False, validate: bool = True) -> str:
    """Extract, validate and store one article; returns "ingested" or "quarantined"."""
    return commit_article(store, prepare_article(article, store, validate=validate), quarantine=quarantine)[0]


_TASKS = """PREFIX kg: <https://w3id.org/vnkg/ontology#>
SELECT ?task ?meeting ?assignee ?desc (LANG(?desc) AS ?lang) WHERE {
  VALUES ?meeting { %s }
  GRAPH ?g { ?task kg:decidedAt ?meeting ; a kg:Task ; kg:assignee ?assignee ; kg:description ?desc }
  FILTER(STRSTARTS(STR(?g), "%s") && ?g != <%s>)
}"""
# (VALUES first and the meeting first in the pattern: the engine starts from this article's meetings
# rather than from every task of the store)


def _tasks(triples) -> list[tuple[str, str, str, str]]:
    values: dict = {}
    langs: dict = {}
    tasks = set()
    for s, p, o in triples:
        values.setdefault((str(s), str(p)), str(o))
        if str(p) == KG + "description":
            langs[str(s)] = getattr(o, "language", None) or ""
        if str(p) == RDF_type and str(o) == KG + "Task":
            tasks.add(str(s))
    return sorted((t, values[(t, KG + "decidedAt")], str(values.get((t, KG + "assignee"))),
                   str(values.get((t, KG + "description"))), langs.get(t, ""))
                  for t in tasks if (t, KG + "decidedAt") in values)


def _same_tasks(store: Store, prep: Prepared) -> list[tuple[str, str]]:
    """kg:sameTaskAs pairs between this article's tasks and those other sources report of the same meeting."""
    from kg.namespaces import SOURCE_GRAPH_PREFIX
    from kg.resolve import link_same_tasks

    meetings = sorted({t[1] for t in prep.tasks})
    if not meetings:
        return []
    q = _TASKS % (" ".join(f"<{m}>" for m in meetings), SOURCE_GRAPH_PREFIX, source_graph(prep.article_id))
    theirs = [(r["task"].value, r["meeting"].value, r["assignee"].value, r["desc"].value,
               r["lang"].value if r["lang"] is not None else "") for r in store.query(q)]
    links = link_same_tasks(prep.tasks, theirs)
    if not links:
        return []
    # a link another source's graph already states is not stated again: otherwise re-ingesting the
    # sources adds the other direction to the earlier one and the store grows (kg:sameTaskAs is symmetric)
    pairs = " ".join(f"(<{a}> <{b}>)" for a, b in links)
    stated = {(r["a"].value, r["b"].value) for r in store.query(_STATED % (pairs, source_graph(prep.article_id)))}
    return sorted((a, b) for a, b in links if (a, b) not in stated and (b, a) not in stated)


_STATED = """PREFIX kg: <https://w3id.org/vnkg/ontology#>
SELECT ?a ?b WHERE { VALUES (?a ?b) { %s } GRAPH ?g { ?a kg:sameTaskAs|^kg:sameTaskAs ?b } FILTER(?g != <%s>) }"""


class ArticleRejected(KgError):
    code = "KG-E031"
    exit_code = 1

    def __init__(self, article_id: str, report: str):
        first = next((ln.strip() for ln in report.splitlines() if "Message:" in ln), report.strip().splitlines()[0] if report.strip() else "")
        super().__init__(f"{article_id}: rejected, its graph does not conform to the shapes ({first}); "
                         "use --quarantine to keep it aside, kg validate to read the report")
        self.report = report


def ingest(store: Store, paths: Iterable[str | Path], *, quarantine: bool = False,
           progress: Callable[[Iterable], Iterable] | None = None, lang: str | None = None,
           jobs: int = 1) -> IngestReport:
    """Ingest files and folders; bad files are listed in the report, good ones still go in.

    With ``jobs > 1``, that many worker processes read, extract and validate articles while this
    process writes them one transaction at a time, in the order of the files: the store ends up
    the same as with one job.
    """
    store.ensure_static()
    report = IngestReport()
    files = list(iter_paths(list(paths)))
    if not files:
        raise InputError("no files to ingest: " + ", ".join(map(str, paths)))
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    jobs = min(jobs, len(files))
    if jobs > 1:
        results = _prepared_in_workers(files, lang, jobs)
    else:
        context = static_copy(store)   # what validation reads, in memory: the same for 1 job as for N
        results = (_prepare_path(p, lang, context) for p in files)
    iterator = progress(files) if progress else files
    for path, (prep, error) in zip(iterator, results):
        if error is not None:
            report.failed.append((str(path), error))
            continue
        try:
            status, n = commit_article(store, prep, quarantine=quarantine)
        except KgError as e:
            report.failed.append((str(path), e.message))
            continue
        report.triples += n
        (report.ingested if status == "ingested" else report.quarantined).append(prep.article_id)
        if (len(report.ingested) + len(report.quarantined)) % _FLUSH_EVERY == 0:
            store.flush()
        for name, n in prep.counts.items():
            report.facts[name] = report.facts.get(name, 0) + n
    store.flush()
    return report


# Written articles are flushed from RocksDB's memory tables to disk this often: left to grow for a
# whole ingest, they made each write slower and the process larger (3,000 articles in one ingest:
# 17 articles/s and 895 MB, against 24 articles/s and 464 MB for 1,000).
_FLUSH_EVERY = 200


def _prepare_path(path: Path, lang: str | None, context) -> tuple[Prepared | None, str | None]:
    """(prepared article, None) or (None, the one-line reason it cannot be read)."""
    try:
        return prepare_article(read_article(path, lang=lang), context), None
    except KgError as e:
        return None, e.message


_worker_context: dict = {}


def _worker_init() -> None:
    # each worker validates against its own in-memory copy of the static graphs (see prepare_article)
    store = Store()
    store.ensure_static()
    _worker_context["store"] = store


def _worker(args: tuple[str, str | None]) -> tuple[Prepared | None, str | None]:
    path, lang = args
    return _prepare_path(Path(path), lang, _worker_context["store"])


def _prepared_in_workers(files: list[Path], lang: str | None, jobs: int):
    """Prepared articles from a process pool, in file order, as they come."""
    import multiprocessing as mp

    # forkserver: workers never inherit this process's open store (RocksDB must not be forked)
    ctx = mp.get_context("forkserver")
    with ctx.Pool(jobs, initializer=_worker_init) as pool:
        yield from pool.imap(_worker, [(str(p), lang) for p in files], chunksize=1)
