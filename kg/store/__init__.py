"""One ``Store`` type: in memory with no path, on disk (Oxigraph/RocksDB) with one.

Tests and production share this code path (the Oxigraph habit). Each source article lives in
its own named graph; reference data, the indicator scheme and the ontology have one graph each.

**The default graph is the merge of the named graphs**, quarantine excluded: each fact once,
however many sources state it (an RDF merge is a set; Oxigraph's union of named graphs repeats a
triple once per graph holding it, oxigraph#1919). Every write keeps it so in the same transaction:
replacing or dropping a graph removes from the merge the triples no other graph holds, then adds
the new ones. Queries read the default graph, so a plain ``?s a kg:Meeting`` counts each meeting
once, ``GRAPH ?g`` still tells which source said what, and a query's own ``FROM`` / ``FROM NAMED``
is honoured.

>>> s = Store()
>>> s.replace_graphs({"https://example.org/g1": '<https://example.org/a> <https://example.org/p> "1" .',
...                   "https://example.org/g2": '<https://example.org/a> <https://example.org/p> "1" .'})
>>> s.count(), [r["n"].value for r in s.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")]
(2, ['1'])
>>> s.drop_graph("https://example.org/g1"); s.facts()
1
>>> s.drop_graph("https://example.org/g2"); s.facts()
0
"""
from __future__ import annotations

import gc
import hashlib
import os
import re
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg import resources
from kg.errors import StoreError, StoreLocked, UpdateRefused
from kg.namespaces import (PREFIXES, GRAPH_GROUPS, GRAPH_INDICATORS, GRAPH_MANUAL, GRAPH_ONTOLOGY, GRAPH_QUARANTINE_PREFIX,
                           GRAPH_REFERENCE, KG, RDF_type, SKOS, SOURCE_GRAPH_PREFIX, STATIC_GRAPHS)
from kg.sparql import declares_dataset, default_graph_writes, end_of_code, lateral_optionals
from kg.text import match_key

_MARKER = "kg-store.txt"
# the marker's layout line: stores written before the default graph was the merge lack it and are
# migrated when first opened for writing (read-only, they are queried as the union, as then)
_LAYOUT = "layout: merged-default-graph"
_DEFAULT = ox.DefaultGraph()
_Q = GRAPH_QUARANTINE_PREFIX
_STATIC = {
    GRAPH_ONTOLOGY: ("ontology", "*.ttl"),
    GRAPH_REFERENCE: ("reference", "*.ttl"),
    GRAPH_INDICATORS: ("indicators", "*.ttl"),
    # collective assignees ("ministries and branches"): a closed lexicon, stated once here rather
    # than in every article that names them (Oxigraph's union graph repeats a triple per graph)
    GRAPH_GROUPS: ("lexicon", "groups.json"),
}
_STATE = ox.NamedNode(KG + "staticDigest")
_MATCH_KEY = ox.NamedNode(KG + "matchKey")
_LABELS = {SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel", KG + "historicLabel",
           "http://xmlns.com/foaf/0.1/name"}


def static_copy(store) -> "Store":
    """An in-memory Store holding the static graphs (ontology, reference, indicators, groups) of a store.

    What an article's validation reads: the article points only to its own nodes and static ones
    (see ``kg.pipeline.prepare_article``), and lookups in memory cost the same whatever the size of
    the store they come from (on a 3,000-article disk store they took 2.7 ms an article, 0.3 ms here).
    Works for any store with ``quads(graph)``, a remote one too.
    """
    mem = Store()
    quads = [q for g in _STATIC for q in store.quads(g)]
    # the default graph is the merge (see the module docstring); bulk_extend skips the update path
    mem._ox.bulk_extend(quads + [ox.Quad(q.subject, q.predicate, q.object, _DEFAULT) for q in quads])
    return mem.freeze()


