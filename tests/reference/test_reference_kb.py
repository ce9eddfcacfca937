"""The reference knowledge base (data/reference/*.ttl): parses, counts, labels, aliases and holdings.

Uses rdflib only. An *entity* is a subject with an rdf:type in the kg: namespace, post holdings
excepted (a holding is a fact about two entities and has no labels of its own).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.namespace import SKOS

REF = Path(__file__).parents[2] / "data" / "reference"
KG = Namespace("https://w3id.org/vnkg/ontology#")
LABELS = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, KG.historicLabel)
LANGS = ("en", "fr", "vi")


def ttl_files() -> list[Path]:
    return sorted(REF.glob("*.ttl"))


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for f in ttl_files():
        g.parse(f, format="turtle")
    return g


def entities(g: Graph) -> set[URIRef]:
    out = set()
    for s, o in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(o).startswith(str(KG)) and o != KG.PostHolding:
            out.add(s)
    return out


def of_class(g: Graph, cls: URIRef, dissolved: bool = False) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, cls) if (g.value(s, KG.dissolvedOn) is not None) == dissolved}


def alias_key(text: str) -> str:
    """Case-folded, without diacritics (đ -> d), punctuation and spacing collapsed, as the entity ruler compares."""
    t = text.casefold().replace("đ", "d")
    t = "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", t).split())


def test_there_are_reference_files():
    names = {f.name for f in ttl_files()}
    assert {"organisations.ttl", "localities.ttl", "posts.ttl", "people.ttl"} <= names


@pytest.mark.parametrize("path", ttl_files(), ids=lambda p: p.name)
def test_each_file_parses(path):
    g = Graph().parse(path, format="turtle")
    assert len(g) > 0


def test_manifest_lists_every_file():
    manifest = REF / "manifest.txt"
    if not manifest.exists():
        pytest.skip("no manifest: every *.ttl is loaded")
    listed = [ln.strip() for ln in manifest.read_text(encoding="utf-8").splitlines()
              if ln.strip() and not ln.lstrip().startswith("#")]
    assert sorted(listed) == sorted(f.name for f in ttl_files())


def test_34_localities_in_force(graph):
    current = of_class(graph, KG.Locality)
    assert len(current) == 34, sorted(current)
    levels = [str(graph.value(s, KG.localityLevel)) for s in current]
    assert levels.count("city") == 6 and levels.count("province") == 28


def test_merged_localities_point_to_a_current_one(graph):
    merged = of_class(graph, KG.Locality, dissolved=True)
    assert len(merged) == 29
    current = of_class(graph, KG.Locality)
    for s in merged:
        assert graph.value(s, KG.mergedInto) in current, s
        successor = graph.value(s, KG.mergedInto)
        old_names = {str(o) for o in graph.objects(successor, KG.historicLabel)}
        assert str(graph.value(s, SKOS.prefLabel)) in old_names or any(
            str(l) in old_names for l in graph.objects(s, SKOS.prefLabel)), s


def test_14_ministries_in_force(graph):
    current = of_class(graph, KG.Ministry)
    assert len(current) == 14, sorted(current)
    for s in of_class(graph, KG.Ministry, dissolved=True):
        assert graph.value(s, KG.mergedInto) in current, s


def test_every_entity_has_one_preflabel_per_language(graph):
    bad = []
    for s in sorted(entities(graph)):
        langs = [l.language for l in graph.objects(s, SKOS.prefLabel)]
        if sorted(langs) != sorted(LANGS):
            bad.append((str(s), langs))
    assert not bad, bad


def test_english_preflabels_are_ascii(graph):
    bad = [(str(s), str(l)) for s in entities(graph) for l in graph.objects(s, SKOS.prefLabel)
           if l.language == "en" and not str(l).isascii()]
    assert not bad, bad


def test_no_two_entities_share_an_english_preflabel(graph):
    seen = defaultdict(set)
    for s in entities(graph):
        for l in graph.objects(s, SKOS.prefLabel):
            if l.language == "en":
                seen[str(l)].add(str(s))
    shared = {k: sorted(v) for k, v in seen.items() if len(v) > 1}
    assert not shared, shared


def test_no_alias_is_shared_by_two_entities_in_force(graph):
    owners = defaultdict(set)
    for s in entities(graph):
        if graph.value(s, KG.dissolvedOn) is not None:
            continue
        for p in LABELS:
            for l in graph.objects(s, p):
                owners[alias_key(str(l))].add(str(s))
    clashes = {k: sorted(v) for k, v in owners.items() if len(v) > 1}
    for k, v in sorted(clashes.items()):
        print(f"alias clash {k!r}: {', '.join(v)}")
    assert not clashes, clashes


def test_holdings_have_holder_and_post(graph):
    holdings = set(graph.subjects(RDF.type, KG.PostHolding))
    assert holdings
    for h in holdings:
        holders = list(graph.objects(h, KG.holder))
        posts = list(graph.objects(h, KG.post))
        assert len(holders) == 1 and (holders[0], RDF.type, KG.Person) in graph, h
        assert len(posts) == 1, h


def test_every_post_object_is_a_post(graph):
    bad = [str(o) for o in graph.objects(None, KG.post) if (o, RDF.type, KG.Post) not in graph]
    assert not bad, bad


def test_holding_dates_are_ordered(graph):
    for h in graph.subjects(RDF.type, KG.PostHolding):
        start, end = graph.value(h, KG.startDate), graph.value(h, KG.endDate)
        if start is not None and end is not None:
            assert start.toPython() <= end.toPython(), h


def test_links_point_to_known_entities(graph):
    known = entities(graph)
    for p in (KG.mergedInto, KG.broaderPost, KG.postIn, URIRef("http://www.w3.org/ns/org#postIn"),
              URIRef("http://www.w3.org/ns/org#subOrganizationOf")):
        for s, o in graph.subject_objects(p):
            assert o in known, (str(s), str(p), str(o))


def test_people_are_foaf_persons_with_a_vietnamese_name(graph):
    foaf = Namespace("http://xmlns.com/foaf/0.1/")
    for s in graph.subjects(RDF.type, KG.Person):
        assert (s, RDF.type, foaf.Person) in graph, s
        names = [n for n in graph.objects(s, foaf.name) if n.language == "vi"]
        assert len(names) == 1, s


def test_one_holder_of_each_single_post_at_a_time(graph):
    """Who was Prime Minister, Minister of Finance, ... on a given day is never ambiguous."""
    by_post = defaultdict(list)
    for h in graph.subjects(RDF.type, KG.PostHolding):
        post = graph.value(h, KG.post)
        start, end = graph.value(h, KG.startDate), graph.value(h, KG.endDate)
        by_post[post].append((str(start) if start else "0000", str(end) if end else "9999", str(h)))
    plural = {"deputy-prime-minister", "politburo-member", "secretariat-member", "vice-chairman-of-the-national-assembly",
              "party-central-committee-member"}
    for post, spans in by_post.items():
        if str(post).rsplit("/", 1)[-1] in plural:
            continue
        spans.sort()
        for (a0, a1, ha), (b0, b1, hb) in zip(spans, spans[1:]):
            assert a1 <= b0, (ha, hb)  # the day of a handover may end one holding and start the next
