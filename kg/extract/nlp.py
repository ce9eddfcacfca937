"""spaCy pipelines: ``spacy.blank(lang)`` plus our registered components (rules, no model).

Rules on a blank pipeline run at hundreds of thousands of tokens per second; no trustworthy
English statistical pipeline is on PyPI, and our entities come from the reference KB anyway.
Components (``Doc -> Doc``), in order:

- ``kg_sentences``: sentence starts at end punctuation before a capital and at line breaks;
- ``kg_extract``: runs the extractors of ``kg.extract`` and sets ``doc._.kg_extraction``.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.context import split_sentences
from kg.extract.run import run_extractors

for _name in ("kg_article", "kg_extraction", "kg_context"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("kg_sentences", assigns=["token.is_sent_start"])
def kg_sentences(doc: Doc) -> Doc:
    import numpy
    from spacy.attrs import SENT_START

    starts = {a for a, _ in split_sentences(doc.text)}
    # one array for the whole doc: setting token.is_sent_start token by token re-checks the doc
    # each time (a quarter of the extraction's time)
    flags = numpy.array([[1 if tok.i == 0 or tok.idx in starts else -1] for tok in doc], dtype="int64").astype("uint64")
    if len(doc):
        doc.from_array([SENT_START], flags)
    return doc


@Language.component("kg_extract", requires=["doc._.kg_article"], assigns=["doc._.kg_extraction"])
def kg_extract(doc: Doc) -> Doc:
    ctx, ex = run_extractors(doc._.kg_article, [(s.start_char, s.end_char) for s in doc.sents])
    doc._.kg_context = ctx
    doc._.kg_extraction = ex
    return doc


@lru_cache(maxsize=4)
def load_nlp(lang: str) -> Language:
    """The pipeline for a language ('en', 'fr').

    Every language gets spaCy's multi-language tokenizer ("xx"): our components read characters
    and sentences, not tokens, and the French tokenizer's exceptions take ~4 s to compile in every
    process (measured), which would dominate a small ingest and each ``--jobs`` worker.
    """
    nlp = spacy.blank("xx")
    nlp.meta["kg_lang"] = lang
    nlp.add_pipe("kg_sentences")
    nlp.add_pipe("kg_extract")
    return nlp
