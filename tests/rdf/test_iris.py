"""IRIs are what researchers cite: the same fact keeps its IRI across versions (issue 14 item 12).

The rule (README, "Identifiers"): persons, organisations, posts by their canonical label; meetings
by date and chair; documents by type and number; tasks by their source, the offset of the sentence
stating them and their assignee; figures by their source and the offset of their number. A
deliberate change of the rule or of the sample articles regenerates the golden list with
KG_UPDATE_GOLDEN=1; read its diff first.
"""
import os
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from conftest import make_article

from kg.extract import extract
from kg.model import Evidence, Figure
from kg.namespaces import KG, RDF_type
from kg.rdf.mapping import to_triples
from kg.sources import iter_paths, read_article

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).parent / "golden" / "sample-iris.txt"
KINDS = {KG + c for c in ("Person", "Organization", "Meeting", "LegalDocument", "Task", "Figure", "PostHolding")}


def _iris(triples) -> set[str]:
    typed = {str(s) for s, p, o in triples if str(p) == RDF_type and str(o) in KINDS}
    named = {str(s) for s, p, o in triples if str(p) == KG + "mentionedIn"}
    return typed | named


def test_sample_iris_match_the_golden_list():
    got = set()
    for path in iter_paths([ROOT / "data" / "articles"]):
        got |= _iris(to_triples(extract(read_article(path))))
    if os.environ.get("KG_UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(f"{i}\n" for i in sorted(got)), encoding="utf-8")
    want = set(GOLDEN.read_text(encoding="utf-8").split())
    assert not (want - got), f"IRIs gone or changed: {sorted(want - got)[:10]}"
    assert not (got - want), f"new IRIs (regenerate if deliberate): {sorted(got - want)[:10]}"


def _one(ex, cls):
    return {str(s) for s, p, o in to_triples(ex) if str(p) == RDF_type and str(o) == KG + cls}


def test_task_iri_does_not_depend_on_its_wording_or_on_other_tasks():
    text = ("On October 8 Prime Minister Pham Minh Chinh chaired a meeting. He asked the Ministry of "
            "Finance to allocate funds to communes. He asked the Ministry of Home Affairs to review staff.")
    ex = extract(make_article(text, date="2025-10-08", id="iri-test"))
    before = _one(ex, "Task")
    assert len(before) == 2
    reworded = replace(ex, tasks=[replace(t, description=t.description + " quickly") for t in ex.tasks])
    assert _one(reworded, "Task") == before
    fewer = replace(ex, tasks=ex.tasks[1:])
    assert _one(fewer, "Task") < before


def test_figure_iri_does_not_depend_on_figures_found_before_it():
    ev = Evidence(200, 260, "q")
    a = Figure(value=Decimal(102378), indicator_label="people", evidence=ev, at=215)
    earlier = Figure(value=Decimal(7), indicator_label="provinces", evidence=Evidence(10, 60, "q"), at=12)
    ex = extract(make_article("A short text about a meeting of the Ministry of Finance.", id="iri-fig"))
    only = _one(replace(ex, figures=[a]), "Figure")
    both = _one(replace(ex, figures=[earlier, a]), "Figure")
    assert only < both and only == {"https://w3id.org/vnkg/id/figure/iri-fig/215"}
