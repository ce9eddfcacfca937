"""Issue 17: the VoID description (``kg.query.void``) counts what ``kg stats`` counts."""
from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, VOID

from kg.cli import app
from kg.namespaces import KG, KGR, RDF_type, SKOS_prefLabel
from kg.query.stats import store_stats
from kg.query.void import DATASET, void_graph
from kg.store import Store

D = URIRef(DATASET)
PERSON = KGR + "person/pham-minh-chinh"
MEETING = KGR + "meeting/2025-09-17-pham-minh-chinh"


def _store(path=None) -> Store:
    s = Store(path)
    meeting = f"<{MEETING}> <{RDF_type}> <{KG}Meeting> .\n<{MEETING}> <{KG}chair> <{PERSON}> .\n"
    s.replace_graphs({
        KGR + "source/a": meeting + f'<{PERSON}> <{RDF_type}> <{KG}Person> .\n<{PERSON}> <{SKOS_prefLabel}> "Pham Minh Chinh"@en .\n',
        KGR + "source/b": meeting})
    return s


def _partitions(g: Graph) -> dict[str, int]:
    return {str(g.value(p, VOID["class"]))[len(KG):]: g.value(p, VOID.entities).toPython()
            for p in g.objects(D, VOID.classPartition)}


def test_void_counts_are_the_stats_counts():
    s = _store()
    st = store_stats(s)
    g = Graph().parse(data=void_graph(s, "http://h/sparql").serialize(format="turtle"), format="turtle")
    assert g.value(D, VOID.triples) == Literal(st.facts) and st.facts == 4   # the meeting once
    assert g.value(D, VOID.documents) == Literal(2)
    assert g.value(D, VOID.distinctSubjects).toPython() == 2
    assert _partitions(g) == {c: held for c, (_, held) in st.classes.items()}
    assert _partitions(g)["Meeting"] == 1
    assert g.value(D, VOID.sparqlEndpoint) == URIRef("http://h/sparql")
    assert str(g.value(D, VOID.uriSpace)) == KGR
    vocabularies = set(g.objects(D, VOID.vocabulary))
    assert {URIRef(KG), URIRef("http://www.w3.org/2004/02/skos/core#")} <= vocabularies
    assert URIRef("http://www.w3.org/ns/prov#") not in vocabularies    # not used by these facts


def test_void_modified_is_the_store_folder_time(tmp_path):
    s = _store(tmp_path / "s")
    assert g_modified(void_graph(s)) is not None
    assert g_modified(void_graph(_store())) is None          # in memory: no date to give
    s.close()


def g_modified(g: Graph):
    return g.value(D, DCTERMS.modified)


def test_cli_stats_ttl_is_the_void_of_the_same_store(runner, tmp_path):
    _store(tmp_path / "s").close()
    text = runner.invoke(app, ["--store", str(tmp_path / "s"), "stats"])
    assert text.exit_code == 0, text.output
    counts = {k: int(n) for k, _, n in re.findall(r"^(\w+)\s+(\d+)\s+(\d+)$", text.stdout, re.M)}
    facts = int(re.search(r"(\d+) distinct", text.stdout).group(1))
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "stats", "--format", "ttl"])
    assert r.exit_code == 0, r.output
    g = Graph().parse(data=r.stdout, format="turtle")
    assert g.value(D, VOID.triples).toPython() == facts
    assert _partitions(g) == counts
    assert runner.invoke(app, ["--store", str(tmp_path / "s"), "stats", "--format", "xml"]).exit_code == 2
