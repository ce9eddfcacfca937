"""Ontology documentation (kg docs): pyLODE HTML and the Graphviz class diagram.

The build tests skip only when pyLODE or Graphviz is missing; CI installs both and sets
KG_REQUIRE_TOOLS=1, which turns the skip into a failure.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import rdflib

from kg.cli import app
from kg.docs import build_docs, class_diagram_dot, ontology_classes, ontology_graph
from kg.errors import DocsError
from kg.namespaces import KG

ROOT = Path(__file__).resolve().parents[1]
SVG = "{http://www.w3.org/2000/svg}"
HAVE_TOOLS = shutil.which("dot") is not None and importlib.util.find_spec("pylode") is not None
needs_tools = pytest.mark.skipif(not os.environ.get("KG_REQUIRE_TOOLS") and not HAVE_TOOLS,
                                 reason="needs pyLODE (pip install '.[docs]') and Graphviz dot")


@pytest.fixture(scope="module")
def ontology():
    return ontology_graph()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not (os.environ.get("KG_REQUIRE_TOOLS") or HAVE_TOOLS):
        pytest.skip("needs pyLODE and Graphviz dot")
    out = tmp_path_factory.mktemp("ontology-docs")
    return out, build_docs(out)


def test_docs_ontology_has_classes(ontology):
    classes = ontology_classes(ontology)
    assert len(classes) >= 20 and KG + "Person" in classes and KG + "Task" in classes


@needs_tools
def test_docs_html_mentions_every_class(ontology, built):
    out, written = built
    assert [p.name for p in written] == ["index.html", "classes.svg"]
    page = (out / "index.html").read_text(encoding="utf-8")
    missing = [c for c in ontology_classes(ontology) if c not in page]
    assert not missing, f"classes missing from the HTML: {missing}"
    assert 'href="classes.svg"' in page
    # one title per class: pyLODE 3.3.4 would run the en/fr/vi labels together
    assert "<h3>Meeting" in page and "MeetingRéunion" not in page
    assert "Réunion (fr)" in page


@needs_tools
def test_docs_svg_parses_and_draws_every_class(ontology, built):
    out, _ = built
    svg = ET.parse(out / "classes.svg").getroot()
    assert svg.tag == SVG + "svg"
    titles = {t.text for g in svg.iter(SVG + "g") if g.get("class") == "node" for t in g.iter(SVG + "title")}
    assert {"kg:" + c[len(KG):] for c in ontology_classes(ontology)} <= titles
    edges = [g for g in svg.iter(SVG + "g") if g.get("class") == "edge"]
    assert len(edges) > len(ontology_classes(ontology))


def test_docs_diagram_has_subclass_and_property_edges(ontology):
    dot = class_diagram_dot(ontology)
    assert dot == class_diagram_dot(ontology)  # deterministic
    edges = set(re.findall(r'^  "([^"]+)" -> "([^"]+)" \[([^\n]*)\];$', dot, flags=re.M))
    pairs = {(a, b) for a, b, _ in edges}
    for c in ontology_classes(ontology):
        for s in ontology.objects(rdflib.URIRef(c), rdflib.RDFS.subClassOf):
            if str(s).startswith(KG):
                assert ("kg:" + c[len(KG):], "kg:" + str(s)[len(KG):]) in pairs
    assert ("kg:Meeting", "kg:Person") in pairs  # kg:chair, domain -> range
    assert any(a == "kg:Task" and b == "kg:Agent" and 'label="assignee"' in attrs for a, b, attrs in edges)


def test_docs_without_dot_fails_clearly_and_writes_nothing(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(DocsError, match="dot"):
        build_docs(tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_docs_without_pylode_fails_clearly(monkeypatch, tmp_path):
    import sys

    if not shutil.which("dot"):
        monkeypatch.setattr("kg.docs.render_svg", lambda text: "<svg/>")
    monkeypatch.setitem(sys.modules, "pylode", None)  # import pylode -> ImportError
    with pytest.raises(DocsError, match="pyLODE") as e:
        build_docs(tmp_path / "out")
    assert e.value.code == "KG-E050" and "kg-vn-reform[docs]" in str(e.value)
    assert not (tmp_path / "out").exists()


def test_docs_cli(monkeypatch, runner, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    r = runner.invoke(app, ["docs", "--output", str(tmp_path / "o")])
    assert r.exit_code == 2
    assert "KG-E050" in r.stderr and "graphviz" in r.stderr


@needs_tools
def test_docs_cli_writes_both_files(runner, tmp_path):
    r = runner.invoke(app, ["docs", "-o", str(tmp_path)])
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "index.html").is_file() and (tmp_path / "classes.svg").is_file()
    assert "wrote" in r.stderr


def test_docs_committed_pages_cover_the_ontology(ontology):
    """docs/ontology/ is regenerated with `kg docs` when the ontology changes."""
    page = (ROOT / "docs" / "ontology" / "index.html").read_text(encoding="utf-8")
    svg = (ROOT / "docs" / "ontology" / "classes.svg").read_text(encoding="utf-8")
    stale = [c for c in ontology_classes(ontology) if c not in page or f"kg:{c[len(KG):]}" not in svg]
    assert not stale, f"docs/ontology is out of date (run: kg docs): {stale}"
