"""Number mentions in English and French news text, as printed and as translation damages them.

Handled styles (both languages unless noted):

* thousands separators: ``141,444`` (en), ``141 444`` / no-break / narrow no-break spaces,
  ``141.444`` (fr, groups of exactly three digits), ``1,383,000`` / ``1.383.000`` (several groups);
* decimals: ``6.6`` (en), ``78,38`` (fr), ``1,383.5`` (en), ``1 383,5`` / ``1.383,5`` (fr);
* decimal comma lost by translation: ``78 38 %`` is 78.38 (one or two digits after the space,
  then a percent sign); three digits after a space are always a thousands group;
* percent: ``91%``, ``91 %``, ``91 percent``, ``91 per cent``, ``91 pour cent``;
* scale words: thousand / million / billion (1e9) / trillion (1e12) in English, mille / millier /
  million / milliard (1e9) / billion (1e12, long scale) in French, chained (``thousand billion``,
  ``mille milliards``); ``bn`` / ``tn`` after a number, ``m`` / ``mn`` / ``k`` / ``md`` only with a
  currency (``VND2,615bn``, ``$1.2bn``, ``$5m``);
* currencies before or after: ``VND`` ``VNĐ`` ``dong`` ``đồng`` ``đ`` -> ``'VND'``;
  ``USD`` ``US$`` ``$`` ``dollars`` -> ``'USD'``; ``1 000 milliards de VND``;
* qualifiers just before the number (or before its currency), mapped to a canonical English set:
  about, nearly, more than, less than, at least, up to, average;
* ratios ``296/3,321`` (value 296, total 3321); ranges ``2,030 to 2,293``, ``between ... and``,
  ``entre ... et``, ``50 % à 95 %``, ``50-95%`` (two mentions, ``lower`` / ``upper``; the upper
  end's unit, and its scale word when the lower bound is smaller, carry over to the lower end);
* number words: ``two million``, ``one hundred``, ``twenty-five``, ``deux millions``,
  ``trois mille``, ``cent``, ``quatre-vingt-dix`` (a lone word below ten is not a mention).

Not reported: document numbers (``178/2024/ND-CP``, ``195-KL/TW``, ``No. 18``, ``Decree 178``),
years used as years (``in 2025``, ``September 5, 2025``, ``(2025)``, ``2021-2025``), day numbers
of dates (``September 15``, ``15 septembre``, ``1er juillet``, ``01/10/2025``), times (``14:00``,
``14h30``), ordinals (``3rd``, ``2e``), list markers (``1.`` at a line start), and the number in
``2-level`` / ``two-level`` / ``à 2 niveaux``.

Only the standard library is used.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

__all__ = ["NumberMention", "find_numbers", "parse_number"]


@dataclass(frozen=True)
class NumberMention:
    """One number mentioned in a text.

    Attributes:
        start: Offset of the first character (a currency prefix such as ``VND`` or ``$`` glued
            or next to the number is included; a qualifier is not).
        end: Offset just after the last character (scale word, ``%`` or currency included).
        text: The surface text, ``text[start:end]``.
        value: The normalised value with scale words applied.
        unit: ``'percent'``, ``'VND'``, ``'USD'`` or ``None``.
        qualifier: ``'about'``, ``'nearly'``, ``'more than'``, ``'less than'``, ``'at least'``,
            ``'up to'``, ``'average'`` or ``None``.
        total: The denominator of a ratio such as ``296/3,321``, else ``None``.
        range_role: ``'lower'`` or ``'upper'`` for the two ends of a range, else ``None``.
    """

    start: int
    end: int
    text: str
    value: Decimal
    unit: str | None = None
    qualifier: str | None = None
    total: Decimal | None = None
    range_role: str | None = None


# --------------------------------------------------------------------------- folding

_SPECIAL = {
    "đ": "d", "Đ": "d", "ð": "d", "ø": "o", "ł": "l", "’": "'", "‘": "'", "ʼ": "'", "`": "'",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2008": " ", "\t": " ",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-", "％": "%",
}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


def _fold(text: str) -> str:
    """Lower case, no diacritics, one character per input character (offsets are preserved)."""
    return "".join(_fold_char(c) for c in text)


# --------------------------------------------------------------------------- vocabularies

_SP = r"[ ]"  # after folding every horizontal space is a plain space
_MONTHS_FULL = ("january|february|march|april|may|june|july|august|september|october|november|december|"
                "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre")
_MONTHS_ABBR = "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"

_SCALE_WORDS = {
    "en": {"hundred": 100, "thousand": 10**3, "thousands": 10**3, "million": 10**6, "millions": 10**6,
           "billion": 10**9, "billions": 10**9, "trillion": 10**12, "trillions": 10**12},
    "fr": {"mille": 10**3, "millier": 10**3, "milliers": 10**3, "million": 10**6, "millions": 10**6,
           "milliard": 10**9, "milliards": 10**9, "billion": 10**12, "billions": 10**12},
}
_ABBR_FREE = {"bn": 10**9, "tn": 10**12}            # unambiguous after a number
_ABBR_MONEY = {"mn": 10**6, "m": 10**6, "k": 10**3, "md": 10**9, "mds": 10**9, "mrd": 10**9, "mrds": 10**9}

_QUALIFIERS = {
    "about": ["about", "around", "approximately", "approx.", "roughly", "some", "circa", "environ",
              "quelque", "approximativement", "autour de", "aux alentours de", "de l'ordre de",
              "a peu pres"],
    "nearly": ["nearly", "near", "almost", "close to", "pres de", "pres d'", "presque", "quasiment",
               "pratiquement", "pas loin de", "pas loin d'"],
    "more than": ["more than", "over", "above", "in excess of", "upwards of", "exceeding", "plus de",
                  "plus d'", "au-dela de", "au-dela d'", "au dela de", "superieur a", "superieure a",
                  "superieurs a", "superieures a"],
    "less than": ["less than", "under", "below", "fewer than", "moins de", "moins d'", "inferieur a",
                  "inferieure a", "inferieurs a", "inferieures a"],
    "at least": ["at least", "au moins", "a minimum of", "minimum of", "au minimum"],
    "up to": ["up to", "jusqu'a", "as many as", "as much as"],
    "average": ["an average of", "average of", "on average", "en moyenne", "une moyenne de",
                "moyenne de", "average"],
}
_QUAL_GROUPS = {"about": "about", "nearly": "nearly", "more": "more than", "less": "less than",
                "least": "at least", "upto": "up to", "average": "average"}


def _phrase_rx(phrase: str) -> str:
    rx = re.escape(phrase).replace(r"\ ", _SP + "+")
    return rx if phrase.endswith("'") else rx + _SP + "*"


_QUAL_RX = re.compile(
    r"(?<![a-z0-9])(?:" + "|".join(
        f"(?P<{g}>" + "|".join(_phrase_rx(p) for p in sorted(_QUALIFIERS[c], key=len, reverse=True)) + ")"
        for g, c in _QUAL_GROUPS.items()) + r")$")

_PCT_RX = re.compile(_SP + r"*(?:%|percent(?![a-z])|per" + _SP + r"?cent(?![a-z])|pour" + _SP
                     + r"?cent(?![a-z])|pourcents?(?![a-z]))")
_CUR_AFTER_RX = re.compile(
    _SP + r"*(?:(?:de|d')" + _SP + r"*)?(?P<cur>vnd|dongs?|usd|us" + _SP + r"?\$|us" + _SP + r"dollars?|"
    r"dollars?(?:" + _SP + r"+(?:us|americains?|des etats-unis))?)(?![a-z])")
_CUR_BEFORE_RX = re.compile(r"(?<![a-z])(?P<cur>vnd|usd|us" + _SP + r"?\$|\$)" + _SP + r"?$")
_LEVEL_RX = re.compile(r"[ -]*(?:levels?|tiers?|cap|niveaux?|echelons?)(?![a-z])")
_ORDINAL_RX = re.compile(r"(?:st|nd|rd|th|er|ere|re|e|eme|ieme|em)(?![a-z])")
_TIME_RX = re.compile(r"(?::[0-9]|h(?:[0-9]{2})?(?![a-z])|" + _SP + r"h(?:" + _SP + r"?[0-9]{2})?(?![a-z])|"
                      + _SP + r"?(?:am|pm|a\.m\.|p\.m\.)(?![a-z]))")
_DOC_BEFORE_RX = re.compile(
    r"(?:(?<![a-z])(?:no|nos|number|numero|nr|decree|decrees|decret|decision|decisions|resolution|"
    r"resolutions|conclusion|directive|circular|circulaire|dispatch|depeche|law|loi|article|articles|"
    r"clause|clauses|point|chapter|chapitre|section|item|paragraph|paragraphe|annex|annexe|appendix|"
    r"alinea|item|district|ward|quan|phuong|phase|stage|session|khoa|arrondissement|etape|page|version|"
    r"hotline)"
    r"\.?|[#°º№])" + _SP + r"*$")
_YEAR_BEFORE_RX = re.compile(
    r"(?<![a-z])(?:in|by|since|until|till|from|to|of|year|years|during|before|after|early|late|mid|"
    r"end|circa|through|throughout|en|d'ici|depuis|avant|apres|des|jusqu'en|annee|annees|an|fin|debut|"
    r"mi|vers|nam|fiscal)" + _SP + r"*$")
_MONTH_AFTER_RX = re.compile(_SP + r"+(?:of" + _SP + r"+)?(?P<m>" + _MONTHS_FULL + "|" + _MONTHS_ABBR
                             + r")(?![a-z])")
_MONTH_BEFORE_RX = re.compile(r"(?<![a-z])(?P<m>" + _MONTHS_FULL + "|" + _MONTHS_ABBR + r")\.?" + _SP
                              + r"+(?:the" + _SP + r"+)?$")
_MONTH_DAY_BEFORE_RX = re.compile(r"(?<![a-z])(?P<m>" + _MONTHS_FULL + "|" + _MONTHS_ABBR + r")\.?,?" + _SP
                                  + r"*(?:[0-9]{1,2}(?:st|nd|rd|th|er)?,?" + _SP + r"*)?$")
_SPAN_RX = re.compile(r"[0-9]+(?:[., ][0-9]+)*")

# number words
_EN_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
del _EN_SMALL["zero"]
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_FR_SMALL = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
             "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15,
             "seize": 16}
_FR_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_WORD_TABLES = {
    "en": (_EN_SMALL, _EN_TENS, {"hundred": 100},
           {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}),
    "fr": (_FR_SMALL, _FR_TENS, {"cent": 100, "cents": 100},
           {"mille": 10**3, "millier": 10**3, "milliers": 10**3, "million": 10**6, "millions": 10**6,
            "milliard": 10**9, "milliards": 10**9, "billion": 10**12, "billions": 10**12}),
}


# --------------------------------------------------------------------------- helpers

@dataclass
class _Piece:
    start: int
    end: int
    value: Decimal
    digits: str          # integer digits as written (no separators)
    grouped: bool        # a thousands separator was used
    decimal: bool
    bad: bool = False


@dataclass
class _Cand:
    start: int
    end: int
    value: Decimal
    bare: Decimal
    scale: int = 1
    unit: str | None = None
    qualifier: str | None = None
    qual_start: int = -1
    total: Decimal | None = None
    year_like: bool = False
    weak: bool = False
    word: bool = False
    role: str | None = None


def _norm(d: Decimal) -> Decimal:
    if d == d.to_integral_value():
        return Decimal(int(d))
    return d.normalize()


def _split_span(low: str, start: int, end: int, lang: str) -> list[_Piece]:
    """Cut a run of digits and separators into numbers, applying the language's conventions."""
    runs = [(m.start() + start, m.end() + start) for m in re.finditer(r"[0-9]+", low[start:end])]
    n = len(runs)

    def sep(j: int) -> str:
        c = low[runs[j - 1][1]]
        return "space" if c == " " else c

    def glen(j: int) -> int:
        return runs[j][1] - runs[j][0]

    pieces: list[_Piece] = []
    i = 0
    while i < n:
        g0 = low[runs[i][0]:runs[i][1]]
        digits, frac, kind = g0, None, None
        j = i + 1
        while j < n:
            cls, g = sep(j), low[runs[j][0]:runs[j][1]]
            if len(g) == 3 and len(g0) <= 3 and kind in (None, cls):
                if cls == "space":
                    ok = True
                elif (cls == "," and lang == "en") or (cls == "." and lang == "fr"):
                    ok = True
                else:   # fr comma / en dot: thousands only when several groups say so
                    ok = kind == cls or (j + 1 < n and sep(j + 1) == cls and glen(j + 1) == 3)
                if ok:
                    digits += g
                    kind = cls
                    j += 1
                    continue
            if cls in (",", "."):
                frac = g
                j += 1
            elif len(g) <= 2 and len(g0) <= 3 and _PCT_RX.match(low, runs[j][1]):
                frac = g        # '78 38 %': the decimal comma was lost
                j += 1
            break
        piece = _Piece(runs[i][0], runs[j - 1][1], Decimal(digits + ("." + frac if frac else "")),
                       digits, kind is not None, frac is not None)
        pieces.append(piece)
        if j < n and sep(j) != "space":
            # '1.2.3', '6.6.6': a version or code, not a figure; skip to the next space-separated run
            piece.bad = True
            while j < n and sep(j) != "space":
                j += 1
            piece.end = runs[j - 1][1]
        i = j
    return pieces


