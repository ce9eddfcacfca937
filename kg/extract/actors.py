"""People, organisations, groups and the posts people hold, as the article names them.

Order of evidence: reference-KB names (gazetteer); local bodies the KB does not list, found by the
shape of their names ("the Gia Lai Department of Home Affairs", "Comité provincial du Parti de Lao
Cai", "the Provincial People's Committee" of the province the article is about) and the posts in
them ("Secretary of the Tuyen Quang Provincial Party Committee"); people introduced by a post title
("Minister of Home Affairs Pham Thi Thanh Tra", "Deputy Prime Ministers: A, B, C") or followed by
one ("Ha Quang Thien, head of the committee"); bare Vietnamese names (a known family name followed
by Vietnamese syllables, three or more of them); organisations the KB does not know ("the
Community Assistance Group", "Department of Public Asset Management"). A post named without a
person ("requested the Minister of Home Affairs to") is an actor of kind ``post``.

Every word comes from the article's language pack (``data/lexicon/lang/<lang>/actors.json``):
body shapes are templates there, in whatever order the language puts the head and the place
("UBND tỉnh Thanh Hóa", "Sở Nội vụ tỉnh Phú Thọ" put the head first, as "People's Committee of X" does).
A head-first body may name two places ("Đoàn ĐBQH tỉnh Sơn La và tỉnh Lai Châu": two
delegations); a bare body in a run of titles takes the next title's place ("Bí thư Tỉnh ủy, Chủ tịch HĐND
tỉnh X"), else the article's province; a collective wins over a body inside it ("UBND các tỉnh, thành phố").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.context import Actor, Context
from kg.extract.gazetteer import Entry, Match, surnames
from kg.extract.lang import phrase_rx
from kg.keys import group_key, org_key, person_key
from kg.model import Entity, PostHolding
from kg.text import fold

_SYLLABLE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvxy])?"
                       r"[aeiouy]{1,3}(ng|nh|ch|[cmnpt])?$")
_NOT_NAME = {"the", "de", "la", "et", "in", "on", "at", "an", "a", "and", "du", "des", "les", "to", "da",
             "so", "no", "com", "vi"}
_TOKEN = re.compile(r"[A-ZÀ-ÝĐƠƯẠ-Ỹ][a-zà-ỹđơư]*")


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
        if not t:
            break
        # a middle "A" of ethnic minority names (Hầu A Lềnh, Giàng A Chu) when another syllable follows
        middle_a = bool(toks) and t.group(0) == "A" and bool(re.match(r"[ \u00a0][A-ZÀ-ÝĐƠƯẠ-Ỹ][a-zà-ỹđơư]", text[t.end():t.end() + 3]))
        if not (_is_syllable(t.group(0)) or middle_a):
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



# ---------------------------------------------------------------------------------------------
# Local bodies: shapes from the pack, canonical English labels by the KG's naming convention
# (data/reference/README.md, challenge README "Names of local bodies")

KINDS = ("people_committee", "people_council", "party_committee", "department", "steering_committee", "na_delegation")
_CANON = {
    # kind: (label for a province, for a city, for a city named without the word City, class)
    "people_committee": ("{place} Provincial People's Committee", "{place} City People's Committee",
                         "{place} People's Committee", "GovernmentBody"),
    "people_council": ("{place} Provincial People's Council", "{place} City People's Council",
                       "{place} People's Council", "GovernmentBody"),
    "party_committee": ("{place} Provincial Party Committee", "{place} City Party Committee",
                        "{place} Party Committee", "PartyBody"),
    "department": ("{place} Department {topic}", "{place} Department {topic}", "{place} Department {topic}",
                   "GovernmentBody"),
    "steering_committee": ("{place} Steering Committee", "{place} Steering Committee", "{place} Steering Committee",
                           "GovernmentBody"),
    "na_delegation": ("{place} National Assembly delegation", "{place} National Assembly delegation",
                      "{place} National Assembly delegation", "OtherOrganization"),
}
# posts of a body: the body named (provincial bodies), or the national post label
_POST = {"people_committee": "{role} of the {body}", "people_council": "{role} of the {body}",
         "party_committee": "{role} of the {body}",
         "department": "{role} of the {body}", "steering_committee": "{role} of the Steering Committee",
         "na_delegation": "{role} of the National Assembly delegation"}
_GAP = r"(?:\s*(?!{stop}(?!\w))[\w'’-]+){{1,12}}?"
"""A few words inside a body's name ("Steering Committee [for the operation of ...] of X"); words of the
pack's ``body.gap_stop`` cannot be among them ("Ban Chỉ đạo [của Chính phủ ...]" is another body)."""
_PH = re.compile(r"\{(\w+)(\?)?\}( ?)")


