"""Number mentions in English, French and Vietnamese news text, as printed and as translation damages them.

Handled styles (both languages unless noted):

* thousands separators: ``141,444`` (en), ``141 444`` / no-break / narrow no-break spaces,
  ``141.444`` (fr, groups of exactly three digits), ``1,383,000`` / ``1.383.000`` (several groups);
* decimals: ``6.6`` (en), ``78,38`` (fr), ``1,383.5`` (en), ``1 383,5`` / ``1.383,5`` (fr);
  Vietnamese groups with a dot and decimals with a comma (``9.615``, ``33,9``), as its pack says;
* Vietnamese scale words ``nghìn`` / ``ngàn`` / ``triệu`` / ``tỷ``, chained (``33,9 nghìn tỷ đồng``);
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
_NW = r"(?![a-z])"
_QUAL_GROUPS = {"about": "about", "nearly": "nearly", "more": "more than", "less": "less than",
                "least": "at least", "upto": "up to", "average": "average"}


def _ints(mapping: dict) -> dict[str, int]:
    return {k.replace("-", " "): int(v) for k, v in mapping.items()}


class _Lex:
    """The words of one language's pack (``data/lexicon/lang/<lang>/numbers.json``), compiled once."""

    def __init__(self, lang: str):
        from kg.extract.lang import pack

        pk = self.pack = pack(lang)
        alt = pk.alt
        self.decimal = set(pk.words("numbers.decimal_mark"))
        self.group = set(pk.words("numbers.group_mark"))
        self.scale = _ints(pk.mapping("numbers.scale"))
        self.abbr_free = _ints(pk.mapping("numbers.scale_abbr"))
        self.abbr_money = _ints(pk.mapping("numbers.scale_abbr_money"))
        self.approx = _ints(pk.mapping("numbers.approx_noun"))
        self.small = _ints(pk.mapping("numbers.small"))
        self.tens = _ints(pk.mapping("numbers.tens"))
        self.hundred = _ints(pk.mapping("numbers.hundred"))
        self.word_scale = _ints(pk.mapping("numbers.word_scale"))
        self.compound = _ints(pk.mapping("numbers.word_compound"))
        self.article = set(pk.words("numbers.word_article"))
        self.word_and = set(pk.words("numbers.word_and"))
        self.tens_and = set(pk.words("numbers.word_tens_and"))
        self.bare_hundred = set(pk.words("numbers.bare_hundred"))
        self.tens_teens = {self.tens.get(w) or self.compound.get(w.replace("-", " "))
                           for w in pk.words("numbers.tens_take_teens")}
        self.lone_ok = pk.compile(_SP + r"+(?:{w})" + _NW, w="numbers.lone_word_ok_before")
        self.qual = re.compile(r"(?<![a-z0-9])(?:" + "|".join(
            f"(?P<{g}>" + alt(f"numbers.qual_{g}") + ")" for g in _QUAL_GROUPS) + r")" + _SP + "*$")
        self.pct = re.compile(_SP + r"*(?:%|(?:" + alt("numbers.percent") + r")" + _NW + ")")
        link = alt("numbers.currency_link")
        self.cur_after = re.compile(_SP + r"*(?:" + link + _SP + r"*)?(?:(?P<vnd>" + alt("numbers.currency_vnd")
                                    + r")|(?P<usd>" + alt("numbers.currency_usd") + r"))" + _NW)
        self.cur_before = re.compile(r"(?<![a-z])(?:(?P<vnd>" + alt("numbers.currency_vnd") + r")|(?P<usd>"
                                     + alt("numbers.currency_before") + r"))" + _SP + r"?$")
        self.level = re.compile(r"[ -]*(?:" + alt("numbers.level") + r")" + _NW)
        self.ordinal = re.compile(alt("numbers.ordinal_suffix") + _NW)
        self.time = re.compile(r"(?::[0-9]|h(?:[0-9]{2})?" + _NW + "|" + _SP + r"?(?:" + alt("numbers.time_suffix")
                               + r")(?:" + _SP + r"?[0-9]{2})?(?![a-z]))")
        self.doc_before = re.compile(r"(?:(?<![a-z])(?:" + alt("numbers.doc_before") + r")\.?|[#°º№])" + _SP + r"*$")
        self.year_before = re.compile(r"(?<![a-z])(?:" + alt("numbers.year_before") + r")" + _SP + r"*$")
        months = alt("numbers.months")
        mlink = alt("numbers.month_day_link")
        self.month_after = re.compile(_SP + r"+(?:" + mlink + _SP + r"+)?(?P<m>" + months + r")" + _NW)
        self.month_before = re.compile(r"(?<![a-z])(?P<m>" + months + r")\.?" + _SP + r"+(?:" + mlink + _SP
                                       + r"+)?$")
        self.month_day_before = re.compile(r"(?<![a-z])(?P<m>" + months + r")\.?,?" + _SP
                                           + r"*(?:[0-9]{1,2}(?:" + alt("numbers.ordinal_suffix") + r")?,?"
                                           + _SP + r"*)?$")
        self.date_before = re.compile(r"(?<![a-z])(?:" + alt("numbers.date_before") + r")" + _SP + "+$")
        self.range_to = re.compile(_SP + r"*(?:" + alt("numbers.range_to") + r")" + _SP + "*")
        self.range_and = re.compile(_SP + r"*(?:" + alt("numbers.range_and") + r")" + _SP + "*")
        self.between = re.compile(r"(?<![a-z])(?:" + alt("numbers.range_between") + r")" + _SP + "+$")
        self.ratio_next = re.compile(_SP + r"*(?:" + alt("numbers.ratio_next") + r")" + _SP + "+")
        self.ratio_after_noun = re.compile(r"(?:" + _SP + r"+[a-z'-]+){1,6}" + _SP + r"+(?:"
                                           + alt("numbers.ratio_after_noun") + r")" + _SP + "+")
        self.year_list = re.compile(_SP + r"*(?:,|-|" + alt("numbers.year_list_link") + r")" + _SP + "*")
        self.pct_end = re.compile(r"(?<![a-z])(?:" + alt("numbers.percent") + r")$")
        self.bare_scale = set(pk.words("numbers.bare_scale"))
        self.approx_rx = re.compile(r"(?<![a-z])(?:(?P<art>" + alt("numbers.word_article_before_approx") + r")"
                                    + _SP + r"+)?(?P<n>" + "|".join(re.escape(k) for k in sorted(
                                        self.approx, key=len, reverse=True)) + r")" + _NW + r"(?:" + _SP
                                    + r"*(?:" + alt("numbers.approx_noun_link") + r"))?" + _SP + r"*(?=[a-z])") \
            if self.approx else None

    def is_month(self, text: str, m: re.Match) -> bool:
        """A month name that is also a word ('may', 'mar') is a month only when capitalised."""
        w = m.group("m")
        return w not in ("may", "mar") or text[m.start("m")].isupper()


