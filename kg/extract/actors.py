"""People, organisations, groups and the posts people hold, as the article names them.

Order of evidence: reference-KB names (gazetteer), then people introduced by a post title
("Minister of Home Affairs Pham Thi Thanh Tra", "Deputy Prime Ministers: A, B, C"), then bare
Vietnamese names (a known family name followed by Vietnamese syllables, three or more of them),
then organisations the KB does not know ("the Community Assistance Group").
"""
from __future__ import annotations

import re

from kg.extract.context import Actor, Context
from kg.model import Entity, PostHolding
from kg.extract.gazetteer import Match, surnames
from kg.keys import org_key, person_key
from kg.text import fold

_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvxy])?"
                       r"[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")
_NOT_NAME = {"the", "de", "la", "et", "in", "on", "at", "an", "a", "and", "du", "des", "les", "to", "da",
             "so", "no", "com", "vi"}
_TOKEN = re.compile(r"[A-ZÀ-ÝĐƠƯẠ-Ỹ][a-zà-ỹđơư]*")
_ORG_HEADS = ("Group", "Committee", "Commission", "Council", "Board", "Team", "Association", "Union",
              "Corporation", "Agency", "Department", "Office", "Front", "Center", "Centre", "Authority",
              "Institute", "Federation", "Bank", "Fund")


def _is_syllable(tok: str) -> bool:
    f = fold(tok)
    return bool(_SYLLABLE.match(f)) and f not in _NOT_NAME


def _name_at(text: str, pos: int, min_tokens: int = 2) -> tuple[int, int] | None:
    """A Vietnamese personal name starting at ``pos`` (after optional spaces), as (start, end)."""
    m = re.compile(r"[ \u00a0]*").match(text, pos)
    i = m.end()
    toks = []
    while len(toks) < 4:
        t = _TOKEN.match(text, i)
        if not t or not _is_syllable(t.group(0)):
            break
        toks.append((t.start(), t.end()))
        nxt = re.compile(r"[ \u00a0]").match(text, t.end())
        if not nxt:
            break
        i = nxt.end()
    if len(toks) < min_tokens:
        return None
    if fold(text[toks[0][0]:toks[0][1]]) not in surnames():
        return None
    return toks[0][0], toks[-1][1]


def _overlaps(a: int, b: int, spans) -> bool:
    return any(a < y and x < b for x, y in spans)


