"""Turn an ``Extraction`` into the RDF graph of its article. The only code that mints IRIs.

Keys from the model (``org/ministry-of-finance``) become IRIs under ``KGR``. Entities and
meetings have one IRI across articles (the reference data and the resolver share keys), so two
articles about one meeting add to one node; per-article things (figures, evidence) get IRIs
under the article's id.
"""
from __future__ import annotations

import re
from functools import lru_cache
from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral    # rdflib's own N-Triples escaping
from rdflib.namespace import DCTERMS as _DCTERMS, RDF as _RDF, RDFS as _RDFS, SKOS as _SKOS, XSD as _XSD

from kg.model import Evidence, Extraction
from kg.namespaces import KG as _KG, KGR as _KGR, PROV as _PROV, QB as _QB, SCHEMA as _SCHEMA, SOURCE_GRAPH_PREFIX
from kg.keys import (document_key, group_key, indicator_key, meeting_key, org_key, person_key,  # noqa: F401
                     post_key, slug_id)
from kg.text import match_key



class _Namespace(Namespace):
    """A namespace whose terms are made once: rdflib makes (and checks) a new URIRef at every
    ``KG.indicator``, some 1,000 times an article."""

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):          # copy, pickle and the like ask for these
            raise AttributeError(name)
        term = self.term(name)
        object.__setattr__(self, name, term)   # found as an attribute from now on
        return term


KG = _Namespace(_KG)
KGR = _Namespace(_KGR)
PROV = _Namespace(_PROV)
QB = _Namespace(_QB)
SCHEMA = _Namespace(_SCHEMA)
DCTERMS, RDF, RDFS, SKOS, XSD = (_Namespace(str(ns)) for ns in (_DCTERMS, _RDF, _RDFS, _SKOS, _XSD))

ORG_CLASSES = {"Ministry", "GovernmentBody", "PartyBody", "Enterprise", "Locality", "Group",
               "OtherOrganization"}


def iri(key: str) -> URIRef:
    """IRI of a key.

    >>> str(iri("org/ministry-of-finance"))
    'https://w3id.org/vnkg/id/org/ministry-of-finance'
    """
    return URIRef(_KGR + key)


def origin_iri(path: str) -> URIRef:
    """The ``file:`` IRI of where a source was read from (an absolute path), for ``prov:atLocation``.

    PROV-DM's location may be "a non-geographic place such as a directory"; ingest finds an edited
    file's earlier version by it.

    >>> str(origin_iri("/data/báo cáo.txt"))
    'file:///data/b%C3%A1o%20c%C3%A1o.txt'
    """
    from pathlib import Path

    return URIRef(Path(path).absolute().as_uri())


def source_graph(article_id: str) -> str:
    """Named graph of one source article."""
    return SOURCE_GRAPH_PREFIX + slug_id(article_id)


def article_iri(article_id: str) -> URIRef:
    return iri("article/" + slug_id(article_id))


def date_literal(value: str) -> Literal:
    """ISO date, year-month or year, typed accordingly.

    >>> date_literal("2025-11").datatype.endswith("gYearMonth")
    True
    """
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    raise ValueError(f"not an ISO date: {value!r}")


def _decimal(value: Decimal) -> Literal:
    text = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return Literal(text, datatype=XSD.decimal)


def _stable_id(kind: str, aid: str, ev: Evidence | None, what: str, used: dict[str, int]) -> str:
    """``kind/article/offset-what``: where the source states it, and what it is.

    Researchers cite IRIs, so a task's or a figure's IRI must not change when a later version
    words its description better or finds one more figure earlier in the text: it is the offset
    of the sentence stating it and its assignee (tasks) or value (figures), counted ``-2``, ``-3``
    when a sentence states several.

    >>> used = {}
    >>> [_stable_id("figure", "a", Evidence(120, 180, "q"), "78.38", used) for _ in range(2)]
    ['figure/a/120-78.38', 'figure/a/120-78.38-2']
    """
    base = f"{kind}/{aid}/{ev.start if ev else 'x'}-{re.sub(r'[^A-Za-z0-9.-]+', '-', what) or 'x'}"
    used[base] = used.get(base, 0) + 1
    return base if used[base] == 1 else f"{base}-{used[base]}"


