"""``kg serve``: the SPARQL 1.1 Protocol with real clients (SPARQLWrapper, rdflib's SPARQLStore,
plain HTTP), the limits, CORS, and the page at / in headless Chromium."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from kg.pipeline import ingest
from kg.server import Settings, serve_in_thread
from kg.store import Store

from browser_support import needs_chromium, open_page

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
FR, EN = ARTICLES / "000_6921293e5ad94818.txt", ARTICLES / "001_9bb11e9ea168d04b.txt"
PERSONS = ("PREFIX kg: <https://w3id.org/vnkg/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
           "SELECT DISTINCT ?p ?name WHERE { ?p a kg:Person ; skos:prefLabel ?name } ORDER BY ?name")


@pytest.fixture(scope="module")
def store():
    s = Store()
    assert ingest(s, [FR, EN]).ok
    return s


@pytest.fixture(scope="module")
def url(store):
    server, base = serve_in_thread(store, port=0)
    yield base
    server.shutdown()
    server.server_close()


def http(method: str, url: str, body: bytes | None = None, headers: dict | None = None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_server_answers_sparqlwrapper_select_and_construct(url, store):
    from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(PERSONS)
    sw.setReturnFormat(JSON)
    got = sw.query().convert()["results"]["bindings"]
    expected = store.query(PERSONS)
    assert [b["name"]["value"] for b in got] == [r["name"].value for r in expected]
    sw.setReturnFormat(XML)
    assert len(sw.query().convert().getElementsByTagName("result")) == len(got)
    sw.setQuery("CONSTRUCT { ?p a <https://w3id.org/vnkg/ontology#Person> } WHERE { ?p a <https://w3id.org/vnkg/ontology#Person> }")
    sw.setReturnFormat(TURTLE)
    from rdflib import Graph
    g = Graph().parse(data=sw.query().convert(), format="turtle")
    assert len(g) == len({b["p"]["value"] for b in got})


def test_server_answers_rdflib_sparqlstore(url):
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(url + "/sparql", returnFormat="json"))
    names = [str(r.name) for r in g.query(PERSONS)]
    assert "Nguyen Hoa Binh" in names
    assert g.query("ASK { ?s a <https://w3id.org/vnkg/ontology#Meeting> }").askAnswer is True


@pytest.mark.parametrize("accept,starts", [
    ("application/sparql-results+json", b"{"), ("application/sparql-results+xml", b"<?xml"),
    ("text/csv", b"p,name"), ("text/tab-separated-values", b"?p\t?name")])
def test_server_content_negotiation(url, accept, starts):
    status, headers, body = http("GET", f"{url}/sparql?query={quote(PERSONS)}", headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept) and body.startswith(starts)


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")])
def test_server_graph_formats(url, accept, fmt):
    from rdflib import Graph

    q = "CONSTRUCT WHERE { ?m a <https://w3id.org/vnkg/ontology#Meeting> ; <https://w3id.org/vnkg/ontology#date> ?d }"
    status, headers, body = http("POST", url + "/sparql", q.encode(), {"Content-Type": "application/sparql-query", "Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    assert len(Graph().parse(data=body, format=fmt)) == 2  # one meeting, reported by both sources


def test_server_form_post_and_unacceptable_type(url):
    status, _, body = http("POST", url + "/sparql", urlencode({"query": PERSONS}).encode(),
                           {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and json.loads(body)["results"]["bindings"]
    assert http("GET", f"{url}/sparql?query={quote(PERSONS)}", headers={"Accept": "image/png"})[0] == 406
    assert http("GET", f"{url}/sparql?query={quote('SELECT nonsense')}")[0] == 400


@pytest.mark.parametrize("how", ["update-form", "update-body", "as-query"])
def test_server_is_read_only(url, store, how):
    before = store.count()
    if how == "update-form":
        r = http("POST", url + "/sparql", b"update=DROP%20ALL", {"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "update-body":
        r = http("POST", url + "/sparql", b"DROP ALL", {"Content-Type": "application/sparql-update"})
    else:
        r = http("GET", f"{url}/sparql?query={quote('DROP ALL')}")
    assert r[0] == 403 and b"read-only" in r[2]
    assert store.count() == before


def test_server_cors(url):
    status, headers, _ = http("OPTIONS", url + "/sparql", headers={"Origin": "https://yasgui.example",
                                                                   "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert http("GET", f"{url}/sparql?query={quote(PERSONS)}")[1]["Access-Control-Allow-Origin"] == "*"


def test_server_health_and_canned_queries(url):
    status, _, body = http("GET", url + "/health")
    assert status == 200 and json.loads(body)["status"] == "ok" and json.loads(body)["sources"] == 2
    listed = json.loads(http("GET", url + "/queries")[2])
    assert {"tasks", "persons"} <= {q["name"] for q in listed}
    status, _, body = http("GET", url + "/queries/tasks?" + urlencode({"assignee": "ministère des Finances"}))
    assert status == 200 and json.loads(body)["results"]["bindings"]
    assert http("GET", url + "/queries/nope")[0] == 404
    assert http("GET", url + "/queries/timeseries")[0] == 400  # its indicator is required


def test_server_time_and_size_limits(store):
    server, base = serve_in_thread(store, port=0, settings=Settings(timeout=0.5, max_rows=5))
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        t = time.monotonic()
        status, _, body = http("GET", f"{base}/sparql?query={quote(slow)}")
        assert status == 503 and b"time limit" in body and time.monotonic() - t < 5
        status, _, body = http("GET", f"{base}/sparql?query={quote('SELECT * WHERE { ?s ?p ?o }')}")
        assert status == 500 and b"more than 5 rows" in body
    finally:
        server.shutdown()
        server.server_close()


@needs_chromium
def test_server_page_runs_a_canned_query_in_chromium(url):
    with open_page(url + "/") as (page, errors):
        form = page.locator('form.canned[data-name="tasks"]')
        form.locator('input[name="assignee"]').fill("Bộ Tài chính")
        form.locator("button").click()
        page.wait_for_selector("#results table tbody tr")
        rows = page.locator("#results table tbody tr").count()
        assert rows >= 2 and "tasks:" in page.locator("#status").inner_text()
        page.screenshot(path=str(ROOT / "docs" / "serve-page.png"))
    assert errors == []


def test_cli_serve_on_a_disk_store(tmp_path):
    import socket

    store_dir = tmp_path / "store"
    subprocess.run([sys.executable, "-m", "kg", "--store", str(store_dir), "ingest", str(EN)], check=True,
                   capture_output=True, timeout=300)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "kg", "--store", str(store_dir), "serve", "--port", str(port)],
                            stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if http("GET", base + "/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        status, _, body = http("GET", f"{base}/sparql?query={quote(PERSONS)}", headers={"Accept": "text/csv"})
        assert status == 200 and b"Nguyen Hoa Binh" in body
    finally:
        proc.terminate()
        proc.wait(20)
