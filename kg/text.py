"""Text folding shared by matching, slugs and match keys.

``fold`` keeps one output character per input character, so offsets found in the folded text
are offsets in the original: the entity ruler and the extractors rely on that.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPECIAL = {"đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "’": "'", "‘": "'", "ʼ": "'",
            "\u00a0": " ", "\u202f": " ", "\u2009": " ", "–": "-", "—": "-", "‑": "-"}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c.lower()


class _FoldTable(dict):
    """A ``str.translate`` table filled on first sight of each code point."""

    def __missing__(self, code: int) -> str:
        value = self[code] = _fold_char(chr(code))
        return value


_TABLE = _FoldTable()


@lru_cache(maxsize=256)
def fold(text: str) -> str:
    """Lower case without diacritics, same length as the input.

    Cached: extractors fold the same article text once per figure they look at.

    >>> fold("Bộ Tài chính, ministère de l'Intérieur")
    "bo tai chinh, ministere de l'interieur"
    >>> len(fold("Phạm Minh Chính")) == len("Phạm Minh Chính")
    True
    """
    return text.translate(_TABLE)


def match_key(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: how names are compared.

    >>> match_key("  Ministère des Finances ")
    'ministere des finances'
    >>> match_key("Ho Chi Minh-Ville")
    'ho chi minh ville'
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def slug(text: str) -> str:
    """IRI-safe slug.

    >>> slug("Phạm Thị Thanh Trà")
    'pham-thi-thanh-tra'
    """
    return "-".join(match_key(text).split())[:120] or "x"