def _first_number_at(low: str, pos: int, lang: str) -> _Piece | None:
    m = _SPAN_RX.match(low, pos)
    if not m:
        return None
    pieces = _split_span(low, m.start(), m.end(), lang)
    return pieces[0] if pieces and not pieces[0].bad else None


def _qualifier(low: str, pos: int) -> tuple[str | None, int]:
    m = _QUAL_RX.search(low, max(0, pos - 30), pos)
    if not m:
        return None, -1
    for g, canon in _QUAL_GROUPS.items():
        if m.group(g):
            return canon, m.start()
    return None, -1  # pragma: no cover


def _currency(word: str) -> str:
    return "VND" if word.startswith(("vnd", "dong")) else "USD"


def _currency_after(text: str, low: str, pos: int) -> tuple[str | None, int]:
    m = _CUR_AFTER_RX.match(low, pos)
    if m:
        cur = m.group("cur")
        if cur.startswith("dong"):
            # 'Dong Nai', 'Dong Thap': a place name, not the currency
            a = m.start("cur")
            rest = text[m.end():m.end() + 2]
            if text[a] == "D" and len(rest) == 2 and rest[0] == " " and rest[1].isupper():
                return None, pos
        return _currency(cur), m.end()
    if pos < len(text) and text[pos] == "đ" and (pos + 1 == len(low) or not low[pos + 1].isalpha()):
        return "VND", pos + 1
    return None, pos


