"""Answer tables (kg.query.answers): an answer read from them is the answer SPARQL gives, in the
same order, page by page; and they are never read when they could be stale."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.cli import app
from kg.errors import QueryError
from kg.pipeline import ingest
from kg.query import Page, Results, bind, canned_query, list_queries, parse_query_text, run_query, run_sparql
from kg.query import answers
from kg.store import Store

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"
QUIT = "people who decided to quit their jobs"
# every indexed query's listing, and its key parameter in two languages and two spellings
KEYED = [("tasks", {"assignee": "Ministry of Finance"}), ("tasks", {"assignee": "Bộ Tài chính"}),
         ("figures", {"indicator": QUIT}), ("figures", {"indicator": "người quyết định nghỉ việc"}),
         ("timeseries", {"indicator": QUIT}), ("persons", {"name": "Pham Thi Thanh Tra"}),
         ("persons", {"name": "PHẠM THỊ THANH TRÀ"}), ("tasks", {"assignee": "no such body"}),
         # keys by a value: a month, a year, a whole date or nothing of a meeting's date; an outlet as stored
         ("meetings", {"month": "2025-10"}), ("meetings", {"month": "2025"}), ("meetings", {"month": "2025-09-17"}),
         ("meetings", {"month": "1999"}), ("meetings", {"month": ""}), ("sources", {"outlet": "baotintuc.vn"}),
         ("sources", {"outlet": "BAOTINTUC.VN"}), ("conflicts", {"indicator": QUIT}),
         ("conflicts", {"indicator": "share of people who quit their jobs who received payment of policies and regimes"}),
         # keys by a column the query computes (a type), as text: exact, so a wrong case finds nothing
         ("organizations", {"type": "Ministry"}), ("organizations", {"type": "ministry"}),
         ("documents", {"type": "Decree"}), ("documents", {"type": "Other"})]
LISTINGS = [(q.name, {}) for q in list_queries() if answers.indexed(q) and q.name != "timeseries"]


def values(results) -> list[list[str | None]]:
    return [[None if t is None else (t.value, getattr(t, "language", None), str(getattr(t, "datatype", "")))
             for t in row] for row in results.rows]


@pytest.fixture(scope="module")
def disk(tmp_path_factory):
    path = tmp_path_factory.mktemp("tables") / "store"
    s = Store(path)
    assert ingest(s, [ARTICLES]).ok
    s.close()
    s = Store(path, read_only=True)
    report = answers.build(s)
    assert report.path.exists() and report.queries["tasks"] > 0
    return s


def test_answer_tables_cover_the_queries_that_declare_them():
    declared = {q.name: answers.indexed(q) for q in list_queries()}
    assert {n for n, ix in declared.items() if ix} >= {"tasks", "figures", "timeseries", "persons"}
    assert declared["tasks"].key == "assignee" and declared["tasks"].node == "assignee"
    assert declared["conflicts"].key == "indicator" and declared["conflicts"].node == "indicator"
    meetings, sources = declared["meetings"], declared["sources"]
    assert (sources.node, sources.via, sources.prefix) == ("article", "https://schema.org/publisher", False)
    assert (meetings.key, meetings.node, meetings.prefix) == ("month", "meeting", True)
    assert meetings.via == "https://w3id.org/vnkg/ontology#date"
    import pyoxigraph as ox
    assert meetings.keys(ox.Literal("2025-09")) == ["", "2", "20", "202", "2025", "2025-", "2025-0", "2025-09"]
    assert meetings.lookup("2025-09") == "2025-09" and sources.lookup("x.vn") == '"x.vn'


@pytest.mark.parametrize("name,params", KEYED + LISTINGS, ids=lambda x: x if isinstance(x, str) else repr(x))
def test_answer_tables_give_what_sparql_gives_in_its_order(disk, name, params):
    q = canned_query(name)
    got = answers.answer(disk, q, params)
    assert got is not None, "the tables should hold this answer"
    want = run_sparql(disk, bind(q, params))
    assert got.variables == want.variables
    assert len(got) == len(want.rows)          # counted before any row is decoded
    assert values(got) == values(want)
    assert [[type(t) for t in row] for row in got.rows] == [[type(t) for t in row] for row in want.rows]
    assert got.json_text() == want.json_text()
    # the endpoint's JSON, written at the build, is the JSON of SPARQL's rows byte for byte
    fresh = answers.answer(disk, q, params, form="json")
    assert len(fresh) == len(want.rows) and fresh.json_text() == want.json_text()
    # read for the endpoint and asked for terms all the same: SPARQL's rows
    assert values(answers.answer(disk, q, params, form="json")) == values(want)


def test_answer_tables_rows_set_or_edited_by_a_caller_make_the_json(disk):
    got = answers.answer(disk, canned_query("tasks"), {})
    got.rows.pop()
    assert json.loads(got.json_text())["results"]["bindings"] == Results(got.variables, got.rows).to_json()[
        "results"]["bindings"]
    got.rows = []
    assert len(got) == 0 and json.loads(got.json_text())["results"]["bindings"] == []


@pytest.mark.parametrize("name,params", [("tasks", {}), ("figures", {}), ("figures", {"indicator": QUIT})])
def test_answer_tables_pages_are_slices_of_the_answer(disk, name, params):
    q = canned_query(name)
    whole = values(run_sparql(disk, bind(q, params)))
    assert len(whole) > 2
    at, pages = 0, []
    while True:
        page = answers.answer(disk, q, params, Page(2, at))
        pages += values(page)
        assert page.offset == at and page.more == (at + 2 < len(whole))
        if not page.more:
            break
        at += 2
    assert pages == whole
    assert values(answers.answer(disk, q, params, Page(None, 3))) == whole[3:]


def test_answer_tables_form_is_rows_or_json(disk):
    with pytest.raises(ValueError, match="form"):
        answers.answer(disk, canned_query("tasks"), {}, form="csv")


def test_answer_tables_are_not_read_for_other_parameters_or_other_text(disk):
    tasks = canned_query("tasks")
    assert answers.answer(disk, tasks, {"month": "2025"}) is None
    assert answers.answer(disk, canned_query("meetings"), {"chair": "Pham Minh Chinh"}) is None
    assert answers.answer(disk, canned_query("meetings"), {"chair": "Pham Minh Chinh", "month": "2025"}) is None
    assert answers.answer(disk, tasks, {"assignee": "Ministry of Finance", "month": "2025"}) is None
    assert answers.answer(disk, canned_query("conflicts"), {"indicator": QUIT, "x": "1"}) is None
    edited = parse_query_text(tasks.text.replace("ORDER BY", "# edited\nORDER BY"), "tasks")
    assert answers.answer(disk, edited, {}) is None
    # the library's run_query reads them and falls back the same way
    assert values(run_query(disk, "tasks", {"month": "2025"})) == values(
        run_sparql(disk, bind(tasks, {"month": "2025"})))


def test_answer_tables_are_not_read_once_the_store_changed(tmp_path, disk):
    path = tmp_path / "store"
    shutil.copytree(disk.path, path)
    s = Store(path, read_only=True)
    assert answers.status(s) == "current"
    q = canned_query("tasks")
    before = answers.answer(s, q, {})
    assert before is not None
    s.close()
    w = Store(path)
    w.drop_graph(w.source_graphs()[0])           # a source removed: its tasks go
    w.close()
    s = Store(path, read_only=True)
    assert answers.status(s) == "stale"
    assert answers.answer(s, q, {}) is None
    after = run_query(s, "tasks", {})
    assert len(after.rows) < len(before.rows)   # SPARQL, not the stale tables
    answers.build(s)
    assert answers.status(s) == "current" and values(answers.answer(s, q, {})) == values(after)


def test_answer_tables_build_refuses_a_store_without_a_folder():
    with pytest.raises(QueryError, match="on-disk store"):
        answers.build(Store())


def test_answer_tables_build_that_fails_keeps_the_old_tables(tmp_path, disk, monkeypatch):
    path = tmp_path / "store"
    shutil.copytree(disk.path, path)
    s = Store(path, read_only=True)
    old = (path / answers.FILE).read_bytes()
    calls = []
    table = answers._table

    def failing(store, ix, progress):
        calls.append(ix.query.name)
        if len(calls) == 3:
            raise QueryError("the engine failed")
        return table(store, ix, progress)

    monkeypatch.setattr(answers, "_table", failing)
    with pytest.raises(QueryError, match="engine failed"):
        answers.build(s)
    assert (path / answers.FILE).read_bytes() == old
    assert sorted(p.name for p in path.iterdir() if "answers" in p.name) == [answers.FILE]
    assert answers.status(s) == "current"


def test_answer_tables_declaration_is_checked():
    bad = parse_query_text("#+ params:\n#+   - who: key, optional\n#+ index: whom\nSELECT * WHERE { ?s ?p ?o }", "bad")
    with pytest.raises(QueryError, match="names no declared parameter"):
        answers.indexed(bad)
    nokey = parse_query_text("#+ params:\n#+   - who: key, optional\n#+ index: who\nSELECT * WHERE { ?s ?p ?o }", "nokey")
    with pytest.raises(QueryError, match="key node"):
        answers.indexed(nokey)
    head = "#+ params:\n#+   - day: string, optional\n"
    unused = parse_query_text(head + "#+ index: day by prefix of ?s <urn:p>\nSELECT * WHERE { ?s ?p ?o }", "unused")
    with pytest.raises(QueryError, match="marked '#\\+ with day'"):
        answers.indexed(unused)
    unknown = parse_query_text(head + "#+ index: day by ?s ex:when\nSELECT * WHERE {\n"
                               "  ?s ex:when ?day_param .  #+ with day\n}", "unknown")
    with pytest.raises(QueryError, match="declared prefix"):
        answers.indexed(unknown)
    nocolumn = parse_query_text(head + "#+ index: day by ?when\nSELECT ?s WHERE { ?s ?p ?when }", "nocolumn")
    with pytest.raises(QueryError, match="among the columns"):
        answers.indexed(nocolumn)
    column = parse_query_text(head + "#+ index: day by ?when\nSELECT ?s ?when WHERE { ?s ?p ?when }", "column")
    assert answers.indexed(column).column and answers.indexed(column).node == "when"


def test_cli_index_status_drop_and_ingest_keeps_them_current(tmp_path, runner):
    store = str(tmp_path / "store")
    files = sorted(ARTICLES.iterdir())
    assert runner.invoke(app, ["--store", store, "ingest", str(files[0])]).exit_code == 0
    r = runner.invoke(app, ["--store", store, "index", "--status"])
    assert r.exit_code == 0 and "no answer tables" in r.stdout
    plain = runner.invoke(app, ["--store", store, "query", "tasks", "--format", "csv"]).stdout
    r = runner.invoke(app, ["--store", store, "index"])
    assert r.exit_code == 0 and "answer tables:" in r.stderr
    assert "current" in runner.invoke(app, ["--store", store, "index", "--status"]).stdout
    assert runner.invoke(app, ["--store", store, "query", "tasks", "--format", "csv"]).stdout == plain
    # an ingest builds them again: the new source's tasks are in the answer at once
    r = runner.invoke(app, ["--store", store, "ingest", str(files[1])])
    assert r.exit_code == 0 and "answer tables built again" in r.stderr
    assert "current" in runner.invoke(app, ["--store", store, "index", "--status"]).stdout
    s = Store(store, read_only=True)
    got = answers.answer(s, canned_query("tasks"), {})
    assert got is not None and values(got) == values(run_sparql(s, bind(canned_query("tasks"), {})))
    s.close()
    r = runner.invoke(app, ["--store", store, "index", "--drop"])
    assert r.exit_code == 0 and "removed" in r.stderr
    assert not (tmp_path / "store" / answers.FILE).exists()
    r = runner.invoke(app, ["--store", store, "ingest", str(files[2])])
    assert r.exit_code == 0 and "answer tables" not in r.stderr


def test_answer_tables_a_key_of_two_nodes_gives_the_rows_of_both_in_answer_order(tmp_path):
    # two persons whose names fold to one key (written by hand: no article needed)
    kg, skos, dct = "https://w3id.org/vnkg/ontology#", "http://www.w3.org/2004/02/skos/core#", "http://purl.org/dc/terms/"
    lines = []
    for i, (name, key, article) in enumerate([("Tran Van Ba", "tran van ba", "b"), ("Trần Văn Ba", "tran van ba", "a"),
                                              ("Le Thi Tu", "le thi tu", "c"), ("Tran Van Ba", "tran van ba", "c")]):
        p, a = f"<urn:kg-test:person/{i % 3}>", f"<urn:kg-test:article/{article}>"
        lines += [f"{p} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{kg}Person> .",
                  f'{p} <{skos}prefLabel> "{name}"@en .', f'{p} <{kg}matchKey> "{key}" .',
                  f"{p} <{kg}mentionedIn> {a} .", f'{a} <{dct}identifier> "{article}" .']
    s = Store(tmp_path / "store")
    s.ensure_static()
    s.replace_graph("urn:kg-test:graph", "\n".join(lines) + "\n")
    s.close()
    s = Store(tmp_path / "store", read_only=True)
    answers.build(s)
    q = canned_query("persons")
    want = values(run_sparql(s, bind(q, {"name": "Tran Van Ba"})))
    assert len({row[0] for row in want}) == 2 and len(want) == 3
    assert values(answers.answer(s, q, {"name": "TRẦN văn Ba"})) == want
    assert values(answers.answer(s, q, {"name": "Tran Van Ba"}, Page(1, 1))) == want[1:2]
    assert answers.answer(s, q, {"name": "nobody"}).rows == []
