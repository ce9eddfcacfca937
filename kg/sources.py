"""Files -> ``Article``: decoding, language, date, title and boilerplate masking. No NLP.

Boilerplate (image lines, photo credits, the "Same category" tail after a ``Source:`` line) is
*masked* with spaces rather than cut, so every offset found later is an offset in the stored
text.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
import unicodedata
import warnings
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from kg.errors import DecodeWarning, InputError, UnsupportedLanguage
from kg.text import fold

if TYPE_CHECKING:
    from kg.model import Article

SUPPORTED_LANGS = ("en", "fr", "vi")
LANG_NAMES = {"en": "English", "fr": "French", "vi": "Vietnamese"}
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
    """Bytes -> text in NFC: UTF-8 (with or without BOM), UTF-16 with BOM, else a legacy code page.

    Text is normalised to NFC before anything else, so decomposed input (NFD: a letter followed
    by its combining tone mark, as some Vietnamese tools and Windows-1258 files write it) gives
    the same characters, offsets and matches as precomposed input.

    A file that is UTF-8 except for a few invalid bytes is read as UTF-8, the bad bytes replaced
    by U+FFFD, with a ``DecodeWarning`` saying where (never re-read as another encoding, which
    would garble every accented letter). A file that is not UTF-8 at all is read as Windows-1258
    when that gives Vietnamese, else Windows-1252 (Latin-1 when that fails), and a
    Windows-1258 read is reported by a warning too.

    >>> decode("Thu\u0309 tươ\u0301ng".encode()) == "Thủ tướng"
    True
    >>> import warnings
    >>> with warnings.catch_warnings():    # Windows-1258: tone marks are combining characters
    ...     warnings.simplefilter("ignore")
    ...     decode(b"Thu\\xd2 t\\xfd\\xf5\\xecng", "a.txt")
    'Thủ tướng'
    """
    if not data.strip():
        raise InputError(f"{name}: empty file")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _xml_safe(_nfc(data.decode(enc)), name)
            except UnicodeDecodeError as e:
                raise InputError(f"{name}: starts with a {enc} byte-order mark but is not {enc} "
                                 f"(invalid byte at offset {e.start})") from None
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary file (contains NUL bytes), not an article")
    try:
        return _xml_safe(_nfc(data.decode("utf-8")), name)
    except UnicodeDecodeError as e:
        first_bad = e.start
    loose = data.decode("utf-8", errors="replace")
    bad = loose.count("\ufffd")
    multibyte = sum(1 for c in loose if ord(c) > 0x7F and c != "\ufffd")
    if multibyte >= 4 * bad:
        # UTF-8 with a few damaged bytes: keep UTF-8, say what was replaced
        warnings.warn(DecodeWarning(
            f"{name}: not valid UTF-8: {bad} invalid byte sequence(s), the first at byte {first_bad}; "
            f"read as UTF-8 with them replaced by U+FFFD"), stacklevel=2)
        return _xml_safe(_nfc(loose), name)
    text = _legacy(data, name)
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > 0.01 * len(text):
        raise InputError(f"{name}: binary file, not an article")
    return _xml_safe(text, name)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# what XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets): SPARQL XML results and GraphML break on it
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(text: str, name: str) -> str:
    r"""Characters XML 1.0 forbids (NUL and other controls, U+FFFE/U+FFFF, lone surrogates) -> spaces.

    One space for one character, so offsets into the stored text stay what they were. A text
    where they are more than 1 % is binary, not an article.

    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     text = _xml_safe("The ministry\x00met.\x0c" + 200 * " ", "a.txt")
    >>> text[:19], str(w[0].message)
    ('The ministry met.  ', '[KG-W001] a.txt: 2 character(s) XML cannot hold replaced by spaces')
    """
    bad = len(_NOT_XML.findall(text))
    if not bad:
        return text
    if bad > 0.01 * len(text):
        raise InputError(f"{name}: binary file ({bad} control characters), not an article")
    warnings.warn(DecodeWarning(f"{name}: {bad} character(s) XML cannot hold replaced by spaces"), stacklevel=3)
    return _NOT_XML.sub(" ", text)


def _legacy(data: bytes, name: str) -> str:
    """A file that is not UTF-8: Windows-1258 when it reads as Vietnamese, else Windows-1252."""
    try:
        vi = _nfc(data.decode("cp1258"))
    except UnicodeDecodeError:
        vi = None
    if vi is not None and detect_language(vi) == "vi":
        warnings.warn(DecodeWarning(f"{name}: not UTF-8; read as Windows-1258 (Vietnamese) and normalised to NFC"),
                      stacklevel=3)
        return vi
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > 0.01 * len(text):
        text = data.decode("latin-1")
    return _nfc(text)


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


@dataclass(frozen=True)
class PageText:
    """What trafilatura reads in an HTML page: main text (title first) and the page's own metadata."""

    text: str
    title: str | None = None
    date: str | None = None
    """ISO date the page gives itself (``article:published_time``, ``<time>``...), when it does."""
    url: str | None = None
    """The page's own URL (``og:url``, canonical link), when it gives one."""
    outlet: str | None = None
    """Site name (``og:site_name``...), when given."""
    lang: str | None = None


