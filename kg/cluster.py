"""Ingest on a Dask cluster: workers read, extract and validate; this process writes.

``kg.pipeline.ingest(store, paths, cluster=ADDRESS)`` (``kg ingest --cluster ADDRESS``) sends each
planned source (``kg.pipeline.Slot``, its id already decided) to a Dask worker, which turns it into
a ``kg.pipeline.Prepared`` (plain data: the article's N-Triples, its validation result). This
process takes the results back in the order of the files and commits each one in its own
transaction, exactly as with ``--jobs``: the store ends up the same as with one process.

``ADDRESS`` is a scheduler (``tcp://host:8786``, started with ``dask scheduler``; workers started
on any number of machines with ``dask worker tcp://host:8786``), or ``local`` / ``local:N`` for a
``LocalCluster`` of N worker processes on this machine (N: this machine's cores).

The file's bytes are read here and shipped with the task, so workers need no shared file system,
only kg installed. A long ingest sends articles in groups (up to ``MAX_CHUNK`` a task): Dask's
cost per task, in this process, is about that of writing one article. Each worker process
validates against its own in-memory copy of the static graphs (built once per process, see
``kg.pipeline.prepare_article``).

A worker that dies (killed, out of memory, its machine gone) loses only work not yet written:
the scheduler runs its tasks again on another worker, and since only this process writes, and
writes each article once, in order, no article is lost and none is written twice. An article
whose task killed ``distributed.scheduler.allowed-failures`` + 1 workers (3 + 1 by default) is
one failed line of the report, like an unreadable file.

Dask is imported only here, and only when ``cluster`` is given: ``kg`` works without it
(``pip install 'kg-vn-reform[cluster]'`` brings it).
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
from dataclasses import replace
from pathlib import Path

from kg.errors import ClusterError, InputError, KgError
from kg.pipeline import Prepared, Slot, _prepare_path, _why, prepare_article
from kg.sources import article_from_bytes, read_bytes

#: tasks in flight per worker thread: enough that a worker never waits for this process, few
#: enough that results waiting to be written (one article's N-Triples each) stay small
PER_THREAD = 4
#: articles in one task at most: Dask costs a few ms of this process's time per task (as much as
#: writing an article), so a long ingest sends them in groups; a short one, one by one
MAX_CHUNK = 8
#: seconds to wait for a first worker, and for one to come back when every worker is gone
NO_WORKER_TIMEOUT = 120.0
CONNECT_TIMEOUT = 20.0


def _dask():
    try:
        import distributed
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'kg-vn-reform[cluster]' "
                           "(or pip install 'dask[distributed]')") from None
    return distributed


def parse_address(address: str) -> tuple[str, int | None]:
    """("local", N) for ``local`` / ``local:N``, else (the scheduler address, None).

    >>> parse_address("local:3"), parse_address("tcp://10.0.0.5:8786")
    (('local', 3), ('tcp://10.0.0.5:8786', None))
    """
    text = address.strip()
    if text == "local" or text.startswith("local:"):
        n = text.partition(":")[2]
        if not n:
            return "local", len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        if not n.isdigit() or int(n) < 1:
            raise InputError(f"--cluster {address}: local:N wants N, a number of worker processes (at least 1)")
        return "local", int(n)
    if not text or " " in text:
        raise InputError(f"--cluster {address!r}: give a Dask scheduler address (tcp://host:8786), "
                         "or local / local:N")
    return text, None


def connect(address: str):
    """(client, cluster or None): a client of the scheduler at ``address``, or of a new LocalCluster."""
    distributed = _dask()
    where, n = parse_address(address)
    if n is not None:
        # processes, one thread each (the extraction is Python: threads would share one GIL);
        # no dashboard (it would take port 8787, and needs bokeh)
        try:
            cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                               dashboard_address=None)
        except Exception as e:        # noqa: BLE001 (said in one line, with the usual cause)
            raise ClusterError(f"--cluster {address}: the local Dask cluster did not start ({type(e).__name__}: "
                               f"{' '.join(str(e).split())[:200]}); from a Python script, call ingest under "
                               "`if __name__ == \"__main__\":` (workers are started with spawn)") from None
        return distributed.Client(cluster), cluster
    try:
        client = distributed.Client(where, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as e:
        raise ClusterError(f"--cluster {address}: cannot reach the Dask scheduler ({type(e).__name__}: "
                           f"{' '.join(str(e).split())[:200]}); is `dask scheduler` running there?") from None
    return client, None


class ClusterResults:
    """``(Prepared | None, error | None)`` per slot, in the order of the slots, prepared on a cluster.

    What ``kg.pipeline.ingest`` reads with ``next()``; ``close()`` cancels what is left and lets
    go of the cluster (a LocalCluster is shut down). Slots go out in tasks of ``chunk`` articles,
    at most ``PER_THREAD`` tasks per worker thread in flight: the files are read as the work goes,
    and results are not held.
    """

    def __init__(self, slots: list[Slot], lang: str | None, address: str):
        self.address = address
        self.lang = lang
        self._todo = iter(slots)
        self._left = len(slots)
        self._pending: deque = deque()     # (items, future) per task, in slot order
        self._ready: deque = deque()       # (slot, result) of the task being read
        self.client, self.cluster = connect(address)
        try:
            self._wait_for_workers()
            self._check_workers()
            threads = max(1, self._threads())
            # a group per task only when there are many more articles than tasks in flight
            self.chunk = max(1, min(MAX_CHUNK, len(slots) // (2 * PER_THREAD * threads)))
            self._fill()
        except KgError:
            self.close()
            raise
        except Exception as e:        # noqa: BLE001
            self.close()
            raise self._lost(e, "nothing was stored") from None
        except BaseException:
            self.close()
            raise

    # -- the protocol ingest uses

    def __iter__(self):
        return self

    def __next__(self) -> tuple[Prepared | None, str | None]:
        if not self._ready:
            if not self._pending:
                raise StopIteration
            items, future = self._pending.popleft()
            try:
                self._ready.extend(zip((item[0] for item in items), self._results(items, future)))
                self._fill()
            except KgError:
                self.close()
                raise
            except Exception as e:    # noqa: BLE001 (the cluster, not the article: the ingest stops)
                self.close()
                raise self._lost(e, f"the articles before {items[0][0].path} are stored: ingest the "
                                    "files again to store the others") from None
        return self._ready.popleft()[1]

    def close(self) -> None:
        pending, self._pending = self._pending, deque()
        client, self.client = getattr(self, "client", None), None
        if client is None:
            return
        try:
            if pending:
                client.cancel([future for _, future in pending])
        except Exception:             # noqa: BLE001 (the scheduler may be gone already)
            pass
        client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __del__(self):
        try:
            self.close()
        except Exception:             # noqa: BLE001
            pass

    # -- inside

    def _threads(self) -> int:
        return sum(self.client.nthreads().values())

    def _wait_for_workers(self) -> None:
        try:
            self.client.wait_for_workers(1, timeout=NO_WORKER_TIMEOUT)
        except TimeoutError:
            raise ClusterError(f"--cluster {self.address}: no Dask worker joined the scheduler in "
                               f"{NO_WORKER_TIMEOUT:.0f} s; start some with `dask worker {self.address}`") from None
        self._window = PER_THREAD * max(1, self._threads())
        self._since = 0

    def _check_workers(self) -> None:
        """Every worker imports the same kg: a worker with another version would extract other graphs."""
        from kg import __version__

        found = self.client.run(_worker_version, on_error="return")
        bad = {w: f"kg {v}" if isinstance(v, str) else f"{type(v).__name__}: {v}"
               for w, v in found.items() if v != __version__}
        if bad:
            worker, got = sorted(bad.items())[0]
            raise ClusterError(f"--cluster {self.address}: worker {worker} has {got}, this process kg {__version__}; "
                               "install the same kg on every worker machine (pip install 'kg-vn-reform[cluster]')")

    def _fill(self) -> None:
        self._since += 1
        if self._since >= 16:            # workers come and go: the window follows
            self._since = 0
            self._window = PER_THREAD * max(1, self._threads())
        while len(self._pending) < self._window and self._left:
            n = min(self.chunk, self._left)
            self._left -= n
            items = [self._item(next(self._todo)) for _ in range(n)]
            self._pending.append((items, self._submit(items)))

    def _item(self, slot: Slot) -> tuple:
        """(slot, bytes, origin, error) of what a worker needs: the file's bytes are read here."""
        if not isinstance(slot.path, Path):   # a fetched page: its bytes are in the slot
            return slot, None, None, None
        try:
            return slot, read_bytes(slot.path), str(slot.path.resolve()), None
        except Exception as e:        # noqa: BLE001 (one file's failure, reported; the others go on)
            return slot, None, None, _why(str(slot.path), e)

    def _submit(self, items: list[tuple]):
        return self.client.submit(_prepare_on_worker, items, self.lang, pure=False)

    def _results(self, items: list[tuple], future) -> list[tuple[Prepared | None, str | None]]:
        """The results of a task, in order. A task that killed too many workers is sent again one
        article a task, so that only the article that kills workers is given up on."""
        distributed = _dask()
        alone = None                  # since when no worker is left
        try:
            while True:
                try:
                    return future.result(timeout=5)
                except TimeoutError:  # still to run (or to run again: "lost" with a dead worker)
                    pass
                try:
                    threads = self._threads()
                except Exception:     # noqa: BLE001 (the scheduler is not answering: as no worker)
                    threads = 0
                if threads:
                    alone = None
                elif alone is None:
                    alone = time.monotonic()
                elif time.monotonic() - alone > NO_WORKER_TIMEOUT:
                    raise ClusterError(f"--cluster {self.address}: every worker is gone and none came back in "
                                       f"{NO_WORKER_TIMEOUT:.0f} s; the articles before {items[0][0].path} are "
                                       "stored: ingest the files again to store the others") from None
        except distributed.KilledWorker:
            if len(items) > 1:
                alone_tasks = [([item], self._submit([item])) for item in items]
                return [r for one, f in alone_tasks for r in self._results(one, f)]
            return [(None, "the cluster gave up on it: each worker that prepared it died "
                           "(out of memory? see the workers' logs)")]
        finally:
            future.release()

    def _lost(self, e: Exception, done: str) -> ClusterError:
        """The error that ends the ingest when the cluster fails (not one article: the scheduler gone...)."""
        why = " ".join(str(e).split())[:200]
        return ClusterError(f"--cluster {self.address}: the Dask cluster failed ({type(e).__name__}"
                            f"{': ' + why if why else ''}); {done}")


