"""Figures: every quantity the article reports, as an observation of an indicator.

The counted phrase around the number (parentheticals skipped, commas lost by translation
tolerated) becomes the figure's phrase; it is classified against the indicator scheme in
``data/indicators/`` and, when no concept fits, a new unreviewed concept is minted from it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import Context
from kg.extract.indicators import classify
from kg.extract.lang import accent_rx, lower_keep_accents, pack
from kg.extract.numbers import find_numbers
from kg.model import Figure
from kg.keys import indicator_key
from kg.text import fold

_PUNCT = ",;:.()'\""
_DELIM = re.compile(r"[;!?:]|\.(?!\d)")


class _Words:
    """The figures pack of one language, compiled once."""

    def __init__(self, lang: str):
        pk = pack(lang)
        self.pack = pk
        # a language whose words differ only by their accents (Vietnamese 'tỉnh'/'tính', 'sở'/'số')
        # names the lists it compares with accents kept
        exact = set(pk.data["figures.accent_sensitive"])
        self.norm = lower_keep_accents if exact else fold

        def rx(key: str, group: str) -> re.Pattern:
            if group in exact:
                return accent_rx(pk.data[key])
            return pk.rx(key, r"(?:{})")

        self.units = [(u, rx(f"figures.unit_{u}", "unit")) for u in pk.words("figures.unit_order")]
        self.commune = rx("figures.commune_words", "commune_words")
        self.stop = rx("figures.phrase_stop", "phrase_stop")
        # how many words after the number may name the counted noun: 8 where adjectives come first
        # ("commune-level public service centers"), 2 where the noun comes first ("52 xã bố trí ...")
        self.window = int(pk.mapping("figures.unit_window").get("words", 8))
        self.lead = rx("figures.phrase_lead", "phrase_lead")
        self.share = pk.data["figures.share_prefix"][0] + " "
        self.duration = pk.rx("figures.duration", r"^\s*{}\b")
        self.anaphoric = pk.rx("figures.anaphoric_before", r"\b{}\s*$")
        self.of_place = pk.rx("figures.of_place", r"\b{}\s*$")
        self.place_noun = pk.rx("figures.place_noun", r"^\s*{}\b")
        self.change = pk.rx("figures.change_before", r"\b{}\s*$")
        self.doc_before = pk.rx("figures.doc_before", r"(?<!\w){}\s*$")
        self.right_delim = pk.rx("figures.right_stop", r"[;!?:]|\.(?!\d)|,\s*{}\b")
        self.clause_lead = pk.rx("figures.clause_lead", r"^[\s,;:()-]*(?:{}\b[\s,]*)*")
        self.asof = pk.compile(r"(?<!\w){lead}\s+(?:{time})?(?:the\s+)?$", lead="figures.asof_lead", time="figures.asof_time")
        self.not_asof = pk.rx("figures.not_asof_before", r"(?<!\w){}\s+(?:the\s+)?$")
        self.period_end = pk.rx("figures.period_end", r"(?<!\w){}\s+(?:the\s+)?$")
        self.period_start = pk.rx("figures.period_start", r"(?<!\w){}\s+(?:the\s+)?$")
        self.period_open = pk.rx("figures.period_start", r"(?<!\w){}\s")
        self.months = pk.mapping("figures.months")
        self.month_phrase = pk.compile(r"(?<!\w)(?:(?P<end>{end})|(?P<during>{during}))\s+(?P<m>{months})\b(?!\s*\d)",
                                       end="figures.month_end", during="figures.month_during", months="figures.months")
        self.previous_year = pk.rx("figures.previous_year")
        self.same_time = pk.rx("figures.same_time")
        self.refer_back = pk.rx("figures.refer_back", r"^\W*{}\b")
        self.refer_after = pk.rx("figures.refer_after", r"\s*{}\b")
        self.reporter_before = pk.rx("figures.reporter_before", r"\b{}\s*$")
        self.reporter_after = pk.rx("figures.reporter_after", r"^\s*(?:also\s+|egalement\s+)?{}\b")


@lru_cache(maxsize=8)
def _words(lang: str) -> _Words:
    return _Words(lang)


def _unit_from(phrase: str, w: _Words) -> str | None:
    """The unit named by the counted noun ("commune-level ... centers" -> center, "communes" -> commune)."""
    words = [x.strip(_PUNCT) for x in w.norm(phrase).split()[:10]]
    while words and w.lead.fullmatch(words[0]):
        words = words[1:]
    commune_seen = False
    for i, x in enumerate(words[:w.window]):
        two = " ".join(words[i:i + 2])
        if w.commune.fullmatch(x) or w.commune.fullmatch(x.split("-")[0]):
            commune_seen = True
            continue
        if w.stop.fullmatch(x):
            break
        for unit, rx in w.units:
            if rx.fullmatch(two) or rx.fullmatch(x):
                if unit == "unit" and (commune_seen or any(w.commune.fullmatch(y) for y in words[:8])):
                    return "commune"
                return unit
    return "commune" if commune_seen else None


def _any_unit(phrase: str, w: _Words) -> str | None:
    words = [x.strip(_PUNCT) for x in w.norm(phrase).split()]
    for i, x in enumerate(words):
        two = " ".join(words[i:i + 2])      # 'cán bộ' is a person before 'bộ' is a ministry
        for unit, rx in w.units:
            if rx.fullmatch(two) or rx.fullmatch(x):
                return unit
    return None


def _strip_parens(text: str) -> str:
    return re.sub(r"\([^()]*\)", " ", text)


def _context(ctx: Context, w: _Words, a: int, b: int, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """The counted phrase: words from the previous number or delimiter to the next one."""
    text = ctx.text
    # inside a parenthesis: the host phrase before it, and what follows it
    open_ = text.rfind("(", a, start)
    inside = open_ != -1 and text.find(")", open_, start) == -1
    close = text.find(")", end, b) if inside else -1
    left_limit = a
    for m in _DELIM.finditer(text, a, start):
        left_limit = m.end()
    prev = [s for s in spans if s[1] <= (open_ if inside else start) and s[0] >= left_limit]
    if prev:
        left_limit = max(left_limit, prev[-1][1])
    left = text[left_limit:open_ if inside else start]
    if inside:
        left = left + " " + text[open_ + 1:start]
        right_start = close + 1 if close != -1 else end
    else:
        right_start = end
    right_end = b
    m = w.right_delim.search(fold(text[right_start:b]))
    if m:
        right_end = right_start + m.start()
    after = [s for s in spans if s[0] >= right_start and s[0] < right_end and not _in_parens(text, a, s[0])]
    if after:
        right_end = after[0][0]
    right = _strip_parens(text[right_start:right_end])
    inside_right = text[end:close] if inside and close != -1 else ""
    left_words = _strip_parens(left).split()[-12:]
    right_words = (inside_right + " " + right).split()[:16]
    phrase = " ".join(left_words + right_words)
    phrase = re.sub(r"\b\d[\d.,  ]*%?", " ", phrase)
    lead = w.clause_lead.match(fold(phrase))
    phrase = phrase[lead.end():] if lead else phrase
    return " ".join(phrase.split()).strip(" ,;:()-")[:200]


def _in_parens(text: str, a: int, pos: int) -> bool:
    o = text.rfind("(", a, pos)
    return o != -1 and text.find(")", o, pos) == -1


def find_figures(ctx: Context) -> None:
    text, low, ex = ctx.text, fold(ctx.text), ctx.ex
    w = _words(ctx.lang)
    seen: set[tuple] = set()
    state = _AsOfState()
    for a, b in ctx.sentences:
        dates = ctx.dates_in(a, b)
        mentions = [m for m in find_numbers(text[a:b], ctx.lang) if _is_figure(low, w, a, b, m)
                    and not any(d.start < a + m.end and a + m.start < d.end for d in dates)]   # "Chiều 18-5": a date
        # the two ends of a range share one counted phrase: 'from 300 to 1,300 cadres'
        whole = {}
        for i, m in enumerate(mentions[:-1]):
            if m.range_role == "lower" and mentions[i + 1].range_role == "upper":
                whole[i] = whole[i + 1] = (a + m.start, a + mentions[i + 1].end)
        spans = list(dict.fromkeys(whole.get(i, (a + m.start, a + m.end)) for i, m in enumerate(mentions)))
        for i, m in enumerate(mentions):
            s, e = a + m.start, a + m.end
            phrase = _context(ctx, w, a, b, *whole.get(i, (s, e)), spans)
            unit = m.unit
            if unit is None and m.total is not None:      # '19 provinces et villes sur 34'
                unit = _unit_from(re.sub(r"^[\d.,\s]+", "", text[s:e]), w)
            if unit is None and w.refer_after.match(low, e) and ex.figures:
                unit = ex.figures[-1].unit                  # '6,900 of them'
            unit = unit or _unit_from(text[whole.get(i, (s, e))[1]:b], w) or _any_unit(phrase, w)
            if m.unit == "percent":
                phrase = w.share + phrase
            as_of, start = _as_of(ctx, w, low, a, b, s, state)
            key = (m.value, unit, fold(phrase)[:40], as_of)
            if key in seen:
                continue
            seen.add(key)
            concept = classify(phrase, unit, ctx.lang)
            if concept is None:
                concept = indicator_key(f"{ctx.article.id}-{phrase}")
                ex.new_indicators[concept] = {ctx.lang: phrase or text[s:e]}
            ex.figures.append(Figure(
                value=m.value, indicator_label=phrase or text[s:e], indicator=concept, unit=unit,
                as_of=as_of, period_start=start, qualifier=m.qualifier, total=m.total, range_role=m.range_role,
                reported_by=_reporter(ctx, w, low, a, b, s), evidence=ctx.evidence(s, e), at=s))
    _drop_headline_repeats(ctx)


def _drop_headline_repeats(ctx: Context) -> None:
    """A headline figure the body states again is one figure: the body's, with its date and context."""
    ex = ctx.ex
    end = ctx.headline_end()
    if not end:
        return
    body = {f.value for f in ex.figures if f.evidence and f.evidence.start >= end}
    keep = [f for f in ex.figures if not (f.evidence and f.evidence.start < end and f.value in body)]
    for key in {f.indicator for f in ex.figures} - {f.indicator for f in keep}:
        ex.new_indicators.pop(key, None)
    ex.figures[:] = keep


