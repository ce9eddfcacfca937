"""Legal and party documents by identifier: ``178/2024/ND-CP``, ``2179/QD-TTg``, ``195-KL/TW``,
``Decree 178``, ``décret n° 178``; type, date, issuer and signer from the sentence."""
from __future__ import annotations

import re

from kg.extract.context import Context
from kg.model import Document
from kg.keys import document_key
from kg.text import fold

_TYPE_WORDS = [
    (r"decrees?|decrets?|nghi dinh", "Decree"),
    (r"decisions?|quyet dinh", "Decision"),
    (r"conclusions?|ket luan", "Conclusion"),
    (r"resolutions?|nghi quyet", "Resolution"),
    (r"plans?|ke hoach", "Plan"),
    (r"official dispatch(?:es)?|dispatch(?:es)?|official letters?|telegrams?|depeches?(?: officielles?)?|telegrammes?|cong dien|cong van", "OfficialDispatch"),
    (r"directives?|chi thi|circulars?|circulaires?|thong tu", "OtherDocument"),
]
_CODE_TYPES = {"nd": "Decree", "qd": "Decision", "kl": "Conclusion", "nq": "Resolution", "kh": "Plan",
               "cd": "OfficialDispatch", "cv": "OfficialDispatch", "ct": "OtherDocument", "tt": "OtherDocument",
               "tb": "OtherDocument", "qh": "OtherDocument"}
_CODE = re.compile(r"(?<![\w/])(\d{1,5})(?:/(\d{4}))?[/-]([A-ZĐ][A-Za-zĐđ]{0,4}(?:[-/][A-ZĐ][A-Za-zĐđ]{0,5})+)(?![\w/])")
_TYPE_ALT = "|".join(p for p, _ in _TYPE_WORDS)
_NAMED = re.compile(r"\b(" + _TYPE_ALT + r")\s+(?:no\.?\s*|n°\s*|number\s+|numero\s+|so\s+)?(\d{1,5})\b(?![.,]\d)", re.I)
_ISSUER_CODES = {"cp": "org/government", "tw": None, "qh": "org/national-assembly"}
_SIGN = re.compile(r"\b(signed|has signed|a signe|signe par|signed by)\b")
_ISSUE = re.compile(r"\b(issued|promulgated|adopted|a publie|ont publie|a promulgue|a adopte|a emis|ont emis|ban hanh)\b")


def _type_of_word(word: str) -> str:
    w = fold(word)
    for pattern, t in _TYPE_WORDS:
        if re.fullmatch(pattern, w):
            return t
    return "OtherDocument"


def find_documents(ctx: Context) -> None:
    text, low = ctx.text, fold(ctx.text)
    found: dict[str, dict] = {}
    spans = []
    for m in _CODE.finditer(text):
        number, code = m.group(1), m.group(3)
        first = fold(re.split(r"[-/]", code)[0])
        before = low[max(0, m.start() - 40):m.start()]
        tw = re.search(r"(" + _TYPE_ALT + r")\s+(?:no\.?\s*|n°\s*|number\s+|numero\s+|so\s+)?$", before)
        doc_type = _type_of_word(tw.group(1)) if tw else _CODE_TYPES.get(first, "OtherDocument")
        ident = m.group(0)
        start = m.start() - (len(before) - tw.start() if tw else 0)
        _add(ctx, found, doc_type, number, ident, start, m.end(), code)
        spans.append((m.start(), m.end()))
    for m in _NAMED.finditer(low):
        if any(a <= m.start(2) < b for a, b in spans):
            continue
        after = text[m.end():m.end() + 3]
        if re.match(r"[/-]\d", after):
            continue
        doc_type = _type_of_word(m.group(1))
        ident = f"{doc_type if doc_type != 'OtherDocument' else ctx.text[m.start(1):m.end(1)].capitalize()} {m.group(2)}"
        _add(ctx, found, doc_type, m.group(2), ident, m.start(), m.end(), None)
    for key, d in found.items():
        ctx.ex.documents.append(Document(key, d["identifier"], d["type"], d["date"], tuple(d["issuers"]),
                                         d["signer"], ctx.evidence(d["start"], d["end"])))


def _add(ctx: Context, found: dict, doc_type: str, number: str, ident: str, start: int, end: int, code: str | None) -> None:
    key = document_key(doc_type, number)
    low = fold(ctx.text)
    a, b = ctx.sentence_of(start)
    d = found.setdefault(key, {"identifier": ident, "type": doc_type, "date": None, "issuers": [], "signer": None,
                               "start": start, "end": end})
    if code and "/" in ident and "/" not in d["identifier"]:
        d["identifier"] = ident          # the full number beats "Decree 178"
    # date: "dated September 26, 2025" / "du 26 septembre 2025" right after the identifier
    for dm in ctx.dates_in(end, min(b, end + 60)):
        if re.match(r"[\s,]*(dated|of|du|en date du|ngay|issued on|signed on)\s*", low[end:dm.start]):
            d["date"] = d["date"] or dm.value
            break
    sent = low[a:b]
    people = [x for x in ctx.actors_in(a, b) if x.kind == "person"]
    sign = _SIGN.search(sent)
    if sign:
        before = [x for x in people if x.end <= a + sign.start()]
        if before and not d["signer"]:
            d["signer"] = before[-1].key
        if not d["date"]:
            ds = [x for x in ctx.dates_in(a, b) if len(x.value) == 10 and x.start < start]
            d["date"] = ds[0].value if ds else None
    issue = _ISSUE.search(sent)
    if issue:
        for x in ctx.actors_in(a, a + issue.start()):
            if x.kind in ("org", "person") and x.key not in d["issuers"]:
                d["issuers"].append(x.key)
    if code and not d["issuers"]:
        suffix = fold(re.split(r"[-/]", code)[-1])
        if suffix == "ttg":
            if d["signer"]:
                d["issuers"].append(d["signer"])
        elif _ISSUER_CODES.get(suffix):
            d["issuers"].append(_ISSUER_CODES[suffix])