@lru_cache(maxsize=8)
def _lex(lang: str) -> _Lex:
    return _Lex(lang)


_SPAN_RX = re.compile(r"[0-9]+(?:[., ][0-9]+)*")


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


def _split_span(low: str, start: int, end: int, lx: _Lex) -> list[_Piece]:
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
                elif cls in lx.group:
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
            elif len(g) <= 2 and len(g0) <= 3 and lx.pct.match(low, runs[j][1]):
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


def _first_number_at(low: str, pos: int, lx: _Lex) -> _Piece | None:
    m = _SPAN_RX.match(low, pos)
    if not m:
        return None
    pieces = _split_span(low, m.start(), m.end(), lx)
    return pieces[0] if pieces and not pieces[0].bad else None


def _qualifier(low: str, pos: int, lx: _Lex) -> tuple[str | None, int]:
    m = lx.qual.search(low, max(0, pos - 30), pos)
    if not m:
        return None, -1
    for g, canon in _QUAL_GROUPS.items():
        if m.group(g):
            return canon, m.start()
    return None, -1  # pragma: no cover


def _currency_after(text: str, low: str, pos: int, lx: _Lex) -> tuple[str | None, int]:
    m = lx.cur_after.match(low, pos)
    if m:
        g = "vnd" if m.group("vnd") else "usd"
        a = m.start(g)
        rest = text[m.end():m.end() + 2]
        if text[a].isupper() and text[a + 1:m.end()].islower() and len(rest) == 2 and rest[0] == " " \
                and rest[1].isupper():
            return None, pos      # 'Dong Nai', 'Dong Thap': a place name, not the currency
        return g.upper(), m.end()
    glued = lx.pack.data.get("numbers.currency_glued", [])
    if pos < len(text) and text[pos] in glued and (pos + 1 == len(low) or not low[pos + 1].isalpha()):
        return "VND", pos + 1
    return None, pos


