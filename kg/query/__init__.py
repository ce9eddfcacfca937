"""Canned queries (``queries/*.rq``) with ``#+`` headers, parameter binding and result formats.

A parameter is bound as an RDF term in a ``VALUES`` block at the head of the query's outer
group, never pasted into the query text, so a value cannot change the query. A query file
refers to parameter ``x`` as ``?x_param`` and declares it in its header::

    #+ summary: Tasks ...
    #+ params:
    #+   - assignee: key, optional — any label of the assignee

Kinds: ``key`` (folded like names are: lower case, no accents), ``string``, ``date``,
``integer``, ``iri``.

A line that ends with the comment ``#+ with x`` is kept only when ``x`` is given, and one that
ends with ``#+ without x`` only when it is not (``#+ with x y``: both given; ``#+ without x y``:
neither). That lets a given parameter's pattern be where
the engine starts (``?assignee kg:matchKey ?assignee_param``: a lookup in an index) instead of a
``FILTER(!BOUND(...) || ...)`` tested on every row at the end (15 ms against 141 ms for one
assignee's tasks on 1,000 articles; BENCHMARKS.md).

A header line ``#+ index:`` (or ``#+ index: x`` for a key parameter ``x``) has ``kg index`` keep
the query's answers in answer tables (``kg.query.answers``); ``run_query`` reads them when they
hold the answer.
"""
from __future__ import annotations

import csv
import io
import json
from json.encoder import encode_basestring as _jstr     # json.dumps(str, ensure_ascii=False)
import os
import pickle
import queue
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import resources
from kg.errors import (OutboundRequestRefused, ParameterError, QueryError, QueryTimeout, UnknownQuery,
                       UpdateRefused)
from kg.namespaces import PREFIXES
from kg.sparql import after_prologue, code_only, explain_syntax_error, group_end, strip_comments  # noqa: F401  (one lexer for every check)
from kg.text import match_key

FORMATS = ("table", "json", "csv", "tsv")
_KINDS = ("key", "string", "date", "integer", "iri")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str = "string"
    optional: bool = True
    help: str = ""


@dataclass(frozen=True)
class CannedQuery:
    name: str
    summary: str
    text: str
    params: tuple[Param, ...] = ()
    path: Path | None = None

    @property
    def param_names(self) -> list[str]:
        return [p.name for p in self.params]


_MARKER = re.compile(r"#\+[ \t]*(with|without)((?:[ \t]+\w+)+)[ \t]*$")
_PARAM_LINE = re.compile(r"^#\+\s+-\s+(\w+)\s*:\s*(\w+)\s*(?:,\s*(optional|required))?\s*(?:[—-]+\s*(.*))?$")


def parse_query_text(text: str, name: str = "query", path: Path | None = None) -> CannedQuery:
    """Read the ``#+`` header of a query.

    >>> q = parse_query_text('#+ summary: All\\n#+ params:\\n#+   - who: key, optional — a name\\nSELECT * {}')
    >>> q.summary, q.params[0].name, q.params[0].kind
    ('All', 'who', 'key')
    """
    summary, params = "", []
    for line in text.splitlines():
        if not line.startswith("#+"):
            if line.strip() and not line.startswith("#"):
                break
            continue
        if line.startswith("#+ summary:"):
            summary = line.split(":", 1)[1].strip()
            continue
        m = _PARAM_LINE.match(line)
        if m:
            kind = m.group(2)
            if kind not in _KINDS:
                raise QueryError(f"query {name}: parameter {m.group(1)} has unknown kind {kind!r} (one of {', '.join(_KINDS)})")
            params.append(Param(m.group(1), kind, m.group(3) != "required", (m.group(4) or "").strip()))
    names = {p.name for p in params}
    for _, how, marked in _markers(text):
        for param in marked:
            if param not in names:
                raise QueryError(f"query {name}: a line is marked '#+ {how} {param}' but {param} is not a declared parameter")
    return CannedQuery(name, summary, text, tuple(params), path)


def _markers(text: str) -> list[tuple[int, str, tuple[str, ...]]]:
    """(line number, "with" or "without", parameters) of each marked line; a ``#+ with`` inside a
    string or an IRI is not a marker."""
    out = []
    code_lines = code_only(text).split("\n")
    for i, line in enumerate(text.split("\n")):
        m = _MARKER.search(line)
        if m and not code_lines[i][m.start():].strip() and not line.startswith("#+"):
            out.append((i, m.group(1), tuple(m.group(2).split())))
    return out


