"""Language packs: every word a rule needs, per language, as data; compiled here, once per language.

A pack is the folder ``data/lexicon/lang/<lang>/``; each ``<area>.json`` in it (``dates``,
``numbers``, ``tasks``, ``meetings``, ``actors``, ``documents``, ``figures``) maps keys to word
lists. Rules never name a language: they ask the article's pack for a key and get a compiled
pattern, so a new language is a new folder and a new verb is one word in a list.

Entries are written as the press writes them (with diacritics); they are folded here, since
rules match on folded text (``kg.text.fold``, one character per character). In a word list:

- ``*`` stands for any letters (``*ment`` is any French adverb in -ment);
- a space matches any run of spaces; an apostrophe matches ' and ’;
- a string that starts with ``re:`` is a regular expression over folded text, used as is.

A key whose name starts with ``_`` is documentation. A key whose value is an object (months,
scale words) is a mapping, read with ``Pack.mapping``.

>>> en = pack("en")
>>> bool(en.rx("tasks.directive").search("the minister requested ministries"))
True
>>> pack("fr").mapping("dates.months")["aout"]
8
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from kg import resources
from kg.text import fold

LANGS = ("en", "fr")
"""The first languages with a pack; ``available_languages()`` lists every pack folder (``vi`` too)."""


def pack_dir() -> Path:
    return resources.resource_dir("lexicon") / "lang"


def available_languages() -> tuple[str, ...]:
    """Every language that has a pack folder, sorted."""
    try:
        return tuple(sorted(p.name for p in pack_dir().iterdir() if p.is_dir()))
    except FileNotFoundError:
        return ()


def phrase_rx(text: str, *, hyphen_as_space: bool = False) -> str:
    """A phrase as a regex over text normalised the same way: a space is any run of spaces, an
    apostrophe either apostrophe, ``*`` any letters; with ``hyphen_as_space``, "vice-président"
    also matches "vice président".

    >>> bool(re.fullmatch(phrase_rx("l'interieur"), "l’interieur"))
    True
    """
    out = []
    for ch in text:
        if ch == "*":
            out.append(r"\w*")
        elif ch == " ":
            out.append(r"\s+")
        elif ch == "'":
            out.append(r"['’]\s*")
        elif ch == "-" and hyphen_as_space:
            out.append(r"[\s-]*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _word_rx(word: str) -> str:
    if word.startswith("re:"):
        return "(?:" + word[3:] + ")"
    return phrase_rx(fold(word.strip()))


class _LowerTable(dict):
    """A ``str.translate`` table: lower case where that keeps one character, filled on first sight."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        value = self[code] = c.lower() if len(c.lower()) == 1 else c
        return value


_LOWER = _LowerTable()


@lru_cache(maxsize=64)
def lower_keep_accents(text: str) -> str:
    """Lower case with diacritics kept, one character per character (offsets are kept).

    Where folding makes two words one (Vietnamese ``tỉnh``/``tính``, ``họp``/``hợp``), a pack
    lists the words to compare this way instead.

    >>> lower_keep_accents("Tỉnh İ")
    'tỉnh İ'
    """
    return text.translate(_LOWER)


def accent_rx(entries: list[str]) -> re.Pattern:
    """A word list as one pattern over ``lower_keep_accents`` text: 'tỉnh' is not 'tính'.

    >>> bool(accent_rx(["tỉnh"]).fullmatch("tỉnh")), bool(accent_rx(["tỉnh"]).fullmatch("tính"))
    (True, False)
    """
    alts = []
    for e in sorted({e for e in entries if e}, key=lambda e: (-len(e), e)):
        if e.startswith("re:"):
            alts.append("(?:" + e[3:] + ")")
        else:
            alts.append(phrase_rx(lower_keep_accents(e.strip())))
    return re.compile("(?:" + "|".join(alts) + ")" if alts else "(?!x)x")


class Pack:
    """One language's words, with compiled patterns cached per key."""

    def __init__(self, lang: str, data: dict[str, Any]):
        self.lang = lang
        self.data = data
        self._cache: dict[tuple, re.Pattern] = {}
        self._alts: dict[str, str] = {}
        self._maps: dict[str, Mapping[str, Any]] = {}

    def keys(self) -> set[str]:
        return {k for k in self.data if not k.rsplit(".", 1)[-1].startswith("_")}

    def words(self, key: str) -> list[str]:
        """The folded entries of a word list (regex entries left out)."""
        value = self._get(key)
        if not isinstance(value, list):
            raise TypeError(f"pack {self.lang}: {key} is not a word list")
        return [fold(w) for w in value if not w.startswith("re:")]

    def mapping(self, key: str) -> Mapping[str, Any]:
        """A folded mapping (``dates.months`` -> {"septembre": 9, ...}), built once, read-only
        (rules ask for it per article)."""
        got = self._maps.get(key)
        if got is None:
            value = self._get(key)
            if not isinstance(value, dict):
                raise TypeError(f"pack {self.lang}: {key} is not a mapping")
            got = self._maps[key] = MappingProxyType({fold(k): v for k, v in value.items() if not k.startswith("_")})
        return got

    def alt(self, key: str) -> str:
        """The list as one regex alternation (longest entry first), without boundaries."""
        got = self._alts.get(key)
        if got is None:
            got = self._alts[key] = self._alt(key)
        return got

    def _alt(self, key: str) -> str:
        value = self._get(key)
        entries = list(value) if isinstance(value, list) else list(self.mapping(key))
        entries = sorted({e for e in entries if e}, key=lambda e: (-len(e), e))
        return "(?:" + "|".join(_word_rx(e) for e in entries) + ")" if entries else "(?!x)x"

    def rx(self, key: str, template: str = r"\b{}\b", flags: int = 0) -> re.Pattern:
        """The list compiled inside ``template`` (``{}`` is the alternation), cached.

        Several keys can be combined: ``rx("a", "{}")`` then in code ``template.format(...)``
        through :meth:`compile`.
        """
        ck = (key, template, flags)
        got = self._cache.get(ck)
        if got is None:
            got = self._cache[ck] = re.compile(template.format(self.alt(key)), flags)
        return got

    def compile(self, template: str, **keys: str) -> re.Pattern:
        """A template naming several lists: ``compile(r"\\b{a}\\s+{b}", a="tasks.modal", b="...")``."""
        ck = (template, tuple(sorted(keys.items())))
        got = self._cache.get(ck)
        if got is None:
            got = self._cache[ck] = re.compile(template.format(**{k: self.alt(v) for k, v in keys.items()}))
        return got

    def _get(self, key: str) -> Any:
        try:
            return self.data[key]
        except KeyError:
            raise KeyError(f"language pack {self.lang!r} has no entry {key!r} "
                           f"(add it to data/lexicon/lang/{self.lang}/{key.split('.')[0]}.json)") from None


def load_pack_data(folder: Path) -> dict[str, Any]:
    """``area.json`` files of one folder, flattened to ``area.key`` entries."""
    data: dict[str, Any] = {}
    for f in sorted(folder.glob("*.json")):
        area = f.stem
        for k, v in json.loads(f.read_text(encoding="utf-8")).items():
            data[f"{area}.{k}"] = v
    return data


@lru_cache(maxsize=8)
def pack(lang: str) -> Pack:
    """The pack of a language; English for a language without one (never silently empty)."""
    folder = pack_dir() / lang
    if not folder.is_dir():
        folder = pack_dir() / "en"
        lang = "en"
    return Pack(lang, load_pack_data(folder))
