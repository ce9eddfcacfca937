"""RemoteStore against a real Oxigraph server: the same answers as the embedded store.

The server is ``oxigraph serve`` from the ``oxigraph`` package on PyPI (the ``test`` extra),
started once for this module on a free loopback port with its data in a temporary folder.
The seed articles go through ``kg.pipeline.ingest`` into the server and into an embedded
``Store``; every canned query must then give the same rows on both.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import QueryError, StoreError, UpdateRefused
from kg.namespaces import GRAPH_QUARANTINE_PREFIX, SOURCE_GRAPH_PREFIX
from kg.pipeline import ingest
from kg.query import bind, list_queries, run_query, run_sparql
from kg.store import Store
from kg.store.remote import Endpoints, RemoteStore, open_location
from server_support import canonical, free_port, oxigraph_server

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"

# Parameter sets each canned query runs with ({} = no parameter); every query must be listed here.
PARAMS = {
    "conflicts": [{}],
    "documents": [{}, {"type": "Decree"}],
    "figures": [{}, {"indicator": "people who decided to quit their jobs"}],
    "meetings": [{}, {"chair": "Pham Minh Chinh"}],
    "organizations": [{}, {"type": "Ministry"}],
    "persons": [{}, {"name": "Pham Thi Thanh Tra"}],
    "tasks": [{}, {"assignee": "Ministry of Finance"}, {"month": "2025"}],
    "timeseries": [{"indicator": "people who decided to quit their jobs"}],
    "sources": [{}, {"outlet": "nhandan.vn"}],
}
CASES = [(q.name, p) for q in list_queries() for p in PARAMS.get(q.name, [None])]


@pytest.fixture(scope="module")
def oxigraph_url(tmp_path_factory):
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph"), pytest.skip) as url:
        yield url


@pytest.fixture(scope="module")
def remote(oxigraph_url):
    store = open_location(oxigraph_url)
    report = ingest(store, [ARTICLES])
    assert report.ok and len(report.ingested) == len(list(ARTICLES.glob("*.txt")))
    yield store
    store.close()


@pytest.fixture(scope="module")
def embedded():
    store = Store()
    assert ingest(store, [ARTICLES]).ok
    return store


def rows(results, sparql: str) -> list[tuple]:
    """Rows as sorted tuples of (variable, term string).

    SPARQL leaves open the order of a GROUP_CONCAT and the value a SAMPLE picks, and both
    follow the order rows come out of storage, which differs between two stores (and within one
    after a re-ingest): GROUP_CONCAT lists are compared sorted, SAMPLE values only as bound or not.
    """
    concat = {var: sep for sep, var in re.findall(r'SEPARATOR\s*=\s*"([^"]*)"\s*\)\s*AS\s*\?(\w+)', sparql)}
    sample = set(re.findall(r"SAMPLE\s*\([^)]*\)\s*AS\s*\?(\w+)", sparql, flags=re.IGNORECASE))
    out = []
    for row in results.rows:
        cells = []
        for var, term in zip(results.variables, row):
            text = "" if term is None else str(term)
            if term is not None and var in concat:
                text = concat[var].join(sorted(term.value.split(concat[var])))
            elif term is not None and var in sample:
                text = "(a sample)"
            cells.append((var, text))
        out.append(tuple(sorted(cells)))
    return sorted(out)


def same_answers(remote, embedded, cases=CASES) -> int:
    """Run canned query cases on both stores; the number of rows compared."""
    compared = 0
    for name, params in cases:
        text = bind(next(q for q in list_queries() if q.name == name), params)
        a, b = run_sparql(remote, text), run_sparql(embedded, text)
        assert a.variables == b.variables, name
        assert rows(a, text) == rows(b, text), f"{name} {params}"
        compared += len(a.rows)
    return compared


def test_remote_every_canned_query_has_parameters_listed():
    assert len(CASES) >= 14
    assert all(p is not None for _, p in CASES), "add the new canned query to PARAMS"


@pytest.mark.parametrize("name,params", CASES, ids=[f"{n}-{'-'.join(p) or 'all'}" for n, p in CASES])
def test_remote_canned_query_same_answers_as_embedded(remote, embedded, name, params):
    text = bind(next(q for q in list_queries() if q.name == name), params)
    a, b = run_sparql(remote, text), run_sparql(embedded, text)
    assert a.variables == b.variables
    assert rows(a, text) == rows(b, text)
    assert a.rows, f"{name} {params}: no rows, so nothing was compared"


def test_remote_same_dataset_as_embedded(remote, embedded):
    assert remote.source_graphs() == embedded.source_graphs()
    assert remote.quarantine_graphs() == [] == embedded.quarantine_graphs()
    assert remote.count() == embedded.count() > 5000
    assert remote.facts() == embedded.facts()
    assert canonical(remote.dump()) == canonical(embedded.dump())
    g = remote.source_graphs()[0]
    assert remote.has_graph(g) and not remote.has_graph(g + "-none")
    assert remote.count(g) == embedded.count(g) == len(list(remote.quads(g)))
    node = next(q.subject for q in embedded.quads(g) if q.predicate.value.endswith("wasDerivedFrom"))
    assert sorted(map(str, remote.quads_for(node.value))) == sorted(map(str, embedded.quads_for(node.value)))


def test_remote_construct_ask_and_blank_nodes_behave_like_embedded(remote, embedded):
    construct = "PREFIX kg: <https://w3id.org/vnkg/ontology#> CONSTRUCT { ?m kg:date ?d } WHERE { ?m a kg:Meeting ; kg:date ?d }"
    a, b = run_sparql(remote, construct), run_sparql(embedded, construct)
    assert a.variables == ["subject", "predicate", "object"] and len(a.rows) == len(b.rows) >= 4
    assert sorted(map(str, a.rows)) == sorted(map(str, b.rows))
    assert isinstance(remote.query(construct), ox.QueryTriples)
    for ask, expected in [("ASK { ?s a <https://w3id.org/vnkg/ontology#Task> }", True), ("ASK { ?s a <urn:none> }", False)]:
        assert run_sparql(remote, ask).boolean is expected is run_sparql(embedded, ask).boolean
    # the ontology's OWL lists are blank nodes: they survive the trip and can be walked
    walk = "SELECT (COUNT(*) AS ?n) WHERE { ?x <http://www.w3.org/2002/07/owl#members>/<http://www.w3.org/1999/02/22-rdf-syntax-ns#rest>*/<http://www.w3.org/1999/02/22-rdf-syntax-ns#first> ?m }"
    assert run_sparql(remote, walk).rows == run_sparql(embedded, walk).rows


def test_remote_library_readers_give_the_same_results(remote, embedded):
    from kg.export import actor_graph
    from kg.validate import validate_store
    from kg.validate.consistency import check_figures

    assert check_figures(remote) == check_figures(embedded) != []
    g = remote.source_graphs()[-1]
    ra, rb = validate_store(remote, g), validate_store(embedded, g)
    assert ra.conforms and rb.conforms and ra.results == rb.results
    ga, gb = actor_graph(remote), actor_graph(embedded)
    assert sorted(ga.nodes) == sorted(gb.nodes) and ga.number_of_edges() == gb.number_of_edges()


def test_remote_neighbour_lookup_matches_embedded(remote, embedded):
    """What validating an article reads of the store: the same quads from both backends."""
    from rdflib import RDF
    from rdflib.namespace import SKOS

    nodes = sorted({q.object.value for q in embedded.quads(embedded.source_graphs()[0])
                    if q.object.__class__.__name__ == "NamedNode"})
    assert nodes
    key = lambda quads: sorted({(q.subject.value, q.predicate.value, str(q.object)) for q in quads})  # noqa: E731
    got = key(remote.values_of(nodes, (RDF.type, SKOS.prefLabel)))
    assert got and got == key(embedded.values_of(nodes, (RDF.type, SKOS.prefLabel)))


def test_remote_reingest_replaces(remote, embedded):
    # the article ingested last: its sameTaskAs links already point to every other source
    last = sorted(ARTICLES.iterdir())[-1]
    before = remote.count()
    for store in (remote, embedded):
        report = ingest(store, [last])
        assert report.ok and report.ingested == [last.stem]
    assert remote.count() == before == embedded.count()
    assert remote.ensure_static() is False
    assert same_answers(remote, embedded, [("tasks", {})]) > 50


def test_remote_quarantine_graphs_are_not_queried(remote, embedded):
    source = remote.source_graphs()[2]
    article = source.removeprefix(SOURCE_GRAPH_PREFIX)
    quarantine = GRAPH_QUARANTINE_PREFIX + article
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in embedded.quads(source))
    ids = "SELECT DISTINCT ?id WHERE { ?a <http://purl.org/dc/terms/identifier> ?id }"
    try:
        for store in (remote, embedded):  # what ingest --quarantine does: one atomic move
            store.replace_graphs({source: "", quarantine: nt})
        assert remote.quarantine_graphs() == [quarantine] == embedded.quarantine_graphs()
        assert source not in remote.source_graphs()
        seen = {r["id"] for r in run_sparql(remote, ids).values()}
        assert article not in seen and len(seen) == len(list(ARTICLES.glob("*.txt"))) - 1
        assert article in {r["id"] for r in run_sparql(remote, ids, include_quarantine=True).values()}
        assert same_answers(remote, embedded, [(n, p) for n, p in CASES if not p]) > 150
    finally:
        for store in (remote, embedded):
            store.replace_graphs({quarantine: "", source: nt})
    assert remote.quarantine_graphs() == [] and source in remote.source_graphs()


def test_remote_graph_by_graph_when_too_big_for_one_update(oxigraph_url, remote):
    small = RemoteStore(Endpoints.preset("oxigraph", oxigraph_url), max_update_bytes=10)
    g1, g2 = "https://w3id.org/vnkg/id/graph/test/a", "https://w3id.org/vnkg/id/graph/test/b"
    t = '<https://example.org/s> <https://example.org/p> "v\\u00e9" .\n'
    small.replace_graphs({g1: t, g2: ""})
    assert small.count(g1) == 1 and not small.has_graph(g2)
    small.replace_graphs({g1: "", g2: t})
    assert not small.has_graph(g1) and [q.object.value for q in remote.quads(g2)] == ["vé"]
    small.replace_graph(g2, t.replace("v\\u00e9", "w"))
    assert [q.object.value for q in remote.quads(g2)] == ["w"]
    small.drop_graph(g2)
    small.drop_graph(g2)  # dropping what is not there is fine
    assert not remote.has_graph(g2)


def test_remote_dump_loads_into_embedded_and_back(remote, tmp_path):
    dump = remote.dump()
    copy = Store()
    copy.load(dump)
    assert canonical(copy.dump()) == canonical(dump)
    g = "https://w3id.org/vnkg/id/graph/test/load"
    remote.load(f'<https://example.org/s> <https://example.org/p> "1" <{g}> .\n')
    remote.load(f'<https://example.org/s> <https://example.org/p> "2" <{g}> .\n')  # replaces the graph
    assert [q.object.value for q in remote.quads(g)] == ["2"]
    with pytest.raises(SyntaxError):
        remote.load(f'<https://example.org/s> <https://example.org/p> "3" <{g}> .\nbroken')
    assert [q.object.value for q in remote.quads(g)] == ["2"]
    remote.drop_graph(g)


def test_remote_load_refuses_to_replace_reference_graphs(remote):
    # issue 14 item 4, on a server too
    from kg.errors import StoreError
    from kg.namespaces import GRAPH_REFERENCE

    before = remote.count(GRAPH_REFERENCE)
    with pytest.raises(StoreError, match="replace-static"):
        remote.load(f'<https://example.org/a> <https://example.org/p> "1" <{GRAPH_REFERENCE}> .\n')
    assert remote.count(GRAPH_REFERENCE) == before > 100
    remote.load(remote.dump())          # this version's own reference graphs: skipped, not refused
    assert remote.count(GRAPH_REFERENCE) == before


def test_remote_update_refused_without_allow_update(remote):
    before = remote.count()
    with pytest.raises(UpdateRefused):
        run_sparql(remote, "DROP ALL")
    assert remote.count() == before
    g = "https://w3id.org/vnkg/id/graph/test/update"
    run_sparql(remote, f"INSERT DATA {{ GRAPH <{g}> {{ <urn:a> <urn:b> <urn:c> }} }}", allow_update=True)
    assert remote.count() == before + 1
    run_sparql(remote, f"DROP GRAPH <{g}>", allow_update=True)
    assert remote.count() == before


def test_remote_errors_are_one_line_kg_errors(remote, oxigraph_url):
    with pytest.raises(QueryError, match="does not parse"):
        run_sparql(remote, "SELECT * WHERE { ?s ?p ")
    with pytest.raises(QueryError, match="does not parse"):
        run_sparql(remote, "INSERT DATA { <urn:a> <urn:b> }", allow_update=True)
    reader = open_location(oxigraph_url, read_only=True)
    assert reader.count() == remote.count()
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph("https://w3id.org/vnkg/id/graph/test/ro", "")
    with pytest.raises(StoreError, match="404"):
        run_query(open_location(oxigraph_url, query=oxigraph_url + "/nothing-here"), "persons")


def test_remote_dead_server_is_a_clear_store_error():
    dead = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match=r"cannot reach the SPARQL store at http://127\.0\.0\.1:\d+.*running") as e:
        open_location(dead)
    assert e.value.code == "KG-E010" and "\n" not in str(e.value)
    store = open_location(dead, server="oxigraph")  # no probe: the first request fails the same way
    with pytest.raises(StoreError, match="cannot reach"):
        run_query(store, "persons")


def test_remote_open_location_picks_the_backend(tmp_path, oxigraph_url, monkeypatch):
    monkeypatch.delenv("KG_STORE_PASSWORD", raising=False)
    assert isinstance(open_location(tmp_path / "st"), Store)
    assert open_location(Path(oxigraph_url)).url == oxigraph_url + "/query"  # Path folds "//" to "/"
    store = open_location(oxigraph_url + "/query")
    assert isinstance(store, RemoteStore) and store.endpoints.server == "oxigraph"
    assert store.endpoints.update == oxigraph_url + "/update" and store.path is None
    with pytest.raises(StoreError, match="password"):
        open_location("http://someone@127.0.0.1:1/sparql", server="generic")


def test_remote_store_can_be_shared_between_threads(remote, embedded):
    from concurrent.futures import ThreadPoolExecutor

    texts = [bind(next(q for q in list_queries() if q.name == n), p) for n, p in CASES if not p]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda t: rows(run_sparql(remote, t), t), texts * 2))
    assert got == [rows(run_sparql(embedded, t), t) for t in texts] * 2


def test_cli_store_option_takes_a_server_url(oxigraph_url, tmp_path):
    """`kg --store URL` ingests into and queries the server, like a folder store."""
    import json
    import sys

    def kg(*args):
        return subprocess.run([sys.executable, "-m", "kg", "--store", oxigraph_url, *args],
                              capture_output=True, text=True, timeout=300)

    article = sorted(ARTICLES.glob("*.txt"))[1]
    done = kg("ingest", str(article))
    assert done.returncode == 0, done.stderr
    out = kg("query", "persons", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["results"]["bindings"]
    refused = kg("query", "--sparql", "DROP ALL")
    assert refused.returncode == 2 and "allow-update" in refused.stderr
    stats = kg("stats")
    assert f"store: {oxigraph_url}" in stats.stdout


def test_remote_basic_auth_when_the_server_asks_for_it():
    """Virtuoso asks for digest (tested in test_virtuoso); a server that asks for basic gets basic."""
    import base64
    import http.server
    import threading

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append(self.headers.get("Authorization"))
            ok = seen[-1] == "Basic " + base64.b64encode(b"kg:secret").decode()
            self.send_response(204 if ok else 401)
            if not ok:
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
    try:
        store = open_location(url, server="generic", user="kg", password="secret")
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        store.update("INSERT DATA { <urn:a> <urn:b> <urn:d> }")
        assert seen[0] is None and len(seen) == 3 and seen[1] == seen[2] is not None  # then sent up front
        with pytest.raises(StoreError, match="refused the update"):
            open_location(url, server="generic", user="kg", password="wrong").update("CLEAR ALL")
    finally:
        server.shutdown()
        server.server_close()


def test_remote_named_quads_match_embedded(remote, embedded):
    """What the writer reads to link the tasks of a meeting: the same quads from both backends."""
    kg = "https://w3id.org/vnkg/ontology#"
    key = lambda quads: sorted(map(str, quads))  # noqa: E731
    decided = key(embedded.named_quads(None, kg + "decidedAt", None))
    assert decided and decided == key(remote.named_quads(None, kg + "decidedAt", None))
    g = embedded.source_graphs()[0]
    task = next(embedded.named_quads(None, kg + "decidedAt", None, g)).subject.value
    assert key(remote.named_quads(task, None, None, g)) == key(embedded.named_quads(task, None, None, g)) != []
