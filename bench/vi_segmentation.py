"""Vietnamese word segmentation: pyvi (what spaCy's ``vi`` language class uses) against syllables.

Our rules read syllables through the language pack and the gazetteer, so segmentation would be
paid on every article for what it gives: compounds such as ``bàn_giao`` (hand over) kept apart
from ``giao`` (assign). This prints the time per article of each and how pyvi segments the forms
the rules need, on the Vietnamese challenge articles and the Vietnamese sample.

    pip install pyvi            # not a dependency of kg
    python bench/vi_segmentation.py [--articles DIR]
"""
from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMS = ["Bộ Tài chính", "Ủy ban nhân dân tỉnh Phú Thọ", "Phó Thủ tướng Nguyễn Hòa Bình", "các bộ, ngành, địa phương",
         "bàn giao trụ sở dôi dư", "giao Bộ Nội vụ chủ trì", "Sở Nội vụ tỉnh Phú Thọ", "chủ trì hội nghị"]


def _time(fn, texts, repeat=5):
    ts = []
    for _ in range(repeat):
        for t in texts:
            a = time.perf_counter()
            fn(t)
            ts.append((time.perf_counter() - a) * 1000)
    ts.sort()
    return statistics.fmean(ts), ts[int(len(ts) * 0.95)]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=Path, default=ROOT.parent / "shared" / "eval" / "challenge" / "articles")
    args = ap.parse_args(argv)
    try:
        from pyvi import ViTokenizer
    except ImportError:
        print("pyvi is not installed (pip install pyvi); nothing measured")
        return 2
    files = sorted(args.articles.glob("*_vi_*.txt")) + sorted((ROOT / "data" / "articles").glob("*_vi_*.txt"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    if not texts:
        print("no Vietnamese articles found")
        return 2
    for t in texts:
        ViTokenizer.tokenize(t)
    chars = statistics.fmean(len(t) for t in texts)
    pm, pp = _time(ViTokenizer.tokenize, texts)
    sm, sp = _time(lambda t: re.findall(r"\S+", t), texts)
    print(f"{len(texts)} Vietnamese articles, {chars:.0f} characters on average\n")
    print("| segmentation | ms mean | ms p95 | ms per 1,000 characters |")
    print("|---|---|---|---|")
    print(f"| pyvi ViTokenizer (spaCy vi) | {pm:.2f} | {pp:.2f} | {pm * 1000 / chars:.2f} |")
    print(f"| syllables (white space) | {sm:.3f} | {sp:.3f} | {sm * 1000 / chars:.3f} |")
    print()
    for form in FORMS:
        print(f"{form!r:40} -> {ViTokenizer.tokenize(form)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