def _keep_marked(text: str, given: set[str]) -> str:
    """The text without the lines whose marker does not hold: ``#+ with a b`` needs every one of
    a and b given, ``#+ without a b`` none of them (the line stays, emptied, so positions in error
    messages keep their line numbers)."""
    drop = {i for i, how, names in _markers(text)
            if not (all(p in given for p in names) if how == "with" else not any(p in given for p in names))}
    if not drop:
        return text
    return "\n".join("" if i in drop else line for i, line in enumerate(text.split("\n")))


_PARSED: dict = {}      # (path, mtime, size) -> CannedQuery: a file edited is read again


def list_queries() -> list[CannedQuery]:
    """Every canned query shipped in ``queries/``, sorted by name.

    Each file is parsed once while it is unchanged: every canned answer (a library call, an
    endpoint request) asks for its query by name, and reading and parsing nine files took 1 ms,
    more than an answer from the answer tables."""
    out = []
    for p in resources.resource_files("queries", "*.rq"):
        st = p.stat()
        key = (str(p), st.st_mtime_ns, st.st_size)
        q = _PARSED.get(key)
        if q is None:
            q = _PARSED[key] = parse_query_text(p.read_text(encoding="utf-8"), p.stem, p)
        out.append(q)
    return out


def canned_query(name: str) -> CannedQuery:
    """A canned query shipped in ``queries/``, by name only: what ``kg serve`` runs (never a path).

    >>> canned_query("tasks").name
    'tasks'
    >>> try:
    ...     canned_query("../queries/tasks.rq")
    ... except UnknownQuery as e:
    ...     print(e.code)
    KG-E021
    """
    queries = list_queries()
    for q in queries:
        if q.name == name:
            return q
    raise UnknownQuery(f"no canned query {name!r}; known: {', '.join(q.name for q in queries)}")


def get_query(name_or_path: str) -> CannedQuery:
    """A canned query by name, or a ``.rq`` file by path (for ``kg query FILE.rq``; a server uses ``canned_query``)."""
    p = Path(name_or_path)
    if p.suffix == ".rq" and p.exists():
        return parse_query_text(p.read_text(encoding="utf-8"), p.stem, p)
    try:
        return canned_query(name_or_path)
    except UnknownQuery as e:
        raise UnknownQuery(e.message + " (or give a FILE.rq)") from None


