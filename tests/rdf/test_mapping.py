"""The RDF mapping: an article's graph against a golden file (compared as graphs), written deterministically."""
from pathlib import Path

import pytest
from conftest import make_article
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.extract import extract
from kg.rdf.mapping import to_graph, to_ntriples, to_triples

GOLDEN = Path(__file__).parent / "golden"

ARTICLES = {
    "meeting-task-figure": make_article(
        "Government meeting on two-level local government\n\n"
        "On the morning of October 8, Prime Minister Pham Minh Chinh chaired a meeting on the operation of "
        "two-level local governments. The Prime Minister requested the Ministry of Finance to complete the "
        "guiding documents by October 30, 2025. Up to now, 102,378 people (72.38%) have received payment.\n",
        date="2025-10-08", id="golden-1"),
    "french-decree": make_article(
        "Le gouvernement a publié le décret n° 178/2024/ND-CP. Le vice-Premier ministre a demandé au "
        "ministère de l'Intérieur de résoudre définitivement le paiement des régimes d'ici le 15 novembre 2025. "
        "9 916 personnes ont démissionné.\n", lang="fr", date="2025-10-01", id="golden-2"),
}


def _graph(name: str) -> Graph:
    return to_graph(extract(ARTICLES[name]))


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_mapping_matches_golden_graph(name):
    """Regenerate with KG_UPDATE_GOLDEN=1 after a deliberate change, and read the diff."""
    import os

    path = GOLDEN / f"{name}.nt"
    got = _graph(name)
    if os.environ.get("KG_UPDATE_GOLDEN"):
        path.write_text(to_ntriples(got), encoding="utf-8")
    want = Graph().parse(path, format="nt")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail("graph differs from golden file\nonly built:\n" + to_ntriples(only_got)
                    + "\nonly golden:\n" + to_ntriples(only_want))


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_mapping_ntriples_are_deterministic_and_the_same_graph(name):
    ex = extract(ARTICLES[name])
    a, b = to_ntriples(to_triples(ex)), to_ntriples(to_triples(extract(ARTICLES[name])))
    assert a == b and a.endswith(" .\n")
    assert a.splitlines() == sorted(a.splitlines())
    assert isomorphic(Graph().parse(data=a, format="nt"), to_graph(ex))
    assert len(set(to_triples(ex))) == len(to_triples(ex)) == len(to_graph(ex))


def test_mapping_ntriples_escape_line_breaks_inside_literals():
    from rdflib import Literal, URIRef

    nt = to_ntriples([(URIRef("http://x/s"), URIRef("http://x/p"), Literal("a\nb\x1ec\u2028d\"e"))])
    assert nt.count("\n") == 1
    assert str(next(iter(Graph().parse(data=nt, format="nt")))[2]) == "a\nb\x1ec\u2028d\"e"


def test_mapping_two_sources_share_only_facts_of_shared_meetings_and_documents():
    """Oxigraph's union of graphs repeats a triple once per graph holding it, so every triple two
    articles both state multiplies the rows of the queries joining it. Reference entities, groups
    and post holdings are stated once (static graphs) or per source (own IRIs)."""
    text = ("Prime Minister Pham Minh Chinh requested ministries and branches and the Ministry of Finance to "
            "apply Decree No. 178/2024/ND-CP. Le ministère des Finances doit appliquer le décret n° 178/2024/ND-CP.\n")
    a = set(to_triples(extract(make_article(text, id="source-a"))))
    b = set(to_triples(extract(make_article(text, id="source-b"))))
    shared = {str(s) for s, _, _ in a & b}
    assert shared, "the decree is one node for both sources"
    assert all("/document/" in s or "/meeting/" in s for s in shared), sorted(shared)


def test_mapping_one_directive_from_two_assigners_is_two_tasks():
    text = ("The Prime Minister requested the Vietnam Social Security to connect the national databases. "
            "Deputy Prime Minister Ho Duc Phoc requested the Vietnam Social Security to connect the national "
            "databases.\n")
    from kg.store import Store
    from kg.validate import validate_article_graph

    static = Store()
    static.ensure_static()
    triples = to_triples(extract(make_article(text, id="two-assigners")))
    tasks = {s for s, p, o in triples if str(o).endswith("#Task")}
    assert len(tasks) == 2
    assert validate_article_graph(triples, static).conforms


def test_mapping_local_body_is_linked_to_its_province():
    from kg.model import Article
    from rdflib import URIRef

    ex = extract(Article(id="t", text="Chairman of the Gia Lai Provincial People's Committee Pham Anh Tuan asked the "
                                       "Department of Home Affairs to review staffing.", lang="en", date="2025-08-01"))
    g = to_graph(ex)
    loc = URIRef("https://w3id.org/vnkg/ontology#locality")
    place = URIRef("https://w3id.org/vnkg/id/place/gia-lai")
    assert set(g.subjects(loc, place)) == {URIRef("https://w3id.org/vnkg/id/org/gia-lai-provincial-people-s-committee"),
                                           URIRef("https://w3id.org/vnkg/id/org/gia-lai-department-of-home-affairs")}
