"""Legal and party documents by identifier: ``178/2024/ND-CP``, ``2179/QD-TTg``, ``195-KL/TW``,
``202/2025/QH15``, ``Decree 178``, ``décret n° 178``, ``Telegram 180``; type, date, issuer and signer
from the sentence.

Words come from the pack's ``documents`` area: the document words and their types, number
marks ("No.", "n°"), the words that date, sign and issue a document, "on behalf of". The code
letters (``ND``, ``QD``, ``CD``, ``TB``...) are Vietnamese in every language and give the type
when no document word stands before the number; the word wins when there is one ("Notice
341/TB-VPCP" is a notice). A document signed "on behalf of" someone is issued by that someone,
not by its signer.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kg.extract.context import Context
from kg.extract.lang import pack
from kg.keys import document_key
from kg.model import Document
from kg.text import fold

_SEG = r"[A-ZĐ][A-Za-zĐđ]{0,5}\d{0,3}"
_CODE = re.compile(r"(?<![\w/])(\d{1,5})(?:/((?:19|20)\d\d))?[/-](" + _SEG + r"(?:[-/]" + _SEG + r")*)(?![\w/])")
_LABEL = {"Decree": "Decree", "Decision": "Decision", "Conclusion": "Conclusion", "Resolution": "Resolution",
          "Plan": "Plan", "OfficialDispatch": "Official Dispatch"}


class _Words:
    def __init__(self, lang: str):
        p = pack(lang)
        self.types = p.mapping("documents.types")
        self.codes = p.mapping("documents.codes")
        self.issuer_codes = p.mapping("documents.issuer_codes")
        self.word_before = p.compile(r"(?<![\w-])(?P<w>{t})\s*(?:(?:{n})\s*)?$", t="documents.types", n="documents.number_mark")
        self.named = p.compile(r"(?<![\w-])(?P<w>{t})\s+(?:(?:{n})\s*)?(?!(?:19|20)\d\d\b)(?P<num>\d{{1,5}})\b(?![.,]\d|/|-\w)",
                               t="documents.types", n="documents.number_mark")
        self.dated = p.compile(r"^[\s,]*(?:{d})\s*$", d="documents.dated")
        self.sign = p.compile(r"(?<![\w-])(?:{v})(?![\w-])", v="documents.sign")
        self.issue = p.compile(r"(?<![\w-])(?:{v})(?![\w-])", v="documents.issue")
        self.on_behalf = p.compile(r"(?<![\w-])(?:{v})(?![\w-])", v="documents.on_behalf")

    def type_of(self, word: str) -> str:
        key = " ".join(word.split())
        return self.types.get(key) or next((t for k, t in self.types.items() if " ".join(k.split()) == key), "OtherDocument")


@lru_cache(maxsize=8)
def _words(lang: str) -> _Words:
    return _Words(lang)


def find_documents(ctx: Context) -> None:
    w = _words(ctx.lang)
    text, low = ctx.text, fold(ctx.text)
    found: dict[str, dict] = {}
    spans: list[tuple[int, int]] = []
    every = [(m.start(), m.end()) for m in _CODE.finditer(text)] + [(m.start(), m.end()) for m in w.named.finditer(low)]
    for m in _CODE.finditer(text):
        number, year, code = m.group(1), m.group(2), m.group(3)
        segs = re.split(r"[-/]", code)
        if len(segs) < 2 and not year:
            continue                         # '5/KH' alone is too thin to be a document number
        first = re.sub(r"\d+$", "", fold(segs[0]))
        if first not in w.codes and not (len(segs) >= 2 or year):
            continue
        before = low[max(0, m.start() - 40):m.start()]
        tw = w.word_before.search(before)
        doc_type = w.type_of(tw.group("w")) if tw else w.codes.get(first, "OtherDocument")
        start = m.start() - (len(before) - tw.start() if tw else 0)
        _add(ctx, w, found, doc_type, number, m.group(0), start, m.end(), code, every)
        spans.append((m.start(), m.end()))
    for m in w.named.finditer(low):
        if any(a <= m.start("num") < b for a, b in spans):
            continue
        doc_type = w.type_of(m.group("w"))
        label = _LABEL.get(doc_type) or text[m.start("w"):m.end("w")].capitalize()
        _add(ctx, w, found, doc_type, m.group("num"), f"{label} {m.group('num')}", m.start(), m.end(), None, every)
    for key, d in found.items():
        ctx.ex.documents.append(Document(key, d["identifier"], d["type"], d["date"], tuple(d["issuers"]),
                                         d["signer"], ctx.evidence(d["start"], d["end"])))


def _add(ctx: Context, w: _Words, found: dict, doc_type: str, number: str, ident: str, start: int, end: int,
         code: str | None, every: list[tuple[int, int]]) -> None:
    key = document_key(doc_type, number)
    low = fold(ctx.text)
    a, b = ctx.sentence_of(start)
    d = found.setdefault(key, {"identifier": ident, "type": doc_type, "date": None, "issuers": [], "signer": None,
                               "start": start, "end": end})
    if code and "/" in ident and "/" not in d["identifier"]:
        d["identifier"] = ident          # the full number beats "Decree 178"
    # its own date: "dated September 26, 2025" / "du 26 septembre 2025" right after the identifier
    for dm in ctx.dates_in(end, min(b, end + 60)):
        if w.dated.search(low[end:dm.start]):
            d["date"] = d["date"] or dm.value
            break
    sent = low[a:b]
    people = [x for x in ctx.actors_in(a, b) if x.kind == "person"]

    def verb_of_this(rx: re.Pattern) -> re.Match | None:
        """The verb whose object this document is: no other document between them."""
        for v in rx.finditer(sent):
            vs, ve = a + v.start(), a + v.end()
            lo, hi = (ve, start) if ve <= start else (end, vs)
            if not any(lo <= x and y <= hi for x, y in every if (x, y) != (start, end) and not (start <= x < end)):
                return v
        return None

    sign = verb_of_this(w.sign)
    behalf = w.on_behalf.search(sent) if sign else None
    issue = verb_of_this(w.issue)
    if sign:
        before = [x for x in people if x.end <= a + sign.start()]
        after = [x for x in people if x.start >= a + sign.end()]
        signer = before[-1].key if before else (after[0].key if after and sent[sign.start():sign.end()].endswith(("by", "par")) else None)
        if signer and not d["signer"]:
            d["signer"] = signer
    if (sign or issue) and not d["date"]:
        ds = [x for x in ctx.dates_in(a, b) if len(x.value) == 10 and x.start < start]
        d["date"] = ds[-1].value if ds else _meeting_date(ctx, a, b)
    if behalf:
        holder = _behalf_of(ctx, a + behalf.end(), b)
        if holder and holder not in d["issuers"]:
            d["issuers"].append(holder)
    if issue and not behalf:
        for x in ctx.actors_in(a, a + issue.start()):
            if x.kind in ("org", "person") and x.key not in d["issuers"] and x.key != d["signer"]:
                d["issuers"].append(x.key)
    if code and not d["issuers"]:
        suffix = re.sub(r"\d+$", "", fold(re.split(r"[-/]", code)[-1]))
        who = w.issuer_codes.get(suffix)
        if who == "signer":
            if d["signer"] and not behalf:
                d["issuers"].append(d["signer"])
        elif who:
            d["issuers"].append(who)


def _meeting_date(ctx: Context, a: int, b: int) -> str | None:
    """The date of the meeting the sentence names, for a document it adopts ("The meeting agreed to
    issue Plan 05/KH-BCD")."""
    for mm in ctx.meeting_mentions:
        if a <= mm.start < b and 0 <= mm.meeting < len(ctx.ex.meetings):
            return ctx.ex.meetings[mm.meeting].date
    return None


def _behalf_of(ctx: Context, pos: int, end: int) -> str | None:
    """Who a document is signed for: the organisation, person or post holder right after 'on behalf of'."""
    near = [x for x in ctx.actors_in(pos, min(end, pos + 60)) if x.kind in ("org", "person")]
    posts = [p for p in ctx.posts if pos <= p.start < min(end, pos + 10)]
    if posts and (not near or posts[0].start <= near[0].start):
        from kg.extract.actors import post_ref_holder

        return post_ref_holder(ctx, posts[0].entry.key)
    return near[0].key if near and near[0].start - pos <= 10 else None