@dataclass(frozen=True)
class Body:
    start: int
    end: int
    kind: str
    place: str | None  # locality key
    topic: str | None  # ministry key (departments)
    has_place: bool  # named in the text (not taken from the article's province)


class _Shapes:
    """One language's body templates compiled against the reference KB (once per pack and gazetteer)."""

    def __init__(self, pack, gaz):
        self.pack = pack
        self.gaz = gaz
        self.places = {k: e for k, e in gaz.entries.items() if e.type == "Locality"}
        heads = pack.words("actors.ministry.head")
        self.topics: dict[str, str] = {}
        raw: set[str] = set()
        for k, e in gaz.entries.items():
            if e.type != "Ministry" or e.merged_into:
                continue
            for _, label in e.labels:
                f = fold(label).strip()
                for h in heads:
                    if f.startswith(h + " ") and len(f) > len(h) + 3:
                        self.topics.setdefault(_norm(f[len(h):]), k)
                        raw.add(f[len(h):].strip())
        topic_rx = "(?:" + "|".join(_lit(t) for t in sorted(raw, key=len, reverse=True)) + ")"
        lvl = pack.alt("actors.local.level")
        gap = _GAP.format(stop=pack.alt("actors.body.gap_stop"))
        pre = pack.alt("actors.place.prefix")
        suf = pack.alt("actors.place.suffix")
        self.templates: list[tuple[str, re.Pattern | None, re.Pattern | None, re.Pattern | None]] = []
        self.head_first: set[str] = set()
        # "UBND tỉnh A và tỉnh B", "People's Committee of A and B": the head is shared (two bodies)
        self.coord = re.compile(r"\s*,?\s+(?:" + pack.alt("actors.body.coordination") + r")\s+((?:" + pre + r")\s+)?")
        for kind in KINDS:
            for t in pack.words("actors.body." + kind):
                parts = _PH.split(t)
                # parts: lit, name, opt, space, lit, name, opt, space, ...
                before, after, cur, seen_place = [], [], [], False
                for i in range(0, len(parts), 4):
                    if parts[i]:
                        cur.append(_lit(parts[i]))
                    if i + 1 >= len(parts):
                        break
                    name, opt, sp = parts[i + 1], parts[i + 2], parts[i + 3]
                    if name == "place":
                        before, cur, seen_place = cur, [r"\s+"] if sp else [], True
                        continue
                    rx = {"lvl": lvl, "topic": "(?P<topic>" + topic_rx + ")", "gap": gap}[name]
                    sp_rx = r"\s+" if sp else ""
                    cur.append(f"(?:{rx}{sp_rx})?" if opt else rx + sp_rx)
                if seen_place:
                    after = cur
                    b = re.compile("(?:" + "".join(before) + f"(?:{pre}\\s+)?" + ")$") if before else None
                    a = re.compile(f"(?:\\s+{suf})?" + "".join(after) + r"(?!\w)") if "".join(after) else None
                    self.templates.append((kind, b, a, None))
                    if a is None:
                        self.head_first.add(kind)
                else:
                    self.templates.append((kind, None, None, re.compile(r"(?<!\w)" + "".join(cur) + r"(?!\w)")))
        # collectives of local departments ("Departments of Home Affairs", "services de l'Intérieur")
        self.group_templates = []
        for t in pack.words("actors.group.department"):
            rx = ("(?P<topic>" + topic_rx + ")").join(_lit(x) for x in t.split("{topic}"))
            self.group_templates.append(re.compile(r"(?<!\w)" + rx + r"(?!\w)"))
        roles = {}
        for kind in KINDS:
            roles[kind] = pack.mapping("actors.post.role." + kind)
        self.roles = roles
        self.role_rx = {kind: re.compile("(?<!\\w)(?P<role>" + pack.alt("actors.post.role." + kind) + r")\s+(?:"
                                         + pack.alt("actors.post.of") + r")?\s*$") for kind in KINDS}
        self.no_city = {_norm(w) for w in pack.words("actors.local.no_city_word")}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split())


