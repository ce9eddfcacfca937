"""Graph exports: the actor graph, its filters, and each file format read back by its reader."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
import rdflib

from kg.export import (DEFAULT_TYPES, FORMATS, SUFFIXES, actor_graph, dot_quote, edges_from_rdf,
                       write_export)
from kg.namespaces import SOURCE_GRAPH_PREFIX

ROOT = Path(__file__).parents[2]
ARTICLES = [ROOT / "data" / "articles" / "000_6921293e5ad94818.txt",
            ROOT / "data" / "articles" / "001_9bb11e9ea168d04b.txt"]
KGR = "https://w3id.org/vnkg/id/"
BINH = KGR + "person/nguyen-hoa-binh"
MEETING = KGR + "meeting/2025-09-17-nguyen-hoa-binh"
MOF = KGR + "org/ministry-of-finance"


@pytest.fixture(scope="module")
def kg_store():
    from kg.pipeline import ingest
    from kg.store import Store

    s = Store()
    report = ingest(s, [str(p) for p in ARTICLES])
    assert not report.failed and not report.quarantined
    return s


@pytest.fixture(scope="module")
def graph(kg_store):
    return actor_graph(kg_store)


# A hand-written source with an earlier meeting that Binh chairs and also attends (two parallel
# edges), a dated decision he signs and a task with a deadline.
_EXTRA_ID = "zz-export-test"
_EXTRA = f"""
<{KGR}article/{_EXTRA_ID}> a <https://w3id.org/vnkg/ontology#Article> .
<{KGR}meeting/2025-06-01-test> a <https://w3id.org/vnkg/ontology#Meeting> ;
  <https://w3id.org/vnkg/ontology#date> "2025-06-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
  <https://w3id.org/vnkg/ontology#chair> <{BINH}> ;
  <https://w3id.org/vnkg/ontology#participant> <{BINH}> ;
  <http://www.w3.org/ns/prov#wasDerivedFrom> <{KGR}article/{_EXTRA_ID}> .
<{KGR}document/test-decision> a <https://w3id.org/vnkg/ontology#Decision> ;
  <https://w3id.org/vnkg/ontology#identifier> "1/QD-TEST" ;
  <https://w3id.org/vnkg/ontology#date> "2025-07"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> ;
  <https://w3id.org/vnkg/ontology#signer> <{BINH}> ;
  <http://www.w3.org/ns/prov#wasDerivedFrom> <{KGR}article/{_EXTRA_ID}> .
<{KGR}task/{_EXTRA_ID}/t1> a <https://w3id.org/vnkg/ontology#Task> ;
  <https://w3id.org/vnkg/ontology#description> "report \\"quickly\\" to the Government"@en ;
  <https://w3id.org/vnkg/ontology#deadline> "2025-12-31"^^<http://www.w3.org/2001/XMLSchema#date> ;
  <https://w3id.org/vnkg/ontology#assigner> <{BINH}> ;
  <https://w3id.org/vnkg/ontology#assignee> <{MOF}> ;
  <https://w3id.org/vnkg/ontology#decidedAt> <{KGR}meeting/2025-06-01-test> ;
  <http://www.w3.org/ns/prov#wasDerivedFrom> <{KGR}article/{_EXTRA_ID}> .
