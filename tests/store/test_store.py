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
