"""Consistency of reported figures: warnings for a researcher, not shape violations.

- a percentage that disagrees with its counts (the count it qualifies over the sentence's total);
- parts that almost, but do not, add up to the stated total (within 2 %, not equal);
- a value far off its own indicator's series (more than 50 % from the median of the others).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from statistics import median

_FIGURES = """PREFIX kg: <https://w3id.org/vnkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?f ?value ?unit ?indicator ?asOf ?start ?ev ?quote ?source WHERE {
  ?f a kg:Figure ; kg:value ?value ; kg:evidence ?ev ; prov:wasDerivedFrom/dct:identifier ?source .
  ?ev kg:quote ?quote .
  OPTIONAL { ?f kg:unit ?unit } OPTIONAL { ?f kg:indicator ?indicator } OPTIONAL { ?f kg:asOf ?asOf }
  OPTIONAL { ?f kg:rangeRole ?role } FILTER(!BOUND(?role))
}"""


@dataclass(frozen=True)
class Finding:
    kind: str
    message: str
    source: str
    quote: str


def _num(row) -> float:
    return float(row["value"].value)


def check_figures(store) -> list[Finding]:
    rows = list(store.query(_FIGURES))
    by_sentence: dict[str, list] = defaultdict(list)
    for r in rows:
        by_sentence[r["ev"].value.rsplit("/", 1)[0] + "|" + r["quote"].value].append(r)
    out: list[Finding] = []
    for items in by_sentence.values():
        # in text order: a figure's IRI ends with the offset of its number (kg.rdf.mapping)
        items.sort(key=lambda r: int(re.match(r"\d*", r["f"].value.rsplit("/", 1)[-1]).group() or 0))
        counts = [r for r in items if r["unit"] is not None and not r["unit"].value.endswith("/percent")]
        src, quote = items[0]["source"].value, items[0]["quote"].value
        for i, r in enumerate(items):
            if r["unit"] is None or not r["unit"].value.endswith("/percent"):
                continue
            host = [c for c in items[:i] if c in counts]
            if not host:
                continue
            part = host[-1]
            same = [c for c in counts if c["unit"] == part["unit"] and _num(c) > _num(part)]
            if not same:
                continue
            total = max(same, key=_num)
            share = 100 * _num(part) / _num(total)
            if abs(share - _num(r)) > 1.0:
                out.append(Finding("percentage", f"{_num(r):g} % stated, but {_num(part):,.0f} / {_num(total):,.0f} = "
                                   f"{share:.2f} %", src, quote))
        by_unit: dict[str, list] = defaultdict(list)
        for c in counts:
            by_unit[c["unit"].value].append(_num(c))
        for unit, values in by_unit.items():
            if len(values) < 3:
                continue
            total = max(values)
            rest = sorted(values)[:-1]
            for k in range(len(rest)):
                for j in range(k + 1, len(rest)):
                    s = rest[k] + rest[j]
                    if s != total and abs(s - total) <= 0.02 * total and s > 0.5 * total:
                        out.append(Finding("sum", f"{rest[k]:,.0f} + {rest[j]:,.0f} = {s:,.0f}, not the stated "
                                           f"total {total:,.0f}", src, quote))
    series: dict[str, list] = defaultdict(list)
    for r in rows:
        if r["indicator"] is not None and "/indicator/" in r["indicator"].value:
            series[r["indicator"].value].append(r)
    for ind, items in series.items():
        if len(items) < 3:
            continue
        for r in items:
            others = [_num(x) for x in items if x is not r]
            m = median(others)
            if m and abs(_num(r) - m) > 0.5 * abs(m):
                out.append(Finding("series", f"{_num(r):g} is far from the rest of its series (median {m:g}) for "
                                   f"{ind.rsplit('/', 1)[-1]}", r["source"].value, r["quote"].value))
    return sorted(set(out), key=lambda f: (f.source, f.kind, f.message))


def consistency_text(findings: list[Finding]) -> str:
    if not findings:
        return "Consistency: no figure disagrees with the others."
    lines = [f"Consistency: {len(findings)} warning(s)."]
    for f in findings:
        q = f.quote if len(f.quote) <= 160 else f.quote[:159] + "…"
        lines.append(f"- {f.kind}: {f.message}\n    source:     {f.source}\n    evidence:   \"{q}\"")
    return "\n".join(lines)