def _is_month(text: str, m: re.Match) -> bool:
    """'may' is a month only when capitalised."""
    return m.group("m") != "may" or text[m.start("m")] == "M"


def _scale_after(low: str, pos: int, lang: str, money: bool) -> tuple[int, int]:
    """Scale words after a number: (multiplier, end)."""
    words = _SCALE_WORDS[lang]
    m = re.compile(_SP + r"*([a-z]+)(?![a-z])").match(low, pos)
    if not m:
        return 1, pos
    w = m.group(1)
    glued_or_one = m.start(1) - pos <= 1
    if w in words:
        scale, end = words[w], m.end()
    elif w in _ABBR_FREE and glued_or_one:
        return _ABBR_FREE[w], m.end()
    elif w in _ABBR_MONEY and glued_or_one and (money or _CUR_AFTER_RX.match(low, m.end())):
        return _ABBR_MONEY[w], m.end()
    else:
        return 1, pos
    while True:   # 'thousand billion', 'mille milliards'
        m2 = re.compile(_SP + r"+([a-z]+)(?![a-z])").match(low, end)
        if not (m2 and m2.group(1) in words and words[m2.group(1)] > scale):
            return scale, end
        scale *= words[m2.group(1)]
        end = m2.end()


def _line_start_marker(low: str, s: int, e: int) -> bool:
    line_start = low.rfind("\n", 0, s) + 1
    head = low[line_start:s]
    if not re.fullmatch(r"[ *\-•]*\(?", head):
        return False
    if e - s > 2 or not low[s:e].isdigit():
        return False
    return bool(re.match(r"[.)] +[^ \n]", low[e:])) or (head.endswith("(") and low[e:e + 1] == ")")


