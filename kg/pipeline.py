"""Ingest: files -> articles -> NLP -> extraction -> RDF -> validation -> store, one article at a time.

Each article is one transaction: its graph is built and validated first, then swapped into the
store in a single update. An article that fails validation is rejected (or quarantined) and the
store is left as it was.
"""
from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from datetime import date
from typing import TYPE_CHECKING, Callable, Iterable

import pyoxigraph as ox

from kg.errors import InputError, KgError
from kg.extract import extract
from kg.model import Article, Extraction
from kg.namespaces import GRAPH_QUARANTINE_PREFIX, KG, PROV, RDF_type, SOURCE_GRAPH_PREFIX
from kg.query.stats import CLASSES
from kg.rdf.mapping import (article_iri, origin_iri, slug_id, source_graph, to_graph, to_ntriples,
                            to_triples)
from kg.sources import MAX_BYTES, article_from_bytes, iter_paths, read_article, read_bytes
from kg.store import Store, static_copy
from kg.validate import validate_article_graph

if TYPE_CHECKING:
    from kg.fetch import Fetcher, Page


@dataclass
class IngestReport:
    """What an ingest did: articles stored, quarantined, rejected, and why."""

    ingested: list[str] = field(default_factory=list)
    quarantined: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(path, one-line reason) of each file that did not go in."""
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(path, what happened) where a file is not simply the source named after it: stored under
    another id, stored once for two files with the same bytes, or replacing an old source."""
    triples: int = 0
    nodes: dict[str, set] = field(default_factory=dict)

    @property
    def facts(self) -> dict[str, int]:
        """Distinct meetings, documents, tasks... of the ingested articles: one meeting two sources
        report counts once, as in `kg stats`."""
        return {kind: len(v) for kind, v in self.nodes.items()}

    @property
    def ok(self) -> bool:
        return not self.failed

    def add(self, other: "IngestReport") -> None:
        """Count another ingest's results in this report (``kg ingest`` of files and feeds)."""
        for name in ("ingested", "quarantined", "failed", "notes"):
            getattr(self, name).extend(getattr(other, name))
        self.triples += other.triples
        for kind, nodes in other.nodes.items():
            self.nodes.setdefault(kind, set()).update(nodes)


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
    nodes: dict[str, list[str]]   # IRIs per kind of fact (meetings, tasks...): the report counts them once
    conforms: bool
    report: str
    tasks: list[tuple[str, str, str, str, str]]   # (task, meeting, assignee, description, language) for sameTaskAs


def prepare_article(article: Article, context, *, validate: bool = True) -> Prepared:
    """Extract, build and validate one article; ``context`` is the store the shapes read types from.

    Nothing is written. An article graph references only its own nodes and reference (static)
    nodes, so a store holding just the static graphs gives the same validation as the full store:
    that is what lets ``--jobs`` workers validate without the store.
    """
    if len(article.text) > MAX_BYTES:   # refused before the NLP, whose max_length is this (kg.extract.nlp)
        raise InputError(f"{article.id}: {len(article.text):,} characters is longer than an article "
                         f"({MAX_BYTES:,} at most); split it")
    ex = extract(article)
    triples = to_triples(ex)
    conforms, text = True, ""
    if validate:
        report = validate_article_graph(triples, context)
        conforms, text = report.conforms, report.text
    return Prepared(article.id, to_ntriples(triples), len(triples), _nodes(triples), conforms, text, _tasks(triples))


# the kinds of fact the report counts, named as kg stats names them (persons and organisations
# are counted apart, by kg:mentionedIn: reference entities are typed in the reference graph only)
_KINDS = {KG + cls: name for cls, name in CLASSES.items()
          if cls in ("PostHolding", "Meeting", "LegalDocument", "Task", "Figure")}


def _nodes(triples) -> dict[str, list[str]]:
    """The article's nodes of each kind `kg stats` counts, and the persons and organisations it names."""
    out: dict[str, set] = {kind: set() for kind in _KINDS.values()} | {"entities": set()}
    for s, p, o in triples:
        if str(p) == RDF_type and str(o) in _KINDS:
            out[_KINDS[str(o)]].add(str(s))
        elif str(p) == KG + "mentionedIn":
            out["entities"].add(str(s))
    return {kind: sorted(v) for kind, v in out.items()}


