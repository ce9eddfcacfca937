"""Answer tables: the rows of the canned queries, computed once for a snapshot of the store and
kept beside it in SQLite, in answer order, so that a question asked again is a lookup.

Why: on Oxigraph (RocksDB) a canned answer costs 100-300 µs a row however the query is written
(every OPTIONAL column is one more lookup, every term one more decode), and an ordered listing
computes all its rows before its first page; at 10,000 articles that is 0.3-1.5 s for one
assignee's tasks or one indicator's figures, and seconds for a first page (BENCHMARKS.md). A
table read by its key and its row number answers in milliseconds.

What is indexed: a query whose header has ``#+ index:`` — its listing (no parameter given), and
its answer for every value of one parameter, its key:

- ``#+ index: NAME`` (a ``key`` parameter): the key's rows are the listing's rows whose key node
  (the ``?node`` of the query's ``?node kg:matchKey ?NAME_param`` line, marked ``#+ with NAME``)
  has that match key;
- ``#+ index: NAME by ?node PREDICATE``: the rows whose ``?node`` has that value of PREDICATE (the
  query's own ``?node PREDICATE ?NAME_param`` line), the value compared as a term;
- ``#+ index: NAME by prefix of ?node PREDICATE``: the rows whose ``?node`` has a value of
  PREDICATE that starts with the one given (``FILTER(STRSTARTS(STR(?v), ?NAME_param))``: a month
  ``2025-09`` or a year ``2025`` of a date); every prefix of every value is a key.
- ``#+ index: NAME by ?column``: the rows whose ``?column`` (one the query selects) has the value
  given, as text (``FILTER(?type = ?type_param)`` on a type the query computes).

The build runs the listing once with the node as one more column, and reads every node's keys.

When it is used: only while the store is at the snapshot the tables were built from (its commit
marker, ``kg.store.commit_marker``) and the query text is the one they were built with, and only
for the listing or the key parameter alone (any other parameter goes to SPARQL). Otherwise the
query runs as SPARQL, so an answer never comes from stale tables: ``kg index`` builds them again
(the ``kg ingest`` command does when the store had them). The file is written beside and
renamed over the old one: a reader sees the old tables or the new ones.

>>> from kg.query import canned_query
>>> from kg.store import Store
>>> answer(Store(), canned_query("tasks"), {}) is None     # a store in memory has no tables
True
"""
from __future__ import annotations

import gc
import json
import os
import re
import sqlite3
import threading
import time
from array import array
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import lru_cache
from hashlib import sha256
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from kg.errors import QueryError
from kg.namespaces import KG
from kg.query import (CannedQuery, Page, Results, _disk_path, _term, bind, json_bindings, json_keys, json_row,
                      list_queries, run_sparql)
from kg.sparql import after_prologue, code_only
from kg.store import commit_marker

FILE = "answers.sqlite"
_INDEX = re.compile(r"^#\+\s*index:[ \t]*(\w*)(?:[ \t]+by[ \t]+(prefix[ \t]+of[ \t]+)?\?(\w+)(?:[ \t]+(\S+))?)?[ \t]*$",
                    re.MULTILINE)
_PREFIX = re.compile(r"(?im)^\s*PREFIX\s+([\w.-]*):\s*<([^>]*)>")
_SELECT = re.compile(r"(?i)SELECT\s+(DISTINCT\s+|REDUCED\s+)?")
_MATCH_KEY = KG + "matchKey"
_FORMAT = 6                     # of the file; another one is not read


