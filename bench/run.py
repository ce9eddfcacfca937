"""Benchmarks of kg: ingest, validation and canned queries, at several corpus sizes, in one run.

For each size N (synthetic articles from ``bench/generate.py``):

- **ingest** articles/s end to end with validation, each run in a fresh store, in its own
  process: the library call ``kg.pipeline.ingest(store, paths[, jobs=J])`` (articles/s over the
  call) and the command line ``kg ingest [--jobs J]`` (articles/s over the whole process, start-up
  included, as a user sees it). ``jobs=2`` is "n/a" until ``ingest`` has a ``jobs`` parameter
  (``--jobs`` for the command line). Also the CPU time per article and the **peak RSS** (the
  process tree's resident memory, sampled from ``/proc`` every 0.2 s, and the kernel's
  ``ru_maxrss`` of the main process);
- **triples** in the store (reference data included) and the articles rejected by validation;
- **per-article validation**: ``kg.validate.validate_article_graph`` on a fixed sample of
  held-out articles' graphs (never ingested) against the store at 10 articles and at each size;
- **canned queries** p50/p95 (``kg.query``: ``get_query``/``bind``/``run_sparql``) on our store
  and on an **rdflib baseline** of the same data (``rdflib.Dataset(default_union=True)`` loaded
  from an N-Quads dump of the store, quarantine graphs left out as ``kg query`` leaves them out,
  the same SPARQL text), with the speed-up rdflib p50 / our p50. Baseline queries run under a
  per-run timeout and a per-query time budget; a timed-out query is reported as "> T s".

``--target-triples 1000000`` adds the size that gives about that many triples (estimated from the
first size's triples per article), for the "~1M triples" query goal.

    python bench/run.py --sizes 100,1000,10000 --target-triples 1000000 --repeat 20 \\
        --skip-baseline-above 5000000 --out bench/results/latest.json

Tables are printed after each size (so a long run shows progress) and at the end; the JSON is
rewritten after each size.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

PY = sys.executable
KG_CLI = str(Path(PY).with_name("kg"))

# Each canned query is timed with its key parameter (what issue 15's goals name), as a full
# listing when every parameter is optional, and as the first page of that listing (100 rows).
QUIT = "people who decided to quit their jobs"
QUERY_PARAMS = {
    "tasks": {"assignee": "Ministry of Finance"},
    "figures": {"indicator": QUIT},
    "timeseries": {"indicator": QUIT},
    "conflicts": {"indicator": QUIT},
    "persons": {"name": "Pham Thi Thanh Tra"},
    "meetings": {"month": "2025-09"},
    "documents": {"type": "Decree"},
    "organizations": {"type": "Ministry"},
    "sources": {"outlet": "vnexpress.net"},
}
FIRST_PAGE = 100
SAMPLE_BASE = 1_000_000        # held-out validation sample: article indices from here on


# =============================================================================== workers
# Each measurement runs in a child process (``run.py --worker NAME ...``) that prints one JSON line.

def _rusage() -> dict:
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"maxrss_self_mb": me.ru_maxrss / 1024, "maxrss_children_mb": kids.ru_maxrss / 1024,
            "cpu_self_s": me.ru_utime + me.ru_stime, "cpu_children_s": kids.ru_utime + kids.ru_stime}


def worker_ingest(args) -> dict:
    """Library ingest of a corpus folder into a fresh store."""
    t0 = time.perf_counter()
    from kg.pipeline import ingest
    from kg.store import Store

    store = Store(args.store)
    kw = {"jobs": args.jobs} if args.jobs is not None else {}
    t1 = time.perf_counter()
    report = ingest(store, [args.corpus], **kw)
    t2 = time.perf_counter()
    triples = _count(store)
    return {"import_s": t1 - t0, "ingest_s": t2 - t1, "ingested": len(report.ingested),
            "quarantined": len(report.quarantined), "failed": len(report.failed),
            "failed_sample": report.failed[:3], "triples": triples, **_rusage()}


def _count(store) -> int:
    """Quads in the named graphs: the stored facts (the default graph is their merge, derived)."""
    return store.count()


def worker_validate(args) -> dict:
    """Per-article validation time of a fixed held-out sample against a store."""
    import tempfile

    from generate import generate
    from kg.pipeline import build_article
    from kg.sources import read_article
    from kg.store import Store
    from kg.validate import validate_article_graph

    store = Store(args.store, read_only=True)
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(SAMPLE_BASE + args.sample, Path(tmp), seed=args.seed, start=SAMPLE_BASE)
        graphs = [build_article(read_article(p))[1] for p in paths]
    for g in graphs:                                   # warm-up: caches, compiled shapes
        validate_article_graph(g, store)
    wall: list[list[float]] = [[] for _ in graphs]
    cpu: list[list[float]] = [[] for _ in graphs]
    conforms = 0
    for _ in range(args.passes):
        for i, g in enumerate(graphs):
            t, c = time.perf_counter(), time.process_time()
            rep = validate_article_graph(g, store)
            cpu[i].append(time.process_time() - c)
            wall[i].append(time.perf_counter() - t)
            conforms += rep.conforms
    per_wall = sorted(1000 * min(x) for x in wall)     # best of passes per article, then spread
    per_cpu = sorted(1000 * min(x) for x in cpu)
    return {"articles": len(graphs), "passes": args.passes, "triples_per_graph": statistics.mean(len(g) for g in graphs),
            "conforming": conforms / args.passes, "ms_p50": _pct(per_wall, 50), "ms_p95": _pct(per_wall, 95),
            "ms_mean": statistics.mean(per_wall), "cpu_ms_p50": _pct(per_cpu, 50), "cpu_ms_mean": statistics.mean(per_cpu)}


def _pct(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def _canned() -> list[tuple[str, str, str, dict, "object"]]:
    """(case, SPARQL text, query name, parameters, page): ``name key=value``, ``name`` (every row),
    ``name page 1`` (its first 100)."""
    from kg.query import Page, bind, list_queries, paged

    out = []
    for q in list_queries():
        params = {k: v for k, v in QUERY_PARAMS.get(q.name, {}).items() if k in q.param_names}
        if params:
            out.append((q.name + " " + " ".join(f"{k}=…" for k in params), bind(q, params), q.name, params, None))
        if all(p.optional for p in q.params):
            text = bind(q, {})
            out.append((q.name, text, q.name, {}, None))
            out.append((f"{q.name} page 1", paged(text, Page(FIRST_PAGE, 0)), q.name, {}, Page(FIRST_PAGE, 0)))
    return out


def worker_index(args) -> dict:
    """Build the store's answer tables (kg index)."""
    from kg.query import answers
    from kg.store import Store

    report = answers.build(Store(args.store, read_only=True))
    return {"seconds": report.seconds, "rows": sum(report.queries.values()), "keys": report.keys,
            "bytes": os.path.getsize(report.path), **_rusage()}


