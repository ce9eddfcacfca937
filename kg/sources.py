"""Files -> ``Article``: decoding, language, date, title and boilerplate masking. No NLP.

Boilerplate (image lines, photo credits, the "Same category" tail after a ``Source:`` line) is
*masked* with spaces rather than cut, so every offset found later is an offset in the stored
text.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from datetime import date
from pathlib import Path
from typing import Iterator

from kg.errors import InputError, UnsupportedLanguage

SUPPORTED_LANGS = ("en", "fr")
MAX_BYTES = 5_000_000
TEXT_SUFFIXES = {".txt", ".md", ".text", ".html", ".htm", ""}

_EN = {"the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "have", "has", "are", "by"}
_FR = {"le", "la", "les", "des", "du", "et", "en", "que", "une", "pour", "dans", "est", "au", "aux", "sur", "qui"}
_VI = set("ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơư")

MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"],
    "fr": ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre",
           "octobre", "novembre", "decembre"],
}


def detect_language(text: str) -> str:
    """'en', 'fr', 'vi' or 'und', by stop words and Vietnamese letters.

    >>> detect_language("Le Premier ministre a demandé aux ministères de la")
    'fr'
    """
    words = re.findall(r"[a-zà-ÿ']+", text.lower())
    if not words:
        return "und"
    vi = sum(1 for c in text.lower() if c in _VI)
    en = sum(1 for w in words if w in _EN)
    fr = sum(1 for w in words if w in _FR)
    if vi > 0.03 * len(text) and vi > en + fr:
        return "vi"
    if en == fr == 0:
        return "und"
    return "en" if en >= fr else "fr"


def decode(data: bytes, name: str = "input") -> str:
    """Bytes -> text: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252/latin-1."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > 0.01 * len(text):
        text = data.decode("latin-1")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > 0.01 * len(text):
        raise InputError(f"{name}: binary file, not an article")
    return text


_HTML = re.compile(r"(?is)<\s*(html|body|p|div|article)\b")


def html_to_text(html: str) -> str:
    """Main text of an HTML page (paragraph text; scripts, styles and navigation dropped)."""
    html = re.sub(r"(?is)<(script|style|nav|header|footer|aside|noscript)\b.*?</\1\s*>", " ", html)
    title = re.search(r"(?is)<title[^>]*>(.*?)</title>", html)
    body = re.sub(r"(?is)<\s*(br|/p|/div|/h\d|/li|/article)\s*/?>", "\n", html)
    body = re.sub(r"(?s)<[^>]+>", " ", body)
    import html as _h
    lines = [" ".join(_h.unescape(line).split()) for line in body.splitlines()]
    text = "\n".join(line for line in lines if line)
    if title:
        t = " ".join(_h.unescape(re.sub(r"<[^>]+>", " ", title.group(1))).split())
        if t and not text.startswith(t):
            text = t + "\n" + text
    return text


# ---------------------------------------------------------------- masking

_MASKS = [
    re.compile(r"(?m)^!\[.*$"),                                # markdown images
    re.compile(r"(?m)^\S+\.(?:jpe?g|png|webp|gif)\s*$"),     # bare image file names
    re.compile(r"\((?:Photo|Ảnh|Photo ?:)[^)]*\)"),           # photo credits
    re.compile(r"(?m)^(?:Comment|Comments|Commentaire)s? ?\(\d+\)\s*$"),
]
_SOURCE_LINE = re.compile(r"(?mi)^\s*(?:Source|Nguồn)\s*:\s*(\S+)")


def mask_boilerplate(text: str) -> str:
    """Same-length text with boilerplate replaced by spaces.

    >>> mask_boilerplate("A.\\n![x](y.jpg)\\nB.").replace(" ", "_")
    'A.\\n___________\\nB.'
    """
    chars = list(text)

    def blank(a: int, b: int) -> None:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "

    for rx in _MASKS:
        for m in rx.finditer(text):
            blank(m.start(), m.end())
    m = _SOURCE_LINE.search(text)
    if m and m.start() > len(text) * 0.3:
        blank(m.start(), len(text))      # the source line and the site's tail (related links, captions)
    return "".join(chars)


# ---------------------------------------------------------------- dates

def _year_hint(text: str) -> int | None:
    years = [int(y) for y in re.findall(r"(?<!\d)(20[1-3]\d)(?!\d)", text)]
    return max(years) if years else None


def find_article_date(text: str, lang: str) -> str | None:
    """The date the article is about: a byline date, a dated URL, else the first dated event.

    >>> find_article_date("Le 17 septembre le ministre ... rapport du 5 septembre 2025", "fr")
    '2025-09-17'
    """
    head = text[:600]
    m = re.search(r"(?<!\d)(\d{1,2})/(\d{1,2})/(20\d\d)(?!\d)", head)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            pass
    src = _SOURCE_LINE.search(text)
    if src:
        m = re.search(r"(20[1-3]\d)[/-]?(0[1-9]|1[0-2])[/-]?([0-2]\d|3[01])", src.group(1))
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
            except ValueError:
                pass
    from kg.dates import find_dates
    masked = mask_boilerplate(text)
    year = _year_hint(masked)
    low = masked.lower()
    for d in find_dates(masked, lang, year=year):
        before = low[max(0, d.start - 25):d.start]
        if len(d.value) == 10 and not _NOT_EVENT.search(before):
            return d.value
    return None


# dates that start a period, a comparison or a deadline are not the article's own date
_NOT_EVENT = re.compile(r"(partir du|from|since|depuis|rapport du|report on|report of|before|avant le|by|"
                        r"d'ici|until|jusqu'au|du|to|au|dated|date du|en date du)\s*(the\s*)?$")


# ---------------------------------------------------------------- reading

def _title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line and len(line) < 200 and not line.endswith("."):
            return line
        if line:
            return None
    return None


def read_article(path: str | Path, *, lang: str | None = None, article_date: str | None = None) -> "Article":
    """Read one file as an ``Article``; raises ``InputError`` with a one-line reason."""
    from kg.model import Article

    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    if size > MAX_BYTES:
        raise InputError(f"{p}: {size / 1e6:.1f} MB is larger than an article ({MAX_BYTES / 1e6:.0f} MB at most); split it")
    data = p.read_bytes()
    text = decode(data, str(p))
    if _HTML.search(text[:5000]):
        text = html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text.strip()) < 20:
        raise InputError(f"{p}: too short to be an article ({len(text.strip())} characters)")
    found = detect_language(mask_boilerplate(text))
    lang = lang or found
    if lang not in SUPPORTED_LANGS:
        name = {"vi": "Vietnamese", "und": "an undetermined language"}.get(lang, lang)
        raise UnsupportedLanguage(f"{p}: the text is in {name}; supported so far: English and French")
    src = _SOURCE_LINE.search(text)
    url = src.group(1) if src and src.group(1).startswith("http") else None
    return Article(
        id=p.stem, text=text, lang=lang,
        date=article_date or find_article_date(text, lang),
        title=_title(mask_boilerplate(text)), path=str(p), url=url,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def iter_paths(paths: list[str | Path]) -> Iterator[Path]:
    """Files named, and the text files inside folders named (sorted, recursive)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not f.name.startswith(".") and f.suffix.lower() in TEXT_SUFFIXES:
                    yield f
        else:
            yield p