def _lit(folded: str) -> str:
    return phrase_rx(folded, hyphen_as_space=True)


_SHAPES: dict[tuple[str, int], _Shapes] = {}


def shapes(pack, gaz) -> _Shapes:
    ck = (pack.lang, id(gaz))
    got = _SHAPES.get(ck)
    if got is None:
        got = _SHAPES[ck] = _Shapes(pack, gaz)
    return got


def find_bodies(low: str, places: list[Match], sh: _Shapes) -> list[Body]:
    """Local bodies in folded text: around each place match, then the bare forms."""
    found: list[Body] = []
    for m in places:
        for kind, b, a, _ in sh.templates:
            if b is None and a is None:
                continue
            s, e = m.start, m.end
            if b is not None:
                bm = b.search(low, max(0, s - 160), s)
                if not bm:
                    continue
                s = bm.start()
            topic = bm.groupdict().get("topic") if b is not None else None
            if a is not None:
                am = a.match(low, e)
                if not am:
                    continue
                topic = topic or am.groupdict().get("topic")
                e = am.end()
            found.append(Body(s, e, kind, m.entry.key, sh.topics.get(_norm(topic)) if topic else None, True))
    for kind, _, _, bare in sh.templates:
        if bare is None:
            continue
        for bm in bare.finditer(low):
            topic = bm.groupdict().get("topic")
            found.append(Body(bm.start(), bm.end(), kind, None, sh.topics.get(_norm(topic)) if topic else None, False))
    # longest first, no overlaps
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Body] = []
    for x in found:
        if out and x.start < out[-1].end:
            if x.end - x.start > out[-1].end - out[-1].start and x.start == out[-1].start:
                out[-1] = x
            continue
        out.append(x)
    # the head shared by two places: "Đoàn ĐBQH tỉnh Sơn La và tỉnh Lai Châu"
    at = {m.start: m for m in places}
    more: list[Body] = []
    for x in out:
        if not x.has_place or x.kind not in sh.head_first:
            continue
        cm = sh.coord.match(low, x.end)
        nxt = (at.get(cm.end()) or at.get(cm.start(1))) if cm else None
        if nxt is None or nxt.entry.key == x.place or _overlaps(nxt.start, nxt.end, [(y.start, y.end) for y in out]):
            continue
        if not any(m.end == x.end for m in places):
            continue
        more.append(Body(nxt.start, nxt.end, x.kind, nxt.entry.key, x.topic, True))
    return sorted(out + more, key=lambda y: y.start)


_TITLE_GAP = re.compile(r"\s*,\s*[^\W\d][^,.;:()]{0,40}$")


def _next_place(low: str, bodies: list[Body], n: int) -> str | None:
    """A bare body in a run of titles takes the place of the next title's body: "Bí thư Tỉnh ủy, Chủ tịch HĐND
    tỉnh Hậu Giang", "Secretary of the Provincial Party Committee, Chairman of the X Provincial People's Council"."""
    if n + 1 >= len(bodies):
        return None
    nxt = bodies[n + 1]
    if nxt.place is None or not nxt.has_place or not _TITLE_GAP.match(low, bodies[n].end, nxt.start):
        return None
    return nxt.place


def body_label(sh: _Shapes, gaz, body: Body, place: str) -> tuple[str, str, str]:
    """(key, canonical English label, class) of a body in ``place``."""
    entry = gaz.entries[place]
    name = entry.label
    province, city, plain, cls = _CANON[body.kind]
    if entry.level == "city":
        own = {_norm(v) for _, v in entry.labels} | {_norm(name)}
        template = plain if (own & sh.no_city or _norm(name).endswith(" city")) else city
    else:
        template = province
    topic = ""
    if body.topic:
        mlabel = gaz.entries[body.topic].label
        topic = mlabel.split(" ", 1)[1] if " " in mlabel else mlabel
    label = template.format(place=name, topic=topic)
    return org_key(label), label, cls