class _Builder:
    def __init__(self, ex: Extraction):
        self.ex = ex
        # a set, not an rdflib Graph: adding to a Graph's indexes was a quarter of an ingest
        self.g: set[tuple] = set()
        self.article = article_iri(ex.article.id)
        self.aid = slug_id(ex.article.id)
        self.lang = ex.article.lang
        self._evidence: dict = {}   # (start, end) -> the evidence node already described

    def evidence(self, node: URIRef, ev: Evidence | None) -> None:
        """A fact: derived from the article, with its evidence span."""
        self.g.add((node, PROV.wasDerivedFrom, self.article))
        self.evidence_only(node, ev)

    def build(self) -> set[tuple]:
        ex, g, a = self.ex, self.g, self.article
        art = ex.article
        g.add((a, RDF.type, KG.Article))
        g.add((a, DCTERMS.language, Literal(art.lang)))
        g.add((a, KG.text, Literal(art.text)))
        g.add((a, DCTERMS.identifier, Literal(art.id)))
        if art.title:
            g.add((a, DCTERMS.title, Literal(art.title, lang=art.lang)))
        if art.date:
            g.add((a, DCTERMS.date, date_literal(art.date)))
        if art.url:
            g.add((a, SCHEMA.url, URIRef(art.url)))
        if art.sha256:
            g.add((a, KG.sha256, Literal(art.sha256)))
        if art.path:   # a file's file: IRI, or the URL a page was fetched from
            g.add((a, PROV.atLocation, URIRef(art.path) if re.match(r"(?i)https?://", art.path)
                   else origin_iri(art.path)))
        if art.outlet:
            g.add((a, SCHEMA.publisher, Literal(art.outlet)))
        if art.ingested:     # the date kg first stored these bytes (re-ingesting them keeps it)
            g.add((a, DCTERMS.created, Literal(art.ingested, datatype=XSD.date)))

        for ent in ex.entities.values():
            node = iri(ent.key)
            g.add((node, KG.mentionedIn, a))
            if not ent.in_reference:
                cls = KG.Person if ent.type == "Person" else KG[ent.type]
                g.add((node, RDF.type, cls))
                g.add((node, SKOS.prefLabel, Literal(ent.label, lang="en")))
                g.add((node, KG.matchKey, Literal(match_key(ent.label))))
                if ent.locality:
                    g.add((node, KG.locality, iri(ent.locality)))
            # a reference entity was found by one of its known labels: restating it in every
            # article would put one copy per article in the union graph
            for form in () if ent.in_reference else ent.surface:
                if match_key(form) != match_key(ent.label):
                    g.add((node, SKOS.hiddenLabel, Literal(form, lang=self.lang)))
                    g.add((node, KG.matchKey, Literal(match_key(form))))
        for m in ex.mentions:
            self.evidence_only(iri(m.key), m.evidence)

        for h in ex.holdings:
            # one holding node per source, as for figures and tasks: a node shared by every article
            # naming the Prime Minister would carry each source's triples, and Oxigraph's union
            # graph repeats a triple once per graph (rows multiply in every query joining them)
            node = iri(f"holding/{self.aid}/{h.person.rsplit('/', 1)[-1]}/{h.post.rsplit('/', 1)[-1]}")
            post = iri(h.post)
            g.add((node, RDF.type, KG.PostHolding))
            g.add((node, KG.holder, iri(h.person)))
            g.add((node, KG.post, post))
            if art.date:
                g.add((node, KG.statedOn, date_literal(art.date)))
            if not h.in_reference:
                g.add((post, RDF.type, KG.Post))
                g.add((post, SKOS.prefLabel, Literal(h.post_label, lang="en")))
                if h.org:
                    g.add((post, KG.postIn, iri(h.org)))
            self.evidence(node, h.evidence)

        for m in ex.meetings:
            node = iri(m.key)
            g.add((node, RDF.type, KG.Meeting))
            if m.date:
                g.add((node, KG.date, date_literal(m.date)))
            if m.chair:
                g.add((node, KG.chair, iri(m.chair)))
            for p in m.participants:
                g.add((node, KG.participant, iri(p)))
            if m.topic:
                g.add((node, KG.topic, Literal(m.topic, lang=self.lang)))
            self.evidence(node, m.evidence)

        for d in ex.documents:
            node = iri(d.key)
            g.add((node, RDF.type, KG[d.type]))
            g.add((node, KG.identifier, Literal(d.identifier)))
            if d.date:
                g.add((node, KG.date, date_literal(d.date)))
            for issuer in d.issuers:
                g.add((node, KG.issuer, iri(issuer)))
            if d.signer:
                g.add((node, KG.signer, iri(d.signer)))
            g.add((a, KG.cites, node))
            self.evidence(node, d.evidence)

        tasks: dict[tuple, URIRef] = {}
        used: dict[str, int] = {}
        for t in ex.tasks:
            # the same directive stated twice merges; stated by two people or with two deadlines it
            # is two tasks (one node would carry two assigners and break the shapes)
            ident = (t.assignee, t.description, t.assigner, t.deadline, t.meeting, t.document)
            if ident not in tasks:
                tasks[ident] = iri(_stable_id("task", self.aid, t.evidence, t.assignee.rsplit("/", 1)[-1], used))
            node = tasks[ident]
            g.add((node, RDF.type, KG.Task))
            g.add((node, KG.assignee, iri(t.assignee)))
            g.add((node, KG.description, Literal(t.description, lang=self.lang)))
            if t.assigner:
                g.add((node, KG.assigner, iri(t.assigner)))
            if t.deadline:
                g.add((node, KG.deadline, date_literal(t.deadline)))
            if t.meeting:
                g.add((node, KG.decidedAt, iri(t.meeting)))
            if t.document:
                g.add((node, KG.decidedBy, iri(t.document)))
            self.evidence(node, t.evidence)

        for key, labels in ex.new_indicators.items():
            node = iri(key)
            g.add((node, RDF.type, KG.Indicator))
            g.add((node, SKOS.inScheme, iri("scheme/indicators")))
            g.add((node, KG.reviewed, Literal(False)))
            for lang, label in sorted(labels.items()):
                g.add((node, SKOS.prefLabel, Literal(label, lang=lang)))

        used = {}
        for f in ex.figures:
            # the number at this offset of this source (else its sentence's offset and its value)
            node = iri(f"figure/{self.aid}/{f.at}" if f.at is not None
                       else _stable_id("figure", self.aid, f.evidence, str(_decimal(f.value)), used))
            g.add((node, RDF.type, KG.Figure))
            g.add((node, QB.dataSet, iri("dataset/figures")))
            if f.indicator:
                g.add((node, KG.indicator, iri(f.indicator)))
            g.add((node, KG.value, _decimal(f.value)))
            g.add((node, SKOS.note, Literal(f.indicator_label, lang=self.lang)))
            if f.unit:
                g.add((node, KG.unit, iri("unit/" + f.unit)))
            if f.as_of:
                g.add((node, KG.asOf, date_literal(f.as_of)))
            if f.period_start:
                g.add((node, KG.periodStart, date_literal(f.period_start)))
            if f.qualifier:
                g.add((node, KG.qualifier, Literal(f.qualifier)))
            if f.total is not None:
                g.add((node, KG.total, _decimal(f.total)))
            if f.range_role:
                g.add((node, KG.rangeRole, Literal(f.range_role)))
            if f.reported_by:
                g.add((node, KG.reportedBy, iri(f.reported_by)))
            if f.area:
                g.add((node, KG.area, iri(f.area)))
            self.evidence(node, f.evidence)
        return g

    def evidence_only(self, node: URIRef, ev: Evidence | None) -> None:
        """An evidence span (offsets and quote into the stored article text) for a node."""
        if ev is None:
            return
        e = self._evidence.get((ev.start, ev.end))
        if e is None:               # one sentence backs many facts: its node is described once
            e = self._evidence[(ev.start, ev.end)] = iri(f"evidence/{self.aid}/{ev.start}-{ev.end}")
            self.g.add((e, RDF.type, KG.Evidence))
            self.g.add((e, KG.inArticle, self.article))
            self.g.add((e, KG.start, Literal(ev.start)))
            self.g.add((e, KG.end, Literal(ev.end)))
            self.g.add((e, KG.quote, Literal(ev.quote)))
        self.g.add((node, KG.evidence, e))


