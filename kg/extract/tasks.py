"""Tasks (directives): who asks whom to do what, by when, at which meeting or in which document.

Rules are small registered units (``@rule``), each ``match(tc, clause) -> [Candidate]``; all
rules run on every clause (a sentence, or an item of a list), and one policy (:func:`resolve`)
keeps the candidates: higher priority first, none whose action overlaps one already kept. Every
word a rule needs comes from the article's language pack (``data/lexicon/lang/<lang>/tasks.json``).

The rules, by priority:

- ``directive`` (50): a directive verb with addressees and an action ("X requested A and B to
  ...", "X a demandé aux A de ...", "requesting A to ...", several verbs in one sentence); a
  directive with no addressee that ends in a colon opens a list;
- ``list_item`` (45): an item of such a list that starts with its addressees ("- au ministère
  des Finances d'allouer ...");
- ``obligation`` (40): a subject with an obligation or passive predicate ("A shall ...", "A is
  responsible for ...", "A est chargé de ...", "A was asked to ...", "X is in charge of Y");
- ``modal`` (35): a subject with a weaker modal ("A needs to", "A doit"), only where someone is
  directing;
- ``tasks_for`` (30): "specific tasks for A, especially ...";
- ``subject_clause`` (20): right after a directive, clauses whose subject is an organisation in
  the present tense ("Le Bureau du gouvernement examine ... ; évalue ...");
- ``imperative`` (10): right after a directive, imperatives continue it.

The directing state (the ``Frame``) ends: it lasts one clause past the last one that gave a
task, or to the end of a list. Who assigns: the subject before the verb (a person, an
organisation, a post standing for its holder, a pronoun for the last director, a document for
its signer or issuer), else whoever directs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from kg.dates import relative_deadline
from kg.extract.actors import bare_title_holder, post_ref_holder
from kg.extract.context import Actor, Context
from kg.model import Task
from kg.text import fold

_ASSIGNABLE_TYPES = {"Ministry", "GovernmentBody", "PartyBody", "Enterprise", "Locality", "Group",
                     "OtherOrganization", "Other", "Person"}
_LIST_MARKER = re.compile(r"\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-–—•*+·])\s+")


# ---------------------------------------------------------------- the registry

@dataclass(frozen=True)
class Candidate:
    rule: str
    priority: int
    assignees: tuple[str, ...]
    assigner: str | None
    start: int
    """The action's span in the text."""
    end: int


@dataclass(frozen=True)
class Rule:
    name: str
    priority: int
    match: Callable[["TaskContext", "Clause"], list[Candidate]]


RULES: list[Rule] = []


def rule(name: str, priority: int):
    """Register a task rule: ``match(tc, clause) -> [Candidate]``."""
    def wrap(fn):
        RULES.append(Rule(name, priority, fn))
        RULES.sort(key=lambda r: -r.priority)
        return fn
    return wrap


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """The one conflict policy: by priority, then position; an action already claimed is not taken twice."""
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (-c.priority, c.start)):
        if any(c.start < k.end and k.start < c.end for k in kept):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


# ---------------------------------------------------------------- state

@dataclass
class Clause:
    start: int
    end: int
    item: bool = False
    """An item of a list (after its marker)."""


@dataclass
class Frame:
    """Who is directing, through which document, and for how long."""

    director: str | None = None
    document: str | None = None
    age: int = 99
    """Clauses since the last one that gave a task or opened the frame."""
    list_open: bool = False
    last_assignees: list[str] = field(default_factory=list)
    last_tasks: list[int] = field(default_factory=list)
    last_group: str | None = None
    list_addressees: list[str] = field(default_factory=list)
    """Addressees named by a list's introduction ("requests the Government to:")."""

    @property
    def active(self) -> bool:
        return self.list_open or self.age <= 1


