"""Model -> RDF. ``kg.rdf.mapping`` is the only code that mints IRIs."""
