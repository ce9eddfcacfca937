"""The ontology parses, loads in owlready2 and is consistent under HermiT."""
from __future__ import annotations

import shutil

import pytest
from rdflib import Graph

from kg import resources


def _ontology() -> Graph:
    g = Graph()
    for f in resources.resource_files("ontology"):
        g.parse(f)
    return g


def test_ontology_declares_required_classes():
    g = _ontology()
    names = {str(s).rsplit("#", 1)[-1] for s in g.subjects() if str(s).startswith("https://w3id.org/vnkg/ontology#")}
    for cls in ["Person", "Post", "Organization", "Ministry", "GovernmentBody", "PartyBody", "Enterprise", "Locality",
                "Group", "Meeting", "LegalDocument", "Decree", "Decision", "Conclusion", "Resolution", "Plan",
                "OfficialDispatch", "Task", "Figure", "Indicator", "Article", "Evidence"]:
        assert cls in names


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
