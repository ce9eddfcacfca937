"""Extraction: an ``Article`` in, an ``Extraction`` (model objects) out.

Layers, imported one way: ``nlp`` (the spaCy pipeline and its registered components) ->
``run`` (the composition) -> the rules of each target (``actors``, ``meetings``, ``documents``,
``tasks``, ``figures``) -> ``context``, ``gazetteer`` and ``lang`` (the language packs).
"""
from __future__ import annotations

from kg.model import Article, Extraction


def extract(article: Article) -> Extraction:
    """Everything the article states, as model objects."""
    from kg.extract.nlp import load_nlp
    from kg.sources import mask_boilerplate

    nlp = load_nlp(article.lang)
    doc = nlp.make_doc(mask_boilerplate(article.text))
    doc._.kg_article = article
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc._.kg_extraction
