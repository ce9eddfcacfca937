from kg.store import Store
from kg.errors import StoreError
import pytest

A, P, G = "https://example.org/a", "https://example.org/p", "https://example.org/g"


def test_store_replace_graph_is_idempotent():
    s = Store()
    nt = f'<{A}> <{P}> "1" .\n<{A}> <{P}> "2" .'
    s.replace_graph(G, nt)
    s.replace_graph(G, nt)
    assert s.count(G) == 2


def test_store_replace_graph_replaces():
    s = Store()
    s.replace_graph(G, f'<{A}> <{P}> "1" .')
    s.replace_graph(G, f'<{A}> <{P}> "2" .')
    assert [q.object.value for q in s.quads(G)] == ["2"]


def test_store_on_disk_survives_reopen(tmp_path):
    s = Store(tmp_path / "st")
    s.replace_graph(G, f'<{A}> <{P}> "1" .')
    s.flush()
    del s
    assert Store(tmp_path / "st").count(G) == 1


def test_store_refuses_foreign_folder(tmp_path):
    (tmp_path / "x.txt").write_text("not a store")
    with pytest.raises(StoreError, match="not a kg store"):
        Store(tmp_path)


def test_store_static_graphs_loaded_once(store):
    assert store.ensure_static() is False
    assert store.count() > 100


def test_store_values_of_reads_given_subjects_and_skips_quarantine():
    from kg.namespaces import GRAPH_QUARANTINE_PREFIX, SOURCE_GRAPH_PREFIX

    s = Store()
    s.replace_graph(SOURCE_GRAPH_PREFIX + "a", '<http://x/n1> <http://x/type> <http://x/C> .\n'
                                                '<http://x/n1> <http://x/other> "no" .\n'
                                                '<http://x/n2> <http://x/type> <http://x/D> .\n')
    s.replace_graph(GRAPH_QUARANTINE_PREFIX + "b", '<http://x/n1> <http://x/type> <http://x/Q> .\n')
    got = {(q.subject.value, q.object.value) for q in s.values_of(["http://x/n1", "http://x/n3"], ["http://x/type"])}
    assert got == {("http://x/n1", "http://x/C")}


def test_store_quarantine_list_follows_writes():
    from kg.namespaces import GRAPH_QUARANTINE_PREFIX

    s = Store()
    assert s.quarantine_graphs() == []
    s.replace_graph(GRAPH_QUARANTINE_PREFIX + "b", '<http://x/n1> <http://x/p> "v" .\n')
    assert s.quarantine_graphs() == [GRAPH_QUARANTINE_PREFIX + "b"]
    assert len(list(s.query("SELECT * WHERE { ?s ?p ?o }"))) == 0
    s.drop_graph(GRAPH_QUARANTINE_PREFIX + "b")
    assert s.quarantine_graphs() == []


def test_store_quarantine_list_follows_updates_and_loads_it_did_not_name():
    # replace_graphs keeps the list from the graphs it writes; an update a user wrote and a load
    # name their graphs in their own text, and the list must still be right after them
    from kg.namespaces import GRAPH_QUARANTINE_PREFIX

    s = Store()
    s.quarantine_graphs()                       # the list is cached from here on
    s.update(f'INSERT DATA {{ GRAPH <{GRAPH_QUARANTINE_PREFIX}u> {{ <http://x/a> <http://x/p> "v" }} }}')
    assert s.quarantine_graphs() == [GRAPH_QUARANTINE_PREFIX + "u"]
    s.load(f'<http://x/a> <http://x/p> "w" <{GRAPH_QUARANTINE_PREFIX}l> .\n')
    assert s.quarantine_graphs() == [GRAPH_QUARANTINE_PREFIX + "l", GRAPH_QUARANTINE_PREFIX + "u"]
    s.load('<http://x/a> <http://x/p> "w" <http://x/other> .\n')
    s.update(f"DROP GRAPH <{GRAPH_QUARANTINE_PREFIX}u>")
    assert s.quarantine_graphs() == [GRAPH_QUARANTINE_PREFIX + "l"]


# ---------------------------------------------------------------- the default graph is the merge

KG = "https://w3id.org/vnkg/ontology#"
G1, G2, QG = "https://example.org/g1", "https://example.org/g2", "https://w3id.org/vnkg/id/graph/quarantine/x"
MEETING = '<https://example.org/m> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Meeting> .\n'


def _rows(store, sparql):
    return [[t.value if t is not None else None for t in r] for r in store.query(sparql)]