def worker_dump(args) -> dict:
    """The store's quads, quarantine graphs left out, as N-Quads (the rdflib baseline's input)."""
    import pyoxigraph as ox

    from kg.namespaces import GRAPH_QUARANTINE_PREFIX
    from kg.store import Store

    store = Store(args.store, read_only=True)
    n = 0

    def quads():
        nonlocal n
        for q in store.quads():
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(GRAPH_QUARANTINE_PREFIX):
                continue
            n += 1
            yield q

    ox.serialize(quads(), output=args.dump, format=ox.RdfFormat.N_QUADS)
    return {"quads": n, "bytes": os.path.getsize(args.dump)}


def worker_queries(args) -> dict:
    """p50/p95 of each canned query: SPARQL on our store (``--engine kg``), through the endpoint
    (``http``), on rdflib (``rdflib``); the canned answer as a user asks for it, from the answer
    tables when they hold it (``tables``: kg.query.answers.run_canned; ``http-tables``: GET
    /queries/NAME on the endpoint)."""
    import signal

    class Timeout(Exception):
        pass

    queries = _canned()
    t0 = time.perf_counter()
    if args.engine == "kg":
        from kg.query import run_sparql
        from kg.store import Store

        store = Store(args.store, read_only=True)

        from kg.errors import QueryTimeout

        def run(text):
            # the library's own time limit: a signal cannot stop Oxigraph's evaluation
            try:
                return len(run_sparql(store, text, timeout=args.timeout).rows)
            except QueryTimeout:
                raise Timeout() from None
    elif args.engine == "tables":
        from kg.query import canned_query
        from kg.query.answers import answer, run_canned
        from kg.store import Store

        store = Store(args.store, read_only=True)
        from_tables: dict[str, bool] = {}

        def run(case):
            name, params, page = case
            q = canned_query(name)
            if name + repr(params) not in from_tables:     # asked once, on the warm-up run
                from_tables[name + repr(params)] = answer(store, q, params, page) is not None
            return len(run_canned(store, q, params, page=page, timeout=args.timeout).rows)
    elif args.engine in ("http", "http-tables"):
        # the endpoint (`kg serve`, its own process) as a client uses it: POST /sparql, JSON back,
        # one keep-alive connection; the server's time limit is the run's
        import http.client
        import socket
        from urllib.parse import urlencode

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = subprocess.Popen([KG_CLI, "--store", str(args.store), "serve", "--port", str(port),
                                   "--timeout", str(args.timeout * 0.9), "--max-rows", "10000000"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=args.timeout + 30)
        for _ in range(600):
            try:
                conn.request("GET", "/health")
                conn.getresponse().read()
                break
            except OSError:
                conn.close()
                time.sleep(0.1)

        def run(text):
            try:
                if args.engine == "http":
                    conn.request("POST", "/sparql", body=urlencode({"query": text}),
                                 headers={"Content-Type": "application/x-www-form-urlencoded",
                                          "Accept": "application/sparql-results+json"})
                else:          # the canned query by name, as the endpoint's page asks for it
                    name, params, page = text
                    query = dict(params, **({"limit": page.limit, "offset": page.offset} if page else {}))
                    conn.request("GET", f"/queries/{name}?{urlencode(query)}",
                                 headers={"Accept": "application/sparql-results+json"})
                resp = conn.getresponse()
                body = resp.read()
            except BaseException:
                conn.close()          # a request cut short (the time limit): the next one reconnects
                raise
            if resp.status == 503:
                raise Timeout()
            if resp.status != 200:
                raise RuntimeError(f"HTTP {resp.status}: {body[:200]!r}")
            return len(json.loads(body)["results"]["bindings"])
    else:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(args.dump, format="nquads")

        def run(text):
            return len(list(ds.query(text)))
    load_s = time.perf_counter() - t0

    def on_alarm(*_):
        raise Timeout()

    signal.signal(signal.SIGALRM, on_alarm)
    out = {"load_s": load_s, "queries": {}}
    for name, sparql, qname, params, page in queries:
        text = (qname, params, page) if args.engine in ("tables", "http-tables") else sparql
        times, rows, timed_out, error = [], None, False, None
        budget_end = time.perf_counter() + args.budget
        for i in range(args.repeat + 1):              # run 0 is a warm-up
            signal.setitimer(signal.ITIMER_REAL, args.timeout)
            t = time.perf_counter()
            try:
                rows = run(text)
            except Timeout:
                timed_out = True
            except Exception as e:  # noqa: BLE001 - report, go on with the next query
                error = f"{type(e).__name__}: {e}"[:200]
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            dt = time.perf_counter() - t
            if timed_out or error:
                break
            if i > 0 or args.repeat == 0:
                times.append(dt)
            if time.perf_counter() > budget_end and len(times) >= 1:
                break
        times.sort()
        out["queries"][name] = {"runs": len(times), "rows": rows, "timed_out": timed_out, "error": error,
                                "timeout_s": args.timeout,
                                "p50_ms": 1000 * _pct(times, 50) if times else None,
                                "p95_ms": 1000 * _pct(times, 95) if times else None}
        if args.engine == "tables":
            out["queries"][name]["from_tables"] = from_tables.get(qname + repr(params))
    if args.engine == "http":
        server.terminate()
        server.wait(30)
    out.update(_rusage())
    return out


WORKERS = {"ingest": worker_ingest, "validate": worker_validate, "dump": worker_dump, "queries": worker_queries,
           "index": worker_index}


# =============================================================================== parent side

def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
            fields = stat[stat.rfind(")") + 2:].split()
            children.setdefault(int(fields[1]), []).append(int(d))
            rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 2**20


def run_child(cmd: list[str], *, json_out: bool = True, env: dict | None = None) -> dict:
    """Run a child process, sampling its tree's RSS; its last stdout line is JSON when ``json_out``."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            env={**os.environ, **(env or {})})
    peak = [0.0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_mb(proc.pid))
            done.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = proc.communicate()
    done.set()
    th.join()
    wall = time.perf_counter() - t
    res: dict = {"wall_s": wall, "returncode": proc.returncode, "peak_tree_rss_mb": peak[0]}
    if json_out:
        lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"{' '.join(cmd[:4])}... failed ({proc.returncode}): {stderr.strip()[-2000:]}")
        res.update(json.loads(lines[-1]))
    else:
        res["stdout_tail"] = stdout.strip().splitlines()[-1:] if stdout.strip() else []
        res["stderr_tail"] = stderr.strip().splitlines()[-3:] if stderr.strip() else []
    return res


def worker_cmd(name: str, **kw) -> list[str]:
    cmd = [PY, str(Path(__file__).resolve()), "--worker", name]
    for k, v in kw.items():
        if v is not None:
            cmd += [f"--{k.replace('_', '-')}", str(v)]
    return cmd


def lib_has_jobs() -> bool:
    from kg.pipeline import ingest

    return "jobs" in inspect.signature(ingest).parameters


def cli_has_jobs() -> bool:
    out = subprocess.run([KG_CLI, "ingest", "--help"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "COLUMNS": "200"})
    return "--jobs" in out.stdout


def machine() -> dict:
    from importlib.metadata import version

    def sh(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, shell=True).stdout.strip()
        except OSError:
            return ""

    mem = sh("awk '/MemTotal/ {print $2}' /proc/meminfo")
    return {
        "nproc": sh("nproc"), "cpu": sh("lscpu | sed -n 's/^Model name: *//p'"),
        "mem_gib": round(int(mem) / 2**20, 1) if mem.isdigit() else None,
        "python": platform.python_version(), "platform": platform.platform(),
        "pyoxigraph": version("pyoxigraph"), "rdflib": version("rdflib"), "pyshacl": version("pyshacl"),
        "spacy": version("spacy"),
        "git": sh(f"git -C {ROOT} rev-parse --short HEAD"),
        "git_dirty_kg": bool(sh(f"git -C {ROOT} status --porcelain -- kg queries shapes ontology data")),
        "loadavg_at_start": os.getloadavg(),
    }


# ----------------------------------------------------------------------------- one size

def bench_size(n: int, args, work: Path, modes: list[tuple[str, int]], log) -> dict:
    from generate import generate

    corpus = work / f"corpus-{n}"
    if not corpus.exists() or len(list(corpus.glob("*.txt"))) != n:
        shutil.rmtree(corpus, ignore_errors=True)
        generate(n, corpus, seed=args.seed)
    res: dict = {"articles": n, "ingest": {}}
    keep = work / f"store-{n}"
    lib_jobs, cli_jobs = lib_has_jobs(), cli_has_jobs()
    for kind, jobs in modes:
        key = f"{kind}:{jobs}"
        store = keep if (kind, jobs) == modes[0] else work / f"store-{n}-{kind}-{jobs}"
        shutil.rmtree(store, ignore_errors=True)
        if kind == "lib":
            if jobs != 1 and not lib_jobs:
                res["ingest"][key] = {"na": "kg.pipeline.ingest has no jobs parameter"}
                continue
            r = run_child(worker_cmd("ingest", store=store, corpus=corpus, jobs=jobs if lib_jobs else None))
            r["articles_per_s"] = n / r["ingest_s"]
        else:
            if jobs != 1 and not cli_jobs:
                res["ingest"][key] = {"na": "kg ingest has no --jobs option"}
                continue
            cmd = [KG_CLI, "--store", str(store), "ingest", "--no-progress", str(corpus)]
            if cli_jobs:
                cmd += ["--jobs", str(jobs)]
            r = run_child(cmd, json_out=False)
            r["articles_per_s"] = n / r["wall_s"]
        res["ingest"][key] = r
        log(f"  ingest {key}: {r['articles_per_s']:.1f} articles/s, peak RSS {r['peak_tree_rss_mb']:.0f} MB"
            + (f", {r.get('triples')} triples, {r.get('failed')} rejected" if kind == "lib" else
               f", exit {r['returncode']}"))
        if store != keep:
            shutil.rmtree(store, ignore_errors=True)
    first = res["ingest"][f"{modes[0][0]}:{modes[0][1]}"]
    res["triples"] = first.get("triples")
    res["rejected"] = first.get("failed")
    return res


def bench_validation(store: Path, args) -> dict:
    return run_child(worker_cmd("validate", store=store, sample=args.sample, passes=args.passes, seed=args.seed))


def bench_queries(n: int, store: Path, triples: int, args, work: Path, log) -> dict:
    out = {"kg": run_child(worker_cmd("queries", engine="kg", store=store, repeat=args.repeat,
                                      timeout=args.timeout, budget=args.budget))}
    log(f"  queries on kg: done ({out['kg']['wall_s']:.1f} s)")
    if not args.no_http:
        out["http"] = run_child(worker_cmd("queries", engine="http", store=store, repeat=args.repeat,
                                           timeout=args.timeout, budget=args.budget))
        log(f"  queries through the endpoint: done ({out['http']['wall_s']:.1f} s)")
    out["index"] = run_child(worker_cmd("index", store=store))
    log(f"  answer tables built in {out['index']['seconds']:.1f} s, peak RSS {out['index']['peak_tree_rss_mb']:.0f} MB")
    for engine in ("tables",) + (() if args.no_http else ("http-tables",)):
        out[engine] = run_child(worker_cmd("queries", engine=engine, store=store, repeat=args.repeat,
                                           timeout=args.timeout, budget=args.budget))
        log(f"  canned queries, answer tables ({engine}): done ({out[engine]['wall_s']:.1f} s)")
    if args.skip_baseline_above and triples and triples > args.skip_baseline_above:
        out["rdflib"] = {"skipped": f"{triples} triples > --skip-baseline-above {args.skip_baseline_above}"}
        return out
    dump = work / f"dump-{n}.nq"
    d = run_child(worker_cmd("dump", store=store, dump=dump))
    r = run_child(worker_cmd("queries", engine="rdflib", dump=dump, repeat=args.repeat,
                             timeout=args.timeout, budget=args.budget))
    r["dump"] = d
    out["rdflib"] = r
    log(f"  queries on rdflib: loaded {d['quads']} quads in {r['load_s']:.0f} s, peak RSS "
        f"{r['peak_tree_rss_mb']:.0f} MB ({r['wall_s']:.0f} s in all)")
    dump.unlink(missing_ok=True)
    return out


# ----------------------------------------------------------------------------- tables

def _f(x, spec=".1f", none="n/a"):
    return none if x is None else format(x, spec)


def _table(header: list[str], rows: list[list[str]]) -> str:
    w = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = lambda r: "| " + " | ".join(c.rjust(w[i]) if i else c.ljust(w[i]) for i, c in enumerate(r)) + " |"  # noqa: E731
    return "\n".join([line(header), "|" + "|".join("-" * (x + 2) for x in w) + "|"] + [line(r) for r in rows])


def _qtime(q: dict | None, key: str) -> str:
    if q is None:
        return "n/a"
    if q.get("timed_out"):
        return f"> {q['timeout_s']:g} s"
    if q.get("error"):
        return "error"
    v = q.get(key)
    return "n/a" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def tables(results: dict) -> str:
    sizes = results["sizes"]
    modes = results["modes"]
    out = []
    hdr = ["articles", "triples"] + [f"{m} art/s" for m in modes] + ["CPU ms/art (1st)", "peak RSS MB", "rejected"]
    rows = []
    for s in sizes:
        ing = s.get("ingest", {})
        first = ing.get(modes[0], {})
        cpu = None
        if "cpu_self_s" in first:
            cpu = 1000 * (first["cpu_self_s"] + first.get("cpu_children_s", 0)) / s["articles"]
        peak = max([r.get("peak_tree_rss_mb", 0) for r in ing.values() if isinstance(r, dict)] + [0])
        rows.append([f"{s['articles']:,}", f"{s['triples']:,}" if s.get("triples") else "?"]
                    + [_f(ing.get(m, {}).get("articles_per_s")) for m in modes]
                    + [_f(cpu, ".0f"), f"{peak:.0f}", str(s.get("rejected", "?"))])
    out.append("Ingest (end to end with validation; lib = kg.pipeline.ingest() call, cli = whole `kg ingest` "
               "process)\n\n" + _table(hdr, rows))
    vrows = []
    for v in results.get("validation", []):
        vrows.append([f"{v['store_articles']:,}", f"{v.get('store_triples') or 0:,}", _f(v["ms_p50"]),
                      _f(v["ms_p95"]), _f(v["ms_mean"]), _f(v["cpu_ms_p50"]), str(v["articles"])])
    out.append("Per-article validation (validate_article_graph, held-out sample, best of passes)\n\n"
               + _table(["store articles", "store triples", "p50 ms", "p95 ms", "mean ms", "CPU p50 ms", "sample"],
                        vrows))
    for s in sizes:
        q = s.get("queries")
        if not q:
            continue
        ours, base = q["kg"]["queries"], q.get("rdflib", {}).get("queries")
        http = q.get("http", {}).get("queries") or {}
        tab = q.get("tables", {}).get("queries") or {}
        htab = q.get("http-tables", {}).get("queries") or {}

        def speed(b, o):
            if not (b and o and o.get("p50_ms")):
                return "n/a"
            if b.get("timed_out"):
                return f"> {b['timeout_s'] * 1000 / o['p50_ms']:.0f}x"
            return f"{b['p50_ms'] / o['p50_ms']:.1f}x" if b.get("p50_ms") else "n/a"

        def per_row(o):
            return f"{1000 * o['p50_ms'] / o['rows']:.1f}" if o and o.get("p50_ms") and o.get("rows") else "n/a"

        qrows = []
        for name in sorted(ours):
            o, b, h, t, ht = ours[name], (base or {}).get(name), http.get(name), tab.get(name), htab.get(name)
            how = "" if not t else (" (tables)" if t.get("from_tables") else " (SPARQL)")
            qrows.append([name, str(o.get("rows")), _qtime(o, "p50_ms"), _qtime(o, "p95_ms"), per_row(o),
                          _qtime(h, "p50_ms"), _qtime(t, "p50_ms") + how, per_row(t), _qtime(ht, "p50_ms"),
                          _qtime(b, "p50_ms"), speed(b, o), speed(b, t), str(b.get("runs")) if b else "-"])
        note = q.get("rdflib", {}).get("skipped") or ""
        load = q.get("rdflib", {}).get("load_s")
        ix = q.get("index")
        out.append(f"Canned queries at {s['articles']:,} articles ({s.get('triples') or 0:,} triples): ms"
                   + (f"; rdflib load {load:.0f} s" if load else "") + (f"; rdflib {note}" if note else "")
                   + (f"; answer tables built in {ix['seconds']:.1f} s ({ix['bytes'] / 1e6:.0f} MB, peak RSS "
                      f"{ix['peak_tree_rss_mb']:.0f} MB)" if ix and "seconds" in ix else "") + "\n\n"
                   + _table(["query", "rows", "SPARQL p50", "SPARQL p95", "µs/row", "HTTP SPARQL p50",
                             "canned p50", "µs/row", "HTTP canned p50", "rdflib p50", "rdflib/SPARQL",
                             "rdflib/canned", "rdflib runs"], qrows))
    return "\n\n".join(out)


# ----------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000,10000", help="corpus sizes, comma-separated")
    ap.add_argument("--target-triples", type=int, default=0,
                    help="also benchmark the size that gives about this many triples (e.g. 1000000)")
    ap.add_argument("--modes", default="lib:1,lib:2,cli:1,cli:2",
                    help="ingest runs per size: lib:J (library call) and cli:J (kg ingest); the first one's store "
                         "is the one validated and queried")
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per query (after one warm-up)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before one query run is abandoned")
    ap.add_argument("--budget", type=float, default=120.0, help="seconds of runs per query before stopping early")
    ap.add_argument("--skip-baseline-above", type=int, default=0, metavar="TRIPLES",
                    help="no rdflib baseline for stores with more triples than this (0: never skip)")
    ap.add_argument("--validation-at", default="10", help="extra store sizes for the validation benchmark")
    ap.add_argument("--sample", type=int, default=40, help="held-out articles in the validation sample")
    ap.add_argument("--passes", type=int, default=3, help="validation passes over the sample")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/kg-bench"))
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    ap.add_argument("--keep", action="store_true", help="keep the stores and corpora in --workdir")
    ap.add_argument("--no-http", action="store_true", help="do not time the queries through the HTTP endpoint")
    ap.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    for k in ("store", "corpus", "dump", "engine"):
        ap.add_argument(f"--{k}", help=argparse.SUPPRESS)
    ap.add_argument("--jobs", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        print(json.dumps(WORKERS[args.worker](args), default=str), flush=True)
        return 0

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    modes = [(m.split(":")[0], int(m.split(":")[1])) for m in args.modes.split(",")]
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": machine(), "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]),
                     "args": {k: str(v) for k, v in vars(args).items() if k not in ("worker",)},
                     "modes": [f"{k}:{j}" for k, j in modes], "lib_has_jobs": lib_has_jobs(),
                     "cli_has_jobs": cli_has_jobs(), "sizes": [], "validation": []}
    log(f"machine: {results['machine']['nproc']} cores, {results['machine']['cpu']}, load {os.getloadavg()}")

    def save():
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1, default=str) + "\n")

    # validation at small stores (10 articles) first
    from generate import generate

    extra = [int(x) for x in args.validation_at.split(",") if x.strip()]
    for n in extra:
        corpus, store = work / f"corpus-{n}", work / f"store-{n}"
        shutil.rmtree(corpus, ignore_errors=True)
        shutil.rmtree(store, ignore_errors=True)
        generate(n, corpus, seed=args.seed)
        ing = run_child(worker_cmd("ingest", store=store, corpus=corpus))
        v = bench_validation(store, args)
        v.update(store_articles=n, store_triples=ing["triples"])
        results["validation"].append(v)
        log(f"validation at {n} articles: p50 {v['ms_p50']:.1f} ms, p95 {v['ms_p95']:.1f} ms")
        save()

    todo = list(sizes)
    target_added = False
    while todo:
        n = todo.pop(0)
        log(f"size {n}: ingest ({', '.join(f'{k}:{j}' for k, j in modes)})")
        t = time.perf_counter()
        res = bench_size(n, args, work, modes, log)
        store = work / f"store-{n}"
        v = bench_validation(store, args)
        v.update(store_articles=n, store_triples=res["triples"])
        results["validation"].append(v)
        log(f"  validation at {n} articles: p50 {v['ms_p50']:.1f} ms, p95 {v['ms_p95']:.1f} ms")
        res["queries"] = bench_queries(n, store, res["triples"] or 0, args, work, log)
        res["seconds"] = time.perf_counter() - t
        results["sizes"].append(res)
        results["sizes"].sort(key=lambda s: s["articles"])
        results["validation"].sort(key=lambda v: v["store_articles"])
        if args.target_triples and not target_added and res["triples"]:
            small = [v for v in results["validation"] if v["store_articles"] < n]
            if small:
                per = (res["triples"] - small[0]["store_triples"]) / (n - small[0]["store_articles"])
            else:
                per = res["triples"] / n
            static = res["triples"] - per * n
            want = int(round((args.target_triples - static) / per, -2))
            if want not in sizes and want > 0:
                todo.append(want)
                todo.sort()
                log(f"  ~{args.target_triples:,} triples needs about {want:,} articles "
                    f"({per:.0f} triples/article): added")
            target_added = True
        if not args.keep:
            shutil.rmtree(store, ignore_errors=True)
        save()
        print(tables(results) + "\n", file=sys.stderr, flush=True)
    results["loadavg_at_end"] = os.getloadavg()
    save()
    print(tables(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
