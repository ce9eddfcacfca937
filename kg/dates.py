"""Dates in news text -> ISO strings (``2025-09-17``, ``2025-11``, ``2025``).

The forms are structure (day-month-year orders, numeric dates, a month after a lead word, a
time next to a date, a day relative to another date); every word they need comes from the
article's language pack (``data/lexicon/lang/<lang>/dates.json``): month names, ordinal
suffixes, lead words, relative phrases, times of day.

Year-less dates ("le 17 septembre") take the year given by the caller (the article's year);
without one, nothing year-less is returned. ``DEFAULT_YEAR`` is the year of a text that writes
none at all (the reform year, 2025; ``KG_DEFAULT_YEAR`` overrides it).

Relative dates: "last year"/"l'an dernier" count from ``year``; "yesterday"/"hier" from ``ref``
(the article's own date); "the day before"/"la veille" from the last day-precise date written
before them.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from kg.errors import InvalidDate
from kg.extract.lang import available_languages, pack
from kg.text import fold

DEFAULT_YEAR = int(os.environ.get("KG_DEFAULT_YEAR", "2025"))
"""The year of a text that writes none (the reform year)."""

_DAY = r"(?P<day>[0-3]?\d)(?:{ordinal})?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str
    """ISO: YYYY-MM-DD, YYYY-MM or YYYY."""


class _Grammar:
    """One language's date patterns, compiled once."""

    def __init__(self, lang: str):
        p = pack(lang)
        self.months = p.mapping("dates.months")
        self.rel_years = p.mapping("dates.relative_years")
        self.rel_article = p.mapping("dates.relative_days_article")
        self.rel_previous = p.mapping("dates.relative_days_previous")
        day = _DAY.format(ordinal=p.alt("dates.ordinal"))
        k = dict(months="dates.months", of="dates.day_of", yof="dates.month_of_year")
        # (pattern, kind); earlier patterns win where spans overlap
        self.patterns = [
            # 01/10/2025 (day first, as Vietnamese and French papers write it)
            (re.compile(r"(?<![\d/])(?P<day>[0-3]?\d)/(?P<mon>[01]?\d)/" + _YEAR + r"(?![\d/])"), "full"),
            # 15-10-2025 (day first with dashes, as bylines write it)
            (re.compile(r"(?<![\d/-])(?P<day>[0-3]?\d)-(?P<mon>[01]?\d)-" + _YEAR + r"(?![\d/-])"), "full"),
            # 2025-10-01
            (re.compile(r"(?<!\d)" + _YEAR + r"-(?P<mon>[01]\d)-(?P<day>[0-3]\d)(?!\d)"), "full"),
            # September 17, 2025 / September 17 / Sept. 17
            (p.compile(r"\b(?P<month>{months})\.?\s+" + day + r"\b(?:\s*,?\s*" + _YEAR + r"\b)?", **k), "full"),
            # 17 septembre 2025 / 1er juillet / 15 October 2025 / 17th of September
            (p.compile(r"(?<![\d.,])" + day + r"\s+(?:{of}\s+)?(?P<month>{months})\b\.?(?:\s+" + _YEAR + r"\b)?", **k),
             "full"),
            # November 2025 / novembre 2025
            (p.compile(r"\b(?P<month>{months})\s+(?:{yof}\s+)?" + _YEAR + r"\b", **k), "full"),
            # day, month and year numbered after their words (Vietnamese 'ngay 12 thang 3 nam 2025')
            (p.compile(r"\b{dw}\s+(?P<day>[0-3]?\d)\s+{mw}\s+(?P<mon>[01]?\d)(?:(?:/|\s+{yw}\s+)" + _YEAR
                       + r")?(?![\d/])", dw="dates.day_word", mw="dates.month_word", yw="dates.year_word"), "full"),
            # a month number after a month word (Vietnamese 'thang 6/2025', 'thang 6 nam 2025', 'trong thang 9')
            (p.compile(r"\b{mw}\s+(?P<mon>[01]?\d)(?:(?:/|\s+{yw}\s+)" + _YEAR + r")?(?![\d/])",
                       mw="dates.month_word", yw="dates.year_word"), "full"),
            # a numeric day/month (and year) after a lead word (Vietnamese 'ngay 20/6', 'sang 1/10', 'ngay 20-6-2025')
            (p.compile(r"\b{lead}\s+(?P<day>[0-3]?\d)(?P<sep>[/-])(?P<mon>[01]?\d)(?:(?P=sep)" + _YEAR
                       + r")?(?![\d/]|-\d)", lead="dates.numeric_day_month_lead"), "full"),
            # a month named alone after a lead word: 'by the end of June', 'within October', 'Fin août'
            (p.compile(r"\b{lead}\s+(?P<month>{months})\b(?![.,]?\s*\d)", lead="dates.month_lead", months="dates.months"),
             "month"),
            # a year-less day/month with no lead word, where the pack allows it ('truoc 15/10'); not a
            # ratio before a counted noun ('5/9 xa'), not a code ('141/CD-TTg')
            (p.compile(r"{bare}(?P<day>[0-3]?\d)/(?P<mon>[01]?\d)(?![\w/]|[-.,]\w)(?!\s+(?:{na})\b)",
                       bare="dates.numeric_day_month_bare", na="dates.numeric_day_month_not_after"), "full"),
            # 'last year', 'l'an dernier', 'the end of the year' (not 'the end of the year 2024')
            (p.compile(r"(?<!\w)(?P<rel>{r})(?!\w)(?!\s*(?:19|20)\d\d\b)", r="dates.relative_years"), "rel_year"),
            # 'yesterday', 'hier'
            (p.compile(r"(?<!\w)(?P<rel>{r})(?!\w)", r="dates.relative_days_article"), "rel_article"),
            # 'the day before', 'la veille'
            (p.compile(r"(?<!\w)(?P<rel>{r})(?!\w)", r="dates.relative_days_previous"), "rel_previous"),
            # a bare year after a lead word: 'by 2030', 'd'ici 2030'
            (p.compile(r"\b{lead}\s+(?P<year>(?:19|20)\d\d)\b(?![\d/-]|[.,]\d)", lead="dates.bare_year_lead"), "year"),
        ]
        self.time_before = p.compile(r"(?:{t})\s*,?\s*(?:(?:{link})\s+)?$", t="dates.time", link="dates.time_date_link")
        self.time_after = p.compile(r"^\s*,?\s*(?:(?:{link})\s+)?(?:{t})", t="dates.time", link="dates.date_time_link")
        self.span_numbers = p.mapping("dates.span_numbers")
        self.span_units = p.mapping("dates.span_units")
        self.span_rx = p.compile(r"\b(?:{lead})\s*(?P<n>\d+|{num})\s+(?P<unit>{unit})\b", lead="dates.span_lead",
                                 num="dates.span_numbers", unit="dates.span_units")
        self.period_lead = p.compile(r"(?:^|\W)(?:{lead})\s*(?:the\s+)?$", lead="dates.period_lead")