def _merge_of_named_graphs(store) -> set:
    import pyoxigraph as ox

    merged = {(q.subject, q.predicate, q.object) for q in store.quads() if not q.graph_name.value.startswith(QG[:-1])}
    default = {(q.subject, q.predicate, q.object) for q in store._ox.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return merged, default


def test_store_default_graph_counts_a_fact_stated_by_two_sources_once():
    # issue 14 item 9: the union of named graphs repeated a fact once per source stating it
    s = Store()
    s.replace_graphs({G1: MEETING, G2: MEETING})
    assert _rows(s, f"SELECT ?m WHERE {{ ?m a <{KG}Meeting> }}") == [["https://example.org/m"]]
    assert _rows(s, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [["1"]]
    # and GRAPH ?g still says who said it
    assert sorted(_rows(s, "SELECT ?g WHERE { GRAPH ?g { ?m a ?c } }")) == [[G1], [G2]]


def test_store_default_graph_follows_replace_drop_and_quarantine():
    s = Store()
    a = '<https://example.org/a> <https://example.org/p> "1" .\n'
    b = '<https://example.org/b> <https://example.org/p> "2" .\n'
    s.replace_graphs({G1: a + b, G2: a})
    s.replace_graph(G1, b)                 # a still stated by G2: stays
    assert s.facts() == 2
    s.drop_graph(G2)                       # a stated by nobody now: leaves the merge
    assert _rows(s, "SELECT ?s WHERE { ?s ?p ?o }") == [["https://example.org/b"]]
    s.replace_graph(QG, a)                 # quarantined facts never enter it
    assert s.facts() == 1
    merged, default = _merge_of_named_graphs(s)
    assert merged == default


def test_store_query_honours_from_and_from_named():
    # issue 14 item 10: FROM <source graph> was ignored (the whole union was counted)
    s = Store()
    s.replace_graphs({G1: MEETING + '<https://example.org/x> <https://example.org/p> "1" .\n', G2: MEETING})
    assert _rows(s, f"SELECT (COUNT(*) AS ?n) FROM <{G2}> WHERE {{ ?s ?p ?o }}") == [["1"]]
    assert _rows(s, f"SELECT (COUNT(*) AS ?n) FROM <{G1}> WHERE {{ ?s ?p ?o }}") == [["2"]]
    assert _rows(s, f"SELECT ?g FROM NAMED <{G2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == [[G2]]


def test_store_class_queries_see_the_hierarchy():
    # issue 14 item 8: `?x a kg:Organization` found nothing (subclasses were neither inferred nor stated)
    s = Store()
    s.ensure_static()
    orgs = {r[0] for r in _rows(s, f"SELECT ?x WHERE {{ ?x a <{KG}Organization> }}")}
    ministries = {r[0] for r in _rows(s, f"SELECT ?x WHERE {{ ?x a <{KG}Ministry> }}")}
    assert ministries and ministries <= orgs
    agents = {r[0] for r in _rows(s, f"SELECT ?x WHERE {{ ?x a <{KG}Agent> }}")}
    assert orgs <= agents


def test_store_update_keeps_the_merge_and_refuses_writes_to_the_default_graph():
    import pytest

    from kg.errors import UpdateRefused

    s = Store()
    s.replace_graph(G1, MEETING)
    s.update(f"PREFIX kg: <{KG}> DELETE DATA {{ GRAPH <{G1}> {{ <https://example.org/m> a kg:Meeting }} }} ;"
             f" INSERT DATA {{ GRAPH <{G2}> {{ <https://example.org/n> a kg:Meeting }} }}")
    assert _rows(s, f"SELECT ?m WHERE {{ ?m a <{KG}Meeting> }}") == [["https://example.org/n"]]
    with pytest.raises(UpdateRefused, match="GRAPH"):
        s.update("INSERT DATA { <https://example.org/z> <https://example.org/p> 1 }")
    assert s.facts() == 1


def test_store_load_refuses_to_replace_reference_graphs():
    # issue 14 item 4: a 2-line N-Quads file naming the reference graph replaced the whole of it
    import pytest

    from kg.errors import StoreError
    from kg.namespaces import GRAPH_REFERENCE

    s = Store()
    s.ensure_static()
    before = s.count(GRAPH_REFERENCE)
    bad = f'<https://example.org/a> <https://example.org/p> "1" <{GRAPH_REFERENCE}> .\n'
    with pytest.raises(StoreError, match="replace-static"):
        s.load(bad)
    assert s.count(GRAPH_REFERENCE) == before
    # a dump of the same kg version loads (its reference graphs are this store's own)
    t = Store()
    t.load(s.dump())
    assert t.count(GRAPH_REFERENCE) == before
    s.load(bad, replace_static=True)
    assert s.count(GRAPH_REFERENCE) == 1


def test_store_migrates_a_store_written_before_the_merge(tmp_path):
    import pyoxigraph as ox

    path = tmp_path / "old"
    s = Store(path)
    s._ox.bulk_extend([ox.Quad(ox.NamedNode("https://example.org/m"), ox.NamedNode("https://example.org/p"),
                               ox.Literal("1"), ox.NamedNode(G1))])
    s._ox.flush()
    del s
    marker = path / "kg-store.txt"
    marker.write_text(marker.read_text().replace("layout: merged-default-graph\n", ""))
    ro = Store(path, read_only=True)          # read-only: queried as the union, as then
    assert ro.legacy and _rows(ro, "SELECT ?s WHERE { ?s ?p ?o }") == [["https://example.org/m"]]
    del ro
    rw = Store(path)
    assert not rw.legacy and rw.facts() == 1 and "merged-default-graph" in marker.read_text()


def test_store_update_ending_with_a_comment_or_semicolon_runs():
    s = Store()
    s.update(f'INSERT DATA {{ GRAPH <{G1}> {{ <https://example.org/a> <https://example.org/p> "#1" }} }} ; # done')
    s.update(f"DROP GRAPH <{G1}> # gone")
    assert s.facts() == 0 and not s.has_graph(G1)


def test_store_new_graphs_with_blank_nodes_keep_them_apart():
    # a graph new to the store is loaded as N-Quads, which would keep a blank node's label: two
    # sources' "_:b" must stay two nodes, as an update makes them (and a graph's copy in the merge
    # the same node as in the graph)
    s = Store()
    s.replace_graph(G1, f'_:b <{P}> "1" .')
    s.replace_graph(G2, f'_:b <{P}> "2" .')
    assert len({q.subject for q in s.quads()}) == 2
    assert _rows(s, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?x <{P}> ?v }} ?x <{P}> ?v }}") == [["2"]]
    merged, default = _merge_of_named_graphs(s)
    assert merged == default


