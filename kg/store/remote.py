"""A ``Store`` kept in an external SPARQL 1.1 server (Oxigraph server, Virtuoso, or any other).

:class:`RemoteStore` has the public interface of :class:`kg.store.Store`, so the pipeline, the
validator, the canned queries, the exports and the plots run on it unchanged. It talks HTTP
through ``httpx`` (a keep-alive client per thread, ``httpx.DigestAuth`` or ``httpx.BasicAuth``
as the server's challenge asks, no proxy from the environment):

* **Queries** use the `SPARQL 1.1 Protocol <https://www.w3.org/TR/sparql11-protocol/>`_: one
  form-encoded POST (the query and the dataset parameters in the body, so a long graph list fits).
  SELECT and ASK answers are read as SPARQL JSON results, CONSTRUCT and DESCRIBE answers as
  N-Triples, both with pyoxigraph's own parsers, so callers get real ``QuerySolutions``,
  ``QueryBoolean`` and ``QueryTriples`` objects, exactly as from the embedded store.
* **One graph** (``replace_graph``, ``drop_graph``, the static graphs of ``ensure_static``) is
  written with the `Graph Store HTTP Protocol
  <https://www.w3.org/TR/sparql11-http-rdf-update/>`_: ``PUT ?graph=IRI`` or ``DELETE ?graph=IRI``.
  A PUT carries no SPARQL text for the server to compile, and servers stream it into the store
  without the caps they put on SPARQL bodies. On Oxigraph a PUT is two steps (clear, then load
  in one transaction), so a PUT cut short leaves the graph empty, never half-written.
* **Several graphs at once** (``replace_graphs``, which the pipeline uses to move an article
  between its source graph and its quarantine graph, and ``load``) are written with **one SPARQL
  Update request**: ``DROP SILENT GRAPH`` and ``INSERT DATA`` for each graph, which Oxigraph and
  Virtuoso apply as one transaction, so a reader never sees an article in both graphs or in
  neither. When that request would be larger than ``max_update_bytes`` (64 MB on Oxigraph,
  whose 0.5 server takes SPARQL bodies up to 128 MiB; 1 MB elsewhere, since Virtuoso compiles an
  ``INSERT DATA`` like any query), the graphs go one by one through the Graph Store Protocol, the
  non-empty ones first: that is not atomic, and at worst a reader briefly sees an article both in
  its source graph and in its quarantine graph (which queries do not see).

**The union of graphs.** The embedded store's default graph is the merge of every graph but the
quarantine ones, each fact once; a server is asked for the union instead, which repeats a fact
once per graph stating it (not built here yet: see docs/remote-store.md). Here, when no quarantine graph exists, the server is asked for its union: Oxigraph with the
``union-default-graph`` protocol parameter, Virtuoso natively (its default graph is already the
union of all graphs). When quarantine graphs exist, or on any other server, the query carries
one ``default-graph-uri`` and one ``named-graph-uri`` per kept graph.

**What belongs to the store.** A server may hold other graphs (Virtuoso has system graphs, a
shared Oxigraph other applications' data). ``count``, ``quads``, ``dump``, ``source_graphs``
and the rest see only the graphs named under ``https://w3id.org/vnkg/id/``, which are all the
graphs ``kg`` writes.

>>> ep = Endpoints.preset("oxigraph", "http://127.0.0.1:7878")
>>> ep.query, ep.update, ep.graph_store, ep.union
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/store', 'param')
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import ssl
import threading
from dataclasses import dataclass, replace
from typing import Iterable, Iterator
from urllib.parse import quote, unquote, urlencode, urlsplit

import httpx
import pyoxigraph as ox

from kg import resources
from kg.errors import StoreError
from kg.namespaces import GRAPH_QUARANTINE_PREFIX, KGR, PREFIXES, SOURCE_GRAPH_PREFIX, STATIC_GRAPHS
from kg.sparql import after_prologue, with_prefixes
from kg.store import _STATE, _STATIC, DUMP_FORMATS, Store, _digest, parse_dump

SERVERS = ("oxigraph", "virtuoso", "generic")
UNIONS = ("param", "native", "list")
_EMPTY_GRAPH = KGR + "graph/none"  # names no graph: a dataset of nothing, for a store with no graph yet
_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
_RDF_ACCEPT = "application/n-triples, text/turtle;q=0.8"
_FORM = "application/x-www-form-urlencoded; charset=utf-8"


@dataclass(frozen=True)
class Endpoints:
    """Where a SPARQL server answers, and how to ask it for the union of graphs."""

    query: str
    """SPARQL 1.1 Protocol query URL."""
    update: str | None
    """SPARQL 1.1 Protocol update URL (None: a read-only server)."""
    graph_store: str | None = None
    """Graph Store HTTP Protocol URL (``?graph=IRI`` is appended); None: write with SPARQL Update."""
    union: str = "list"
    """``param`` (Oxigraph's ``union-default-graph``), ``native`` (the default graph already is
    the union) or ``list`` (one ``default-graph-uri`` per graph)."""
    server: str = "generic"
    """``oxigraph``, ``virtuoso`` or ``generic``: picks the cheapest way to list graphs."""
    user: str | None = None
    password: str | None = None
    rdf_media_type: str = "text/turtle"
    """Content type of the graphs PUT (N-Triples is Turtle, and every server reads Turtle)."""
    max_update_bytes: int = 1_000_000
    """The largest SPARQL Update sent as one request; bigger writes go graph by graph."""

    @classmethod
    def preset(cls, server: str, url: str, user: str | None = None, password: str | None = None) -> "Endpoints":
        """The usual layout of a server: ``url`` is its root or its query endpoint.

        >>> Endpoints.preset("virtuoso", "http://localhost:8890/sparql", "dba", "dba").update
        'http://localhost:8890/sparql-auth'
        """
        if server not in SERVERS:
            raise StoreError(f"unknown SPARQL server kind {server!r}; one of {', '.join(SERVERS)}")
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        path = parts.path.rstrip("/")
        if server == "oxigraph":
            base = root + re.sub(r"/(query|update|store|sparql)$", "", path)
            return cls(base + "/query", base + "/update", base + "/store", "param", server, user, password,
                       "application/n-triples", 64_000_000)
        if server == "virtuoso":
            query = root + (path if path else "/sparql")
            # anonymous /sparql may only read; updates and graph writes need digest auth on the -auth paths
            auth = user is not None
            return cls(query, root + ("/sparql-auth" if auth else "/sparql"),
                       root + ("/sparql-graph-crud-auth" if auth else "/sparql-graph-crud"),
                       "native", server, user, password)
        endpoint = root + path
        return cls(endpoint, endpoint, None, "list", server, user, password)


def _as_url(location) -> str:
    # a URL that went through pathlib.Path has lost a slash: Path("http://h:1") is "http:/h:1"
    return re.sub(r"^(https?):/(?!/)", r"\1://", str(location), flags=re.IGNORECASE)


def is_remote(location) -> bool:
    """True for an ``http://`` or ``https://`` store location (also once ``pathlib.Path`` has folded it).

    >>> from pathlib import Path
    >>> is_remote("http://127.0.0.1:7878"), is_remote(Path("https://example.org/sparql")), is_remote("kg-store")
    (True, True, False)
    """
    return _as_url(location).lower().startswith(("http://", "https://"))


def open_location(location, read_only: bool = False, **options):
    """The store at ``location``: a :class:`RemoteStore` for an http(s) URL, else a folder ``Store``.

    Args:
        location: ``http://host:port`` (an Oxigraph server's root, or any server's SPARQL
            endpoint, e.g. ``http://localhost:8890/sparql`` for Virtuoso), or a folder.
        read_only: refuse writes.
        **options: for a URL, ``server`` (oxigraph, virtuoso, generic; detected from the
            server's ``Server`` header when absent), ``query``, ``update``, ``graph_store`` (URLs
            overriding the server's usual layout), ``union`` (param, native, list), ``user``,
            ``password``, ``timeout`` (seconds), ``max_update_bytes``. Each also comes from the
            environment: ``KG_STORE_SERVER``, ``KG_STORE_QUERY_URL``, ``KG_STORE_UPDATE_URL``,
            ``KG_STORE_GRAPH_URL``, ``KG_STORE_UNION``, ``KG_STORE_USER``,
            ``KG_STORE_PASSWORD``, ``KG_STORE_TIMEOUT``, ``KG_STORE_MAX_UPDATE_BYTES``.

    Raises:
        StoreError: the server cannot be reached, or an option is unknown.
    """
    if not is_remote(location):
        given = sorted(k for k, v in options.items() if v is not None)
        if given:
            raise StoreError(f"options {', '.join(given)} apply to a SPARQL server URL, not to folder {location}")
        return Store(location, read_only=read_only)
    return RemoteStore.from_url(_as_url(location), read_only=read_only, **options)


class RemoteStore:
    """The knowledge graph's dataset in a SPARQL 1.1 server; same interface as ``kg.store.Store``.

    Args:
        endpoints: where the server answers.
        read_only: refuse writes (with a ``StoreError``) before anything is sent.
        timeout: seconds to wait for an answer.
        max_update_bytes: the largest SPARQL Update sent as one request (see the module doc);
            None: the server's usual (``Endpoints.max_update_bytes``).
    """

    path = None
    """No folder: the data lives in the server (``url`` says where)."""

    def __init__(self, endpoints: Endpoints, *, read_only: bool = False, timeout: float = 60.0,
                 max_update_bytes: int | None = None):
        self.endpoints = endpoints
        self.url = endpoints.query
        self.read_only = read_only
        self.max_update_bytes = max_update_bytes or endpoints.max_update_bytes
        self._http = _Http(timeout, endpoints.user, endpoints.password)

    @classmethod
    def from_url(cls, url: str, *, read_only: bool = False, server: str | None = None, query: str | None = None,
                 update: str | None = None, graph_store: str | None = None, union: str | None = None,
                 user: str | None = None, password: str | None = None, timeout: float | None = None,
                 max_update_bytes: int | None = None) -> "RemoteStore":
        """A store on the server at ``url``; see :func:`open_location` for the options."""
        env = os.environ.get
        parts = urlsplit(url)
        user = user or (unquote(parts.username) if parts.username else None) or env("KG_STORE_USER")
        password = password or (unquote(parts.password) if parts.password else None) or env("KG_STORE_PASSWORD")
        if user and password is None:
            raise StoreError(f"a user ({user}) but no password for {parts.hostname}; set KG_STORE_PASSWORD")
        host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else (parts.hostname or "")
        clean = parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")).geturl()  # no credentials
        timeout = float(timeout or env("KG_STORE_TIMEOUT") or 60)
        server = server or env("KG_STORE_SERVER")
        if server is None:
            server = _Http(min(timeout, 10.0), None, None).server_kind(clean)
        ep = Endpoints.preset(server, clean, user, password)
        overrides = {"query": query or env("KG_STORE_QUERY_URL"), "update": update or env("KG_STORE_UPDATE_URL"),
                     "graph_store": graph_store or env("KG_STORE_GRAPH_URL"), "union": union or env("KG_STORE_UNION")}
        ep = replace(ep, **{k: v for k, v in overrides.items() if v})
        if ep.union not in UNIONS:
            raise StoreError(f"unknown union mode {ep.union!r}; one of {', '.join(UNIONS)}")
        limit = max_update_bytes or env("KG_STORE_MAX_UPDATE_BYTES")
        return cls(ep, read_only=read_only, timeout=timeout, max_update_bytes=int(limit) if limit else None)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r}, server={self.endpoints.server!r}, read_only={self.read_only})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def ensure_static(self) -> bool:
        """Load or refresh the ontology, reference and indicator graphs; True when changed.

        The graphs are built by the embedded store's own code (in memory), then each changed one
        is PUT whole; its digest triple travels in the same body, so a PUT cut short is redone.
        """
        wanted = {}
        for graph, (kind, pattern) in _STATIC.items():
            files = resources.reference_files() if kind == "reference" else resources.resource_files(kind, pattern)
            wanted[graph] = _digest(files)
        values = " ".join(f"<{g}>" for g in wanted)
        current: dict[str, list[str]] = {}
        for row in self._select(f"SELECT ?g ?d WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g {_STATE} ?d }} }}"):
            current.setdefault(row["g"].value, []).append(row["d"].value)
        changed = [g for g, digest in wanted.items() if current.get(g) != [digest]]
        if not changed:
            return False
        self._writable()
        local = Store()
        local.ensure_static()
        for g in changed:
            self._put(g, _ntriples(local.quads(g)))
        return True

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace a named graph with the given N-Triples (a Graph Store PUT; DELETE when empty)."""
        self._writable()
        g = ox.NamedNode(graph_iri)
        list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))  # a broken body is refused before anything is sent
        if self.endpoints.graph_store is None:
            self._update_one(_replace_update({g.value: ntriples}))
        else:
            self._put(g.value, ntriples)

    def replace_graphs(self, graphs: dict[str, str]) -> None:
        """Replace several named graphs in one SPARQL Update request (one transaction for all)."""
        self._writable()
        if not graphs:
            return
        text = _replace_update({ox.NamedNode(iri).value: nt for iri, nt in graphs.items()})
        if len(text.encode()) <= self.max_update_bytes or self.endpoints.graph_store is None:
            self._update_one(text)
            return
        # too big for one request: graph by graph, non-empty ones first (see the module doc)
        for iri, nt in sorted(graphs.items(), key=lambda kv: not kv[1].strip()):
            self._put(iri, nt)

    def drop_graph(self, graph_iri: str) -> None:
        self._writable()
        g = ox.NamedNode(graph_iri).value
        if self.endpoints.graph_store is None:
            self._update_one(f"DROP SILENT GRAPH <{g}>")
        else:
            self._delete(g)

    def load(self, data: bytes | str | list[ox.Quad], fmt: str = "nquads", *, replace_static: bool = False) -> None:
        """Load a dump (N-Quads or TriG): the graphs it holds are replaced, in one request when it fits.

        ``data``: the file's content, or its quads from ``parse_dump`` (as ``Store.load``). The
        whole file is parsed before anything is sent, so a broken file changes nothing. kg's
        own reference graphs are skipped when the file holds this version of them and refused
        when it holds another, unless ``replace_static`` (as ``Store.load``).
        """
        self._writable()
        graphs: dict[str, list] = {}
        default: list = []
        digests: dict[str, set] = {}
        for q in data if isinstance(data, list) else parse_dump(data, fmt):
            triple = f"{q.subject} {q.predicate} {q.object} ."
            if isinstance(q.graph_name, ox.DefaultGraph):
                default.append(triple)
            else:
                graphs.setdefault(q.graph_name.value, []).append(triple)
                if q.predicate == _STATE and q.subject == q.graph_name:
                    digests.setdefault(q.graph_name.value, set()).add(q.object.value)
        static = [g for g in graphs if g in STATIC_GRAPHS]
        if static:
            self.ensure_static()
        for g in static:
            ours = {r["d"].value for r in self._select(f"SELECT ?d WHERE {{ GRAPH <{g}> {{ <{g}> {_STATE} ?d }} }}")}
            if digests.get(g, set()) == ours:
                del graphs[g]
            elif not replace_static:
                raise StoreError(f"the file holds a version of {g} that is not this kg's own; a load does "
                                 "not replace kg's reference data (use --replace-static if you mean it)")
        bodies = {g: "\n".join(ts) for g, ts in graphs.items()}
        text = _replace_update(bodies)
        if default:
            text += (" ;\n" if text else "") + "INSERT DATA {\n" + "\n".join(default) + "\n}"
        if not text:
            return
        if len(text.encode()) <= self.max_update_bytes or self.endpoints.graph_store is None:
            self._update_one(text)
            return
        for g, body in bodies.items():
            self._put(g, body)
        if default:
            self._send_graph("POST", None, "\n".join(default))

    def dump(self, fmt: str = "nquads") -> bytes:
        quads = sorted(self.quads(), key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
        return ox.serialize(quads, format=DUMP_FORMATS[fmt])

    def flush(self) -> None:
        """Nothing to do: the server has made each request durable before answering it."""

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the server (a ``SyntaxError`` when it does not parse there)."""
        sparql = with_prefixes(sparql, PREFIXES)
        self._writable()
        self._update_one(sparql)

    # ------------------------------------------------------------------ reading

    def source_graphs(self) -> list[str]:
        return [g for g in self._graph_names() if g.startswith(SOURCE_GRAPH_PREFIX)]

    def quarantine_graphs(self) -> list[str]:
        return [g for g in self._graph_names() if g.startswith(GRAPH_QUARANTINE_PREFIX)]

    def has_graph(self, graph_iri: str) -> bool:
        return bool(self._raw_query(f"ASK {{ GRAPH {ox.NamedNode(graph_iri)} {{ ?s ?p ?o }} }}"))

    def count(self, graph_iri: str | None = None) -> int:
        if graph_iri:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(graph_iri)} {{ ?s ?p ?o }} }}"
        else:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_in_scope('?g')} }}"
        return int(next(iter(self._select(q)))["n"].value)

    def facts(self) -> int:
        """Distinct triples of the kept graphs (what the embedded store's default graph holds)."""
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                            f"{_in_scope('?g')} FILTER(!STRSTARTS(STR(?g), \"{GRAPH_QUARANTINE_PREFIX}\")) }} }}")
        return int(rows[0]["n"].value) if rows else 0

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        if graph_iri:
            g = ox.NamedNode(graph_iri)
            rows = self._select(f"SELECT ?s ?p ?o WHERE {{ GRAPH {g} {{ ?s ?p ?o }} }}")
            return iter([ox.Quad(r["s"], r["p"], r["o"], g) for r in rows])
        rows = self._select(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_in_scope('?g')} }}")
        return iter([ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows])

    def quads_for(self, subject: str, predicate: str | None = None) -> Iterator[ox.Quad]:
        return self.named_quads(str(subject), str(predicate) if predicate else None)

    def named_quads(self, subject: str | None = None, predicate: str | None = None,
                    obj: str | None = None, graph: str | None = None) -> Iterator[ox.Quad]:
        """Quads of the named graphs matching a pattern of IRIs (None: any): one request."""
        terms = [ox.NamedNode(v) if v else None for v in (subject, predicate, obj, graph)]
        names = ["?s", "?p", "?o", "?g"]
        s, p, o, g = (str(t) if t is not None else v for t, v in zip(terms, names))
        rows = self._select(f"SELECT * WHERE {{ GRAPH {g} {{ {s} {p} {o} }} {'' if graph else _in_scope('?g')} }}")
        return iter([ox.Quad(*(t if t is not None else r[v[1:]] for t, v in zip(terms, names))) for r in rows])

    def values_of(self, subjects, predicates) -> list[ox.Quad]:
        """The quads giving these predicates of these subjects, quarantine excluded: one request."""
        subjects = [ox.NamedNode(str(s)) for s in subjects]
        if not subjects:
            return []
        preds = " ".join(str(ox.NamedNode(str(p))) for p in predicates)
        rows = self._select(f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {' '.join(map(str, subjects))} }} "
                            f"VALUES ?p {{ {preds} }} GRAPH ?g {{ ?s ?p ?o }} {_in_scope('?g')} "
                            f'FILTER(!STRSTARTS(STR(?g), "{GRAPH_QUARANTINE_PREFIX}")) }}')
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def query(self, sparql: str, *, include_quarantine: bool = False,
              dataset: tuple[list[str], list[str]] | None = None):
        """Run a SPARQL query over the union of graphs (quarantine excluded unless asked).

        ``dataset`` (default graph IRIs, named graph IRIs) replaces it, as on the embedded store.
        Returns pyoxigraph ``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``; a query the
        server cannot parse raises ``SyntaxError``, as the embedded store does.
        """
        if dataset is not None:
            return self._raw_query(sparql, [("default-graph-uri", g) for g in dataset[0]]
                                   + [("named-graph-uri", g) for g in dataset[1]])
        return self._raw_query(sparql, self._dataset(include_quarantine))

    # ------------------------------------------------------------------ protocol

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.url} is opened read-only; this command cannot write to it")
        if self.endpoints.update is None:
            raise StoreError(f"store {self.url} has no update endpoint configured (KG_STORE_UPDATE_URL)")

    def _graph_names(self) -> list[str]:
        """Every graph of the store (the graphs named under the kg namespace), sorted."""
        if self.endpoints.server == "oxigraph":  # Oxigraph lists its named graphs without a scan
            q = f"SELECT ?g WHERE {{ GRAPH ?g {{ }} {_in_scope('?g')} }}"
        else:
            q = f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_in_scope('?g')} }}"
        return sorted({r["g"].value for r in self._select(q) if isinstance(r["g"], ox.NamedNode)})

    def _dataset(self, include_quarantine: bool) -> list[tuple[str, str]]:
        """SPARQL Protocol parameters that make the default graph the union of the kept graphs."""
        union = self.endpoints.union
        if union == "native" and include_quarantine:
            return []
        graphs = self._graph_names()
        if include_quarantine or not any(g.startswith(GRAPH_QUARANTINE_PREFIX) for g in graphs):
            if union == "param":
                return [("union-default-graph", "")]
            if union == "native":
                return []
        keep = [g for g in graphs if include_quarantine or not g.startswith(GRAPH_QUARANTINE_PREFIX)] or [_EMPTY_GRAPH]
        return [("default-graph-uri", g) for g in keep] + [("named-graph-uri", g) for g in keep]

    def _select(self, sparql: str) -> list:
        return list(self._raw_query(sparql))

    def _raw_query(self, sparql: str, dataset: list[tuple[str, str]] | None = None):
        sparql = with_prefixes(sparql, PREFIXES)   # the embedded store declares them in advance too
        form = query_form(sparql)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        body = urlencode([("query", sparql)] + (dataset or [])).encode()
        status, headers, data = self._http.request(
            "POST", self.endpoints.query, body,
            {"Content-Type": _FORM, "Accept": _RDF_ACCEPT if graph else _RESULTS_ACCEPT})
        _check("query", self.endpoints.query, status, data, syntax=True)
        capped = headers.get("X-SPARQL-MaxRows")
        if capped:  # Virtuoso cuts results at ResultSetMaxRows and says so only in this header
            raise StoreError(f"{self.endpoints.query} cut the answer at {capped} rows (Virtuoso's ResultSetMaxRows "
                             "in virtuoso.ini [SPARQL]); raise it and restart the server")
        media = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if graph:
                return _triples(data, media, self.endpoints.query)
            if self.endpoints.server != "oxigraph" and media == "application/sparql-results+json":
                data = _tidy_json(data, _is_distinct(sparql))
            result = _results(data, media, self.endpoints.query)
        except SyntaxError as e:
            raise StoreError(f"{self.endpoints.query} answered something that is not SPARQL results ({media}): {e}") from None
        if form == "ASK" and isinstance(result, ox.QuerySolutions):
            # Virtuoso 7 answers ASK as a one-column SELECT: a row holding 1 for true, no row for false
            true = any(row[0] is not None and row[0].value not in ("0", "false") for row in result)
            return ox.parse_query_results(json.dumps({"head": {}, "boolean": true}), ox.QueryResultsFormat.JSON)
        return result

    def _update_one(self, sparql: str) -> None:
        url = self.endpoints.update
        status, _, data = self._http.request("POST", url, sparql.encode(),
                                             {"Content-Type": "application/sparql-update; charset=utf-8"})
        _check("update", url, status, data, syntax=True)

    def _put(self, graph: str, ntriples: str) -> None:
        if not ntriples.strip():
            self._delete(graph)
        elif self.endpoints.graph_store is None:
            self._update_one(_replace_update({graph: ntriples}))
        else:
            self._send_graph("PUT", graph, ntriples)

    def _delete(self, graph: str) -> None:
        if self.endpoints.graph_store is None:
            self._update_one(f"DROP SILENT GRAPH <{graph}>")
            return
        url = _graph_url(self.endpoints.graph_store, graph)
        status, _, data = self._http.request("DELETE", url)
        if status != 404:  # deleting a graph that is not there is fine, as DROP SILENT is
            _check("graph delete", url, status, data)

    def _send_graph(self, method: str, graph: str | None, ntriples: str) -> None:
        url = _graph_url(self.endpoints.graph_store, graph)
        status, _, data = self._http.request(method, url, ntriples.encode(),
                                             {"Content-Type": self.endpoints.rdf_media_type + "; charset=utf-8"})
        _check(f"graph {method}", url, status, data)