@lru_cache(maxsize=8)
def grammar(lang: str) -> _Grammar:
    return _Grammar(lang)


def find_dates(text: str, lang: str = "en", *, year: int | None = None, ref: str | None = None) -> list[DateMention]:
    """Every date in ``text``, left to right, without overlaps.

    ``year`` is given to year-less dates, ``ref`` (an ISO date, the article's own) anchors
    "yesterday". A time of day written next to a date joins the date's span.

    >>> [d.value for d in find_dates("du 1er juillet au 15 septembre 2025", "fr", year=2025)]
    ['2025-07-01', '2025-09-15']
    >>> [d.value for d in find_dates("on the afternoon of September 17", "en", year=2025)]
    ['2025-09-17']
    >>> [d.value for d in find_dates("Báo Nhân dân01/10/2025")]
    ['2025-10-01']
    >>> [d.value for d in find_dates("as of 5 p.m. on July 10, by the end of June, before the end of the year", year=2025)]
    ['2025-07-10', '2025-06', '2025']
    >>> [d.value for d in find_dates("Le 4 octobre ... La veille, ... l'an dernier", "fr", year=2025)]
    ['2025-10-04', '2025-10-03', '2024']
    >>> t = "as of 5 p.m. on July 10"; d = find_dates(t, year=2025)[0]; t[d.start:d.end]
    '5 p.m. on July 10'
    >>> [d.value for d in find_dates("tính đến 17 giờ ngày 25/8, hết tháng 7, trước 15/10, năm ngoái", "vi", year=2025)]
    ['2025-08-25', '2025-07', '2025-10-15', '2024']
    >>> [d.value for d in find_dates("Công điện 141/CĐ-TTg: 85/148 xã, ngày 12 tháng 3 năm 2025", "vi", year=2025)]
    ['2025-03-12']
    """
    g = grammar(lang)
    low = fold(text)
    found: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for rx, kind in g.patterns:
        for m in rx.finditer(low):
            grp = "month" if kind == "month" else ("rel" if kind.startswith("rel") else ("year" if kind == "year" else 0))
            a, b = m.span(grp)
            if any(a < y2 and x < b for x, y2 in taken):
                continue
            value = _value(g, m, kind, year, ref)
            if value is None:
                continue
            found.append((a, b, value, kind))
            taken.append((a, b))
    found.sort()
    out: list[DateMention] = []
    last_day: str | None = None
    for a, b, value, kind in found:
        if kind == "rel_previous":
            if not last_day:
                continue
            value = (date.fromisoformat(last_day) + timedelta(days=int(value))).isoformat()
        if len(value) == 10:
            if not g.period_lead.search(low[max(0, a - 40):a]):
                last_day = value     # 'the same day' is the day of the last event, not of a deadline
            a, b = _with_time(g, low, a, b)
        out.append(DateMention(a, b, value))
    return out