def find_actors(ctx: Context) -> None:
    text, gaz, ex = ctx.text, ctx.gazetteer, ctx.ex
    matches = gaz.find(text, ctx.lang)
    names: list[tuple[int, int, list[Match]]] = []  # (start, end, posts)

    # 1. people introduced by post titles (chains: "membre du Bureau politique et vice-Premier ministre X")
    posts = [m for m in matches if m.entry.kind == "post"]
    ctx.posts = posts
    i = 0
    while i < len(posts):
        chain = [posts[i]]
        j = i
        while j + 1 < len(posts) and re.fullmatch(r"[\s,]*(?:and|et|,)?[\s,]*(?:the|le|la|l')?\s*",
                                                     text[posts[j].end:posts[j + 1].start], flags=re.I):
            chain.append(posts[j + 1])
            j += 1
        pos = chain[-1].end
        sep = re.compile(r"(?:\s*[:,]\s*|\s+(?:were|are|is|was|sont|est)\s*:?\s*)?").match(text, pos)
        first = _name_at(text, sep.end())
        if first:
            found = [first]
            nxt = first[1]
            while True:
                m = re.compile(r"\s*(?:,|and|et)\s*(?:and\s+|et\s+)?").match(text, nxt)
                if not m:
                    break
                more = _name_at(text, m.end())
                if not more:
                    break
                found.append(more)
                nxt = more[1]
            for a, b in found:
                names.append((a, b, chain))
        i = j + 1

    # 2. bare names: three or more syllables, a known family name first
    for m in re.finditer(r"(?<![\w])[A-ZĐ]", text):
        if _overlaps(m.start(), m.start() + 1, [(a, b) for a, b, _ in names]):
            continue
        span = _name_at(text, m.start(), min_tokens=3)
        if span and not _overlaps(*span, [(a, b) for a, b, _ in names]):
            names.append((span[0], span[1], []))

    # gazetteer matches inside a name are not entities ("Hoa Binh" in "Nguyen Hoa Binh");
    # a longer gazetteer match containing the name wins ("Ho Chi Minh City")
    kept = []
    name_spans = []
    for a, b, chain in names:
        if any(x.start <= a and b <= x.end and (x.end - x.start) > (b - a) and x.entry.kind != "post" for x in matches):
            continue
        name_spans.append((a, b, chain))
    for x in matches:
        if x.entry.kind == "post":
            continue
        if _overlaps(x.start, x.end, [(a, b) for a, b, _ in name_spans]) and x.entry.kind != "person":
            continue
        kept.append(x)

    actors: list[Actor] = []
    for x in kept:
        e = x.entry
        actors.append(Actor(x.start, x.end, e.key, e.label, e.type, e.kind))
        ex.add_entity(Entity(e.key, e.label, e.type, in_reference=True,
                             surface=(ctx.article.text[x.start:x.end],)), ctx.evidence(x.start, x.end))
    # organisations named inside post titles ("membre du Bureau politique", "Head of the Government Office")
    for p in posts:
        surface = text[p.start:p.end]
        for k in [0] + [m.end() for m in re.finditer(r"\s+", surface)]:
            inner = [x for x in gaz.find(surface[k:], ctx.lang) if x.entry.kind == "org"]
            if inner:
                e = inner[0].entry
                ex.add_entity(Entity(e.key, e.label, e.type, in_reference=True), ctx.evidence(p.start, p.end))
                break
    for a, b, chain in name_spans:
        surface = ctx.article.text[a:b]
        entry = gaz.lookup(surface)
        if entry is not None and entry.kind == "person":
            key, label, known = entry.key, entry.label, True
        else:
            key, label, known = person_key(surface), fold_name(surface), False
        actors.append(Actor(a, b, key, label, "Person", "person"))
        ex.add_entity(Entity(key, label, "Person", in_reference=known, surface=(surface,)), ctx.evidence(a, b))
        for p in chain:
            ctx.post_holders[p.entry.key] = key
            for broader in p.entry.broader:
                ctx.post_holders.setdefault(broader, key)
            ex.holdings.append(PostHolding(key, p.entry.key, p.entry.label, p.entry.org,
                                           ctx.evidence(p.start, b), in_reference=True))

    # 3. organisations the KB does not know: capitalised phrases ending in an organisation noun
    taken = [(x.start, x.end) for x in actors]
    heads = "|".join(_ORG_HEADS)
    for m in re.finditer(r"\b(?:the\s+)?((?:[A-Z][a-z]+\s+){1,4}(?:" + heads + r"))\b", text):
        a, b = m.start(1), m.end(1)
        if _overlaps(a, b, taken) or ctx.lang != "en":
            continue
        label = m.group(1)
        if label.split()[0] in ("The", "This", "That", "Each", "Every", "Our", "Their", "Government", "Party", "Central"):
            continue
        cls = "Enterprise" if label.endswith(("Corporation", "Bank")) else "OtherOrganization"
        key = org_key(label)
        actors.append(Actor(a, b, key, label, cls, "org"))
        ex.add_entity(Entity(key, label, cls, surface=(label,)), ctx.evidence(a, b))
    actors.sort(key=lambda x: x.start)
    ctx.actors = actors


def fold_name(surface: str) -> str:
    """A name as the gold convention writes it: ASCII, family name first, as spelled."""
    return " ".join(fold(w).capitalize() if w else w for w in surface.split())


def post_ref_holder(ctx: Context, post_key: str) -> str | None:
    """Who holds a post named alone ("the Prime Minister") in this article, or per the KB."""
    if post_key in ctx.post_holders:
        return ctx.post_holders[post_key]
    for p, person in ctx.post_holders.items():
        entry = ctx.entry(p)
        if entry and post_key in entry.broader:
            return person
    return _kb_holder(ctx, post_key)


def _kb_holder(ctx: Context, post_key: str) -> str | None:
    from kg.extract.reference import holders_at
    people = holders_at(post_key, ctx.article.date)
    return people[0] if len(people) == 1 else None