def _group_triples(path: Path) -> list[ox.Triple]:
    """``kg:Group`` nodes with their labels, from the groups lexicon (label -> forms per language)."""
    from kg.rdf.mapping import group_key, iri

    out = []
    for label, forms in resources.read_groups(path).items():
        node = ox.NamedNode(str(iri(group_key(label))))
        out.append(ox.Triple(node, ox.NamedNode(RDF_type), ox.NamedNode(KG + "Group")))
        out.append(ox.Triple(node, ox.NamedNode(SKOS + "prefLabel"), ox.Literal(label, language="en")))
        for lang, lang_forms in forms.items():
            for form in lang_forms:
                if form != label:
                    out.append(ox.Triple(node, ox.NamedNode(SKOS + "altLabel"), ox.Literal(form, language=lang)))
    return out


def _digest(paths: Iterable[Path]) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


#: the dump formats (``kg dump`` / ``kg load``)
DUMP_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}


def parse_dump(data: bytes | str, fmt: str = "nquads") -> list[ox.Quad]:
    """Every quad of a dump, parsed before any store is touched; ``SyntaxError`` on a broken file."""
    return list(ox.parse(data, format=DUMP_FORMATS[fmt]))


def commit_marker(path) -> tuple[tuple, datetime | None]:
    """What changes when a process commits to the on-disk store at ``path``, and when it last did.

    Oxigraph (RocksDB) appends each commit to a write-ahead ``*.log`` file and records new data
    files in ``MANIFEST-*`` / ``CURRENT``: their names, sizes and times are the marker (one
    directory listing, a few stat calls); the time is the newest of theirs (UTC). Readers use it
    to see another process's writes (``kg serve``) and to say when the data last changed (VoID).
    """
    files, newest = [], None
    try:
        entries = list(os.scandir(os.path.join(path, "oxigraph")))
    except OSError:
        return (), None
    for e in entries:
        if not (e.name.endswith(".log") or e.name.startswith("MANIFEST-") or e.name == "CURRENT"):
            continue                    # LOG (RocksDB's own diary), LOCK, *.sst (rewritten by compaction)
        try:
            info = e.stat()
        except OSError:
            continue                    # removed by the writer meanwhile
        files.append((e.name, info.st_size, info.st_mtime_ns))
        newest = info.st_mtime_ns if newest is None else max(newest, info.st_mtime_ns)
    when = None if newest is None else datetime.fromtimestamp(newest / 1e9, timezone.utc)
    return tuple(sorted(files)), when


# a line break not after " .": a line a graph name cannot be put at the end of (a blank line, one in
# another syntax); such text goes through the update instead (one search in C, not a loop over lines)
_UNENDED = re.compile(r"(?<! \.)\n")


def _merged(graph: ox.NamedNode) -> bool:
    return not graph.value.startswith(_Q)