def page_text(html: str, url: str | None = None) -> PageText | None:
    """Main text and metadata of an HTML page, by trafilatura; None when it finds no text.

    Navigation, headers, footers and comments are dropped. The title is the page's headline
    (``og:title`` or ``<h1>``, without the site name ``<title>`` adds) and is the first line of the
    text. The date is only one the page states (no guess from the text: kg finds that itself).
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=True,
        date_extraction_params={"extensive_search": False, "original_date": True})
    if doc is None:
        return None
    meta = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    body = (meta.get("text") or "").strip()
    if not body:
        return None
    title = " ".join((meta.get("title") or "").split()) or None
    if title and not body.startswith(title):
        body = title + "\n" + body
    date = meta.get("date")
    page_url = meta.get("url")
    outlet = " ".join((meta.get("sitename") or "").split()) or None
    if outlet and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", outlet.lower()):
        outlet = None     # a host trafilatura put for a page that names no site: the caller's URL decides
    return PageText(
        text=body, title=title,
        date=date if isinstance(date, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date) else None,
        url=page_url if page_url and _URL.fullmatch(page_url) else None,
        outlet=outlet, lang=(meta.get("language") or None))


# ---------------------------------------------------------------- masking

_MASKS = [
    re.compile(r"(?m)^!\[.*$"),                                # markdown images
    re.compile(r"(?m)^\S+\.(?:jpe?g|png|webp|gif)\s*$"),     # bare image file names
    re.compile(r"\((?:Photo|Ảnh|Photo ?:)[^)]*\)"),           # photo credits
    re.compile(r"(?m)^(?:Comment|Comments|Commentaire)s? ?\(\d+\)\s*$"),
]
_SOURCE_LINE = re.compile(r"(?mi)^\s*(?:Source|Nguồn)\s*:\s*(\S+)")


@lru_cache(maxsize=1)
def _meta_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The dateline and the publication line, from the words of every language pack.

    A dateline opens a paragraph: a place in capitals or title case, then a date and/or a news
    agency in brackets, then a dash ("HANOI, June 27 (VNA) –", "Hà Nội, 27 juin (VNA) -",
    "Hanoi (VNA) –", "Hanoï, 24/11/2025 –"). A publication line is a line of nothing but
    publication words, a weekday, a date and a time ("Saturday, September 13, 2025 10:05",
    "Publié le dimanche 5 octobre 2025 à 09h30").
    """
    from kg.extract.lang import available_languages, pack

    agencies, words = set(), set()
    for lang in available_languages():
        p = pack(lang)
        agencies.update(p.data.get("dates.agencies", []))
        for key in ("dates.weekdays", "dates.publication", "dates.time_date_link", "dates.date_time_link"):
            words.update(fold(w) for w in p.data.get(key, []) if not w.startswith("re:"))
        words.update(fold(w) for w in p.data.get("dates.months", {}) if not w.startswith("_"))
    agency = "|".join(re.escape(a) for a in sorted(agencies, key=len, reverse=True)) or "(?!x)x"
    place = r"[A-ZÀ-ỸĐ][\w'’.-]*(?:[ \t]+[A-ZÀ-ỸĐ&][\w'’.-]*){0,4}"
    dateline = re.compile(
        r"(?m)^[ \t]*(?:" + place + r")?(?:[ \t]*,[ \t]*(?P<date>[^\n()–—]{3,40}?))?[ \t]*"
        r"(?:\((?P<agency>" + agency + r")(?:/[^)\n]{1,20})?\))?[ \t]*[–—-]+[ \t]*")
    word = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    publine = re.compile(r"(?:[\s,.:/|+h-]|\d|\b[ap]\.?m\b\.?|\b(?:gmt|utc|ict)\b|\b(?:" + word + r")\b)+")
    return dateline, publine