class TaskContext:
    """What rules read: the article context, its folded text, the pack's patterns and the frame."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.low = fold(ctx.text)
        self.frame = Frame()
        p = ctx.pack
        self.p = p
        self.rx_directive = p.rx("tasks.directive")
        self.rx_det_before = p.rx("tasks.determiners", r"\b{}\s*$")
        self.rx_clitic_before = p.rx("tasks.clitic_before", r"\b{}\s*$")
        self.rx_clitic_after = p.rx("tasks.clitic_after", r"\s+{}\b")
        self.rx_count_after = p.compile(r"(?:\s+{c}\b)*\s+\d", c="tasks.connector")
        self.rx_doc_preamble = p.compile(r"\s*{pre}\s+({doc})\b", pre="tasks.doc_preamble", doc="tasks.doc_subject")
        self.rx_active_participle = p.rx("tasks.active_participle", "{}")
        self.rx_object_after = p.rx("tasks.directive_object_nouns", r"\s*{}\b")
        self.rx_that = p.rx("tasks.that", r"\s*{}")
        # "chủ trì hội nghị" chairs a meeting; "chủ trì, phối hợp" takes the lead on a task
        self.rx_obligation = p.compile(r"\b{ob}\b(?!\s*,?\s*{nb}\b)", ob="tasks.obligation", nb="tasks.obligation_not_before")
        self.rx_modal = p.rx("tasks.modal")
        self.rx_agent = p.rx("tasks.agent", r"\s*{}\s+")
        # "The telegram requests", "Công điện số 141/CĐ-TTg yêu cầu": the noun, perhaps with its number
        self.rx_doc_subject = p.rx("tasks.doc_subject", r"(?:^|[\s,])({})(?:\s+(?:\w+\.?\s+)?\S*\d\S*)?\s*$")
        self.doc_types = p.mapping("tasks.doc_subject")
        self.rx_pronoun = p.rx("tasks.pronoun")
        self.bare_posts = p.mapping("tasks.bare_post")
        self.rx_bare_post = p.compile(r"(?:^|[\s,])({b})(?![\w-]|\s+{c}\b)", b="tasks.bare_post", c="tasks.post_complement")
        self.rx_pronoun_it = p.rx("tasks.pronoun_it", r"(?:^|[\s,]){}\s*$")
        self.rx_doc_subject_start = p.rx("tasks.doc_subject", r"^\s*(?:{})\b")
        self.rx_conclude = p.rx("tasks.conclude")
        self.rx_preamble = p.rx("tasks.preamble", r"\s*(?:[^,;:]{{0,20}},\s*)?{}\b[^,;:]*,")
        self.rx_tasks_for = p.rx("tasks.tasks_for")
        self.rx_focus = p.rx("tasks.tasks_for_focus")
        self.rx_connector = p.rx("tasks.connector", r"^(?:[\s,]*(?:{})\b)*[\s,]*$")
        self.rx_lead = p.compile(r"[\s,:]*(?:{ap}\b[\s,]*)*(?:{lead})?\s*", ap="tasks.appositive", lead="tasks.lead")
        self.rx_lead_word = p.rx("tasks.lead", r"[\s,:]*{}")
        self.rx_action_split = p.rx("tasks.action_split", r"\s+{}\s+(?=\w)")
        self.rx_conj = p.rx("tasks.conjunction")
        self.rx_not_after = p.rx("tasks.obligation_not_after", r"\b{}\s*$")
        self.rx_comma_connector = p.rx("tasks.connector", r",\s*(?={}\b)")
        self.rx_conj_then_lead = p.compile(r"\s*{c}\b\s*(?:\w+\s+){{0,2}}?{lead}\s*\w", c="tasks.conjunction", lead="tasks.lead")
        self.rx_continuation = p.compile(r"[\s,;]*(?:{c}\s+)?(?:{lead})\s*", c="tasks.conjunction", lead="tasks.lead")
        self.rx_new_dative = p.compile(r"(?:,\s*|\s+){c}\s+{d}\s*$", c="tasks.conjunction", d="tasks.dative")
        self.rx_fact = p.rx("tasks.fact_verb", r"[\s,]*(?:{})\b")
        self.rx_frame_end = p.compile(r"^\s*{e}\b|[,;]\s*{e}\b[^,;]*$", e="tasks.frame_end")
        self.rx_first_verb = p.rx("tasks.fact_verb", r"\b{}\b")
        self.rx_imperative = p.rx("tasks.imperative", r"^(?:[^,]{{0,60}},\s*)?{}\b")
        self.rx_imperative_any = p.rx("tasks.imperative_anywhere")
        self.rx_refer_back = p.rx("tasks.refer_back")
        self.rx_deadline_prep = p.rx("tasks.deadline_prep", r"\b{}\s*(?:the\s+|le\s+|la\s+)?$")
        self.rx_coordinate = p.rx("tasks.coordinate")
        self.rx_list_intro = p.rx("tasks.list_intro", r"\b{}\b[^:]*:\s*$")
        self.extra = self._bare_orgs(p)
        meeting = ctx.meeting_for(0)
        self.anchor = meeting.date if meeting and meeting.date else ctx.article.date
        self.obligation_spans: list[tuple[int, int]] = []

    # --- actors

    def _bare_orgs(self, p) -> list[Actor]:
        """"The ministry shall also ...": the last organisation named before whose label has that head word."""
        kinds = p.mapping("tasks.bare_org")
        out = []
        for m in p.compile(r"\b({b})\b(?!\s+{c}\b)", b="tasks.bare_org", c="tasks.post_complement").finditer(self.low):
            want = kinds.get(re.sub(r"\s+", " ", m.group(1)))
            if want == "Locality" and self.ctx.province:
                # "the province": the one the article is about
                entry = self.ctx.entry(self.ctx.province)
                if entry and not any(x.start <= m.start() < x.end for x in self.ctx.actors):
                    out.append(Actor(m.start(), m.end(), entry.key, entry.label, entry.type, "org"))
                continue
            prior = [x for x in self.ctx.actors if x.end <= m.start() and x.kind == "org"
                     and want.lower() in x.label.lower()]
            if prior and not any(x.start <= m.start() < x.end for x in self.ctx.actors):
                # the one the article is about (named most), the latest on a tie
                counts: dict[str, int] = {}
                for i, x in enumerate(prior):
                    counts[x.key] = counts.get(x.key, 0) + 1
                x = max(reversed(prior), key=lambda y: counts[y.key])
                out.append(Actor(m.start(), m.end(), x.key, x.label, x.type, "org"))
        return out

    def assignable(self, a: int, b: int, persons: bool = True) -> list[Actor]:
        out = []
        xs = self.ctx.actors_in(a, b)
        if self.extra:
            xs = sorted(xs + [x for x in self.extra if a <= x.start and x.end <= b], key=lambda x: x.start)
        for x in xs:
            if x.kind == "post":
                holder = post_ref_holder(self.ctx, x.key)
                if holder:
                    out.append(Actor(x.start, x.end, holder, x.label, "Person", "person"))
                continue
            if x.type in _ASSIGNABLE_TYPES and x.kind in ("org", "group", "person") and (persons or x.kind != "person"):
                out.append(x)
        return out

    def subject(self, a: int, pos: int, doc_ok: bool = True) -> str | None:
        """The agent of the verb at ``pos``: the nearest actor before it, a document, or a pronoun."""
        before = self.low[a:pos]
        noun = self.rx_doc_subject.search(before.rstrip(" ,")) if doc_ok else None
        if noun:
            doc = self.document_responsible(pos, self.doc_types.get(re.sub(r"\s+", " ", noun.group(1)).strip()))
            if doc:
                return doc
        xs = [x for x in self.assignable(a, pos) if x.kind in ("person", "org")]
        if any(x.type != "Locality" for x in xs):
            xs = [x for x in xs if x.type != "Locality"]     # "Deputy X (Dong Thap) said the province ..."
        if xs:
            # "The Politburo and the Secretariat requested": the first of a coordinated subject
            # ("A and B", "A, B and C"; not "the Politburo's direction, the Ministry")
            run = self.coordinated_run(xs, need_conjunction=True)
            xs = xs[:-1] + [Actor(run[-1].start, run[-1].end, run[0].key, run[0].label, run[0].type, run[0].kind)]
        cands = [(x.end, x.key) for x in xs]
        for p in self.ctx.posts:        # a post title standing for its holder ("Le Premier ministre a demandé")
            if a <= p.start and p.end <= pos:
                holder = post_ref_holder(self.ctx, p.entry.key)
                if holder:
                    cands.append((p.end, holder))
        bare = self.rx_bare_post.search(before)
        if bare and not any(e > a + bare.start() for e, _ in cands):
            holder = bare_title_holder(self.ctx, self.bare_posts[re.sub(r"\s+", " ", bare.group(1))], a + bare.start())
            if holder:
                return holder
        it = self.rx_pronoun_it.search(before)
        if it and not cands:
            ante = self.antecedent(a)
            if ante:
                return ante
        m = None
        for m in self.rx_pronoun.finditer(self.low, a, pos):
            pass
        if m:
            who = self.last_person(m.start()) or self.frame.director
            if who:
                cands.append((m.end(), who))
        return max(cands)[1] if cands else None

    def coordinated_run(self, xs: list[Actor], need_conjunction: bool = False) -> list[Actor]:
        """The actors joined to the last of ``xs`` by connectors ("A, B and C"), in order, each once.

        With ``need_conjunction``, a run joined by commas alone does not count ("X's direction,
        the Ministry"): an "and" must appear between two of them.
        """
        run = [xs[-1]]
        conj = not need_conjunction
        for x in reversed(xs[:-1]):
            if x.start >= run[0].start or x.key == run[0].key and x.end >= run[0].start - 1:
                continue             # the same name found twice (a KB person and a titled name)
            gap = self.low[x.end:run[0].start]
            if self.rx_connector.match(gap) and (conj or self.rx_conj.search(gap)):
                conj = True
                run.insert(0, x)
            else:
                break
        return list({x.key: x for x in run}.values())

    def last_person(self, pos: int) -> str | None:
        """"He"/"she" with no one directing: the last person named in the two sentences before."""
        prev = [s for s in self.ctx.sentences if s[1] <= pos][-2:]
        if not prev:
            return None
        people = [x for x in self.ctx.actors_in(prev[0][0], pos) if x.kind == "person"]
        return people[-1].key if people else None

    def antecedent(self, pos: int) -> str | None:
        """What "it"/"il" stands for: the agent that opens one of the last sentences (a document or an organisation)."""
        prev = [s for s in self.ctx.sentences if s[1] <= pos][-3:]
        for a, b in reversed(prev):
            pre = self.rx_preamble.match(self.low, a, b)
            a = pre.end() if pre else a
            head = self.low[a:min(b, a + 60)]
            if self.rx_doc_subject_start.match(head):
                return self.document_responsible(a)
            xs = [x for x in self.assignable(a, b, persons=False) if x.kind == "org"]
            if xs and self.rx_connector.match(self.low[a:xs[0].start]) \
                    and not self.rx_obligation.match(self.low, xs[0].end, min(b, xs[0].end + 40)):
                return xs[0].key
        return None

    def document_responsible(self, pos: int, doc_type: str | None = None) -> str | None:
        """Who a document speaks for: its signer (dispatch, decision), its issuer (resolution, plan).

        With a type ("the plan"), the last document of that type named before ``pos``."""
        docs = [d for d in self.ctx.ex.documents if d.evidence is None or d.evidence.start <= pos]
        if doc_type:
            typed = [d for d in docs if d.type == doc_type]
            if typed:
                docs = typed[-1:]
        docs = [d for d in docs if d.signer or d.issuers] or docs
        if self.frame.document:
            docs = [d for d in docs if d.key == self.frame.document] or docs
        for d in docs:
            issuers = [i for i in d.issuers if not i.startswith("place/")]
            if d.type in ("Resolution", "Plan") and issuers:
                return issuers[0]
            if d.signer:
                return d.signer
            if issuers:
                return issuers[0]
        for d in reversed(docs):
            if d.evidence and d.evidence.start <= pos:
                # "the committee adopted Plan No. 47": who the sentence naming it says made it
                a, _ = self.ctx.sentence_of(d.evidence.start)
                at = self.low.find(fold(d.identifier).split("/")[0], a) if d.identifier else -1
                who = self.subject(a, at if at > a else d.evidence.start, doc_ok=False)
                if who:
                    return who
                break
        return self.frame.director

    def document_at(self, a: int, b: int) -> str | None:
        for d in self.ctx.ex.documents:
            if d.evidence and d.evidence.start < b and a < d.evidence.end:
                return d.key
        return None

    def addressees(self, a: int, b: int) -> tuple[list[str], int]:
        """Addressees at the head of [a, b) joined by connectors, and where the action starts."""
        found: list[str] = []
        pos = a
        for x in self.assignable(a, b):
            if not self.rx_connector.match(self.low[pos:x.start]):
                break
            if x.key not in found:
                found.append(x.key)
            pos = x.end
        if not found:
            return [], a
        lead = self.rx_lead.match(self.low, pos)
        return found, lead.end() if lead else pos


# ---------------------------------------------------------------- rules

def _action_verb(tc: TaskContext, out: list[re.Match], m: re.Match) -> bool:
    """"đề nghị Ủy ban MTTQ chỉ đạo ...": a directive verb right after the previous one's addressee is its action."""
    if not out:
        return False
    named = tc.assignable(out[-1].end(), m.start())
    return bool(named) and not tc.low[named[-1].end:m.start()].strip() and \
        tc.rx_connector.match(tc.low[out[-1].end():named[0].start])


def _directive_triggers(tc: TaskContext, c: Clause) -> list[re.Match]:
    low = tc.low
    skip = c.start
    pre = tc.rx_preamble.match(low, c.start, c.end)
    if pre:
        skip = pre.end()       # "Regarding the tasks assigned by X in Notice N, ..."
    out = []
    for m in tc.rx_directive.finditer(low, skip, c.end):
        if tc.rx_det_before.search(low, max(c.start, m.start() - 14), m.start()) \
                and not tc.rx_active_participle.fullmatch(m.group(0)):
            continue           # "the tasks assigned", "la demande de" (not "tasks assigning")
        if tc.rx_object_after.match(low, m.end(), c.end):
            continue           # "assigned tasks to"
        if any(a <= m.start() < b for a, b in tc.obligation_spans):
            continue           # "est chargé de" is an obligation, not "charger X de"
        if tc.rx_count_after.match(low, m.end(), c.end):
            continue           # "has assigned 3,420 cadres to communes": a fact, not a directive
        if _action_verb(tc, out, m):
            continue
        out.append(m)
    return out


@rule("directive", 50)
def directive(tc: TaskContext, c: Clause) -> list[Candidate]:
    triggers = _directive_triggers(tc, c)
    if not triggers:
        return []
    out: list[Candidate] = []
    pre = tc.rx_preamble.match(tc.low, c.start, c.end)
    head = pre.end() if pre and pre.end() <= triggers[0].start() else c.start
    assigner = tc.subject(head, triggers[0].start()) or (tc.frame.director if c.item else None)
    bounds = [m.start() for m in triggers[1:]] + [c.end]
    for m, end in zip(triggers, bounds):
        a = m.end()
        rest = tc.low[a:end]
        if rest.rstrip().endswith(":"):
            # "the Prime Minister requested:", "requests the Government to:" -> a list follows,
            # whose items are actions of these addressees unless they name their own
            tc.frame.list_open = True
            tc.frame.director = assigner or tc.frame.director
            tc.frame.age = 0
            tc.frame.document = tc.document_at(c.start, c.end) or tc.frame.document
            who, act = tc.addressees(a, end)
            tc.frame.list_addressees = who
            if who and (not tc.low[act:end].strip(" ,.;:") or tc.rx_list_intro.search(tc.low, act, end)):
                continue         # "... to focus on the following tasks:" announces, the items are the tasks
        if not rest.strip(" ,.;:"):
            continue
        that = tc.rx_that.match(tc.low, a, end)
        if that:
            who, act = tc.addressees(that.end(), end)
            inner = tc.assignable(that.end(), end, persons=False)
            if who and act > that.end():
                # "requested that ministries, sectors and localities focus on ..."
                out.append(Candidate("directive", 50, tuple(w for w in who if not w.startswith("person/")) or tuple(who),
                                     assigner, act, end))
            elif inner:
                out.append(Candidate("directive", 50, (inner[0].key,), assigner, inner[0].end, end))
            elif tc.frame.active and tc.frame.last_assignees and tc.rx_refer_back.search(tc.low, that.end(), end):
                # "requested that this issue be resolved": those just addressed
                out.append(Candidate("directive", 50, tuple(tc.frame.last_assignees), assigner, that.end(), end))
            continue
        clitic = tc.rx_clitic_before.search(tc.low, c.start, m.start()) or tc.rx_clitic_after.match(tc.low, a, end)
        if clitic:
            # "... aux localités, leur demandant de ...", "... localities, asking them to ...": the ones just named
            named = [x for x in tc.assignable(c.start, m.start()) if x.key != assigner]
            lead = tc.rx_lead_word.match(tc.low, clitic.end() if clitic.end() > a else a, end)
            if named and lead:
                out.append(Candidate("directive", 50, (named[-1].key,), assigner, lead.end(), end))
                continue
        got = _dative_segments(tc, a, end, assigner, "directive", 50)
        if not got and pre and pre.end() <= m.start():
            # "Regarding the Ministry of Home Affairs, the Deputy Prime Minister requested a review of ...":
            # the addressee is the one the sentence opens with
            named = [x for x in tc.assignable(c.start, pre.end(), persons=False)]
            if named:
                lead = tc.rx_lead_word.match(tc.low, a, end)
                got = [Candidate("directive", 50, (named[0].key,), assigner, lead.end() if lead else a, end)]
        if not got and tc.frame.active and tc.frame.last_group and assigner in (None, tc.frame.director):
            s0, s1 = _segments(tc, a, end)[0]
            lead = tc.rx_lead_word.match(tc.low, s0, s1)
            if lead:             # "He also requested to resolve ...": the collective he addressed last
                got = [Candidate("directive", 50, (tc.frame.last_group,), assigner, lead.end(), s1)]
        out.extend(got)
    return out


def _dative_segments(tc: TaskContext, a: int, b: int, assigner: str | None, name: str, prio: int) -> list[Candidate]:
    """"A and B to do X; C to do Y", "aux A et aux B de faire X, et au C de faire Y"."""
    out: list[Candidate] = []
    pending: list[str] = []
    for s0, s1 in _segments(tc, a, b):
        who, act = tc.addressees(s0, s1)
        if who and len(tc.low[act:s1].strip(" ,;.")) < 6:
            pending += who       # "au Groupe A, au Groupe B | et au Groupe C d'élaborer ..."
            continue
        if who:
            co = tc.rx_coordinate.search(tc.low, s0, act)
            if co:
                who = [w for w in who if not any(x.key == w and x.start > co.start() for x in tc.assignable(s0, act))]
            out.append(Candidate(name, prio, tuple(pending + who), assigner, act, s1))
            pending = []
        elif out and s0 > a:
            cont = tc.rx_continuation.match(tc.low, s0, s1)
            start = cont.end() if cont else s0 + len(tc.low[s0:s1]) - len(tc.low[s0:s1].lstrip(" ,;"))
            if cont or tc.rx_imperative.match(tc.low[start:s1]):
                # "; de ...", ", and to ...", "; present ...": the last addressees, a new action
                out.append(Candidate(name, prio, out[-1].assignees, assigner, start, s1))
    return out


def _segments(tc: TaskContext, a: int, b: int) -> list[tuple[int, int]]:
    """Cut at ';' and at ', and'/'et au' where a new addressee or a new action starts."""
    low = tc.low
    cuts = [a]
    for m in re.finditer(r"\s*;\s*", low[a:b]):
        cuts.append(a + m.end())
    co = tc.rx_coordinate.search(low, a, b)
    for m in tc.rx_comma_connector.finditer(low, a, b):
        p = m.end()
        if co and co.start() < m.start() and ";" not in low[co.start():m.start()]:
            continue             # "coordinate with A, B, C and relevant agencies": not new addressees
        nxt = tc.assignable(p, b)
        if nxt and tc.rx_connector.match(low[p:nxt[0].start]) and nxt[0].start - p <= 12:
            who, act = tc.addressees(p, b)
            run_end = max(x.end for x in tc.assignable(p, act) or nxt[:1])
            if tc.rx_lead_word.match(low, run_end, b):
                cuts.append(m.start())   # ", the Ministry of Finance to ...": a new addressee with its action
        elif tc.rx_conj_then_lead.match(low, p, b):
            cuts.append(m.start())       # ", and to review ...": a new action
    # "to issue a decree before the end of the year and to allow provinces ...": a second action
    for m in tc.rx_action_split.finditer(low, a, b):
        if len(low[max(cuts):m.start()].split()) >= 6:
            cuts.append(m.start())
    # "... et au gouvernement qu'il ...", "... and the Ministry of Finance to ...": a new addressee
    for x in tc.assignable(a, b):
        back = tc.rx_new_dative.search(low, a, x.start)
        if back and back.start() > a and tc.rx_lead_word.match(low, x.end, b):
            cuts.append(back.start())
    cuts = sorted(set(cuts)) + [b]
    return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]]


