"""The benchmark's corpus generator and runner work (what they measure is read in BENCHMARKS.md, not asserted)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402


def test_bench_generator_is_deterministic_and_prefix_stable(tmp_path):
    a = generate(6, tmp_path / "a", seed=3)
    b = generate(4, tmp_path / "b", seed=3)
    assert [p.name for p in a[:4]] == [p.name for p in b]
    assert all(x.read_bytes() == y.read_bytes() for x, y in zip(a, b))
    assert generate(6, tmp_path / "c", seed=4)[0].read_bytes() != a[0].read_bytes()


def test_bench_generated_articles_go_through_the_pipeline(tmp_path):
    from kg.pipeline import ingest
    from kg.store import Store

    paths = generate(12, tmp_path / "corpus", seed=11)
    report = ingest(Store(), [tmp_path / "corpus"])
    assert report.ok and len(report.ingested) == len(paths)
    assert report.facts.get("figures", 0) > 12 and report.facts.get("tasks", 0) > 0


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
    assert set(queries["kg"]["queries"]) == set(queries["rdflib"]["queries"]) and len(queries["kg"]["queries"]) >= 8
    assert res["sizes"][0]["ingest"]["lib:1"]["ingested"] == 3
