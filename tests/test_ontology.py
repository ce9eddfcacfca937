"""The ontology parses, loads in owlready2, is consistent under HermiT, and documents every term the data uses."""
from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg import resources
from kg.extract import extract
from kg.namespaces import GRAPH_ONTOLOGY, KG, STATIC_GRAPHS
from kg.rdf.mapping import to_triples
from kg.sources import iter_paths, read_article
from kg.store import Store

ROOT = Path(__file__).resolve().parents[1]
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
LANGS = ("en", "fr", "vi")
#: how code names a term: KG.value (not a str method such as KG.rstrip), KG["Task"], KG + "value",
#: f"<{KG}sameTaskAs>" and kg:value in SPARQL text
_CODE_TERM = re.compile(r'\bKG\.([A-Za-z]\w*)\b(?!\s*\()|\bKG\["(\w+)"\]|\bKG \+ "(\w+)"|\{KG\}(\w+)|\bkg:([A-Za-z]\w*)')


def _ontology() -> Graph:
    g = Graph()
    for f in resources.resource_files("ontology"):
        g.parse(f)
    return g


def _local(term) -> str | None:
    return str(term)[len(KG):] if isinstance(term, URIRef) and str(term).startswith(KG) else None


def _iri(term) -> URIRef | None:
    return URIRef(term.value) if isinstance(term, ox.NamedNode) else None


def _text_terms(path: Path) -> set[str]:
    """kg: terms named in a Turtle or SPARQL file that binds kg: to our namespace."""
    text = path.read_text(encoding="utf-8")
    assert re.search(rf"(?i)(PREFIX|@prefix)\s+kg:\s*<{re.escape(KG)}>", text), f"{path.name}: kg: is not {KG}"
    return set(re.findall(r"\bkg:(\w+)", text))


@pytest.fixture(scope="module")
def used() -> dict[str, dict[str, set[str]]]:
    """Term -> role ("predicate", "type", "node", "text") -> where: every kg: term of the data.

    The data is what the sample articles give through extract and to_triples, the static graphs
    (the ontology's own graph left out), the shapes and the canned queries.
    """
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def add(triples, where):
        for s, p, o in triples:
            for term, role in ((s, "node"), (p, "predicate"), (o, "type" if p == RDF.type else "node")):
                if (name := _local(term)) is not None:
                    out[name][role].add(where)

    paths = list(iter_paths([ROOT / "data" / "articles"]))
    assert len(paths) >= 6
    for path in paths:
        add(to_triples(extract(read_article(path))), path.name)
    store = Store()
    store.ensure_static()
    static = [g for g in STATIC_GRAPHS if g != GRAPH_ONTOLOGY]
    for g in static:
        quads = list(store.quads(g))
        assert quads, f"static graph {g} is empty"
        add(((_iri(q.subject), _iri(q.predicate), _iri(q.object)) for q in quads), g)
    files = sorted((ROOT / "shapes").glob("*.ttl")) + sorted((ROOT / "queries").glob("*.rq"))
    assert len(files) >= 9
    for f in files:
        for name in _text_terms(f):
            out[name]["text"].add(f.name)
    return out


def undocumented(onto: Graph, used: dict[str, dict[str, set[str]]]) -> list[str]:
    """What is wrong with the ontology's account of the used terms (empty when nothing)."""
    problems = []
    for name in sorted(used):
        term, roles = URIRef(KG + name), used[name]
        kinds = set(onto.objects(term, RDF.type)) & set(KINDS)
        if not kinds:
            problems.append(f"kg:{name} is not declared (used in {sorted(set().union(*roles.values()))[:3]})")
            continue
        if "predicate" in roles and not kinds - {OWL.Class}:
            problems.append(f"kg:{name} is used as a predicate but declared only as a class")
        if "type" in roles and OWL.Class not in kinds:
            problems.append(f"kg:{name} is used as an rdf:type but not declared an owl:Class")
    return problems


