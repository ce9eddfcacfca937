"""Every canned query on the sample articles gives the answers it gave before the queries were
rewritten for speed (issue 15): the rows are a golden file, compared as sorted lists.

A new parameter's answers are the unparameterised answers filtered in Python, so what a parameter
means is checked too, not only that it runs. Regenerate the golden file after a change that is
meant to change answers: ``KG_UPDATE_GOLDEN=1 pytest tests/query/test_answers.py``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.pipeline import ingest
from kg.query import run_query
from kg.store import Store
from kg.text import match_key

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"
GOLDEN = Path(__file__).parent / "golden" / "sample-answers.json"

QUIT = "people who decided to quit their jobs"
CASES = {
    "conflicts": [{}],
    "documents": [{}, {"type": "Decree"}],
    "figures": [{}, {"indicator": QUIT}, {"indicator": "người quyết định nghỉ việc"}],
    "meetings": [{}, {"chair": "Pham Minh Chinh"}, {"chair": "Phạm Minh Chính"}],
    "organizations": [{}, {"type": "Ministry"}],
    "persons": [{}, {"name": "Pham Thi Thanh Tra"}],
    "tasks": [{}, {"assignee": "Ministry of Finance"}, {"month": "2025"},
              {"assignee": "Bộ Tài chính", "month": "2025-10"}],
    "timeseries": [{"indicator": QUIT}],
    "sources": [{}, {"outlet": "nhandan.vn"}],
}
VOLATILE = {"ingested"}     # the day the test ran


def case_id(name: str, params: dict) -> str:
    return name + "".join(f" {k}={v}" for k, v in sorted(params.items()))


def cell(term) -> str | None:
    """A value; a GROUP_CONCAT list sorted (SPARQL leaves the order of its parts to the engine)."""
    if term is None:
        return None
    return "; ".join(sorted(term.value.split("; "))) if "; " in term.value else term.value


def rows(results) -> list[list[str | None]]:
    return sorted([[cell(t) for t in row] for row in results.rows], key=lambda r: [x or "" for x in r])


def answer(store, name: str, params: dict) -> list[list[str | None]]:
    res = run_query(store, name, params)
    keep = [i for i, v in enumerate(res.variables) if v not in VOLATILE]
    return rows(type(res)([res.variables[i] for i in keep], [[row[i] for i in keep] for row in res.rows]))


@pytest.fixture(scope="module")
def sample():
    s = Store()
    assert ingest(s, [ARTICLES]).ok
    return s


def test_answers_are_the_golden_ones(sample):
    got = {case_id(n, p): answer(sample, n, p) for n, cases in CASES.items() for p in cases}
    if os.environ.get("KG_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(got) == sorted(want)
    for case in want:
        assert got[case] == want[case], case
    assert all(want[case_id(n, {})] for n in CASES if n != "timeseries"), "a listing gave no row"




def test_meetings_month_keeps_the_meetings_of_that_month(sample):
    every = run_query(sample, "meetings", {})
    i = every.variables.index("date")
    months = {row[i].value[:7] for row in every.rows if row[i] is not None}
    assert months
    for month in sorted(months) + ["2025", "1999-01"]:
        got = answer(sample, "meetings", {"month": month})
        want = rows(type(every)(every.variables, [row for row in every.rows
                                                  if row[i] is not None and row[i].value.startswith(month)]))
        assert got == want, month


def test_conflicts_indicator_keeps_the_conflicts_of_that_indicator(sample):
    every = run_query(sample, "conflicts", {})
    i = every.variables.index("indicatorLabel")
    labels = {row[i].value for row in every.rows if row[i] is not None}
    assert labels
    for label in sorted(labels):
        got = answer(sample, "conflicts", {"indicator": label})
        want = rows(type(every)(every.variables, [row for row in every.rows
                                                  if row[i] is not None and match_key(row[i].value) == match_key(label)]))
        assert got and got == want, label
    assert answer(sample, "conflicts", {"indicator": "no such indicator"}) == []


def test_conflicts_are_pairs_of_values_each_with_every_source_that_states_it():
    # written by hand: sources a, b and d say 10, c and d say 12, f gives 40 as the end of a range;
    # at another date e alone says 30 and 31 (one source contradicting itself is not a conflict
    # between sources)
    kg, prov, dct, skos = ("https://w3id.org/vnkg/ontology#", "http://www.w3.org/ns/prov#",
                           "http://purl.org/dc/terms/", "http://www.w3.org/2004/02/skos/core#")
    xsd = "http://www.w3.org/2001/XMLSchema#"
    ind = "<urn:kg-test:indicator/staff>"
    lines = [f'{ind} <{skos}prefLabel> "staff cut"@en .', f'{ind} <{kg}matchKey> "staff cut" .']
    claims = [("a", 10), ("b", 10), ("c", 12), ("d", 10), ("d", 12), ("e", 30), ("e", 31), ("f", 40)]
    for i, (article, value) in enumerate(claims):
        day = "2025-10-31" if article == "e" else "2025-09-30"
        f, a = f"<urn:kg-test:figure/{i}>", f"<urn:kg-test:article/{article}>"
        lines += [f"{f} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{kg}Figure> .",
                  f"{f} <{kg}indicator> {ind} .", f'{f} <{kg}asOf> "{day}"^^<{xsd}date> .',
                  f'{f} <{kg}value> "{value}"^^<{xsd}decimal> .', f"{f} <{prov}wasDerivedFrom> {a} .",
                  f'{a} <{dct}identifier> "{article}" .']
    lines.append(f'<urn:kg-test:figure/7> <{kg}rangeRole> "max" .')
    s = Store()
    s.replace_graph("urn:kg-test:graph", "\n".join(lines) + "\n")
    want = [["10", "a; b; d", "12", "c; d"]]
    for params in ({}, {"indicator": "STAFF CUT"}):
        got = run_query(s, "conflicts", params).values()
        assert [[r["valueA"], cell_text(r["sourcesA"]), r["valueB"], cell_text(r["sourcesB"])] for r in got] == want
        assert got[0]["indicatorLabel"] == "staff cut" and got[0]["asOf"] == "2025-09-30"
    assert run_query(s, "conflicts", {"indicator": "other"}).rows == []


def cell_text(value: str) -> str:
    return "; ".join(sorted(value.split("; ")))