_WORD_RX = re.compile(_SP + r"*([a-z]+)(?![a-z])")
_NEXT_WORD_RX = re.compile(_SP + r"+([a-z]+)(?![a-z])")


def _scale_after(low: str, pos: int, lx: _Lex, money: bool) -> tuple[int, int]:
    """Scale words after a number: (multiplier, end)."""
    words = lx.scale
    m = _WORD_RX.match(low, pos)
    if not m:
        return 1, pos
    w = m.group(1)
    glued_or_one = m.start(1) - pos <= 1
    if w in words:
        scale, end = words[w], m.end()
    elif w in lx.abbr_free and glued_or_one:
        return lx.abbr_free[w], m.end()
    elif w in lx.abbr_money and glued_or_one and (money or lx.cur_after.match(low, m.end())):
        return lx.abbr_money[w], m.end()
    else:
        return 1, pos
    while True:   # 'thousand billion', 'mille milliards'
        m2 = _NEXT_WORD_RX.match(low, end)
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

def _suffix_and_prefix(text: str, low: str, lx: _Lex, s: int, e: int, cand: _Cand, floor: int) -> _Cand:
    """Scale words, percent, currency after; currency and qualifier before."""
    unit = None
    pre = lx.cur_before.search(low, max(floor, s - 6), s)
    if pre:
        unit = "VND" if pre.group("vnd") else "USD"
        cand.start = pre.start()
    if cand.total is None and not cand.word:
        scale, e2 = _scale_after(low, e, lx, unit is not None)
        if scale != 1:
            cand.scale = scale
            cand.value = cand.bare * scale
            e = e2
    pct = lx.pct.match(low, e)
    if pct:
        unit, e = "percent", pct.end()
    else:
        cur, e2 = _currency_after(text, low, e, lx)
        if cur:
            unit, e = cur, e2
    cand.unit = unit
    cand.end = e
    cand.qualifier, cand.qual_start = _qualifier(low, cand.start, lx)
    return cand


def _digit_candidates(text: str, low: str, lx: _Lex) -> list[_Cand]:
    out: list[_Cand] = []
    years: list[int] = []          # ends of numbers recognised as years
    pos = 0
    floor = 0                      # nothing before this offset may be re-used as a currency prefix
    while True:
        span = _SPAN_RX.search(low, pos)
        if not span:
            break
        skip = span.start()        # pieces starting before this were consumed by a previous one
        for p in _split_span(low, span.start(), span.end(), lx):
            if p.start < skip or p.bad:
                continue
            cand, skip = _digit_piece(text, low, lx, p, floor, years)
            if cand is not None:
                out.append(cand)
                floor = cand.end
        pos = max(span.end(), skip)
    return out