def find_dateline(text: str) -> tuple[int, int, str | None] | None:
    """The dateline of an article: (start, end, its date text or None).

    >>> t = "Title\\n\\nHANOI, May 3 (VNA) – The Ministry of Finance said on Friday"
    >>> a, b, d = find_dateline(t); t[a:b], d
    ('HANOI, May 3 (VNA) – ', 'May 3')
    >>> find_dateline("Hanoï, 24/11/2025 – Le vice-Premier ministre")[2]
    '24/11/2025'
    >>> t = "Thứ Bảy, 16/08/2025 - 20:15\\nHÀ NỘI (VNA) — Thủ tướng"
    >>> a, b, d = find_dateline(t); t[a:b]
    'HÀ NỘI (VNA) — '
    >>> find_dateline("(Chinhphu.vn) - Chiều 17/9, Phó Thủ tướng")[:2]
    (0, 16)
    >>> find_dateline("Deputy Prime Minister Nguyen Hoa Binh chaired a meeting - the first")
    """
    dateline, _ = _meta_patterns()
    pubs = publication_lines(text)
    for m in dateline.finditer(text[:1500]):
        if any(a <= m.start() < b for a, b in pubs):
            continue                     # 'Thứ Bảy, 16/08/2025 - 20:15' is a publication line
        if not m.group("agency") and not (m.group("date") and re.search(r"\d", m.group("date"))):
            continue
        if m.group("date") and not re.search(r"\d", m.group("date")):
            continue
        return m.start(), m.end(), m.group("date")
    return None


def publication_lines(text: str) -> list[tuple[int, int]]:
    """Lines that only give the publication date and time (source metadata, not an event).

    >>> publication_lines("Title\\nSaturday, September 13, 2025 10:05\\nText of 2025.")
    [(6, 40)]
    """
    _, publine = _meta_patterns()
    out = []
    for m in re.finditer(r"(?m)^[^\n]{6,90}$", text[:2000]):
        line = fold(m.group(0))
        if re.search(r"(?:19|20)\d\d|\d{1,2}[:h]\d\d", line) and publine.fullmatch(line):
            out.append((m.start(), m.end()))
    return out