@rule("list_intro", 60)
def list_intro(tc: TaskContext, c: Clause) -> list[Candidate]:
    """"X gave the following instructions:", "comme suit :" opens a list whose items are directives."""
    if c.item or not tc.rx_list_intro.search(tc.low, c.start, c.end):
        return []
    first = tc.rx_list_intro.search(tc.low, c.start, c.end)
    tc.frame.list_open = True
    tc.frame.director = tc.subject(c.start, first.start()) or tc.frame.director
    tc.frame.age = 0
    tc.frame.document = tc.document_at(c.start, c.end) or tc.frame.document
    return []


@rule("list_item", 45)
def list_item(tc: TaskContext, c: Clause) -> list[Candidate]:
    if not (c.item and tc.frame.list_open):
        return []
    who, act = tc.addressees(c.start, c.end)
    if not who:
        # "a) review and amend ...": an action of the addressees the introduction named
        if tc.frame.list_addressees and not tc.rx_obligation.search(tc.low, c.start, c.end):
            return [Candidate("list_item", 45, tuple(tc.frame.list_addressees), tc.frame.director, c.start, c.end)]
        return []
    if act >= c.end:
        return []
    if tc.rx_obligation.search(tc.low, act, c.end) or tc.rx_modal.search(tc.low, c.start, act + 40):
        return []                # "1. The Ministry of Finance shall ..." is an obligation
    return [Candidate("list_item", 45, tuple(who), tc.frame.director, act, c.end)]