def _unmerge(graph: ox.NamedNode) -> str:
    """Update removing from the default graph the triples of ``graph`` that no other kept graph holds."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} FILTER NOT EXISTS {{ "
            f"GRAPH ?h {{ ?s ?p ?o }} FILTER(?h != {graph} && !STRSTARTS(STR(?h), \"{_Q}\")) }} }}")


# after an update a user wrote (into named graphs only, see update): the default graph is made the
# merge again, in the same transaction
_REMERGE = (f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ "
            f"GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), \"{_Q}\")) }} }} ;\n"
            f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), \"{_Q}\")) }}")


# a store from before the merged default graph: what its default graph held (loads) goes to
# GRAPH_MANUAL, then the default graph becomes the merge
_MIGRATE = (f"INSERT {{ GRAPH <{GRAPH_MANUAL}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }} ;\n"
            f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), \"{_Q}\")) }}")


def _with_supertypes(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    """Reference triples plus the ``kg:`` superclass types of their ``kg:`` types (see ``kg.rdf.mapping``)."""
    from kg.rdf.mapping import kg_superclasses

    sup = kg_superclasses()
    out = list(triples)
    out += [ox.Triple(t.subject, t.predicate, ox.NamedNode(c)) for t in list(out)
            if t.predicate.value == RDF_type and t.object.value in sup for c in sup[t.object.value]]
    return out


def _replace_parts(graph: ox.NamedNode, body: str) -> list[str]:
    """Update operations replacing one named graph by N-Triples ``body``, the merge kept."""
    parts = [_unmerge(graph)] if _merged(graph) else []
    parts.append(f"DROP SILENT GRAPH {graph}")
    if body.strip():
        parts.append(f"INSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")
        if _merged(graph):   # copied from the graph itself: its blank nodes stay the same nodes
            parts.append(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return parts


class Store:
    """The knowledge graph's dataset.

    Args:
        path: folder of an on-disk store (created on first use), or None for memory.
        read_only: open an existing on-disk store for reading while another process writes.
    """

    def __init__(self, path: str | os.PathLike | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._quarantine: list[str] | None = None     # cached: every query needs it; writes reset it
        self.legacy = False                            # a store from before the merged default graph
        # None: the store can change. A dict: it never will (``freeze``), and readers may keep in it
        # what they looked up (validation's lookups of the static nodes an article points to)
        self.memo: dict | None = None
        if self.path is None:
            self._ox = ox.Store()
            return
        existed = (self.path / _MARKER).exists()
        self._check_folder(self.path, create=not read_only)
        # A second writer waits for the first (up to KG_LOCK_TIMEOUT seconds), then fails clearly.
        deadline = time.monotonic() + float(os.environ.get("KG_LOCK_TIMEOUT", "10"))
        while True:
            try:
                self._ox = ox.Store.read_only(str(self.path / "oxigraph")) if read_only \
                    else ox.Store(str(self.path / "oxigraph"))
                break
            except (OSError, RuntimeError) as e:      # RocksDB's "Corruption: ... No such file" is a RuntimeError
                text = str(e)
                if read_only and "no such file" in text.lower() and time.monotonic() < deadline:
                    # a reader lists the writer's files while it rotates its log: look again
                    time.sleep(0.02)
                    continue
                if "lock" not in text.lower():
                    raise StoreError(f"cannot open store {self.path}: {text}") from None
                if time.monotonic() > deadline:
                    raise StoreLocked(f"store {self.path} is in use by another kg process; "
                                      "wait for it to finish or open it read-only") from None
                gc.collect()  # an unreachable Store of this process may still hold the lock
                time.sleep(0.1)
        marker = self.path / _MARKER
        if existed and _LAYOUT not in marker.read_text(encoding="utf-8", errors="replace"):
            if read_only:
                self.legacy = True
            else:
                self._update(_MIGRATE)      # one transaction: the default graph becomes the merge
                self._ox.flush()
                marker.write_text(marker.read_text(encoding="utf-8") + _LAYOUT + "\n", encoding="utf-8")

    def freeze(self) -> "Store":
        """Make this store read-only from now on (writes raise StoreError), with a ``memo`` for readers."""
        self.memo = {}
        return self

    def _writable(self) -> None:
        if self.memo is not None:
            raise StoreError("this store is frozen (a read-only copy of the static graphs); write to the store it came from")

    @staticmethod
    def _check_folder(path: Path, create: bool) -> None:
        if path.exists() and not path.is_dir():
            raise StoreError(f"--store {path} is a file, not a store folder")
        if path.is_dir() and any(path.iterdir()) and not (path / _MARKER).exists():
            raise StoreError(f"--store {path} is a folder that is not a kg store "
                             f"(no {_MARKER}); pick an empty or new folder")
        if not path.exists() and not create:
            raise StoreError(f"store {path} does not exist")
        if create:
            path.mkdir(parents=True, exist_ok=True)
            marker = path / _MARKER
            if not marker.exists():
                marker.write_text("kg knowledge-graph store (Oxigraph). Do not edit by hand.\n" + _LAYOUT + "\n")

    # ------------------------------------------------------------------ writing

    def ensure_static(self) -> bool:
        """Load or refresh the ontology, reference and indicator graphs; True when changed."""
        changed = False
        for graph, (kind, pattern) in _STATIC.items():
            files = resources.reference_files() if kind == "reference" else resources.resource_files(kind, pattern)
            digest = _digest(files)
            g = ox.NamedNode(graph)
            current = [q.object.value for q in self._ox.quads_for_pattern(g, _STATE, None, g)]
            if current == [digest]:
                continue
            ds = ox.Dataset()
            for f in files:
                triples = _group_triples(f) if f.suffix == ".json" else ox.parse(path=str(f), format=ox.RdfFormat.TURTLE)
                if kind != "ontology":
                    triples = _with_supertypes(triples)
                for q in triples:
                    ds.add(ox.Quad(q.subject, q.predicate, q.object, g))
                    if q.predicate.value in _LABELS and isinstance(q.object, ox.Literal):
                        # names are matched folded (case, accents, language ignored): precompute the key
                        ds.add(ox.Quad(q.subject, _MATCH_KEY, ox.Literal(match_key(q.object.value)), g))
            ds.add(ox.Quad(g, _STATE, ox.Literal(digest), g))
            self._replace(g, ds)
            changed = True
        return changed

    def _replace(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        # One SPARQL update = one transaction: the old graph is gone and the new one in, or neither.
        body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        self._update(" ;\n".join(_replace_parts(graph, body)), written={graph.value: bool(body.strip())})

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Atomically replace a named graph with the given N-Triples."""
        self.replace_graphs({graph_iri: ntriples})

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        """Atomically replace several named graphs (one transaction for all), the merge kept."""
        self._writable()
        if self._only_new(graphs):
            # nothing to remove: the graphs and their copies in the merge are one N-Quads load, parsed
            # by Oxigraph's own reader (one transaction too), instead of an update that parses the
            # triples as SPARQL and then copies the graph it wrote into the merge
            lines = []
            for iri, nt in graphs.items():
                if nt.strip():
                    body = nt if nt.endswith("\n") else nt + "\n"
                    lines.append(body.replace(" .\n", f" <{iri}> .\n"))
                    if _merged(ox.NamedNode(iri)):
                        lines.append(body)
            try:
                self._ox.load("".join(lines), format=ox.RdfFormat.N_QUADS)
            except SyntaxError:
                pass          # not plain N-Triples (nothing was written): the update below reads it
            else:
                self._kept_quarantine({iri: bool(nt.strip()) for iri, nt in graphs.items()})
                return
        parts = []
        for iri, nt in graphs.items():
            parts += _replace_parts(ox.NamedNode(iri), nt)
        if parts:
            self._update(" ;\n".join(parts), written={iri: bool(nt.strip()) for iri, nt in graphs.items()})

    def drop_graph(self, graph_iri: str) -> None:
        self.replace_graphs({graph_iri: ""})

    def load(self, data: bytes | str | list[ox.Quad], fmt: str = "nquads", *, replace_static: bool = False) -> list[str]:
        """Load a dump (N-Quads or TriG): the graphs it holds are replaced, all in one transaction.

        ``data`` is the file's content, or its quads from ``parse_dump`` (a caller that checked the
        file before opening the store does not parse it twice). The whole file is parsed before
        anything is written, so a broken file changes nothing.
        Triples outside any named graph go to ``GRAPH_MANUAL`` (added to it). The ontology, reference,
        indicator and groups graphs come with kg itself: a dump holding a different version of one
        is refused (every later ingest is validated against them) unless ``replace_static``; the
        same version is skipped. Returns the graphs written.
        """
        quads = data if isinstance(data, list) else parse_dump(data, fmt)
        graphs: dict = {}
        for q in quads:
            g = ox.NamedNode(GRAPH_MANUAL) if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
            graphs.setdefault(g, set()).add(ox.Triple(q.subject, q.predicate, q.object))
        if GRAPH_MANUAL in {g.value for g in graphs if isinstance(g, ox.NamedNode)}:
            manual = ox.NamedNode(GRAPH_MANUAL)
            graphs[manual] |= {ox.Triple(q.subject, q.predicate, q.object) for q in self._ox.quads_for_pattern(None, None, None, manual)}
        static = [g for g in graphs if isinstance(g, ox.NamedNode) and g.value in STATIC_GRAPHS]
        if static:
            self.ensure_static()
        for g in static:
            # same version = same digest of the source files (blank nodes make triples incomparable)
            theirs = {t.object.value for t in graphs[g] if t.subject == g and t.predicate == _STATE}
            ours = {q.object.value for q in self._ox.quads_for_pattern(g, _STATE, None, g)}
            if theirs == ours:
                del graphs[g]
            elif not replace_static:
                raise StoreError(f"the file holds a version of {g.value} that is not this kg's own "
                                 f"({len(graphs[g])} triples); a load does not replace kg's reference data, "
                                 "against which every ingest is validated (use --replace-static if you mean it)")
        parts = []
        for g, triples in graphs.items():
            parts += _replace_parts(g, "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples))
        if parts:
            self._update(" ;\n".join(parts), written={g.value: bool(triples) for g, triples in graphs.items()})
        return sorted(g.value for g in graphs)

    def dump(self, fmt: str = "nquads") -> bytes:
        """Every named graph, sorted (deterministic); the default graph is their merge and is left out."""
        quads = sorted(self.quads(), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        return ox.serialize(quads, format=DUMP_FORMATS[fmt])

    def close(self) -> None:
        """Let go of the on-disk store (its lock goes with it), even while something still refers to
        this object (a traceback kept by a caller); using it afterwards is an error."""
        if self._ox is not None and self.path is not None and not self.read_only:
            self._ox.flush()
        self._ox = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def flush(self) -> None:
        if self.path is not None and not self.read_only:
            self._ox.flush()

    # ------------------------------------------------------------------ reading

    def source_graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs()
                      if g.value.startswith(SOURCE_GRAPH_PREFIX))

    def quarantine_graphs(self) -> list[str]:
        if self._quarantine is None:
            self._quarantine = sorted(g.value for g in self._ox.named_graphs()
                                      if g.value.startswith(GRAPH_QUARANTINE_PREFIX))
        return list(self._quarantine)

    def has_graph(self, graph_iri: str) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(graph_iri))

    def count(self, graph_iri: str | None = None) -> int:
        """Quads stored in one named graph, or in all of them (the merged default graph not counted)."""
        return sum(1 for _ in self.quads(graph_iri))

    def facts(self) -> int:
        """Distinct triples of the default graph: each fact once, however many sources state it."""
        if self.legacy:
            return len({(q.subject, q.predicate, q.object) for q in self.quads()
                        if not q.graph_name.value.startswith(_Q)})
        return sum(1 for _ in self._ox.quads_for_pattern(None, None, None, _DEFAULT))

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """The quads of one named graph, or of every named graph (the default graph is derived)."""
        if graph_iri:
            return self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
        return (q for q in self._ox.quads_for_pattern(None, None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph))

    def quads_for(self, subject: str, predicate: str | None = None) -> Iterator[ox.Quad]:
        """What the named graphs say of a subject (each with the graph saying it)."""
        return self.named_quads(str(subject), str(predicate) if predicate else None)

    def named_quads(self, subject: str | None = None, predicate: str | None = None,
                    obj: str | None = None, graph: str | None = None) -> Iterator[ox.Quad]:
        """Quads of the named graphs (the merge left out) matching a pattern of IRIs (None: any).

        One index lookup, no SPARQL to parse and plan: what the writer asks of the store for each
        article it commits costs microseconds at any store size.
        """
        def node(iri):
            return None if iri is None else ox.NamedNode(iri)
        return (q for q in self._ox.quads_for_pattern(node(subject), node(predicate), node(obj), node(graph))
                if not isinstance(q.graph_name, ox.DefaultGraph))

    def values_of(self, subjects: Iterable[str], predicates: Iterable[str]) -> list[ox.Quad]:
        """The quads giving these predicates of these subjects, quarantine excluded.

        Index lookups, one per subject and predicate: what validating an article needs of the
        store costs the same in a store of ten articles or of a million triples.
        """
        preds = [ox.NamedNode(str(p)) for p in predicates]
        out = []
        for s in subjects:
            node = ox.NamedNode(str(s))
            for p in preds:
                if not self.legacy:    # the default graph is the merge, quarantine already left out
                    out.extend(self._ox.quads_for_pattern(node, p, None, _DEFAULT))
                    continue
                out.extend(q for q in self._ox.quads_for_pattern(node, p, None, None)
                           if not (isinstance(q.graph_name, ox.NamedNode)
                                   and q.graph_name.value.startswith(GRAPH_QUARANTINE_PREFIX)))
        return out

    def query(self, sparql: str, *, include_quarantine: bool = False,
              dataset: tuple[list[str], list[str]] | None = None):
        """Run a SPARQL query: the default graph is the merge of the named graphs, quarantine excluded.

        A query's own ``FROM`` / ``FROM NAMED`` is honoured (then it sees what it names, quarantine
        included if named); ``dataset`` (default graph IRIs, named graph IRIs), as the SPARQL
        Protocol's ``default-graph-uri`` / ``named-graph-uri`` give it, replaces both.
        ``include_quarantine`` adds the quarantined graphs. The prefixes of ``kg.namespaces.PREFIXES``
        are declared in advance; the query's own PREFIX lines override them. A query whose header
        asks for it runs its OPTIONALs as lateral joins (``kg.sparql.lateral_optionals``).
        """
        sparql = lateral_optionals(sparql)
        if dataset is not None:
            defaults, named = dataset
            return self._ox.query(sparql, prefixes=PREFIXES, default_graph=[ox.NamedNode(g) for g in defaults],
                                  named_graphs=[ox.NamedNode(g) for g in named])
        if declares_dataset(sparql):
            return self._ox.query(sparql, prefixes=PREFIXES)
        quarantine = self.quarantine_graphs()
        if self.legacy:
            if include_quarantine or not quarantine:
                return self._ox.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=True)
            keep = [g for g in self._ox.named_graphs() if not g.value.startswith(_Q)]
            return self._ox.query(sparql, prefixes=PREFIXES, default_graph=keep, named_graphs=keep)
        if include_quarantine and quarantine:
            held = [ox.NamedNode(g) for g in quarantine]
            return self._ox.query(sparql, prefixes=PREFIXES, default_graph=[_DEFAULT] + held)
        if quarantine:
            keep = [g for g in self._ox.named_graphs() if not g.value.startswith(_Q)]
            return self._ox.query(sparql, prefixes=PREFIXES, named_graphs=keep)
        return self._ox.query(sparql, prefixes=PREFIXES)

    def update(self, sparql: str) -> None:
        """Run a SPARQL update a user wrote, then make the default graph the merge again (one transaction).

        The update writes into named graphs (``GRAPH <g> {...}``, ``WITH <g>``); one that would write
        the default graph itself is refused, since the merge would undo it (``GRAPH_MANUAL`` is the
        graph for facts added by hand). Re-deriving the merge reads the whole store.
        """
        why = default_graph_writes(sparql)
        if why:
            raise UpdateRefused(f"{why}; kg's default graph is the merge of its named graphs: write into "
                                f"a named graph instead, e.g. GRAPH <{GRAPH_MANUAL}> {{ ... }}")
        self._update(f"{end_of_code(sparql)} ;\n{_REMERGE}")

    def _update(self, sparql: str, written: dict[str, bool] | None = None) -> None:
        """Run an update; ``written`` (graph IRI -> holds triples after it), when the caller knows
        every graph the update writes, keeps the quarantine list without listing every named graph
        (at 10,000 sources, listing them was half of a commit's time)."""
        self._writable()
        try:
            self._ox.update(sparql, prefixes=PREFIXES)
        except BaseException:
            self._quarantine = None
            raise
        self._kept_quarantine(written)

    def _kept_quarantine(self, written: dict[str, bool] | None) -> None:
        if written is None or self._quarantine is None:
            self._quarantine = None
        else:
            held = set(self._quarantine)
            for iri, full in written.items():
                if iri.startswith(GRAPH_QUARANTINE_PREFIX):
                    (held.add if full else held.discard)(iri)
            self._quarantine = sorted(held)

    def _only_new(self, graphs: dict[str, str]) -> bool:
        """Whether ``graphs`` can be written as one load: none of them is in the store yet (nothing
        to remove), their N-Triples have no blank node (an update gives each its own node; a load
        keeps labels), and every line ends with " ." (where the graph's name goes)."""
        return all("_:" not in nt and not self._ox.contains_named_graph(ox.NamedNode(iri))
                   and (not nt.strip() or not _UNENDED.search(nt if nt.endswith("\n") else nt + "\n"))
                   for iri, nt in graphs.items())