def mask_boilerplate(text: str) -> str:
    """Same-length text with boilerplate replaced by spaces: images, photo credits, the site's
    tail after a source line, the dateline (place, date, agency) and publication lines.

    >>> mask_boilerplate("A.\\n![x](y.jpg)\\nB.").replace(" ", "_")
    'A.\\n___________\\nB.'
    >>> mask_boilerplate("HANOI, Oct 28 (VNA) – Deputies met.").strip()
    'Deputies met.'
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
    dl = find_dateline(text)
    if dl:
        blank(dl[0], dl[1])
    for a, b in publication_lines(text):
        blank(a, b)
    return "".join(chars)


# ---------------------------------------------------------------- dates

def _meta_dates(text: str, lang: str) -> list[tuple[str, int | None]]:
    """Dates the source gives about itself (dateline, publication line, byline), in text order:
    (ISO date or "MM-DD" when the year is not written, written year or None)."""
    from kg.dates import find_dates

    spans = []
    dl = find_dateline(text)
    if dl and dl[2]:
        spans.append(dl[2])
    spans += [text[a:b] for a, b in publication_lines(text)]
    out = []
    for span in spans:
        ds = [d for d in find_dates(span, lang, year=2000) if len(d.value) == 10]
        if not ds:
            continue
        written = re.search(r"(?<!\d)((?:19|20)\d\d)(?!\d)", span)
        out.append((ds[0].value, int(written.group(1)) if written else None))
    return out


def _year_hint(text: str, lang: str = "en") -> int | None:
    """The year the article is about, where the text writes one: the year of its dateline,
    publication line or byline, else the latest year of a full date in the text (a year inside
    a document number such as ``178/2024/ND-CP`` is not a date). None when no year is written.

    >>> _year_hint("HANOI, June 27 (VNA) – Decree 178/2024/ND-CP applies.")
    >>> _year_hint("Published on Saturday, September 13, 2025\\nDecree 178/2024/ND-CP")
    2025
    >>> _year_hint("signed on 12 March 2025 after the report of 5 May 2024", "en")
    2025
    """
    for _, y in _meta_dates(text, lang):
        if y:
            return y
    from kg.dates import find_dates

    years = [int(d.value[:4]) for d in find_dates(mask_boilerplate(text), lang) if len(d.value) >= 7]
    return max(years) if years else None


def find_article_date(text: str, lang: str) -> str | None:
    """The article's own date: its dateline, publication line or byline, a dated source URL,
    else the first dated event. The year is the written one, else ``_year_hint``, else
    ``kg.dates.DEFAULT_YEAR``.

    >>> find_article_date("Le 17 septembre le ministre ... rapport du 5 septembre 2025", "fr")
    '2025-09-17'
    >>> find_article_date("HANOI, Aug 21 (VNA) – The minister chaired a conference on August 20.", "en")
    '2025-08-21'
    """
    from kg.dates import DEFAULT_YEAR, find_dates, is_period_start

    year = _year_hint(text, lang) or DEFAULT_YEAR
    for value, written in _meta_dates(text, lang):
        y = written or year
        try:
            return date(y, int(value[5:7]), int(value[8:10])).isoformat()
        except ValueError:
            continue
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
    masked = mask_boilerplate(text)
    for d in find_dates(masked, lang, year=year):
        if len(d.value) == 10 and not is_period_start(masked[max(0, d.start - 40):d.start], lang):
            return d.value
    return None


# ---------------------------------------------------------------- reading

def _title(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line and len(line) < 200 and not line.endswith("."):
            return line
        if line:
            return None
    return None


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bytes(path: str | Path) -> bytes:
    """The bytes of one regular file, at most ``MAX_BYTES``; raises ``InputError`` with a one-line reason.

    Devices, FIFOs and sockets are refused before they are opened (``/dev/zero`` never ends, a
    FIFO blocks while the store is locked), and the read is bounded whatever ``st_size`` says.

    >>> read_bytes("/dev/null")
    Traceback (most recent call last):
    kg.errors.InputError: [KG-E001] /dev/null: a character device, not a regular file; not read
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    if stat.S_ISDIR(st.st_mode):         # iter_paths yields the folders it cannot list
        try:
            os.scandir(p).close()
        except OSError as e:
            raise InputError(f"{p}: cannot read folder ({e.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{p}: {_kind(st.st_mode)}, not a regular file; not read")
    too_big = f"is larger than an article ({MAX_BYTES / 1e6:.0f} MB at most); split it"
    if st.st_size > MAX_BYTES:
        raise InputError(f"{p}: {st.st_size / 1e6:.1f} MB {too_big}")
    try:
        # O_NONBLOCK: a file swapped for a FIFO since the stat above does not block the open
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror})") from None
    try:
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise InputError(f"{p}: {_kind(os.fstat(fd).st_mode)}, not a regular file; not read")
            data = f.read(MAX_BYTES + 1)
    except OSError as e:
        raise InputError(f"{p}: cannot read ({e.strerror or e})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{p}: more than {MAX_BYTES / 1e6:.0f} MB {too_big}")
    return data


_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