def article_province(places: list[Match], bodies: list[Body]) -> str | None:
    """The province or city the article is about: the one named most often (first named on a tie)."""
    count: dict[str, int] = {}
    first: dict[str, int] = {}
    for key, pos in [(m.entry.key, m.start) for m in places if not m.entry.merged_into] + \
            [(b.place, b.start) for b in bodies if b.place]:
        count[key] = count.get(key, 0) + 1
        first.setdefault(key, pos)
    if not count:
        return None
    return max(count, key=lambda k: (count[k], -first[k]))


def find_actors(ctx: Context) -> None:
    text, gaz, ex = ctx.text, ctx.gazetteer, ctx.ex
    low = fold(text)
    pack = ctx.pack
    matches = gaz.find(text, ctx.lang)
    sh = shapes(pack, gaz)

    # 0. local bodies and their posts
    place_matches = [m for m in matches if m.entry.type == "Locality"]
    bodies = find_bodies(low, place_matches, sh)
    province = ctx.province = article_province(place_matches, bodies)
    groups: list[tuple[int, int, str]] = []
    for rx in sh.group_templates:
        for gm in rx.finditer(low):
            topic = sh.topics.get(_norm(gm.group("topic")))
            if topic and not _overlaps(gm.start(), gm.end(), [(a, b) for a, b, _ in groups]):
                mlabel = gaz.entries[topic].label
                groups.append((gm.start(), gm.end(), "Departments " + mlabel.split(" ", 1)[1]))
    # a collective wins over a body inside it ("các Sở Nội vụ", "UBND các tỉnh, thành phố")
    collective = [(a, b) for a, b, _ in groups] + [(m.start, m.end) for m in matches if m.entry.kind == "group"]
    body_of: list[tuple[Body, str, str, str]] = []  # body, key, label, class
    locality_of: dict[str, str] = {}                 # body key -> its province's key
    for n, bd in enumerate(bodies):
        place = bd.place or _next_place(low, bodies, n) or province
        if place is None or (bd.kind == "department" and not bd.topic):
            continue
        if _overlaps(bd.start, bd.end, collective):
            continue
        key, label, cls = body_label(sh, gaz, bd, place)
        body_of.append((bd, key, label, cls))
        locality_of[key] = place
    local_posts: list[Match] = []
    for bd, key, label, cls in body_of:
        rm = sh.role_rx[bd.kind].search(low, max(0, bd.start - 60), bd.start)
        if not rm:
            continue
        role = sh.roles[bd.kind].get(" ".join(rm.group("role").split()))
        if not role:
            continue
        plabel = _POST[bd.kind].format(role=role, body=label)
        generic = [x.entry.key for x in matches if x.entry.kind == "post" and x.start < bd.end and rm.start() < x.end]
        local_posts.append(Match(rm.start(), bd.end, Entry("post/" + org_key(plabel)[4:], plabel, "Post", "post",
                                                            tuple(generic), key)))
    # "head of the committee": the steering committee's head, where one is named
    if any(bd.kind == "steering_committee" for bd, *_ in body_of) or any(
            "steering" in m.entry.key for m in matches if m.entry.kind == "org"):
        plabel = _POST["steering_committee"].format(role="Head")
        for hm in pack.rx("actors.post.head_of_committee").finditer(low):
            local_posts.append(Match(hm.start(), hm.end(), Entry("post/" + org_key(plabel)[4:], plabel, "Post", "post")))
    body_spans = [(bd.start, bd.end) for bd, *_ in body_of] + [(a, b) for a, b, _ in groups]
    local_spans = [(p.start, p.end) for p in local_posts]
    # a generic post inside a body's name is no post ("đại biểu Quốc hội" in "Đoàn đại biểu Quốc hội tỉnh X")
    inside = [(a, b) for a, b in body_spans]
    matches = [m for m in matches if not (m.entry.kind == "post" and _overlaps(m.start, m.end, local_spans))
               and not (m.entry.kind == "post" and any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end)
                                                       for a, b in inside))
               and not (m.entry.kind != "post" and m.entry.type != "Locality" and _overlaps(m.start, m.end, body_spans))]
    matches = sorted(matches + local_posts, key=lambda m: m.start)

    names: list[tuple[int, int, list[Match]]] = []  # (start, end, posts)

    # 1. people introduced by post titles (chains: "membre du Bureau politique et vice-Premier ministre X")
    posts = [m for m in matches if m.entry.kind == "post"]
    ctx.posts = posts
    chains: list[list[Match]] = []
    pred_rx = pack.rx("actors.person.predicate", r"(?<!\w){}\s+$")
    named_chains: set[int] = set()
    i = 0
    while i < len(posts):
        chain = [posts[i]]
        j = i
        while j + 1 < len(posts) and re.fullmatch(r"[\s,]*(?:and|et|,)?[\s,]*(?:the|le|la|l')?\s*",
                                                     text[posts[j].end:posts[j + 1].start], flags=re.I) \
                and not re.search(r",\s*(?:and|et)\b", text[posts[j].end:posts[j + 1].start]):
            chain.append(posts[j + 1])
            j += 1
        chains.append(chain)
        pos = chain[-1].end
        if pred_rx.search(low, max(0, chain[0].start - 60), chain[0].start):
            # "X was appointed Secretary of ...": the post is the preceding name's, not the next one's
            i = j + 1
            continue
        sep = re.compile(r"(?:\s*[:,]\s*|\s+(?:were|are|is|was|sont|est)\s*:?\s*)?").match(text, pos)
        first = _name_at(text, sep.end())
        if first:
            named_chains.add(len(chains) - 1)
            found = [first]
            nxt = first[1]
            list_rx = pack.compile(r"\s*(?:,|{a})\s*(?:{a}\s+)?", a="actors.person.list_and")
            while True:
                m = list_rx.match(low, nxt)
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

    # 2. bare names: three or more syllables, a known family name first; a bare title before a
    #    name ("deputy Tran Van Khai") is a post
    bare = pack.mapping("actors.post.bare_title")
    bare_rx = pack.rx("actors.post.bare_title", r"(?<!\w){}\s+$")
    honorific_rx = pack.rx("actors.person.honorific", r"(?<![\w.]){}\s+$")
    for m in re.finditer(r"(?<![\w])[A-ZĐ]", text):
        if _overlaps(m.start(), m.start() + 1, [(a, b) for a, b, _ in names]):
            continue
        span = _name_at(text, m.start(), min_tokens=2)
        if not span or _overlaps(*span, [(a, b) for a, b, _ in names]):
            continue
        tm = bare_rx.search(low, max(0, span[0] - 40), span[0])
        chain = []
        if tm:
            plabel = bare.get(" ".join(tm.group(0).split()))
            entry = gaz.lookup(plabel) if plabel else None
            if entry is not None and entry.kind == "post":
                chain = [Match(tm.start(), tm.end() - (len(tm.group(0)) - len(tm.group(0).rstrip())), entry)]
        if chain or len(_name_tokens(text, span)) >= 3 or honorific_rx.search(low, max(0, span[0] - 20), span[0]):
            names.append((span[0], span[1], chain))

    # gazetteer matches inside a name are not entities ("Hoa Binh" in "Nguyen Hoa Binh");
    # a longer gazetteer match containing the name wins ("Ho Chi Minh City")
    kept = []
    name_spans = []
    for a, b, chain in names:
        if any(x.start <= a and b <= x.end and (x.end - x.start) > (b - a) and x.entry.kind != "post" for x in matches):
            continue
        name_spans.append((a, b, chain))
    name_only = [(a, b) for a, b, _ in name_spans]
    for x in matches:
        if x.entry.kind == "post":
            continue
        if _overlaps(x.start, x.end, name_only) and x.entry.kind != "person":
            continue
        kept.append(x)

    # a post chain after a name, set off by a comma ("Ha Quang Thien, chef du comité"), that does
    # not itself introduce a name: the name's holder holds it
    app_rx = pack.rx("actors.person.apposition", r"{}")
    pred_after = pack.rx("actors.person.predicate", r"\s+{}\s+")
    extra: dict[int, list[Match]] = {}
    for n, (a, b, chain) in enumerate(name_spans):
        am = app_rx.match(low, b) or pred_after.match(low, b)
        if not am or am.end() == b:
            continue
        for ci, ch in enumerate(chains):
            if ch[0].start == am.end() and ci not in named_chains:
                extra[n] = ch
                named_chains.add(ci)
                break

    actors: list[Actor] = []
    person_spans = [(a, b) for a, b, _ in name_spans]
    post_spans = [(p.start, p.end) for p in posts]
    for x in kept:
        e = x.entry
        # a place inside a body's name is mentioned, but the body is the actor
        if not (e.type == "Locality" and _overlaps(x.start, x.end, body_spans)):
            actors.append(Actor(x.start, x.end, e.key, e.label, e.type, e.kind))
        ex.add_entity(Entity(e.key, e.label, e.type, in_reference=True,
                             surface=(ctx.article.text[x.start:x.end],)), ctx.evidence(x.start, x.end))
    for bd, key, label, cls in body_of:
        if bd.kind == "steering_committee":
            cls = _steering_class(ctx, name_spans, extra, chains)
        if not _overlaps(bd.start, bd.end, post_spans):
            actors.append(Actor(bd.start, bd.end, key, label, cls, "org"))
        ex.add_entity(Entity(key, label, cls, surface=(ctx.article.text[bd.start:bd.end],),
                             locality=locality_of.get(key)), ctx.evidence(bd.start, bd.end))
    for a, b, label in groups:
        key = group_key(label)
        actors.append(Actor(a, b, key, label, "Group", "group"))
        ex.add_entity(Entity(key, label, "Group", surface=(ctx.article.text[a:b],)), ctx.evidence(a, b))
    # organisations named inside post titles ("membre du Bureau politique", "Head of the Government Office")
    for p in posts:
        if p in local_posts:
            continue
        e = _inner_org(gaz, text[p.start:p.end], ctx.lang)
        if e is not None:
            ex.add_entity(Entity(e.key, e.label, e.type, in_reference=True), ctx.evidence(p.start, p.end))
    for n, (a, b, chain) in enumerate(name_spans):
        surface = ctx.article.text[a:b]
        entry = gaz.lookup(surface)
        if entry is not None and entry.kind == "person":
            key, label, known = entry.key, entry.label, True
        else:
            key, label, known = person_key(surface), fold_name(surface), False
        actors.append(Actor(a, b, key, label, "Person", "person"))
        ex.add_entity(Entity(key, label, "Person", in_reference=known, surface=(surface,)), ctx.evidence(a, b))
        for p in list(chain) + extra.get(n, []):
            ctx.post_holders[p.entry.key] = key
            for broader in p.entry.broader:
                ctx.post_holders.setdefault(broader, key)
            known_post = p.entry.key in gaz.entries
            ex.holdings.append(PostHolding(key, p.entry.key, p.entry.label, p.entry.org,
                                           ctx.evidence(min(p.start, a), max(p.end, b)), in_reference=known_post))

    # posts named without a person: the post stands for its holder ("requested the Minister of Finance")
    for ci, ch in enumerate(chains):
        if ci in named_chains:
            continue
        p = ch[-1]
        if _overlaps(p.start, p.end, person_spans):
            continue
        actors.append(Actor(p.start, p.end, p.entry.key, p.entry.label, "Post", "post"))

    # 3. organisations the KB does not know, by the shape of their names
    taken = [(x.start, x.end) for x in actors] + post_spans
    for a, b, label, cls in _unknown_orgs(ctx.article.text, pack):
        if _overlaps(a, b, taken):
            continue
        key = org_key(label)
        taken.append((a, b))
        actors.append(Actor(a, b, key, label, cls, "org"))
        ex.add_entity(Entity(key, label, cls, surface=(label,)), ctx.evidence(a, b))
    actors.sort(key=lambda x: x.start)
    ctx.actors = actors