def _term(param: Param, value: str) -> ox.Literal | ox.NamedNode:
    if param.kind == "key":
        return ox.Literal(match_key(value))
    if param.kind == "integer":
        if not re.fullmatch(r"-?\d+", value.strip()):
            raise ParameterError(f"parameter {param.name} wants an integer, got {value!r}")
        return ox.Literal(value.strip(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if param.kind == "date":
        from kg.dates import check_iso_date

        return ox.Literal(check_iso_date(value, f"parameter {param.name}"))
    if param.kind == "iri":
        try:
            return ox.NamedNode(value.strip())
        except ValueError:
            raise ParameterError(f"parameter {param.name} wants an IRI, got {value!r}") from None
    return ox.Literal(value)


def bind(query: CannedQuery, values: dict[str, str]) -> str:
    """The query text with a VALUES block binding every declared parameter (UNDEF when absent).

    >>> q = parse_query_text('#+ params:\\n#+   - who: string, optional\\nSELECT * WHERE { ?s ?p ?who_param }')
    >>> print(bind(q, {"who": 'x" } DROP ALL #'}).splitlines()[-1])
    SELECT * WHERE { VALUES ?who_param { "x\\" } DROP ALL #" } ?s ?p ?who_param }

    A subquery that uses a parameter gets the block too, and ``#+ with`` / ``#+ without`` lines
    are kept or dropped:

    >>> q = parse_query_text('#+ params:\\n#+   - who: key, optional\\nSELECT * WHERE {\\n'
    ...     '  { SELECT ?s WHERE { ?s <urn:key> ?who_param } }  #+ with who\\n'
    ...     '  ?s ?p ?o .  #+ without who\\n}')
    >>> print(bind(q, {"who": "Ba"}).split("\\n", 2)[2])
    SELECT * WHERE { VALUES ?who_param { "ba" }
      { SELECT ?s WHERE { VALUES ?who_param { "ba" } ?s <urn:key> ?who_param } }  #+ with who
    <BLANKLINE>
    }
    """
    unknown = set(values) - set(query.param_names)
    if unknown:
        declared = ", ".join(query.param_names) or "none"
        raise ParameterError(f"query {query.name} has no parameter {', '.join(sorted(unknown))} (declared: {declared})")
    if not query.params:
        return query.text
    text = _keep_marked(query.text, set(values))
    rows = []
    for p in query.params:
        if p.name in values:
            rows.append(f"VALUES ?{p.name}_param {{ {_term(p, values[p.name])} }}")
        elif not p.optional:
            raise ParameterError(f"query {query.name} needs --param {p.name}=VALUE ({p.help})")
        else:
            rows.append(f"VALUES ?{p.name}_param {{ UNDEF }}")
    code = code_only(text)   # a WHERE or a brace in a comment, a string or an IRI is not the group
    body = _where_body(code)
    if body is None:
        raise QueryError(f"query {query.name}: no WHERE group to bind parameters in")
    # a subquery sees only what it selects: one that uses a parameter gets its own VALUES block
    inserts = [(body, rows)]
    for sub in re.finditer(r"\bWHERE\s*\{", code[body:], flags=re.IGNORECASE):
        start = body + sub.end()
        group = code[start:group_end(code, start - 1) or len(code)]
        own = [row for p, row in zip(query.params, rows) if re.search(rf"\?{p.name}_param\b", group)]
        if own:
            inserts.append((start, own))
    for at, block in sorted(inserts, reverse=True):
        text = text[:at] + " " + " ".join(block) + text[at:]
    return text


def _where_body(code: str) -> int | None:
    """Where the query's outer group starts (just after ``WHERE {``, or its first ``{``), in text
    that ``code_only`` blanked; None when it has none."""
    m = re.search(r"\bWHERE\s*\{", code, flags=re.IGNORECASE) or re.search(r"\{", code)
    return m.end() if m else None


def is_update(sparql: str) -> bool:
    """True for a SPARQL update (INSERT, DELETE, LOAD, DROP...), False for a query.

    >>> is_update('PREFIX kg: <https://w3id.org/vnkg/ontology#>\\nINSERT DATA { <urn:a> kg:p "#" }')
    True
    >>> is_update('# DROP ALL\\nSELECT * { ?s <urn:x#DELETE> "INSERT" }')
    False
    """
    return bool(re.match(r"(?i)(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", after_prologue(sparql)))


_NAME_CHARS = "\u00b7\u0300-\u036f\u203f\u2040"
_VAR_TAIL = re.compile(rf"[\w{_NAME_CHARS}]*$")
_NAME_TAIL = re.compile(rf"[\w{_NAME_CHARS}.:%\-]*$")
_SERVICE_CLAUSE = re.compile(r"(?i)SERVICE\s*(?:SILENT\s*)?[^\s{}]*\s*\{")


def outbound_request(sparql: str) -> str | None:
    """The keyword that would make Oxigraph fetch from the network (``SERVICE``, or ``LOAD`` in an
    update), or None. Oxigraph reads a keyword even glued to what follows (``SERVICE:x {``), so
    the check is wide: the word counts unless it is inside an IRI, a string, a comment, a
    variable (``?service``) or a prefixed name's local part (``schema:Service``).

    >>> outbound_request('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    'SERVICE'
    >>> outbound_request('SELECT ?service { GRAPH ?service { ?s <urn:x#service> "service" } } # SERVICE <x> {')
    >>> outbound_request('LOAD <http://example.org/x.ttl>')
    'LOAD'
    """
    code = code_only(sparql)
    update = is_update(sparql)
    for m in re.finditer(r"(?i)SERVICE|LOAD", code):
        before = code[:m.start()]
        var = _VAR_TAIL.search(before)
        if var.start() > 0 and before[var.start() - 1] in "?$":
            continue                        # inside a variable's name
        if ":" in _NAME_TAIL.search(before).group(0):
            continue                        # inside a prefixed name's local part (or a blank node label)
        word = m.group(0).upper()
        if word == "LOAD" and update:
            return word
        if word == "SERVICE" and _SERVICE_CLAUSE.match(code, m.start()):
            return word
    return None


@dataclass
class Results:
    """SELECT results as variables and rows of pyoxigraph terms (None when unbound)."""

    variables: list[str]
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None
    graph: bool = False        # CONSTRUCT/DESCRIBE: rows are (subject, predicate, object) triples
    #: rows skipped before the first one (a page, see ``Page``)
    offset: int = 0
    #: for a page: True when rows follow it, False when it is the last; None when not paged
    more: bool | None = None

    def to_json(self) -> dict:
        if self.boolean is not None:
            return {"head": {}, "boolean": self.boolean}
        bindings = []
        for row in self.rows:
            b = {}
            for var, term in zip(self.variables, row):
                if term is not None:
                    b[var] = _json_term(term)
            bindings.append(b)
        return {"head": {"vars": self.variables}, "results": {"bindings": bindings}}

    def json_text(self) -> str:
        """``json.dumps(self.to_json())``, written without a dict per binding: each distinct term's
        JSON is made once (an answer repeats its labels, units and dates; from the answer tables
        equal cells are one term object).

        >>> r = Results(["s", "n"], [[ox.NamedNode("urn:a"), ox.Literal("1", datatype=ox.NamedNode(
        ...     "http://www.w3.org/2001/XMLSchema#integer"))], [ox.NamedNode("urn:a"), None]])
        >>> json.loads(r.json_text()) == r.to_json()
        True
        """
        if self.boolean is not None:
            return json.dumps(self.to_json(), ensure_ascii=False)
        made: dict = {}              # id(term) -> its JSON: the rows keep every term alive meanwhile
        keys = json_keys(self.variables)
        return json_bindings(self.variables, [json_row(keys, row, made) for row in self.rows])

    def json_bytes(self) -> bytes:
        """``json_text()`` in UTF-8, as the endpoint sends it."""
        return self.json_text().encode()

    def __len__(self) -> int:
        return len(self.rows)

    def values(self) -> list[dict[str, str | None]]:
        return [{v: (t.value if t is not None else None) for v, t in zip(self.variables, row)} for row in self.rows]


def json_keys(variables: list[str]) -> list[str]:
    return [_jstr(v) + ": " for v in variables]


def json_row(keys: list[str], row: list, made: dict) -> str:
    """One binding of the SPARQL JSON results, as text (``made``: id(term) -> its JSON, a memo)."""
    items = []
    for key, term in zip(keys, row):
        if term is None:
            continue
        text = made.get(id(term))
        if text is None:
            text = made[id(term)] = _json_term_text(term)
        items.append(key + text)
    return "{" + ", ".join(items) + "}"


def json_bindings(variables: list[str], rows: list):
    """The SPARQL JSON results document around bindings already written, as text (``str`` rows) or
    UTF-8 (``bytes`` rows: an answer of megabytes is copied once and never decoded).

    >>> json_bindings(["x"], [b'{}', b'{}'])
    b'{"head": {"vars": ["x"]}, "results": {"bindings": [{}, {}]}}'
    >>> json_bindings(["x"], [])
    '{"head": {"vars": ["x"]}, "results": {"bindings": []}}'
    """
    head = '{"head": ' + json.dumps({"vars": variables}, ensure_ascii=False) + ', "results": {"bindings": ['
    if not rows:
        return head + "]}}"
    sep, end = ", ", "]}}"
    if isinstance(rows[0], bytes):
        head, sep, end = head.encode(), b", ", b"]}}"
    rows = list(rows)                 # the ends go onto the first and last rows: one copy of it all
    rows[0] = head + rows[0]
    rows[-1] = rows[-1] + end
    return sep.join(rows)


def _json_term_text(term) -> str:
    """``json.dumps(_json_term(term), ensure_ascii=False)``, without the dict."""
    if isinstance(term, ox.NamedNode):
        return '{"type": "uri", "value": ' + _jstr(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type": "bnode", "value": ' + _jstr(term.value) + "}"
    if term.language:
        return '{"type": "literal", "value": ' + _jstr(term.value) + ', "xml:lang": ' + _jstr(term.language) + "}"
    dt = term.datatype
    if dt and dt.value != "http://www.w3.org/2001/XMLSchema#string":
        return '{"type": "literal", "value": ' + _jstr(term.value) + ', "datatype": ' + _jstr(dt.value) + "}"
    return '{"type": "literal", "value": ' + _jstr(term.value) + "}"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


DEFAULT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Page:
    """A page of a SELECT result: ``limit`` rows (None: every row) after the first ``offset``."""

    limit: int | None = None
    offset: int = 0


def parse_page(limit: str | int | None, offset: str | int | None) -> Page | None:
    """A ``Page`` from ``limit`` / ``offset`` as a client gives them (None or "" when absent).

    Both must be non-negative integers (ParameterError otherwise); None when neither is given.

    >>> parse_page("10", "20")
    Page(limit=10, offset=20)
    >>> parse_page(None, "") is None
    True
    >>> try:
    ...     parse_page("-1", None)
    ... except ParameterError as e:
    ...     print(e.message)
    limit must be a non-negative integer, not '-1'
    """
    values = {}
    for name, value in (("limit", limit), ("offset", offset)):
        if value is None or value == "":
            continue
        text = str(value).strip()
        if not re.fullmatch(r"[0-9]+", text):
            raise ParameterError(f"{name} must be a non-negative integer, not {value!r}")
        values[name] = int(text)
    if not values:
        return None
    return Page(values.get("limit"), values.get("offset", 0))


_LIMIT_OFFSET = re.compile(r"(?i)\b(LIMIT|OFFSET)\s*([0-9]+)")


def paged(sparql: str, page: Page) -> str:
    """The SELECT query ``sparql`` asking for ``page``, plus one row (which tells whether more follow).

    The outer query's LIMIT / OFFSET are set, or replaced: its ORDER BY stays, so pages of an
    ordered query are stable and concatenate to the whole result. A query with its own LIMIT /
    OFFSET is paged within them. The engine stops after the rows asked for, except that an
    ORDER BY (or an aggregate) still computes every row before the first comes out.

    >>> print(paged("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s # sorted", Page(10, 20)))
    SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s # sorted
    LIMIT 11 OFFSET 20
    >>> print(paged("SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 25 OFFSET 5", Page(10, 20)).split("\\n")[1])
    LIMIT 5 OFFSET 25
    """
    code = code_only(sparql)
    start = len(code) - len(after_prologue(sparql))
    if not re.match(r"(?i)SELECT\b", code[start:]):
        form = re.match(r"[A-Za-z]*", code[start:]).group(0).upper() or "this query"
        raise ParameterError(f"limit and offset page the rows of a SELECT query ({form} given); "
                             "write LIMIT / OFFSET in the query itself")
    end = group_end(code, start)
    if end is None:
        return sparql            # no WHERE group: the engine says what is wrong
    values = re.search(r"(?i)\bVALUES\b", code[end:])
    modifiers_end = end + values.start() if values else len(code)
    limit, offset, cuts = None, 0, []
    for m in _LIMIT_OFFSET.finditer(code, end, modifiers_end):
        if m.group(1).upper() == "LIMIT":
            limit = int(m.group(2))
        else:
            offset = int(m.group(2))
        cuts.append((m.start(), m.end()))
    want = None if page.limit is None else page.limit + 1
    if limit is not None:
        room = max(0, limit - page.offset)
        want = room if want is None else min(want, room)
    clause = (f"LIMIT {want} " if want is not None else "") + f"OFFSET {offset + page.offset}"
    kept, at = [], 0
    for a, b in cuts:            # positions in ``code`` are positions in ``sparql`` (same length)
        kept.append(sparql[at:a])
        at = b
    kept.append(sparql[at:modifiers_end])
    # on a line of its own: the text may end in a comment
    return "".join(kept).rstrip() + "\n" + clause + ("\n" + sparql[modifiers_end:] if values else "")


def run_sparql(store, sparql: str, *, allow_update: bool = False, include_quarantine: bool = False,
               timeout: float | None = None, limit: int | None = None, isolate: bool = False,
               dataset: tuple[list[str], list[str]] | None = None, page: Page | None = None) -> Results:
    """Run a SPARQL query (or, with ``allow_update``, an update) on a store.

    ``page`` answers one page of a SELECT query's rows (see ``paged``); ``Results.offset`` and
    ``Results.more`` say where it is. ``limit`` still refuses a page of more rows than that.

    ``timeout`` (seconds) stops a query that runs too long with QueryTimeout; ``limit`` refuses a
    result of more rows than that (add LIMIT/OFFSET). ``dataset`` (default graph IRIs, named graph
    IRIs: the SPARQL Protocol's ``default-graph-uri`` / ``named-graph-uri``) replaces the query's
    own dataset. Updates are never timed out: an update
    abandoned half-way would still be applied. ``SERVICE`` and ``LOAD`` are refused
    (OutboundRequestRefused): kg never fetches from the network on a query's behalf.

    How a timed-out query is stopped: pyoxigraph 0.5 has no way to cancel a query, and an
    aggregate or ORDER BY computes all its rows inside ``Store.query`` before the first one comes
    out, so checking the clock between rows is not enough. With ``isolate`` (what ``kg serve``
    asks, a long-lived process) a query on an on-disk store runs in a child process that opens
    the store read-only, and the child is killed at the deadline (about 0.1 s more per query).
    Otherwise it runs on a daemon thread that is given up on at the deadline: the caller gets
    QueryTimeout and the thread works on until the query is done or the process ends (``kg
    query`` ends at once; so does the work).

    >>> from kg.store import Store
    >>> s = Store()
    >>> s.replace_graph("urn:g", "".join(f'<urn:s{i}> <urn:p> "{i}" .' for i in range(5)))
    >>> r = run_sparql(s, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", page=Page(2, 2))
    >>> [row[0].value for row in r.rows], r.offset, r.more
    (['2', '3'], 2, True)
    """
    if page is None:
        return _run_sparql(store, sparql, allow_update, include_quarantine, timeout, limit, isolate, dataset)
    if is_update(sparql):
        raise ParameterError("limit and offset page the rows of a query, not an update")
    if page.limit is not None and limit is not None and page.limit <= limit:
        limit = None   # the page, plus the one row telling whether more follow, is within the size limit
    results = _run_sparql(store, paged(sparql, page), allow_update, include_quarantine, timeout, limit, isolate,
                          dataset)
    results.offset = page.offset
    results.more = page.limit is not None and len(results.rows) > page.limit
    if results.more:
        del results.rows[page.limit:]
    return results


def _run_sparql(store, sparql: str, allow_update: bool, include_quarantine: bool, timeout: float | None,
                limit: int | None, isolate: bool, dataset) -> Results:
    what = outbound_request(sparql)
    if what:
        raise OutboundRequestRefused(
            f"{what} makes the store fetch from another server; kg does not send requests on a "
            f"query's behalf: query that server yourself, or load its data first (kg ingest)")
    if is_update(sparql):
        if not allow_update:
            raise UpdateRefused("this is a SPARQL update; kg query is read-only unless --allow-update is given")
        try:
            store.update(sparql)
        except SyntaxError as e:
            raise QueryError("SPARQL update does not parse: " + explain_syntax_error(sparql, str(e), PREFIXES)) from None
        store.flush()
        return Results([], [], boolean=True)
    if not timeout:
        return _evaluate(store, sparql, include_quarantine, None, limit, dataset)
    path = _disk_path(store) if isolate else None
    if path is not None:
        return _evaluate_in_child(path, sparql, include_quarantine, timeout, limit, dataset)
    # Oxigraph evaluates without the GIL, so a thread can be given up on; it also checks the
    # deadline between rows, so a streaming query stops there too.
    deadline = time.monotonic() + timeout
    box: dict = {}

    def work() -> None:
        try:
            box["results"] = _evaluate(store, sparql, include_quarantine, deadline, limit, dataset)
        except BaseException as e:  # noqa: BLE001 (handed to the caller's thread)
            box["error"] = e.with_traceback(None)  # frames stay here, with what they hold

    worker = threading.Thread(target=work, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeout(_timeout_message(timeout))
    if "error" in box:
        raise box["error"]
    return box["results"]


def _disk_path(store) -> Path | None:
    """The folder of an on-disk ``kg.store.Store`` (which a child process can open read-only), else None."""
    from kg.store import Store

    if isinstance(store, Store) and store.path is not None and sys.executable:
        return store.path
    return None


#: seconds a query's child process may take to start and open the store, on top of the time limit
CHILD_START_LIMIT = 60.0


class _Worker:
    """A child process that opens the store read-only and answers queries one at a time.

    Started once and reused (starting Python and opening the store cost 70-110 ms, more than most
    answers); killed at a query's deadline, which is what stops Oxigraph's work. Requests and
    replies are pickles with a length prefix on its stdin / stdout.
    """

    def __init__(self, path: Path):
        env = dict(os.environ)
        here = str(Path(__file__).resolve().parents[2])   # the folder holding the kg package
        env["PYTHONPATH"] = os.pathsep.join([here] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
        self.path = path
        self.proc = subprocess.Popen([sys.executable, "-c", "from kg.query import _child_main; _child_main()"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.proc.stdin.write(pickle.dumps(str(path)))
        self.proc.stdin.flush()
        self._replies: "queue.Queue[bytes | None]" = queue.Queue()
        self.ready = threading.Event()
        threading.Thread(target=self._read, name="kg-query-reader", daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        try:
            if out.read(1) == b"R":
                self.ready.set()
                while True:
                    head = out.read(8)
                    if len(head) < 8:
                        break
                    self._replies.put(out.read(int.from_bytes(head, "big")))
        except (OSError, ValueError):
            pass
        finally:
            self.ready.set()
            self._replies.put(None)

    def ask(self, request: tuple, timeout: float) -> tuple:
        """The reply to ``request``; raises QueryTimeout (the worker killed) after ``timeout`` s."""
        if not self.ready.wait(CHILD_START_LIMIT) or self.proc.poll() is not None:
            self.kill()
            raise QueryError(f"the query process did not start within {CHILD_START_LIMIT:g} s; try again")
        data = pickle.dumps(request)
        try:
            self.proc.stdin.write(len(data).to_bytes(8, "big") + data)
            self.proc.stdin.flush()
        except OSError:
            pass   # it died; reported below
        try:
            reply = self._replies.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise QueryTimeout(_timeout_message(timeout)) from None
        if reply is None:
            self.kill()
            raise QueryError(f"the query process failed (exit code {self.proc.returncode}); see the messages above")
        return pickle.loads(reply)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()          # the query's work stops here
        self.proc.wait()
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


_IDLE: dict[str, list[_Worker]] = {}
_IDLE_LOCK = threading.Lock()
#: idle query processes kept per store (a server's concurrent queries beyond this start their own)
IDLE_WORKERS = 2


def warm_workers(store, n: int = 1) -> None:
    """Start ``n`` query processes for an on-disk ``store`` now, so its first timed queries do not
    wait for one (``kg serve`` does this); nothing for a store in memory or on a server."""
    path = _disk_path(store)
    if path is None:
        return
    with _IDLE_LOCK:
        idle = _IDLE.setdefault(str(path), [])
        while len(idle) < n:
            idle.append(_Worker(Path(path)))


def _evaluate_in_child(path: Path, sparql: str, include_quarantine: bool, timeout: float,
                       limit: int | None, dataset=None) -> Results:
    """Run a query in a query process (see ``run_sparql``) and kill it at the deadline.

    An idle process of the store is reused, else one is started; the clock starts when it has
    opened the store, so a slow start (a loaded machine) does not eat the query's time. The
    process sees the store as of its last commit: the request carries ``commit_marker`` and the
    process opens the store again when it changed. It inherits the caller's stderr.
    """
    from kg.store import commit_marker

    with _IDLE_LOCK:
        idle = _IDLE.setdefault(str(path), [])
        worker = idle.pop() if idle else None
    if worker is None or worker.proc.poll() is not None:
        worker = _Worker(path)
    kind, value, *rest = worker.ask((commit_marker(path)[0], sparql, include_quarantine, timeout, limit, dataset),
                                    timeout)
    with _IDLE_LOCK:
        idle = _IDLE.setdefault(str(path), [])
        if len(idle) < IDLE_WORKERS:
            idle.append(worker)
            worker = None
    if worker is not None:
        worker.kill()
    if kind == "error":
        raise QueryTimeout(_timeout_message(timeout)) if value is QueryTimeout else value(rest[0])
    return value


def _child_main() -> None:
    """A query process (``_Worker``): the store's path, then b"R" once open, then one reply per request.

    A reply is ``("ok", Results)`` or ``("error", KgError subclass, message)``. A read-only
    store can lose a file to the writer's compaction while it opens or reads ("No such file"):
    then it is opened again, within the time limit. A watchdog ends the process if its parent
    dies, or if a query outlives its deadline by 5 s (the parent kills it first).
    """
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)                       # anything printed goes to stderr, not into the reply
    src = sys.stdin.buffer
    path = pickle.load(src)
    from kg.errors import KgError
    from kg.store import Store

    parent, hard_stop = os.getppid(), [time.monotonic() + CHILD_START_LIMIT]

    def watchdog() -> None:             # Oxigraph releases the GIL, so this runs during a query
        while os.getppid() == parent and time.monotonic() < hard_stop[0]:
            time.sleep(0.2)
        os._exit(3)

    threading.Thread(target=watchdog, name="kg-query-watchdog", daemon=True).start()
    store, marker = None, None
    try:
        store = Store(path, read_only=True)
    except Exception:  # noqa: BLE001 (opened again with the first request)
        pass
    out.write(b"R")
    out.flush()
    hard_stop[0] = float("inf")
    while True:
        head = src.read(8)
        if len(head) < 8:
            return                      # the parent closed the pipe: done
        wanted, sparql, include_quarantine, timeout, limit, dataset = pickle.loads(src.read(int.from_bytes(head, "big")))
        deadline = time.monotonic() + timeout
        hard_stop[0] = deadline + 5
        while True:
            try:
                if store is None or wanted != marker:
                    store, marker = Store(path, read_only=True), wanted
                reply = ("ok", _evaluate(store, sparql, include_quarantine, deadline, limit, dataset))
            except Exception as e:  # noqa: BLE001 (sent to the parent)
                if "no such file" in str(e).lower() and time.monotonic() < deadline:
                    store = None
                    time.sleep(0.02)
                    continue
                reply = ("error", type(e), e.message) if isinstance(e, KgError) else \
                    ("error", QueryError, f"query failed: {type(e).__name__}: {e}")
            break
        data = pickle.dumps(reply)
        out.write(len(data).to_bytes(8, "big") + data)
        out.flush()
        hard_stop[0] = float("inf")


def _timeout_message(timeout: float) -> str:
    return (f"query stopped after {timeout:g} s (the time limit); narrow it (LIMIT, a FILTER, fewer "
            "joins) or raise the limit with --timeout / KG_QUERY_TIMEOUT")


def _evaluate(store, sparql: str, include_quarantine: bool, deadline: float | None, limit: int | None,
              dataset=None) -> Results:
    try:
        result = store.query(sparql, include_quarantine=include_quarantine, dataset=dataset)
    except SyntaxError as e:
        raise QueryError("SPARQL does not parse: " + explain_syntax_error(sparql, str(e), PREFIXES)) from None
    except OSError as e:
        raise QueryError(f"query failed: {e}") from None
    try:
        if isinstance(result, ox.QueryBoolean):
            return Results([], [], boolean=bool(result))
        graph = isinstance(result, ox.QueryTriples)
        variables = ["subject", "predicate", "object"] if graph else [v.value for v in result.variables]
        rows = []
        for item in result:
            rows.append([item.subject, item.predicate, item.object] if graph else [item[v] for v in variables])
            if deadline is not None and len(rows) % 256 == 0 and time.monotonic() > deadline:
                raise QueryTimeout(_timeout_message(0))
            if limit is not None and len(rows) > limit:
                raise QueryError(f"the result has more than {limit} rows (the result-size limit); "
                                 "page through it with LIMIT and OFFSET")
    finally:
        del result  # Oxigraph's result iterator must be dropped on the thread that made it
    return Results(variables, rows, graph=graph)


def run_query(store, name_or_path: str, params: dict[str, str] | None = None, **kw) -> Results:
    """Run a canned query by name (or a ``.rq`` path) with parameters: from the store's answer
    tables when they hold the answer (``kg.query.answers``), else as SPARQL.

    >>> from kg.store import Store
    >>> run_query(Store(), "tasks", {"assignee": "Ministry of Finance"}).rows
    []
    """
    from kg.query.answers import run_canned   # answers builds on this module

    return run_canned(store, get_query(name_or_path), params or {}, **kw)


_SOURCE_COLUMN = re.compile(r"sources?[A-Z]?")


def cited_sources(store, results: Results) -> Results:
    """The sources an answer cites (its ``source``, ``sources``, ``sourcesA``... columns), each with
    its publication date, outlet, title, URL and ingest date: the canned ``sources`` query, kept
    to those identifiers.

    >>> from kg.store import Store
    >>> cited_sources(Store(), Results(["source"], [[ox.Literal("nowhere")]])).rows
    []
    """
    cols = [i for i, v in enumerate(results.variables) if _SOURCE_COLUMN.fullmatch(v)]
    ids = sorted({part for row in results.rows for i in cols if row[i] is not None
                  for part in row[i].value.split("; ") if part})
    text = bind(canned_query("sources"), {})
    values = "VALUES ?source { " + " ".join(str(ox.Literal(i)) for i in ids) + " } "
    at = _where_body(code_only(text))
    return run_sparql(store, text[:at] + " " + values + text[at:])


def _plain(term) -> str:
    return "" if term is None else term.value


def format_results(results: Results, fmt: str = "table") -> str:
    """Render results as SPARQL 1.1 JSON, CSV, TSV or an aligned text table."""
    if fmt == "json":
        return json.dumps(results.to_json(), ensure_ascii=False, indent=1)
    if results.boolean is not None:
        return "true" if results.boolean else "false"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(results.variables)
        for row in results.rows:
            w.writerow([_plain(t) for t in row])
        return buf.getvalue().rstrip("\n")
    if fmt != "table":
        raise ParameterError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    cells = [[_plain(t).replace("\n", " ") for t in row] for row in results.rows]
    widths = [min(60, max([len(v)] + [len(r[i]) for r in cells])) for i, v in enumerate(results.variables)]
    def line(vals):
        return "  ".join((v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(vals, widths)).rstrip()
    out = [line(results.variables), line(["-" * w for w in widths])] + [line(r) for r in cells]
    out.append(_count_line(results))
    return "\n".join(out)


def _count_line(results: Results) -> str:
    """The table's last line: how many rows; for a page, which ones and how to get the next.

    >>> _count_line(Results(["x"], [[None]] * 10, offset=20, more=True))
    '(rows 21–30; --offset 30 for more)'
    >>> _count_line(Results(["x"], [[None]] * 3, offset=20, more=False))
    '(rows 21–23; no more)'
    """
    n = len(results.rows)
    if results.more is None:
        return f"({n} row{'s' if n != 1 else ''})"
    if not n:
        return f"(no rows after the first {results.offset})" if results.offset else "(0 rows)"
    first, last = results.offset + 1, results.offset + n
    return f"(rows {first}–{last}; --offset {last} for more)" if results.more else f"(rows {first}–{last}; no more)"


__all__ = ["CannedQuery", "Page", "Param", "Results", "bind", "canned_query", "cited_sources", "warm_workers", "code_only", "format_results", "get_query",
           "is_update", "list_queries", "outbound_request", "paged", "parse_page",
           "parse_query_text", "run_query", "run_sparql",
           "strip_comments", "PREFIXES"]