# --------------------------------------------------------------------------- digits

def _suffix_and_prefix(text: str, low: str, lang: str, s: int, e: int, cand: _Cand, floor: int) -> _Cand:
    """Scale words, percent, currency after; currency and qualifier before."""
    unit = None
    pre = _CUR_BEFORE_RX.search(low, max(floor, s - 5), s)
    if pre:
        unit = _currency(pre.group("cur"))
        cand.start = pre.start()
    if cand.total is None and not cand.word:
        scale, e2 = _scale_after(low, e, lang, unit is not None)
        if scale != 1:
            cand.scale = scale
            cand.value = cand.bare * scale
            e = e2
    pct = _PCT_RX.match(low, e)
    if pct:
        unit, e = "percent", pct.end()
    else:
        cur, e2 = _currency_after(text, low, e)
        if cur:
            unit, e = cur, e2
    cand.unit = unit
    cand.end = e
    cand.qualifier, cand.qual_start = _qualifier(low, cand.start)
    return cand


def _digit_candidates(text: str, low: str, lang: str) -> list[_Cand]:
    out: list[_Cand] = []
    years: list[int] = []          # ends of numbers recognised as years
    pos = 0
    floor = 0                      # nothing before this offset may be re-used as a currency prefix
    while True:
        span = _SPAN_RX.search(low, pos)
        if not span:
            break
        skip = span.start()        # pieces starting before this were consumed by a previous one
        for p in _split_span(low, span.start(), span.end(), lang):
            if p.start < skip or p.bad:
                continue
            cand, skip = _digit_piece(text, low, lang, p, floor, years)
            if cand is not None:
                out.append(cand)
                floor = cand.end
        pos = max(span.end(), skip)
    return out


