"""Canned queries (``queries/*.rq``) with ``#+`` headers, parameter binding and result formats.

A parameter is bound as an RDF term in a ``VALUES`` block at the head of the query's outer
group, never pasted into the query text, so a value cannot change the query. A query file
refers to parameter ``x`` as ``?x_param`` and declares it in its header::

    #+ summary: Tasks ...
    #+ params:
    #+   - assignee: key, optional — any label of the assignee

Kinds: ``key`` (folded like names are: lower case, no accents), ``string``, ``date``,
``integer``, ``iri``.
"""
from __future__ import annotations

import csv
import io
import json
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import resources
from kg.errors import ParameterError, QueryError, QueryTimeout, UnknownQuery, UpdateRefused
from kg.namespaces import PREFIXES
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
    return CannedQuery(name, summary, text, tuple(params), path)


def list_queries() -> list[CannedQuery]:
    """Every canned query shipped in ``queries/``, sorted by name."""
    return [parse_query_text(p.read_text(encoding="utf-8"), p.stem, p)
            for p in resources.resource_files("queries", "*.rq")]


def get_query(name_or_path: str) -> CannedQuery:
    """A canned query by name, or a ``.rq`` file by path."""
    p = Path(name_or_path)
    if p.suffix == ".rq" and p.exists():
        return parse_query_text(p.read_text(encoding="utf-8"), p.stem, p)
    try:
        path = resources.resource_dir("queries") / f"{name_or_path}.rq"
    except FileNotFoundError:
        path = None
    if path is None or not path.exists():
        names = ", ".join(q.name for q in list_queries())
        raise UnknownQuery(f"no canned query {name_or_path!r}; known: {names} (or give a FILE.rq)")
    return parse_query_text(path.read_text(encoding="utf-8"), path.stem, path)


def _term(param: Param, value: str) -> ox.Literal | ox.NamedNode:
    if param.kind == "key":
        return ox.Literal(match_key(value))
    if param.kind == "integer":
        if not re.fullmatch(r"-?\d+", value.strip()):
            raise ParameterError(f"parameter {param.name} wants an integer, got {value!r}")
        return ox.Literal(value.strip(), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if param.kind == "date":
        if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value.strip()):
            raise ParameterError(f"parameter {param.name} wants an ISO date (2025-10-08, 2025-10 or 2025), got {value!r}")
        return ox.Literal(value.strip())
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
    """
    unknown = set(values) - set(query.param_names)
    if unknown:
        declared = ", ".join(query.param_names) or "none"
        raise ParameterError(f"query {query.name} has no parameter {', '.join(sorted(unknown))} (declared: {declared})")
    if not query.params:
        return query.text
    rows = []
    for p in query.params:
        if p.name in values:
            rows.append(f"VALUES ?{p.name}_param {{ {_term(p, values[p.name])} }}")
        elif not p.optional:
            raise ParameterError(f"query {query.name} needs --param {p.name}=VALUE ({p.help})")
        else:
            rows.append(f"VALUES ?{p.name}_param {{ UNDEF }}")
    m = re.search(r"\bWHERE\s*\{", query.text, flags=re.IGNORECASE)
    if not m:
        m = re.search(r"\{", query.text)
    if not m:
        raise QueryError(f"query {query.name}: no WHERE group to bind parameters in")
    return query.text[:m.end()] + " " + " ".join(rows) + query.text[m.end():]


def is_update(sparql: str) -> bool:
    body = re.sub(r"(?m)#.*$", "", sparql)
    body = re.sub(r"(?is)\b(PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)", "", body).strip()
    return bool(re.match(r"(?i)(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body))


@dataclass
class Results:
    """SELECT results as variables and rows of pyoxigraph terms (None when unbound)."""

    variables: list[str]
    rows: list[list] = field(default_factory=list)
    boolean: bool | None = None
    graph: bool = False        # CONSTRUCT/DESCRIBE: rows are (subject, predicate, object) triples

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

    def values(self) -> list[dict[str, str | None]]:
        return [{v: (t.value if t is not None else None) for v, t in zip(self.variables, row)} for row in self.rows]


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


def run_sparql(store, sparql: str, *, allow_update: bool = False, include_quarantine: bool = False,
               timeout: float | None = None, limit: int | None = None) -> Results:
    """Run a SPARQL query (or, with ``allow_update``, an update) on a store.

    ``timeout`` (seconds) stops a query that runs too long with QueryTimeout; ``limit`` refuses a
    result of more rows than that (add LIMIT/OFFSET). Updates are never timed out: an update
    abandoned half-way would still be applied.
    """
    if is_update(sparql):
        if not allow_update:
            raise UpdateRefused("this is a SPARQL update; kg query is read-only unless --allow-update is given")
        try:
            store.update(sparql)
        except SyntaxError as e:
            raise QueryError(f"SPARQL update does not parse: {e}") from None
        store.flush()
        return Results([], [], boolean=True)
    if not timeout:
        return _evaluate(store, sparql, include_quarantine, None, limit)
    # Oxigraph evaluates without the GIL, so a thread can be given up on; it also checks the
    # deadline between rows, so a streaming query stops there too.
    deadline = time.monotonic() + timeout
    box: dict = {}

    def work() -> None:
        try:
            box["results"] = _evaluate(store, sparql, include_quarantine, deadline, limit)
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


def _timeout_message(timeout: float) -> str:
    return (f"query stopped after {timeout:g} s (the time limit); narrow it (LIMIT, a FILTER, fewer "
            "joins) or raise the limit with --timeout / KG_QUERY_TIMEOUT")


def _evaluate(store, sparql: str, include_quarantine: bool, deadline: float | None, limit: int | None) -> Results:
    try:
        result = store.query(sparql, include_quarantine=include_quarantine)
    except SyntaxError as e:
        raise QueryError(f"SPARQL does not parse: {e}") from None
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
    """Run a canned query by name (or a ``.rq`` path) with parameters.

    >>> from kg.store import Store
    >>> run_query(Store(), "tasks", {"assignee": "Ministry of Finance"}).rows
    []
    """
    q = get_query(name_or_path)
    return run_sparql(store, bind(q, params or {}), **kw)


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
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out)


__all__ = ["CannedQuery", "Param", "Results", "bind", "format_results", "get_query", "list_queries",
           "parse_query_text", "run_query", "run_sparql", "PREFIXES"]