_INNER: dict[tuple[int, str, str], Entry | None] = {}


def _inner_org(gaz, surface: str, lang: str) -> Entry | None:
    """The organisation named inside a post title ("Head of the Government Office"), cached."""
    ck = (id(gaz), surface, lang)
    if ck not in _INNER:
        found = None
        for k in [0] + [m.end() for m in re.finditer(r"\s+", surface)]:
            inner = [x for x in gaz.find(surface[k:], lang) if x.entry.kind == "org"]
            if inner:
                found = inner[0].entry
                break
        if len(_INNER) > 4096:
            _INNER.clear()
        _INNER[ck] = found
    return _INNER[ck]


def _name_tokens(text: str, span: tuple[int, int]) -> list[str]:
    return text[span[0]:span[1]].split()


def _steering_class(ctx, name_spans, extra, chains) -> str:
    """A steering committee headed by a Party secretary is a Party body, else a government body."""
    head = [n for n, (a, b, ch) in enumerate(name_spans)
            if any("steering-committee" in p.entry.key for p in list(ch) + extra.get(n, []))]
    for n in head:
        a, b, ch = name_spans[n]
        if any(p.entry.key.startswith("post/secretary") for p in list(ch) + extra.get(n, [])):
            return "PartyBody"
    return "GovernmentBody"