@dataclass(frozen=True)
class Indexed:
    """How one canned query is indexed: its key parameter (None: the listing only) and key node."""
    query: CannedQuery
    key: str | None
    node: str | None             # variable of the key node, without "?"
    via: str | None = None       # the node's predicate whose values are the keys (None: kg:matchKey)
    prefix: bool = False         # every prefix of a value is a key
    column: bool = False         # the node is a column of the answer, its value the key

    def lookup(self, value: str) -> str:
        """The key a given parameter value is looked up by (the form the build stored)."""
        param = next(p for p in self.query.params if p.name == self.key)
        term = _term(param, value)
        return _enc(term) if self.via and not self.prefix else term.value

    def keys(self, term) -> list[str]:
        """The keys one value of the node's predicate (or of the column) gives."""
        if self.prefix:
            return [term.value[:i] for i in range(len(term.value) + 1)]
        if self.via is None:
            return [term.value]
        return [_enc(term)]


@lru_cache(maxsize=64)
def indexed(q: CannedQuery) -> Indexed | None:
    """The ``#+ index:`` declaration of a query, checked against its text (QueryError if wrong)."""
    m = _INDEX.search(q.text)
    if m is None:
        return None
    key = m.group(1) or None
    if key is None:
        return Indexed(q, None, None)
    if key not in q.param_names:
        raise QueryError(f"query {q.name}: '#+ index: {key}' names no declared parameter")
    if m.group(3) and not m.group(4):
        if not re.search(rf"(?is)SELECT\b[^{{]*?(\?{m.group(3)}\b|\*)[^{{]*\bWHERE\b", code_only(q.text)):
            raise QueryError(f"query {q.name}: '#+ index: {key} by ?{m.group(3)}' needs ?{m.group(3)} "
                             "among the columns the query selects")
        return Indexed(q, key, m.group(3), None, bool(m.group(2)), column=True)
    if m.group(3):
        if not re.search(rf"\?{key}_param\b[^\n]*#\+\s*with\s+{key}\s*$", q.text, flags=re.MULTILINE):
            raise QueryError(f"query {q.name}: '#+ index: {key} by ...' needs the line that uses "
                             f"?{key}_param, marked '#+ with {key}'")
        return Indexed(q, key, m.group(3), _iri(q, m.group(4)), bool(m.group(2)))
    node = re.search(rf"\?(\w+)\s+kg:matchKey\s+\?{key}_param\b[^\n]*#\+\s*with\s+{key}\s*$",
                     q.text, flags=re.MULTILINE)
    if node is None:
        raise QueryError(f"query {q.name}: '#+ index: {key}' needs a line '?node kg:matchKey "
                         f"?{key}_param ...  #+ with {key}' (the key node)")
    return Indexed(q, key, node.group(1))


def _iri(q: CannedQuery, name: str) -> str:
    """A predicate of an index declaration, ``<IRI>`` or prefixed by the query's own PREFIX lines."""
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1]
    prefix, _, local = name.partition(":")
    for p, iri in _PREFIX.findall(q.text):
        if p == prefix and local:
            return iri + local
    raise QueryError(f"query {q.name}: '#+ index:' names {name}, which is neither <IRI> nor a declared prefix")


def _listing(ix: Indexed) -> tuple[str, bool]:
    """The query's listing text, with the key node as one more column (first); and whether the
    query is DISTINCT (rows that differ only by the key node are one row of the listing)."""
    q = replace(ix.query, params=tuple(replace(p, optional=True) for p in ix.query.params))
    text = bind(q, {})
    code = code_only(text)
    start = len(code) - len(after_prologue(text))
    m = _SELECT.match(code, start)
    if m is None:
        raise QueryError(f"query {ix.query.name}: only a SELECT query is indexed")
    distinct = bool(m.group(1)) and m.group(1).strip().upper() == "DISTINCT"
    if ix.node:
        text = text[:m.end()] + f"(?{ix.node} AS ?kg_index_node) " + text[m.end():]
    return text, distinct


