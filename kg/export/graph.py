"""The actor graph: who chaired, attended, assigned, issued and signed what, as a networkx graph.

Nodes are the people, organisations, meetings, legal documents and tasks that the ingested
sources mention or state (``kg:mentionedIn`` / ``prov:wasDerivedFrom`` an article), plus the
organisations a stated post belongs to. Reference data alone never makes a node. Edges come
only from triples stored in source graphs, so each edge traces to the articles that state it.
"""
from __future__ import annotations

import re
from collections import defaultdict

import networkx as nx

from kg.dates import check_iso_date
from kg.errors import ParameterError
from kg.namespaces import GRAPH_ONTOLOGY, KG, PROV, RDF, SKOS, SOURCE_GRAPH_PREFIX
from kg.query import run_sparql

_PREFIXES = (f"PREFIX kg: <{KG}>\nPREFIX prov: <{PROV}>\nPREFIX skos: <{SKOS}>\n"
             f"PREFIX rdf: <{RDF}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")

#: The broad kinds of node, by ontology class local name; ``Figure`` only when asked for.
KINDS = ("Person", "Organization", "Meeting", "LegalDocument", "Task", "Figure")
DEFAULT_TYPES = frozenset({"Person", "Organization", "Meeting", "LegalDocument", "Task"})

#: relation -> (predicate, subject variable is the edge source?) — see ``_EDGES`` query.
RELATIONS = {
    "chaired": KG + "chair",            # person -> meeting      (meeting kg:chair person)
    "attended": KG + "participant",     # agent -> meeting       (meeting kg:participant agent)
    "holds_post_in": KG + "holder",     # person -> organisation (holding kg:holder person; kg:post p. p kg:postIn org)
    "assigned": KG + "assigner",        # agent -> task          (task kg:assigner agent)
    "assigned_to": KG + "assignee",     # task -> agent          (task kg:assignee agent)
    "issued": KG + "issuer",            # agent -> document      (doc kg:issuer agent)
    "signed": KG + "signer",            # person -> document     (doc kg:signer person)
    "decided_at": KG + "decidedAt",     # task -> meeting
    "decided_by": KG + "decidedBy",     # task -> document
    "cites": KG + "cites",              # document -> document (articles citing documents are skipped)
    "reported": KG + "reportedBy",      # agent -> figure (only when Figure is among the types)
}

