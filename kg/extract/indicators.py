"""Classify a figure's phrase to a concept of the indicator scheme (``data/indicators/*.ttl``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg import resources
from kg.namespaces import KG, KGR
from kg.text import fold


@dataclass(frozen=True)
class Rule:
    key: str
    priority: int
    unit: str | None
    all: tuple[re.Pattern, ...]
    none: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    import pyoxigraph as ox

    data: dict[str, dict] = {}
    for f in resources.resource_files("indicators", "*.ttl"):
        for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE):
            p = t.predicate.value
            if not p.startswith(KG):
                continue
            d = data.setdefault(t.subject.value, {"all": [], "none": []})
            name = p[len(KG):]
            if name == "matchAll":
                d["all"].append(re.compile(t.object.value))
            elif name == "matchNone":
                d["none"].append(re.compile(t.object.value))
            elif name == "matchUnit":
                d["unit"] = t.object.value
            elif name == "priority":
                d["priority"] = int(t.object.value)
    out = [Rule(s[len(KGR):], d.get("priority", 1000), d.get("unit"), tuple(d["all"]), tuple(d["none"]))
           for s, d in data.items() if d["all"]]
    return tuple(sorted(out, key=lambda r: (r.priority, r.key)))


def classify(phrase: str, unit: str | None, lang: str = "en") -> str | None:
    """Key of the first concept whose rule fits the phrase, else None.

    >>> classify("people who have decided to quit their jobs", "person")
    'indicator/people-quit'
    """
    text = " ".join(re.sub(r"[^0-9a-z%]+", " ", fold(phrase)).split())
    for r in rules():
        if r.unit and r.unit != unit:
            continue
        if all(p.search(text) for p in r.all) and not any(p.search(text) for p in r.none):
            return r.key
    return None
