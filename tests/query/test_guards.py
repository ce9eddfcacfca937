"""What ``kg.query`` refuses or stops before the store runs it: comments read as tokens (a ``#``
in an IRI is not one), SERVICE and LOAD (no outbound request), paths where a canned query's name
is expected, and a timed-out query's work (issue 14, items 14-17)."""
from __future__ import annotations

import time

import pytest

from kg.errors import OutboundRequestRefused, QueryTimeout, UnknownQuery
from kg.query import (bind, canned_query, code_only, get_query, is_update, outbound_request, parse_query_text,
                      run_sparql, strip_comments)
from kg.store import Store

from conftest import tree_cpu_seconds

KG = "PREFIX kg: <https://w3id.org/vnkg/ontology#>"
CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


# -- item 14: a '#' inside an IRI or a string is not a comment ----------------------------------

@pytest.mark.parametrize("text,update", [
    (f"{KG} INSERT DATA {{ GRAPH <urn:g> {{ <urn:a> kg:p 1 }} }}", True),
    (f"# a note\n{KG}\nDELETE WHERE {{ GRAPH <urn:g> {{ <urn:a> ?p ?o }} }}", True),
    (f"{KG} BASE <http://example.org/x#> WITH <urn:g> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", True),
    ("# DROP ALL\nSELECT * { ?s ?p ?o }", False),
    (f"{KG} SELECT ?x WHERE {{ BIND(\"# DROP ALL\" AS ?x) }}", False),
    ("SELECT * { ?s <urn:x#INSERT> ?o }", False),
])
def test_query_is_update_reads_hash_in_iris_as_iri(text, update):
    assert is_update(text) is update


def test_query_strip_comments_keeps_hash_in_iris_and_strings():
    text = f"{KG} # the ontology\nSELECT ?x WHERE {{ BIND(\"a # b\" AS ?x) ?s <urn:x#y> '''c # d''' }} # end\r?s"
    assert strip_comments(text) == f"{KG} \nSELECT ?x WHERE {{ BIND(\"a # b\" AS ?x) ?s <urn:x#y> '''c # d''' }} \r?s"
    assert len(code_only(text)) == len(text) and "#" not in code_only(text)


def test_query_update_declaring_a_hash_prefix_runs():
    store = Store()
    run_sparql(store, f'# a note\n{KG} INSERT DATA {{ GRAPH <https://example.org/g> {{ <urn:a> kg:p "#1" }} }}',
               allow_update=True)
    rows = run_sparql(store, f"{KG}\nSELECT ?v WHERE {{ ?s kg:p ?v }} # kg:p").values()
    assert rows == [{"v": "#1"}]


def test_query_bind_skips_a_where_in_a_comment():
    q = parse_query_text("#+ params:\n#+   - who: string, optional\n# WHERE { is read from the data }\n"
                         "SELECT ?who_param WHERE { BIND(1 AS ?one) }")
    assert run_sparql(Store(), bind(q, {"who": "x"})).values() == [{"who_param": "x"}]


# -- item 15: no SERVICE, no LOAD: kg sends no request on a query's behalf ----------------------

def _seeded_store() -> Store:
    store = Store()
    store.replace_graph("https://example.org/g", "<http://e/s> <http://e/a> <http://e/o> .\n"
                                                 "<http://e/s> <http://e/a#b> <http://e/o> .")
    return store


@pytest.mark.parametrize("template", [
    "SELECT * {{ SERVICE <{u}/x> {{ ?s ?p ?o }} }}",
    "select * {{ ?s ?p ?o . service silent <{u}/x> {{ ?x ?y ?z }} }}",
    "CONSTRUCT WHERE {{ ?s ?p ?o SERVICE<{u}/x>{{?s ?p ?o}} }}",
    "ASK {{ ?s ?p ?o.SERVICE <{u}/x> {{ ?x ?y ?z }} }}",
    "PREFIX : <{u}/> SELECT * {{ SERVICE:x {{ ?x ?y ?z }} }}",                   # glued: Oxigraph reads it
    "PREFIX ex: <http://e/> SELECT * {{ ?s ex:a\\#b ?o . SERVICE <{u}/x> {{ ?x ?y ?z }} }}",  # not a comment
    "SELECT * {{ ?s ?p ?o # a comment ends at CR\rSERVICE <{u}/x> {{ ?x ?y ?z }} }}",
    "SELECT * {{ BIND(<{u}/x> AS ?u) SERVICE ?u {{ ?x ?y ?z }} }}",
])
def test_query_service_is_refused_and_nothing_is_requested(recorder, template):
    base, seen = recorder
    with pytest.raises(OutboundRequestRefused, match="SERVICE"):
        run_sparql(_seeded_store(), template.format(u=base))
    assert seen == []


