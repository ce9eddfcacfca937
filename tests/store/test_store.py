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
