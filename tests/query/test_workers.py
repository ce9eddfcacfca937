"""Timed queries on a disk store run in query processes that are reused, and see new commits."""
from __future__ import annotations

import pytest

import kg.query as kq
from kg.errors import QueryTimeout
from kg.query import run_sparql
from kg.store import Store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _n(store) -> int:
    return int(run_sparql(store, COUNT, timeout=20, isolate=True).rows[0][0].value)


def test_query_process_is_reused_and_sees_later_commits(tmp_path):
    store = Store(tmp_path / "s")
    store.replace_graph("urn:g1", "<urn:a> <urn:b> <urn:c> .")
    store.flush()
    assert _n(store) == 1
    (worker,) = kq._IDLE[str(store.path)]
    store.replace_graph("urn:g2", "<urn:a> <urn:b> <urn:d> .\n<urn:a> <urn:b> <urn:e> .")
    store.flush()
    assert _n(store) == 3                       # the same process, the store opened again
    assert kq._IDLE[str(store.path)] == [worker] and worker.proc.poll() is None


def test_timed_out_query_process_is_killed_and_the_next_query_gets_a_new_one(tmp_path):
    store = Store(tmp_path / "s")
    store.replace_graph("urn:g", "".join(f"<urn:s{i}> <urn:p> {i} .\n" for i in range(300)))
    store.flush()
    assert _n(store) == 300
    (first,) = kq._IDLE[str(store.path)]
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?x . ?b ?q ?y . ?c ?r ?z . ?d ?t ?w }"
    with pytest.raises(QueryTimeout):
        run_sparql(store, slow, timeout=0.5, isolate=True)
    assert first.proc.poll() is not None         # killed: its work stopped
    assert _n(store) == 300
    assert first not in kq._IDLE[str(store.path)]
