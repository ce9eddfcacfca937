"""Figures: every quantity the article reports, as an observation of an indicator.

The counted phrase around the number (parentheticals skipped, commas lost by translation
tolerated) becomes the figure's phrase; it is classified against the indicator scheme in
``data/indicators/`` and, when no concept fits, a new unreviewed concept is minted from it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from kg.extract.context import Context
from kg.extract.indicators import classify
from kg.extract.numbers import find_numbers
from kg.model import Figure
from kg.keys import indicator_key
from kg.text import fold

_UNITS = [
    (r"people|persons?|personnes?|individuals|cadres|employees", "person"),
    (r"records?|dossiers?|files|applications", "record"),
    (r"procedures?|procedures administratives", "procedure"),
    (r"commune|communes|communal|commune-level|wards?", "commune"),
    (r"cent(?:er|re)s?", "center"),
    (r"agenc(?:y|ies)|agences?", "agency"),
    (r"departments?|bureaux|bureaus?|offices?", "department"),
    (r"transactions?", "transaction"),
    (r"ministr(?:y|ies)|ministeres?", "ministry"),
    (r"provinces?|cities|villes?", "province"),
    (r"localit(?:y|ies)|localites?|localities", "locality"),
    (r"units?|unites?", "unit"),
    (r"tasks?|taches?", "task"),
    (r"documents?|decrees?|decrets?|resolutions?|texts?", "document"),
    (r"conclusions?", "conclusion"),
    (r"conditions?", "condition"),
    (r"houses?|logements?|maisons?|installations?|facilit(?:y|ies)|premises|terrains?|land", "facility"),
    (r"vehicles?|cars?|voitures?|vehicules?", "vehicle"),
]
_DURATION = re.compile(r"^\s*(?:months?|mois|weeks?|semaines?|days?|jours?|years?|ans?|annees?|hours?|heures?|quarters?|trimestres?|niveaux?|levels?|-level)\b")
_ANAPHORIC = re.compile(r"\b(?:in|of|from|under|among|out of|dans|parmi|sur|des|aux)\s+(?:the|les)\s*$")
_OF_PLACE = re.compile(r"\b(?:of|de|des|d')\s*$")
_PLACE_NOUN = re.compile(r"^\s*(?:provinces?|cities|villes|communes?|wards|localities|localites|ministries|ministeres)\b")
_CHANGE = re.compile(r"\b(?:increase|decrease|reduction|augmentation|baisse|diminution|total|nombre|number|hausse|de plus|de moins)\s+(?:of|de|d')\s*$")
_DOC_BEFORE = re.compile(r"\b(?:decree|decret|decision|resolution|conclusion|directive|dispatch|no\.|n°|number|numero|article|clause|point)\s*$")
_DELIM = re.compile(r"[;!?:]|\.(?!\d)")
_RIGHT_DELIM = re.compile(r"[;!?:]|\.(?!\d)|,\s*(?:and|while|whereas|tandis|et|but|mais)\b")
_AS_OF = re.compile(r"\b(?:as of|as at|up to|by|au|a la date du|jusqu'au|to|au|until|a fin)\s*$")
_REPORTER = re.compile(r"\b(?:according to(?: the report of| a report of| the| a report by)?|selon(?: (?:le|un) rapport (?:du|de la|de l'|des))?|as reported by)\s*$")
_SAID = re.compile(r"^\s*(?:also\s+|egalement\s+)?(?:said|says|reported|stated|a declare|a indique|a rapporte|a dit|informed|noted)\b")


_STOP = re.compile(r"^(are|is|have|has|were|was|under|in|of|with|without|sans|avec|that|who|which|ont|sont|du|des|relevant|au|aux|dans|pour|for|to|a|qui|dont|en|from|on|by|il|there|the|le|la|les)$")


def _unit_from(phrase: str) -> str | None:
    """The unit named by the counted noun ("commune-level ... centers" -> center, "communes" -> commune)."""
    words = [w.strip(",;:.()'\"") for w in fold(phrase).replace("-", " ").split()[:10]]
    while words and words[0] in ("de", "d", "of"):
        words = words[1:]
    commune_seen = False
    for w in words[:8]:
        if w.startswith("commun") or w in ("wards", "ward"):
            commune_seen = True
            continue
        if _STOP.match(w):
            break
        for pattern, unit in _UNITS:
            if unit != "commune" and re.fullmatch(pattern, w):
                if unit == "unit" and (commune_seen or any(x.startswith("commun") for x in words[:8])):
                    return "commune"
                return unit
    return "commune" if commune_seen else None


def _any_unit(phrase: str) -> str | None:
    for w in fold(phrase).split():
        for pattern, unit in _UNITS:
            if re.fullmatch(pattern, w.strip(",;:.()'\"")):
                return unit
    return None


def _strip_parens(text: str) -> str:
    return re.sub(r"\([^()]*\)", " ", text)


def _context(ctx: Context, a: int, b: int, start: int, end: int, spans: list[tuple[int, int]]) -> str:
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
    m = _RIGHT_DELIM.search(text, right_start, b)
    if m:
        right_end = m.start()
    after = [s for s in spans if s[0] >= right_start and s[0] < right_end and not _in_parens(text, a, s[0])]
    if after:
        right_end = after[0][0]
    right = _strip_parens(text[right_start:right_end])
    inside_right = text[end:close] if inside and close != -1 else ""
    left_words = _strip_parens(left).split()[-12:]
    right_words = (inside_right + " " + right).split()[:16]
    phrase = " ".join(left_words + right_words)
    phrase = re.sub(r"\b\d[\d.,  ]*%?", " ", phrase)
    phrase = re.sub(r"^[\s,;:()-]*(?:(?:and|et|of which|dont|soit|including|with|avec|is|est|are|sont|the|les?|la|a)\b[\s,]*)*", "", phrase)
    return " ".join(phrase.split()).strip(" ,;:()-")[:200]


def _in_parens(text: str, a: int, pos: int) -> bool:
    o = text.rfind("(", a, pos)
    return o != -1 and text.find(")", o, pos) == -1


def find_figures(ctx: Context) -> None:
    text, low, ex = ctx.text, fold(ctx.text), ctx.ex
    seen: set[tuple] = set()
    for a, b in ctx.sentences:
        mentions = [m for m in find_numbers(text[a:b], ctx.lang) if _is_figure(low, a, b, m)]
        spans = [(a + m.start, a + m.end) for m in mentions]
        for m in mentions:
            s, e = a + m.start, a + m.end
            phrase = _context(ctx, a, b, s, e, spans)
            unit = m.unit or _unit_from(text[e:b]) or _any_unit(phrase)
            if m.unit == "percent":
                phrase = ("share: " if ctx.lang == "en" else "taux : ") + phrase
            as_of, start = _as_of(ctx, a, b, s)
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
                reported_by=_reporter(ctx, a, b, s), evidence=ctx.evidence(s, e)))


def _is_figure(low: str, a: int, b: int, m) -> bool:
    s, e = a + m.start, a + m.end
    before, after = low[max(a, s - 30):s], low[e:min(b, e + 25)]
    if _DURATION.match(after) or _DOC_BEFORE.search(before) or _ANAPHORIC.search(before):
        return False
    if _OF_PLACE.search(before) and _PLACE_NOUN.match(after) and not _CHANGE.search(before):
        return False
    if m.unit is None and m.value == m.value.to_integral() and 1900 <= m.value <= 2100 and "," not in m.text \
            and " " not in m.text.strip():
        return False
    return True


def _as_of(ctx: Context, a: int, b: int, pos: int) -> tuple[str | None, str | None]:
    low = fold(ctx.text)
    dates = [d for d in ctx.dates_in(a, b) if len(d.value) == 10]
    period = re.search(r"\b(?:from|du|de|between|entre)\s+", low[a:b])
    for i, d in enumerate(dates):
        prefix = low[max(a, d.start - 12):d.start]
        if re.search(r"\b(to|au|until|jusqu'au|and|et)\s*(the\s*)?$", prefix) and i > 0:
            return d.value, dates[i - 1].value
    for d in dates:
        prefix = low[max(a, d.start - 20):d.start]
        if re.search(r"\b(as of|as at|up to|by|au|a la date du|jusqu'au|until|a fin)\s*$", prefix) and not \
                re.search(r"(report|rapport)\s+(on|of|du)\s*$", low[max(a, d.start - 20):d.start]):
            return d.value, None
    return ctx.article.date, None


def _reporter(ctx: Context, a: int, b: int, pos: int) -> str | None:
    low = fold(ctx.text)
    for x in ctx.actors_in(a, b):
        if x.kind in ("org", "person") and _REPORTER.search(low[max(a, x.start - 45):x.start]):
            return x.key
    for x in ctx.actors_in(a, pos):
        if x.kind in ("org", "person") and _SAID.match(low[x.end:x.end + 20]):
            return x.key
    return None