def _value(g: _Grammar, m: re.Match, kind: str, year: int | None, ref: str | None) -> str | None:
    gd = m.groupdict()
    if kind == "rel_year":
        return f"{year + int(g.rel_years[m.group('rel')]):04d}" if year else None
    if kind == "rel_article":
        if not ref or len(ref) != 10:
            return None
        return (date.fromisoformat(ref) + timedelta(days=int(g.rel_article[m.group("rel")]))).isoformat()
    if kind == "rel_previous":
        return str(g.rel_previous[m.group("rel")])   # resolved against the previous date by the caller
    if kind == "year":
        return gd["year"]
    y = int(gd["year"]) if gd.get("year") else year
    if y is None:
        return None
    mon = g.months[gd["month"]] if gd.get("month") else int(gd["mon"])
    if not 1 <= mon <= 12:
        return None
    if gd.get("day"):
        try:
            return date(y, mon, int(gd["day"])).isoformat()
        except ValueError:
            return None
    return f"{y:04d}-{mon:02d}"


def _with_time(g: _Grammar, low: str, a: int, b: int) -> tuple[int, int]:
    """Widen a day's span over a time written next to it ('5 p.m. on July 10', '10 juillet à 17h00')."""
    lo = max(0, a - 30)
    before = g.time_before.search(low[lo:a])
    if before:
        a = lo + before.start()
    after = g.time_after.search(low[b:b + 30])
    if after:
        b = b + after.end()
    return a, b


def is_period_start(text_before: str, lang: str) -> bool:
    """True when the words right before a date make it a period bound, a reference or a deadline
    ('from', 'as of', 'by', 'depuis', 'au', 'avant le'), not the day something happened.

    >>> is_period_start("figures as of ", "en"), is_period_start("chaired a meeting on ", "en")
    (True, False)
    """
    return bool(grammar(lang).period_lead.search(fold(text_before[-40:])))


def relative_deadline(text: str, anchor: str | None, lang: str | None = None) -> tuple[int, int, str] | None:
    """"within 1 week" counted from the anchor date -> (start, end, ISO date).

    >>> relative_deadline("resolved within 1 week.", "2025-10-01")[2]
    '2025-10-08'
    >>> relative_deadline("dans un délai de deux semaines", "2025-10-01")[2]
    '2025-10-15'
    """
    if not anchor or len(anchor) != 10:
        return None
    low = fold(text)
    for g in ([grammar(lang)] if lang else [grammar(x) for x in available_languages()]):
        m = g.span_rx.search(low)
        if m:
            break
    else:
        return None
    n = int(m.group("n")) if m.group("n").isdigit() else int(g.span_numbers[m.group("n")])
    unit = g.span_units[m.group("unit")]
    base = date.fromisoformat(anchor)
    if unit == "day":
        d = base + timedelta(days=n)
    elif unit == "week":
        d = base + timedelta(weeks=n)
    else:
        month = base.month - 1 + n
        y, mo = base.year + month // 12, month % 12 + 1
        day = min(base.day, 28)
        d = date(y, mo, day)
    return m.start(), m.end(), d.isoformat()


_ISO_DATE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
ISO_DATE_EXAMPLES = "2025-10-08, 2025-10 or 2025"
"""The forms ``check_iso_date`` accepts, as error messages and help texts show them."""


def check_iso_date(value: str, name: str = "date") -> str:
    """``value`` if it is a real ISO date, precise to the day, the month or the year.

    The one check behind every option and parameter that takes a date (``kg export --since`` and
    ``--until``): the form must be ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, and the day must be in
    the calendar (no month 13, no 30 February).

    Args:
        value: the text to check; surrounding spaces are dropped.
        name: what the date is for (``--since``, ``parameter month``), named in the error.

    Returns:
        The date, stripped.

    Raises:
        InvalidDate: not of one of those forms, or not a day of the calendar.

    >>> check_iso_date("2024-02-29"), check_iso_date(" 2025-10 "), check_iso_date("2025")
    ('2024-02-29', '2025-10', '2025')
    >>> check_iso_date("2025-02-30", "--since")
    Traceback (most recent call last):
    kg.errors.InvalidDate: [KG-E025] --since wants an ISO date (2025-10-08, 2025-10 or 2025), got '2025-02-30': 2025-02 has no day 30
    """
    text = value.strip() if isinstance(value, str) else ""
    m = _ISO_DATE.fullmatch(text)
    problem = None
    if not m:
        problem = "not of the form YYYY-MM-DD, YYYY-MM or YYYY"
    elif int(m["year"]) == 0:
        problem = "there is no year 0000"
    elif m["month"] and not 1 <= int(m["month"]) <= 12:
        problem = f"there is no month {m['month']}"
    elif m["day"]:
        try:
            date(int(m["year"]), int(m["month"]), int(m["day"]))
        except ValueError:
            problem = f"{m['year']}-{m['month']} has no day {m['day']}"
    if problem:
        raise InvalidDate(f"{name} wants an ISO date ({ISO_DATE_EXAMPLES}), got {value!r}: {problem}")
    return text
