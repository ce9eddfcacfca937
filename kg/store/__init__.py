"""One ``Store`` type: in memory with no path, on disk (Oxigraph/RocksDB) with one.

Tests and production share this code path (the Oxigraph habit). Each source article lives in
its own named graph; reference data, the indicator scheme and the ontology have one graph each.
Queries see the union of all graphs except quarantined ones.

>>> s = Store()
>>> s.replace_graph("https://example.org/g", '<https://example.org/a> <https://example.org/p> "1" .')
>>> s.count()
1
"""
from __future__ import annotations

import gc
import hashlib
import os
import time
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from kg import resources
from kg.errors import StoreError, StoreLocked
from kg.namespaces import (GRAPH_GROUPS, GRAPH_INDICATORS, GRAPH_ONTOLOGY, GRAPH_QUARANTINE_PREFIX,
                           GRAPH_REFERENCE, KG, RDF_type, SKOS, SOURCE_GRAPH_PREFIX)
from kg.text import match_key

_MARKER = "kg-store.txt"
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
    mem._ox.bulk_extend([q for g in _STATIC for q in store.quads(g)])
    return mem


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
        if self.path is None:
            self._ox = ox.Store()
            return
        self._check_folder(self.path, create=not read_only)
        # A second writer waits for the first (up to KG_LOCK_TIMEOUT seconds), then fails clearly.
        deadline = time.monotonic() + float(os.environ.get("KG_LOCK_TIMEOUT", "10"))
        while True:
            try:
                self._ox = ox.Store.read_only(str(self.path / "oxigraph")) if read_only \
                    else ox.Store(str(self.path / "oxigraph"))
                return
            except OSError as e:
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
                marker.write_text("kg knowledge-graph store (Oxigraph). Do not edit by hand.\n")

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
        self.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}")

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Atomically replace a named graph with the given N-Triples."""
        g = ox.NamedNode(graph_iri)
        quads = [ox.Quad(t.subject, t.predicate, t.object, g)
                 for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]
        self._replace(g, quads)

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        """Atomically replace several named graphs (one transaction for all)."""
        parts = []
        for iri, nt in graphs.items():
            g = ox.NamedNode(iri)
            parts.append(f"DROP SILENT GRAPH {g}")
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{nt}\n}} }}")
        if parts:
            self.update(" ;\n".join(parts))

    def drop_graph(self, graph_iri: str) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def load(self, data: bytes | str, fmt: str = "nquads") -> None:
        """Load a dump (N-Quads or TriG): the graphs it holds are replaced, all in one transaction.

        The whole file is parsed before anything is written, so a broken file changes nothing.
        """
        rdf_format = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]
        quads = list(ox.parse(data, format=rdf_format))
        graphs: dict = {}
        for q in quads:
            graphs.setdefault(q.graph_name, []).append(q)
        parts = []
        for g, qs in graphs.items():
            body = "\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in qs)
            if isinstance(g, ox.DefaultGraph):
                parts.append(f"INSERT DATA {{ {body} }}")
            else:
                parts.append(f"DROP SILENT GRAPH {g}")
                parts.append(f"INSERT DATA {{ GRAPH {g} {{ {body} }} }}")
        if parts:
            self.update(" ;\n".join(parts))

    def dump(self, fmt: str = "nquads") -> bytes:
        rdf_format = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}[fmt]
        quads = sorted(self._ox, key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        return ox.serialize(quads, format=rdf_format)

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
        g = ox.NamedNode(graph_iri) if graph_iri else None
        return sum(1 for _ in self._ox.quads_for_pattern(None, None, None, g))

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph_iri) if graph_iri else None
        return self._ox.quads_for_pattern(None, None, None, g)

    def quads_for(self, subject: str, predicate: str | None = None) -> Iterator[ox.Quad]:
        return self._ox.quads_for_pattern(ox.NamedNode(str(subject)),
                                          ox.NamedNode(str(predicate)) if predicate else None, None, None)

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
                out.extend(q for q in self._ox.quads_for_pattern(node, p, None, None)
                           if not (isinstance(q.graph_name, ox.NamedNode)
                                   and q.graph_name.value.startswith(GRAPH_QUARANTINE_PREFIX)))
        return out

    def query(self, sparql: str, *, include_quarantine: bool = False):
        """Run a SPARQL query over the union of graphs (quarantine excluded unless asked)."""
        quarantine = [] if include_quarantine else self.quarantine_graphs()
        if not quarantine:
            return self._ox.query(sparql, use_default_graph_as_union=True)
        keep = [g for g in self._ox.named_graphs() if not g.value.startswith(GRAPH_QUARANTINE_PREFIX)]
        return self._ox.query(sparql, default_graph=keep, named_graphs=keep)

    def update(self, sparql: str) -> None:
        self._quarantine = None
        self._ox.update(sparql)