def _digit_piece(text: str, low: str, lx: _Lex, p: _Piece, floor: int,
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
    if lx.time.match(low, e):
        return None, (re.compile(r"[0-9:]*").match(low, e).end() if low[e] == ":" else e)
    cand = _Cand(s, e, p.value, p.value)
    cand.year_like = not p.grouped and not p.decimal and len(p.digits) == 4 and 1900 <= int(p.digits) <= 2100
    # ---- chains: ratios, dates, document numbers, hyphen ranges
    if e + 1 < len(low) and low[e] in "/-" and low[e + 1].isdigit():
        parts, seps, q = [p], [], e
        while q + 1 < len(low) and low[q] in "/-" and low[q + 1].isdigit():
            nxt = _first_number_at(low, q + 1, lx)
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
            if _is_date_pair(low, s, a, b, lx):
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
        if low[e] == "/" or text[e + 1].isupper() or lx.level.match(low, e):
            return None, _skip_token(low, e)
    # ---- glued ordinals ('3rd', '1er', '2e') and level words ('2-level', 'à 2 niveaux')
    if e < len(low) and low[e].isalpha() and lx.ordinal.match(low, e):
        return None, _skip_token(low, e)
    if lx.level.match(low, e):
        return None, e
    cand = _suffix_and_prefix(text, low, lx, s, e, cand, floor)
    if cand.end == e and e < len(low) and low[e].isalpha():
        return None, _skip_token(low, e)      # '5G', '100km'
    if cand.unit or cand.scale != 1:
        cand.year_like = False
    if cand.unit == "VND" and cand.scale == 1 and cand.total is None and "." not in lx.group \
            and re.fullmatch(r"[0-9]{1,3}\.[0-9]{3}", low[s:e]):
        cand.value = cand.bare = Decimal(p.digits + low[e - 3:e])   # '500.000 VND': no dong amount has 3 decimals
    # ---- context: document numbers, list markers, dates, years
    before = low[max(0, cand.start - 40):cand.start]
    if lx.doc_before.search(before):
        return None, cand.end
    if cand.unit is None and cand.total is None and _line_start_marker(low, s, cand.end):
        return None, cand.end
    plain = not p.grouped and not p.decimal and cand.unit is None and cand.scale == 1 and cand.total is None
    if plain and 1 <= cand.value <= 31 and len(p.digits) <= 2:
        ma = lx.month_after.match(low, cand.end)
        mb = lx.month_before.search(low, max(0, cand.start - 40), cand.start)
        if (ma and lx.is_month(text, ma)) or (mb and lx.is_month(text, mb)):
            return None, cand.end
    if cand.year_like and _is_year(text, low, cand, years, lx):
        years.append(cand.end)
        return None, cand.end
    return cand, cand.end


def _skip_token(low: str, pos: int) -> int:
    m = re.compile(r"[^ \n]*").match(low, pos)
    end = m.end()
    while end > pos and low[end - 1] in ".,;:)]!?\"'":
        end -= 1
    return max(end, pos)


def _is_date_pair(low: str, s: int, a: _Piece, b: _Piece, lx: _Lex) -> bool:
    """'15/9', '01/10', '9/2025', 'from 1/7' are dates, not ratios."""
    if a.value > b.value:
        return True
    if a.grouped or b.grouped or a.decimal or b.decimal:
        return False
    if (len(a.digits) > 1 and a.digits[0] == "0") or (len(b.digits) > 1 and b.digits[0] == "0"):
        return True
    if len(b.digits) == 4 and 1900 <= int(b.digits) <= 2100 and a.value <= 12:
        return True
    if a.value <= 31 and b.value <= 12 and lx.date_before.search(low, max(0, s - 15), s):
        return True
    return False


def _is_year(text: str, low: str, cand: _Cand, years: list[int], lx: _Lex) -> bool:
    lo = max(0, cand.start - 40)
    if lx.year_before.search(low, lo, cand.start):
        return True
    m = lx.month_day_before.search(low, lo, cand.start)
    if m and lx.is_month(text, m):
        return True
    if low[lo:cand.start].endswith("(") and low[cand.end:cand.end + 1] in (")", "-"):
        return True
    if years and lx.year_list.fullmatch(low, years[-1], cand.start):
        return True
    return False


# --------------------------------------------------------------------------- words

def _word_candidates(text: str, low: str, lx: _Lex, taken: list[tuple[int, int]]) -> list[_Cand]:
    small, tens, hundreds, scales = lx.small, lx.tens, lx.hundred, lx.word_scale
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
            if j == i and w in lx.article and (nxt in hundreds or nxt in scales):
                cur, last = 1, "small"
                j += 1
                continue
            if j > i and nxt is not None and (w in lx.word_and or w in lx.tens_and):
                if (w in lx.word_and and last in ("hundred", "scale") and (nxt in small or nxt in tens)) \
                        or (w in lx.tens_and and last == "tens" and small.get(nxt) in (1, 11)):
                    j += 1
                    continue
                break
            if nxt is not None and f"{w} {nxt}" in lx.compound:
                w_val, adv = lx.compound[f"{w} {nxt}"], 2
                kind = "small" if w_val < 20 else "tens"
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
                if last == "tens" and not (w_val < 10 or cur % 100 in lx.tens_teens):
                    break
                cur += w_val
            elif kind == "tens":
                if last in ("small", "tens"):
                    break
                cur += w_val
            elif kind == "hundred":
                if last == "hundred" or cur >= 100 or (cur == 0 and w not in lx.bare_hundred):
                    break
                if cur == 0 and j == i and lx.pct_end.search(low, max(0, toks[j][1] - 12), toks[j][2]):
                    break
                cur = (cur or 1) * 100
                mult = True
            else:
                if cur == 0:
                    if total > 0 and last == "scale" and w_val > last_scale:
                        total *= w_val
                        last_scale = w_val
                    elif total == 0 and j == i and w in lx.bare_scale:
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
        if lx.level.match(low, e):
            continue
        weak = not mult and value < 10 and not (value >= 2 and lx.lone_ok.match(low, e))
        cand = _Cand(s, e, Decimal(value), Decimal(value), word=True, weak=weak)
        if mult and last_scale:
            cand.scale = last_scale
            cand.bare = Decimal(value) / last_scale
        out.append(_suffix_and_prefix(text, low, lx, s, e, cand, 0))
    return out


def _approx_candidates(low: str, lx: _Lex, taken: list[tuple[int, int]]) -> list[_Cand]:
    """'une centaine de communes', 'a dozen communes': an approximate count, qualifier 'about'."""
    out: list[_Cand] = []
    if lx.approx_rx is None:
        return out
    for m in lx.approx_rx.finditer(low):
        s, e = m.start(), m.end("n")
        if any(s < b and a < e for a, b in taken):
            continue
        v = Decimal(lx.approx[m.group("n")])
        cand = _Cand(s, e, v, v, word=True)
        q, qs = _qualifier(low, s, lx)
        cand.qualifier, cand.qual_start = (q, qs) if q else ("about", -1)
        out.append(cand)
    return out


# --------------------------------------------------------------------------- ranges and ratios


def _link_ranges(text: str, low: str, lx: _Lex, cands: list[_Cand]) -> list[_Cand]:
    i = 0
    drop: set[int] = set()
    while i < len(cands) - 1:
        a, b = cands[i], cands[i + 1]
        gap = low[a.end:b.start]
        ok = False
        if a.role is None and a.total is None and b.total is None and not b.weak:
            if lx.range_to.fullmatch(gap):
                ok = True
            elif lx.range_and.fullmatch(gap):
                lead = a.qual_start if a.qual_start >= 0 else a.start
                ok = bool(lx.between.search(low, max(0, lead - 12), lead))
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


def _link_ratios(low: str, lx: _Lex, cands: list[_Cand]) -> list[_Cand]:
    """'3,018 of the 3,139', '27 provinces et villes sur 34': the part, with the whole as its total."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        a = cands[i]
        b = cands[i + 1] if i + 1 < len(cands) else None
        if b is not None and a.total is None and b.total is None and a.role is None and b.role is None \
                and a.unit == b.unit and a.unit != "percent" and not a.weak and a.value <= b.value \
                and (lx.ratio_next.fullmatch(low, a.end, b.start) or lx.ratio_after_noun.fullmatch(low, a.end, b.start)):
            a.total = b.value
            a.end = b.end
            out.append(a)
            i += 2
            continue
        out.append(a)
        i += 1
    return out


# --------------------------------------------------------------------------- API

def _find(text: str, lang: str, keep_weak: bool) -> list[_Cand]:
    lx = _lex(str(lang).lower().replace("_", "-").split("-")[0])
    low = _fold(text)
    digits = _digit_candidates(text, low, lx)
    taken = [(c.start, c.end) for c in digits]
    approx = _approx_candidates(low, lx, taken)
    words = _word_candidates(text, low, lx, taken + [(c.start, c.end) for c in approx])
    cands = sorted(digits + words + approx, key=lambda c: c.start)
    cands = _link_ranges(text, low, lx, cands)
    cands = _link_ratios(low, lx, [c for c in cands if keep_weak or not c.weak])
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
