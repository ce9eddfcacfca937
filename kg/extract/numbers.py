"""Numbers as news text prints them, and as machine translation damages them.

``141,444`` / ``141 444`` (no-break spaces too) / ``78,38 %`` / ``78 38 %`` (comma lost) /
``14,5 millions`` / ``1.7 trillion VND`` / ``1 000 milliards de VND`` / ``VND2,615bn`` /
``296/3,321`` (value and total) / ``2,030 to 2,293`` and ``50 % à 95 %`` (two ends of a range) /
number words (``two million``, ``deux millions``), with their qualifiers (about, près de, ...).
Dates, years, document numbers and "two-level" are not figures.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from kg.text import fold


@dataclass(frozen=True)
class NumberMention:
    start: int
    end: int
    text: str
    value: Decimal
    unit: str | None = None
    qualifier: str | None = None
    total: Decimal | None = None
    range_role: str | None = None


_SCALE = {
    "en": {"thousand": 10**3, "million": 10**6, "millions": 10**6, "billion": 10**9, "billions": 10**9,
           "trillion": 10**12, "trillions": 10**12, "bn": 10**9, "tn": 10**12, "mn": 10**6, "m": 10**6, "k": 10**3},
    "fr": {"mille": 10**3, "millier": 10**3, "milliers": 10**3, "million": 10**6, "millions": 10**6,
           "milliard": 10**9, "milliards": 10**9, "billion": 10**12, "billions": 10**12, "bn": 10**9, "md": 10**9,
           "mds": 10**9, "thousand": 10**3, "trillion": 10**12},
}
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "hundred": 100, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
          "huit": 8, "neuf": 9, "dix": 10, "cent": 100}
_QUALIFIERS = [
    (r"about|around|approximately|some|roughly|environ|quelque|approximativement|d'environ|de l'ordre de", "about"),
    (r"nearly|near|almost|close to|pres de|presque|quasiment|pratiquement", "nearly"),
    (r"more than|over|above|in excess of|plus de|au-dela de|superieur a|upwards of", "more than"),
    (r"less than|under|below|fewer than|moins de|inferieur a", "less than"),
    (r"at least|au moins|minimum", "at least"),
    (r"up to|jusqu'a|as many as", "up to"),
    (r"an average of|on average|average|en moyenne|moyenne de", "average"),
]
_QUAL_RX = re.compile(r"(?:^|[\s(])(" + "|".join(p for p, _ in _QUALIFIERS) + r")\s*$")
_NUM = re.compile(
    r"(?:(?<![\w/.,-])|(?<=VND)|(?<=VNĐ)|(?<=\$))"
    r"(?P<num>\d{1,3}(?:(?:[,.]|[ \u00a0\u202f])\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?P<frac>[ \u00a0\u202f]\d{1,2}(?=\s*%))?"
    r"(?![\w]|/[^\d]|-[A-Za-z]|[.,]\d)")
_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre")


def _to_decimal(raw: str, lang: str) -> Decimal | None:
    s = raw.replace("\u00a0", " ").replace("\u202f", " ")
    if " " in s:
        parts = s.split(" ")
        if all(len(p) == 3 for p in parts[1:]) or re.fullmatch(r"\d{1,3}( \d{3})+([.,]\d+)?", s):
            s = s.replace(" ", "")
        else:
            return None
    if "," in s and "." in s:
        # 1,383.5 (en) or 1.383,5 (fr)
        s = s.replace(",", "") if s.rfind(".") > s.rfind(",") else s.replace(".", "").replace(",", ".")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        groups = s.split(",")
        if lang == "en" and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(",", "")
        elif lang != "en" and len(groups) > 2 and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(",", "")
        else:
            s = head.replace(",", "") + "." + tail
    elif "." in s:
        groups = s.split(".")
        if lang != "en" and all(len(g) == 3 for g in groups[1:]):
            s = s.replace(".", "")
        elif len(groups) > 2:
            s = s.replace(".", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _tidy(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def parse_number(text: str, lang: str = "en") -> Decimal | None:
    """One number expression alone.

    >>> parse_number("1 000 milliards", "fr")
    Decimal('1000000000000')
    >>> parse_number("78 38 %", "fr")
    Decimal('78.38')
    """
    found = find_numbers(text, lang)
    return found[0].value if found else None


def _is_date_or_id(low: str, s: int, e: int, raw: str) -> bool:
    before, after = low[max(0, s - 25):s], low[e:e + 25]
    if re.match(r"\s*(?:" + _MONTHS + r")\b", after) or re.search(r"\b(?:" + _MONTHS + r")\.?\s*$", before):
        return True
    if re.match(r"(?:er|st|nd|rd|th)\b", after):
        return True
    if re.match(r"\s*[-–]?\s*(?:level|levels|niveaux?|tier)\b", after) or re.match(r"\s*-\s*(?:cap|level)\b", after):
        return True
    if re.match(r"\s*:\s*\d", after) or re.match(r"\s*h\s*\d", after):
        return True
    if re.fullmatch(r"(19|20)\d\d", raw):
        return True
    if re.search(r"(?:\bno\.?|\bn°|\bnumber|\bnumero|\bso)\s*$", before):
        return True
    return False


def find_numbers(text: str, lang: str = "en") -> list[NumberMention]:
    """Every figure in ``text`` with its unit, qualifier, total and range role.

    >>> [(m.value, m.unit, m.qualifier) for m in find_numbers("about 6.6 million records, on time is 91%")]
    [(Decimal('6600000'), None, 'about'), (Decimal('91'), 'percent', None)]
    >>> [(m.value, m.total) for m in find_numbers("296/3 321 unites", "fr")]
    [(Decimal('296'), Decimal('3321'))]
    """
    lang = "fr" if lang == "fr" else "en"
    low = fold(text)
    out: list[NumberMention] = []
    scales = _SCALE[lang]
    scale_rx = re.compile(r"\s*(" + "|".join(sorted(scales, key=len, reverse=True)) + r")\b")
    taken_until = -1
    for m in _NUM.finditer(text):
        s, e = m.start(), m.end()
        if s < taken_until:
            continue
        raw = m.group("num")
        if m.group("frac"):
            value = _to_decimal(raw, lang)
            if value is not None and "," not in raw and "." not in raw and " " not in raw:
                value = Decimal(raw + "." + m.group("frac").strip())
        else:
            value = _to_decimal(raw, lang)
            if value is None and " " in raw.replace("\u00a0", " "):
                # "78 38 %" style went through frac; otherwise keep the first group only
                first = re.match(r"\d+", raw).group(0)
                value, e = Decimal(first), s + len(first)
        if value is None:
            continue
        if _is_date_or_id(low, s, e, text[s:e]):
            continue
        prev = text[max(0, s - 1):s]
        if prev in ("/",):
            continue
        unit, total, qualifier = None, None, None
        # ratio 296/3,321
        r = re.compile(r"/(\d{1,3}(?:(?:[,.]|[ \u00a0\u202f])\d{3})+|\d+)(?![\w/-])").match(text, e)
        if r and re.match(r"[/-][A-Za-zĐ]|/\d", text[r.end():r.end() + 2]):
            continue  # a document number: 178/2024/ND-CP
        if r:
            tot = _to_decimal(r.group(1), lang)
            if tot is not None and tot >= value:
                total, e = tot, r.end()
            else:
                continue
        # scale words
        sc = scale_rx.match(low, e)
        if sc and not (sc.group(1) in ("m", "k", "mn") and not re.search(r"(vnd|usd|\$)", low[max(0, s - 6):s])):
            value *= scales[sc.group(1)]
            e = sc.end()
        # percent
        pc = re.compile(r"\s*(%|percent|per cent|pour cent|pourcent)").match(low, e)
        if pc:
            unit, e = "percent", pc.end()
        cur = re.compile(r"\s*(?:de\s+|d')?(vnd|vnđ|dong|đồng|usd|dollars?|us\$)\b").match(low, e)
        if cur:
            unit = "VND" if cur.group(1) in ("vnd", "vnđ", "dong", "đồng") else "USD"
            e = cur.end()
        before = low[max(0, s - 8):s]
        if re.search(r"(vnd|vnđ)\s*$", before):
            unit = "VND"
        elif re.search(r"(us\$|\$|usd)\s*$", before):
            unit = "USD"
        q = _QUAL_RX.search(low[max(0, s - 30):s])
        if q:
            for pattern, canon in _QUALIFIERS:
                if re.fullmatch(pattern, q.group(1)):
                    qualifier = canon
                    break
        out.append(NumberMention(s, e, text[s:e], _tidy(value), unit, qualifier, total, None))
        taken_until = e
    # number words: "two million", "deux millions"
    for m in re.finditer(r"\b(" + "|".join(_WORDS) + r")\s+(" + "|".join(k for k in scales if len(k) > 3) + r")\b", low):
        if any(x.start <= m.start() < x.end for x in out):
            continue
        value = Decimal(_WORDS[m.group(1)] * scales[m.group(2)])
        q = _QUAL_RX.search(low[max(0, m.start() - 30):m.start()])
        qual = next((c for p, c in _QUALIFIERS if q and re.fullmatch(p, q.group(1))), None)
        out.append(NumberMention(m.start(), m.end(), text[m.start():m.end()], value, None, qual))
    out.sort(key=lambda x: x.start)
    # ranges: "2,030 to 2,293", "entre 2 030 et 2 293", "50 % à 95 %"
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = low[a.end:b.start]
        lead = low[max(0, a.start - 12):a.start]
        if re.fullmatch(r"\s*(?:to|a|-|–|and|et)\s*", gap) and (re.fullmatch(r"\s*(?:to|a|-|–)\s*", gap) or re.search(r"(between|entre)\s*$", lead)):
            unit = b.unit or a.unit
            out[i] = replace(a, unit=unit, range_role="lower")
            out[i + 1] = replace(b, unit=unit, range_role="upper")
    return out