@lru_cache(maxsize=1)
def kg_superclasses() -> dict[str, tuple[str, ...]]:
    """Each ``kg:`` class -> its ``kg:`` superclasses (transitive), from the shipped ontology.

    Stated types are closed under the ontology's own hierarchy when a graph is built, so a plain
    ``?x a kg:Organization`` finds ministries in any store, with or without a reasoner (the RDFS
    entailment researchers expect, materialised; outside vocabularies are left to the ontology).

    >>> kg_superclasses()[_KG + "Ministry"] == (_KG + "Agent", _KG + "Organization")
    True
    """
    from kg import resources

    direct: dict[str, set[str]] = {}
    g = Graph()
    for f in resources.resource_files("ontology", "*.ttl"):
        g.parse(f, format="turtle")
    for c, sup in g.subject_objects(RDFS.subClassOf):
        if str(c).startswith(_KG) and str(sup).startswith(_KG):
            direct.setdefault(str(c), set()).add(str(sup))

    def up(c: str, seen: frozenset = frozenset()) -> set[str]:
        out = set()
        for s in direct.get(c, ()):
            if s not in seen:
                out |= {s} | up(s, seen | {c})
        return out
    return {c: tuple(sorted(up(c))) for c in direct}


def with_supertypes(triples) -> set[tuple]:
    """The triples plus ``rdf:type`` triples for the ``kg:`` superclasses of every stated ``kg:`` type."""
    sup = kg_superclasses()
    out = set(triples)
    for s, p, o in list(out):
        if p == RDF.type and str(o) in sup:
            out.update((s, RDF.type, URIRef(c)) for c in sup[str(o)])
    return out