def unlabelled(onto: Graph) -> list[str]:
    """kg: subjects of the ontology without an rdfs:label in each of en, fr, vi or an English rdfs:comment."""
    problems = []
    for term in sorted({s for s in onto.subjects() if _local(s)}, key=str):
        labels = {lit.language for lit in onto.objects(term, RDFS.label) if isinstance(lit, Literal)}
        comments = {lit.language for lit in onto.objects(term, RDFS.comment) if isinstance(lit, Literal)}
        missing = [f"rdfs:label@{lang}" for lang in LANGS if lang not in labels]
        missing += [] if "en" in comments else ["rdfs:comment@en"]
        if missing:
            problems.append(f"kg:{_local(term)} has no {', '.join(missing)}")
    return problems


def code_terms() -> set[str]:
    """kg: terms the package's code writes or queries."""
    out = set()
    for f in sorted((ROOT / "kg").rglob("*.py")):
        for m in _CODE_TERM.finditer(f.read_text(encoding="utf-8")):
            out.add(next(g for g in m.groups() if g))
    return out


def unused(onto: Graph, used: dict[str, dict[str, set[str]]], code: set[str]) -> list[str]:
    """Declared terms (classes and properties) that neither the data nor the code uses.

    A class that is the domain or range of a used property, or the superclass of a used class,
    counts as used (kg:Unit is the range of kg:unit: unit nodes are never typed). A term kept for
    compatibility says so with ``owl:deprecated true``.
    """
    seen = set(used) | code
    grew = True
    while grew:
        more = {_local(o) for name in seen for p in (RDFS.domain, RDFS.range, RDFS.subClassOf, RDFS.subPropertyOf)
                for o in onto.objects(URIRef(KG + name), p)} - {None}
        grew = bool(more - seen)
        seen |= more
    declared = {s for kind in KINDS for s in onto.subjects(RDF.type, kind) if _local(s)}
    return sorted(f"kg:{_local(s)} is declared but nothing uses it (remove it or mark it owl:deprecated)"
                  for s in declared
                  if _local(s) not in seen and (s, OWL.deprecated, Literal(True)) not in onto)


def test_ontology_declares_required_classes():
    g = _ontology()
    names = {str(s).rsplit("#", 1)[-1] for s in g.subjects() if str(s).startswith("https://w3id.org/vnkg/ontology#")}
    for cls in ["Person", "Post", "Organization", "Ministry", "GovernmentBody", "PartyBody", "Enterprise", "Locality",
                "Group", "Meeting", "LegalDocument", "Decree", "Decision", "Conclusion", "Resolution", "Plan",
                "OfficialDispatch", "Task", "Figure", "Indicator", "Article", "Evidence"]:
        assert cls in names


def test_ontology_declares_every_term_the_data_uses(used):
    """Issue 17: matchAll, matchNone, matchUnit, priority and staticDigest were used, never declared."""
    # the collection itself ran: terms from articles, static graphs, shapes and queries
    assert {"Task", "matchAll", "staticDigest", "historicLabel", "Figure"} <= set(used)
    problems = undocumented(_ontology(), used)
    assert not problems, "\n".join(problems)


def test_ontology_labels_and_comments_every_term():
    """Issue 17: 48 of the 76 terms had no rdfs:comment."""
    problems = unlabelled(_ontology())
    assert not problems, "\n".join(problems)


def test_ontology_declares_nothing_unused(used):
    """Issue 17: kg:interval was declared and never used."""
    code = code_terms()
    assert {"sameTaskAs", "area", "locality"} <= code  # the scan finds what kg/rdf/mapping.py writes
    problems = unused(_ontology(), used, code)
    assert not problems, "\n".join(problems)


def test_ontology_class_labels_are_distinct():
    """Issue 17: two classes labelled "Other" made the docs' table of contents list "Other" twice."""
    g = _ontology()
    for lang in LANGS:
        labels = [str(lit) for c in g.subjects(RDF.type, OWL.Class) if _local(c)
                  for lit in g.objects(c, RDFS.label) if lit.language == lang]
        assert len(labels) == len(set(labels)), sorted(lab for lab in labels if labels.count(lab) > 1)


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")
def test_ontology_is_consistent_under_hermit(tmp_path):
    import owlready2

    nt = tmp_path / "kg.nt"
    _ontology().serialize(nt, format="nt")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load()
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
