"""Case tables (``tests/extract/cases/*.tsv``): every row a sentence we wrote, with its facts."""
from __future__ import annotations

import csv
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from kg.dates import find_dates
from kg.extract import extract
from kg.model import Article
from kg.text import fold

CASES = Path(__file__).parent / "cases"


def _rows():
    for f in sorted(CASES.glob("*.tsv")):
        with f.open(encoding="utf-8") as fh:
            lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
        for i, row in enumerate(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)):
            if i == 0 and row[0] == "form":
                continue
            assert len(row) == 5, f"{f.name}: row {i} has {len(row)} columns: {row}"
            form, lang, date, text, expect = row
            yield pytest.param(f.stem, lang, None if date == "-" else date, text.replace("\\n", "\n"), expect,
                               id=f"{f.stem}-{i}-{form}-{lang}")


def _items(expect: str) -> list[str]:
    return [] if expect.strip() == "none" else [x.strip() for x in expect.split(" ; ") if x.strip()]


def _opt(v: str | None):
    """A checked field: '-' is None; '?' or absent is not checked (returns ...)."""
    if v is None or v == "?":
        return ...
    return None if v == "-" else v


def check_tasks(e, items):
    got = [(t.assignee, t.assigner, t.deadline, fold(t.description)) for t in e.tasks]
    want = []
    for it in items:
        words = []
        if " # " in it:
            it, w = it.split(" # ", 1)
            words = [fold(x.strip()) for x in w.split(",") if x.strip()]
        deadline = None
        if " @ " in it:
            it, deadline = it.split(" @ ", 1)
        assigner = None
        if " <- " in it:
            it, assigner = it.split(" <- ", 1)
        want.append((it.strip(), _opt(assigner and assigner.strip()), _opt(deadline and deadline.strip()), words))
    assert Counter(g[0] for g in got) == Counter(w[0] for w in want), got
    free = list(got)
    for who, assigner, deadline, words in want:
        hit = next((g for g in free if g[0] == who and (assigner is ... or g[1] == assigner)
                    and (deadline is ... or g[2] == deadline) and all(w in g[3] for w in words)), None)
        assert hit, f"no task {who} <- {assigner} @ {deadline} # {words} in {got}"
        free.remove(hit)


def check_meetings(e, items):
    got = {m.date: m.chair for m in e.meetings}
    want = {}
    for it in items:
        parts = it.split()
        want[parts[0]] = _opt(parts[1] if len(parts) > 1 else None)
    assert set(got) == set(want), got
    for d, chair in want.items():
        if chair is not ...:
            assert got[d] == chair, (d, got[d])


def check_figures(e, items):
    got = [(f.value, f.unit, f.as_of) for f in e.figures]
    want = []
    for it in items:
        parts = it.split()
        want.append((Decimal(parts[0]), _opt(parts[1] if len(parts) > 1 else None),
                     _opt(parts[2] if len(parts) > 2 else None)))
    assert Counter(g[0] for g in got) == Counter(w[0] for w in want), got
    free = list(got)
    for v, unit, as_of in want:
        hit = next((g for g in free if g[0] == v and (unit is ... or g[1] == unit) and (as_of is ... or g[2] == as_of)),
                   None)
        assert hit, f"no figure {v} {unit} {as_of} in {got}"
        free.remove(hit)


def check_actors(e, items):
    for it in items:
        parts = it.split()
        if parts[0].startswith("!"):
            assert parts[0][1:] not in e.entities, (parts[0], sorted(e.entities))
            continue
        assert parts[0] in e.entities, (parts[0], sorted(e.entities))
        if len(parts) > 1:
            assert e.entities[parts[0]].type == parts[1], (parts[0], e.entities[parts[0]].type)


def check_posts(e, items):
    got = {(h.person, h.post) for h in e.holdings}
    for it in items:
        person, post = it.split()
        assert (person, post) in got, (person, post, sorted(got))


def check_documents(e, items):
    got = {d.identifier: d.type for d in e.documents}
    want = {}
    for it in items:
        parts = it.split()
        want[parts[0]] = parts[1] if len(parts) > 1 else ...
    assert set(got) == set(want), got
    for k, t in want.items():
        if t is not ...:
            assert got[k] == t, (k, got[k])


CHECKS = {"tasks": check_tasks, "meetings": check_meetings, "figures": check_figures, "actors": check_actors,
          "posts": check_posts, "documents": check_documents}


@pytest.mark.parametrize("table,lang,date,text,expect", list(_rows()))
def test_case(table, lang, date, text, expect):
    items = _items(expect)
    if table == "dates":
        year = int(date[:4]) if date else None
        assert [d.value for d in find_dates(text, lang, year=year)] == items
        return
    e = extract(Article(id="case", text=text, lang=lang, date=date))
    CHECKS[table](e, items)


def test_case_tables_have_rows_in_english_and_french():
    langs = Counter(p.values[1] for p in _rows())
    assert langs["en"] >= 20 and langs["fr"] >= 20, langs
