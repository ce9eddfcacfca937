"""Ingest on a real Dask cluster into a real Oxigraph server: the same graphs as one process.

A ``LocalCluster`` of two worker processes (one thread each) is started once for this module;
each test that writes gets its own ``oxigraph serve`` on a free loopback port (as
``tests/store/test_remote.py`` starts it). The corpus is the seed articles and 40 synthetic ones
(``bench/generate.py``); the reference is the same files ingested in this process into an
embedded ``Store``. Without Dask or the Oxigraph server the tests are skipped, except with
``KG_REQUIRE_TOOLS`` set (CI), where they fail.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.errors import ClusterError, InputError
from kg.namespaces import GRAPH_QUARANTINE_PREFIX, SOURCE_GRAPH_PREFIX
from kg.pipeline import ingest
from kg.store import Store
from kg.store.remote import open_location
from server_support import canonical, free_port, oxigraph_server

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "data" / "articles"
SEEDS = len(list(ARTICLES.glob("*.txt")))
N = SEEDS + 40        # the corpus: the seed articles and 40 synthetic ones
sys.path.insert(0, str(ROOT / "bench"))
from generate import generate  # noqa: E402

REQUIRED = bool(os.environ.get("KG_REQUIRE_TOOLS"))


def _missing(what: str) -> None:
    (pytest.fail if REQUIRED else pytest.skip)(f"{what} (KG_REQUIRE_TOOLS is set: CI must have it)"
                                               if REQUIRED else what)


@pytest.fixture(scope="module")
def distributed():
    try:
        import distributed
    except ImportError:
        _missing("Dask is not installed (pip install 'kg-vn-reform[cluster]', or the test extra)")
    return distributed


@pytest.fixture(scope="module")
def cluster(distributed):
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cl:
        yield cl


@pytest.fixture
def server(tmp_path):
    """A fresh Oxigraph server: its URL."""
    with oxigraph_server(tmp_path / "oxigraph", _missing) as url:
        yield url


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    synthetic = tmp_path_factory.mktemp("corpus")
    generate(40, synthetic, seed=11)
    return [ARTICLES, synthetic]


@pytest.fixture(scope="module")
def reference(corpus):
    """The corpus ingested by this process alone into an embedded store: (report, canonical dump, store)."""
    store = Store()
    report = ingest(store, corpus)
    assert report.ok and len(report.ingested) == N
    return report, canonical(store.dump()), store


def _graph(store, g: str) -> list[str]:
    return sorted(map(str, store.quads(g)))   # source graphs hold no blank node


class CountingWrites:
    """Counts, per source graph, the transactions that write it (``replace_graphs``)."""

    def __init__(self, store):
        self.store, self.writes = store, {}
        real = store.replace_graphs

        def replace_graphs(graphs, *a, **kw):
            for g, text in graphs.items():
                if text and g.startswith((SOURCE_GRAPH_PREFIX, GRAPH_QUARANTINE_PREFIX)):
                    self.writes[g] = self.writes.get(g, 0) + 1
            return real(graphs, *a, **kw)

        store.replace_graphs = replace_graphs


def test_cluster_ingest_into_server_gives_the_embedded_graphs(cluster, server, reference, corpus):
    expected, dump, embedded = reference
    store = open_location(server)
    spy = CountingWrites(store)
    report = ingest(store, corpus, cluster=cluster.scheduler_address)
    assert report.ok and report.ingested == expected.ingested
    assert report.triples == expected.triples and report.facts == expected.facts
    assert store.source_graphs() == embedded.source_graphs()
    assert sorted(spy.writes.values()) == [1] * N      # one transaction per article
    assert canonical(store.dump()) == dump


def test_cluster_workers_killed_mid_run_lose_nothing_and_write_nothing_twice(cluster, server, reference,
                                                                              corpus, distributed):
    """Two workers killed (SIGKILL) during one ingest: when its first tasks were just sent, with the
    scheduler told to give up on a task at its first dead worker (the group of articles is then sent
    again one by one), and later with Dask's defaults (the tasks run again elsewhere)."""
    expected, dump, _ = reference
    scheduler = cluster.scheduler
    watcher = distributed.Client(cluster.scheduler_address)
    killed: list[int] = []

    def kill_the_busiest_worker(running_only: bool):
        """SIGKILL the worker with the most tasks running (and results not yet read, unless
        ``running_only``), as soon as one has some (tasks reach the scheduler in batches)."""
        pids = watcher.run(os.getpid)
        deadline = time.monotonic() + 20
        while True:
            running, held = watcher.processing(), ({} if running_only else watcher.has_what())
            lost = {w: len(running.get(w, ())) + len(held.get(w, ())) for w in pids}
            victim = max(sorted(lost), key=lost.get)
            if lost[victim] or time.monotonic() > deadline:
                break
            time.sleep(0.005)
        os.kill(pids[victim], signal.SIGKILL)
        killed.append(lost[victim])

    def kill_workers(plan):
        for i, entry in enumerate(plan):
            if i == 0:
                scheduler.allowed_failures = 0
                kill_the_busiest_worker(running_only=True)
            elif i == 20:
                scheduler.allowed_failures = default
                watcher.wait_for_workers(2, timeout=30)     # the nanny started another process
                kill_the_busiest_worker(running_only=False)
            yield entry

    default = scheduler.allowed_failures
    erred = sum(1 for t in scheduler.transition_log if t[2] == "erred")
    try:
        store = open_location(server)
        spy = CountingWrites(store)
        report = ingest(store, corpus, cluster=cluster.scheduler_address, progress=kill_workers)
        assert killed[0] >= 1 and killed[1] >= 1          # tasks running, results not yet written
        assert sum(1 for t in scheduler.transition_log if t[2] == "erred") > erred  # KilledWorker, then one by one
        assert report.ok and report.ingested == expected.ingested
        assert sorted(spy.writes.values()) == [1] * N
        assert canonical(store.dump()) == dump
    finally:
        scheduler.allowed_failures = default
        watcher.close()