"""


@pytest.fixture(scope="module")
def extra_store(kg_store):
    """The module store plus one hand-written source (a copy: the module store is untouched)."""
    from kg.store import Store

    s = Store()
    s.load(kg_store.dump())
    import pyoxigraph as ox

    nt = ox.serialize(ox.parse(_EXTRA, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    s.replace_graph(SOURCE_GRAPH_PREFIX + _EXTRA_ID, nt.decode())
    return s


def _triples(G):
    return sorted((u, v, k) for u, v, k in G.edges(keys=True))


# ------------------------------------------------------------------------------ the actor graph

def test_binh_chaired_the_17_september_meeting(graph):
    assert graph.has_edge(BINH, MEETING, key="chaired")
    assert graph.edges[BINH, MEETING, "chaired"]["relation"] == "chaired"
    assert graph.nodes[MEETING]["date"] == "2025-09-17"
    assert graph.nodes[MEETING]["type"] == "Meeting"
    assert graph.nodes[BINH]["label"] == "Nguyen Hoa Binh"
    assert graph.nodes[BINH]["type"] == "Person"
    assert set(graph.nodes[MEETING]["sources"].split("; ")) == {p.stem for p in ARTICLES}
    assert graph.nodes[MEETING]["quote"]


def test_assigned_to_points_to_the_ministry_of_finance(graph):
    to_mof = [(u, d) for u, v, d in graph.in_edges(MOF, data=True) if d["relation"] == "assigned_to"]
    assert len(to_mof) >= 2
    for task, data in to_mof:
        assert graph.nodes[task]["type"] == "Task"
        assert graph.has_edge(BINH, task, key="assigned")
        assert data["sources"] and data["quote"]
    assert graph.nodes[MOF]["label"] == "Ministry of Finance"
    assert graph.nodes[MOF]["type"] == "Ministry"
    # every assigned_to edge goes from a task to an agent
    for u, v, d in graph.edges(data=True):
        if d["relation"] == "assigned_to":
            assert graph.nodes[u]["kind"] == "Task" and graph.nodes[v]["kind"] in ("Person", "Organization")


def test_post_holdings_link_people_to_organisations(graph):
    edge = graph.edges[KGR + "person/pham-thi-thanh-tra", KGR + "org/ministry-of-home-affairs", "holds_post_in"]
    assert edge["post"] == "Minister of Home Affairs"


def test_only_source_entities_not_the_reference_data(kg_store, graph):
    # the reference KB knows 34 provinces and 14 ministries; the sources name far fewer
    assert graph.number_of_nodes() < 80
    kinds = {d["kind"] for _, d in graph.nodes(data=True)}
    assert kinds <= DEFAULT_TYPES
    mentioned = {r["x"] for r in __import__("kg.query", fromlist=["run_sparql"]).run_sparql(kg_store, """
        SELECT DISTINCT ?x WHERE { GRAPH ?g { { ?x <https://w3id.org/vnkg/ontology#mentionedIn> ?a }
          UNION { ?x <http://www.w3.org/ns/prov#wasDerivedFrom> ?a } } }""").values()}
    for n in graph.nodes:
        # a node is either named by a source or the organisation of a post a source states
        assert n in mentioned or all(d["relation"] == "holds_post_in" for *_, d in graph.in_edges(n, data=True))
        assert graph.degree(n) > 0 or n in mentioned


def test_types_filter_keeps_only_those_types(kg_store):
    G = actor_graph(kg_store, types={"Person", "Meeting"})
    assert G.number_of_nodes() > 0
    assert {d["type"] for _, d in G.nodes(data=True)} == {"Person", "Meeting"}
    assert {d["relation"] for *_, d in G.edges(data=True)} == {"chaired", "attended"}
    # a superclass name keeps its subclasses
    orgs = actor_graph(kg_store, types={"Organization"})
    assert {d["kind"] for _, d in orgs.nodes(data=True)} == {"Organization"}
    assert "Ministry" in {d["type"] for _, d in orgs.nodes(data=True)}
    ministries = actor_graph(kg_store, types={"Ministry"})
    assert set(ministries.nodes) < set(orgs.nodes) and MOF in ministries


def test_since_drops_an_earlier_meeting(extra_store):
    early = KGR + "meeting/2025-06-01-test"
    G = actor_graph(extra_store)
    assert early in G and MEETING in G
    assert G.has_edge(BINH, early, key="chaired") and G.has_edge(BINH, early, key="attended")
    later = actor_graph(extra_store, since="2025-09-01")
    assert early not in later and MEETING in later
    assert later.has_edge(BINH, MEETING, key="chaired")
    # partial dates: the July 2025 decision overlaps a since in July, not one in August
    assert KGR + "document/test-decision" in actor_graph(extra_store, since="2025-07-15")
    assert KGR + "document/test-decision" not in actor_graph(extra_store, since="2025-08-01")
    # undated nodes stay; until drops the later meeting and the task due in December
    assert BINH in later and MOF in later
    before = actor_graph(extra_store, until="2025-08-31")
    assert early in before and MEETING not in before
    assert KGR + f"task/{_EXTRA_ID}/t1" not in before


def test_graph_filter_keeps_one_source(kg_store):
    one = actor_graph(kg_store, graph=SOURCE_GRAPH_PREFIX + ARTICLES[0].stem)
    assert one.has_edge(BINH, MEETING, key="chaired")
    sources = {s for _, d in one.nodes(data=True) for s in d.get("sources", "").split("; ") if s}
    assert sources == {ARTICLES[0].stem}
    assert not any("/task/" + ARTICLES[1].stem in n for n in one.nodes)
    # an article id or article IRI name the same source
    assert _triples(actor_graph(kg_store, graph=ARTICLES[0].stem)) == _triples(one)


def test_empty_store_gives_empty_graph():
    from kg.store import Store

    assert actor_graph(Store()).number_of_nodes() == 0


# ------------------------------------------------------------------------------ files

@pytest.mark.parametrize("store_name", ["kg_store", "extra_store"])
def test_graphml_round_trip(request, store_name, tmp_path):
    store = request.getfixturevalue(store_name)
    G = actor_graph(store)
    out = tmp_path / "g.graphml"
    assert write_export(store, "graphml", out) == G.number_of_nodes()
    H = nx.read_graphml(out, force_multigraph=True)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert H.nodes[BINH]["label"] == "Nguyen Hoa Binh"
    assert sorted((u, v, d["relation"]) for u, v, d in H.edges(data=True)) == _triples(G)


@pytest.mark.parametrize("store_name", ["kg_store", "extra_store"])
def test_gexf_round_trip_and_timeline(request, store_name, tmp_path):
    store = request.getfixturevalue(store_name)
    G = actor_graph(store)
    out = tmp_path / "g.gexf"
    assert write_export(store, "gexf", out) == G.number_of_nodes()
    text = out.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text
    H = nx.read_gexf(out)
    assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
    assert H.graph["mode"] == "dynamic"
    assert H.nodes[MEETING]["start"] == "2025-09-17"
    assert "start" not in H.nodes[BINH]
    assert sorted((u, v, d["relation"]) for u, v, d in H.edges(data=True)) == _triples(G)
    if store_name == "extra_store":
        assert H.nodes[KGR + "document/test-decision"]["start"] == "2025-07-01"


def test_cytoscape_round_trip(kg_store, graph, tmp_path):
    out = tmp_path / "g.cyjs"
    assert write_export(kg_store, "cytoscape", out) == graph.number_of_nodes()
    H = nx.cytoscape_graph(json.loads(out.read_text(encoding="utf-8")))
    assert (H.number_of_nodes(), H.number_of_edges()) == (graph.number_of_nodes(), graph.number_of_edges())
    assert H.is_multigraph() and H.is_directed()
    assert H.has_edge(BINH, MEETING, key="chaired")


@pytest.mark.parametrize("store_name", ["kg_store", "extra_store"])
def test_dot(request, store_name, tmp_path):
    store = request.getfixturevalue(store_name)
    G = actor_graph(store)
    out = tmp_path / "g.dot"
    assert write_export(store, "dot", out) == G.number_of_nodes()
    text = out.read_text(encoding="utf-8")
    q = r'"(?:[^"\\]|\\.)*"'
    nodes = re.findall(rf"^  ({q}) \[", text, flags=re.M)
    edges = re.findall(rf"^  ({q}) -> ({q}) \[", text, flags=re.M)
    assert (len(nodes), len(edges)) == (G.number_of_nodes(), G.number_of_edges())
    assert len(set(nodes)) == len(nodes)
    assert text.startswith("digraph") and text.rstrip().endswith("}")
    if shutil.which("dot"):
        run = subprocess.run(["dot", "-Tsvg", str(out)], capture_output=True, text=True)
        assert run.returncode == 0, run.stderr


def test_dot_quote_escapes():
    assert dot_quote('a "b" \\ c\nd') == r'"a \"b\" \\ c\nd"'


@pytest.mark.parametrize("store_name", ["kg_store", "extra_store"])
def test_jsonld_round_trip(request, store_name, tmp_path):
    store = request.getfixturevalue(store_name)
    G = actor_graph(store)
    out = tmp_path / "g.jsonld"
    assert write_export(store, "jsonld", out) == G.number_of_nodes()
    g = rdflib.Graph().parse(out, format="json-ld")
    typed = {str(s) for s in g.subjects(rdflib.RDF.type)} & set(G.nodes)
    assert len(typed) == G.number_of_nodes()
    assert sorted(edges_from_rdf(g)) == sorted((u, v, k) for u, v, k in G.edges(keys=True))
    assert (rdflib.URIRef(MEETING), rdflib.URIRef("https://w3id.org/vnkg/ontology#chair"),
            rdflib.URIRef(BINH)) in g


@pytest.mark.parametrize("fmt", FORMATS)
def test_output_is_deterministic(kg_store, fmt, tmp_path):
    a, b = tmp_path / ("a" + SUFFIXES[fmt]), tmp_path / ("b" + SUFFIXES[fmt])
    write_export(kg_store, fmt, a)
    write_export(kg_store, fmt, b)
    assert a.read_bytes() == b.read_bytes()


def test_filters_pass_through_write_export(kg_store, tmp_path):
    n = write_export(kg_store, "graphml", tmp_path / "p.graphml", types={"Person"})
    H = nx.read_graphml(tmp_path / "p.graphml")
    assert n == H.number_of_nodes() > 0
    assert {d["type"] for _, d in H.nodes(data=True)} == {"Person"}


def test_unknown_format(kg_store, tmp_path):
    from kg.errors import ParameterError

    with pytest.raises(ParameterError):
        write_export(kg_store, "xlsx", tmp_path / "x.xlsx")


def test_figures_only_when_asked(kg_store, graph):
    assert "Figure" not in {d["kind"] for _, d in graph.nodes(data=True)}
    G = actor_graph(kg_store, types={"Figure", "Person", "Organization"})
    figures = [n for n, d in G.nodes(data=True) if d["kind"] == "Figure"]
    assert figures
    reported = [(u, v) for u, v, d in G.edges(data=True) if d["relation"] == "reported"]
    assert reported and all(G.nodes[v]["kind"] == "Figure" for _, v in reported)
    tra = KGR + "person/pham-thi-thanh-tra"
    assert any(u == tra for u, _ in reported)
    assert all(G.nodes[f]["label"] and G.nodes[f].get("date") for f in figures)


def test_bad_filters_are_refused(kg_store):
    from kg.errors import ParameterError

    with pytest.raises(ParameterError, match="ISO date"):
        actor_graph(kg_store, since="17/09/2025")
    with pytest.raises(ParameterError, match="unknown node type"):
        actor_graph(kg_store, types={"Persn"})
    assert actor_graph(kg_store, types={"Agent"}).number_of_nodes() > 0


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "2025-00", "0000", "yesterday"])
def test_dates_must_be_in_the_calendar(value):
    """Issue 14: 2025-13-01 used to pass the pattern and silently filter by string comparison."""
    from kg.errors import InvalidDate
    from kg.store import Store

    with pytest.raises(InvalidDate, match=r"since wants an ISO date \(2025-10-08, 2025-10 or 2025\)"):
        actor_graph(Store(), since=value)
    with pytest.raises(InvalidDate, match="until wants an ISO date"):
        actor_graph(Store(), until=value)
    assert actor_graph(Store(), since="2024-02-29", until="2025-12").number_of_nodes() == 0


# ------------------------------------------------------------------------------ issue 17

def test_cytoscape_name_is_the_label_and_graph_data_a_dict(kg_store, graph, tmp_path):
    """Issue 17: Cytoscape shows ``data.name`` as the node label: it was the full IRI; ``data`` was pairs."""
    out = tmp_path / "g.cyjs"
    write_export(kg_store, "cytoscape", out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(data["data"], dict) and data["data"]["name"] == "kg actor graph"
    nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    assert set(nodes) == set(graph.nodes)
    for iri, d in nodes.items():
        assert d["name"] == graph.nodes[iri]["label"] and d["iri"] == iri
    assert nodes[BINH]["name"] == "Nguyen Hoa Binh"
    H = nx.cytoscape_graph(data)
    assert H.graph["name"] == "kg actor graph"
    assert H.nodes[BINH]["name"] == "Nguyen Hoa Binh" and H.nodes[BINH]["iri"] == BINH
    assert H.nodes[MOF]["name"] == "Ministry of Finance"


def test_graphml_tasks_carry_their_dates(extra_store, tmp_path):
    """Issue 17: a task's ``date`` is the date of the meeting that decided it, its ``deadline`` its own."""
    out = tmp_path / "g.graphml"
    write_export(extra_store, "graphml", out)
    H = nx.read_graphml(out, force_multigraph=True)
    t1 = H.nodes[KGR + f"task/{_EXTRA_ID}/t1"]
    assert (t1["date"], t1["deadline"], t1["date_from"]) == ("2025-06-01", "2025-12-31", "meeting")
    tasks = [d for _, d in H.nodes(data=True) if d["kind"] == "Task"]
    assert len(tasks) > 5 and all(d.get("date") for d in tasks)
    decided = [u for u, v, d in H.edges(data=True) if d["relation"] == "decided_at" and v == MEETING]
    assert decided and all(H.nodes[t]["date"] == "2025-09-17" for t in decided)
    # the GEXF export names the same attributes, and its timeline starts a task at that date
    write_export(extra_store, "gexf", tmp_path / "g.gexf")
    X = nx.read_gexf(tmp_path / "g.gexf")
    x1 = X.nodes[KGR + f"task/{_EXTRA_ID}/t1"]
    assert (x1["date"], x1["deadline"], x1["start"]) == ("2025-06-01", "2025-12-31", "2025-06-01")
    # the meeting's date, even when the meeting itself is filtered out
    assert actor_graph(extra_store, types={"Task"}).nodes[KGR + f"task/{_EXTRA_ID}/t1"]["date"] == "2025-06-01"


def test_task_date_without_meeting_or_document_is_the_source_date(tmp_path):
    """Issue 17: a task no meeting or document decided takes the date of the source that states it."""
    import pyoxigraph as ox

    from kg.store import Store

    ttl = f"""
<{KGR}article/zz-task-only> a <https://w3id.org/vnkg/ontology#Article> ;
  <http://purl.org/dc/terms/date> "2025-10-02"^^<http://www.w3.org/2001/XMLSchema#date> .
<{KGR}task/zz-task-only/t1> a <https://w3id.org/vnkg/ontology#Task> ;
  <https://w3id.org/vnkg/ontology#description> "finish the review"@en ;
  <https://w3id.org/vnkg/ontology#assignee> <{MOF}> ;
  <http://www.w3.org/ns/prov#wasDerivedFrom> <{KGR}article/zz-task-only> .
"""
    s = Store()
    nt = ox.serialize(ox.parse(ttl, format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    s.replace_graph(SOURCE_GRAPH_PREFIX + "zz-task-only", nt.decode())
    G = actor_graph(s)
    task = G.nodes[KGR + "task/zz-task-only/t1"]
    assert (task["date"], task["date_from"]) == ("2025-10-02", "source") and "deadline" not in task
    write_export(s, "graphml", tmp_path / "t.graphml")
    assert nx.read_graphml(tmp_path / "t.graphml").nodes[KGR + "task/zz-task-only/t1"]["date"] == "2025-10-02"