def _subjects_before(tc: TaskContext, a: int, pos: int, persons: bool = True) -> list[Actor]:
    """The run of assignable actors that ends just before ``pos`` ("A and B shall ...")."""
    xs = tc.assignable(a, pos, persons)
    if not xs:
        return []
    last = xs[-1]
    gap = tc.low[last.end:pos]
    if len(gap.split()) > 8 or re.search(r"[;:]", gap) or tc.rx_directive.search(gap):
        return []
    return tc.coordinated_run(xs)


def _predicate_rule(tc: TaskContext, c: Clause, rx: re.Pattern, name: str, prio: int, need_frame: bool) -> list[Candidate]:
    hits = []
    for h in rx.finditer(tc.low, c.start, c.end):
        if hits and not tc.low[hits[-1].end():h.start()].strip(" ,"):
            continue             # "được giao chủ trì, phối hợp": one predicate, not two
        if tc.rx_not_after.search(tc.low, max(c.start, h.start() - 14), h.start()):
            continue             # "dưới sự chủ trì của": a noun, not a predicate
        hits.append(h)
    if not hits:
        return []
    if need_frame and not (tc.frame.active or tc.frame.director):
        return []
    out = []
    prev_end = c.start
    for i, m in enumerate(hits):
        subj = _subjects_before(tc, prev_end, m.start())
        nxt = hits[i + 1].start() if i + 1 < len(hits) else c.end
        if not subj:
            prev_end = m.end()
            continue
        # the action runs to the next predicate's subject ("..., while Y is assigned to ...")
        end = c.end
        if i + 1 < len(hits):
            nsubj = _subjects_before(tc, m.end(), nxt)
            end = nsubj[0].start if nsubj else nxt
            end = max(m.end(), _cut_connective(tc, m.end(), end))
        agent = tc.rx_agent.match(tc.low, m.end(), end)
        assigner = None
        start = m.end()
        inside = tc.assignable(m.start(), m.end())
        if inside:
            assigner = inside[0].key     # "được Thủ tướng giao": the agent inside the predicate
        if agent:
            by = tc.assignable(agent.end(), end)
            if by and by[0].start - agent.end() <= 40 and not re.search(r"[,;:]", tc.low[agent.end():by[0].start]):
                assigner = by[0].key     # "was asked by (the Prime Minister) Pham Minh Chinh to ..."
                lead = tc.rx_lead_word.match(tc.low, by[0].end, end)
                start = lead.end() if lead else by[0].end
        pre = tc.rx_doc_preamble.match(tc.low, c.start, m.start()) if assigner is None else None
        if pre:                  # "Under the plan, A shall ...": who the plan speaks for
            assigner = tc.document_responsible(m.start(), tc.doc_types.get(re.sub(r"\s+", " ", pre.group(1)).strip()))
        if assigner is None and (tc.frame.active or c.item):
            assigner = tc.frame.director
        out.append(Candidate(name, prio, tuple(x.key for x in subj), assigner, start, end))
        prev_end = m.end()
    return out