def commit_article(store: Store, prep: Prepared, *, quarantine: bool = False,
                   drop: Iterable[str] = ()) -> tuple[str, int]:
    """Write a prepared article in one transaction; returns ("ingested" or "quarantined", triples).

    A non-conforming article raises ArticleRejected (nothing written) unless ``quarantine``.
    ``drop``: ids of sources removed in the same transaction (the earlier version of an edited
    file that now holds the text of another stored source, see ``plan_sources``).
    """
    if not prep.conforms and not quarantine:
        raise ArticleRejected(prep.article_id, prep.report)
    target = source_graph(prep.article_id)
    q = GRAPH_QUARANTINE_PREFIX + slug_id(prep.article_id)
    gone = {g: "" for d in drop for g in (source_graph(d), GRAPH_QUARANTINE_PREFIX + slug_id(d))}
    if not prep.conforms:
        store.replace_graphs({**gone, target: "", q: prep.ntriples})
        return "quarantined", prep.triples
    links = _same_tasks(store, prep)
    nt = prep.ntriples + "".join(f"<{a}> <{KG}sameTaskAs> <{b}> .\n" for a, b in links)
    store.replace_graphs({**gone, q: "", target: nt})
    return "ingested", prep.triples + len(links)


def ingest_article(store: Store, article: Article, *, quarantine: bool = False, validate: bool = True) -> str:
    """Extract, validate and store one article; returns "ingested" or "quarantined"."""
    return commit_article(store, prepare_article(article, store, validate=validate), quarantine=quarantine)[0]


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
    """kg:sameTaskAs pairs between this article's tasks and those other sources report of the same meeting.

    Index lookups from this article's meetings (not SPARQL: parsing and planning a query was a
    quarter of the writer's time an article), one row per task, assignee and description of
    each other source graph, as ``link_same_tasks`` counts them.
    """
    from kg.resolve import link_same_tasks

    meetings = sorted({t[1] for t in prep.tasks})
    if not meetings:
        return []
    own = source_graph(prep.article_id)
    theirs = []
    for meeting in meetings:
        for q in store.named_quads(None, KG + "decidedAt", meeting):
            g, task = q.graph_name, q.subject
            if not g.value.startswith(SOURCE_GRAPH_PREFIX) or g.value == own or not isinstance(task, ox.NamedNode):
                continue
            said: dict = {}
            for x in store.named_quads(task.value, None, None, g.value):   # what this graph says of it
                said.setdefault(x.predicate.value, []).append(x.object)
            if not any(t.value == KG + "Task" for t in said.get(RDF_type, ())):
                continue
            theirs += [(task.value, meeting, a.value, d.value, getattr(d, "language", None) or "")
                       for a in said.get(KG + "assignee", ()) for d in said.get(KG + "description", ())]
    links = link_same_tasks(prep.tasks, theirs)
    # a link another source's graph already states is not stated again: otherwise re-ingesting the
    # sources adds the other direction to the earlier one and the store grows (kg:sameTaskAs is symmetric)
    return sorted((a, b) for a, b in links if not _stated(store, a, b, own) and not _stated(store, b, a, own))


