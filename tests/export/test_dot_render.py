"""The DOT export renders with Graphviz: ``dot -Tsvg`` draws every node and edge of the seed graph.

Skipped only when ``dot`` is missing (``apt-get install graphviz``); CI installs it and sets
KG_REQUIRE_TOOLS=1, which turns the skip into a failure.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET

import export_seed
import pytest

from kg.export import write_export

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def seed_store():
    return export_seed.seed_store()


@pytest.fixture(scope="module")
def seed_graph():
    return export_seed.seed_graph()

needs_dot = pytest.mark.skipif(not os.environ.get("KG_REQUIRE_TOOLS") and shutil.which("dot") is None,
                               reason="needs Graphviz dot (apt-get install graphviz)")


@needs_dot
def test_dot_renders_to_svg(seed_store, seed_graph, tmp_path):
    out = tmp_path / "graph.dot"
    assert write_export(seed_store, "dot", out) == seed_graph.number_of_nodes()
    run = subprocess.run(["dot", "-Tsvg", str(out)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr and "Error" not in run.stderr, run.stderr
    svg = ET.fromstring(run.stdout)
    groups = [g.get("class") for g in svg.iter(SVG + "g")]
    assert groups.count("node") == seed_graph.number_of_nodes()
    assert groups.count("edge") == seed_graph.number_of_edges()
    titles = {t.text for g in svg.iter(SVG + "g") if g.get("class") == "node" for t in g.iter(SVG + "title")}
    assert set(seed_graph.nodes) == titles
    texts = {t.text for t in svg.iter(SVG + "text")}
    assert "Nguyen Hoa Binh" in texts
