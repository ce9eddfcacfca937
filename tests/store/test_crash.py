"""Crash safety and concurrency on a real on-disk store.

A writer process is SIGKILLed at random moments, many times, over one store; after each kill the
store must open and every article's graph must be complete or absent. A reader that opens the
store while a writer works must see each article complete or absent too.

The writer is forked from this (already warmed-up) process, so a kill-and-check round costs
a fraction of a second instead of an interpreter start.
"""
from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from kg.namespaces import KG
from kg.pipeline import ingest
from kg.rdf.mapping import source_graph
from kg.store import Store

ARTICLES = sorted((Path(__file__).resolve().parents[2] / "data" / "articles").glob("*.txt"))
SAME_TASK = KG + "sameTaskAs"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _own_triples(store: Store, graph: str) -> int:
    """Triples of an article's graph, without the sameTaskAs links (they depend on what else is stored)."""
    return sum(1 for q in store.quads(graph) if q.predicate.value != SAME_TASK)


@pytest.fixture(scope="module")
def complete() -> dict[str, int]:
    """Each article's graph size when ingested alone: what 'complete' means."""
    sizes = {}
    for path in ARTICLES:
        s = Store()
        report = ingest(s, [path])
        g = source_graph(report.ingested[0])
        sizes[g] = _own_triples(s, g)
    return sizes


def _writer(store_dir: Path, seed: int) -> None:
    """Child: ingest and drop articles in a random order, forever (until killed)."""
    rng = random.Random(seed)
    try:
        store = Store(store_dir)
        store.ensure_static()
        while True:
            path = rng.choice(ARTICLES)
            if rng.random() < 0.3:
                store.drop_graph(source_graph(path.stem))
            else:
                ingest(store, [path])
    finally:
        os._exit(0)


def _fork_writer(store_dir: Path, seed: int) -> int:
    pid = os.fork()
    if pid == 0:  # pragma: no cover (child)
        _writer(store_dir, seed)
    return pid


def _check(store: Store, complete: dict[str, int]) -> int:
    present = 0
    for g in store.source_graphs():
        assert g in complete, f"unexpected graph {g}"
        n = _own_triples(store, g)
        assert n == complete[g], f"{g}: {n} triples, complete is {complete[g]} (half-written)"
        present += 1
    return present


def test_store_survives_sigkill_at_random_moments(tmp_path, complete):
    store_dir = tmp_path / "store"
    rng = random.Random(20251122)
    seen = set()
    kills = 0
    t0 = time.monotonic()
    while kills < 50:
        pid = _fork_writer(store_dir, kills)
        time.sleep(rng.uniform(0.05, 0.6))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        kills += 1
        store = Store(store_dir)  # must open (no lock left, no corruption)
        seen.add(_check(store, complete))
        del store
    assert kills >= 50
    # the kills landed at different moments: the store held different numbers of articles
    assert len(seen) >= 3, seen
    assert time.monotonic() - t0 < 60


def test_reader_during_ingest_sees_complete_articles(tmp_path, complete):
    store_dir = tmp_path / "store"
    Store(store_dir).ensure_static()
    pid = _fork_writer(store_dir, 7)
    try:
        reads, seen = 0, set()
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            try:
                reader = Store(store_dir, read_only=True)
            except Exception as e:  # the writer may be between opening and its first write
                pytest.fail(f"a reader could not open the store during an ingest: {e}")
            seen.add(_check(reader, complete))
            del reader
            reads += 1
            time.sleep(0.05)
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    assert reads > 20 and len(seen) >= 2, (reads, seen)
