"""The benchmark's corpus generator and runner work (what they measure is read in BENCHMARKS.md, not asserted)."""
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import extract as bench_extract  # noqa: E402
from generate import Article, generate  # noqa: E402

VI_LETTERS = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư")
NAME = re.compile(r"\d{5}_[0-9a-f]{16}\.txt")


def _langs(n: int, seed: int, fr_share: float = 0.4, vi_share: float = 0.2) -> list[str]:
    return [Article(i, seed, fr_share, vi_share).lang for i in range(n)]


def _vi_paths(tmp_path, n: int = 40, seed: int = 5) -> list[Path]:
    paths = generate(n, tmp_path / "vi", seed=seed, vi_share=0.5)
    vi = [p for p, lang in zip(paths, _langs(n, seed, 0.4, 0.5)) if lang == "vi"]
    assert len(vi) >= 5
    return vi


def _read_vi(path: Path):
    """``read_article`` of a Vietnamese article; skips while ``kg.sources`` refuses Vietnamese."""
    from kg.errors import UnsupportedLanguage
    from kg.sources import read_article

    try:
        return read_article(path)
    except UnsupportedLanguage as e:
        pytest.skip(f"kg.sources.read_article refuses Vietnamese ({e}); this test turns on by itself "
                    f"once the Vietnamese language pack lands (issue 13)")


def test_bench_generator_is_deterministic_and_prefix_stable(tmp_path):
    a = generate(6, tmp_path / "a", seed=3)
    b = generate(4, tmp_path / "b", seed=3)
    assert [p.name for p in a[:4]] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    assert generate(6, tmp_path / "c", seed=4)[0].read_bytes() != a[0].read_bytes()


def test_bench_sources_of_one_date_mostly_report_the_same_figures():
    from datetime import date

    d = date(2025, 9, 1)
    draws = [Article(i, 3, 0.4, 0.2).world("quit", d).randint(0, 10**9) for i in range(300)]
    same = max(set(draws), key=draws.count)
    # one value for the date, and the week before's from about one source in ten: pairs of differing
    # values stay few however many sources there are (a value per article made them quadratic)
    assert len(set(draws)) == 2 and 0.8 < draws.count(same) / len(draws) < 0.97
    assert Article(0, 4, 0.4).world("quit", d).randint(0, 10**9) not in draws     # another corpus


def test_bench_generator_is_deterministic_with_vietnamese(tmp_path):
    a = generate(30, tmp_path / "a", seed=3)
    b = generate(30, tmp_path / "b", seed=3)
    c = generate(30, tmp_path / "c", seed=3, start=20)        # article i depends only on seed and i
    langs = _langs(30, 3)
    assert {"en", "fr", "vi"} <= set(langs)
    assert [x.read_bytes() for x in a] == [y.read_bytes() for y in b]
    assert [x.read_bytes() for x in a[20:]] == [y.read_bytes() for y in c]


def test_bench_vietnamese_share_leaves_the_other_articles_as_they_were(tmp_path):
    """Adding Vietnamese turns some English articles into Vietnamese ones; every other file is unchanged."""
    with_vi = generate(60, tmp_path / "vi", seed=9)
    without = generate(60, tmp_path / "novi", seed=9, vi_share=0.0)
    langs, langs0 = _langs(60, 9), _langs(60, 9, vi_share=0.0)
    assert "vi" not in langs0 and langs.count("vi") >= 5
    assert [p.name for p in with_vi] == [p.name for p in without]
    for p, q, lang, lang0 in zip(with_vi, without, langs, langs0):
        if lang == "vi":
            assert lang0 == "en"
        else:
            assert lang == lang0 and p.read_bytes() == q.read_bytes(), p.name
    assert _langs(200, 9, 0.3, 0.7).count("en") == 0
    with pytest.raises(ValueError):
        generate(1, tmp_path / "bad", fr_share=0.5, vi_share=0.6)


def test_bench_vietnamese_article_is_nfc_with_diacritics_and_named_like_the_others(tmp_path):
    from kg.sources import detect_language

    for p in _vi_paths(tmp_path):
        text = p.read_text(encoding="utf-8")
        assert NAME.fullmatch(p.name)
        assert unicodedata.is_normalized("NFC", text)
        assert sum(c in VI_LETTERS for c in text.lower()) > 0.03 * len(text)
        assert detect_language(text) == "vi"
        title, byline, blank = text.split("\n")[:3]
        assert title and not title.endswith(".") and re.search(r"\d\d?/\d\d?/2025", byline) and blank == ""
    # people come from the reference data with their Vietnamese spelling
    joined = "".join(p.read_text(encoding="utf-8") for p in _vi_paths(tmp_path))
    assert "Phạm Minh Chính" in joined or "Phó Thủ tướng" in joined
    assert "Pham Minh Chinh" not in joined


