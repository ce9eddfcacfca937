"""kg dump and kg load give back an isomorphic dataset; a broken dump changes nothing."""
from pathlib import Path

import pyoxigraph as ox

from kg.cli import app

ARTICLE = Path(__file__).resolve().parents[2] / "data" / "articles" / "001_9bb11e9ea168d04b.txt"


def _dataset(store_dir) -> ox.Dataset:
    from kg.store import Store

    ds = ox.Dataset(list(Store(store_dir, read_only=True).quads()))
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return ds


def test_dump_load_roundtrip_is_isomorphic(runner, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert runner.invoke(app, ["--store", str(a), "ingest", str(ARTICLE)]).exit_code == 0
    for fmt, name in (("nquads", "d.nq"), ("trig", "d.trig")):
        dump = tmp_path / name
        r = runner.invoke(app, ["--store", str(a), "dump", "-o", str(dump), "-f", fmt])
        assert r.exit_code == 0, r.stderr
        target = tmp_path / f"b-{fmt}"
        r = runner.invoke(app, ["--store", str(target), "load", str(dump)])
        assert r.exit_code == 0, r.stderr
        assert set(_dataset(a)) == set(_dataset(target))
    assert b.exists() is False


def test_load_broken_dump_changes_nothing(runner, tmp_path):
    a = tmp_path / "a"
    assert runner.invoke(app, ["--store", str(a), "ingest", str(ARTICLE)]).exit_code == 0
    before = set(_dataset(a))
    bad = tmp_path / "bad.nq"
    bad.write_text('<https://x/a> <https://x/p> "ok" <https://x/g> .\nthis is not n-quads\n')
    r = runner.invoke(app, ["--store", str(a), "load", str(bad)])
    assert r.exit_code == 2 and "nothing was loaded" in r.stderr
    assert set(_dataset(a)) == before