def _stated(store: Store, a: str, b: str, own: str) -> bool:
    """Whether a source graph other than ``own`` (quarantine left out) says ``a kg:sameTaskAs b``."""
    return any(q.graph_name.value != own and not q.graph_name.value.startswith(GRAPH_QUARANTINE_PREFIX)
               for q in store.named_quads(a, KG + "sameTaskAs", b))


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
           jobs: int = 1, fetcher: "Fetcher | None" = None, cluster: str | None = None) -> IngestReport:
    """Ingest files, folders and web pages (``http(s)://`` URLs); bad ones are listed in the report,
    good ones still go in.

    A URL is fetched first (``kg.fetch.Fetcher``, or ``fetcher``); a page that cannot be fetched
    (HTTP error, timeout, too large, not HTML, disallowed by robots.txt) is one line in
    ``report.failed``, like an unreadable file.

    Every file is one source, stored under the id ``plan_sources`` gives it. Whatever goes wrong
    with one file (unreadable, not an article, an unexpected error in the extraction) is one line
    in ``report.failed``, and the other files still go in.

    With ``jobs > 1``, that many worker processes read, extract and validate articles while this
    process writes them one transaction at a time, in the order of the files: the store ends up
    the same as with one job (ids are decided here, before the workers start).

    With ``cluster`` (a Dask scheduler address, ``tcp://host:8786``, or ``local`` / ``local:N``),
    the workers of that Dask cluster do it instead (``kg.cluster``; needs the ``cluster`` extra),
    and this process writes the same way.
    """
    store.ensure_static()
    report = IngestReport()
    paths = list(paths)
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, not {jobs}")
    if cluster is not None and jobs > 1:
        raise InputError("--jobs and --cluster: give one (the cluster's workers do the jobs' work)")
    files = _sources(paths, report, fetcher)
    if not files and not report.failed:
        raise InputError("no files to ingest: " + ", ".join(map(str, paths)))
    plan = plan_sources(store, files)
    slots = [entry for entry in plan if isinstance(entry, Slot)]
    jobs = min(jobs, len(slots))
    if cluster is not None and slots:
        from kg.cluster import prepared_on_cluster
        results = prepared_on_cluster(slots, lang, cluster)
    elif jobs > 1:
        results = _prepared_in_workers(slots, lang, jobs)
    else:
        context = static_copy(store)   # what validation reads, in memory: the same for 1 job as for N
        results = (_prepare_path(slot, lang, context) for slot in slots)
    for entry in progress(plan) if progress else plan:
        if not isinstance(entry, Slot):
            path, why, failed = entry
            (report.failed if failed else report.notes).append((path, why))
            continue
        slot, (prep, error) = entry, next(results)
        path = str(slot.path)
        if slot.note:
            report.notes.append((path, slot.note))
        if error is not None:
            report.failed.append((path, error))
            continue
        try:
            status, n = commit_article(store, prep, quarantine=quarantine, drop=slot.drop)
        except Exception as e:        # noqa: BLE001 (one file's failure, reported; the others go on)
            report.failed.append((path, _why(path, e)))
            continue
        report.triples += n
        (report.ingested if status == "ingested" else report.quarantined).append(prep.article_id)
        if (len(report.ingested) + len(report.quarantined)) % _FLUSH_EVERY == 0:
            store.flush()
        for name, nodes in prep.nodes.items():
            report.nodes.setdefault(name, set()).update(nodes)
    results.close()                   # ends the worker pool
    store.flush()
    return report


def _sources(paths: list, report: IngestReport, fetcher: "Fetcher | None") -> list["Path | Page"]:
    """The files of ``paths`` (folders listed) and the pages of its URLs, fetched, in order; a page
    that cannot be fetched goes to ``report.failed``."""
    from kg.fetch import Fetcher, is_url

    out: list = []
    own = None
    try:
        for raw in paths:
            if isinstance(raw, str) and is_url(raw):
                if fetcher is None:
                    fetcher = own = Fetcher()
                try:
                    out.append(fetcher.page(raw))
                except Exception as e:    # noqa: BLE001 (one page's failure, reported; the others go on)
                    report.failed.append((raw, _why(raw, e)))
            else:
                out.extend(iter_paths([raw]))
    finally:
        if own is not None:
            own.close()
    return out


