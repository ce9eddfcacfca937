"""Meetings and conferences: date, chair, participants, topic, and which text each one governs.

A meeting is named by a noun of the pack's ``meetings.nouns`` ("online conference", "séance de
travail", "opening sitting") or a verbal form ("discussed in groups"); each noun has a *kind*
shared by every language. A noun takes the day-precise date nearest to it in its sentence, as
long as no other meeting noun stands between them and the date is not a period bound ("as of",
"from", "depuis", "au"): that is a meeting of its own. Several meetings per article and per
sentence are kept apart by their dates. A noun without a date of its own refers back: to the
last meeting of the same kind mentioned before it ("At that conference", "la réunion du
gouvernement"), else to the last meeting mentioned. Only when the article dates no meeting at
all does an undated noun make one, at the article's date.

The chair is the subject of a chair verb ("X chaired", "X a présidé", "X had a working
session"), the first person after an agent phrase ("chaired by", "sous la présidence de", "dưới sự chủ
trì của"), the person between an agent word and the verb ("do Bí thư X chủ trì"), or,
failing both, who concluded it ("Concluding the meeting, X"). A post standing alone ("the
Minister chaired") is its holder as the article names him or her; an indefinite one ("a deputy
minister chaired", "Une vice-ministre a présidé") is an unnamed person: no chair.

Every mention is recorded with its position, so ``Context.meeting_for(pos)`` can tell which
meeting's account a figure or a directive belongs to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.dates import is_period_start
from kg.extract.actors import bare_title_holder, post_ref_holder
from kg.extract.context import Context
from kg.extract.lang import accent_rx, lower_keep_accents, pack
from kg.keys import meeting_key
from kg.model import Meeting
from kg.text import fold

_MAX_GAP = 160
"""Characters between a meeting noun and its date, at most."""


@dataclass
class MeetingMention:
    """A meeting named in the text: where, and which meeting (index into the article's meetings)."""

    start: int
    end: int
    sentence: tuple[int, int]
    meeting: int = -1
    kind: str = ""
    date: str | None = None


@dataclass
class _Draft:
    date: str
    kind: str
    start: int
    chair: str | None = None
    chair_rank: int = 9
    participants: list[str] = field(default_factory=list)
    topic: str | None = None
    ev: tuple[int, int] = (0, 0)


class _Words:
    def __init__(self, lang: str):
        p = pack(lang)
        self.kinds = p.mapping("meetings.nouns")
        self.verbal_kinds = p.mapping("meetings.verbal_kind")
        self.noun = p.compile(r"(?<![\w-])(?P<w>{n})(?![\w-])", n="meetings.nouns")
        self.verbal = p.compile(r"(?<![\w-])(?P<w>{v})(?![\w-])", v="meetings.verbal")
        # a language where folding merges words (Vietnamese 'họp' a meeting, 'hợp' in 'phối hợp')
        # matches its meeting nouns and verbal forms with their accents
        exact = set(p.data["meetings.accent_sensitive"])
        self.norm = lower_keep_accents if exact else fold
        if "nouns" in exact:
            raw = {k: v for k, v in p.data["meetings.nouns"].items() if not k.startswith("_")}
            self.kinds = {lower_keep_accents(k): v for k, v in raw.items()}
            self.noun = re.compile(r"(?<![\w-])(?P<w>" + accent_rx(list(raw)).pattern + r")(?![\w-])")
        if "verbal" in exact:
            raw = {k: v for k, v in p.data["meetings.verbal_kind"].items() if not k.startswith("_")}
            self.verbal_kinds = {lower_keep_accents(k): v for k, v in raw.items()}
            self.verbal = re.compile(r"(?<![\w-])(?P<w>" + accent_rx(p.data["meetings.verbal"]).pattern + r")(?![\w-])")
        self.not_before = p.compile(r"(?:{w})\s*$", w="meetings.not_noun_before")
        self.not_after = p.compile(r"^\s*(?:{w})", w="meetings.not_noun_after")
        self.chair_verb = p.compile(r"(?<![\w-])(?:{v})(?![\w-])", v="meetings.chair_verb")
        self.chair_agent = p.compile(r"(?<![\w-])(?:{v})(?![\w-])", v="meetings.chair_agent")
        self.chair_genitive = p.compile(r"\s+(?:{g})(?![\w-])\s*", g="meetings.chair_genitive")
        # 'do X chu tri': the chair between an agent word and the chair verb
        self.chair_by = p.compile(r"(?<![\w-])(?:{by})\s+(?P<x>[^;.]{{1,120}}?)(?<![\w-])(?:{v})(?![\w-])",
                                  by="meetings.chair_agent_before", v="meetings.chair_verb")
        self.conclude = p.compile(r"(?<![\w-])(?:{v})(?![\w-])", v="meetings.conclude")
        self.indefinite = p.compile(r"(?<![\w-])(?:{v})\s+(?:\w+-)?$", v="meetings.indefinite")
        self.bare_posts = p.mapping("meetings.bare_posts")
        self.bare_post = p.compile(r"(?<![\w-])(?:{d})\s*(?P<w>{b})(?![\w-])", d="meetings.definite", b="meetings.bare_posts")
        self.topic = p.compile(r"^[^.;]{{0,40}}?(?<![\w-])(?:{v})\s+", v="meetings.topic_lead")


@lru_cache(maxsize=8)
def _words(lang: str) -> _Words:
    return _Words(lang)


def _anchors(w: _Words, low: str, a: int, b: int, norm: str | None = None) -> list[tuple[int, int, str]]:
    """Meeting nouns and verbal forms of one sentence, matched on ``norm`` (the text as the pack
    compares it: folded, or lower case with accents), checked around on the folded ``low``."""
    sent = low[a:b]
    words = (norm if norm is not None else low)[a:b]
    out = []
    for m in w.noun.finditer(words):
        if w.not_before.search(sent[max(0, m.start() - 25):m.start()]) or w.not_after.search(sent[m.end():m.end() + 25]):
            continue
        out.append((a + m.start(), a + m.end(), w.kinds[m.group("w")] if m.group("w") in w.kinds else _kind(w.kinds, m.group("w"))))
    for m in w.verbal.finditer(words):
        s, e = a + m.start(), a + m.end()
        if not any(x < e and s < y for x, y, _ in out):
            out.append((s, e, _kind(w.verbal_kinds, m.group("w"))))
    return sorted(out)


def _kind(mapping: dict, word: str) -> str:
    """The kind of a matched surface (spaces in the pack match any run of spaces)."""
    key = " ".join(word.split())
    for k, v in mapping.items():
        if " ".join(k.split()) == key or re.fullmatch(r"\s+".join(map(re.escape, k.split())), word):
            return v
    return "meeting"


def find_meetings(ctx: Context) -> None:
    w = _words(ctx.lang)
    low = fold(ctx.text)
    norm = w.norm(ctx.text)
    drafts: list[_Draft] = []
    by_date: dict[str, int] = {}
    mentions: list[MeetingMention] = []
    # 1. every meeting noun; those with a date of their own make (or join) the meeting of that date
    for a, b in ctx.sentences:
        anchors = _anchors(w, low, a, b, norm)
        if not anchors:
            continue
        dates = [d for d in ctx.dates_in(a, b) if len(d.value) == 10
                 and not is_period_start(low[max(a, d.start - 40):d.start], ctx.lang)]
        best: dict[int, tuple[int, str]] = {}
        for d in dates:
            choice = None
            for i, (s, e, _) in enumerate(anchors):
                lo, hi = (e, d.start) if e <= d.start else (d.end, s)
                if hi - lo > _MAX_GAP or any(lo <= s2 and e2 <= hi for j, (s2, e2, _) in enumerate(anchors) if j != i):
                    continue
                if choice is None or hi - lo < choice[0]:
                    choice = (hi - lo, i)
            if choice and (choice[1] not in best or choice[0] < best[choice[1]][0]):
                best[choice[1]] = (choice[0], d.value)
        for i, (s, e, kind) in enumerate(anchors):
            mm = MeetingMention(s, e, (a, b), kind=kind)
            if i in best:
                mm.date = best[i][1]
                if mm.date not in by_date:
                    by_date[mm.date] = len(drafts)
                    drafts.append(_Draft(mm.date, kind, s, ev=(a, b)))
                mm.meeting = by_date[mm.date]
            mentions.append(mm)
    # 2. nouns without a date: part of the next noun phrase ("opening sitting of the 10th session"),
    #    else the last meeting of their kind, else the last meeting, else the first one named later
    for i, mm in enumerate(mentions):
        if mm.meeting >= 0:
            continue
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if (nxt and nxt.meeting >= 0 and nxt.sentence == mm.sentence and nxt.start - mm.end < 30
                and not re.search(r"[,;:]", low[mm.end:nxt.start])):
            mm.meeting = nxt.meeting
            continue
        before = [x for x in mentions[:i] if x.meeting >= 0]
        same = [x for x in before if drafts[x.meeting].kind == mm.kind]
        if same or before:
            mm.meeting = (same or before)[-1].meeting
        else:
            later = [x for x in mentions[i + 1:] if x.meeting >= 0]
            same = [x for x in later if drafts[x.meeting].kind == mm.kind]
            if same or later:
                mm.meeting = (same or later)[0].meeting
    if not drafts and mentions and ctx.article.date:
        drafts.append(_Draft(ctx.article.date, mentions[0].kind, mentions[0].start, ev=mentions[0].sentence))
        for mm in mentions:
            mm.meeting = 0
    # 3. chair, participants, topic, sentence by sentence
    for sent in dict.fromkeys(mm.sentence for mm in mentions):
        here = [mm for mm in mentions if mm.sentence == sent and mm.meeting >= 0]
        if here:
            _read_sentence(ctx, w, low, sent, here, drafts)
    meetings = []
    for d in drafts:
        parts = tuple(p for p in d.participants if p != d.chair)
        meetings.append(Meeting(meeting_key(d.date, d.chair, ctx.article.id), d.date, d.chair, parts, d.topic,
                                ctx.evidence(*d.ev)))
    ctx.ex.meetings.extend(meetings)
    ctx.meeting_mentions = [mm for mm in mentions if mm.meeting >= 0]


def _read_sentence(ctx: Context, w: _Words, low: str, sent: tuple[int, int], here: list[MeetingMention],
                   drafts: list[_Draft]) -> None:
    a, b = sent
    text = low[a:b]
    people = [x for x in ctx.actors_in(a, b) if x.kind == "person"]
    posts = [p for p in ctx.posts if a <= p.start and p.end <= b]

    taken = [(x.start, x.end) for x in ctx.actors_in(a, b)] + [(p.start, p.end) for p in posts]
    bare = []                     # "the Minister": (start, end, holder or None)
    for m in w.bare_post.finditer(text):
        s, e = a + m.start("w"), a + m.end("w")
        if not any(x < e + 3 and s < y for x, y in taken):
            bare.append((s, e, bare_title_holder(ctx, w.bare_posts.get(" ".join(m.group("w").split()), ""), s)))

    def alone(p) -> bool:
        return not any(x.start >= p.start and x.start - p.end <= 3 for x in people) \
            and not any(x.start <= p.start and p.end <= x.end for x in people)

    def post_holder(p) -> str | None:
        if w.indefinite.search(low[max(a, p.start - 16):p.start]):
            return None
        return post_ref_holder(ctx, p.entry.key)

    def subject_before(pos: int) -> tuple[bool, str | None]:
        """The last person, or post standing alone, before pos: (found, person key or None)."""
        cands = [(x.end, lambda x=x: x.key) for x in people if x.end <= pos]
        cands += [(p.end, lambda p=p: post_holder(p)) for p in posts if p.end <= pos and alone(p)]
        cands += [(e, lambda h=h: h) for s, e, h in bare if e <= pos]
        if not cands:
            return False, None
        return True, max(cands, key=lambda c: c[0])[1]()

    def person_after(pos: int) -> tuple[bool, str | None]:
        cands = [(x.start, lambda x=x: x.key) for x in people if x.start >= pos]
        cands += [(p.start, lambda: None) for p in posts if p.start >= pos and alone(p)]
        cands += [(s, lambda h=h: h) for s, e, h in bare if s >= pos]
        if not cands:
            return False, None
        return True, min(cands, key=lambda c: c[0])[1]()

    def nearest(pos: int, after_first: bool) -> MeetingMention:
        later = [mm for mm in here if mm.start >= pos and mm.start - pos <= 80]
        earlier = [mm for mm in here if mm.end <= pos]
        if after_first and later:
            return later[0]
        if earlier and pos - earlier[-1].end <= 40:
            return earlier[-1]
        return later[0] if later else (earlier[-1] if earlier else here[0])

    def set_chair(mm: MeetingMention, rank: int, key: str | None) -> None:
        d = drafts[mm.meeting]
        if rank < d.chair_rank:
            d.chair, d.chair_rank = key, rank

    for m in w.chair_agent.finditer(text):
        found, key = person_after(a + m.end())
        if found:
            set_chair(nearest(a + m.start(), after_first=False), 0, key)
    # "la réunion du vice-Premier ministre Nguyen Hoa Binh avec ...": whose meeting, named at once
    for mm in here:
        g = w.chair_genitive.match(low, mm.end, b)
        if not g:
            continue
        pos = g.end()
        for p in sorted(posts, key=lambda p: p.start):      # post titles before the name
            if p.start >= pos and not low[pos:p.start].strip(" ,"):
                pos = p.end
        person = next((x for x in people if x.start >= pos and not low[pos:x.start].strip(" ,")), None)
        if person is not None:
            set_chair(mm, 2, person.key)
    for m in w.chair_by.finditer(text):
        found, key = person_after(a + m.start("x"))
        lo, hi = a + m.start("x"), a + m.end("x")
        inside = [x for x in people if lo <= x.start < hi] + [p for p in posts if lo <= p.start < hi and alone(p)]
        if found and inside:
            set_chair(nearest(a + m.start(), after_first=False), 0, key)
    for m in w.chair_verb.finditer(text):
        mm = nearest(a + m.end(), after_first=True)
        found, key = subject_before(min(a + m.start(), mm.start))
        if found:
            set_chair(mm, 1, key)
            if mm.start > a + m.end():
                t = w.topic.search(low[mm.end:b])
                if t and drafts[mm.meeting].topic is None:
                    topic = " ".join(ctx.text[mm.end + t.end():b].split()).strip(" .;")
                    drafts[mm.meeting].topic = topic[:200] or None
                drafts[mm.meeting].ev = sent
    for m in w.conclude.finditer(text):
        found, key = person_after(a + m.end())
        if found and key:
            set_chair(nearest(a + m.end(), after_first=True), 2, key)
    for x in ctx.actors_in(a, b):
        if x.kind in ("person", "group") or x.type in ("Ministry", "GovernmentBody", "PartyBody"):
            d = drafts[here[0].meeting]
            if x.key not in d.participants:
                d.participants.append(x.key)
