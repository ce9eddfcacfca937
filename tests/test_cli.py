"""The command line, in process: exit codes, JSON on stdout, reasons on stderr."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import app

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
FR = ARTICLES / "000_6921293e5ad94818.txt"
EN = ARTICLES / "001_9bb11e9ea168d04b.txt"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from typer.testing import CliRunner

    store = tmp_path_factory.mktemp("kg") / "store"
    r = CliRunner().invoke(app, ["--store", str(store), "ingest", str(FR), str(EN)])
    assert r.exit_code == 0, r.stderr
    return store


def _rows(runner, store, *args):
    r = runner.invoke(app, ["--store", str(store), "query", *args, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["results"]["bindings"]


def test_cli_tasks_of_ministry_of_finance_in_three_languages(runner, seeded):
    en = _rows(runner, seeded, "tasks", "--param", "assignee=Ministry of Finance")
    fr = _rows(runner, seeded, "tasks", "--param", "assignee=ministère des Finances")
    vi = _rows(runner, seeded, "tasks", "--param", "assignee=Bộ Tài chính")
    assert en and en == fr == vi
    assert {b["source"]["value"] for b in en} == {FR.stem, EN.stem}
    assert all(b["assigneeName"]["value"] == "Ministry of Finance" for b in en)


def test_cli_both_languages_share_the_meeting(runner, seeded):
    rows = _rows(runner, seeded, "meetings")
    assert len(rows) == 1
    assert rows[0]["chairName"]["value"] == "Nguyen Hoa Binh"
    assert set(rows[0]["sources"]["value"].split("; ")) == {FR.stem, EN.stem}


def test_cli_reingest_keeps_triple_count(tmp_path):
    import subprocess
    import sys

    def kg(*args):  # separate processes, as users run them (the store lock is per process)
        return subprocess.run([sys.executable, "-m", "kg", "--store", str(tmp_path / "s"), *map(str, args)],
                              capture_output=True, text=True)

    assert kg("ingest", FR, EN).returncode == 0
    before = kg("stats").stdout
    assert "triples:" in before
    r = kg("ingest", EN)
    assert r.returncode == 0, r.stderr
    assert kg("stats").stdout == before


def test_cli_validate_conforms(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "validate"])
    assert r.exit_code == 0, r.stdout


def test_cli_validate_reports_figure_without_value(runner, tmp_path):
    from kg.store import Store

    store_dir = tmp_path / "s"
    s = Store(store_dir)
    s.ensure_static()
    s.replace_graph("https://w3id.org/vnkg/id/source/bad", """