def test_bench_generated_articles_go_through_the_pipeline(tmp_path):
    from kg.pipeline import ingest
    from kg.store import Store

    paths = generate(12, tmp_path / "corpus", seed=11, vi_share=0.0)      # English and French
    report = ingest(Store(), [tmp_path / "corpus"])
    assert report.ok and len(report.ingested) == len(paths)
    assert report.facts.get("figures", 0) > 12 and report.facts.get("tasks", 0) > 0


def test_bench_vietnamese_articles_read_and_yield_tasks_and_figures(tmp_path):
    from kg.extract import extract

    vi = _vi_paths(tmp_path)
    tasks = figures = 0
    for i, p in enumerate(vi):
        art = _read_vi(p)
        assert art.lang == "vi"
        index = int(p.name[:5])
        assert art.date == Article(index, 5, 0.4, 0.5).date.isoformat()      # the byline's date
        ex = extract(art)
        tasks += len(ex.tasks)
        figures += len(ex.figures)
        if i == 0:
            assert ex.figures, p.read_text(encoding="utf-8")
    assert tasks >= 1 and figures >= len(vi)


def test_bench_extract_report_breaks_down_by_language_and_skips_what_a_baseline_cannot_read():
    ids = {"00000_a": "en", "00001_b": "fr", "00002_c": "vi", "00003_d": "vi"}
    this = {"articles": {i: {"lang": lang, "ms": [10.0 + k], "facts": 30} for k, (i, lang) in enumerate(ids.items())},
            "failed": {}}
    base = {"articles": {i: {"lang": lang, "ms": [8.0], "facts": 30} for i, lang in ids.items() if lang != "vi"},
            "failed": {i: {"stage": "read", "error": "UnsupportedLanguage: the text is in Vietnamese"}
                       for i, lang in ids.items() if lang == "vi"}}
    text = bench_extract.report([("this checkout", this), ("baseline X", base)], ids)
    assert "| this checkout | vi | 2/2 | 12.50 |" in text
    assert "| baseline X | vi | 0/2 | skipped" in text
    assert "baseline X, vi: 2 of 2 articles left out (could not read)" in text
    assert "(2 of 4 articles both measured): 1.31" in text          # (10 + 11) / 2 / 8
    assert "goal <= 20 ms a vi article: met" in text
    # a baseline that takes Vietnamese for English is left out the same way
    base["articles"]["00002_c"] = {"lang": "en", "ms": [1.0], "facts": 0}
    text = bench_extract.report([("this checkout", this), ("baseline X", base)], ids)
    assert "| baseline X | vi | 0/2 | skipped" in text and "read as another language" in text


def test_bench_extract_prints_per_language_rows(tmp_path):
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "extract.py"), "--n", "8", "--fr-share", "0.3",
                           "--vi-share", "0.3"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for lang in ("en", "fr", "vi"):
        assert f"| this checkout | {lang} |" in proc.stdout
    assert "goal <= 20 ms a vi article:" in proc.stdout


def test_bench_runner_prints_every_table(tmp_path):
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "3", "--modes", "lib:1",
                           "--repeat", "1", "--timeout", "10", "--budget", "2", "--validation-at", "",
                           "--sample", "2", "--passes", "1", "--workdir", str(tmp_path / "w"), "--out", str(out)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for title in ("Ingest", "Per-article validation", "Canned queries at 3 articles"):
        assert title in proc.stdout
    res = json.loads(out.read_text())
    queries = res["sizes"][0]["queries"]
    assert set(queries["kg"]["queries"]) == set(queries["rdflib"]["queries"]) == set(queries["http"]["queries"])
    assert {"tasks assignee=…", "tasks", "tasks page 1", "conflicts indicator=…"} <= set(queries["kg"]["queries"])
    for case, q in queries["kg"]["queries"].items():   # the endpoint gives the library's rows
        assert q["error"] is None and queries["http"]["queries"][case]["rows"] == q["rows"], case
        # and the canned answers, from the answer tables where they hold them, the same number
        for engine in ("tables", "http-tables"):
            assert queries[engine]["queries"][case]["rows"] == q["rows"], (engine, case)
    assert queries["tables"]["queries"]["tasks assignee=…"]["from_tables"] is True
    assert queries["tables"]["queries"]["conflicts indicator=…"]["from_tables"] is True
    assert queries["tables"]["queries"]["documents type=…"]["from_tables"] is True       # a key by a column
    assert queries["index"]["seconds"] > 0
    assert res["sizes"][0]["ingest"]["lib:1"]["ingested"] == 3