def test_store_new_graphs_in_any_form_an_update_reads_still_go_in():
    # the load of a new graph wants plain N-Triples, one triple a line ending " ."; what else an
    # update reads (a bare number, a statement over two lines, no space before the dot) goes in too,
    # each triple in its graph and in the merge
    s = Store()
    s.replace_graphs({G1: f"<{A}> <{P}> 300 .\n", G2: f'<{A}> <{P}>\n "x" .\n<{A}> <{P}> "y".'})
    assert sorted(q.object.value for q in s.quads(G1)) == ["300"]
    assert sorted(q.object.value for q in s.quads(G2)) == ["x", "y"]
    merged, default = _merge_of_named_graphs(s)
    assert merged == default and len(default) == 3


def test_store_named_quads_reads_a_pattern_of_the_named_graphs_only():
    from kg.namespaces import SOURCE_GRAPH_PREFIX

    s = Store()
    s.replace_graph(SOURCE_GRAPH_PREFIX + "a", '<http://x/t> <http://x/at> <http://x/m> .\n<http://x/t> <http://x/by> "v" .\n')
    s.replace_graph(SOURCE_GRAPH_PREFIX + "b", '<http://x/u> <http://x/at> <http://x/m> .\n')
    by_object = {(q.subject.value, q.graph_name.value) for q in s.named_quads(None, "http://x/at", "http://x/m")}
    # each graph once, and not the default graph's merged copy
    assert by_object == {("http://x/t", SOURCE_GRAPH_PREFIX + "a"), ("http://x/u", SOURCE_GRAPH_PREFIX + "b")}
    assert [q.object.value for q in s.named_quads("http://x/t", None, None, SOURCE_GRAPH_PREFIX + "a")
            if q.predicate.value == "http://x/by"] == ["v"]
    assert list(s.named_quads("http://x/t", None, None, SOURCE_GRAPH_PREFIX + "b")) == []


def test_store_frozen_refuses_writes_and_offers_a_memo(store):
    from kg.store import static_copy

    copy = static_copy(store)
    assert copy.memo == {} and store.memo is None
    for write in (lambda: copy.replace_graph(G, f'<{A}> <{P}> "1" .'), lambda: copy.update(f'INSERT DATA {{ GRAPH <{G}> {{ <{A}> <{P}> "1" }} }}')):
        with pytest.raises(StoreError, match="frozen"):
            write()
    assert copy.count(G) == 0


def test_store_only_new_graphs_in_plain_ntriples_take_the_load():
    """The writer's fast path (one N-Quads load) is for new graphs whose every line ends with " .";
    an empty graph beside them does not send them to the update, a line in another form does."""
    s = Store()
    nt = f'<{A}> <{P}> "1" .\n<{A}> <{P}> "2" .\n'
    assert s._only_new({G: nt, G + "q": ""}) and s._only_new({G: nt.rstrip("\n")})
    assert not s._only_new({G: nt + "\n"}) and not s._only_new({G: nt.replace(" .\n", " .\r\n")})
    assert not s._only_new({G: f'<{A}> <{P}> "1" ; <{P}> "2" .\n<{A}> <{P}> "3"\n.\n'})
    s.replace_graphs({G: nt.replace(" .\n", " .\r\n")})           # the update reads it all the same
    assert sorted(q.object.value for q in s.quads(G)) == ["1", "2"]