def ingest_feed(store: Store, feed: str, *, fetcher: "Fetcher | None" = None, **options) -> IngestReport:
    """Ingest the items of an RSS/Atom feed that are not sources yet (``ingest``'s ``options``).

    An item whose URL is already the origin (``prov:atLocation``) or URL (``schema:url``) of a
    stored source is skipped, so running it again adds nothing. A feed that cannot be read, and
    each item that cannot be fetched, is one line in ``report.failed``.
    """
    from kg.fetch import Fetcher

    own = fetcher is None
    fetcher = fetcher or Fetcher()
    try:
        try:
            links = fetcher.feed(feed)
        except KgError as e:
            return IngestReport(failed=[(feed, _why(feed, e))])
        store.ensure_static()
        known = known_urls(store, links)
        new = [u for u in links if u not in known]
        return ingest(store, new, fetcher=fetcher, **options) if new else IngestReport()
    finally:
        if own:
            fetcher.close()


_KNOWN_URLS = """SELECT DISTINCT ?u WHERE { VALUES ?u { %s } GRAPH ?g { ?a <%satLocation>|<%surl> ?u } }"""


def known_urls(store: Store, urls: list[str]) -> set[str]:
    """Those of ``urls`` (as given, or normalised) a stored source was fetched from or gives as its URL."""
    from kg.fetch import normalize_url
    from kg.namespaces import SCHEMA

    norm = {u: normalize_url(u) for u in urls}
    found: set[str] = set()
    values = sorted(set(norm.values()))
    for i in range(0, len(values), _BATCH):
        q = _KNOWN_URLS % (" ".join(f"<{u}>" for u in values[i:i + _BATCH]), PROV, SCHEMA)
        found.update(r["u"].value for r in store.query(q, include_quarantine=True))
    return {u for u, n in norm.items() if n in found}


# Written articles are flushed from RocksDB's memory tables to disk this often: left to grow for a
# whole ingest, they made each write slower and the process larger (3,000 articles in one ingest:
# 17 articles/s and 895 MB, against 24 articles/s and 464 MB for 1,000).
_FLUSH_EVERY = 200


def _prepare_path(slot: "Slot", lang: str | None, context) -> tuple[Prepared | None, str | None]:
    """(prepared article, None) or (None, the one-line reason it did not go through).

    Any exception is caught (in a worker too, where it would otherwise end the whole ingest):
    an unexpected one is reported with its type, as one line.
    """
    try:
        if isinstance(slot.path, Path):
            article = read_article(slot.path, lang=lang)
        else:   # a fetched page: its bytes came with it
            page = slot.path
            article = replace(article_from_bytes(page.data, page.url, url=page.final_url, lang=lang), path=page.url)
        if article.sha256 != slot.sha256:
            raise InputError(f"{slot.path}: changed while being ingested; ingest it again")
        return prepare_article(replace(article, id=slot.article_id, ingested=slot.ingested), context), None
    except Exception as e:        # noqa: BLE001 (one file's failure, reported; the others go on)
        return None, _why(str(slot.path), e)


def _why(path: str, e: Exception) -> str:
    """One line saying why a file failed: a kg error's message (without the path it starts with),
    or the type and message of an unexpected exception."""
    if isinstance(e, KgError):
        why = e.message[len(path) + 2:] if e.message.startswith(path + ": ") else e.message
    else:
        text = str(e)
        why = f"unexpected {type(e).__name__}" + (f": {text[:300]}{'...' if len(text) > 300 else ''}" if text else "")
    return " ".join(why.splitlines())


# ---------------------------------------------------------------- source identity


@dataclass(frozen=True)
class Slot:
    """Where one file goes: the id of the source it is stored as, and sources it replaces."""

    path: "Path | Page"
    """The file, or the fetched page (``kg.fetch.Page``)."""
    article_id: str
    sha256: str
    drop: tuple[str, ...] = ()
    """Ids of sources removed with this commit: an earlier version of this file, read from the same place."""
    note: str | None = None
    """What the user is told of this choice (another id, an old source replaced), if anything."""
    ingested: str | None = None
    """ISO date the source was first stored with these bytes: the stored one's when they are the
    same (re-ingesting them leaves the store as it was), else today."""


@dataclass(frozen=True)
class _Known:
    """A source already in the store: its id, the sha256 of its bytes, where it was read from."""

    id: str
    sha256: str | None
    origin: str | None
    ingested: str | None = None