def test_cluster_cli_local_cluster_into_server(server, reference, distributed):
    _, _, embedded = reference
    done = subprocess.run([sys.executable, "-m", "kg", "--store", server, "ingest", "--no-progress",
                           "--cluster", "local:2", str(ARTICLES)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"ingested {SEEDS} article(s)" in done.stderr
    store = open_location(server)
    graphs = store.source_graphs()
    assert len(graphs) == SEEDS
    for g in graphs:   # the seed articles come first in the reference ingest: their graphs are these
        assert _graph(store, g) == _graph(embedded, g)


def test_cluster_refusals(tmp_path, monkeypatch, distributed):
    import kg.cluster

    article = sorted(ARTICLES.glob("*.txt"))[0]
    with pytest.raises(InputError, match="give one"):
        ingest(Store(), [article], jobs=2, cluster="local:2")
    with pytest.raises(InputError, match="local:N"):
        ingest(Store(), [article], cluster="local:0")
    monkeypatch.setattr(kg.cluster, "CONNECT_TIMEOUT", 1.0)
    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler") as e:
        ingest(Store(), [article], cluster=f"tcp://127.0.0.1:{free_port()}")
    assert "\n" not in str(e.value) and e.value.code == "KG-E070"


def test_cluster_without_dask_is_a_clear_error():
    """kg imports and ingests without Dask; only --cluster needs it, and says how to get it."""
    code = ("import sys; sys.modules['distributed'] = None\n"
            "from kg.errors import KgError\nfrom kg.pipeline import ingest\nfrom kg.store import Store\n"
            f"try:\n    ingest(Store(), [{str(sorted(ARTICLES.glob('*.txt'))[0])!r}], cluster='local:1')\n"
            "except KgError as e:\n    print(e.message)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "pip install 'kg-vn-reform[cluster]'" in done.stdout