@pytest.mark.parametrize("template", [
    "LOAD <{u}/x.ttl> INTO GRAPH <urn:g>",
    "INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{u}/x> {{ ?s ?p ?o }} }}",
])
def test_query_update_fetching_from_the_web_is_refused(recorder, template):
    base, seen = recorder
    with pytest.raises(OutboundRequestRefused):
        run_sparql(_seeded_store(), template.format(u=base), allow_update=True)
    assert seen == []


@pytest.mark.parametrize("text", [
    'SELECT ?service WHERE { BIND("SERVICE <http://x/> { }" AS ?service) }',
    "SELECT * WHERE { GRAPH ?service { ?s <http://e/SERVICE> ?o } }",
    "PREFIX schema: <http://schema.org/> SELECT * WHERE { ?s a schema:Service ; schema:self-service ?o }",
    "SELECT * WHERE { ?s ?p '''SERVICE <http://x/> { ?a ?b ?c }''' } # SERVICE <http://x/> { ?a ?b ?c }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a.SERVICE ?o }",
    "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> 'LOAD <http://x/>' } }",
])
def test_query_the_word_service_in_strings_iris_and_names_is_not_refused(text):
    assert outbound_request(text) is None
    run_sparql(Store(), text, allow_update=True)


def test_cli_query_with_service_exits_2(recorder, runner, tmp_path):
    from kg.cli import app

    base, seen = recorder
    Store(tmp_path / "s").flush()        # an empty store, closed again
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "query", "--sparql",
                            f"SELECT * {{ SERVICE <{base}/> {{ ?s ?p ?o }} }}"])
    assert r.exit_code == 2 and "KG-E026" in r.stderr and "SERVICE" in r.stderr
    assert seen == []


# -- item 16: a canned query is a name, not a path --------------------------------------------

def test_query_canned_query_takes_names_not_paths(tmp_path):
    rq = tmp_path / "x.rq"
    rq.write_text('SELECT ("from a file" AS ?x) {}', encoding="utf-8")
    assert canned_query("tasks").name == "tasks"
    for name in (str(rq), "../" * 30 + str(tmp_path / "x")[1:], "tasks.rq"):
        with pytest.raises(UnknownQuery):
            canned_query(name)
    assert get_query(str(rq)).text.startswith("SELECT")   # kg query FILE.rq still works


# -- item 17: a timed-out query stops working -------------------------------------------------

@pytest.fixture
def disk_store(tmp_path):
    store = Store(tmp_path / "s")
    store.replace_graph("https://example.org/g",
                        "\n".join(f'<http://e/s{i}> <http://e/p{i % 7}> "{i}" .' for i in range(3000)))
    return store


def test_query_timeout_stops_the_work_on_a_disk_store(disk_store):
    assert run_sparql(disk_store, "SELECT * { ?s ?p ?o } LIMIT 3", timeout=30, isolate=True).values()[0]["s"].startswith("http://e/")
    t = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        run_sparql(disk_store, CARTESIAN, timeout=0.5, isolate=True)       # 3000^3 rows: minutes of work
    assert time.monotonic() - t < 5
    time.sleep(0.3)
    before = tree_cpu_seconds()
    time.sleep(1.5)
    assert tree_cpu_seconds() - before < 0.3                 # the query runs on: ~1.5 s


def test_query_timeout_limits_rows_and_reports_errors_from_the_child(disk_store):
    from kg.errors import QueryError

    with pytest.raises(QueryError, match="more than 10 rows"):
        run_sparql(disk_store, "SELECT * { ?s ?p ?o }", timeout=30, limit=10, isolate=True)
    with pytest.raises(QueryError, match="does not parse"):
        run_sparql(disk_store, "SELECT nonsense", timeout=30, isolate=True)
