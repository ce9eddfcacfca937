"""Extraction time per article, against a baseline revision, in one run.

Generates the synthetic corpus of ``bench/generate.py`` (the same one ``bench/run.py`` ingests),
reads every article once, then times ``kg.extract.extract`` per article (after a warm-up pass)
for this checkout and for a baseline git revision checked out in a temporary worktree; each side
runs in its own process, so neither imports the other's code. Prints mean, p50 and p95 ms per
article, facts per article, and the ratio this/baseline, for the whole corpus and per language
(en, fr, vi: the language the generator wrote the article in).

An article that a side cannot read (a baseline from before Vietnamese refuses ``vi``) or cannot
extract is left out of that side's numbers and counted, with the first error, under the table;
a language with no article measured has its row marked "skipped". The ratio compares the
articles both sides measured.

    python bench/extract.py --n 300 --baseline 57fb329 [--vi-share 0.2]

The goals are at most 15 ms an article on this corpus (issue 12) and at most 20 ms a Vietnamese
article (issue 13).
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
LANGS = ("en", "fr", "vi")
GOAL_MS = 15
GOAL_LANG_MS = {"vi": 20}


def _measure(corpus: Path, repeat: int) -> dict:
    """Runs inside the process of one revision (its ``kg`` first on sys.path).

    Returns, per article id, its detected language, its times (ms, one a pass) and facts; and,
    per article id that could not be read or extracted, the stage and the error.
    """
    from kg.extract import extract
    from kg.sources import read_article

    failed: dict[str, dict] = {}
    arts = []
    for p in sorted(corpus.glob("*.txt")):
        try:
            arts.append(read_article(p))
        except Exception as e:                      # noqa: BLE001 - a baseline may refuse a language
            failed[p.stem] = {"stage": "read", "error": f"{type(e).__name__}: {e}"}

    def run(a):
        try:
            return extract(a)
        except Exception as e:                      # noqa: BLE001 - reported, not fatal
            failed[a.id] = {"stage": "extract", "error": f"{type(e).__name__}: {e}"}
            return None

    # warm-up: packs, gazetteer, spaCy pipeline; the first articles and a few of every language
    seen: dict[str, int] = {}
    for i, a in enumerate(arts):
        seen[a.lang] = seen.get(a.lang, 0) + 1
        if i < 20 or seen[a.lang] <= 3:
            run(a)
    arts = [a for a in arts if a.id not in failed]
    out: dict[str, dict] = {a.id: {"lang": a.lang, "ms": [], "facts": 0} for a in arts}
    for _ in range(repeat):
        for a in arts:
            if a.id in failed:
                continue
            t0 = time.perf_counter()
            ex = run(a)
            ms = (time.perf_counter() - t0) * 1000
            if ex is None:
                out.pop(a.id, None)
                continue
            out[a.id]["ms"].append(ms)
            out[a.id]["facts"] += (len(ex.tasks) + len(ex.figures) + len(ex.meetings) + len(ex.documents)
                                   + len(ex.entities))
    return {"articles": out, "failed": failed}


def _stats(side: dict, ids) -> dict | None:
    """mean/p50/p95 ms and facts per article over the measured articles among ``ids``."""
    arts = side["articles"]
    got = [arts[i] for i in ids if i in arts]
    times = sorted(t for a in got for t in a["ms"])
    if not times:
        return None
    return {"articles": len(got), "mean_ms": statistics.fmean(times), "p50_ms": times[len(times) // 2],
            "p95_ms": times[int(len(times) * 0.95)],
            "facts_per_article": sum(a["facts"] for a in got) / len(times)}


def _run_side(src: Path, corpus: Path, repeat: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))   # this revision's kg before the installed one
    out = subprocess.run([sys.executable, __file__, "--measure", str(corpus), "--repeat", str(repeat)],
                         env=env, cwd=src, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"measuring {src} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _fmt(r: dict | None) -> list[str]:
    if r is None:
        return ["-"] * 4
    return [f"{r['mean_ms']:.2f}", f"{r['p50_ms']:.2f}", f"{r['p95_ms']:.2f}", f"{r['facts_per_article']:.1f}"]


def report(sides: list[tuple[str, dict]], lang_of: dict[str, str], passes: str = "1") -> str:
    """The tables: whole corpus, then per language; notes on articles left out; ratios; goals.

    ``sides`` are (name, ``_measure`` result), this checkout first; ``lang_of`` maps an article id
    to the language it was written in.
    """
    lines: list[str] = []

    def out(text: str = "") -> None:
        lines.append(text)

    # an article a side read as another language (a baseline without Vietnamese may take it for
    # English) is left out of that side's numbers, like one it could not read
    checked = []
    for name, side in sides:
        arts, failed = dict(side["articles"]), dict(side["failed"])
        for i, a in list(arts.items()):
            if i in lang_of and a["lang"] != lang_of[i]:
                failed[i] = {"stage": "lang", "error": f"{i} read as {a['lang']!r}, written in {lang_of[i]!r}"}
                del arts[i]
        checked.append((name, {"articles": arts, "failed": failed}))
    sides = checked

    by_lang = {lang: [i for i, l in lang_of.items() if l == lang] for lang in LANGS}
    counts = ", ".join(f"{len(by_lang[lang])} {lang}" for lang in LANGS)
    out(f"extraction on {len(lang_of)} synthetic articles ({counts}) x {passes}\n")
    all_ids = list(lang_of)
    out("| code | articles | mean ms | p50 ms | p95 ms | facts/article |")
    out("|---|---|---|---|---|---|")
    for name, side in sides:
        r = _stats(side, all_ids)
        out(_row([name, f"{r['articles'] if r else 0}/{len(all_ids)}"] + _fmt(r)))

    out("\nper language (ms per article)\n")
    out("| code | lang | articles | mean ms | p50 ms | p95 ms | facts/article |")
    out("|---|---|---|---|---|---|---|")
    notes = []
    for name, side in sides:
        for lang in LANGS:
            ids = by_lang[lang]
            if not ids:
                continue
            r = _stats(side, ids)
            cells = [name, lang, f"{r['articles'] if r else 0}/{len(ids)}"]
            if r is None:
                out(_row(cells + ["skipped (see below)"] + [""] * 3))
            else:
                out(_row(cells + _fmt(r)))
            fails = [side["failed"][i] for i in ids if i in side["failed"]]
            if fails:
                stages = sorted({f["stage"] for f in fails})
                what = {"read": "could not read", "extract": "could not extract", "lang": "read as another language"}
                notes.append(f"- {name}, {lang}: {len(fails)} of {len(ids)} articles left out "
                             f"({' / '.join(what[s] for s in stages)}); first error: {fails[0]['error'][:300]}")
    if notes:
        out("\n" + "\n".join(notes))

    this = sides[0][1]
    if len(sides) == 2:
        base = sides[1][1]
        common = [i for i in all_ids if i in this["articles"] and i in base["articles"]]
        a, b = _stats(this, common), _stats(base, common)
        if a and b:
            left = "" if len(common) == len(all_ids) else f" ({len(common)} of {len(all_ids)} articles both measured)"
            out(f"\nratio this/baseline (mean){left}: {a['mean_ms'] / b['mean_ms']:.2f}")
            for lang in LANGS:
                ids = [i for i in common if lang_of[i] == lang]
                a, b = _stats(this, ids), _stats(base, ids)
                if a and b:
                    out(f"  {lang}: {a['mean_ms'] / b['mean_ms']:.2f}")
    r = _stats(this, all_ids)
    missing = len(all_ids) - (r["articles"] if r else 0)
    if r is None:
        out(f"\ngoal <= {GOAL_MS} ms an article: not measured (no article extracted)")
    else:
        verdict = "met" if r["mean_ms"] <= GOAL_MS else "MISSED"
        out(f"\ngoal <= {GOAL_MS} ms an article: {verdict}"
              + (f" (on the {r['articles']} articles extracted; {missing} left out)" if missing else ""))
    for lang, goal in GOAL_LANG_MS.items():
        ids = by_lang[lang]
        if not ids:
            continue
        r = _stats(this, ids)
        if r is None:
            out(f"goal <= {goal} ms a {lang} article: not measured (no {lang} article extracted)")
        else:
            left = len(ids) - r["articles"]
            out(f"goal <= {goal} ms a {lang} article: {'met' if r['mean_ms'] <= goal else 'MISSED'}"
                  + (f" ({left} of {len(ids)} left out)" if left else ""))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=300, help="synthetic articles (default 300)")
    ap.add_argument("--repeat", type=int, default=1, help="passes over the corpus (default 1)")
    ap.add_argument("--baseline", default=None, help="git revision to compare with (default: none)")
    ap.add_argument("--seed", type=int, default=7, help="corpus seed (default 7)")
    ap.add_argument("--fr-share", type=float, default=0.4, help="share of French articles (default 0.4)")
    ap.add_argument("--vi-share", type=float, default=None,
                    help="share of Vietnamese articles (default: bench/generate.py's, 0.2)")
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.measure:
        print(json.dumps(_measure(args.measure, args.repeat)))
        return 0
    sys.path.insert(0, str(ROOT / "bench"))
    from generate import VI_SHARE, Article, generate

    vi_share = VI_SHARE if args.vi_share is None else args.vi_share
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        paths = generate(args.n, corpus, seed=args.seed, fr_share=args.fr_share, vi_share=vi_share)
        # the language each article was written in, from the generator (not from either side's detection)
        lang_of = {p.stem: Article(i, args.seed, args.fr_share, vi_share).lang for i, p in enumerate(paths)}
        sides = [("this checkout", _run_side(ROOT, corpus, args.repeat))]
        if args.baseline:
            wt = Path(tmp) / "baseline"
            subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(wt), args.baseline],
                           check=True)
            try:
                sides.append((f"baseline {args.baseline}", _run_side(wt, corpus, args.repeat)))
            finally:
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)], check=False)

    print(report(sides, lang_of, f"{args.repeat} (bench/generate.py, seed {args.seed})"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
