"""The Vietnamese sample article (data/articles/005_vi_*) against its hand-made gold (tests/data/gold/).

The gold follows ../shared/eval/GOLD_SCHEMA.md (canonical English names, ASCII person names,
keyword groups); matching here is the scorer's: names folded, keywords by prefix or syllables.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kg.extract import extract
from kg.sources import read_article
from kg.text import match_key

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "data" / "articles" / "005_vi_hop_chinh_phu_thang_9.txt"
GOLD = json.loads((ROOT / "tests" / "data" / "gold" / "005_vi_hop_chinh_phu_thang_9.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ex():
    article = read_article(ARTICLE)
    assert article.lang == "vi" and article.date == GOLD["event_date"]
    return extract(article)


def _label(ex, key: str | None) -> str:
    if key is None:
        return ""
    ent = ex.entities.get(key)
    return match_key(ent.label if ent else key.rsplit("/", 1)[-1].replace("-", " "))


def _hits(keywords, text: str) -> float:
    words = match_key(text).split()
    padded = f" {' '.join(words)} "
    hit = 0
    for group in keywords:
        alts = [match_key(a) for a in group.split("|")]
        if any((f" {a} " in padded) if " " in a else any(w.startswith(a[:6]) for w in words) for a in alts):
            hit += 1
    return hit / len(keywords)


def test_vi_sample_persons_and_posts(ex):
    labels = {_label(ex, h.person): match_key(h.post_label) for h in ex.holdings}
    for p in GOLD["persons"]:
        assert match_key(p["name"]) in labels
        assert labels[match_key(p["name"])] == match_key(p["posts"][0])


def test_vi_sample_organisations_with_english_labels(ex):
    got = {match_key(e.label): e.type for e in ex.entities.values()}
    for o in GOLD["organizations"]:
        assert got.get(match_key(o["name"])) == o["type"], o


def test_vi_sample_meeting_and_documents(ex):
    assert [(m.date, _label(ex, m.chair)) for m in ex.meetings] == [
        (m["date"], match_key(m["chair"])) for m in GOLD["meetings"]]
    got = {match_key(d.identifier).replace("đ", "d"): d.type for d in ex.documents}
    assert got == {match_key(d["id"]): d["type"] for d in GOLD["documents"]}


def test_vi_sample_every_task_with_assigner_and_deadline(ex):
    free = list(ex.tasks)
    for g in GOLD["tasks"]:
        names = {match_key(g["assignee"]), *map(match_key, g.get("assignee_aliases", []))}
        hit = next((t for t in free if _label(ex, t.assignee) in names and _hits(g["keywords"], t.description) >= 0.5), None)
        assert hit, g["assignee"]
        assert _label(ex, hit.assigner) == match_key(g["assigner"])
        assert (hit.deadline or None) == g["deadline"]
        free.remove(hit)
    assert free == []


def test_vi_sample_every_figure_with_unit_and_date(ex):
    got = [(f.value, f.unit, f.as_of, f.qualifier) for f in ex.figures]
    want = [(Decimal(str(f["value"])), f["unit"], f["as_of"], f["qualifier"]) for f in GOLD["figures"]]
    assert sorted(got, key=str) == sorted(want, key=str)