def to_triples(ex: Extraction) -> list[tuple]:
    """The article's triples (rdflib terms), ready to validate and store."""
    return list(with_supertypes(_Builder(ex).build()))


def to_graph(ex: Extraction) -> Graph:
    """The article's graph as an rdflib Graph."""
    g = Graph()
    for t in with_supertypes(_Builder(ex).build()):
        g.add(t)
    return g


_NT_IRIS: dict = {}         # IRI -> "<IRI>", checked once (predicates, classes, entities repeat)


def _nt(term) -> str:
    if isinstance(term, Literal):
        return _quoteLiteral(term)
    text = _NT_IRIS.get(term)
    if text is None:
        text = term.n3()             # refuses an IRI N-Triples cannot hold
        if isinstance(term, URIRef):
            if len(_NT_IRIS) > 200_000:
                _NT_IRIS.clear()
            _NT_IRIS[term] = text
    return text


def to_ntriples(triples) -> str:
    r"""Deterministic N-Triples (sorted lines) of a Graph or of an iterable of triples.

    What rdflib's N-Triples writer gives (its literal escaping, one line per triple: line breaks
    are escaped), each IRI written once per process rather than once per triple.

    >>> print(to_ntriples([(URIRef("urn:a"), URIRef("urn:p"), Literal('say "hi"\n', lang="en"))]), end="")
    <urn:a> <urn:p> "say \"hi\"\n"@en .
    """
    return "".join(sorted({f"{_nt(s)} {_nt(p)} {_nt(o)} .\n" for s, p, o in triples}))