def _cut_connective(tc: TaskContext, a: int, b: int) -> int:
    """End an action before the ", while"/", and" that introduces the next subject."""
    cut = max(tc.low.rfind(",", a, b), tc.low.rfind(";", a, b))
    if cut > a and len(tc.low[cut:b].split()) <= 8:
        return cut
    return b


@rule("obligation", 40)
def obligation(tc: TaskContext, c: Clause) -> list[Candidate]:
    return _predicate_rule(tc, c, tc.rx_obligation, "obligation", 40, need_frame=False)


@rule("modal", 35)
def modal(tc: TaskContext, c: Clause) -> list[Candidate]:
    return _predicate_rule(tc, c, tc.rx_modal, "modal", 35, need_frame=True)


@rule("tasks_for", 30)
def tasks_for(tc: TaskContext, c: Clause) -> list[Candidate]:
    m = tc.rx_tasks_for.search(tc.low, c.start, c.end)
    if not m:
        return []
    who = tc.assignable(m.end(), c.end)
    if not who or who[0].start - m.end() > 6:
        return []
    assigner = tc.subject(c.start, m.start())
    focus = tc.rx_focus.search(tc.low, who[0].end, c.end)
    start = focus.end() if focus else who[0].end
    return [Candidate("tasks_for", 30, (who[0].key,), assigner, start, c.end)]