_FIND = """SELECT ?g ?a WHERE {
  { VALUES ?sha { %s } GRAPH ?g { ?a <%ssha256> ?sha } }
  UNION
  { VALUES ?loc { %s } GRAPH ?g { ?a <%satLocation> ?loc } }
}"""
_BATCH = 200    # files looked up in one query
_ABOUT = ("http://purl.org/dc/terms/identifier", KG + "sha256", PROV + "atLocation", "http://purl.org/dc/terms/created")


def plan_sources(store: Store, files: list["Path | Page"]) -> list[Slot | tuple[str, str, bool]]:
    """The source each file is, decided before anything is extracted: a ``Slot`` per file to store,
    else ``(path, reason, failed)`` (unreadable: failed; the same bytes as an earlier file of the
    run: a note, stored once).

    A source's identity is its content and origin, not its file name. A file is:

    1. the source whose ``kg:sha256`` is the file's (same bytes: that graph is replaced, its id
       kept), else
    2. the source read from the same place (``prov:atLocation``, the resolved absolute path): an
       edited file replaces its earlier version, else
    3. a new source, named after the file (``report``), or ``report-<8 hex of its sha256>`` when
       that id is taken by another source or by another file of this run.

    A fetched page (``kg.fetch.Page``) is the same: its origin is the URL asked for, and a new one
    is named after the URL's host and path (``kg.fetch.url_id``).

    A source stored before origins were recorded, named like the file and with other bytes, is
    taken to be its earlier version (as ingest always did), and a note says so. Each stored
    source is claimed by one file of a run at most. Lookups are index lookups (by sha256 and
    origin, ``_BATCH`` files a query), so planning costs the same in a small or a large store.
    """
    probes: list = []
    for f in files:
        if not isinstance(f, Path):    # a fetched page
            probes.append((f, hashlib.sha256(f.data).hexdigest(), f.url))
            continue
        try:
            data = read_bytes(f)
            probes.append((f, hashlib.sha256(data).hexdigest(), str(origin_iri(str(f.resolve())))))
        except Exception as e:    # noqa: BLE001 (one file's failure, reported; the others go on)
            probes.append((f, _why(str(f), e), None))
    known = _known_sources(store, [p for p in probes if p[2] is not None])
    by_sha: dict[str, list[_Known]] = {}
    by_origin: dict[str, list[_Known]] = {}
    for k in known:
        if k.sha256:
            by_sha.setdefault(k.sha256, []).append(k)
        if k.origin:
            by_origin.setdefault(k.origin, []).append(k)

    from kg.fetch import url_id

    today = date.today().isoformat()
    claimed: set[str] = set()          # slugs of the sources files of this run are (or remove)
    first: dict[str, Path] = {}        # sha256 -> the first file of the run with those bytes
    out: list = []
    for f, sha, origin in probes:
        if origin is None:
            out.append((str(f), sha, True))
            continue
        if sha in first:
            out.append((str(f), f"same bytes as {first[sha]}; stored once", False))
            continue
        first[sha] = f
        # NFC (a macOS name is NFD); a name that is not UTF-8 keeps U+FFFD where its bad bytes were
        stem = unicodedata.normalize("NFC", os.fsencode(f.stem).decode("utf-8", "replace")) \
            if isinstance(f, Path) else url_id(f.url)
        same_bytes = [k for k in by_sha.get(sha, []) if slug_id(k.id) not in claimed]
        same_place = [k for k in by_origin.get(origin, []) if slug_id(k.id) not in claimed]
        note = None
        ingested = today
        if same_bytes:
            # the copy read from here, else the one named like the file, else the first id
            pick = min(same_bytes, key=lambda k: (k.origin != origin, slug_id(k.id) != slug_id(stem), k.id))
            aid = pick.id
            ingested = pick.ingested or today
        elif same_place:
            aid = min(same_place, key=lambda k: k.id).id
        else:
            try:
                aid, note = _new_id(store, stem, sha, claimed)
            except KgError as e:
                out.append((str(f), _why(str(f), e), True))
                continue
        drop = tuple(sorted({k.id for k in same_place if slug_id(k.id) != slug_id(aid)}))
        claimed.add(slug_id(aid))
        claimed.update(slug_id(d) for d in drop)
        out.append(Slot(f, aid, sha, drop, note, ingested))
    return out


