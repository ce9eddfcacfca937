"""kg dump and kg load give back an isomorphic dataset; a broken dump changes nothing."""
from pathlib import Path

import subprocess
import sys

import pyoxigraph as ox
import pytest

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


# --- issue 14: the file name chooses the format ---------------------------------------------------

_HAND = {  # two source graphs, a shared fact, a blank node, a language tag and a datatype
    "https://w3id.org/vnkg/id/source/a": '<https://x/a> <https://x/p> "un"@fr .\n'
                                         '_:b <https://x/p> <https://x/a> .\n'
                                         '<https://x/a> <https://x/n> "3"^^<http://www.w3.org/2001/XMLSchema#integer> .',
    "https://w3id.org/vnkg/id/source/b": '<https://x/a> <https://x/p> "un"@fr .\n<https://x/c> <https://x/q> "deux" .',
}


def _hand_store(path):
    from kg.store import Store

    s = Store(path)
    s.replace_graphs(_HAND)
    s.flush()
    del s
    return path


def _cli(runner, *args):
    from kg.cli import app

    return runner.invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("name, fmt", [("snap.nq", ox.RdfFormat.N_QUADS), ("snap.trig", ox.RdfFormat.TRIG),
                                       ("snap.nq.gz", ox.RdfFormat.N_QUADS), ("snap.trig.gz", ox.RdfFormat.TRIG)])
def test_dump_format_follows_the_file_name_and_load_reads_it_back(runner, tmp_path, name, fmt):
    import gzip

    a = _hand_store(tmp_path / "a")
    dump = tmp_path / name
    r = _cli(runner, "--store", a, "dump", "-o", dump)
    assert r.exit_code == 0, r.stderr
    data = dump.read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    assert len(list(ox.parse(data, format=fmt))) == 5  # e.g. TriG in a .trig file, not N-Quads
    b = tmp_path / "b"
    r = _cli(runner, "--store", b, "load", dump)
    assert r.exit_code == 0, r.stderr
    assert set(_dataset(a)) == set(_dataset(b))


def test_dump_format_option_overrides_the_file_name(runner, tmp_path):
    a = _hand_store(tmp_path / "a")
    dump = tmp_path / "snap.backup"
    assert _cli(runner, "--store", a, "dump", "-o", dump, "--format", "trig").exit_code == 0
    assert len(list(ox.parse(dump.read_bytes(), format=ox.RdfFormat.TRIG))) == 5
    r = _cli(runner, "--store", tmp_path / "b", "load", dump, "--format", "trig")
    assert r.exit_code == 0, r.stderr
    assert set(_dataset(a)) == set(_dataset(tmp_path / "b"))


@pytest.mark.parametrize("command", ["dump", "load"])
def test_dump_and_load_refuse_an_unknown_file_ending(runner, tmp_path, command):
    a = _hand_store(tmp_path / "a")
    before = set(_dataset(a))
    path = tmp_path / "snap.ttl"
    if command == "load":
        path.write_text('<https://x/z> <https://x/p> "z" .\n')
        r = _cli(runner, "--store", a, "load", path)
    else:
        r = _cli(runner, "--store", a, "dump", "-o", path)
        assert not path.exists()
    assert r.exit_code == 2
    assert "cannot tell the format of snap.ttl from its name; known endings: .nq, .nq.gz, .nquads, .nquads.gz, " \
           ".trig, .trig.gz (or give --format nquads|trig)" in r.stderr
    assert set(_dataset(a)) == before


def test_load_of_a_broken_gzip_changes_nothing(runner, tmp_path):
    a = _hand_store(tmp_path / "a")
    bad = tmp_path / "snap.nq.gz"
    bad.write_bytes(b"not gzip at all")
    r = _cli(runner, "--store", a, "load", bad)
    assert r.exit_code == 2 and "not a valid gzip file" in r.stderr and "nothing was loaded" in r.stderr