@lru_cache(maxsize=64)
def _digest(text: str) -> str:
    """What ties a table to the query text it was built with (asked at every answer: cached)."""
    return sha256(text.encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------- cells
# A cell is one string: a kind mark, then the term ("<" IRI, "_" blank node, '"' plain literal,
# "@lang<TAB>" language-tagged, "^datatype<TAB>" typed). A row is its cells joined by _SEP in one
# column ("" for an unbound one; a JSON array when a cell holds _SEP itself), and beside it the row
# as a SPARQL JSON binding, written at the build: the endpoint answers with those texts and builds
# no term; the library decodes each distinct cell of an answer once (labels, units, dates repeat).
_SEP = "\x1f"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _enc(t) -> str | None:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return "<" + t.value
    if isinstance(t, ox.BlankNode):
        return "_" + t.value
    if t.language:
        return f"@{t.language}\t{t.value}"
    dt = t.datatype.value
    return '"' + t.value if dt == _XSD_STRING else f"^{dt}\t{t.value}"


def _row_text(cells: tuple) -> str:
    if any(c is not None and _SEP in c for c in cells):
        return json.dumps(cells, ensure_ascii=False)        # starts with "[", which no cell does
    return _SEP.join(c or "" for c in cells)


def _decode(texts: list[str]) -> list[list]:
    r"""Rows of terms from row texts. Each distinct cell is decoded once, IRIs and plain literals in
    bulk (a 6,000-row answer has some 25,000 distinct cells: a call per cell was most of its cost).

    >>> [[None if t is None else t.value for t in r] for r in _decode(["<urn:a\x1f", '"x\x1f<urn:a'])]
    [['urn:a', None], ['x', 'urn:a']]
    >>> [t.value for t in _decode([_row_text(('"a\x1fb', "_n", "@vi\txã", "^urn:d\t1"))])[0]]
    ['a\x1fb', 'n', 'xã', '1']
    """
    with _collector_paused():
        rows = list(map(_cells, texts))
        get = _terms_of(set().union(*rows)).__getitem__
        for r in rows:                  # in place: the lists split made are the rows
            r[:] = map(get, r)
        return rows


def _cells(text: str) -> list[str]:
    """A row text's cells ("[": a JSON array, written when a cell holds _SEP)."""
    return json.loads(text) if text[:1] == "[" else text.split(_SEP)


@contextmanager
def _collector_paused():
    """Decoding an answer makes some 80,000 objects and no cycle among them: the collector's passes
    over them, set off by their number alone, took a fifth of the time."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _terms_of(distinct) -> dict:
    """Cell text -> term, for a set of distinct cells ("" and None -> None)."""
    memo: dict = {"": None, None: None}
    distinct = set(distinct).difference(memo)
    iris = [c for c in distinct if c[0] == "<"]
    memo.update(zip(iris, map(ox.NamedNode, [c[1:] for c in iris])))
    plain = [c for c in distinct if c[0] == '"']
    memo.update(zip(plain, map(ox.Literal, [c[1:] for c in plain])))
    datatypes: dict = {}
    for c in distinct.difference(memo):
        memo[c] = _dec_other(c, datatypes)
    return memo


def _pack(texts: list[str]) -> tuple[str, bytes]:
    r"""One key's rows as its distinct cells and, row after row, each cell's number among them plus
    one (0: unbound), 4 bytes each: what ``_unpack`` reads back. The cells are a JSON array of three:
    the IRIs and the plain literals without their mark (made into terms in bulk), then the others.

    >>> cells, ids = _pack(["<urn:a\x1f", '"x\x1f<urn:a', '_b\x1f^urn:d\t1'])
    >>> cells
    '[["urn:a"], ["x"], ["_b", "^urn:d\\t1"]]'
    >>> [[None if t is None else t.value for t in r] for r in _unpack(cells, ids, 2)]
    [['urn:a', None], ['x', 'urn:a'], ['b', '1']]
    """
    rows = list(map(_cells, texts))
    distinct = dict.fromkeys(c for row in rows for c in row if c)
    iris = [c for c in distinct if c[0] == "<"]
    plain = [c for c in distinct if c[0] == '"']
    other = [c for c in distinct if c[0] not in '<"']
    number = {"": 0, None: 0}
    number.update((c, i) for i, c in enumerate(iris + plain + other, 1))
    ids = array("I", (number[c] for row in rows for c in row))
    if ids.itemsize != 4:
        raise RuntimeError("array('I') is not 4 bytes on this platform")
    cells = json.dumps([[c[1:] for c in iris], [c[1:] for c in plain], other], ensure_ascii=False)
    return cells, ids.tobytes()


def _unpack(cells: str, ids: bytes, width: int) -> list[list]:
    """Rows from ``_pack``'s form: each distinct cell is decoded once, and the rows are cut from one
    list of terms (a 6,617-row answer: 14,000 cells to decode, none to split or compare)."""
    with _collector_paused():
        iris, plain, other = json.loads(cells)
        datatypes: dict = {}
        terms = [None]
        terms += map(ox.NamedNode, iris)
        terms += map(ox.Literal, plain)
        terms += (_dec_other(c, datatypes) for c in other)
        numbers = array("I")
        numbers.frombytes(ids)
        flat = list(map(terms.__getitem__, numbers))
        return [flat[i:i + width] for i in range(0, len(flat), width)]


def _dec_other(c: str, datatypes: dict):
    """A blank node, language-tagged or typed cell (``_decode`` makes IRIs and plain literals)."""
    kind, rest = c[0], c[1:]
    if kind == "_":
        return ox.BlankNode(rest)
    tag, value = rest.split("\t", 1)
    if kind == "@":
        return ox.Literal(value, language=tag)
    dt = datatypes.get(tag)
    if dt is None:
        dt = datatypes[tag] = ox.NamedNode(tag)
    return ox.Literal(value, datatype=dt)


class TableResults(Results):
    """An answer read from the tables, as row texts (its rows are decoded into terms when first
    asked for) or as the SPARQL JSON bindings written at the build (the endpoint decodes nothing)."""

    def __init__(self, variables: list[str], texts: list[str] | None, bindings: list | None,
                 packed: tuple[str, bytes] | None = None):
        self._texts, self._bindings, self._packed = texts, bindings, packed
        super().__init__(list(variables), None)          # None: not decoded yet

    @property
    def rows(self) -> list[list]:
        if self._rows is None:
            if self._packed is not None:
                self._rows = _unpack(*self._packed, len(self.variables))
                self._packed = None
            elif self._texts is not None:
                self._rows = _decode(self._texts)
            else:        # read for the endpoint, asked for terms all the same: from its JSON
                parsed = ox.parse_query_results(self.json_bytes(), format=ox.QueryResultsFormat.JSON)
                self._rows = [[s[v] for v in self.variables] for s in parsed]
            self._texts = self._bindings = None   # the caller may edit the rows: its JSON comes from them
        return self._rows

    @rows.setter
    def rows(self, value) -> None:
        self._rows = value
        if value is not None:             # rows set from outside: the texts no longer say them
            self._texts = self._bindings = self._packed = None

    def __len__(self) -> int:
        if self._rows is not None:
            return len(self._rows)
        if self._packed is not None:
            return len(self._packed[1]) // (4 * len(self.variables)) if self.variables else 0
        return len(self._texts if self._texts is not None else self._bindings)

    def json_bytes(self) -> bytes:
        if self._bindings is None:
            return super().json_bytes()
        got = json_bindings(self.variables, self._bindings)
        return got if isinstance(got, bytes) else got.encode()

    def json_text(self) -> str:
        return self.json_bytes().decode() if self._bindings is not None else super().json_text()


# ----------------------------------------------------------------------------- build
@dataclass
class BuildReport:
    queries: dict[str, int]      # query name -> rows
    keys: int
    seconds: float
    path: Path


def build(store, *, progress: Callable[[str], None] | None = None) -> BuildReport:
    """Compute the answer tables of every indexed canned query from the store as it is now.

    Raises QueryError for a store without a folder (in memory, or a SPARQL server), and when the
    store changed while the tables were computed (nothing is replaced then).
    """
    path = _disk_path(store)
    if path is None:
        raise QueryError("answer tables are kept beside an on-disk store; this store has no folder")
    t0 = time.perf_counter()
    path = Path(path)
    marker = commit_marker(path)
    specs = [ix for q in list_queries() if (ix := indexed(q)) is not None]
    tmp = path / (FILE + f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    counts: dict[str, int] = {}
    try:
        # 16 KiB pages: a row (its cells and its JSON, 0.3-2 KB) fits in its B-tree page; on 4 KiB
        # pages most spilled to overflow pages (a 6,617-row answer read in 26 ms, not 7; the file 2.5x)
        db.execute("PRAGMA page_size = 16384")
        db.executescript("""
            CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT);
            CREATE TABLE queries(name TEXT PRIMARY KEY, digest TEXT, variables TEXT, key TEXT);
            CREATE TABLE rows(query TEXT, node TEXT, pos INTEGER, first INTEGER, cells TEXT, json BLOB,
                              PRIMARY KEY(query, node, pos)) WITHOUT ROWID;
            CREATE TABLE keys(query TEXT, key TEXT, node TEXT, PRIMARY KEY(query, key, node)) WITHOUT ROWID;
            CREATE TABLE packed(query TEXT, node TEXT, cells TEXT, ids BLOB, PRIMARY KEY(query, node)) WITHOUT ROWID;
        """)
        nodes_of: dict[str, set[str]] = {}
        # two queries at a time: Oxigraph computes an ordered answer without holding the GIL
        with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
            for ix, (variables, batch, nodes) in zip(specs, pool.map(lambda ix: _table(store, ix, progress), specs)):
                db.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?)", batch)
                # each key node's whole answer in one record too, for the answer asked without a page
                of_node: dict[str, list[str]] = {}
                for row in batch:
                    if row[1]:
                        of_node.setdefault(row[1], []).append(row[4])
                db.executemany("INSERT INTO packed VALUES (?,?,?,?)",
                               ((ix.query.name, node, *_pack(texts)) for node, texts in of_node.items()))
                db.execute("INSERT INTO queries VALUES (?,?,?,?)",
                           (ix.query.name, _digest(ix.query.text), json.dumps(variables), ix.key))
                counts[ix.query.name] = len(batch)
                nodes_of[ix.query.name] = nodes
        wanted = set().union(*nodes_of.values()) if nodes_of else set()
        n_keys = 0
        values_of: dict[str, list] = {}        # predicate -> (node, value) of the wanted nodes
        for ix in specs:
            if not ix.node:
                continue
            if ix.column:            # the node is the cell's value: it is its own key
                rows = [(ix.query.name, k, n) for n in nodes_of[ix.query.name] for k in ix.keys(ox.Literal(n))]
                db.executemany("INSERT OR IGNORE INTO keys VALUES (?,?,?)", rows)
                n_keys += len(rows)
                continue
            via = ix.via or _MATCH_KEY
            if via not in values_of:
                values_of[via] = [(sol["s"].value, sol["o"]) for sol in store.query(f"SELECT ?s ?o WHERE {{ ?s <{via}> ?o }}")
                                  if sol["s"].value in wanted]
            nodes = nodes_of[ix.query.name]
            rows = [(ix.query.name, k, n) for n, o in values_of[via] if n in nodes for k in ix.keys(o)]
            db.executemany("INSERT OR IGNORE INTO keys VALUES (?,?,?)", rows)
            n_keys += len(rows)
        # a key's rows are one range of the table (query, node, pos); a listing reads them by pos
        db.execute("CREATE INDEX rows_by_pos ON rows(query, first, pos)")
        db.execute("ANALYZE")
        after = commit_marker(path)
        if after != marker:
            raise QueryError("the store changed while its answer tables were computed; run kg index again")
        db.executemany("INSERT INTO meta VALUES (?,?)", [
            ("format", str(_FORMAT)), ("marker", _marker_text(marker)),
            ("built", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))])
        db.commit()
        db.close()
        os.replace(tmp, path / FILE)          # readers see the old file or the new one
    except BaseException:
        db.close()
        tmp.unlink(missing_ok=True)
        raise
    _Tables.forget(path)
    return BuildReport(counts, n_keys, time.perf_counter() - t0, path / FILE)


def _table(store, ix: Indexed, progress) -> tuple[list[str], list[tuple], set[str]]:
    """One query's listing as table rows (query, node, pos, first, cells...), and its key nodes."""
    if progress:
        progress(ix.query.name)
    text, distinct = _listing(ix)
    try:
        result = store.query(text)
    except SyntaxError as e:
        raise QueryError(f"query {ix.query.name} does not parse: {e}") from None
    names = [v.value for v in result.variables]
    variables = names[1:] if ix.node else names
    keys = json_keys(variables)
    seen: set = set()
    batch, nodes = [], set()
    for pos, sol in enumerate(result):
        row = [sol[v] for v in names]
        node = row[0].value if ix.node and row[0] is not None else ""
        terms = row[1:] if ix.node else row
        cells = _row_text(tuple(_enc(t) for t in terms))
        first = 1
        if distinct:
            first = 0 if cells in seen else 1
            seen.add(cells)
        if node:
            nodes.add(node)
        batch.append((ix.query.name, node, pos, first, cells, json_row(keys, terms, {}).encode()))
    del result
    return variables, batch, nodes