def _digit_piece(text: str, low: str, lang: str, p: _Piece, floor: int,
                 years: list[int]) -> tuple[_Cand | None, int]:
    """One number of a digit run: the mention (or None when it is not a figure) and where to go on."""
    s, e = p.start, p.end
    c = low[s - 1] if s else " "
    c2 = low[s - 2] if s >= 2 else " "
    # ---- left boundary: identifiers and codes ('QH15', 'KL-195', 'No.18', '/2024')
    if c.isalpha() and not re.search(r"(?<![a-z])(?:vnd|usd)$", low[max(0, s - 4):s]):
        return None, _skip_token(low, e)
    if c in "/#°º№" or (c == "-" and c2.isalpha()) or (c in ".,:" and c2.isalnum()):
        return None, _skip_token(low, e)
    # ---- times: '14:00', '14h30', '8 h', '2 pm'
    if _TIME_RX.match(low, e):
        return None, (re.compile(r"[0-9:]*").match(low, e).end() if low[e] == ":" else e)
    cand = _Cand(s, e, p.value, p.value)
    cand.year_like = not p.grouped and not p.decimal and len(p.digits) == 4 and 1900 <= int(p.digits) <= 2100
    # ---- chains: ratios, dates, document numbers, hyphen ranges
    if e + 1 < len(low) and low[e] in "/-" and low[e + 1].isdigit():
        parts, seps, q = [p], [], e
        while q + 1 < len(low) and low[q] in "/-" and low[q + 1].isdigit():
            nxt = _first_number_at(low, q + 1, lang)
            if nxt is None:
                break
            parts.append(nxt)
            seps.append(low[q])
            q = nxt.end
        ident = q < len(low) and (low[q].isalpha() or (
            low[q] in "/-" and q + 1 < len(low) and (low[q + 1].isalnum())))
        if ident or len(parts) != 2:
            return None, _skip_token(low, q)
        a, b = parts
        if seps[0] == "/":
            if _is_date_pair(low, s, a, b):
                return None, b.end
            cand.total = b.value
            cand.end = e = b.end
            cand.year_like = False
        elif cand.year_like and not b.grouped and not b.decimal and len(b.digits) == 4 \
                and 1900 <= int(b.digits) <= 2100:
            years.append(b.end)          # '2021-2025'
            return None, b.end
        # else 'a-b': a range whose upper end is read on the next turn
    elif e + 1 < len(low) and low[e] in "/-" and low[e + 1].isalpha():
        if low[e] == "/" or text[e + 1].isupper() or _LEVEL_RX.match(low, e):
            return None, _skip_token(low, e)
    # ---- glued ordinals ('3rd', '1er', '2e') and level words ('2-level', 'à 2 niveaux')
    if e < len(low) and low[e].isalpha() and _ORDINAL_RX.match(low, e):
        return None, _skip_token(low, e)
    if _LEVEL_RX.match(low, e):
        return None, e
    cand = _suffix_and_prefix(text, low, lang, s, e, cand, floor)
    if cand.end == e and e < len(low) and low[e].isalpha():
        return None, _skip_token(low, e)      # '5G', '100km'
    if cand.unit or cand.scale != 1:
        cand.year_like = False
    if lang == "en" and cand.unit == "VND" and cand.scale == 1 and cand.total is None \
            and re.fullmatch(r"[0-9]{1,3}\.[0-9]{3}", low[s:e]):
        cand.value = cand.bare = Decimal(p.digits + low[e - 3:e])   # '500.000 VND': no dong amount has 3 decimals
    # ---- context: document numbers, list markers, dates, years
    before = low[max(0, cand.start - 40):cand.start]
    if _DOC_BEFORE_RX.search(before) or text[max(0, s - 4):s].lower().rstrip().endswith("số"):
        return None, cand.end
    if cand.unit is None and cand.total is None and _line_start_marker(low, s, cand.end):
        return None, cand.end
    plain = not p.grouped and not p.decimal and cand.unit is None and cand.scale == 1 and cand.total is None
    if plain and 1 <= cand.value <= 31 and len(p.digits) <= 2:
        ma = _MONTH_AFTER_RX.match(low, cand.end)
        mb = _MONTH_BEFORE_RX.search(low, max(0, cand.start - 40), cand.start)
        if (ma and _is_month(text, ma)) or (mb and _is_month(text, mb)):
            return None, cand.end
    if cand.year_like and _is_year(text, low, cand, years):
        years.append(cand.end)
        return None, cand.end
    return cand, cand.end


