"""Who held which post when, per the reference KB (for post titles named without a name)."""
from __future__ import annotations

from functools import lru_cache

from kg import resources
from kg.namespaces import KG, KGR


@lru_cache(maxsize=1)
def _holdings() -> list[tuple[str, str, str | None, str | None]]:
    import pyoxigraph as ox

    rows: dict[str, dict[str, str]] = {}
    for f in resources.reference_files():
        for t in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE):
            p = t.predicate.value
            if p in (KG + "holder", KG + "post", KG + "startDate", KG + "endDate"):
                rows.setdefault(t.subject.value, {})[p[len(KG):]] = t.object.value
    out = []
    for r in rows.values():
        if "holder" in r and "post" in r:
            out.append((r["holder"][len(KGR):], r["post"][len(KGR):], r.get("startDate"), r.get("endDate")))
    return out


def holders_at(post_key: str, when: str | None) -> list[str]:
    """People the KB says held ``post_key`` on date ``when`` (ISO)."""
    out = []
    for person, post, start, end in _holdings():
        if post != post_key:
            continue
        if when and start and start > when:
            continue
        if when and end and end < when:
            continue
        out.append(person)
    return sorted(set(out))
