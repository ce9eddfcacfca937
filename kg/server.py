"""``kg serve``: the store as a SPARQL 1.1 Protocol endpoint, with the canned queries on a page.

Why our own server (Python's ``ThreadingHTTPServer``) rather than ``oxigraph serve``: an
embedded store can be opened by one process only, and the endpoint must keep kg's rules — the
quarantine graphs stay out of the default graph, parameters of canned queries are bound as RDF
terms, queries have a time limit and a result-size limit, and updates are refused unless asked
for. Oxigraph still does all the SPARQL work; this module only speaks HTTP.

Routes:

- ``GET|POST /sparql``: SPARQL 1.1 Protocol (``?query=``, ``application/sparql-query`` body,
  form-encoded ``query=`` or ``update=``; ``default-graph-uri`` / ``named-graph-uri`` choose the
  dataset, else the default graph is the merge of the source graphs); results as SPARQL JSON, XML, CSV or TSV, graphs as
  Turtle, N-Triples, RDF/XML or JSON-LD, by the ``Accept`` header.
- ``GET /queries`` (the canned queries and their parameters, JSON), ``GET /queries/NAME?k=v``
  (only the names listed there; anything else is a JSON 404, never a file path);
  ``limit=N&offset=M`` answer a page of the rows, in the query's order, with a ``Link: <...>;
  rel="next"`` header when more rows follow.
- ``GET /health``: ``{"status": "ok", "snapshot": ..., ...}``.

An on-disk store opened read-only is opened again when another process (``kg ingest``) has
written to it (:class:`Snapshots`), so the endpoint answers from the latest commit without a
restart; the ``X-KG-Snapshot`` header of every answer (and ``snapshot`` in ``/health``) gives
the time of the store's last change on disk that the answer saw.
- ``GET /sparql`` with no query and an RDF ``Accept`` (Turtle, JSON-LD...): the SPARQL 1.1
  Service Description (:func:`service_description`); a browser is sent to ``/``.
- ``GET /.well-known/void``: the VoID description of the dataset (:func:`kg.query.void.void_graph`).
- ``GET /id/PATH``: the entity ``https://w3id.org/vnkg/id/PATH``, an HTML page for a browser
  (:func:`entity_page`), its triples and incoming links in Turtle, N-Triples, RDF/XML or JSON-LD
  for a client (:func:`entity_triples`); 404 when the store has no triple about it.
- ``GET /``: a page that lists the canned queries with their parameters and runs them.

A ``format`` parameter (``json``, ``xml``, ``csv``, ``tsv``, ``ttl``, ``nt``, ``jsonld``,
``rdfxml``) on ``/sparql``, ``/queries/NAME``, ``/id/...`` and ``/.well-known/void`` chooses the
format whatever the ``Accept`` header says (the page's download links use it); one that does not
fit the answer is ignored.

Every answer carries CORS headers, so a SPARQL editor served from another origin (YASGUI) can use it.
What a web page elsewhere must not do, it cannot: an update (with ``--allow-update``) is refused
(403) when its ``Origin`` is another site's, unless listed in ``--update-origin``; ``SERVICE``
and ``LOAD`` are refused (400), so the endpoint never sends requests to other hosts; a client
that sends its body slowly is cut off after ``socket_timeout`` seconds (408), and a body over
``max_body_bytes`` is refused (413).

>>> from kg.store import Store
>>> server = make_server(Store(), port=0)
>>> server.server_address[0]
'127.0.0.1'
>>> server.server_close()
"""
from __future__ import annotations

import html
import ipaddress
import json
import os
import re
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from kg.errors import (KgError, OutboundRequestRefused, ParameterError, QueryError, QueryTimeout, UnknownQuery,
                       UpdateRefused)
from kg.namespaces import KG, KGR, PREFIXES, SKOS, SOURCE_GRAPH_PREFIX
from kg.store import commit_marker
from kg.query import (Param, Results, canned_query, is_update, list_queries, parse_page, run_sparql,
                      warm_workers)
from kg.query.answers import run_canned

#: media types we answer, first is the default
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
#: the ``format`` parameter's values, for links that cannot set a header (a download link), and
#: the names SPARQLWrapper sends (``format=turtle``); the first media type the answer offers wins
FORMAT_PARAM = {"json": ("application/sparql-results+json", "application/ld+json"),
                "xml": ("application/sparql-results+xml", "application/rdf+xml"),
                "csv": ("text/csv",), "tsv": ("text/tab-separated-values",),
                "ttl": ("text/turtle",), "turtle": ("text/turtle",),
                "nt": ("application/n-triples",), "ntriples": ("application/n-triples",),
                "jsonld": ("application/ld+json",), "json-ld": ("application/ld+json",),
                "rdfxml": ("application/rdf+xml",), "rdf": ("application/rdf+xml",)}
#: each answered media type as a W3C format IRI (https://www.w3.org/ns/formats/), for sd:resultFormat
FORMAT_IRIS = {"application/sparql-results+json": "SPARQL_Results_JSON",
               "application/sparql-results+xml": "SPARQL_Results_XML", "text/csv": "SPARQL_Results_CSV",
               "text/tab-separated-values": "SPARQL_Results_TSV", "text/turtle": "Turtle",
               "application/n-triples": "N-Triples", "application/rdf+xml": "RDF_XML",
               "application/ld+json": "JSON-LD"}
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
#: what a browser asks for (first: the default for ``*/*`` and no Accept), then RDF for clients
PAGE_OR_GRAPH = {"text/html": None, **GRAPH_TYPES}
_ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
            "text/xml": "application/sparql-results+xml", "text/plain": "application/n-triples",
            "application/x-turtle": "text/turtle"}