def prepared_on_cluster(slots: list[Slot], lang: str | None, address: str) -> ClusterResults:
    """Prepared articles from the Dask cluster at ``address``, in the order of ``slots``, as they come."""
    return ClusterResults(slots, lang, address)


# ---------------------------------------------------------------- on the workers

_context: dict = {}
_context_lock = threading.Lock()


def _worker_store():
    """This worker process's in-memory copy of the static graphs: what validation reads (built once,
    again after a restart; a worker's threads share it, they only read it)."""
    with _context_lock:
        if "store" not in _context:
            from kg.store import Store

            store = Store()
            store.ensure_static()
            _context["store"] = store
        return _context["store"]


def _worker_version() -> str:
    from kg import __version__

    return __version__


def _prepare_on_worker(items: list[tuple], lang: str | None) -> list[tuple[Prepared | None, str | None]]:
    """``kg.pipeline._prepare_path`` of each item, from the bytes the ``kg`` process read: what
    ``read_article`` does with the file (its name for messages, its stem, its resolved path as the
    origin)."""
    context = _worker_store()
    return [_prepare_one(*item, lang, context) for item in items]


def _prepare_one(slot: Slot, data: bytes | None, where: str | None, error: str | None, lang: str | None,
                 context) -> tuple[Prepared | None, str | None]:
    if error is not None:             # could not be read again by the kg process
        return None, error
    if data is None:                  # a fetched page
        return _prepare_path(slot, lang, context)
    name = str(slot.path)
    try:
        article = replace(article_from_bytes(data, name, lang=lang), id=slot.path.stem, path=where)
        if article.sha256 != slot.sha256:
            raise InputError(f"{name}: changed while being ingested; ingest it again")
        return prepare_article(replace(article, id=slot.article_id, ingested=slot.ingested), context), None
    except Exception as e:        # noqa: BLE001 (one file's failure, reported; the others go on)
        return None, _why(name, e)
