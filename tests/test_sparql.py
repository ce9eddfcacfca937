"""kg.sparql: prefixes declared in advance and parser errors a person can read (issue 17)."""
import subprocess
import sys

import pytest

from kg.errors import QueryError
from kg.query import run_sparql
from kg.store import Store


@pytest.fixture(scope="module")
def store():
    s = Store()
    s.ensure_static()
    return s


def test_sparql_common_prefixes_need_no_declaration(store):
    rows = run_sparql(store, "SELECT ?m WHERE { ?m a kg:Ministry ; skos:prefLabel ?l } LIMIT 3").rows
    assert len(rows) == 3
    for prefix in ("rdf", "rdfs", "xsd", "owl", "org", "prov", "qb", "skos", "schema", "foaf", "time", "dct", "eli"):
        run_sparql(store, f"ASK {{ ?s {prefix}:x ?o }}")          # parses: the prefix is known


def test_sparql_a_query_may_redeclare_a_prefix(store):
    text = "PREFIX kg: <urn:other#> SELECT ?m WHERE { ?m a kg:Ministry }"
    assert run_sparql(store, text).rows == []


def test_sparql_update_needs_no_declaration():
    s = Store()
    run_sparql(s, 'INSERT DATA { GRAPH <urn:g> { <urn:a> skos:prefLabel "A"@en } }', allow_update=True)
    assert run_sparql(s, "SELECT ?l { ?a skos:prefLabel ?l }").values() == [{"l": "A"}]


def test_sparql_undeclared_prefix_error_names_it_with_line_and_column(store):
    with pytest.raises(QueryError) as e:
        run_sparql(store, "SELECT * WHERE {\n  ?s a wd:Q5 }")
    text = str(e.value)
    assert "line 2, column 8" in text and "PREFIX wd:" in text and "expected one of" not in text
    assert "\n    ?s a wd:Q5 }\n         ^" in text


def test_sparql_cli_query_without_prefix_lines(tmp_path):
    store = tmp_path / "s"
    run = [sys.executable, "-m", "kg", "--store", str(store)]
    bad = tmp_path / "a.txt"
    bad.write_text("The Ministry of Finance met on 3 October 2025 to review the budget of the communes.\n")
    assert subprocess.run(run + ["ingest", str(bad)], capture_output=True).returncode == 0
    r = subprocess.run(run + ["query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?m a kg:Ministry }",
                              "--format", "csv"], capture_output=True, text=True)
    assert r.returncode == 0 and int(r.stdout.split()[-1]) > 10, r.stderr
    r = subprocess.run(run + ["query", "--sparql", "SELECT * WHERE { ?s a wd:Q5 }"], capture_output=True, text=True)
    assert r.returncode == 1 and "the prefix wd: is not declared" in r.stderr and "line 1, column 23" in r.stderr
