"""Issue 15 item 1: pages of a query's rows (``Page``, ``paged``, ``run_sparql(page=...)``)."""
from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import ParameterError
from kg.query import Page, Results, bind, format_results, list_queries, paged, parse_page, run_sparql
from kg.store import Store

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"
FR, EN = ARTICLES / "000_6921293e5ad94818.txt", ARTICLES / "001_9bb11e9ea168d04b.txt"
NUMBERS = "".join(f'<urn:s{i:02}> <urn:p> "{i:02}" .\n' for i in range(20))
ORDERED = "SELECT ?o WHERE { ?s <urn:p> ?o } ORDER BY DESC(?o)"


@pytest.fixture(scope="module")
def seeded():
    from kg.pipeline import ingest

    s = Store()
    assert ingest(s, [FR, EN]).ok
    return s


@pytest.fixture
def numbers():
    s = Store()
    s.replace_graph("urn:g", NUMBERS)
    return s


def _values(results: Results) -> list[str]:
    return [row[0].value for row in results.rows]


@pytest.mark.parametrize("query,page,expected_tail", [
    ("SELECT * { ?s ?p ?o } ORDER BY ?s", Page(10, 0), "ORDER BY ?s\nLIMIT 11 OFFSET 0"),
    ("SELECT * { ?s ?p ?o } ORDER BY ?s # LIMIT 3", Page(10, 5), "# LIMIT 3\nLIMIT 11 OFFSET 5"),
    ("SELECT * { ?s ?p ?o } ORDER BY ?s", Page(None, 5), "ORDER BY ?s\nOFFSET 5"),
    # a query with its own LIMIT / OFFSET is paged within them
    ("SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 25 OFFSET 5", Page(10, 20), "ORDER BY ?s\nLIMIT 5 OFFSET 25"),
    ("SELECT * { ?s ?p ?o } OFFSET 5 LIMIT 25", Page(10, 30), "\nLIMIT 0 OFFSET 35"),
    ("SELECT * { ?s ?p ?o } LIMIT 25", Page(None, 3), "\nLIMIT 22 OFFSET 3"),
    # a LIMIT inside a subquery or a string is not the query's
    ('SELECT * { { SELECT ?s { ?s ?p "LIMIT 3" } LIMIT 4 } }', Page(2, 0), "LIMIT 4 } }\nLIMIT 3 OFFSET 0"),
    # a trailing VALUES block stays last
    ("SELECT * { ?s ?p ?o } LIMIT 9 VALUES ?s { <urn:a> }", Page(2, 1), "\nLIMIT 3 OFFSET 1\nVALUES ?s { <urn:a> }"),
])
def test_paging_sets_or_replaces_limit_and_offset(query, page, expected_tail):
    text = paged(query, page)
    assert text.endswith(expected_tail), text
    ox.Store().query(text)    # and it parses


@pytest.mark.parametrize("query", ["ASK { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                   "PREFIX x: <urn:x#> DESCRIBE <urn:a>"])
def test_paging_is_for_select_only(query):
    with pytest.raises(ParameterError, match="SELECT"):
        paged(query, Page(1, 0))


def test_paging_pages_concatenate_in_order(numbers):
    full = _values(run_sparql(numbers, ORDERED))
    pages, offset = [], 0
    while True:
        r = run_sparql(numbers, ORDERED, page=Page(6, offset))
        pages.append(r)
        offset += len(r.rows)
        if not r.more:
            break
    assert [len(r.rows) for r in pages] == [6, 6, 6, 2]
    assert [v for r in pages for v in _values(r)] == full == sorted(full, reverse=True)
    assert [r.offset for r in pages] == [0, 6, 12, 18]


def test_paging_a_full_last_page_says_no_more(numbers):
    r = run_sparql(numbers, ORDERED, page=Page(5, 15))
    assert len(r.rows) == 5 and r.more is False
    r = run_sparql(numbers, ORDERED, page=Page(5, 40))
    assert r.rows == [] and r.more is False


@pytest.mark.parametrize("q", list_queries(), ids=lambda q: q.name)
def test_paging_canned_query_pages_are_the_whole_result(q, seeded):
    text = bind(q, {p.name: "x" for p in q.params if not p.optional})
    full = run_sparql(seeded, text).rows
    size = max(1, len(full) // 3)
    got, offset = [], 0
    while True:
        r = run_sparql(seeded, text, page=Page(size, offset))
        got += r.rows
        offset += size
        if not r.more:
            break
    assert got == full


def test_paging_canned_queries_are_collected():
    assert len(list_queries()) >= 8


def test_paging_stops_reading_after_the_page(numbers):
    """No ORDER BY: rows are read as they come, and the engine stops after the page (the product
    has 3.2 million rows; with an ORDER BY it would sort them all first)."""
    product = "SELECT * { ?a <urn:p> ?b . ?c <urn:p> ?d . ?e <urn:p> ?f . ?g <urn:p> ?h . ?i <urn:p> ?j }"
    t = time.perf_counter()
    r = run_sparql(numbers, product, page=Page(5, 10))
    assert len(r.rows) == 5 and r.more
    assert time.perf_counter() - t < 1.0


def test_paging_page_within_the_size_limit_is_not_refused(numbers):
    r = run_sparql(numbers, ORDERED, page=Page(10, 0), limit=10)   # 11 rows asked of the engine
    assert len(r.rows) == 10 and r.more


def test_paging_oxigraph_keeps_the_order_of_a_subquery(numbers):
    """What a paging by wrapping would rely on (``paged`` replaces LIMIT / OFFSET instead, which also
    works with FROM, not allowed in a subquery)."""
    wrapped = f"SELECT * WHERE {{ {{ {ORDERED} }} }} LIMIT 5 OFFSET 3"
    assert [r["o"].value for r in numbers.query(wrapped)] == _values(run_sparql(numbers, ORDERED))[3:8]


@pytest.mark.parametrize("limit,offset", [("-1", None), ("ten", None), (None, "1.5"), ("3", "-2"), (" ", None)])
def test_paging_limit_and_offset_must_be_non_negative_integers(limit, offset):
    with pytest.raises(ParameterError, match="non-negative integer"):
        parse_page(limit, offset)


def test_paging_refuses_an_update(numbers):
    with pytest.raises(ParameterError, match="not an update"):
        run_sparql(numbers, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }", allow_update=True,
                   page=Page(1, 0))


def test_paging_table_says_which_rows(numbers):
    text = format_results(run_sparql(numbers, ORDERED, page=Page(5, 10)), "table")
    assert text.splitlines()[-1] == "(rows 11–15; --offset 15 for more)"
    text = format_results(run_sparql(numbers, ORDERED, page=Page(5, 17)), "table")
    assert text.splitlines()[-1] == "(rows 18–20; no more)"
    assert format_results(run_sparql(numbers, ORDERED), "table").splitlines()[-1] == "(20 rows)"
