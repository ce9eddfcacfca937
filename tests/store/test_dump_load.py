"""kg dump and kg load give back an isomorphic dataset; a broken dump changes nothing."""
from pathlib import Path

import subprocess
import sys

import pyoxigraph as ox

ARTICLE = Path(__file__).resolve().parents[2] / "data" / "articles" / "001_9bb11e9ea168d04b.txt"


def kg(*args):
    """Each command in its own process, as users run them (the store lock is per process)."""
    return subprocess.run([sys.executable, "-m", "kg", *map(str, args)], capture_output=True, text=True)


def _dataset(store_dir) -> ox.Dataset:
    from kg.store import Store

    ds = ox.Dataset(list(Store(store_dir, read_only=True).quads()))
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return ds


def test_dump_load_roundtrip_is_isomorphic(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert kg("--store", a, "ingest", ARTICLE).returncode == 0
    for fmt, name in (("nquads", "d.nq"), ("trig", "d.trig")):
        dump = tmp_path / name
        r = kg("--store", a, "dump", "-o", dump, "-f", fmt)
        assert r.returncode == 0, r.stderr
        target = tmp_path / f"b-{fmt}"
        r = kg("--store", target, "load", dump)
        assert r.returncode == 0, r.stderr
        assert set(_dataset(a)) == set(_dataset(target))
    assert b.exists() is False


def test_load_broken_dump_changes_nothing(tmp_path):
    a = tmp_path / "a"
    assert kg("--store", a, "ingest", ARTICLE).returncode == 0
    before = set(_dataset(a))
    bad = tmp_path / "bad.nq"
    bad.write_text('<https://x/a> <https://x/p> "ok" <https://x/g> .\nthis is not n-quads\n')
    r = kg("--store", a, "load", bad)
    assert r.returncode == 2 and "nothing was loaded" in r.stderr
    assert set(_dataset(a)) == before
