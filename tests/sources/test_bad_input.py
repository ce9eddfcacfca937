"""Bad input gets a one-line reason and writes nothing; odd encodings are decoded, not rejected."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.cli import app
from kg.errors import InputError, UnsupportedLanguage
from kg.sources import read_article

EN = "Prime Minister Pham Minh Chinh requested the Ministry of Finance to allocate resources to localities. " * 3
FR = "Le Premier ministre Pham Minh Chinh a demandé au ministère des Finances d'allouer des ressources aux localités. " * 3


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig"])
def test_sources_decodes_other_encodings(tmp_path, encoding):
    f = tmp_path / "a.txt"
    f.write_bytes(FR.encode(encoding))
    art = read_article(f)
    assert "ministère des Finances" in art.text and art.lang == "fr"


def test_sources_html_page_gives_its_text(tmp_path):
    f = tmp_path / "a.html"
    f.write_text(f"<html><head><title>T</title><script>var x=1;</script></head><body><nav>menu</nav><p>{EN}</p></body></html>")
    art = read_article(f)
    assert "Ministry of Finance" in art.text and "var x" not in art.text and "menu" not in art.text


@pytest.mark.parametrize("content,error,message", [
    (b"", InputError, "empty file"),
    (b"\x00\x01\x02binary\x00" * 50, InputError, "binary"),
    ("Thủ tướng Phạm Minh Chính yêu cầu Bộ Tài chính khẩn trương bố trí nguồn lực cho các địa phương. ".encode() * 3,
     UnsupportedLanguage, "Vietnamese"),
])
def test_sources_bad_files_are_refused_clearly(tmp_path, content, error, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(error, match=message):
        read_article(f)


def test_sources_mixed_folder_good_in_bad_listed(runner, tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(EN)
    (d / "empty.txt").write_text("")
    (d / "bin.txt").write_bytes(b"\x00" * 100)
    store = tmp_path / "s"
    r = runner.invoke(app, ["--store", str(store), "ingest", str(d)])
    assert r.exit_code == 1
    assert "failed:" in r.stderr and "empty" in r.stderr and "binary" in r.stderr and "Traceback" not in r.stderr
    r = runner.invoke(app, ["--store", str(store), "query", "tasks", "--format", "csv"])
    assert "Ministry of Finance" in r.stdout


def test_sources_foreign_store_folder_is_refused(runner, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    f = tmp_path / "a.txt"
    f.write_text(EN)
    r = runner.invoke(app, ["--store", str(tmp_path), "ingest", str(f)])
    assert r.exit_code == 2 and "not a kg store" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "notes.txt"]


def test_sources_second_writer_gets_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_LOCK_TIMEOUT", "0.5")
    from kg.errors import StoreLocked
    from kg.store import Store

    first = Store(tmp_path / "s")
    with pytest.raises(StoreLocked, match="in use"):
        Store(tmp_path / "s")
    del first


def test_sources_50_mb_file_is_refused_in_bounded_memory(tmp_path):
    """A 50 MB file gets a one-line reason from its size alone: the ingest never reads it whole."""
    import subprocess
    import sys

    big = tmp_path / "in" / "huge.txt"
    big.parent.mkdir()
    with open(big, "wb") as f:
        line = (EN + "\n").encode()
        for _ in range(50_000_000 // len(line) + 1):
            f.write(line)
    good = tmp_path / "in" / "good.txt"
    good.write_text(EN)
    rss_file = tmp_path / "peak-rss-kb"
    # the child reports its own peak RSS at exit (RUSAGE_CHILDREN would mix in earlier tests' children)
    code = ("import atexit, resource, sys; "
            f"atexit.register(lambda: open({str(rss_file)!r}, 'w').write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))); "
            f"sys.argv = ['kg', '--store', {str(tmp_path / 's')!r}, 'ingest', {str(big.parent)!r}]; "
            "from kg.cli import run; run()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # the good file went in, the big one is listed
    assert "huge.txt: 50.0 MB is larger than an article" in done.stderr and "Traceback" not in done.stderr
    assert "ingested 1 article(s)" in done.stderr
    assert int(rss_file.read_text()) < 400_000  # kB: the interpreter, spaCy and the store; the 50 MB are never read