def _marker_text(marker) -> str:
    files, _when = marker
    return json.dumps([list(f) for f in files])


def drop(store) -> bool:
    """Remove a store's answer tables; True if it had them."""
    path = _disk_path(store)
    if path is None:
        return False
    f = Path(path) / FILE
    _Tables.forget(Path(path))
    if f.exists():
        f.unlink()
        return True
    return False


def present(store) -> bool:
    path = _disk_path(store)
    return path is not None and (Path(path) / FILE).exists()


# ----------------------------------------------------------------------------- use
class _Tables:
    """One read connection per tables file, shared by the threads under a lock (an answer holds it
    for milliseconds), opened again when the file is replaced."""
    _lock = threading.Lock()
    _open: dict = {}

    @classmethod
    def get(cls, path: Path):
        f = path / FILE
        try:
            st = f.stat()
        except OSError:
            return None
        ident = str(f)
        with cls._lock:
            got = cls._open.get(ident)
            if got is not None and got[0] == (st.st_ino, st.st_mtime_ns):
                return got[1]
        db = sqlite3.connect(f"file:{f}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(db.execute("SELECT name, value FROM meta"))
        if meta.get("format") != str(_FORMAT):
            db.close()
            return None
        queries = {name: (digest, json.loads(variables), key)
                   for name, digest, variables, key in db.execute("SELECT * FROM queries")}
        tables = (db, meta["marker"], queries, threading.Lock())
        with cls._lock:
            cls._open[ident] = ((st.st_ino, st.st_mtime_ns), tables)
        return tables

    @classmethod
    def forget(cls, path: Path) -> None:
        with cls._lock:
            cls._open.pop(str(path / FILE), None)


def _tables_of(store) -> tuple[Path, tuple] | None:
    """The store's folder and its open answer tables, or None (no folder, no tables)."""
    path = _disk_path(store)
    if path is None:
        return None
    tables = _Tables.get(Path(path))
    return None if tables is None else (Path(path), tables)


def status(store) -> str | None:
    """'current', 'stale' (the store changed since the build) or None (no tables)."""
    got = _tables_of(store)
    if got is None:
        return None
    path, tables = got
    return "current" if tables[1] == _marker_text(commit_marker(path)) else "stale"


def answer(store, q: CannedQuery, values: dict[str, str], page: Page | None = None, *,
           form: str = "rows") -> Results | None:
    """The canned answer from the store's answer tables, or None when they cannot give it (no
    tables, stale, a parameter other than the key, a query not indexed): then run SPARQL.

    ``form``: what the caller reads, ``"rows"`` (terms) or ``"json"`` (the endpoint's SPARQL JSON):
    only that column is read (the other would double what a 6,000-row answer reads from disk).
    """
    if form not in ("rows", "json"):
        raise ValueError(f"form must be 'rows' or 'json', not {form!r}")
    got = _tables_of(store)
    if got is None:
        return None
    path, (db, marker, queries, lock) = got
    entry = queries.get(q.name)
    if entry is None:
        return None
    digest, variables, key = entry
    given = {k for k, v in values.items() if v is not None}
    if given and given != {key}:
        return None
    if digest != _digest(q.text):
        return None
    if marker != _marker_text(commit_marker(path)):
        return None
    cols = "r.cells" if form == "rows" else "r.json"
    with lock:
        if given:
            ix = indexed(q)
            if ix is None or ix.key != key:
                return None
            k = ix.lookup(values[key])
            nodes = [n for (n,) in db.execute("SELECT node FROM keys WHERE query = ? AND key = ?", (q.name, k))]
            if len(nodes) == 1 and page is None and form == "rows":      # one record: see _unpack
                got = db.execute("SELECT cells, ids FROM packed WHERE query = ? AND node = ?",
                                 (q.name, nodes[0])).fetchone()
                return TableResults(variables, None, None, got) if got else TableResults(variables, [], None)
            if len(nodes) == 1:      # one range of the table, in answer order: a page is read alone
                sql = f"SELECT {cols} FROM rows r WHERE r.query = ? AND r.node = ? ORDER BY r.pos"
                args = (q.name, nodes[0])
                if page is not None:
                    sql += " LIMIT ? OFFSET ?"
                    args += (-1 if page.limit is None else page.limit + 1, page.offset)
                cells = db.execute(sql, args).fetchall()
            else:   # a key that names several nodes (or none): their rows merged in answer order, each once
                cells = list(dict.fromkeys(db.execute(
                    f"SELECT {cols} FROM keys k JOIN rows r ON r.query = k.query AND r.node = k.node "
                    "WHERE k.query = ? AND k.key = ? ORDER BY r.pos", (q.name, k))))
                start = page.offset if page else 0
                stop = None if page is None or page.limit is None else start + page.limit + 1
                cells = cells[start:stop]
        else:
            sql = f"SELECT {cols} FROM rows r INDEXED BY rows_by_pos WHERE r.query = ? AND r.first = 1 ORDER BY r.pos"
            args: tuple = (q.name,)
            if page is not None:
                sql += " LIMIT ? OFFSET ?"
                args += (-1 if page.limit is None else page.limit + 1, page.offset)
            cells = db.execute(sql, args).fetchall()
    more = page is not None and page.limit is not None and len(cells) > page.limit
    if more:
        del cells[page.limit:]
    got = [c for (c,) in cells]
    results = TableResults(variables, got, None) if form == "rows" else TableResults(variables, None, got)
    if page is not None:
        results.offset, results.more = page.offset, more
    return results


def run_canned(store, q: CannedQuery, values: dict[str, str] | None = None, *, page: Page | None = None,
               form: str = "rows", **kw) -> Results:
    """A canned query's answer: from the answer tables when they hold it (``form``: see ``answer``),
    else by SPARQL."""
    values = values or {}
    plain = not (kw.get("include_quarantine") or kw.get("allow_update") or kw.get("dataset") is not None)
    got = answer(store, q, values, page, form=form) if plain else None
    if got is not None and (kw.get("limit") is None or len(got) <= kw["limit"]):
        return got
    return run_sparql(store, bind(q, values), page=page, **kw)
