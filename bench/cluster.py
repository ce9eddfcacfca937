"""Ingest throughput on a Dask cluster against ``--jobs``: articles/s, and per worker core.

On one synthetic corpus (``bench/generate.py``), each mode runs in its own process, into a fresh
store of the same kind (an ``oxigraph serve`` started for the run, or an embedded on-disk store):

- ``jobs:J``: ``kg.pipeline.ingest(store, [corpus], jobs=J)`` (J=1: this process alone);
- ``cluster:N``: a ``LocalCluster`` of N worker processes (one thread each) is started first
  (its start-up timed apart, as a cluster that is already running), then
  ``ingest(store, [corpus], cluster=address)``.

articles/s is over the ``ingest`` call (worker start-up, imports and model loading included, for
both); "per worker core" divides it by the processes that extract (J, or N). The lead process
(planning, reading the files, writing each article, and for the cluster the Dask scheduler) and
the Oxigraph server run on the same cores as the workers.

    .venv/bin/python bench/cluster.py --n 300 --modes jobs:1,jobs:2,cluster:1,cluster:2 [--store server] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def child(args) -> dict:
    """One mode, in this process; prints one JSON line."""
    import resource

    from kg.pipeline import ingest
    from kg.store.remote import open_location

    kind, n = args.mode.split(":")
    n = int(n)
    store = open_location(args.location)
    cluster = None
    start_s = 0.0
    if kind == "cluster":
        from distributed import LocalCluster

        t = time.perf_counter()
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        start_s = time.perf_counter() - t
        kw = {"cluster": cluster.scheduler_address}
    else:
        kw = {"jobs": n}
    t = time.perf_counter()
    report = ingest(store, [args.corpus], **kw)
    took = time.perf_counter() - t
    lead_cpu = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    if cluster is not None:
        cluster.close()
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {"mode": args.mode, "workers": n, "ingested": len(report.ingested), "failed": len(report.failed),
           "triples": store.count(), "cluster_start_s": start_s, "ingest_s": took,
           "articles_per_s": len(report.ingested) / took, "per_worker_core": len(report.ingested) / took / n,
           "lead_cpu_s": lead_cpu, "children_cpu_s": kids.ru_utime + kids.ru_stime}
    print(json.dumps(out))
    return out


def _server(folder: Path):
    """An ``oxigraph serve`` on a free loopback port: (process, URL)."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cmd = Path(sys.executable).parent / "oxigraph"
    proc = subprocess.Popen([str(cmd) if cmd.exists() else "oxigraph", "serve", "--location", str(folder),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/", timeout=1).read()
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"oxigraph serve did not answer at {url}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="articles in the synthetic corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--modes", default="jobs:1,jobs:2,cluster:1,cluster:2")
    ap.add_argument("--store", choices=["server", "embedded"], default="server",
                    help="an Oxigraph server started per run (default), or an embedded on-disk store")
    ap.add_argument("--repeat", type=int, default=1,
                    help="runs of each mode, interleaved (a busy machine slows all modes alike); the best is shown")
    ap.add_argument("--out", type=Path, help="write the results as JSON here")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--mode", help=argparse.SUPPRESS)
    ap.add_argument("--location", help=argparse.SUPPRESS)
    ap.add_argument("--corpus", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args)
        return 0

    from generate import generate

    work = Path(tempfile.mkdtemp(prefix="kg-bench-cluster-"))
    results = []
    try:
        corpus = work / "corpus"
        generate(args.n, corpus, seed=args.seed)
        for rep, mode in [(r, m) for r in range(args.repeat) for m in args.modes.split(",")]:
            folder = work / f"store-{mode.replace(':', '-')}-{rep}"
            proc = None
            if args.store == "server":
                proc, location = _server(folder)
            else:
                location = str(folder)
            try:
                done = subprocess.run([sys.executable, __file__, "--child", "1", "--mode", mode, "--location", location,
                                       "--corpus", str(corpus)], capture_output=True, text=True, cwd=ROOT)
            finally:
                if proc is not None:
                    proc.kill()
                    proc.wait(10)
            lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
            if done.returncode or not lines:
                raise SystemExit(f"{mode} failed ({done.returncode}): {done.stderr[-2000:]}")
            r = json.loads(lines[-1])
            r["loadavg_after"] = os.getloadavg()[0]
            results.append(r)
            shutil.rmtree(folder, ignore_errors=True)
            print(f"{mode}: {r['articles_per_s']:.1f} articles/s, {r['per_worker_core']:.1f} per worker core "
                  f"({r['ingested']} in {r['ingest_s']:.1f} s; cluster start {r['cluster_start_s']:.1f} s; "
                  f"{r['triples']} triples)", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{args.n} articles, store: {args.store}, {os.cpu_count()} cores, best of {args.repeat} run(s)\n")
    print("| mode | worker processes | articles/s | per worker core | ingest s | cluster start s | lead CPU s |")
    print("|---|---|---|---|---|---|---|")
    for mode in args.modes.split(","):
        r = max((r for r in results if r["mode"] == mode), key=lambda r: r["articles_per_s"])
        print(f"| {r['mode']} | {r['workers']} | {r['articles_per_s']:.1f} | {r['per_worker_core']:.1f} | "
              f"{r['ingest_s']:.1f} | {r['cluster_start_s']:.1f} | {r['lead_cpu_s']:.1f} |")
    counts = {r["triples"] for r in results}
    if len(counts) > 1:
        print(f"\nWARNING: the stores differ in size: {sorted(counts)}")
    if args.out:
        args.out.write_text(json.dumps({"n": args.n, "store": args.store, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