# ---------------------------------------------------------------------- helpers


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first keyword after the prologue.

    >>> query_form("# hi\\nPREFIX ex: <http://x#> BASE <http://b/>\\n construct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    m = re.match(r"(?i)(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", after_prologue(sparql))
    return m.group(1).upper() if m else "SELECT"


def _is_distinct(sparql: str) -> bool:
    return re.match(r"(?i)SELECT\s+(DISTINCT|REDUCED)\b", after_prologue(sparql)) is not None


def _tidy_json(data: bytes, distinct: bool) -> bytes:
    """SPARQL JSON results from a server other than Oxigraph, made safe for pyoxigraph's parser.

    Blank node labels get a valid form (Virtuoso writes ``nodeID://b10009``), and the rows of a
    DISTINCT query are made distinct (Virtuoso 7.2 repeats rows that hold long literals).
    """
    try:
        doc = json.loads(data)
    except ValueError:
        return data  # the parser says what is wrong
    bindings = doc.get("results", {}).get("bindings") if isinstance(doc, dict) else None
    if not isinstance(bindings, list):
        return data
    seen, kept = set(), []
    for row in bindings:
        for term in row.values():
            if term.get("type") == "bnode" and not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", term.get("value", "")):
                term["value"] = "b" + hashlib.sha1(term["value"].encode()).hexdigest()[:24]
        if distinct:
            key = json.dumps(row, sort_keys=True)
            if key in seen:
                continue
            seen.add(key)
        kept.append(row)
    doc["results"]["bindings"] = kept
    return json.dumps(doc).encode()


def _in_scope(var: str) -> str:
    return f'FILTER(STRSTARTS(STR({var}), "{KGR}"))'


def _replace_update(graphs: dict[str, str]) -> str:
    """``DROP SILENT GRAPH`` then ``INSERT DATA`` for each graph, as one SPARQL Update text."""
    parts = []
    for iri, nt in graphs.items():
        parts.append(f"DROP SILENT GRAPH <{iri}>")
        if nt.strip():
            parts.append(f"INSERT DATA {{ GRAPH <{iri}> {{\n{nt}\n}} }}")
    return " ;\n".join(parts)


def _ntriples(quads: Iterable[ox.Quad]) -> str:
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


def _graph_url(endpoint: str, graph: str | None) -> str:
    sep = "&" if "?" in endpoint else "?"
    return endpoint + sep + ("default" if graph is None else "graph=" + quote(graph, safe=""))


def _results(data: bytes, media: str, url: str):
    fmt = ox.QueryResultsFormat.from_media_type(media) if media else None
    if fmt is None:
        raise StoreError(f"{url} answered a query with {media or 'no content type'}, not SPARQL results; "
                         "is this a SPARQL endpoint?")
    return ox.parse_query_results(data, fmt)


def _triples(data: bytes, media: str, url: str):
    fmt = ox.RdfFormat.from_media_type(media) if media else None
    if fmt is None:
        raise StoreError(f"{url} answered a CONSTRUCT with {media or 'no content type'}, not RDF")
    # real QueryTriples for the callers: the triples go through a throw-away in-memory store
    scratch = ox.Store()
    scratch.load(data, format=fmt)
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _check(what: str, url: str, status: int, data: bytes, *, syntax: bool = False) -> None:
    if 200 <= status < 300:
        return
    text = re.sub(r"<[^>]+>", " ", data.decode("utf-8", "replace"))
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    message = " / ".join(lines[:2])[:300] or httpx.codes.get_reason_phrase(status)
    if status == 400 and syntax:
        raise SyntaxError(message)
    if status in (401, 403):
        raise StoreError(f"{url} refused the {what} (HTTP {status}: {message}); check KG_STORE_USER and "
                         "KG_STORE_PASSWORD (Virtuoso writes need the dba account)")
    if status == 404:
        raise StoreError(f"{url} answered 404 to the {what}: no SPARQL service there ({message})")
    raise StoreError(f"the {what} failed at {url} (HTTP {status}): {message}")


class _Auth(httpx.Auth):
    """httpx's digest auth, or its basic auth once the server's challenge asks for basic."""

    def __init__(self, user: str, password: str):
        self._digest = httpx.DigestAuth(user, password)
        self._basic = httpx.BasicAuth(user, password)
        self._basic_only = False

    def auth_flow(self, request: httpx.Request):
        if self._basic_only:
            yield from self._basic.auth_flow(request)
            return
        flow = self._digest.auth_flow(request)
        response = yield next(flow)
        try:
            response = yield flow.send(response)
        except StopIteration:
            pass  # no digest challenge: the first answer stands, unless the challenge is basic
        schemes = {c.split(" ", 1)[0].lower() for c in response.headers.get_list("www-authenticate")}
        if response.status_code == 401 and "basic" in schemes and "digest" not in schemes:
            self._basic_only = True
            yield from self._basic.auth_flow(request)


class _Http:
    """An ``httpx.Client`` (keep-alive, digest or basic auth) per thread and per process.

    Each thread has its own client (a web server may share one store between threads), and a
    forked worker opens new connections rather than write into its parent's sockets. Proxy
    settings of the environment are not used: the store talks to the server it was given.
    """

    def __init__(self, timeout: float, user: str | None, password: str | None):
        self.timeout = timeout
        self.user, self.password = user, password
        self._local = threading.local()

    @property
    def _client(self) -> httpx.Client:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            # the system's trust store (and SSL_CERT_FILE), as the standard library's https uses
            local.pid, local.client = os.getpid(), httpx.Client(
                timeout=self.timeout, trust_env=False, verify=ssl.create_default_context(),
                auth=_Auth(self.user, self.password or "") if self.user else None)
        return local.client

    def close(self) -> None:
        """Close this thread's connections."""
        if getattr(self._local, "pid", None) == os.getpid():
            self._local.client.close()
        self._local.__dict__.clear()

    def server_kind(self, url: str) -> str:
        """oxigraph, virtuoso or generic, from the ``Server`` header of a GET on ``url``."""
        try:
            _, headers, _ = self.request("GET", url, headers={"Accept": "*/*"})
        finally:
            self.close()
        name = (headers.get("Server") or "").lower()
        return "oxigraph" if "oxigraph" in name else "virtuoso" if "virtuoso" in name else "generic"

    def request(self, method: str, url: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, httpx.Headers, bytes]:
        where = url.split("?", 1)[0]
        for attempt in (0, 1):
            try:
                resp = self._client.request(method, url, content=body, headers=headers)
                return resp.status_code, resp.headers, resp.content
            except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as e:
                if attempt == 0:
                    continue  # the server closed an idle keep-alive connection: once more on a new one
                raise StoreError(f"the SPARQL store at {where} closed the connection ({_reason(e)})") from None
            except httpx.TimeoutException:
                raise StoreError(f"the SPARQL store at {where} did not answer within {self.timeout:g} s "
                                 "(KG_STORE_TIMEOUT)") from None
            except (httpx.HTTPError, httpx.InvalidURL) as e:
                raise StoreError(f"cannot reach the SPARQL store at {where}: {_reason(e)}; "
                                 "is the server running?") from None
        raise AssertionError("unreachable")


def _reason(e: BaseException) -> str:
    """The operating system's words for a failed connection ("Connection refused"), else httpx's."""
    cause = e
    while cause is not None:
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
        cause = cause.__cause__ or cause.__context__
    return str(e) or type(e).__name__


__all__ = ["Endpoints", "RemoteStore", "is_remote", "open_location", "query_form"]
