"""A compiled SHACL Core engine for the shapes this project uses, for per-article validation.

Why: pySHACL over rdflib needs 0.1-1.5 s for one 1,000-triple article (its SPARQL constraints
re-parse their query for every focus node), which would make ingest crawl. The shapes in
``shapes/`` use a small part of SHACL Core; this module compiles exactly that part into plain
Python checks over an index of the article's triples (a few milliseconds an article). It refuses
shapes that use anything it does not implement, so a new constraint never passes silently, and
``tests/validate/test_engine.py`` checks that it reports what pySHACL reports (same focus node,
path, component and severity) on every example and on randomly damaged graphs. pySHACL remains
available (``kg.validate.validate(..., engine="pyshacl")``) as the reference.

>>> from rdflib import Graph
>>> shapes = Graph().parse(data='''@prefix sh: <http://www.w3.org/ns/shacl#> .
... <urn:S> a sh:NodeShape ; sh:targetClass <urn:C> ; sh:property [ sh:path <urn:p> ; sh:minCount 1 ] .''',
...   format="turtle")
>>> data = Graph().parse(data="<urn:x> a <urn:C> .", format="turtle")
>>> [(str(r.focus), r.component) for r in compile_shapes(shapes).validate(data)]
[('urn:x', 'MinCountConstraintComponent')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from kg.errors import ShapesError

# Shape predicates that carry no constraint (documentation, declarations, structure we read).
_IGNORED = {SH.name, SH.description, SH.order, SH.group, RDFS.label, RDFS.comment, RDF.type,
            SH.prefixes, SH.declare, SH.deactivated, SH.targetClass, SH.property, SH.path,
            SH.message, SH.severity, OWL.imports, SH.sparql}
_SUPPORTED = {SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH.node, SH.pattern, SH.flags,
              SH.minLength, SH["in"], SH.uniqueLang, SH.minInclusive, SH.lessThan, SH["or"]}

_NUMERIC = {XSD.decimal, XSD.integer, XSD.int, XSD.long, XSD.double, XSD.float, XSD.nonNegativeInteger,
            XSD.positiveInteger, XSD.short, XSD.byte}


@dataclass(frozen=True)
class Result:
    """One validation result, as in a SHACL report."""

    focus: object
    path: object | None
    component: str
    severity: str
    message: str
    value: object | None = None
    shape: object | None = None


@dataclass
class _Constraint:
    kind: str               # local name of the sh: predicate ("minCount")
    arg: object             # its (compiled) argument
    component: str          # "MinCountConstraintComponent"


@dataclass
class _Shape:
    node: object
    path: object | None = None         # None for a node shape
    severity: str = "Violation"
    message: str | None = None
    deactivated: bool = False
    target_classes: list = field(default_factory=list)
    constraints: list = field(default_factory=list)
    properties: list = field(default_factory=list)
    sparql: list = field(default_factory=list)   # (select text, message, predicates it reads or None: all)


_RDF_TYPE, _SUBCLASS_OF = RDF.type, RDFS.subClassOf


class _Index:
    """Triples of one data graph, indexed for the lookups the constraints need."""

    def __init__(self, graph: Iterable):
        self.sp: dict = {}
        self.types: dict = {}
        self.sub: dict = {}
        rdf_type, sub_class_of = _RDF_TYPE, _SUBCLASS_OF     # locals: this loop sees every triple
        for s, p, o in graph:
            self.sp.setdefault((s, p), []).append(o)
            if p == rdf_type:
                self.types.setdefault(s, set()).add(o)
            elif p == sub_class_of:
                self.sub.setdefault(o, set()).add(s)
        self._closure: dict = {}

    def values(self, s, p) -> list:
        return self.sp.get((s, p), [])

    def subclasses(self, cls) -> set:
        """``cls`` and all its subclasses (rdfs:subClassOf*, as SHACL asks)."""
        got = self._closure.get(cls)
        if got is None:
            got, todo = {cls}, [cls]
            while todo:
                for c in self.sub.get(todo.pop(), ()):
                    if c not in got:
                        got.add(c)
                        todo.append(c)
            self._closure[cls] = got
        return got

    def instances(self, cls) -> list:
        classes = self.subclasses(cls)
        return [s for s, ts in self.types.items() if ts & classes]

    def is_instance(self, node, cls) -> bool:
        return bool(self.types.get(node, set()) & self.subclasses(cls))


def _severity(g: Graph, node) -> str:
    sev = g.value(node, SH.severity)
    return str(sev).rsplit("#", 1)[-1] if sev is not None else "Violation"


def _compile(g: Graph, node, cache: dict, path=None) -> _Shape:
    if node in cache:
        return cache[node]
    shape = _Shape(node=node, path=path, severity=_severity(g, node))
    cache[node] = shape
    msg = g.value(node, SH.message)
    shape.message = str(msg) if msg is not None else None
    shape.deactivated = str(g.value(node, SH.deactivated) or "").lower() == "true"
    shape.target_classes = sorted(g.objects(node, SH.targetClass), key=str)
    for p, o in sorted(g.predicate_objects(node), key=lambda t: (str(t[0]), str(t[1]))):
        if p in _IGNORED or p == SH.flags:
            continue
        if p not in _SUPPORTED:
            if str(p).startswith(str(SH)) or p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
                raise ShapesError(f"shape {node} uses {p}, which the fast validator does not implement; "
                                  "implement it in kg/validate/engine.py or validate with engine='pyshacl'")
            continue
        if p in (SH.node,):
            arg = _compile(g, o, cache)
        elif p == SH["or"]:
            arg = [_compile(g, m, cache) for m in Collection(g, o)]
        elif p == SH["in"]:
            arg = list(Collection(g, o))
        elif p == SH.pattern:
            flags = str(g.value(node, SH.flags) or "")
            arg = re.compile(str(o), re.I if "i" in flags else 0)
        elif p in (SH.minCount, SH.maxCount, SH.minLength):
            arg = int(o)
        else:
            arg = o
        kind = str(p)[len(str(SH)):]
        shape.constraints.append(_Constraint(kind, arg, kind[0].upper() + kind[1:] + "ConstraintComponent"))
    for prop in sorted(g.objects(node, SH.property), key=str):
        path_ = g.value(prop, SH.path)
        if not isinstance(path_, URIRef):
            raise ShapesError(f"property shape {prop} has a complex sh:path; the fast validator only "
                              "implements predicate paths")
        shape.properties.append(_compile(g, prop, cache, path=path_))
    for c in g.objects(node, SH.sparql):
        select = g.value(c, SH.select)
        if select is None:
            raise ShapesError(f"SPARQL constraint {c} has no sh:select")
        prefixes = "".join(f"PREFIX {d_pre}: <{d_ns}>\n" for pnode in g.objects(c, SH.prefixes)
                           for decl in g.objects(pnode, SH.declare)
                           for d_pre, d_ns in [(g.value(decl, SH.prefix), g.value(decl, SH.namespace))])
        m = g.value(c, SH.message)
        text = prefixes + str(select)
        shape.sparql.append((text, str(m) if m is not None else None, _predicates(text)))
    return shape




def _number(v):
    if isinstance(v, Literal) and v.datatype in _NUMERIC and not getattr(v, "ill_typed", False):
        try:
            return Decimal(str(v))
        except InvalidOperation:
            return None
    return None


class CompiledShapes:
    """Shapes compiled once; ``validate(graph)`` returns the results for one data graph."""

    def __init__(self, shapes: list[_Shape]):
        self.shapes = shapes

    def validate(self, data: Iterable) -> list[Result]:
        data = data if isinstance(data, list) else list(data)
        idx = _Index(data)
        results: list[Result] = []
        for shape in self.shapes:
            if shape.deactivated:
                continue
            focus_nodes = sorted({f for c in shape.target_classes for f in idx.instances(c)}, key=str)
            for f in focus_nodes:
                self._node(shape, f, idx, results)
            if shape.sparql and focus_nodes:
                self._sparql(shape, set(focus_nodes), data, results)
        return results

    # -- evaluation -------------------------------------------------------------------------

    def conforms(self, shape: _Shape, node, idx: _Index) -> bool:
        out: list[Result] = []
        self._node(shape, node, idx, out)
        return not out

    def _node(self, shape: _Shape, focus, idx: _Index, out: list) -> None:
        if shape.deactivated:
            return
        self._check(shape, focus, [focus], None, idx, out)
        for prop in shape.properties:
            if not prop.deactivated:
                self._check(prop, focus, idx.values(focus, prop.path), prop.path, idx, out)

    def _check(self, shape: _Shape, focus, values: list, path, idx: _Index, out: list) -> None:
        for c in shape.constraints:
            k, a = c.kind, c.arg

            def fail(msg, value=None):
                out.append(Result(focus, path, c.component, shape.severity, shape.message or msg, value, shape.node))

            if k == "minCount":
                if len(values) < a:
                    fail(f"fewer than {a} value(s) of {path}")
            elif k == "maxCount":
                if len(values) > a:
                    fail(f"more than {a} value(s) of {path}")
            elif k == "uniqueLang":
                if str(a).lower() == "true":
                    seen: dict = {}
                    for v in values:
                        if isinstance(v, Literal) and v.language:
                            seen[v.language.lower()] = seen.get(v.language.lower(), 0) + 1
                    for lang in sorted(lg for lg, n in seen.items() if n > 1):
                        fail(f"language {lang!r} used more than once")
            elif k == "lessThan":
                others = idx.values(focus, a)
                for v in values:
                    for w in others:
                        nv, nw = _number(v), _number(w)
                        if nv is None or nw is None or not nv < nw:
                            fail(f"{v} is not less than {w}", v)
            else:
                for v in values:
                    if not self._value_ok(k, a, v, idx):
                        fail(f"value {v} does not satisfy {c.component}", v)

    def _value_ok(self, k, a, v, idx: _Index) -> bool:
        if k == "datatype":
            if not isinstance(v, Literal):
                return False
            dt = v.datatype or (RDF.langString if v.language else XSD.string)
            return dt == a and not getattr(v, "ill_typed", False)
        if k == "class":
            return not isinstance(v, Literal) and idx.is_instance(v, a)
        if k == "node":
            return self.conforms(a, v, idx)
        if k == "or":
            return any(self.conforms(s, v, idx) for s in a)
        if k == "pattern":
            return not isinstance(v, BNode) and a.search(str(v)) is not None
        if k == "minLength":
            return not isinstance(v, BNode) and len(str(v)) >= a
        if k == "in":
            return v in a
        if k == "minInclusive":
            nv, na = _number(v), _number(a)
            return nv is not None and na is not None and nv >= na
        raise ShapesError(f"constraint {k} not implemented")  # pragma: no cover (refused at compile time)

    def _sparql(self, shape: _Shape, focus: set, data, out: list) -> None:
        """SHACL-SPARQL: the SELECT runs once with $this unbound; rows whose ?this is a focus node count."""
        import pyoxigraph as ox

        from kg.rdf.mapping import to_ntriples
        from kg.validate.terms import ox_to_rdflib

        for text, msg, predicates in shape.sparql:
            st = ox.Store()
            # through N-Triples text: Oxigraph parses it faster than Python converts term by term;
            # only the triples of the predicates the query reads (all when it may read any)
            rows = data if predicates is None else [t for t in data if str(t[1]) in predicates]
            st.load(to_ntriples(rows), format=ox.RdfFormat.N_TRIPLES)
            seen = set()
            for row in st.query(text.replace("$this", "?this")):
                this = ox_to_rdflib(row["this"])
                if this not in focus or this in seen:
                    continue
                seen.add(this)
                m = msg or "SPARQL constraint violated"
                for var in re.findall(r"\{[?$](\w+)\}", m):
                    try:
                        val = row[var]
                    except (KeyError, IndexError):
                        val = None
                    m = re.sub(r"\{[?$]" + var + r"\}", str(ox_to_rdflib(val)) if val is not None else "", m)
                out.append(Result(this, None, "SPARQLConstraintComponent", shape.severity, m, this, shape.node))


def _predicates(select: str) -> frozenset | None:
    """The predicates a SPARQL constraint's query can read, or None when it may read any (a
    variable or a path other than a plain IRI in a predicate position).

    Why: its query runs on an Oxigraph store made for each article from the article, the context
    and the ontology's hierarchy (3.3 of 5.5 ms a validation); only these predicates' triples can
    make a row.

    >>> sorted(_predicates("SELECT $this WHERE { $this a <urn:C> ; <urn:p> ?v FILTER NOT EXISTS { ?v <urn:q> ?w } }"))
    ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'urn:p', 'urn:q']
    >>> _predicates("SELECT $this WHERE { $this ?p ?v }") is None
    True
    >>> _predicates("SELECT $this WHERE { $this <urn:p>/<urn:q> ?v }") is None
    True
    """
    from rdflib.plugins.sparql import prepareQuery

    found: set = set()

    def walk(node) -> bool:
        if isinstance(node, dict):
            if getattr(node, "name", None) in ("BGP", "TriplesBlock"):   # TriplesBlock: in EXISTS
                for triple in node.get("triples") or ():
                    if len(triple) != 3 or not isinstance(triple[1], URIRef):
                        return False
                    found.add(str(triple[1]))
            return all(walk(v) for v in node.values())
        if isinstance(node, (list, tuple, set)):
            return all(walk(v) for v in node)
        return True

    try:
        algebra = prepareQuery(select).algebra
    except Exception:  # noqa: BLE001 - rdflib cannot read it: Oxigraph runs it on every triple
        return None
    return frozenset(found) if walk(algebra) else None


def compile_shapes(g: Graph) -> CompiledShapes:
    """Compile every node shape of ``g`` that has a target (the others are reached via sh:node)."""
    cache: dict = {}
    roots = sorted({s for s in g.subjects(SH.targetClass, None)}, key=str)
    for s in g.subjects(RDF.type, SH.NodeShape):
        for p in (SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            if g.value(s, p) is not None:
                raise ShapesError(f"shape {s} uses {p}, which the fast validator does not implement")
    return CompiledShapes([_compile(g, s, cache) for s in roots])