def _skip_token(low: str, pos: int) -> int:
    m = re.compile(r"[^ \n]*").match(low, pos)
    end = m.end()
    while end > pos and low[end - 1] in ".,;:)]!?\"'":
        end -= 1
    return max(end, pos)


def _is_date_pair(low: str, s: int, a: _Piece, b: _Piece) -> bool:
    """'15/9', '01/10', '9/2025', 'from 1/7' are dates, not ratios."""
    if a.value > b.value:
        return True
    if a.grouped or b.grouped or a.decimal or b.decimal:
        return False
    if (len(a.digits) > 1 and a.digits[0] == "0") or (len(b.digits) > 1 and b.digits[0] == "0"):
        return True
    if len(b.digits) == 4 and 1900 <= int(b.digits) <= 2100 and a.value <= 12:
        return True
    if a.value <= 31 and b.value <= 12 and re.search(
            r"(?<![a-z])(?:on|from|since|until|to|by|dated|du|au|le|depuis|jusqu'au|ngay|date)" + _SP + "+$",
            low[max(0, s - 15):s]):
        return True
    return False


def _is_year(text: str, low: str, cand: _Cand, years: list[int]) -> bool:
    lo = max(0, cand.start - 40)
    if _YEAR_BEFORE_RX.search(low, lo, cand.start):
        return True
    m = _MONTH_DAY_BEFORE_RX.search(low, lo, cand.start)
    if m and _is_month(text, m):
        return True
    if low[lo:cand.start].endswith("(") and low[cand.end:cand.end + 1] in (")", "-"):
        return True
    if years and re.fullmatch(r"(?:" + _SP + r"*(?:,|and|et|or|ou|to|a|-)" + _SP + r"*)",
                              low[years[-1]:cand.start]):
        return True
    return False


# --------------------------------------------------------------------------- words

