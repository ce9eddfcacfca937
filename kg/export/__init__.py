"""Graph exports of the knowledge graph: the actor graph (people, organisations, meetings,
documents, tasks and who did what) as networkx, GraphML, GEXF, Cytoscape JSON, DOT or JSON-LD.

>>> from kg.store import Store
>>> actor_graph(Store()).number_of_nodes()
0
"""
from __future__ import annotations

from kg.export.graph import DEFAULT_TYPES, KINDS, RELATIONS, actor_graph, full_date, source_graph_of
from kg.export.writers import (EDGE_PREDICATES, FORMATS, SUFFIXES, dot_quote, edges_from_rdf,
                               generate_dot, rdf_graph, timeline_graph, write_export)

__all__ = ["DEFAULT_TYPES", "EDGE_PREDICATES", "FORMATS", "KINDS", "RELATIONS", "SUFFIXES",
           "actor_graph", "dot_quote", "edges_from_rdf", "full_date", "generate_dot", "rdf_graph",
           "source_graph_of", "timeline_graph", "write_export"]
