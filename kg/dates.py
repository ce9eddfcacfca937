"""Dates in English and French news text -> ISO strings (``2025-09-17``, ``2025-11``, ``2025``).

Year-less dates ("le 17 septembre") take the year given by the caller (the article's year).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from kg.text import fold

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    "janvier": 1, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "decembre": 12,
}
_MONTH_RX = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

_PATTERNS = [
    # 01/10/2025 (day first, as Vietnamese and French papers write it)
    re.compile(r"(?<![\d/])(?P<day>[0-3]?\d)/(?P<mon>[01]?\d)/" + _YEAR + r"(?![\d/])"),
    # 2025-10-01
    re.compile(r"(?<!\d)" + _YEAR + r"-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
    # September 17, 2025 / September 17 / Sept. 17
    re.compile(r"\b(?P<month>" + _MONTH_RX + r")\.?\s+" + _DAY + r"\b(?:\s*,?\s*" + _YEAR + r"\b)?"),
    # 17 septembre 2025 / 1er juillet / 15 October 2025
    re.compile(r"(?<!\d)" + _DAY + r"\s+(?P<month>" + _MONTH_RX + r")\b(?:\s+" + _YEAR + r"\b)?"),
    # November 2025 / novembre 2025
    re.compile(r"\b(?P<month>" + _MONTH_RX + r")\s+(?:of\s+|de\s+)?" + _YEAR + r"\b"),
]


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str
    """ISO: YYYY-MM-DD, YYYY-MM or YYYY."""


def find_dates(text: str, lang: str = "en", *, year: int | None = None) -> list[DateMention]:
    """Every date in ``text``, left to right, without overlaps.

    >>> [d.value for d in find_dates("du 1er juillet au 15 septembre 2025", "fr", year=2025)]
    ['2025-07-01', '2025-09-15']
    >>> [d.value for d in find_dates("on the afternoon of September 17", "en", year=2025)]
    ['2025-09-17']
    >>> [d.value for d in find_dates("Báo Nhân dân01/10/2025")]
    ['2025-10-01']
    """
    low = fold(text)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for rx in _PATTERNS:
        for m in rx.finditer(low):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            g = m.groupdict()
            y = int(g["year"]) if g.get("year") else year
            if g.get("month"):
                mon = _MONTHS[g["month"]]
                if g["month"] == "may" and not g.get("day") and lang == "en":
                    pass
            else:
                mon = int(g["mon"])
            if not 1 <= mon <= 12:
                continue
            if g.get("day"):
                if y is None:
                    continue
                try:
                    value = date(y, mon, int(g["day"])).isoformat()
                except ValueError:
                    continue
            else:
                if y is None:
                    continue
                value = f"{y:04d}-{mon:02d}"
            found.append(DateMention(m.start(), m.end(), value))
            taken.append((m.start(), m.end()))
    # a bare year after "by/d'ici/in/en/before/avant"
    for m in re.finditer(r"\b(?:by|in|before|until|d'ici|d ici|en|avant|jusqu'en|fin)\s+(?:(?:the\s+)?end\s+of\s+|la\s+fin\s+)?((?:19|20)\d\d)\b(?![\d/-]|[.,]\d)", low):
        a, b = m.start(1), m.end(1)
        if not any(a < y2 and x < b for x, y2 in taken):
            found.append(DateMention(a, b, m.group(1)))
            taken.append((a, b))
    return sorted(found, key=lambda d: d.start)


_REL = re.compile(
    r"\b(?:within|in|in the next|dans(?: un delai)? d[e']|sous|d'ici)\s*(?P<n>\d+|one|two|three|four|un|une|deux|trois|quatre)\s+"
    r"(?P<unit>days?|weeks?|months?|jours?|semaines?|mois)\b")
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4}


def relative_deadline(text: str, anchor: str | None) -> tuple[int, int, str] | None:
    """"within 1 week" counted from the anchor date -> (start, end, ISO date).

    >>> relative_deadline("resolved within 1 week.", "2025-10-01")[2]
    '2025-10-08'
    """
    if not anchor or len(anchor) != 10:
        return None
    m = _REL.search(fold(text))
    if not m:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else _NUM[m.group("n")]
    unit = m.group("unit")
    base = date.fromisoformat(anchor)
    if unit.startswith(("day", "jour")):
        d = base + timedelta(days=n)
    elif unit.startswith(("week", "semaine")):
        d = base + timedelta(weeks=n)
    else:
        month = base.month - 1 + n
        y, mo = base.year + month // 12, month % 12 + 1
        day = min(base.day, 28)
        d = date(y, mo, day)
    return m.start(), m.end(), d.isoformat()