@dataclass
class Settings:
    """What the endpoint allows."""

    timeout: float = 30.0          # seconds per query
    max_rows: int = 100_000        # result-size limit
    allow_update: bool = False
    cors_origin: str = "*"
    #: origins (``https://editor.example``; ``*`` for any) whose pages may send updates, besides
    #: the endpoint's own; a browser names the page's origin in ``Origin``, so a form on another
    #: site cannot change the store
    update_origins: tuple[str, ...] = ()
    #: seconds a connection may stay silent (a slow or stalled body, an idle keep-alive) before it is closed
    socket_timeout: float = 30.0
    #: largest request body accepted, in bytes (413 above)
    max_body_bytes: int = 10_000_000
    #: seconds between two looks at an on-disk store's files for another process's writes (an
    #: ingest); a read-only store that changed is opened again, so answers see the new articles
    refresh_interval: float = 0.5


def store_marker(path) -> tuple[tuple, str | None]:
    """``kg.store.commit_marker`` with its time as ISO 8601 UTC (the ``X-KG-Snapshot`` header).

    >>> from kg.store import Store
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as d:
    ...     before = store_marker(Store(d).path)
    ...     Store(d).replace_graph("urn:g", '<urn:a> <urn:b> "1" .')
    ...     before[0] != store_marker(d)[0], before[1] <= store_marker(d)[1]
    (True, True)
    """
    marker, when = commit_marker(path)
    return marker, None if when is None else when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Snapshots:
    """The store an endpoint reads, opened again when another process has written to it.

    A read-only Oxigraph store sees the data as it was when it was opened. Every request asks
    ``current()``; at most every ``interval`` seconds it compares the store's files with what
    they were (``store_marker``) and, when they changed, opens the store again (about 10 ms). The
    old handle stays valid for the requests still using it. A store in memory, or opened for
    writing (``--allow-update``: no other process can write), is used as it is. Queries that run
    in a child process (``kg.query.run_sparql`` with ``isolate``) open the store themselves.
    """

    def __init__(self, store, interval: float = 0.5):
        self.interval = interval
        self._store = store
        self._lock = threading.Lock()
        path = getattr(store, "path", None)
        self._path = path if path is not None and os.path.isdir(os.path.join(path, "oxigraph")) else None
        self._reopen = self._path is not None and bool(getattr(store, "read_only", False))
        self._marker, self._when = store_marker(self._path) if self._path is not None else ((), None)
        self._checked = time.monotonic()

    def current(self) -> tuple[object, str | None]:
        """(the store to read, the ISO time of its last change on disk; None for a store in memory)."""
        if self._path is None:
            return self._store, None
        with self._lock:
            now = time.monotonic()
            if now - self._checked >= self.interval:
                self._checked = now
                marker, when = store_marker(self._path)
                if marker != self._marker:
                    if self._reopen:
                        from kg.store import Store

                        try:
                            self._store = Store(self._path, read_only=True)
                        except (KgError, OSError, RuntimeError) as e:
                            # a writer in the middle of rotating its files: keep the last snapshot, look again next time
                            sys.stderr.write(f"kg: could not open the store again ({e}); answering from the last snapshot\n")
                            return self._store, self._when
                    self._marker, self._when = marker, when
            return self._store, self._when


def negotiate(accept: str | None, offered: dict) -> str | None:
    """The offered media type the ``Accept`` header prefers, or None (RFC 9110 content negotiation
    by werkzeug: q-values, ``q=0`` as "not this", the most specific range winning, wildcards).

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate(None, GRAPH_TYPES)
    'text/turtle'
    >>> negotiate("image/png", RESULT_TYPES) is None
    True
    >>> negotiate("text/csv;q=0, */*;q=0.1", RESULT_TYPES)
    'application/sparql-results+json'
    >>> negotiate("application/json", RESULT_TYPES)    # a common name of an offered type
    'application/sparql-results+json'
    """
    if not accept or not accept.strip():
        return next(iter(offered))
    names = list(offered) + [alias for alias, media in _ALIASES.items() if media in offered]
    best = parse_accept_header(accept, MIMEAccept).best_match(names)
    return None if best is None else _ALIASES.get(best, best)


def serialize(results: Results, media: str) -> bytes:
    """Results in a SPARQL results format, or a graph result in an RDF syntax."""
    if results.graph:
        triples = [ox.Triple(*row) for row in results.rows]
        return ox.serialize(triples, format=GRAPH_TYPES[media])
    data = results.json_bytes()
    if media == "application/sparql-results+json":
        return data
    # Oxigraph's own writers for XML, CSV and TSV, fed from the JSON we already hold
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media])


class Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY: the body goes out as soon as it is written. With Nagle's algorithm it waited
    # for the client to acknowledge the headers, which a keep-alive client delays: 40 ms an answer
    disable_nagle_algorithm = True

    # -- plumbing ------------------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self.server.settings  # type: ignore[attr-defined]

    def setup(self) -> None:
        # StreamRequestHandler.setup applies ``timeout`` to the socket: a client that promises a
        # longer body than it sends no longer holds a thread forever
        self.timeout = self.settings.socket_timeout
        super().setup()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (BaseHTTPRequestHandler's name)
        if self.server.verbose:  # type: ignore[attr-defined]
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: int, body: bytes, media: str, extra: dict | None = None) -> None:
        self.send_response(status)
        if getattr(self, "_snapshot", None):
            self.send_header("X-KG-Snapshot", self._snapshot)
        self.send_header("Content-Type", media if media.startswith(("image", "application/octet")) or "charset" in media
                         else media + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", self.settings.cors_origin)
        self.send_header("Vary", "Accept, Origin")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message.rstrip() + "\n").encode(), "text/plain")

    def _json(self, value, status: int = 200) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False, indent=1).encode(), "application/json")

    def _body(self) -> bytes | None:
        """The request body, or None after answering 400, 408 or 413 (the connection is then closed)."""
        length = (self.headers.get("Content-Length") or "0").strip()
        if not re.fullmatch(r"[0-9]+", length):
            self.close_connection = True
            self._error(400, f"Content-Length must be a number of bytes, not {length!r}")
            return None
        n = int(length)
        if n > self.settings.max_body_bytes:
            self.close_connection = True
            self._error(413, f"the request body ({n} bytes) is over this endpoint's limit of "
                             f"{self.settings.max_body_bytes} bytes; send a shorter query")
            return None
        try:
            body = self.rfile.read(n) if n else b""
        except TimeoutError:
            body = None
        if body is None or len(body) < n:
            self.close_connection = True
            self._error(408, f"the request body did not arrive: {n} bytes announced, not all sent "
                             f"within {self.settings.socket_timeout:g} s")
            return None
        return body

    def _check_origin(self) -> None:
        """Refuse a change asked for by a page of another site (a cross-site form POST)."""
        origin = self.headers.get("Origin")
        if origin is None:
            return               # not a browser request: curl, SPARQLWrapper, rdflib
        allowed = {o.rstrip("/").lower() for o in self.settings.update_origins}
        if "*" in allowed or origin.rstrip("/").lower() in allowed or self._same_origin(origin):
            return
        raise UpdateRefused(f"an update sent by a page of {origin} is refused (another site); to accept "
                            f"updates from it, start kg serve with --update-origin {origin}")

    def _same_origin(self, origin: str) -> bool:
        """``Origin`` is this endpoint as the browser reached it: the ``Host`` it asked for, on our port.

        Only an IP address or ``localhost`` counts: a host name could be a rebound DNS name of
        another site (list real names with ``--update-origin``).
        """
        try:
            url = urlsplit(origin)
            port = url.port or (443 if url.scheme == "https" else 80)
        except ValueError:
            return False
        if url.scheme != "http" or origin.lower() != "http://" + (self.headers.get("Host") or "").lower():
            return False
        if port != self.server.server_address[1]:
            return False
        if url.hostname == "localhost":
            return True
        try:
            ipaddress.ip_address(url.hostname or "")
        except ValueError:
            return False
        return True

    # -- verbs ---------------------------------------------------------------------------------

    def do_OPTIONS(self) -> None:  # CORS preflight
        self._snapshot = None
        self._send(204, b"", "text/plain", {
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type, Accept",
            "Access-Control-Max-Age": "86400"})

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        self._route(url.path, params, None)

    def do_POST(self) -> None:
        self._snapshot = None
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        body = self._body()
        if body is None:
            return
        media = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        direct = None
        if media == "application/x-www-form-urlencoded":
            for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif media in ("application/sparql-query", "application/sparql-update"):
            direct = (media, body.decode("utf-8", "replace"))
        else:
            return self._error(415, f"POST wants application/sparql-query, application/sparql-update or a form, not {media or 'no type'}")
        self._route(url.path, params, direct)

    # -- routes --------------------------------------------------------------------------------

    def _route(self, path: str, params: dict, direct) -> None:
        # one snapshot of the store for the whole request, named in the X-KG-Snapshot header
        self._store, self._snapshot = self.server.snapshots.current()  # type: ignore[attr-defined]
        try:
            if path in ("/sparql", "/query", "/update"):
                return self._sparql(params, direct)
            if path == "/health":
                store = self._store
                return self._json({"status": "ok", "sources": len(store.source_graphs()),
                                   "quarantined": len(store.quarantine_graphs()),
                                   "snapshot": self._snapshot,
                                   "read_only": not self.settings.allow_update,
                                   "timeout_s": self.settings.timeout, "max_rows": self.settings.max_rows})
            if path == "/queries":
                return self._json([{"name": q.name, "summary": q.summary,
                                    "params": [p.__dict__ for p in q.params]} for q in list_queries()])
            if path.startswith("/queries/"):
                return self._canned(unquote(path[len("/queries/"):]), params)
            if path in ("/", "/index.html"):
                return self._send(200, page().encode(), "text/html")
            if path in ("/.well-known/void", "/void"):
                return self._void(params)
            if path.startswith("/id/"):
                return self._entity(unquote(path[len("/id/"):]), params)
            return self._error(404, f"no such page: {path} (try /, /sparql, /queries, /health, /.well-known/void)")
        except UpdateRefused as e:
            self._error(403, str(e))
        except UnknownQuery as e:
            self._json({"error": e.message, "code": e.code}, 404)
        except QueryTimeout as e:
            self._error(503, str(e))
        except (ParameterError, OutboundRequestRefused) as e:
            self._error(400, str(e))
        except QueryError as e:
            # a parse error is the client's (400); a result too large is refused by us (500, as the protocol says)
            self._error(500 if "result-size limit" in str(e) else 400, str(e))
        except KgError as e:
            self._error(500, str(e))

    def _sparql(self, params: dict, direct) -> None:
        query = update = None
        if direct is not None:
            kind, text = direct
            query, update = (text, None) if kind == "application/sparql-query" else (None, text)
        else:
            query = (params.get("query") or [None])[0]
            update = (params.get("update") or [None])[0]
        if update is not None:
            if self.command != "POST":
                raise ParameterError("a SPARQL update must be POSTed")
            if not self.settings.allow_update:
                raise UpdateRefused("this endpoint is read-only (start it with kg serve --allow-update to accept updates)")
            self._check_origin()
            run_sparql(self._store, update, allow_update=True)
            return self._send(204, b"", "text/plain")
        if query is None:
            if self.command == "GET" and not [k for k in params if k != "format"]:
                media = self._media(params, PAGE_OR_GRAPH)
                if media is None or media == "text/html":
                    return self._send(303, b"", "text/plain", {"Location": "/"})
                return self._graph(service_description(self._store, self._base() + "/sparql",
                                                       self.settings.allow_update), media)
            raise ParameterError("no query: pass ?query=..., a form field query=, or POST application/sparql-query")
        if is_update(query):
            raise UpdateRefused("an update was sent as a query; this endpoint is read-only for queries")
        dataset = None
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            # the SPARQL Protocol's own dataset: it replaces the query's FROM / FROM NAMED
            dataset = (params.get("default-graph-uri", []), params.get("named-graph-uri", []))
        self._answer(run_sparql(self._store, query, timeout=self.settings.timeout, isolate=True,
                                limit=self.settings.max_rows, dataset=dataset), params)

    def _canned(self, name: str, params: dict) -> None:
        q = canned_query(name)   # by name only: a path here would run any .rq file on the disk
        page = parse_page((params.get("limit") or [None])[0], (params.get("offset") or [None])[0])
        if page is not None and page.limit is not None and page.limit > self.settings.max_rows:
            raise ParameterError(f"limit={page.limit} is over this endpoint's result-size limit of "
                                 f"{self.settings.max_rows} rows")
        values = {k: v[0] for k, v in params.items() if v and v[0] != "" and k not in ("format", "limit", "offset")}
        # from the store's answer tables when they hold this answer (kg.query.answers), else SPARQL
        results = run_canned(self._store, q, values, page=page, form="json", timeout=self.settings.timeout, isolate=True,
                             limit=self.settings.max_rows)
        extra = {}
        if results.more:      # the next page, as RFC 8288 says
            nxt = [(k, v) for k, vs in params.items() for v in vs if k != "offset"]
            nxt.append(("offset", str(results.offset + len(results))))
            extra["Link"] = f'</queries/{quote(name, safe="")}?{urlencode(nxt)}>; rel="next"'
        self._answer(results, params, extra)

    def _media(self, params: dict, offered: dict) -> str | None:
        """The media type to answer in: the ``format`` parameter's, else the ``Accept`` header's.

        A ``format`` that does not fit the answer (``format=turtle`` for a SELECT) is left to
        the ``Accept`` header, as SPARQLWrapper expects (it sends both).
        """
        fmt = (params.get("format") or [""])[0].lower()
        media = next((m for m in FORMAT_PARAM.get(fmt, ()) if m in offered), None)
        return media or negotiate(self.headers.get("Accept"), offered)

    def _answer(self, results: Results, params: dict, extra: dict | None = None) -> None:
        offered = GRAPH_TYPES if results.graph else RESULT_TYPES
        media = self._media(params, offered)
        if media is None:
            return self._error(406, "cannot answer in " + (self.headers.get("Accept") or "") +
                               "; offered: " + ", ".join(offered))
        self._send(200, serialize(results, media), media, extra)

    def _base(self) -> str:
        """This endpoint's URL as the client reached it (its ``Host`` header), without a final slash."""
        host = self.headers.get("Host") or "%s:%s" % self.server.server_address[:2]
        proto = (self.headers.get("X-Forwarded-Proto") or "http").split(",")[0].strip().lower()
        return f"{'https' if proto == 'https' else 'http'}://{host}"

    def _graph(self, g: Graph, media: str) -> None:
        """An rdflib Graph in the negotiated RDF syntax."""
        triples = ox.parse(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        self._send(200, ox.serialize(triples, format=GRAPH_TYPES[media], prefixes=dict(g.namespaces()) if
                                     media == "text/turtle" else None), media)

    def _void(self, params: dict) -> None:
        from kg.query.void import void_graph

        media = self._media(params, GRAPH_TYPES)
        if media is None:
            return self._error(406, "the VoID description is offered in " + ", ".join(GRAPH_TYPES))
        self._graph(void_graph(self._store, self._base() + "/sparql"), media)

    def _entity(self, path: str, params: dict) -> None:
        iri = KGR + path
        store = self._store
        if not _safe_iri(iri):
            return self._error(404, f"no entity {iri}")
        media = self._media(params, PAGE_OR_GRAPH)
        if media is None:
            return self._error(406, "an entity is offered in " + ", ".join(PAGE_OR_GRAPH))
        if media == "text/html":
            text = entity_page(store, iri)
            if text is None:
                return self._error(404, f"no entity {iri}: the store has no triple about it")
            return self._send(200, text.encode(), "text/html")
        triples = entity_triples(store, iri, limit=self.settings.max_rows)
        if not triples:
            return self._error(404, f"no entity {iri}: the store has no triple about it")
        self._send(200, ox.serialize(triples, format=GRAPH_TYPES[media],
                                     prefixes=PREFIXES if media == "text/turtle" else None), media)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # many clients (a browser, a SPARQL editor) open several connections at once
    request_queue_size = 64

    def handle_error(self, request, client_address) -> None:
        # a client that went away or stalled is not our error: no traceback for it
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def make_server(store, host: str = "127.0.0.1", port: int = 7878, settings: Settings | None = None,
                verbose: bool = False) -> Server:
    """A bound, not yet running, endpoint over ``store`` (port 0 picks a free port)."""
    server = Server((host, port), Handler)
    server.store = store  # type: ignore[attr-defined]
    server.settings = settings or Settings()  # type: ignore[attr-defined]
    server.snapshots = Snapshots(store, server.settings.refresh_interval)  # type: ignore[attr-defined]
    server.verbose = verbose  # type: ignore[attr-defined]
    warm_workers(store)   # a query process ready before the first request (kg.query._Worker)
    return server


def serve_in_thread(store, **kw) -> tuple[Server, str]:
    """Start an endpoint in a background thread; returns (server, base URL). For tests and notebooks."""
    server = make_server(store, **kw)
    threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


def service_description(store, endpoint: str, allow_update: bool = False) -> Graph:
    """The `SPARQL 1.1 Service Description <https://www.w3.org/TR/sparql11-service-description/>`_ of the endpoint.

    The default graph is described as what it is, the merge of the named graphs (each fact once):
    not ``sd:UnionDefaultGraph``, whose union would count a fact once per graph stating it.

    >>> from kg.store import Store
    >>> g = service_description(Store(), "http://127.0.0.1:7878/sparql")
    >>> str(g.value(predicate=SD.endpoint, object=URIRef("http://127.0.0.1:7878/sparql")))
    'http://127.0.0.1:7878/sparql'
    >>> (None, SD.supportedLanguage, SD.SPARQL11Update) in g
    False
    """
    from kg.query.stats import store_stats

    st = store_stats(store)
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    g.bind("void", VOID)
    g.bind("dct", DCTERMS)
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if allow_update:
        g.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    for media in (*RESULT_TYPES, *GRAPH_TYPES):
        g.add((service, SD.resultFormat, FORMATS[FORMAT_IRIS[media]]))
    dataset, default = BNode("dataset"), BNode("default-graph")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDFS.seeAlso, URIRef(endpoint.rsplit("/", 1)[0] + "/.well-known/void")))
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(st.facts)))
    g.add((default, DCTERMS.description, Literal(
        "the merge of the named graphs, each fact once however many sources state it "
        "(quarantined sources left out)", lang="en")))
    g.add((dataset, VOID.documents, Literal(st.sources)))
    g.add((dataset, DCTERMS.description, Literal(
        f"{st.sources} named graphs of source articles ({SOURCE_GRAPH_PREFIX}<id>), and graphs of "
        f"the ontology, the reference data, the indicators and the groups ({KGR}graph/...)", lang="en")))
    return g


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def _safe_iri(iri: str) -> bool:
    """True when ``iri`` is an IRI that can stand between ``<>`` in a query.

    >>> _safe_iri(KGR + "person/pham-minh-chinh"), _safe_iri(KGR + "x> } DROP ALL {")
    (True, False)
    """
    if _BAD_IRI.search(iri):
        return False
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def entity_triples(store, iri: str, limit: int = 100_000) -> list:
    """The triples of the default graph about ``iri`` (as subject), and up to ``limit`` links to it.

    >>> from kg.store import Store
    >>> entity_triples(Store(), KGR + "person/nobody")
    []
    """
    out = [ox.Triple(t.subject, t.predicate, t.object)
           for t in store.query(f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")]
    out += [ox.Triple(t.subject, t.predicate, t.object)
            for t in store.query(f"CONSTRUCT {{ ?s ?p <{iri}> }} WHERE {{ ?s ?p <{iri}> }} LIMIT {int(limit)}")]
    return out


def short_form(iri: str) -> str:
    """``kgr:person/pham-minh-chinh`` for an IRI under a known namespace, else the IRI.

    >>> short_form(KGR + "person/pham-minh-chinh"), short_form("urn:x")
    ('kgr:person/pham-minh-chinh', 'urn:x')
    """
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def _href(iri: str) -> str:
    return "/id/" + quote(iri[len(KGR):], safe="/") if iri.startswith(KGR) else iri


def _term_html(term) -> str:
    """A term as HTML: IRIs as links (our own to their /id/ page), literals with their language."""
    if isinstance(term, ox.NamedNode):
        return (f'<a href="{html.escape(_href(term.value))}" title="{html.escape(term.value)}">'
                f'{html.escape(short_form(term.value))}</a>')
    if isinstance(term, ox.BlankNode):
        return f"_:{html.escape(term.value)}"
    text = term.value
    tag = (f' <span class="lang">@{html.escape(term.language)}</span>' if term.language else
           "" if term.datatype.value.endswith("#string") else
           f' <span class="lang">{html.escape(short_form(term.datatype.value))}</span>')
    if len(text) > 400:
        return (f'<details><summary>{html.escape(text[:200])}… ({len(text)} characters)</summary>'
                f'<div class="long">{html.escape(text)}</div></details>{tag}')
    return f'<span class="{"long" if len(text) > 60 else "short"}">{html.escape(text)}</span>{tag}'


def _graph_html(graph: str) -> str:
    """Who states a fact: a link to the source article, or the name of a static graph."""
    if graph.startswith(SOURCE_GRAPH_PREFIX):
        aid = graph[len(SOURCE_GRAPH_PREFIX):]
        return f'<a href="{html.escape(_href(KGR + "article/" + aid))}">{html.escape(aid)}</a>'
    return html.escape(short_form(graph))


_LABELS = (SKOS + "prefLabel", SKOS + "altLabel", str(RDFS.label))


def entity_page(store, iri: str, limit: int = 200) -> str | None:
    """The HTML page of ``iri``: labels, types, facts with the sources stating them and their
    quotes, and up to ``limit`` links to it; None when the store has no triple about it.

    >>> from kg.store import Store
    >>> entity_page(Store(), KGR + "person/nobody") is None
    True
    """
    facts: dict[tuple, list[str]] = {}
    quotes: dict[str, str] = {}
    rows = store.query(f"""SELECT ?p ?o ?g ?quote WHERE {{ GRAPH ?g {{ <{iri}> ?p ?o }}
                           OPTIONAL {{ ?o <{KG}quote> ?quote }} }}""")
    for row in rows:
        facts.setdefault((row["p"], row["o"]), [])
        if row["g"].value not in facts[(row["p"], row["o"])]:
            facts[(row["p"], row["o"])].append(row["g"].value)
        if row["quote"] is not None:
            quotes[row["o"].value] = row["quote"].value
    incoming = list(store.query(f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT {limit + 1}"))
    if not facts and not incoming:
        return None
    labels = sorted({(o.language or "", o.value) for (p, o) in facts if p.value in _LABELS})
    types = sorted({o.value for (p, o) in facts if p.value == str(RDF.type)})
    order = sorted(facts, key=lambda po: (po[0].value != str(RDF.type), po[0].value not in _LABELS,
                                          short_form(po[0].value), str(po[1])))
    fact_rows = []
    for p, o in order:
        value = _term_html(o)
        if o.value in quotes:
            value += f'<blockquote class="long">{html.escape(quotes[o.value])}</blockquote>'
        sources = ", ".join(_graph_html(g) for g in sorted(facts[(p, o)]))
        fact_rows.append(f"<tr><td>{_term_html(p)}</td><td>{value}</td><td>{sources}</td></tr>")
    link_rows = [f"<tr><td>{_term_html(r['s'])}</td><td>{_term_html(r['p'])}</td></tr>" for r in incoming[:limit]]
    more = f"<p>More than {limit} links; only the first {limit} are shown.</p>" if len(incoming) > limit else ""
    title = next((v for lang, v in labels if lang == "en"), labels[0][1] if labels else short_form(iri))
    return (_ENTITY_PAGE.replace("{{TITLE}}", html.escape(title))
            .replace("{{IRI}}", html.escape(iri))
            .replace("{{TYPES}}", ", ".join(_term_html(ox.NamedNode(t)) for t in types) or "—")
            .replace("{{LABELS}}", "".join(f'<li><span class="lang">{html.escape(lang or "—")}</span> '
                                           f"{html.escape(v)}</li>" for lang, v in labels) or "<li>none</li>")
            .replace("{{FACTS}}", "\n".join(fact_rows) or '<tr><td colspan="3">none</td></tr>')
            .replace("{{LINKS}}", "\n".join(link_rows) or '<tr><td colspan="2">none</td></tr>')
            .replace("{{MORE}}", more))


_ENTITY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{TITLE}} — kg</title>
<link rel="icon" href="data:,">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
header a{color:#cfe0ff}main{padding:12px 24px;max-width:1200px}
table{border-collapse:collapse;background:#fff;font-size:13px;margin-bottom:16px}
th,td{border:1px solid #dde2e8;padding:4px 6px;text-align:left;vertical-align:top;white-space:nowrap}
th{background:#eef1f5}td .long,td blockquote,td details{white-space:normal;overflow-wrap:anywhere;min-width:24em;max-width:48em}
blockquote{margin:4px 0 0;padding-left:8px;border-left:3px solid #a8b8cc;color:#3b4756}
.lang{color:#6b7785;font-size:12px}code{background:#eef1f5;padding:1px 4px;border-radius:3px}
header code{background:#2b4a75;color:#fff}ul{margin:4px 0 12px}
</style></head><body>
<header><h1>{{TITLE}}</h1><p><code>{{IRI}}</code> · <a href="/">query the graph</a></p></header>
<main>
<p>Type: {{TYPES}}</p>
<h2>Labels</h2><ul>{{LABELS}}</ul>
<h2>Facts</h2>
<table><thead><tr><th>property</th><th>value</th><th>stated by</th></tr></thead><tbody>
{{FACTS}}
</tbody></table>
<h2>What links here</h2>
<table><thead><tr><th>subject</th><th>property</th></tr></thead><tbody>
{{LINKS}}
</tbody></table>{{MORE}}
<p>As RDF: ask for <code>text/turtle</code>, <code>application/ld+json</code> or
<code>application/n-triples</code> (<code>Accept</code> header), or add <code>?format=ttl</code>.</p>
</main></body></html>
"""

#: examples for parameters whose help text gives none, by name, then by kind
_EXAMPLES = {"assignee": "Ministry of Finance", "name": "Pham Minh Chinh", "chair": "Pham Minh Chinh",
             "indicator": "people who decided to quit their jobs", "month": "2025-11"}
_KIND_EXAMPLES = {"key": "a name, any language", "string": "text", "date": "2025-10-01", "integer": "10",
                  "iri": KGR + "org/ministry-of-finance"}


def param_example(p: Param) -> str:
    """An example value for a parameter box: the first one its help text gives in parentheses,
    else one for its name or its kind.

    >>> param_example(Param("month", "string", True, "deadline in this month or year (2025-11, 2025)"))
    '2025-11'
    >>> param_example(Param("assignee", "key", True, "any label of the assignee"))
    'Ministry of Finance'
    """
    m = re.search(r"\(([^()]+)\)\s*$", p.help or "")
    if m:
        return m.group(1).split(",")[0].strip()
    return _EXAMPLES.get(p.name, _KIND_EXAMPLES.get(p.kind, p.kind))


#: queries the SPARQL box offers, (title, text); they use the predeclared prefixes
EXAMPLES = (
    ("Classes", "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class }\nGROUP BY ?class ORDER BY DESC(?n) LIMIT 20"),
    ("Who chaired which meeting", "SELECT ?date ?chair ?meeting WHERE {\n  ?meeting a kg:Meeting ; kg:date ?date ; "
     "kg:chair/skos:prefLabel ?chair .\n  FILTER(LANG(?chair) = \"en\") } ORDER BY ?date"),
    ("Tasks and their quotes", "SELECT ?task ?assignee ?quote WHERE {\n  ?task a kg:Task ; kg:assignee/skos:prefLabel "
     "?assignee ; kg:evidence/kg:quote ?quote .\n  FILTER(LANG(?assignee) = \"en\") } LIMIT 50"),
)


def page() -> str:
    """The page at ``/``: every canned query as a form; results as a table under it."""
    forms = []
    for q in list_queries():
        fields = "".join(
            f'<label>{html.escape(p.name)}{"" if p.optional else " *"} '
            f'<input name="{html.escape(p.name)}" data-kind="{html.escape(p.kind)}" '
            f'{"" if p.optional else "required "}placeholder="{html.escape(param_example(p))}" '
            f'title="{html.escape(p.kind + ": " + p.help if p.help else p.kind)}"></label>'
            for p in q.params)
        forms.append(
            f'<form class="canned" data-name="{html.escape(q.name)}"><h2>{html.escape(q.name)}</h2>'
            f'<p>{html.escape(q.summary)}</p>{fields}<button type="submit">Run</button></form>')
    prefixes = " ".join(f'<code title="{html.escape(ns)}">{html.escape(p)}:</code>' for p, ns in PREFIXES.items())
    examples = " ".join(f'<button type="button" class="example" data-query="{html.escape(text)}">'
                        f'{html.escape(title)}</button>' for title, text in EXAMPLES)
    return (_PAGE.replace("{{FORMS}}", "\n".join(forms))
            .replace("{{QUERY}}", html.escape(EXAMPLES[0][1]))
            .replace("{{PREFIX_LIST}}", prefixes)
            .replace("{{EXAMPLES}}", examples)
            .replace("{{PREFIXES}}", json.dumps(PREFIXES).replace("</", "<\\/")))


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kg — SPARQL endpoint</title>
<link rel="icon" href="data:,">
<style>
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d2733;background:#f6f7f9}
header{background:#1d3557;color:#fff;padding:14px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;opacity:.85}
main{display:grid;grid-template-columns:360px 1fr;gap:20px;padding:16px 24px;height:calc(100vh - 100px);box-sizing:border-box}
main>section{overflow:auto}
form.canned,#adhoc{background:#fff;border:1px solid #dde2e8;border-radius:8px;padding:10px 14px;margin-bottom:12px}
form h2{font-size:16px;margin:0 0 2px}form p{margin:0 0 8px;color:#55606e;font-size:13px}
label{display:block;font-size:13px;margin:4px 0}input{width:100%;box-sizing:border-box;padding:4px 6px}
input::placeholder{color:#98a2ae;font-style:italic}
textarea{width:100%;box-sizing:border-box;height:120px;font:13px monospace}
button{margin-top:6px;background:#1d3557;color:#fff;border:0;border-radius:5px;padding:5px 14px;cursor:pointer}
button.example{background:#e3e9f1;color:#1d3557;padding:3px 8px;font-size:12px}
#adhoc p.help{margin:6px 0 0;font-size:12px;line-height:1.9}#adhoc p.help code{font-size:11px}
#status{margin:0 0 4px;color:#55606e}#downloads{margin:0 0 8px;font-size:13px}
table{border-collapse:collapse;background:#fff;font-size:13px}
th,td{border:1px solid #dde2e8;padding:4px 6px;text-align:left;vertical-align:top;white-space:nowrap}
td.long,th.wide{white-space:normal;overflow-wrap:anywhere;min-width:24em;max-width:40em}
th{background:#eef1f5;position:sticky;top:0}td a{color:#1d5fa8;text-decoration:none}td a:hover{text-decoration:underline}
header code{background:#2b4a75;color:#fff}.error{color:#b00020;white-space:pre-wrap}
code{background:#eef1f5;padding:1px 4px;border-radius:3px}
</style></head><body>
<header><h1>kg — Vietnam's 2025 local-government reform, as a knowledge graph</h1>
<p>SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST; JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD).
Read-only; quarantined sources are not queried. Entities at <code>/id/…</code>; dataset description at <code>/.well-known/void</code>.</p></header>
<main><section id="forms">
{{FORMS}}
<form id="adhoc"><h2>Your own SPARQL</h2>
<textarea name="query" spellcheck="false" wrap="off">{{QUERY}}</textarea>
<button type="submit">Run</button>
<p class="help">Examples: {{EXAMPLES}}</p>
<p class="help">Prefixes you can use without a <code>PREFIX</code> line: {{PREFIX_LIST}}</p></form>
</section>
<section><p id="status">Pick a question on the left.</p><p id="downloads"></p><div id="results"></div></section></main>
<script>
"use strict";
const PREFIXES = {{PREFIXES}};
const OWN = PREFIXES.kgr;
const WIDE = /quote|description|text|summary|title|topic|phrase/i;
const status = document.getElementById("status");
const out = document.getElementById("results");
const downloads = document.getElementById("downloads");
function shortForm(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(PREFIXES))
    if (iri.startsWith(ns) && (best === null || ns.length > best[1].length)) best = [p, ns];
  return best ? best[0] + ":" + iri.slice(best[1].length) : iri;
}
const SOURCE = /^sources?[A-Z]?$/;   // source identifiers: each a link to its article's page
function cell(td, term, wide, v) {
  if (term.type === "literal" && SOURCE.test(v)) {
    term.value.split("; ").forEach((id, i) => {
      if (i) td.appendChild(document.createTextNode("; "));
      const a = document.createElement("a");
      a.href = "id/article/" + encodeURIComponent(id); a.textContent = id;
      a.title = "the source: title, outlet, dates, URL";
      td.appendChild(a);
    });
    return;
  }
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = term.value.startsWith(OWN) ? "id/" + term.value.slice(OWN.length).split("/").map(encodeURIComponent).join("/") : term.value;
    a.textContent = shortForm(term.value); a.title = term.value;
    td.appendChild(a);
    return;
  }
  td.textContent = term.value;
  if (wide || term.value.length > 60) td.className = "long";
}
function show(data, label, ms) {
  out.textContent = "";
  if (typeof data.boolean === "boolean") { status.textContent = label + ": " + data.boolean; return; }
  const vars = data.head.vars, rows = data.results.bindings;
  status.textContent = label + ": " + rows.length + " row" + (rows.length === 1 ? "" : "s") + " in " + ms + " ms";
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) {
    const th = document.createElement("th"); th.textContent = v;
    if (WIDE.test(v)) th.className = "wide";
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const v of vars) { const td = tr.insertCell(); if (row[v]) cell(td, row[v], WIDE.test(v), v); }
  }
  out.appendChild(table);
}
function offerDownloads(url) {
  downloads.textContent = "Download: ";
  for (const [fmt, name] of [["csv", "CSV"], ["json", "JSON"]]) {
    const a = document.createElement("a");
    a.href = url + (url.includes("?") ? "&" : "?") + "format=" + fmt;
    a.textContent = name; a.setAttribute("download", "results." + fmt);
    downloads.appendChild(a);
    if (fmt === "csv") downloads.appendChild(document.createTextNode(" · "));
  }
}
async function run(url, init, label, again) {
  status.textContent = "running " + label + "…"; out.textContent = ""; downloads.textContent = "";
  const t0 = performance.now();
  const resp = await fetch(url, Object.assign({headers: {"Accept": "application/sparql-results+json"}}, init));
  const ms = Math.round(performance.now() - t0);
  if (!resp.ok) {
    status.textContent = label + ": HTTP " + resp.status;
    const p = document.createElement("p"); p.className = "error"; p.textContent = await resp.text(); out.appendChild(p);
    return;
  }
  const data = await resp.json();
  show(data, label, ms);
  if (data.results) offerDownloads(again);
}
for (const form of document.querySelectorAll("form.canned")) {
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const params = new URLSearchParams();
    for (const input of form.querySelectorAll("input")) if (input.value) params.set(input.name, input.value);
    const url = "queries/" + encodeURIComponent(form.dataset.name) + "?" + params;
    run(url, {}, form.dataset.name, url);
  });
}
document.getElementById("adhoc").addEventListener("submit", ev => {
  ev.preventDefault();
  const query = ev.target.query.value;
  run("sparql", {method: "POST", body: new URLSearchParams({query: query})}, "your query",
      "sparql?" + new URLSearchParams({query: query}));
});
for (const button of document.querySelectorAll("button.example"))
  button.addEventListener("click", () => { document.querySelector("#adhoc textarea").value = button.dataset.query; });
</script></body></html>
"""