def read_article(path: str | Path, *, lang: str | None = None, article_date: str | None = None) -> "Article":
    """Read one file as an ``Article``; raises ``InputError`` with a one-line reason.

    The id is the file stem; ``kg.pipeline.ingest`` decides the id under which it is stored.
    ``path`` becomes the resolved absolute path: where the source comes from.
    """
    p = Path(path)
    art = article_from_bytes(read_bytes(p), str(p), lang=lang, article_date=article_date)
    return replace(art, id=p.stem, path=str(p.resolve()))


def article_from_bytes(data: bytes, name: str, *, url: str | None = None, lang: str | None = None,
                       article_date: str | None = None) -> "Article":
    """Bytes of a saved file or a fetched page -> ``Article``; ``InputError`` with a one-line reason.

    ``name`` is what messages call it and the article's id (the caller sets id and path). An HTML
    page is read by trafilatura (``page_text``): its main text, and its title, date, URL and site
    name where the page gives them. The URL is ``url`` (a fetched page's), else the page's
    ``og:url``/canonical link, else a ``Source:`` line of the text; the outlet is the site name,
    else the URL's host; the date is ``article_date``, else the page's, else ``find_article_date``.
    """
    from kg.model import Article

    text = decode(data, name)
    page = None
    if _HTML.search(text[:5000]):
        page = page_text(text, url)
        text = page.text if page else html_to_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text.strip()) < 20:
        raise InputError(f"{name}: too short to be an article ({len(text.strip())} characters)")
    if len(text) > MAX_BYTES:      # an HTML page whose title repeats: the NLP reads at most this much
        raise InputError(f"{name}: {len(text):,} characters is longer than an article ({MAX_BYTES:,} at most); split it")
    found = detect_language(mask_boilerplate(text))
    if found == "und" and page and page.lang in SUPPORTED_LANGS:
        found = page.lang
    lang = lang or found
    if lang not in SUPPORTED_LANGS:
        name_ = LANG_NAMES.get(lang) or {"und": "an undetermined language"}.get(lang, lang)
        names = [LANG_NAMES.get(x, x) for x in SUPPORTED_LANGS]
        raise UnsupportedLanguage(f"{name}: the text is in {name_}; supported so far: "
                                  f"{', '.join(names[:-1])} and {names[-1]}")
    src = _SOURCE_LINE.search(text)
    url = url or (page.url if page else None) or (src.group(1) if src and _URL.fullmatch(src.group(1)) else None)
    return Article(
        id=Path(name).stem, text=text, lang=lang,
        date=article_date or (page.date if page else None) or find_article_date(text, lang),
        title=(page.title if page else None) or _title(mask_boilerplate(text)), path=None, url=url,
        sha256=hashlib.sha256(data).hexdigest(),
        outlet=(page.outlet if page else None) or outlet_of(url),
    )


def outlet_of(url: str | None) -> str | None:
    """The host of a URL, without ``www.``: the outlet of a page that does not name its site.

    >>> outlet_of("https://www.vietnamplus.vn/a.html"), outlet_of(None)
    ('vietnamplus.vn', None)
    """
    from urllib.parse import urlsplit

    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return (host[4:] if host.startswith("www.") else host) or None


def iter_paths(paths: list[str | Path]) -> Iterator[Path]:
    """Files named, and the text files inside folders named (sorted, recursive).

    Inside folders, only regular files are taken (devices, FIFOs, sockets and broken or looping
    links are skipped) and linked folders are not followed (no loops). A folder that cannot be
    listed is yielded itself, so that reading it reports why.
    """
    for raw in paths:
        p = Path(raw)
        if not p.is_dir():
            yield p
            continue
        found: list[Path] = []
        unreadable: list[Path] = []
        for folder, _, names in os.walk(p, onerror=lambda e: unreadable.append(Path(e.filename))):
            for name in names:
                f = Path(folder) / name
                if name.startswith(".") or f.suffix.lower() not in TEXT_SUFFIXES:
                    continue
                try:
                    if stat.S_ISREG(os.stat(f).st_mode):
                        found.append(f)
                except OSError:
                    continue             # a broken link, or a link loop
        yield from sorted(found + unreadable)
