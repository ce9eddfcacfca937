"""Our namespaces and the term constants used in code, named after the vocabulary (pySHACL style)."""
from __future__ import annotations

KG = "https://w3id.org/vnkg/ontology#"
KGR = "https://w3id.org/vnkg/id/"
ONTOLOGY_IRI = "https://w3id.org/vnkg/ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
PROV = "http://www.w3.org/ns/prov#"
QB = "http://purl.org/linked-data/cube#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
OWL = "http://www.w3.org/2002/07/owl#"
SH = "http://www.w3.org/ns/shacl#"

TIME = "http://www.w3.org/2006/time#"
ELI = "http://data.europa.eu/eli/ontology#"
OA = "http://www.w3.org/ns/oa#"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"

#: declared in advance for every query and update (CLI, endpoint, library): a query may use them
#: without PREFIX lines, and its own PREFIX lines override them
PREFIXES = {
    "kg": KG, "kgr": KGR, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL, "skos": SKOS,
    "org": ORG, "prov": PROV, "qb": QB, "dct": DCT, "schema": SCHEMA, "foaf": FOAF,
    "time": TIME, "eli": ELI, "oa": OA, "void": VOID, "sd": SD,
}

# Named graphs
GRAPH_REFERENCE = KGR + "graph/reference"
GRAPH_ONTOLOGY = KGR + "graph/ontology"
GRAPH_INDICATORS = KGR + "graph/indicators"
GRAPH_GROUPS = KGR + "graph/groups"
GRAPH_QUARANTINE_PREFIX = KGR + "graph/quarantine/"
# triples an update or a load put in the default graph: kept here, so the default graph stays the
# merge of named graphs (see kg.store)
GRAPH_MANUAL = KGR + "graph/manual"
STATIC_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_REFERENCE, GRAPH_INDICATORS, GRAPH_GROUPS)
SOURCE_GRAPH_PREFIX = KGR + "source/"

RDF_type = RDF + "type"
SKOS_prefLabel = SKOS + "prefLabel"
SKOS_altLabel = SKOS + "altLabel"
KG_matchKey = KG + "matchKey"