def _known_sources(store: Store, probes: list) -> list[_Known]:
    """The stored sources (quarantined ones too) whose sha256 or origin is one of the probes'."""
    found: dict[tuple[str, str], None] = {}
    for i in range(0, len(probes), _BATCH):
        batch = probes[i:i + _BATCH]
        shas = " ".join(sorted({f'"{sha}"' for _, sha, _ in batch}))
        origins = " ".join(sorted({f"<{origin}>" for _, _, origin in batch}))
        for row in store.query(_FIND % (shas, KG, origins, PROV), include_quarantine=True):
            found[(row["g"].value, row["a"].value)] = None
    out = []
    for graph, article in found:
        if not graph.startswith((SOURCE_GRAPH_PREFIX, GRAPH_QUARANTINE_PREFIX)):
            continue
        values = {p: q.object.value for p in _ABOUT for q in store.quads_for(article, p)
                  if getattr(q.graph_name, "value", None) == graph}
        aid = values.get(_ABOUT[0]) or graph.rsplit("/", 1)[-1]
        out.append(_Known(aid, values.get(_ABOUT[1]), values.get(_ABOUT[2]), values.get(_ABOUT[3])))
    return out


def _new_id(store: Store, stem: str, sha: str, claimed: set[str]) -> tuple[str, str | None]:
    """(id, note) for a file that is no stored source: its stem, unless another source has it."""
    def taken(aid: str) -> bool:
        return slug_id(aid) in claimed or store.has_graph(source_graph(aid)) \
            or store.has_graph(GRAPH_QUARANTINE_PREFIX + slug_id(aid))

    if not taken(stem):
        return stem, None
    if slug_id(stem) not in claimed and not any(store.quads_for(str(article_iri(stem)), PROV + "atLocation")):
        return stem, f"replaces source {stem}, stored before kg recorded where sources come from"
    for n in (8, 16, 64):
        aid = f"{stem}-{sha[:n]}"
        if not taken(aid):
            return aid, f"stored as {aid}: source {stem} is another file"
    raise InputError(f"{stem}: no free id for this source")  # the same bytes would have matched


# ---------------------------------------------------------------- workers


_worker_context: dict = {}


def _worker_init() -> None:
    # each worker validates against its own in-memory copy of the static graphs (see prepare_article)
    store = Store()
    store.ensure_static()
    _worker_context["store"] = store.freeze()
    # An article makes some 100,000 short-lived objects (rdflib terms, regex matches, tuples) and
    # no cycles worth collecting early: the collector's default pace took 10 % of a worker's time.
    # What the worker holds from its start (modules, the static graphs) is frozen out of its scans.
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 50)


def _worker(args: tuple[Slot, str | None]) -> tuple[Prepared | None, str | None]:
    slot, lang = args
    return _prepare_path(slot, lang, _worker_context["store"])


def _prepared_in_workers(slots: list[Slot], lang: str | None, jobs: int):
    """Prepared articles from a process pool, in file order, as they come."""
    import multiprocessing as mp
    import threading

    # At most _IN_FLIGHT articles a job are handed out ahead of the writer: workers faster than the
    # writer otherwise fill this process with prepared articles (2,000 of them, 150 MB, at 10,000)
    window, stop = threading.Semaphore(jobs * _IN_FLIGHT), threading.Event()

    def feed():                         # read by the pool's own thread, which may wait here
        for slot in slots:
            window.acquire()
            if stop.is_set():
                return
            yield (slot, lang)

    # forkserver: workers never inherit this process's open store (RocksDB must not be forked)
    ctx = mp.get_context("forkserver")
    with ctx.Pool(jobs, initializer=_worker_init) as pool:
        try:
            for prepared in pool.imap(_worker, feed(), chunksize=1):
                window.release()
                yield prepared
        finally:                        # the feeder stops before the pool is ended
            stop.set()
            window.release()


_IN_FLIGHT = 100