@rule("subject_clause", 20)
def subject_clause(tc: TaskContext, c: Clause) -> list[Candidate]:
    if not tc.frame.active or not tc.frame.director:
        return []
    out = []
    start = c.start
    parts = []
    for m in re.finditer(r";", tc.low[c.start:c.end]):
        parts.append((start, c.start + m.start()))
        start = c.start + m.end()
    parts.append((start, c.end))
    owner: tuple[str, ...] = ()
    for a, b in parts:
        subj = [x for x in tc.assignable(a, b, persons=False) if x.kind == "org" and x.type != "Locality"]
        head = subj[0] if subj else None
        if head and tc.rx_connector.match(tc.low[a:head.start]) and not tc.rx_fact.match(tc.low, head.end, b):
            owner = (head.key,)
            out.append(Candidate("subject_clause", 20, owner, tc.frame.director, head.end, b))
        elif owner:
            out.append(Candidate("subject_clause", 20, owner, tc.frame.director, a, b))
    return out


@rule("imperative", 10)
def imperative(tc: TaskContext, c: Clause) -> list[Candidate]:
    if not (tc.frame.active and tc.frame.last_assignees):
        return []
    if any(x.kind == "person" for x in tc.ctx.actors_in(c.start, c.end)):
        return []
    clause = tc.low[c.start:c.end]
    if not (tc.rx_imperative.search(clause) or tc.rx_imperative_any.search(clause)):
        return []
    return [Candidate("imperative", 10, tuple(tc.frame.last_assignees), tc.frame.director, c.start, c.end)]


