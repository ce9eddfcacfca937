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
  (only the names listed there; anything else is a JSON 404, never a file path).
- ``GET /health``: ``{"status": "ok", ...}``.
- ``GET /``: a page that lists the canned queries with their parameters and runs them.

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
import re
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pyoxigraph as ox

from kg.errors import (KgError, OutboundRequestRefused, ParameterError, QueryError, QueryTimeout, UnknownQuery,
                       UpdateRefused)
from kg.query import Results, bind, canned_query, is_update, list_queries, run_sparql

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


def negotiate(accept: str | None, offered: dict) -> str | None:
    """The offered media type the ``Accept`` header prefers (q-values honoured), or None.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES)
    'application/sparql-results+xml'
    >>> negotiate(None, GRAPH_TYPES)
    'text/turtle'
    >>> negotiate("image/png", RESULT_TYPES) is None
    True
    """
    if not accept:
        return next(iter(offered))
    choices = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, _ALIASES.get(media, media)))
    for _, _, media in sorted(choices):
        if media in offered:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return next((m for m in offered if media == "*/*" or m.startswith(media[:-1])), None)
    return None


def serialize(results: Results, media: str) -> bytes:
    """Results in a SPARQL results format, or a graph result in an RDF syntax."""
    if results.graph:
        triples = [ox.Triple(*row) for row in results.rows]
        return ox.serialize(triples, format=GRAPH_TYPES[media])
    data = json.dumps(results.to_json(), ensure_ascii=False).encode()
    if media == "application/sparql-results+json":
        return data
    # Oxigraph's own writers for XML, CSV and TSV, fed from the JSON we already hold
    return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media])


class Handler(BaseHTTPRequestHandler):
    server_version = "kg-sparql/1"
    protocol_version = "HTTP/1.1"

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
        try:
            if path in ("/sparql", "/query", "/update"):
                return self._sparql(params, direct)
            if path == "/health":
                store = self.server.store  # type: ignore[attr-defined]
                return self._json({"status": "ok", "sources": len(store.source_graphs()),
                                   "quarantined": len(store.quarantine_graphs()),
                                   "read_only": not self.settings.allow_update,
                                   "timeout_s": self.settings.timeout, "max_rows": self.settings.max_rows})
            if path == "/queries":
                return self._json([{"name": q.name, "summary": q.summary,
                                    "params": [p.__dict__ for p in q.params]} for q in list_queries()])
            if path.startswith("/queries/"):
                return self._canned(unquote(path[len("/queries/"):]), params)
            if path in ("/", "/index.html"):
                return self._send(200, page().encode(), "text/html")
            return self._error(404, f"no such page: {path} (try /, /sparql, /queries, /health)")
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
            run_sparql(self.server.store, update, allow_update=True)  # type: ignore[attr-defined]
            return self._send(204, b"", "text/plain")
        if query is None:
            if self.command == "GET" and not params:
                return self._send(303, b"", "text/plain", {"Location": "/"})
            raise ParameterError("no query: pass ?query=..., a form field query=, or POST application/sparql-query")
        if is_update(query):
            raise UpdateRefused("an update was sent as a query; this endpoint is read-only for queries")
        dataset = None
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            # the SPARQL Protocol's own dataset: it replaces the query's FROM / FROM NAMED
            dataset = (params.get("default-graph-uri", []), params.get("named-graph-uri", []))
        self._answer(run_sparql(self.server.store, query, timeout=self.settings.timeout, isolate=True,  # type: ignore[attr-defined]
                                limit=self.settings.max_rows, dataset=dataset))

    def _canned(self, name: str, params: dict) -> None:
        q = canned_query(name)   # by name only: a path here would run any .rq file on the disk
        values = {k: v[0] for k, v in params.items() if v and v[0] != ""}
        self._answer(run_sparql(self.server.store, bind(q, values), timeout=self.settings.timeout, isolate=True,  # type: ignore[attr-defined]
                                limit=self.settings.max_rows))

    def _answer(self, results: Results) -> None:
        offered = GRAPH_TYPES if results.graph else RESULT_TYPES
        media = negotiate(self.headers.get("Accept"), offered)
        if media is None:
            return self._error(406, "cannot answer in " + (self.headers.get("Accept") or "") +
                               "; offered: " + ", ".join(offered))
        self._send(200, serialize(results, media), media)


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
    server.verbose = verbose  # type: ignore[attr-defined]
    return server


