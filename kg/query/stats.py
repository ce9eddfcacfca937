"""What a store holds, counted the way the ingest report counts (``kg stats``).

Each kind of fact is counted once however many sources state it, and apart from kg's own
reference data (every ministry and province is in the store before any article names it).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.namespaces import KG, SOURCE_GRAPH_PREFIX

#: classes `kg stats` counts, with the name the ingest report gives their nodes
CLASSES = {"Article": "articles", "Person": "persons", "Organization": "organizations",
           "PostHolding": "holdings", "Meeting": "meetings", "LegalDocument": "documents",
           "Task": "tasks", "Figure": "figures", "Indicator": "indicators", "Evidence": "evidence"}

_COUNT = """SELECT ?cls (COUNT(DISTINCT ?s) AS ?all) (COUNT(DISTINCT ?stated) AS ?sourced) WHERE {
  VALUES ?cls { %s }
  ?s a ?cls .
  OPTIONAL { { GRAPH ?g { ?s a ?cls } FILTER(STRSTARTS(STR(?g), "%s")) } UNION { ?s <%smentionedIn> ?a }
             BIND(?s AS ?stated) }
} GROUP BY ?cls"""
# ("stated by a source": typed in a source graph, or a reference entity a source names; a ministry
# the articles never name is in the store, not in the sources)


@dataclass
class Stats:
    sources: int
    quarantined: int
    quads: int                               # stored in the named graphs
    facts: int                               # distinct triples of the default graph (the merge)
    classes: dict[str, tuple[int, int]]      # class -> (stated by sources, in the store)
    #: (outlet or "" when unknown, sources, first and last publication date or "") per outlet
    outlets: list[tuple[str, int, str, str]] = field(default_factory=list)


def store_stats(store) -> Stats:
    """Counts of a store.

    >>> from kg.store import Store
    >>> s = store_stats(Store()); s.sources, s.classes["Meeting"]
    (0, (0, 0))
    """
    values = " ".join(f"<{KG}{c}>" for c in CLASSES)
    counts = {c: (0, 0) for c in CLASSES}
    for row in store.query(_COUNT % (values, SOURCE_GRAPH_PREFIX, KG)):
        counts[row["cls"].value[len(KG):]] = (int(row["sourced"].value), int(row["all"].value))
    outlets = [(r["outlet"].value if r["outlet"] else "", int(r["n"].value),
                r["first"].value if r["first"] else "", r["last"].value if r["last"] else "")
               for r in store.query(_OUTLETS)]
    return Stats(len(store.source_graphs()), len(store.quarantine_graphs()), store.count(),
                 store.facts(), counts, outlets)


# sources per outlet (schema:publisher) with the span of their publication dates (dct:date)
_OUTLETS = """SELECT ?outlet (COUNT(DISTINCT ?a) AS ?n) (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) WHERE {
  ?a a <%sArticle> .
  OPTIONAL { ?a <https://schema.org/publisher> ?outlet }
  OPTIONAL { ?a <http://purl.org/dc/terms/date> ?d }
} GROUP BY ?outlet ORDER BY DESC(?n) ?outlet""" % KG