_UNKNOWN: dict[str, tuple] = {}
_UPPERISH = re.compile(r"[A-Z\u00c0-\u00de\u0100-\u024f\u1e00-\u1eff]")


def _unknown_rx(pack) -> tuple:
    word = pack.alt("actors.org.name_word")
    small = pack.alt("actors.org.small_word")
    rx_last = pack.compile(r"(?<![\w])((?:{w}\s+){{1,4}}(?i:{h}))(?!\w)(?!\s+[A-Z])", w="actors.org.name_word",
                           h="actors.org.head_last")
    nw = f"(?!(?i:{small})(?!\\w))(?:{word})"
    run = f"{nw}(?:\\s+{nw}){{0,{int(pack.mapping('actors.org.name_shape')['max_run'])}}}"
    rx_first = re.compile(r"(?<![\w])((?=[A-Z])(?i:" + pack.alt("actors.org.head_first") + r"))\s+(?i:"
                          + pack.alt("actors.org.head_first_link") + r")\s*(" + run + r"(?:\s+(?i:" + small + r")\s*"
                          + run + r")?)")
    return (rx_last, rx_first, pack.mapping("actors.org.head_last"), pack.mapping("actors.org.head_first"),
            set(pack.words("actors.org.skip_first")), set(pack.words("actors.org.small_word")))