def serve_in_thread(store, **kw) -> tuple[Server, str]:
    """Start an endpoint in a background thread; returns (server, base URL). For tests and notebooks."""
    server = make_server(store, **kw)
    threading.Thread(target=server.serve_forever, name="kg-serve", daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


def page() -> str:
    """The page at ``/``: every canned query as a form; results as a table under it."""
    forms = []
    for q in list_queries():
        fields = "".join(
            f'<label>{html.escape(p.name)}{"" if p.optional else " *"} '
            f'<input name="{html.escape(p.name)}" data-kind="{html.escape(p.kind)}" '
            f'{"" if p.optional else "required "}placeholder="{html.escape(p.kind)}" title="{html.escape(p.help)}"></label>'
            for p in q.params)
        forms.append(
            f'<form class="canned" data-name="{html.escape(q.name)}"><h2>{html.escape(q.name)}</h2>'
            f'<p>{html.escape(q.summary)}</p>{fields}<button type="submit">Run</button></form>')
    return _PAGE.replace("{{FORMS}}", "\n".join(forms))


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
textarea{width:100%;box-sizing:border-box;height:110px;font:13px monospace}
button{margin-top:6px;background:#1d3557;color:#fff;border:0;border-radius:5px;padding:5px 14px;cursor:pointer}
#status{margin:0 0 8px;color:#55606e}table{border-collapse:collapse;background:#fff;width:100%;font-size:13px}
th,td{border:1px solid #dde2e8;padding:4px 6px;text-align:left;vertical-align:top;max-width:420px;overflow-wrap:anywhere}
th{background:#eef1f5;position:sticky;top:0;white-space:nowrap}header code{background:#2b4a75;color:#fff}.error{color:#b00020;white-space:pre-wrap}
code{background:#eef1f5;padding:1px 4px;border-radius:3px}
</style></head><body>
<header><h1>kg — Vietnam's 2025 local-government reform, as a knowledge graph</h1>
<p>SPARQL 1.1 endpoint at <code>/sparql</code> (GET or POST; JSON, XML, CSV, TSV; Turtle, N-Triples, JSON-LD).
Read-only; quarantined sources are not queried.</p></header>
<main><section id="forms">
{{FORMS}}
<form id="adhoc"><h2>Your own SPARQL</h2>
<textarea name="query">PREFIX kg: &lt;https://w3id.org/vnkg/ontology#&gt;
SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) LIMIT 20</textarea>
<button type="submit">Run</button></form>
</section>
<section><p id="status">Pick a question on the left.</p><div id="results"></div></section></main>
<script>
"use strict";
const status = document.getElementById("status");
const out = document.getElementById("results");
function show(data, label, ms) {
  out.textContent = "";
  if (typeof data.boolean === "boolean") { status.textContent = label + ": " + data.boolean; return; }
  const vars = data.head.vars, rows = data.results.bindings;
  status.textContent = label + ": " + rows.length + " row" + (rows.length === 1 ? "" : "s") + " in " + ms + " ms";
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const v of vars) { const th = document.createElement("th"); th.textContent = v; head.appendChild(th); }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    for (const v of vars) { const td = tr.insertCell(); td.textContent = row[v] ? row[v].value : ""; }
  }
  out.appendChild(table);
}
async function run(url, init, label) {
  status.textContent = "running " + label + "…"; out.textContent = "";
  const t0 = performance.now();
  const resp = await fetch(url, Object.assign({headers: {"Accept": "application/sparql-results+json"}}, init));
  const ms = Math.round(performance.now() - t0);
  if (!resp.ok) {
    status.textContent = label + ": HTTP " + resp.status;
    const p = document.createElement("p"); p.className = "error"; p.textContent = await resp.text(); out.appendChild(p);
    return;
  }
  show(await resp.json(), label, ms);
}
for (const form of document.querySelectorAll("form.canned")) {
  form.addEventListener("submit", ev => {
    ev.preventDefault();
    const params = new URLSearchParams();
    for (const input of form.querySelectorAll("input")) if (input.value) params.set(input.name, input.value);
    run("queries/" + encodeURIComponent(form.dataset.name) + "?" + params, {}, form.dataset.name);
  });
}
document.getElementById("adhoc").addEventListener("submit", ev => {
  ev.preventDefault();
  const body = new URLSearchParams({query: ev.target.query.value});
  run("sparql", {method: "POST", body: body}, "your query");
});
</script></body></html>
"""
