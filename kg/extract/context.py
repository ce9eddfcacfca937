"""What every extractor reads: the article, its sentences, entity matches, people and dates."""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from kg.dates import DateMention
from kg.model import Article, Evidence, Extraction
from kg.extract.gazetteer import Entry, Gazetteer, Match


@dataclass
class Actor:
    """A resolved mention of a person, organisation or group in the text."""

    start: int
    end: int
    key: str
    label: str
    type: str
    kind: str  # person, org, group, post (a post title named without a person: it stands for its holder,
    #          resolved with kg.extract.actors.post_ref_holder; key is the post key)

    @property
    def assignable(self) -> bool:
        return self.kind in ("org", "group", "person")


@dataclass
class Context:
    article: Article
    text: str
    """The masked text (boilerplate blanked, same length as the article text)."""
    lang: str
    gazetteer: Gazetteer
    sentences: list[tuple[int, int]] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    posts: list[Match] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    year: int | None = None
    ex: Extraction | None = None
    province: str | None = None
    """The province or city the article is about (its key), when it names one."""
    post_holders: dict[str, str] = field(default_factory=dict)
    meeting_mentions: list = field(default_factory=list)
    """Where the text names a meeting (``kg.extract.meetings.MeetingMention``: start, sentence,
    index of the meeting in ``ex.meetings``), set by ``find_meetings``."""
    _sentence_starts: list[int] | None = field(default=None, repr=False)
    """post key -> person key, as this article states it."""

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for a fact found in [start, end): the whole sentence around it."""
        s0, s1 = self.sentence_of(start)
        s1 = max(s1, end)
        quote = self.article.text[s0:s1].strip()
        lead = len(self.article.text[s0:s1]) - len(self.article.text[s0:s1].lstrip())
        s0 += lead
        return Evidence(s0, s0 + len(quote), quote)

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._starts(), pos) - 1
        if i >= 0:
            a, b = self.sentences[i]
            if a <= pos < b:
                return a, b
        return pos, pos + 1

    def _starts(self) -> list[int]:
        if self._sentence_starts is None or len(self._sentence_starts) != len(self.sentences):
            self._sentence_starts = [a for a, _ in self.sentences]
        return self._sentence_starts

    def headline_end(self) -> int:
        """Where the article's title line ends when the text opens with it, else 0.

        A headline restates the lead in telegraphic words: tasks and figures are taken from the body.
        """
        title = (self.article.title or "").strip()
        head = self.text.lstrip()
        return len(self.text) - len(head) + len(title) if title and head.startswith(title) else 0

    def actors_in(self, a: int, b: int) -> list[Actor]:
        return [x for x in self.actors if a <= x.start and x.end <= b]

    def dates_in(self, a: int, b: int) -> list[DateMention]:
        return [d for d in self.dates if a <= d.start and d.end <= b]

    def entry(self, key: str) -> Entry | None:
        return self.gazetteer.entries.get(key)

    def meeting_for(self, pos: int):
        """The meeting whose account the text at ``pos`` belongs to (a ``kg.model.Meeting``), or None.

        Figures said there hold at its date; directives given there link to it. In a sentence
        that names meetings, the one named last before ``pos`` (else the sentence's first); in
        another sentence, the meeting of the last sentence before it that names one (its first
        mention, the main clause); before any, the first meeting of the article. A noun that
        refers back ("at that conference", "la réunion du gouvernement") counts as naming the
        meeting it refers to (``kg.extract.meetings``). Call it after ``find_meetings``.
        """
        meetings = self.ex.meetings if self.ex else []
        mentions = self.meeting_mentions
        if not meetings:
            return None
        if not mentions:
            return meetings[0]
        sent = self.sentence_of(pos)
        inside = [mm for mm in mentions if mm.sentence == sent]
        if inside:
            before = [mm for mm in inside if mm.start <= pos]
            return meetings[(before[-1] if before else inside[0]).meeting]
        earlier = [mm for mm in mentions if mm.sentence[1] <= pos]
        if earlier:
            last = earlier[-1].sentence
            return meetings[next(mm for mm in earlier if mm.sentence == last).meeting]
        return meetings[mentions[0].meeting]

    @property
    def pack(self):
        """The article's language pack (``kg.extract.lang``)."""
        from kg.extract.lang import pack

        return pack(self.lang)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: end punctuation followed by a capital or a new line, and every line break.

    >>> t = "Le 17 septembre il a dit. Puis il part\\nNouvelle ligne"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Le 17 septembre il a dit.', 'Puis il part', 'Nouvelle ligne']
    """
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line_start = m.start()
        line = m.group(0)
        pos = 0
        for b in re.finditer(r"(?<=[.!?…])[\"»”)]*\s+(?=[\"«“(]*[A-ZÀ-ỸĐ0-9])", line):
            chunk = line[pos:b.start()]
            if chunk.strip() and not re.search(r"\b(?:No|no|n°|Mr|Mrs|Dr|St|v\.v|etc)\.$", chunk) \
                    and not re.fullmatch(r"\s*\(?(?:\d{1,2}|[a-zA-Z])[.)]", chunk):   # "1. The ministry ..." is one item
                spans.append((line_start + pos, line_start + b.start()))
                pos = b.end()
        if line[pos:].strip():
            spans.append((line_start + pos, line_start + len(line)))
    out = []
    for a, b in spans:
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if seg.strip():
            out.append((a + lead, b - trail))
    return out