_LIST_MARKER = re.compile(r"[ \t*•-]*\(?\d{1,2}[.)]\s+\S")


def _is_figure(low: str, w: _Words, a: int, b: int, m) -> bool:
    s, e = a + m.start, a + m.end
    line = low.rfind("\n", 0, s) + 1
    if m.unit is None and m.total is None and _LIST_MARKER.match(low, line) and e - line <= 5 \
            and low[e:e + 1] in ".)":
        return False       # '1. Ministers shall ...', '2) the ministry': list numbering
    before, after = low[max(a, s - 30):s], low[e:min(b, e + 25)]
    if w.duration.match(after) or w.doc_before.search(before) or w.anaphoric.search(before):
        return False
    if w.of_place.search(before) and w.place_noun.match(after) and not w.change.search(before):
        return False
    if m.unit is None and m.value == m.value.to_integral() and 1900 <= m.value <= 2100 and "," not in m.text \
            and " " not in m.text.strip():
        return False
    return True


class _AsOfState:
    """What the previous figures held at: the last stated date, and the last figure's date."""

    def __init__(self):
        self.stated: str | None = None
        self.last: str | None = None


def _stated(ctx: Context, w: _Words, low: str, a: int, b: int, pos: int) -> tuple[str | None, str | None, bool]:
    """The date the sentence states for the figure at ``pos``: (as of, period start, a point in time)."""
    found: list[tuple[int, int, str, str]] = []     # (start, end, value, role)
    for d in ctx.dates_in(a, b):
        prefix = low[max(a, d.start - 45):d.start]
        if w.not_asof.search(prefix):
            continue
        pe = w.period_end.search(prefix)
        if pe and (any(f[3] == "start" for f in found) or w.period_open.search(prefix[:pe.start()][-30:])):
            found.append((d.start, d.end, d.value, "end"))
        elif w.asof.search(prefix) or not low[a:d.start].strip(" ,"):
            found.append((d.start, d.end, d.value, "asof"))
        elif w.period_start.search(prefix):
            found.append((d.start, d.end, d.value, "start"))
    year = ctx.year
    if year:
        for m in w.month_phrase.finditer(low, a, b):
            if any(x.start < m.end() and m.start() < x.end for x in ctx.dates_in(a, b)):
                continue
            if w.not_asof.search(low[max(a, m.start() - 30):m.start()]):
                continue
            found.append((m.start(), m.end(), f"{year:04d}-{w.months[m.group('m')]:02d}", "asof"))
        for m in w.previous_year.finditer(low, a, b):
            found.append((m.start(), m.end(), f"{year - 1:04d}", "asof"))
    if not found:
        return None, None, False
    found.sort()
    ends = [f for f in found if f[3] == "end"]
    if ends:
        end = min(ends, key=lambda f: abs(f[0] - pos))
        starts = [f for f in found if f[3] == "start" and f[0] < end[0]]
        return end[2], (starts[-1][2] if starts else None), False
    asof = [f for f in found if f[3] == "asof"]
    if not asof:
        return None, None, False
    before = [f for f in asof if f[0] < pos]
    return (before[-1] if before else asof[0])[2], None, True


def _as_of(ctx: Context, w: _Words, low: str, a: int, b: int, pos: int, state: _AsOfState) -> tuple[str | None, str | None]:
    """The date a figure holds at: stated in its sentence; the previous figure's when the sentence
    refers back to it ("of whom", "by the same time"); else the meeting it was told at; else the
    stated date of a report without meetings; else the article's date."""
    value, start, point = _stated(ctx, w, low, a, b, pos)
    if value:
        state.last = value
        if point:
            state.stated = value
        return value, start
    head = low[a:pos]
    if state.last and (w.refer_back.search(head) or w.same_time.search(head)):
        return state.last, None
    meeting = ctx.meeting_for(pos)
    if meeting is not None:
        state.last = meeting.date
        return meeting.date, None
    value = state.stated or ctx.article.date
    state.last = value
    return value, None


def _reporter(ctx: Context, w: _Words, low: str, a: int, b: int, pos: int) -> str | None:
    for x in ctx.actors_in(a, b):
        if x.kind in ("org", "person") and w.reporter_before.search(low[max(a, x.start - 45):x.start]):
            return x.key
    for x in ctx.actors_in(a, pos):
        if x.kind in ("org", "person") and w.reporter_after.match(low[x.end:x.end + 25]):
            return x.key
    return None