def _unknown_orgs(text: str, pack) -> list[tuple[int, int, str, str]]:
    """Capitalised names ending (or starting) with an organisation noun: (start, end, label, class)."""
    got = _UNKNOWN.get(pack.lang)
    if got is None:
        got = _UNKNOWN[pack.lang] = _unknown_rx(pack)
    rx_last, rx_first, last, first, skip, smalls = got
    out = []
    # case kept, diacritics folded (same offsets): pack words are folded, capitals mark names
    low, parts, pos = fold(text), [], 0
    for m in _UPPERISH.finditer(text):
        if m.group(0).isupper():
            parts += [low[pos:m.start()], low[m.start()].upper()]
            pos = m.end()
    keep = "".join(parts) + low[pos:]
    for m in rx_last.finditer(keep):
        label = m.group(1)
        toks = label.split()
        while toks and fold(toks[0]) in skip:
            toks = toks[1:]
        if len(toks) < 2:
            continue
        a = m.end(1) - len(" ".join(toks)) if " ".join(toks) == label[-len(" ".join(toks)):] else m.start(1)
        label = text[a:m.end(1)]
        out.append((a, m.end(1), " ".join(label.split()), last.get(fold(toks[-1]), "OtherOrganization")))
    for m in rx_first.finditer(keep):
        words = m.group(2).split()
        while words and fold(words[-1]) in smalls:
            words.pop()
        if not words:
            continue
        end = m.start(2) + len(" ".join(words)) if m.group(2).startswith(" ".join(words)) else m.end(2)
        label = " ".join(text[m.start(1):end].split())
        out.append((m.start(1), end, label, first.get(fold(m.group(1)), "OtherOrganization")))
    return out


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


def bare_title_holder(ctx: Context, prefix: str, pos: int) -> str | None:
    """Who a title used alone stands for ("the Minister", "le président", "Đại biểu"): the last
    person named before ``pos`` in a post whose key starts with ``prefix`` ("minister" ->
    "Minister of Home Affairs X"), else the post's holder as ``post_ref_holder`` finds it."""
    if not prefix:
        return None
    held = [h for h in ctx.ex.holdings if h.evidence and h.evidence.start < pos
            and (h.post.split("/", 1)[-1] == prefix or h.post.split("/", 1)[-1].startswith(prefix + "-"))]
    if held:
        return max(held, key=lambda h: h.evidence.start).person
    return post_ref_holder(ctx, "post/" + prefix)


def _kb_holder(ctx: Context, post_key: str) -> str | None:
    from kg.extract.reference import holders_at
    people = holders_at(post_key, ctx.article.date)
    return people[0] if len(people) == 1 else None