def _word_candidates(text: str, low: str, lang: str, taken: list[tuple[int, int]]) -> list[_Cand]:
    small, tens, hundreds, scales = _WORD_TABLES[lang]
    toks = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[a-z]+", low)]
    toks = [t for t in toks if not any(a <= t[1] < b for a, b in taken)]
    out: list[_Cand] = []

    def adjacent(k: int) -> bool:
        return bool(re.fullmatch(r"[ -]+", low[toks[k - 1][2]:toks[k][1]]))

    i = 0
    while i < len(toks):
        total, cur, last, last_scale, mult = 0, 0, None, 0, False
        j, end_j, value = i, None, 0
        while j < len(toks):
            if j > i and not adjacent(j):
                break
            w = toks[j][0]
            nxt = toks[j + 1][0] if j + 1 < len(toks) and adjacent(j + 1) else None
            adv = 1
            if lang == "en" and j == i and w in ("a", "an") and (nxt in hundreds or nxt in scales):
                cur, last = 1, "small"
                j += 1
                continue
            if w in ("and", "et") and j > i and nxt is not None:
                if (lang == "en" and w == "and" and last in ("hundred", "scale") and (nxt in small or nxt in tens)) \
                        or (lang == "fr" and w == "et" and last == "tens" and nxt in ("un", "une", "onze")):
                    j += 1
                    continue
                break
            if lang == "fr" and w == "dix" and nxt in ("sept", "huit", "neuf"):
                w_val, kind, adv = 10 + small[nxt], "small", 2
            elif w in small:
                w_val, kind = small[w], "small"
            elif w in tens:
                w_val, kind = tens[w], "tens"
            elif w in hundreds:
                w_val, kind = 100, "hundred"
            elif w in scales:
                w_val, kind = scales[w], "scale"
            else:
                break
            if kind == "small":
                if last == "small":
                    break
                if last == "tens" and not (w_val < 10 or (lang == "fr" and cur % 100 in (60, 80))):
                    break
                cur += w_val
            elif kind == "tens":
                if last == "small" and lang == "fr" and w.startswith("vingt") and cur % 100 == 4:
                    cur += 76
                elif last in ("small", "tens"):
                    break
                else:
                    cur += w_val
            elif kind == "hundred":
                if last == "hundred" or cur >= 100 or (cur == 0 and lang == "en"):
                    break
                if cur == 0 and j == i and low[max(0, toks[j][1] - 5):toks[j][1]].rstrip().endswith(("pour", "per")):
                    break
                cur = (cur or 1) * 100
                mult = True
            else:
                if cur == 0:
                    if total > 0 and last == "scale" and w_val > last_scale:
                        total *= w_val
                        last_scale = w_val
                    elif total == 0 and j == i and w == "mille":
                        total, last_scale = w_val, w_val
                    else:
                        break
                else:
                    if last_scale and w_val >= last_scale:
                        break
                    total += cur * w_val
                    cur, last_scale = 0, w_val
                mult = True
            last = kind
            j += adv
            end_j, value = j, total + cur
        if end_j is None or value == 0:
            i += 1
            continue
        s, e = toks[i][1], toks[end_j - 1][2]
        i = end_j
        if _LEVEL_RX.match(low, e):
            continue
        cand = _Cand(s, e, Decimal(value), Decimal(value), word=True, weak=not mult and value < 10)
        if mult and last_scale:
            cand.scale = last_scale
            cand.bare = Decimal(value) / last_scale
        out.append(_suffix_and_prefix(text, low, lang, s, e, cand, 0))
    return out


# --------------------------------------------------------------------------- ranges

_RANGE_GAP_RX = re.compile(_SP + r"*(?:-|to|a|through)" + _SP + r"*")
_AND_GAP_RX = re.compile(_SP + r"*(?:and|et)" + _SP + r"*")
_BETWEEN_RX = re.compile(r"(?<![a-z])(?:between|entre)" + _SP + r"+$")


def _link_ranges(text: str, low: str, lang: str, cands: list[_Cand]) -> list[_Cand]:
    i = 0
    drop: set[int] = set()
    while i < len(cands) - 1:
        a, b = cands[i], cands[i + 1]
        gap = low[a.end:b.start]
        ok = False
        if a.role is None and a.total is None and b.total is None and not b.weak:
            m = _RANGE_GAP_RX.fullmatch(gap)
            if m:
                word = gap.strip()
                ok = word in ("-", "to", "through") or (word == "a" and (lang == "fr" or "à" in text[a.end:b.start]))
            elif _AND_GAP_RX.fullmatch(gap):
                lead = a.qual_start if a.qual_start >= 0 else a.start
                ok = bool(_BETWEEN_RX.search(low, max(0, lead - 12), lead))
        if ok and a.unit and b.unit and a.unit != b.unit:
            ok = False
        if ok and a.year_like and b.year_like:
            drop.update((i, i + 1))
            i += 2
            continue
        if ok:
            value = a.value
            if b.scale != 1 and a.scale == 1 and a.bare < b.bare:
                value = a.bare * b.scale
            if value <= b.value:
                a.value, a.scale = value, b.scale if value != a.value else a.scale
                a.unit = a.unit or b.unit
                a.role, b.role = "lower", "upper"
                a.weak = False
                i += 2
                continue
        i += 1
    return [c for k, c in enumerate(cands) if k not in drop]


