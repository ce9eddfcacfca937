"""One valid and one invalid example per shape, built by hand."""
from __future__ import annotations

import pytest
from rdflib import Graph

from kg.validate import validate

PREFIXES = """
@prefix kg: <https://w3id.org/vnkg/ontology#> .
@prefix kgr: <https://w3id.org/vnkg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix qb: <http://purl.org/linked-data/cube#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/vnkg/id/article/a1> a kg:Article ; kg:text "Some text." ; dct:language "en" ; dct:identifier "a1" .
<https://w3id.org/vnkg/id/evidence/a1/0-4> a kg:Evidence ; kg:inArticle <https://w3id.org/vnkg/id/article/a1> ;
    kg:start 0 ; kg:end 4 ; kg:quote "Some" .
<https://w3id.org/vnkg/id/org/mof> a kg:Ministry ; skos:prefLabel "Ministry of Finance"@en .
<https://w3id.org/vnkg/id/person/x> a kg:Person ; skos:prefLabel "Pham Minh Chinh"@en .
<https://w3id.org/vnkg/id/indicator/i> a kg:Indicator ; skos:prefLabel "people who quit"@en .
"""
PROV = "prov:wasDerivedFrom <https://w3id.org/vnkg/id/article/a1> ; kg:evidence <https://w3id.org/vnkg/id/evidence/a1/0-4>"

CASES = {
    "figure": (f"kgr:f a kg:Figure ; kg:value 1.5 ; kg:indicator kgr:indicator/i ; qb:dataSet kgr:ds ; {PROV} .",
               f"kgr:f a kg:Figure ; kg:indicator kgr:indicator/i ; qb:dataSet kgr:ds ; {PROV} .", "value"),
    "task": (f"kgr:t a kg:Task ; kg:assignee kgr:org/mof ; kg:description \"do it now\" ; {PROV} .",
             f"kgr:t a kg:Task ; kg:description \"do it now\" ; {PROV} .", "assignee"),
    "task-deadline": (f"kgr:t a kg:Task ; kg:assignee kgr:org/mof ; kg:description \"do it\" ; kg:deadline \"2025-11\"^^xsd:gYearMonth ; {PROV} .",
                      f"kgr:t a kg:Task ; kg:assignee kgr:org/mof ; kg:description \"do it\" ; kg:deadline \"next week\" ; {PROV} .", "deadline"),
    "meeting": (f"kgr:m a kg:Meeting ; kg:date \"2025-09-17\"^^xsd:date ; kg:chair kgr:person/x ; {PROV} .",
                f"kgr:m a kg:Meeting ; kg:chair kgr:org/mof ; {PROV} .", "date"),
    "document": (f"kgr:d a kg:Decree ; kg:identifier \"178/2024/ND-CP\" ; {PROV} .",
                 f"kgr:d a kg:Decree ; {PROV} .", "identifier"),
    "provenance": (f"kgr:d a kg:Decision ; kg:identifier \"2179/QD-TTg\" ; {PROV} .",
                   "kgr:d a kg:Decision ; kg:identifier \"2179/QD-TTg\" .", "wasDerivedFrom"),
    "person": ("kgr:person/y a kg:Person ; skos:prefLabel \"To Lam\"@en .", "kgr:person/y a kg:Person .", "prefLabel"),
    "holding": (f"kgr:h a kg:PostHolding ; kg:holder kgr:person/x ; kg:post kgr:post/pm ; {PROV} . kgr:post/pm a kg:Post ; skos:prefLabel \"Prime Minister\"@en .",
                f"kgr:h a kg:PostHolding ; kg:holder kgr:org/mof ; kg:post kgr:post/pm ; {PROV} . kgr:post/pm a kg:Post ; skos:prefLabel \"Prime Minister\"@en .", "holder"),
}


def _graph(body: str) -> Graph:
    text = PREFIXES + body.replace("kgr:indicator/i", "<https://w3id.org/vnkg/id/indicator/i>") \
        .replace("kgr:org/mof", "<https://w3id.org/vnkg/id/org/mof>").replace("kgr:person/x", "<https://w3id.org/vnkg/id/person/x>") \
        .replace("kgr:person/y", "<https://w3id.org/vnkg/id/person/y>").replace("kgr:post/pm", "<https://w3id.org/vnkg/id/post/pm>")
    return Graph().parse(data=text, format="turtle")


@pytest.mark.parametrize("name", sorted(CASES))
def test_shapes_valid_example_conforms(name):
    rep = validate(_graph(CASES[name][0]))
    assert rep.conforms, rep.text


@pytest.mark.parametrize("name", sorted(CASES))
def test_shapes_invalid_example_is_reported(name):
    rep = validate(_graph(CASES[name][1]))
    assert not rep.conforms
    assert any(CASES[name][2] in (r["path"] or "") for r in rep.results), rep.text


def test_shapes_report_names_node_property_and_source():
    rep = validate(_graph(CASES["figure"][1]))
    text = rep.text
    assert "https://w3id.org/vnkg/id/f" in text and "value" in text and "source:     a1" in text


def test_shapes_cube_ic1_one_dataset():
    body = f"kgr:f a kg:Figure ; kg:value 1.0 ; kg:asOf \"2025-09-17\"^^xsd:date ; kg:indicator kgr:indicator/i ; qb:dataSet kgr:ds, kgr:ds2 ; {PROV} ."
    rep = validate(_graph(body))
    assert not rep.conforms and any("IC-1" in r["message"] for r in rep.results)


def test_shapes_cube_ic12_disagreeing_duplicates_warn():
    fig = "kg:indicator kgr:indicator/i ; kg:asOf \"2025-09-17\"^^xsd:date ; qb:dataSet kgr:ds ; " + PROV
    rep = validate(_graph(f"kgr:f1 a kg:Figure ; kg:value 1.0 ; {fig} . kgr:f2 a kg:Figure ; kg:value 2.0 ; {fig} ."))
    assert rep.conforms  # a warning, not a violation
    assert any("IC-12" in r["message"] and r["severity"] == "Warning" for r in rep.results)
