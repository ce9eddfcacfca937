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
    ("Der Ministerpräsident forderte heute alle Ministerien auf, schneller zu handeln. ".encode() * 3,
     UnsupportedLanguage, "undetermined language; supported so far: English, French and Vietnamese"),
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


# ---------------------------------------------------------------- Vietnamese input

VI = ("Hà Nội, 26/8/2025 – Thủ tướng Phạm Minh Chính yêu cầu Bộ Tài chính khẩn trương bố trí kinh phí "
      "cho các xã, phường. Tính đến ngày 25/8, cả nước có 102.418 người đã nghỉ việc. ")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Windows-1258 as old Vietnamese tools wrote it: base letters, then a combining tone mark."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
            continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
        out.append(base.encode("cp1258") + "".join(c for c in d if c in _TONES).encode("cp1258"))
    return b"".join(out)


def test_sources_vietnamese_utf8_is_read_and_detected(tmp_path):
    f = tmp_path / "vi.txt"
    f.write_text(VI, encoding="utf-8")
    art = read_article(f)
    assert art.lang == "vi" and art.text == VI and art.date == "2025-08-26"


def test_sources_nfd_input_is_normalised_to_nfc(tmp_path):
    import unicodedata

    f = tmp_path / "nfd.txt"
    f.write_bytes(unicodedata.normalize("NFD", VI).encode("utf-8"))
    art = read_article(f)
    assert art.text == VI                                   # same characters, so same offsets and matches
    assert "Phạm Minh Chính" in art.text and art.lang == "vi"


def test_sources_windows_1258_is_decoded_and_reported(tmp_path):
    from kg.errors import DecodeWarning

    data = _cp1258(VI)
    assert b"\xd2" in data or b"\xec" in data              # combining tone marks, as cp1258 writes them
    f = tmp_path / "cp1258.txt"
    f.write_bytes(data)
    with pytest.warns(DecodeWarning, match="Windows-1258"):
        art = read_article(f)
    assert art.text == VI and art.lang == "vi"


def test_sources_utf8_with_one_bad_byte_stays_utf8(tmp_path):
    """One damaged byte must not send the whole file to another code page (mojibake everywhere)."""
    from kg.errors import DecodeWarning

    raw = VI.encode("utf-8")
    cut = raw.index("Tài".encode())
    f = tmp_path / "bad.txt"
    f.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    with pytest.warns(DecodeWarning, match=r"not valid UTF-8: 1 invalid byte sequence\(s\), the first at byte \d+"):
        art = read_article(f)
    assert "Thủ tướng Phạm Minh Chính" in art.text and "Bộ \ufffdTài chính" in art.text
    assert "Ã" not in art.text and art.lang == "vi"


def test_sources_legacy_french_is_not_taken_for_vietnamese(tmp_path):
    import warnings

    f = tmp_path / "fr.txt"
    f.write_bytes(FR.encode("cp1252"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")                       # cp1252 French: no Windows-1258 warning
        art = read_article(f)
    assert "ministère" in art.text and art.lang == "fr"


def test_sources_bom_with_invalid_utf8_is_refused_clearly(tmp_path):
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + VI.encode() + b"\xff\xfe")
    with pytest.raises(InputError, match="byte-order mark but is not utf-8-sig"):
        read_article(f)


def test_sources_vietnamese_dateline_and_publication_line_are_metadata(tmp_path):
    from kg.sources import find_dateline, mask_boilerplate

    text = "Tiêu đề\nThứ Bảy, 16/08/2025 - 20:15\nHÀ NỘI (VNA) — Thủ tướng yêu cầu các bộ, ngành xử lý trụ sở dôi dư."
    a, b, _ = find_dateline(text)
    assert text[a:b] == "HÀ NỘI (VNA) — "
    masked = mask_boilerplate(text)
    assert "16/08/2025" not in masked and "VNA" not in masked and "Thủ tướng yêu cầu" in masked
    f = tmp_path / "pub.txt"
    f.write_text(text, encoding="utf-8")
    assert read_article(f).date == "2025-08-16"


# ---------------------------------------------------------------- special files, XML-unsafe characters (issue 14)

def _special(tmp_path, kind: str) -> Path:
    import os
    import socket

    if kind == "device":
        return Path("/dev/zero")
    p = tmp_path / f"{kind}.txt"
    if kind == "fifo":
        os.mkfifo(p)
    else:
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(p))
        s.close()
    return p


@pytest.mark.timeout(30)
@pytest.mark.parametrize("kind,message", [("device", "a character device, not a regular file; not read"),
                                          ("fifo", "a FIFO (named pipe), not a regular file; not read"),
                                          ("socket", "a socket, not a regular file; not read")])
def test_sources_special_files_are_refused_before_reading(tmp_path, kind, message):
    """/dev/zero never ends (3 GB read, then MemoryError) and a FIFO blocks the open: both are refused unread."""
    import re

    p = _special(tmp_path, kind)
    with pytest.raises(InputError, match=re.escape(f"{p}: {message}")):
        read_article(p)


def test_sources_folder_walk_takes_regular_files_only(tmp_path):
    import os

    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(EN)
    (d / "sub" / "b.txt").write_text(EN)
    os.mkfifo(d / "fifo.txt")
    (d / "loop.txt").symlink_to(d / "loop.txt")               # a link to itself
    (d / "sub" / "up").symlink_to(d, target_is_directory=True)  # a folder loop
    (d / "zero.txt").symlink_to("/dev/zero")
    from kg.sources import iter_paths

    assert list(iter_paths([d])) == [d / "a.txt", d / "sub" / "b.txt"]


def test_sources_nul_after_the_first_4_kb_becomes_a_space_with_a_warning(tmp_path):
    """XML 1.0 cannot hold NUL and other C0 controls: a stored one broke SPARQL XML results and GraphML."""
    from kg.errors import DecodeWarning

    text = EN * 20                                             # past the 4 KB the binary check reads
    raw = text.encode()
    raw = raw[:5000] + b"\x00" + raw[5001:6000] + b"\x0b" + raw[6001:]
    f = tmp_path / "nul.txt"
    f.write_bytes(raw)
    with pytest.warns(DecodeWarning, match="2 character"):
        art = read_article(f)
    assert "\x00" not in art.text and "\x0b" not in art.text
    assert len(art.text) == len(text) and art.text[5000] == " " and art.text[6000] == " "   # offsets unchanged


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
def test_sources_xml_forbidden_characters_are_replaced_in_every_encoding(encoding):
    import re
    import warnings

    from kg.sources import decode

    text = FR * 5 + "\x01" + FR * 5 + "\x1f"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = decode(text.encode(encoding), "a.txt")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", out) and len(out) == len(text)
    assert any("2 character(s) XML cannot hold" in str(w.message) for w in caught)
