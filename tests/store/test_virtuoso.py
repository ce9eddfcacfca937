"""RemoteStore against a real Virtuoso (Debian's ``virtuoso-opensource``): same answers as embedded.

Skipped only when ``virtuoso-t`` is missing (``apt-get install virtuoso-opensource``); CI installs
it and sets KG_REQUIRE_TOOLS=1, which turns the skip into a failure. The server runs from a
temporary folder with its own ``virtuoso.ini`` on free loopback ports (up in about 2 s); a fresh
database has the ``dba`` account with password ``dba``, which the store uses for updates
(``/sparql-auth``) and Graph Store writes (``/sparql-graph-crud-auth``), both behind HTTP digest
authentication.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from kg.errors import StoreError, UpdateRefused
from kg.namespaces import GRAPH_QUARANTINE_PREFIX, SOURCE_GRAPH_PREFIX
from kg.pipeline import ingest
from kg.query import bind, list_queries, run_sparql
from kg.store import Store
from kg.store.remote import open_location
from server_support import canonical, free_port, wait_until_up
from test_remote import ARTICLES, CASES, rows

pytestmark = pytest.mark.skipif(not os.environ.get("KG_REQUIRE_TOOLS") and shutil.which("virtuoso-t") is None,
                                reason="Virtuoso is not installed (apt-get install virtuoso-opensource)")

INI = """[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile    = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort        = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers   = 10000
MaxDirtyBuffers   = 6000
DirsAllowed       = ., {dir}
[HTTPServer]
ServerPort       = {http_port}
ServerRoot       = {dir}
ServerThreads    = 4
MaxKeepAlives    = 10
KeepAliveTimeout = 10
Charset          = UTF-8
[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso_url(tmp_path_factory):
    if shutil.which("virtuoso-t") is None:  # only with KG_REQUIRE_TOOLS, else the module is skipped
        pytest.fail("virtuoso-t is missing and KG_REQUIRE_TOOLS is set: apt-get install virtuoso-opensource")
    folder = tmp_path_factory.mktemp("virtuoso")
    port = free_port()
    (folder / "virtuoso.ini").write_text(INI.format(dir=folder, sql_port=free_port(), http_port=port))
    proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                            cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/sparql"
    try:
        wait_until_up(url, proc, seconds=60)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


@pytest.fixture(scope="module")
def virtuoso(virtuoso_url):
    store = open_location(virtuoso_url, user="dba", password="dba")
    assert store.endpoints.server == "virtuoso" and store.endpoints.update.endswith("/sparql-auth")
    report = ingest(store, [ARTICLES])
    assert report.ok and len(report.ingested) == len(list(ARTICLES.glob("*.txt")))
    yield store
    store.close()


@pytest.fixture(scope="module")
def embedded():
    store = Store()
    assert ingest(store, [ARTICLES]).ok
    return store


def _boolean_form(line: str) -> str:
    # Virtuoso writes xsd:boolean in its 0/1 form (valid lexical forms both)
    return re.sub(r'"(0|1)"\^\^<http://www.w3.org/2001/XMLSchema#boolean>',
                  lambda m: f'"{"true" if m.group(1) == "1" else "false"}"^^<http://www.w3.org/2001/XMLSchema#boolean>', line)


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{'-'.join(p) or 'all'}" for n, p in CASES])
def test_virtuoso_canned_query_same_answers_as_embedded(virtuoso, embedded, name, params):
    text = bind(next(q for q in list_queries() if q.name == name), params)
    a, b = run_sparql(virtuoso, text), run_sparql(embedded, text)
    assert a.variables == b.variables
    assert rows(a, text) == rows(b, text)
    assert a.rows


def test_virtuoso_same_dataset_as_embedded(virtuoso, embedded):
    assert virtuoso.source_graphs() == embedded.source_graphs()
    assert virtuoso.count() == embedded.count()
    assert virtuoso.facts() == embedded.facts() < virtuoso.count()  # Virtuoso's own graphs left out
    assert [_boolean_form(q) for q in canonical(virtuoso.dump())] == canonical(embedded.dump())
    assert virtuoso.ensure_static() is False


def test_virtuoso_quarantine_graphs_are_not_queried(virtuoso, embedded):
    source = virtuoso.source_graphs()[1]
    article = source.removeprefix(SOURCE_GRAPH_PREFIX)
    quarantine = GRAPH_QUARANTINE_PREFIX + article
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in embedded.quads(source))
    ids = "SELECT DISTINCT ?id WHERE { ?a <http://purl.org/dc/terms/identifier> ?id }"
    try:
        virtuoso.replace_graphs({source: "", quarantine: nt})
        assert virtuoso.quarantine_graphs() == [quarantine]
        assert article not in {r["id"] for r in run_sparql(virtuoso, ids).values()}
        assert article in {r["id"] for r in run_sparql(virtuoso, ids, include_quarantine=True).values()}
    finally:
        virtuoso.replace_graphs({quarantine: "", source: nt})
    assert virtuoso.quarantine_graphs() == []


def test_virtuoso_updates_need_the_right_password(virtuoso, virtuoso_url):
    before = virtuoso.count()
    with pytest.raises(UpdateRefused):
        run_sparql(virtuoso, "DROP ALL")
    wrong = open_location(virtuoso_url, user="dba", password="not-the-password")
    with pytest.raises(StoreError, match="refused"):
        wrong.replace_graphs({"https://w3id.org/vnkg/id/graph/test/x": "<urn:a> <urn:b> <urn:c> ."})
    assert virtuoso.count() == before