# --------------------------------------------------------------------------- API

def _find(text: str, lang: str, keep_weak: bool) -> list[_Cand]:
    lang = "fr" if str(lang).lower().startswith("fr") else "en"
    low = _fold(text)
    digits = _digit_candidates(text, low, lang)
    words = _word_candidates(text, low, lang, [(c.start, c.end) for c in digits])
    cands = sorted(digits + words, key=lambda c: c.start)
    cands = _link_ranges(text, low, lang, cands)
    kept: list[_Cand] = []
    for c in cands:
        if c.weak and not keep_weak:
            continue
        # 'twelve (12)': the digits repeat the words
        if kept and kept[-1].word and not c.word and kept[-1].value == c.value \
                and re.fullmatch(_SP + r"*\(", low[kept[-1].end:c.start]) and low[c.end:c.end + 1] == ")":
            continue
        kept.append(c)
    return kept


def find_numbers(text: str, lang: str = "en") -> list[NumberMention]:
    """Every number mentioned in ``text``, in order, with unit, qualifier, ratio total and range role.

    Args:
        text: A sentence or paragraph.
        lang: ``'en'`` or ``'fr'``; anything else is read as English.

    Returns:
        The mentions, sorted by offset. Dates, years, times, ordinals, list markers and
        document numbers are left out.

    Examples:
        >>> [(m.value, m.unit, m.qualifier) for m in find_numbers("about 6.6 million records, on time is 91%")]
        [(Decimal('6600000'), None, 'about'), (Decimal('91'), 'percent', None)]
        >>> [(m.text, m.value, m.total) for m in find_numbers("Currently, 296/3,321 commune-level units")]
        [('296/3,321', Decimal('296'), Decimal('3321'))]
        >>> [(m.value, m.unit, m.qualifier, m.range_role) for m in find_numbers("d'environ 50 % à 95 %", "fr")]
        [(Decimal('50'), 'percent', 'about', 'lower'), (Decimal('95'), 'percent', None, 'upper')]
        >>> [(m.text, m.value, m.unit) for m in find_numbers("un montant de 1 000 milliards de VND", "fr")]
        [('1 000 milliards de VND', Decimal('1000000000000'), 'VND')]
        >>> find_numbers("Decree No. 178/2024/ND-CP dated September 26, 2025")
        []
    """
    out = []
    for c in _find(text, lang, keep_weak=False):
        out.append(NumberMention(c.start, c.end, text[c.start:c.end], _norm(c.value), c.unit, c.qualifier,
                                 None if c.total is None else _norm(c.total), c.role))
    return out


def parse_number(text: str, lang: str = "en") -> Decimal | None:
    """The value of one number expression on its own (the first one if there are several).

    Unlike :func:`find_numbers`, a lone small number word ("two", "deux") is read too.

    Args:
        text: A number expression such as ``"1 000 milliards"`` or ``"VND2,615bn"``.
        lang: ``'en'`` or ``'fr'``; anything else is read as English.

    Returns:
        The value, or ``None`` when there is no number.

    Examples:
        >>> parse_number("1 000 milliards", "fr")
        Decimal('1000000000000')
        >>> parse_number("78 38 %", "fr")
        Decimal('78.38')
        >>> parse_number("141.444", "fr"), parse_number("6.6", "en"), parse_number("70,2", "fr")
        (Decimal('141444'), Decimal('6.6'), Decimal('70.2'))
        >>> parse_number("VND2,615bn")
        Decimal('2615000000000')
        >>> parse_number("deux millions", "fr"), parse_number("two")
        (Decimal('2000000'), Decimal('2'))
        >>> parse_number("no number here") is None
        True
    """
    found = _find(text, lang, keep_weak=True)
    return _norm(found[0].value) if found else None
