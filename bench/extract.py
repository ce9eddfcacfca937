"""Extraction time per article, against a baseline revision, in one run.

Generates the synthetic corpus of ``bench/generate.py`` (the same one ``bench/run.py`` ingests),
reads every article once, then times ``kg.extract.extract`` per article (after a warm-up pass)
for this checkout and for a baseline git revision checked out in a temporary worktree; each side
runs in its own process, so neither imports the other's code. Prints mean, p50 and p95 ms per
article, facts per article, and the ratio this/baseline.

    python bench/extract.py --n 300 --baseline 57fb329

The goal (issue 12) is at most 15 ms an article on this corpus.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _measure(corpus: Path, repeat: int) -> dict:
    """Runs inside the process of one revision (its ``kg`` first on sys.path)."""
    from kg.extract import extract
    from kg.sources import read_article

    arts = [read_article(p) for p in sorted(corpus.glob("*.txt"))]
    for a in arts[: min(20, len(arts))]:
        extract(a)                      # warm-up: packs, gazetteer, spaCy pipeline
    times, facts = [], 0
    for _ in range(repeat):
        for a in arts:
            t0 = time.perf_counter()
            ex = extract(a)
            times.append((time.perf_counter() - t0) * 1000)
            facts += len(ex.tasks) + len(ex.figures) + len(ex.meetings) + len(ex.documents) + len(ex.entities)
    times.sort()
    return {"articles": len(arts), "mean_ms": statistics.fmean(times), "p50_ms": times[len(times) // 2],
            "p95_ms": times[int(len(times) * 0.95)], "facts_per_article": facts / (len(arts) * repeat)}


def _run_side(src: Path, corpus: Path, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))   # this revision's kg before the installed one
    out = subprocess.run([sys.executable, __file__, "--measure", str(corpus), "--repeat", str(repeat)],
                         env=env, cwd=src, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="synthetic articles (default 300)")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the corpus (default 1)")
    ap.add_argument("--baseline", default=None, help="git revision to compare with (default: none)")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(_measure(args.measure, args.repeat)))
        return 0
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate(args.n, corpus)
        rows = [("this checkout", _run_side(ROOT, corpus, args.repeat))]
        if args.baseline:
            wt = Path(tmp) / "baseline"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(wt), args.baseline],
                           check=True)
            try:
                rows.append((f"baseline {args.baseline}", _run_side(wt, corpus, args.repeat)))
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)], check=False)
    print(f"extraction on {args.n} synthetic articles x {args.repeat} (bench/generate.py)\n")
    print("| code | mean ms | p50 ms | p95 ms | facts/article |")
    print("|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['mean_ms']:.2f} | {r['p50_ms']:.2f} | {r['p95_ms']:.2f} | {r['facts_per_article']:.1f} |")
    if len(rows) == 2:
        print(f"\nratio this/baseline (mean): {rows[0][1]['mean_ms'] / rows[1][1]['mean_ms']:.2f}")
    goal = rows[0][1]["mean_ms"] <= 15
    print(f"goal <= 15 ms an article: {'met' if goal else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