<https://w3id.org/vnkg/id/article/bad> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Article> .
<https://w3id.org/vnkg/id/article/bad> <https://w3id.org/vnkg/ontology#text> "x" .
<https://w3id.org/vnkg/id/article/bad> <http://purl.org/dc/terms/language> "en" .
<https://w3id.org/vnkg/id/article/bad> <http://purl.org/dc/terms/identifier> "bad" .
<https://w3id.org/vnkg/id/figure/bad/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Figure> .
<https://w3id.org/vnkg/id/figure/bad/1> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/vnkg/id/article/bad> .
""")
    s.flush()
    del s
    r = runner.invoke(app, ["--store", str(store_dir), "validate"])
    assert r.exit_code == 1
    assert "https://w3id.org/vnkg/id/figure/bad/1" in r.stdout
    assert "https://w3id.org/vnkg/ontology#value" in r.stdout
    assert "source:     bad" in r.stdout


def test_cli_query_list_shows_params(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "query", "--list"])
    assert r.exit_code == 0 and "--param assignee" in r.stdout


def test_cli_unknown_query_exits_2(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "query", "nope"])
    assert r.exit_code == 2 and "no canned query" in r.stderr


def test_cli_ingest_empty_file_fails_clearly(runner, tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("")
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "ingest", str(f)])
    assert r.exit_code == 2 and "empty file" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "dot", "jsonld", "trig", "nquads", "ttl"])
def test_cli_export_formats(runner, seeded, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    r = runner.invoke(app, ["--store", str(seeded), "export", "--format", fmt, "--output", str(out)])
    assert r.exit_code == 0, r.stderr
    assert out.stat().st_size > 100


def test_cli_same_task_from_two_sources_is_linked(runner, seeded):
    rows = _rows(runner, seeded, "tasks", "--param", "assignee=Ministry of Finance")
    linked = [b for b in rows if "sameTaskAs" in b]
    assert len(linked) >= 2
    by_iri = {b["task"]["value"]: b["source"]["value"] for b in rows}
    for b in linked:
        assert by_iri[b["sameTaskAs"]["value"]] != b["source"]["value"]


def test_cli_fr_and_en_share_people_and_organisations(runner, seeded):
    people = {}
    for b in _rows(runner, seeded, "persons"):
        people.setdefault(b["person"]["value"], set()).add(b["source"]["value"])
    orgs = {}
    for b in _rows(runner, seeded, "organizations"):
        orgs.setdefault(b["org"]["value"], set()).add(b["source"]["value"])
    both = {FR.stem, EN.stem}
    for iri in ("https://w3id.org/vnkg/id/person/nguyen-hoa-binh", "https://w3id.org/vnkg/id/person/pham-thi-thanh-tra"):
        assert people[iri] == both
    for iri in ("https://w3id.org/vnkg/id/org/ministry-of-finance", "https://w3id.org/vnkg/id/org/ministry-of-home-affairs",
                "https://w3id.org/vnkg/id/org/politburo", "https://w3id.org/vnkg/id/place/ho-chi-minh-city"):
        assert orgs[iri] == both


def test_cli_evidence_offsets_point_into_the_stored_text(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "query", "--format", "json", "--sparql",
                            "PREFIX kg: <https://w3id.org/vnkg/ontology#> SELECT ?text ?s ?e ?q WHERE { "
                            "?ev kg:inArticle ?a ; kg:start ?s ; kg:end ?e ; kg:quote ?q . ?a kg:text ?text }"])
    rows = json.loads(r.stdout)["results"]["bindings"]
    assert len(rows) > 20
    for b in rows:
        assert b["text"]["value"][int(b["s"]["value"]):int(b["e"]["value"])] == b["q"]["value"]


BAD_FIGURE = """
<https://w3id.org/vnkg/id/article/bad> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Article> .
<https://w3id.org/vnkg/id/article/bad> <https://w3id.org/vnkg/ontology#text> "x" .
<https://w3id.org/vnkg/id/article/bad> <http://purl.org/dc/terms/language> "en" .
<https://w3id.org/vnkg/id/article/bad> <http://purl.org/dc/terms/identifier> "bad" .
<https://w3id.org/vnkg/id/figure/bad/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Figure> .
<https://w3id.org/vnkg/id/figure/bad/1> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/vnkg/id/article/bad> .
"""


def test_cli_validate_lists_quarantined_sources_apart(runner, tmp_path):
    from kg.namespaces import GRAPH_QUARANTINE_PREFIX
    from kg.store import Store

    store_dir = tmp_path / "s"
    s = Store(store_dir)
    s.ensure_static()
    s.replace_graph(GRAPH_QUARANTINE_PREFIX + "bad", BAD_FIGURE)
    s.flush()
    del s
    r = runner.invoke(app, ["--store", str(store_dir), "validate", "--no-consistency"])
    assert r.exit_code == 0, r.stdout  # what is queried conforms; the quarantine is listed, not counted
    assert "Quarantined: 1 source(s)" in r.stdout and "- bad: 4 violation(s)" in r.stdout  # value, indicator, data set, evidence
    r = runner.invoke(app, ["--store", str(store_dir), "validate", "--format", "json", "--no-consistency"])
    held = json.loads(r.stdout)["quarantined"]
    assert [h["conforms"] for h in held] == [False]
    r = runner.invoke(app, ["--store", str(store_dir), "validate", "--graph", "bad"])
    assert r.exit_code == 1 and "figure/bad/1" in r.stdout
    rows = _rows(runner, store_dir, "--sparql", "SELECT ?f WHERE { ?f a <https://w3id.org/vnkg/ontology#Figure> }")
    assert rows == []  # canned and ad-hoc queries do not see the quarantine


def test_cli_query_timeout(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "query", "--timeout", "0.5", "--sparql",
                            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"])
    assert r.exit_code == 1 and "KG-E024" in r.stderr
