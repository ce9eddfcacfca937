"""A `VoID <https://www.w3.org/TR/void/>`_ description of the store: what a crawler, a dataset
catalogue or a SPARQL client reads before querying (``GET /.well-known/void``, ``kg stats --format ttl``).

The counts are ``kg stats``'s own (:func:`kg.query.stats.store_stats`): ``void:triples`` is the
number of distinct facts of the default graph (the merge of the source graphs, each fact once),
``void:entities`` of a class partition the nodes of that class in the store, reference data
included, and ``void:documents`` the number of source articles (one named graph each).
"""
from __future__ import annotations

from datetime import datetime

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from kg.namespaces import KG, KGR, PREFIXES, XSD
from kg.query.stats import store_stats
from kg.store import commit_marker

#: the dataset's IRI (the store as a whole)
DATASET = KGR + "dataset"
TITLE = "Vietnam's 2025 local-government reform, as a knowledge graph"
DESCRIPTION = ("Who decided what, who was assigned which task, and the figures reported, in news "
               "articles on Vietnam's 2025 local-government reform; every fact keeps its source "
               "and the quote that states it.")
#: vocabularies a ``void:vocabulary`` may name, by prefix (their namespace IRIs, kg:'s included)
VOCABULARIES = ("kg", "skos", "prov", "dct", "schema", "org", "qb", "foaf", "rdf", "rdfs", "owl")

_USED = """SELECT DISTINCT ?iri WHERE { { ?s ?iri ?o } UNION { ?s a ?iri } }"""
_SUBJECTS = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }"


def last_modified(store) -> datetime | None:
    """When the store last changed: its newest commit (``kg.store.commit_marker``; None in memory).

    >>> from kg.store import Store
    >>> last_modified(Store()) is None
    True
    """
    path = getattr(store, "path", None)
    when = commit_marker(path)[1] if path is not None else None
    return None if when is None else when.replace(microsecond=0)


def void_graph(store, endpoint: str | None = None) -> Graph:
    """The VoID description of ``store``, as an rdflib Graph (serialise it as you like).

    Args:
        store: a kg Store.
        endpoint: the URL of its SPARQL endpoint (``void:sparqlEndpoint``), when it is served.

    >>> from kg.store import Store
    >>> g = void_graph(Store(), "http://127.0.0.1:7878/sparql")
    >>> g.value(URIRef(DATASET), VOID.triples).toPython()
    0
    >>> str(g.value(URIRef(DATASET), VOID.uriSpace))
    'https://w3id.org/vnkg/id/'
    """
    st = store_stats(store)
    g = Graph()
    g.bind("void", VOID)
    g.bind("dct", DCTERMS)
    g.bind("xsd", XSD)
    g.bind("kg", KG)
    g.bind("kgr", KGR)
    d = URIRef(DATASET)
    g.add((d, RDF.type, VOID.Dataset))
    g.add((d, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((d, VOID.uriSpace, Literal(KGR)))
    g.add((d, VOID.triples, Literal(st.facts)))
    g.add((d, VOID.documents, Literal(st.sources)))
    subjects = next(iter(store.query(_SUBJECTS)))["n"].value
    g.add((d, VOID.distinctSubjects, Literal(int(subjects))))
    for cls, (_, held) in st.classes.items():
        part = BNode(f"class-{cls}")
        g.add((d, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(KG + cls)))
        g.add((part, VOID.entities, Literal(held)))
    used = [row["iri"].value for row in store.query(_USED)]
    for prefix in VOCABULARIES:
        ns = PREFIXES[prefix]
        if any(u.startswith(ns) for u in used):
            g.add((d, VOID.vocabulary, URIRef(ns)))
    if endpoint:
        g.add((d, VOID.sparqlEndpoint, URIRef(endpoint)))
    modified = last_modified(store)
    if modified is not None:
        g.add((d, DCTERMS.modified, Literal(modified.isoformat().replace("+00:00", "Z"), datatype=URIRef(XSD + "dateTime"))))
    return g