# Fallback class tree when the store has no ontology graph (same as ontology/kg.ttl).
_STATIC_SUPERS = {
    "Agent": set(), "Person": {"Agent"}, "Organization": {"Agent"},
    **{c: {"Organization", "Agent"} for c in ("Ministry", "GovernmentBody", "PartyBody", "Enterprise",
                                               "Locality", "Group", "OtherOrganization")},
    "Meeting": set(), "LegalDocument": set(),
    **{c: {"LegalDocument"} for c in ("Decree", "Decision", "Conclusion", "Resolution", "Plan",
                                      "OfficialDispatch", "OtherDocument")},
    "Task": set(), "Figure": set(),
}


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _article_id(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _iri(value: str) -> str:
    return "<" + value.replace(">", "%3E") + ">"


def _values(var: str, iris) -> str:
    return f"VALUES ?{var} {{ {' '.join(_iri(i) for i in sorted(iris))} }}"


def source_graph_of(graph: str) -> str:
    """The source graph IRI for a graph IRI, an article IRI or a bare article id."""
    if graph.startswith(SOURCE_GRAPH_PREFIX):
        return graph
    if "://" in graph:
        return SOURCE_GRAPH_PREFIX + _article_id(graph)
    return SOURCE_GRAPH_PREFIX + graph


def _graph_clause(graph: str | None) -> str:
    if graph:
        return f"VALUES ?g {{ {_iri(source_graph_of(graph))} }}"
    return f'FILTER(STRSTARTS(STR(?g), "{SOURCE_GRAPH_PREFIX}"))'


def _class_supers(store) -> dict[str, set[str]]:
    """kg class local name -> local names of its kg superclasses (itself excluded)."""
    rows = run_sparql(store, _PREFIXES + f"""
SELECT ?c ?s WHERE {{ GRAPH <{GRAPH_ONTOLOGY}> {{ ?c rdfs:subClassOf+ ?s }}
  FILTER(STRSTARTS(STR(?c), STR(kg:)) && STRSTARTS(STR(?s), STR(kg:))) }}""").values()
    supers: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        supers[_local(r["c"])].add(_local(r["s"]))
    for c, s in _STATIC_SUPERS.items():
        supers[c] |= s
    return supers


def _pick(values: list[tuple[str, str]]) -> str | None:
    """One literal from (value, language) pairs: English first, then no language, then any."""
    if not values:
        return None
    return sorted(values, key=lambda v: (v[1] != "en", v[1] != "", v[1], v[0]))[0][0]


def _date_in(date: str | None, since: str | None, until: str | None) -> bool:
    """True when a (possibly partial: 2025-09, 2025) ISO date can fall within [since, until]."""
    if not date:
        return True
    if since and date < since[:len(date)]:
        return False
    if until and date > until[:len(date)]:
        return False
    return True


def full_date(date: str | None) -> str | None:
    """A partial ISO date padded to a full day (2025-09 -> 2025-09-01), for GEXF timelines."""
    if not date or not re.match(r"^\d{4}(-\d{2}){0,2}", date):
        return None
    date = date[:10]
    return date + {4: "-01-01", 7: "-01", 10: ""}.get(len(date), "")


def actor_graph(store, *, graph: str | None = None, types: set[str] | None = None,
                since: str | None = None, until: str | None = None) -> nx.MultiDiGraph:
    """Build the actor graph of the ingested sources.

    Args:
        store: a ``kg.store.Store``.
        graph: keep only one source: its graph IRI, article IRI or article id.
        types: class local names to keep (``Person``, ``Ministry``, ``Organization``,
            ``Meeting``, ``LegalDocument``, ``Decree``, ``Task``, ``Figure``...); a node is kept
            when its class or one of its superclasses is named. Default: people, organisations,
            meetings, documents and tasks.
        since, until: ISO dates (2025-10-08, 2025-10 or 2025; anything else, or a day not in
            the calendar, raises ``InvalidDate``: ``kg.dates.check_iso_date``); meetings and
            documents (``kg:date``), tasks (``kg:deadline``) and figures (``kg:asOf``) outside
            the range are dropped; nodes without a date stay.

    Node id = IRI; node attributes: ``label``, ``type`` (most specific class), ``kind``
    (Person, Organization, Meeting, LegalDocument, Task, Figure), ``date``, ``deadline``,
    ``description``, ``topic``, ``identifier``, ``sources`` (article ids, '; '-joined),
    ``quote`` (first evidence quote). A task's ``date`` is the date of the (earliest) meeting
    that decided it, else of the document, else of the earliest source that states it; its
    ``date_from`` says which (``meeting``, ``document``, ``source``). Edges are keyed by their
    ``relation`` and carry ``sources`` and ``quote`` (and ``post``/``post_iri``/``holding`` for
    ``holds_post_in``).
    """
    since = check_iso_date(since, "since") if since is not None else None
    until = check_iso_date(until, "until") if until is not None else None
    wanted = set(types) if types else set(DEFAULT_TYPES)
    gclause = _graph_clause(graph)
    supers = _class_supers(store)
    known = {c for c in supers if any(c == k or k in supers[c] for k in KINDS)} | set(KINDS) | {"Agent"}
    unknown = wanted - known
    if unknown:
        raise ParameterError(f"unknown node type {', '.join(sorted(unknown))}; "
                             f"one of {', '.join(sorted(known))}")

    # 1. entities the sources mention or state, with their articles ------------------------
    rows = run_sparql(store, _PREFIXES + f"""
SELECT DISTINCT ?x ?a WHERE {{
  GRAPH ?g {{ {{ ?x kg:mentionedIn ?a }} UNION {{ ?x prov:wasDerivedFrom ?a }} }}
  {gclause}
  FILTER(isIRI(?x))
}}""").values()
    node_sources: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        node_sources[r["x"]].add(_article_id(r["a"]))
    mentioned = set(node_sources)

    # 2. facts: the edges, each from a triple of a source graph ----------------------------
    rows = run_sparql(store, _PREFIXES + f"""
SELECT ?rel ?s ?o ?f ?post ?g WHERE {{
  GRAPH ?g {{
    {{ ?o kg:chair ?s . BIND("chaired" AS ?rel) BIND(?o AS ?f) }}
    UNION {{ ?o kg:participant ?s . BIND("attended" AS ?rel) BIND(?o AS ?f) }}
    UNION {{ ?f kg:holder ?s ; kg:post ?post . BIND("holds_post_in" AS ?rel) }}
    UNION {{ ?o kg:assigner ?s . BIND("assigned" AS ?rel) BIND(?o AS ?f) }}
    UNION {{ ?s kg:assignee ?o . BIND("assigned_to" AS ?rel) BIND(?s AS ?f) }}
    UNION {{ ?o kg:issuer ?s . BIND("issued" AS ?rel) BIND(?o AS ?f) }}
    UNION {{ ?o kg:signer ?s . BIND("signed" AS ?rel) BIND(?o AS ?f) }}
    UNION {{ ?s kg:decidedAt ?o . BIND("decided_at" AS ?rel) BIND(?s AS ?f) }}
    UNION {{ ?s kg:decidedBy ?o . BIND("decided_by" AS ?rel) BIND(?s AS ?f) }}
    UNION {{ ?s kg:cites ?o . BIND("cites" AS ?rel) BIND(?s AS ?f) }}
    UNION {{ ?o kg:reportedBy ?s . BIND("reported" AS ?rel) BIND(?o AS ?f) }}
  }}
  {gclause}
}}""").values()
    posts = {r["post"] for r in rows if r["post"]}
    post_in: dict[str, list[str]] = defaultdict(list)
    if posts:
        for r in run_sparql(store, _PREFIXES + f"SELECT ?p ?org WHERE {{ {_values('p', posts)} ?p kg:postIn ?org }}").values():
            post_in[r["p"]].append(r["org"])
    facts: list[dict] = []
    for r in rows:
        if r["rel"] == "holds_post_in":
            for org in sorted(post_in.get(r["post"], [])):
                facts.append({**r, "o": org})
        else:
            facts.append(r)
    endpoints = {r[k] for r in facts for k in ("s", "o")}

    # 3. attributes of every candidate node (and post labels) ------------------------------
    candidates = mentioned | endpoints
    attrs: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    props = {"type": RDF + "type", "prefLabel": SKOS + "prefLabel", "date": KG + "date",
             "deadline": KG + "deadline", "description": KG + "description", "topic": KG + "topic",
             "identifier": KG + "identifier", "asOf": KG + "asOf", "value": KG + "value",
             "indicator": KG + "indicator", "unit": KG + "unit"}
    by_pred = {v: k for k, v in props.items()}
    if candidates | posts:
        res = run_sparql(store, _PREFIXES + f"""
SELECT DISTINCT ?x ?p ?v WHERE {{ {_values('x', candidates | posts)} {_values('p', props.values())} ?x ?p ?v }}""")
        for x, p, v in res.rows:
            lang = getattr(v, "language", None) or ""
            attrs[x.value][by_pred[p.value]].append((v.value, lang))

    # labels of the indicators and units of figures
    concepts = {v for x in candidates for k in ("indicator", "unit") for v, _ in attrs[x][k]}
    if concepts:
        for r in run_sparql(store, _PREFIXES + f"""
SELECT ?c ?l WHERE {{ {_values('c', concepts)} ?c skos:prefLabel ?l }}""").rows:
            attrs[r[0].value]["prefLabel"].append((r[1].value, r[1].language or ""))

    def kg_classes(x: str) -> list[str]:
        return sorted({_local(t) for t, _ in attrs[x]["type"] if t.startswith(KG)})

    def most_specific(classes: list[str]) -> str | None:
        leaves = [c for c in classes if not any(c in supers.get(o, ()) for o in classes if o != c)]
        # prefer a class we know a kind for, then the deepest
        leaves.sort(key=lambda c: (-len(supers.get(c, ())), c))
        return leaves[0] if leaves else None

    def kind_of(cls: str) -> str | None:
        for k in KINDS:
            if cls == k or k in supers.get(cls, ()):
                return k
        return None

    # 4. nodes, filtered ---------------------------------------------------------------
    nodes: dict[str, dict] = {}
    for x in sorted(candidates):
        cls = most_specific(kg_classes(x))
        if cls is None:
            continue
        kind = kind_of(cls)
        if kind is None:
            continue
        if not ({cls, kind} | supers.get(cls, set())) & wanted:
            continue
        a = attrs[x]
        date = _pick(a["date"]) or (_pick(a["asOf"]) if kind == "Figure" else None)
        deadline = _pick(a["deadline"])
        if kind in ("Meeting", "LegalDocument", "Figure") and not _date_in(date, since, until):
            continue
        if kind == "Task" and not _date_in(deadline, since, until):
            continue
        nodes[x] = {"kind": kind, "type": cls, "date": date, "deadline": deadline,
                    "description": _pick(a["description"]), "topic": _pick(a["topic"]),
                    "identifier": _pick(a["identifier"]), "value": _pick(a["value"]),
                    "prefLabel": _pick(a["prefLabel"]), "sources": set(node_sources.get(x, ())),
                    "indicator": _pick([(_pick(attrs[i]["prefLabel"]) or _local(i), "") for i, _ in a["indicator"]]),
                    "unit": _pick([(_pick(attrs[u]["prefLabel"]) or _local(u), "") for u, _ in a["unit"]])}

    # 4b. a task's date: of the meeting that decided it, else of the document, else of its source
    decided: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in facts:
        if r["rel"] in ("decided_at", "decided_by") and r["s"] in nodes:
            when = _pick(attrs[r["o"]]["date"])
            if when:
                decided[r["s"]][r["rel"]].append(when)
    published: dict[str, list[str]] = defaultdict(list)
    undated = [x for x, n in nodes.items() if n["kind"] == "Task" and x not in decided]
    if undated:
        for r in run_sparql(store, _PREFIXES + f"""PREFIX dct: <http://purl.org/dc/terms/>
SELECT DISTINCT ?x ?d WHERE {{
  {_values('x', undated)}
  GRAPH ?g {{ {{ ?x kg:mentionedIn ?a }} UNION {{ ?x prov:wasDerivedFrom ?a }} ?a dct:date ?d }}
  {gclause}
}}""").values():
            published[r["x"]].append(r["d"])
    for x, n in nodes.items():
        if n["kind"] != "Task":
            continue
        for basis, dates in (("meeting", decided[x]["decided_at"]), ("document", decided[x]["decided_by"]),
                             ("source", published[x])):
            if dates:
                n["date"], n["date_from"] = min(dates), basis
                break

    # 5. edges between kept nodes, merged over sources ---------------------------------------
    edges: dict[tuple[str, str, str], dict] = {}
    edge_fact: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for r in facts:
        s, o, rel = r["s"], r["o"], r["rel"]
        if s not in nodes or o not in nodes or s == o:
            continue
        if rel == "cites" and nodes[s]["kind"] != "LegalDocument":
            continue
        if rel == "reported" and nodes[o]["kind"] != "Figure":
            continue
        key = (s, o, rel)
        e = edges.setdefault(key, {"relation": rel, "sources": set(), "post": set(), "post_iri": set(),
                                   "holding": set()})
        e["sources"].add(_article_id(r["g"]))
        edge_fact[key].add(r["f"])
        if rel == "holds_post_in":
            e["post_iri"].add(r["post"])
            e["holding"].add(r["f"])
            e["post"].add(_pick(attrs[r["post"]]["prefLabel"]) or _local(r["post"]))

    # endpoint-only nodes (e.g. the organisation of a post) stay only while an edge needs them
    linked = {k[0] for k in edges} | {k[1] for k in edges}
    for x in [x for x in nodes if x not in mentioned and x not in linked]:
        del nodes[x]

    # 6. evidence quotes, first by article then offset -----------------------------------
    facts_needing = set(nodes) | {f for fs in edge_fact.values() for f in fs}
    quotes: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    if facts_needing:
        for r in run_sparql(store, _PREFIXES + f"""
SELECT DISTINCT ?x ?q ?st ?a WHERE {{
  {_values('x', facts_needing)}
  GRAPH ?g {{ ?x kg:evidence ?e . ?e kg:quote ?q . OPTIONAL {{ ?e kg:start ?st }} OPTIONAL {{ ?e kg:inArticle ?a }} }}
  {gclause}
}}""").values():
            quotes[r["x"]].append((_article_id(r["a"] or ""), int(r["st"] or 0), r["q"]))

    def first_quote(iris) -> str | None:
        qs = sorted(q for i in iris for q in quotes.get(i, ()))
        return qs[0][2] if qs else None

    # 7. labels ---------------------------------------------------------------------------
    chairs = defaultdict(list)
    for (s, o, rel) in edges:
        if rel == "chaired":
            chairs[o].append(s)

    def label(x: str) -> str:
        n = nodes[x]
        if n["prefLabel"]:
            return n["prefLabel"]
        if n["kind"] == "Meeting":
            who = ", ".join(sorted(nodes[c]["prefLabel"] or _local(c) for c in chairs.get(x, ())))
            return " ".join(p for p in ("Meeting", n["date"] or "", f"({who})" if who else "") if p)
        if n["identifier"]:
            return n["identifier"]
        if n["kind"] == "Task" and n["description"]:
            d = n["description"]
            return d if len(d) <= 80 else d[:79].rstrip() + "…"
        if n["kind"] == "Figure" and n["value"]:
            text = " ".join(p for p in (n["value"], n["unit"]) if p)
            if n["indicator"]:
                text = f"{n['indicator']}: {text}"
            return f"{text} ({n['date']})" if n["date"] else text
        return _local(x)

    G = nx.MultiDiGraph(name="kg actor graph")
    for x in sorted(nodes):
        n = nodes[x]
        data = {"label": label(x), "type": n["type"], "kind": n["kind"], "date": n["date"],
                "deadline": n["deadline"], "description": n["description"], "topic": n["topic"],
                "identifier": n["identifier"], "value": n["value"], "indicator": n["indicator"],
                "unit": n["unit"], "date_from": n.get("date_from"),
                "sources": "; ".join(sorted(n["sources"])) or None, "quote": first_quote([x])}
        G.add_node(x, **{k: v for k, v in sorted(data.items()) if v is not None})
    for key in sorted(edges):
        s, o, rel = key
        e = edges[key]
        data = {"relation": rel, "sources": "; ".join(sorted(e["sources"])),
                "quote": first_quote(sorted(edge_fact[key])),
                "post": "; ".join(sorted(e["post"])) or None,
                "post_iri": "; ".join(sorted(e["post_iri"])) or None,
                "holding": "; ".join(sorted(e["holding"])) or None}
        G.add_edge(s, o, key=rel, **{k: v for k, v in sorted(data.items()) if v is not None})
    return G


__all__ = ["DEFAULT_TYPES", "KINDS", "RELATIONS", "actor_graph", "full_date", "source_graph_of"]
