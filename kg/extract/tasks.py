"""Tasks (directives): who asks whom to do what, by when.

Four shapes, in English and French:

1. a directive verb with its addressees: "X requested ministries and branches to ...",
   "X a demandé aux ministères et aux secteurs de ..."; each addressee gets its own task, and
   each ';'-separated action ("; d'élaborer ...") its own task;
2. a modal with an agent subject: "The Ministry of Finance needs to ...", "les ministères doivent ...";
3. a passive: "Le ministère de l'Intérieur a été chargé de ...", "MoHA was assigned to ...";
4. once someone is directing (after a directive or "Concluding the meeting"), a clause whose
   subject is an organisation: "Le Bureau du gouvernement examine ... ; évalue ...".

Deadlines come from the action: "within 1 week" (from the meeting date), "before 15 October
2025", "in November 2025" -> 2025-11, "by 2025" -> 2025.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.dates import relative_deadline
from kg.extract.actors import post_ref_holder
from kg.extract.context import Actor, Context
from kg.extract.meetings import main_meeting
from kg.model import Task
from kg.text import fold

_ADV = r"(?:\w+ment\s+|egalement\s+|aussi\s+|notamment\s+|deja\s+|encore\s+|also\s+|further\s+|then\s+|once again\s+|specifically\s+)*"
_DIRECTIVE = re.compile(
    r"\b(?:(?:has|have|had)\s+)?" + _ADV + r"(requested|requests|asked|asks|urged|ordered|orders|instructed|instructs|"
    r"directed|assigned|assigns|assign|tasked|reminded|reminds|called on|called upon|calls on|demanded|"
    r"entrusted|entrusting|required)\b"
    r"|\b(?:a|ont|avait)\s+" + _ADV + r"(demande|ordonne|enjoint|charge|rappele|incite|exhorte|invite|prie|confie|"
    r"assigne|requis|note|souligne la necessite pour)\b"
    r"|\b(confiant|demande aux|demande au|ordonne aux|ordonne au|charge aux|enjoint aux|de charger|d'assigner|to assign|to task)\b")
_ORG_VERB = re.compile(r"^\s*(?:also\s+|egalement\s+|doit\s+|must\s+|should\s+|needs? to\s+)?"
                       r"(urges?|incite|encourage|examine|planifie|reviews?|directs?|coordinates?|a procede|a encourage|"
                       r"a procede|proceeds?|continues?|continue|is responsible|est charge|presides?|preside|"
                       r"assumes?|takes? charge|leads?|guides?|instructs?|inspects?|urgently|d'urgence|en urgence)\b")
_REPORTING = re.compile(r"^\s*(said|says|reported|reports|stated|noted|added|emphasized|a declare|a indique|a rapporte|"
                        r"a souligne|a estime|a affirme|ont rapporte|welcomed|a salue|has|have|had|is|are|was|were|a ete|ont ete)\b")
_MODAL = re.compile(r"\b(must|need to|needs to|should|has to|have to|is required to|are required to|doit|doivent|devra|devront|devaient|devait)\b")
_PASSIVE = re.compile(r"\b(?:was|were|has been|have been|is|are)\s+" + _ADV + r"(?:assigned|tasked|asked|requested|instructed|directed)\s+(?:to|with)\b"
                      r"|\b(?:a|ont)\s+" + _ADV + r"ete\s+(?:charge|chargee|charges|invite|prie|priee|demande)s?\s+(?:de|d')")
_TASKS_FOR = re.compile(r"\b(?:specific\s+)?tasks?\s+for\b|\btaches?\s+(?:specifiques?\s+)?(?:pour|a|aux?)\b")
_CONNECT = re.compile(r"^[\s,]*(?:(?:and|et|the|le|la|les|l'|aux|au|a|of|all|to|ainsi que|as well as|relevant|concerned|"
                      r"concernes|concernees|respective|corporations?|groups?|groupes?)\b[\s,]*)*$")
_LEAD = re.compile(r"[\s,:]*(?:(?:concerned|concernes|concernees|relevant|corporations?|groups?)\b[\s,]*)*"
                   r"(?:to\s+|de\s+|d'|que\s+|qu'|that\s+|la tache de\s+|la mission de\s+|l'urgence de\s+|"
                   r"in order to\s+|afin de\s+)?")
_SPLIT = re.compile(r"\s*;\s*(?:and\s+|et\s+)?(?=(?:to|de|d'|d’)\b)|,\s*(?:and|et)\s+(?=(?:to|de|d')\b)")
_NEW_DATIVE = re.compile(r"(?:,\s*|\s)(?:et|and)\s+(?:au|aux|a la|a l'|to the|to)\s+")
_PRONOUN = re.compile(r"\b(he|she|il|elle)\b")
_IMPERATIVE_FR = re.compile(r"\b[a-z]+ez(?:-les|-le|-la|-leur)?\b")
_IMPERATIVE_EN = re.compile(r"^(?:for [^,]{0,60},\s*)?(discuss|continue|focus|ensure|review|complete|report|coordinate|"
                            r"implement|strengthen|promote|submit|consult|confirm|check|organize|arrange|send|prepare|"
                            r"speed up|urgently|proactively)\b")
_DEADLINE_PREP = re.compile(r"(before|by|no later than|until|in|within|avant le|avant|d'ici|en|au plus tard le|jusqu'au|d'ici le|by the end of|d'ici fin)\s*(?:the\s+)?$")
_ASSIGNABLE_TYPES = {"Ministry", "GovernmentBody", "PartyBody", "Enterprise", "Locality", "Group",
                     "OtherOrganization", "Person"}


@dataclass
class _State:
    director: str | None = None
    directing: bool = False
    last_group: str | None = None
    last_assignees: list[str] = field(default_factory=list)
    last_tasks: list[int] = field(default_factory=list)


def _assignable(x: Actor) -> bool:
    return x.type in _ASSIGNABLE_TYPES and x.kind in ("org", "group", "person")


def _subject(ctx: Context, a: int, pos: int, state: _State) -> str | None:
    """The agent before ``pos`` in the sentence: an actor, a post standing for its holder, or a pronoun."""
    low = fold(ctx.text)
    cands: list[tuple[int, str]] = []
    for x in ctx.actors_in(a, pos):
        if x.kind in ("person", "org"):
            cands.append((x.end, x.key))
    for p in ctx.posts:
        if a <= p.start and p.end <= pos:
            holder = post_ref_holder(ctx, p.entry.key)
            if holder:
                cands.append((p.end, holder))
    m = None
    for m in _PRONOUN.finditer(low, a, pos):
        pass
    if m and state.director:
        cands.append((m.end(), state.director))
    m2 = re.search(r"\b(?:le|la|the)\s+(?:ministre|minister)\b(?!\s+(?:of|de|des|du))", low[a:pos])
    if m2:
        for key, person in reversed(list(ctx.post_holders.items())):
            if "minister" in key and "prime" not in key:
                cands.append((a + m2.end(), person))
                break
    if not cands:
        return None
    return max(cands)[1]


def _deadline(ctx: Context, a: int, b: int, anchor: str | None) -> str | None:
    low = fold(ctx.text)
    rel = relative_deadline(ctx.text[a:b], anchor)
    if rel:
        return rel[2]
    for d in ctx.dates_in(a, b):
        if _DEADLINE_PREP.search(low[max(a, d.start - 25):d.start]):
            return d.value
    return None


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:.")
    return text[:400]


class _Tasks:
    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.low = fold(ctx.text)
        self.state = _State()
        self.meeting = main_meeting(ctx)
        self.anchor = next((m.date for m in ctx.ex.meetings if m.key == self.meeting), None) or ctx.article.date

    def add(self, assignees: list[str], assigner: str | None, a: int, b: int, sent: tuple[int, int]) -> None:
        desc = _clean(self.ctx.text[a:b])
        if re.search(r"\b(this problem|this issue|ce probleme|cette question|ce point|this matter)\b", fold(desc)):
            # the action refers back: keep what it refers to, from the sentence before the subject or the one before
            head = _clean(self.ctx.text[sent[0]:a])
            prev = [s for s in self.ctx.sentences if s[1] <= sent[0]]
            ref = head if len(head.split()) > 6 else (_clean(self.ctx.text[prev[-1][0]:prev[-1][1]]) if prev else "")
            if ref:
                desc = f"{desc} [{ref}]"
        if len(desc) < 6:
            return
        deadline = _deadline(self.ctx, a, b, self.anchor)
        ids = []
        for who in assignees:
            if who == assigner:
                continue
            self.ctx.ex.tasks.append(Task(who, desc, assigner, deadline, self.meeting, None,
                                          self.ctx.evidence(*sent)))
            ids.append(len(self.ctx.ex.tasks) - 1)
            if who.startswith("group/"):
                self.state.last_group = who
        if ids:
            self.state.last_assignees = assignees
            self.state.last_tasks = ids

    def addressees(self, a: int, b: int, first: bool) -> tuple[list[str], int]:
        """Assignees at the head of [a, b) and where the action starts."""
        found: list[str] = []
        pos = a
        for x in self.ctx.actors_in(a, b):
            if not _assignable(x):
                continue
            gap = self.low[pos:x.start]
            ok = bool(_CONNECT.match(gap))
            if not ok and first and not found and len(gap.split()) <= 8:
                # "requested to promote the role of the Community Assistance Group to ..."
                ok = bool(re.search(r"\b(role of|role de|le role|the role)\b", gap)) or \
                    not re.search(r"\b(to|de|d'|que|qu'|that|of|with|avec|in|by|par|dans)\b", gap)
            if not ok:
                break
            found.append(x.key)
            pos = x.end
        if not found:
            return [], a
        lead = _LEAD.match(self.low, pos)
        return found, lead.end() if lead else pos

    def directive(self, a: int, b: int, m: re.Match) -> None:
        sent = (a, b)
        assigner = _subject(self.ctx, a, m.start(), self.state)
        comp_start = m.end()
        # "X urges ..." with an organisation subject while someone directs: X is the assignee
        subj_actor = [x for x in self.ctx.actors_in(a, m.start()) if _assignable(x)]
        if self.state.directing and subj_actor and subj_actor[-1].kind != "person" \
                and len(self.low[subj_actor[-1].end:m.start()].split()) <= 2 and not re.search(r"\bto\s*$", self.low[a:m.start()]):
            self.add([subj_actor[-1].key], self.state.director, m.start(), b, sent)
            return
        if assigner:
            self.state.director = assigner
        self.state.directing = True
        rest = self.low[comp_start:b]
        if re.match(r"\s*(que|qu'|that)\b", rest):
            inner = [x for x in self.ctx.actors_in(comp_start, b) if _assignable(x) and x.kind != "person"]
            verbal = [x for x in inner if re.match(r"\s+(se|s'|should|must|need|needs|doivent|doit|will|focus|continue|ont|are|have)\b", self.low[x.end:b])]
            inner = verbal or inner
            if inner:
                self.add([inner[0].key], assigner, inner[0].end, b, sent)
                return
            # "requested that this issue be resolved": no addressee named, the segments fall back
        segments = self._segments(comp_start, b)
        current: list[str] = []
        pending: list[str] = []
        first = True
        for s0, s1 in segments:
            who, act = self.addressees(s0, s1, first)
            first = False
            if who and len(self.low[act:s1].strip(" ,;.")) < 6:
                pending += who          # "au Groupe A, au Groupe B | et au Groupe C d'élaborer ..."
                continue
            if who:
                current = pending + who
                pending = []
            if not current:
                current = [self.state.last_group] if self.state.last_group else []
            if current:
                self.add(current, assigner, act, s1, sent)

    def _segments(self, a: int, b: int) -> list[tuple[int, int]]:
        cuts = [a]
        for m in _SPLIT.finditer(self.low, a, b):
            cuts.append(m.end())
        for m in re.finditer(r";", self.low[a:b]):
            p = a + m.end()
            nxt = [x for x in self.ctx.actors_in(p, b) if _assignable(x)]
            if nxt and len(self.low[p:nxt[0].start].split()) <= 1:
                cuts.append(p)
        for m in _NEW_DATIVE.finditer(self.low, a, b):
            nxt = [x for x in self.ctx.actors_in(m.end(), b) if _assignable(x)]
            if nxt and nxt[0].start - m.end() <= 3:
                cuts.append(m.start())
        cuts = sorted(set(cuts)) + [b]
        return [(cuts[i], cuts[i + 1]) for i in range(len(cuts) - 1) if cuts[i + 1] > cuts[i]]

    def modal(self, a: int, b: int, m: re.Match) -> bool:
        clause_start = max([a] + [i + 1 for i in range(a, m.start()) if self.ctx.text[i] == ";"])
        subj = [x for x in self.ctx.actors_in(clause_start, m.start()) if _assignable(x) and x.kind != "person"]
        if not subj or len(self.low[subj[-1].end:m.start()].split()) > 7:
            return False
        if not (self.state.directing or self.state.director):
            return False
        self.add([subj[-1].key], self.state.director, m.end(), b, (a, b))
        return True

    def passive(self, a: int, b: int, m: re.Match) -> bool:
        subj = [x for x in self.ctx.actors_in(a, m.start()) if _assignable(x) and x.kind != "person"]
        if not subj:
            return False
        by = re.search(r"\b(?:by|par)\s+", self.low[m.end():b])
        self.add([subj[-1].key], None, m.end(), b, (a, b))
        return True

    def subject_clauses(self, a: int, b: int) -> bool:
        made = False
        clauses = []
        start = a
        for i in range(a, b):
            if self.ctx.text[i] == ";":
                clauses.append((start, i))
                start = i + 1
        clauses.append((start, b))
        owner: list[str] = []
        for c0, c1 in clauses:
            subj = [x for x in self.ctx.actors_in(c0, c1) if _assignable(x) and x.kind == "org"
                    and x.type in ("Ministry", "GovernmentBody", "Enterprise", "OtherOrganization", "PartyBody")]
            head = subj[0] if subj else None
            if head and re.fullmatch(r"[\s,]*(?:(?:le|la|les|l'|the|also|de plus|par ailleurs|in addition|moreover)\b[\s,]*)*",
                                     self.low[c0:head.start]) and not _REPORTING.match(self.low[head.end:c1]):
                owner = [head.key]
                self.add(owner, self.state.director, head.end, c1, (a, b))
                made = True
            elif owner and made:
                self.add(owner, self.state.director, c0, c1, (a, b))
        return made

    def run(self) -> None:
        ctx = self.ctx
        for a, b in ctx.sentences:
            low = self.low[a:b]
            if re.search(r"\b(according to the report|selon (?:le|un) rapport|reporting at|rapportant)\b", low):
                self.state.directing = False
            if re.search(r"\b(concluding|en conclusion|in conclusion|conclure|concluant)\b", low):
                self.state.directing = True
                subj = [x for x in ctx.actors_in(a, b) if x.kind == "person"]
                if subj:
                    self.state.director = subj[0].key
            m = _PASSIVE.search(self.low, a, b)
            if m and self.passive(a, b, m):
                continue
            tf = _TASKS_FOR.search(self.low, a, b)
            if tf:
                who = [x for x in ctx.actors_in(tf.end(), b) if _assignable(x)]
                if who and who[0].start - tf.end() <= 6:
                    assigner = next((x.key for x in ctx.actors_in(a, tf.start()) if x.kind in ("org", "person")), None)
                    act = re.search(r"\b(especially|notably|including|in particular|notamment|en particulier)\b", self.low[who[0].end:b])
                    start = who[0].end + (act.end() if act else 0)
                    self.add([who[0].key], assigner, start, b, (a, b))
                    continue
            m = _DIRECTIVE.search(self.low, a, b)
            if m and not re.search(r"\b(the|les|la|of|des|tasks?|taches?|missions?|contents?|contenus?)\s*$", self.low[max(a, m.start() - 12):m.start()]) \
                    and not re.match(r"\s*(tasks?|taches?|missions?)\b", self.low[m.end():b]):
                self.directive(a, b, m)
                continue
            m = _MODAL.search(self.low, a, b)
            if m and self.modal(a, b, m):
                continue
            if m and self.state.last_tasks and not [x for x in ctx.actors_in(a, m.start()) if _assignable(x)]:
                dl = _deadline(ctx, m.end(), b, self.anchor)
                if dl:
                    for i in self.state.last_tasks:
                        t = ctx.ex.tasks[i]
                        if not t.deadline:
                            ctx.ex.tasks[i] = Task(t.assignee, t.description + "; " + _clean(ctx.text[a:b]), t.assigner, dl,
                                                   t.meeting, t.document, t.evidence)
                    continue
            if self.state.directing:
                if self.subject_clauses(a, b):
                    continue
                if self.state.last_assignees and not [x for x in ctx.actors_in(a, b) if x.kind == "person"] and \
                        (_IMPERATIVE_FR.search(low) or _IMPERATIVE_EN.match(low)):
                    self.add(self.state.last_assignees, self.state.director, a, b, (a, b))


def find_tasks(ctx: Context) -> None:
    _Tasks(ctx).run()
