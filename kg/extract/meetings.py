"""Meetings and conferences: date, chair, participants, topic.

A sentence naming a meeting gives it a date (its own, else the article's date); meetings of
one article with the same date are one meeting. The chair is who "chaired"/"a présidé", or who
concluded it ("Concluding the meeting, X"; "En conclusion de la conférence, X").
"""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.model import Meeting
from kg.keys import meeting_key
from kg.text import fold

_NOUN = re.compile(r"\b(meeting|conference|session|reunion|conference|seance|sommet|summit)s?\b")
_CHAIR_BEFORE = re.compile(r"\b(chaired|chairs|chairing|presided over|presides over|a preside|a presidee|preside|co-chaired)\b")
_CHAIR_AFTER = re.compile(r"\b(chaired by|presided over by|presidee par|preside par|sous la presidence de)\b")
_CONCLUDE = re.compile(r"\b(concluding the (?:meeting|conference|session)|in (?:his|her) concluding remarks|"
                       r"en conclusion de la (?:reunion|conference|seance)|en concluant la (?:reunion|conference)|"
                       r"speaking at the (?:meeting|conference)|at the conclusion of the (?:meeting|conference))\b")
_ATTEND = re.compile(r"\b(attending|attended|also attending|participants|avec la participation|ont assiste|ont participe|"
                     r"reporting at|rapportant lors|reported at|speaking at|a la reunion ont|a rapporte)\b")
_TOPIC = re.compile(r"\b(?:on|about|to discuss|to review|to assess|sur|concernant|consacree a|visant a|pour discuter de)\s+(?:the\s+|la\s+|le\s+|l'|les\s+)?")
_NOT_MEETING_DATE = re.compile(r"(from|since|a partir du|depuis|report on|report of|rapport du|before|avant le|by|until|d'ici)\s*(the\s*)?$")


def find_meetings(ctx: Context) -> None:
    low = fold(ctx.text)
    meetings: dict[str, dict] = {}
    for a, b in ctx.sentences:
        sent = low[a:b]
        if not _NOUN.search(sent):
            continue
        date = None
        for d in ctx.dates_in(a, b):
            if len(d.value) == 10 and not _NOT_MEETING_DATE.search(low[max(a, d.start - 25):d.start]):
                date = d.value
                break
        date = date or ctx.article.date
        if not date:
            continue
        m = meetings.setdefault(date, {"chair": None, "participants": [], "topic": None, "ev": (a, b)})
        people = [x for x in ctx.actors_in(a, b) if x.kind == "person"]
        chair = None
        hit = _CHAIR_BEFORE.search(sent)
        if hit:
            before = [x for x in people if x.end <= a + hit.start()]
            chair = before[-1].key if before else None
            after = low[a + hit.end():b]
            t = _TOPIC.search(after)
            if t and m["topic"] is None:
                topic = " ".join(ctx.text[a + hit.end() + t.end():b].split()).strip(" .;")
                m["topic"] = topic[:200] or None
            m["ev"] = (a, b)
        if chair is None:
            h = _CHAIR_AFTER.search(sent) or _CONCLUDE.search(sent)
            if h and h.re is not _CONCLUDE or (h and not m["chair"]):
                after = [x for x in people if x.start >= a + h.end()]
                chair = after[0].key if after else None
        if chair and not m["chair"]:
            m["chair"] = chair
        for x in ctx.actors_in(a, b):
            if x.kind in ("person", "group") or x.type in ("Ministry", "GovernmentBody", "PartyBody"):
                if x.key not in m["participants"]:
                    m["participants"].append(x.key)
    for date, m in sorted(meetings.items()):
        parts = tuple(p for p in m["participants"] if p != m["chair"])
        key = meeting_key(date, m["chair"], ctx.article.id)
        ctx.ex.meetings.append(Meeting(key, date, m["chair"], parts, m["topic"], ctx.evidence(*m["ev"])))


def main_meeting(ctx: Context) -> str | None:
    """The meeting at the article's date, else the first one: where directives are decided."""
    for m in ctx.ex.meetings:
        if m.date == ctx.article.date:
            return m.key
    return ctx.ex.meetings[0].key if ctx.ex.meetings else None
