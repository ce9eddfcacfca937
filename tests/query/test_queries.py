import re

import pytest

from kg.errors import ParameterError, UpdateRefused
from kg.query import bind, list_queries, run_query, run_sparql

CONTRACT = {
    "persons": {"person", "name", "post"},
    "organizations": {"org", "name", "type"},
    "meetings": {"meeting", "date", "chairName"},
    "documents": {"doc", "identifier", "type"},
    "tasks": {"task", "assignerName", "assigneeName", "description", "deadline"},
    "figures": {"figure", "indicatorLabel", "value", "unit", "asOf"},
    "conflicts": {"valueA", "valueB"},
}


def test_queries_all_contract_queries_exist():
    names = {q.name for q in list_queries()}
    assert set(CONTRACT) <= names


@pytest.mark.parametrize("q", list_queries(), ids=lambda q: q.name)
def test_queries_header_and_params(q, store):
    assert q.text.startswith("#+ summary:") and q.summary
    assert "#+ params:" in q.text
    used = set(re.findall(r"\?(\w+)_param\b", q.text))
    assert used == set(q.param_names), f"{q.name}: used {used} declared {q.param_names}"
    required = {p.name: "x" for p in q.params if not p.optional}
    res = run_sparql(store, bind(q, required))
    assert set(CONTRACT.get(q.name, set())) <= set(res.variables)


def test_queries_collected_all_files():
    assert len(list_queries()) >= 7


def test_queries_param_is_a_term_not_text(store):
    evil = 'x" } } ; DROP ALL ; #'
    res = run_query(store, "tasks", {"assignee": evil})
    assert res.rows == []
    assert store.count() > 100  # nothing dropped


def test_queries_unknown_param_is_refused(store):
    with pytest.raises(ParameterError):
        run_query(store, "tasks", {"nope": "1"})


def test_queries_update_refused_without_flag(store):
    with pytest.raises(UpdateRefused):
        run_sparql(store, "DROP ALL")
    assert store.count() > 100


def test_queries_string_param_injection_is_inert(store):
    evil = 'x" } } ; DROP ALL ; #'
    text = bind(next(q for q in list_queries() if q.name == "documents"), {"type": evil})
    assert run_sparql(store, text).rows == []
    assert store.count() > 100


def test_queries_missing_required_param_is_refused():
    q = next(q for q in list_queries() if q.name == "timeseries")
    with pytest.raises(ParameterError, match="needs --param indicator"):
        bind(q, {})


def test_queries_time_out_instead_of_hanging(store):
    import time

    from kg.errors import QueryTimeout

    t = time.monotonic()
    with pytest.raises(QueryTimeout, match="time limit"):
        # ~4*10^7 rows over the static graphs: a few seconds. In memory the query runs on in a
        # thread after the timeout (the disk case stops: test_guards.py), so it must end soon
        # rather than burn a core for the rest of the session
        run_sparql(store, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", timeout=0.1)
    assert time.monotonic() - t < 3


def test_queries_result_size_limit(store):
    from kg.errors import QueryError

    assert len(run_sparql(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 10", limit=10).rows) == 10
    with pytest.raises(QueryError, match="more than 10 rows"):
        run_sparql(store, "SELECT * WHERE { ?s ?p ?o }", limit=10)


def test_queries_construct_is_a_graph_result(store):
    res = run_sparql(store, "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 3")
    assert res.graph and len(res.rows) == 3 and res.variables == ["subject", "predicate", "object"]


def test_queries_marked_lines_follow_every_name_they_list():
    from kg.query import parse_query_text

    q = parse_query_text("#+ params:\n#+   - a: key, optional\n#+   - b: string, optional\n"
                         "SELECT * WHERE {\n"
                         "  ?s <urn:all> ?o .  #+ without a b\n"
                         "  ?s <urn:a> ?a_param .  #+ with a\n"
                         "  ?s <urn:ab> ?o .  #+ with a b\n}")
    kept = {frozenset(given): {m for m in ("urn:all", "urn:ab", "urn:a>") if m in bind(q, dict.fromkeys(given, "x"))}
            for given in ([], ["a"], ["b"], ["a", "b"])}
    assert kept == {frozenset(): {"urn:all"}, frozenset("a"): {"urn:a>"}, frozenset("b"): set(),
                    frozenset("ab"): {"urn:a>", "urn:ab"}}


def test_queries_marker_naming_an_undeclared_parameter_is_refused():
    from kg.errors import QueryError
    from kg.query import parse_query_text

    with pytest.raises(QueryError, match="'#\\+ without c'"):
        parse_query_text("#+ params:\n#+   - a: key, optional\nSELECT * WHERE {\n  ?s ?p ?o .  #+ without a c\n}")


def test_list_queries_reads_a_file_again_only_once_it_changed(tmp_path, monkeypatch):
    import os

    from kg import resources
    from kg.query import list_queries

    f = tmp_path / "mine.rq"
    f.write_text("#+ summary: One\n#+ params:\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    monkeypatch.setattr(resources, "resource_files", lambda name, pattern="*.ttl": [f])
    (first,) = list_queries()
    assert list_queries()[0] is first                   # unchanged: parsed once
    f.write_text("#+ summary: Two\n#+ params:\nSELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    os.utime(f, ns=(first_ns := f.stat().st_mtime_ns + 1_000_000, first_ns))
    assert list_queries()[0].summary == "Two"