# ---------------------------------------------------------------- driver

def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:.")
    return text[:400]


def _clauses(tc: TaskContext) -> list[Clause]:
    out = []
    skip = tc.ctx.headline_end()      # "PM asks ministries to ...": the body gives the directive, once
    for a, b in tc.ctx.sentences:
        if a < skip:
            continue
        m = _LIST_MARKER.match(tc.ctx.text, a, b)
        if m and not re.match(r"\s*\d+[.,]\d", tc.ctx.text[a:b]):
            out.append(Clause(m.end(), b, item=True))
        else:
            out.append(Clause(a, b))
    return out


class _Tasks:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.tc = TaskContext(ctx)

    def deadline(self, a: int, b: int) -> str | None:
        tc = self.tc
        rel = relative_deadline(self.ctx.text[a:b], tc.anchor, self.ctx.lang)
        if rel:
            return rel[2]
        for d in self.ctx.dates_in(a, b):
            if tc.rx_deadline_prep.search(tc.low[max(a, d.start - 30):d.start]):
                return d.value
        return None

    def add(self, cand: Candidate, sent: tuple[int, int]) -> list[int]:
        ctx, tc = self.ctx, self.tc
        desc = _clean(ctx.text[cand.start:cand.end])
        if tc.rx_refer_back.search(fold(desc)):
            # the action refers back: keep what it refers to (the sentence before)
            prev = [s for s in ctx.sentences if s[1] <= sent[0]]
            head = _clean(ctx.text[sent[0]:cand.start])
            ref = head if len(head.split()) > 6 else (_clean(ctx.text[prev[-1][0]:prev[-1][1]]) if prev else "")
            if ref:
                desc = f"{desc} [{ref}]"
        if len(desc) < 6:
            return []
        deadline = self.deadline(cand.start, cand.end)
        meeting = ctx.meeting_for(cand.start)
        document = tc.document_at(*sent) or tc.frame.document
        ids = []
        for who in cand.assignees:
            if who == cand.assigner:
                continue
            ctx.ex.tasks.append(Task(who, desc, cand.assigner, deadline, meeting.key if meeting else None,
                                     document, ctx.evidence(*sent)))
            ids.append(len(ctx.ex.tasks) - 1)
        return ids

    def run(self) -> None:
        ctx, tc = self.ctx, self.tc
        frame = tc.frame
        for c in _clauses(tc):
            sent = ctx.sentence_of(c.start)
            if frame.list_open and not c.item:
                frame.list_open = False
                frame.age = 1            # the sentence after a list may still close it ("X shall monitor ...")
            if tc.rx_frame_end.search(tc.low[c.start:c.end]) and not c.item:
                frame.age = 99
            conclude = tc.rx_conclude.search(tc.low, c.start, c.end)
            if conclude:
                people = [x for x in ctx.actors_in(c.start, c.end) if x.kind == "person"]
                if people:
                    frame.director = people[0].key
                frame.age = 0
            tc.obligation_spans = [(m.start(), m.end()) for m in tc.rx_obligation.finditer(tc.low, c.start, c.end)]
            cands: list[Candidate] = []
            for r in RULES:
                cands.extend(r.match(tc, c))
            kept = resolve(cands)
            made: list[int] = []
            for cand in kept:
                made += self.add(cand, sent)
            if made:
                frame.age = 0
                frame.last_tasks = made
                frame.last_assignees = list(dict.fromkeys(ctx.ex.tasks[i].assignee for i in made))
                frame.last_group = next((a for a in reversed(frame.last_assignees) if a.startswith("group/")), frame.last_group)
                assigners = [ctx.ex.tasks[i].assigner for i in made if ctx.ex.tasks[i].assigner]
                if assigners and not c.item:
                    frame.director = assigners[0]
                doc = tc.document_at(*sent)
                if doc:
                    frame.document = doc
            elif not conclude and not (frame.list_open and frame.age == 0 and not c.item):
                if not self.deadline_followup(c) and not self.director_speaks(c):
                    frame.age += 1

    def director_speaks(self, c: Clause) -> bool:
        """The one directing goes on speaking ("He noted ...", "The Deputy Prime Minister said ..."): the frame holds."""
        tc = self.tc
        if not tc.frame.director:
            return False
        verb = tc.rx_first_verb.search(tc.low, c.start, min(c.end, c.start + 120))
        end = verb.start() if verb else min(c.end, c.start + 60)
        return tc.subject(c.start, end) == tc.frame.director

    def deadline_followup(self, c: Clause) -> bool:
        """"This must be done before 15 October": a deadline for the tasks just given."""
        ctx, tc, frame = self.ctx, self.tc, self.tc.frame
        m = tc.rx_modal.search(tc.low, c.start, c.end)
        if not (m and frame.last_tasks and frame.age == 0) or tc.assignable(c.start, m.start()):
            return False
        dl = self.deadline(m.end(), c.end)
        if not dl:
            return False
        for i in frame.last_tasks:
            t = ctx.ex.tasks[i]
            if not t.deadline:
                ctx.ex.tasks[i] = Task(t.assignee, t.description + "; " + _clean(ctx.text[c.start:c.end]), t.assigner, dl,
                                       t.meeting, t.document, t.evidence)
        return True


def find_tasks(ctx: Context) -> None:
    _Tasks(ctx).run()
