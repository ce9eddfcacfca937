"""spaCy pipelines: ``spacy.blank(lang)`` plus our registered components (rules, no model).

Rules on a blank pipeline run at hundreds of thousands of tokens per second; no trustworthy
English statistical pipeline is on PyPI, and our entities come from the reference KB anyway.
Components (``Doc -> Doc``), in order:

- ``kg_sentences``: sentence starts at end punctuation before a capital and at line breaks;
- ``kg_extract``: runs the extractors of ``kg.extract`` and sets ``doc._.kg_extraction``.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.context import split_sentences
from kg.sources import MAX_BYTES
from kg.extract.run import run_extractors

for _name in ("kg_article", "kg_extraction", "kg_context"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class WhitespaceTokenizer:
    r"""Tokens are the runs of non-space characters; the text is kept exactly (offsets are ours).

    Our rules read characters, not tokens, so spaCy's affix rules (3.7 ms an article, a sixth of
    extraction, measured on the benchmark corpus) bought nothing. Sentence starts always fall on
    a token start, since a sentence starts after white space.

    >>> nlp = load_nlp("en")
    >>> [t.text for t in nlp.make_doc("The Ministry  of Finance,\nhe said.")]
    ['The', 'Ministry', ' ', 'of', 'Finance,', '\n', 'he', 'said.']
    >>> nlp.make_doc("a  b\n c ").text == "a  b\n c "
    True
    """

    _RX = re.compile(r"(\S+)|(\s+)")

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in self._RX.finditer(text):
            if m.group(1):
                words.append(m.group(1))
                spaces.append(False)
                continue
            ws = m.group(2)
            if words and not spaces[-1] and ws[0] == " " and not _is_space_token(words[-1]):
                spaces[-1] = True
                ws = ws[1:]
            if ws:
                words.append(ws)
                spaces.append(False)
        return Doc(self.vocab, words=words, spaces=spaces)


def _is_space_token(word: str) -> bool:
    return word[:1].isspace()


@spacy.registry.tokenizers("kg.WhitespaceTokenizer.v1")
def create_whitespace_tokenizer():
    def create(nlp):
        return WhitespaceTokenizer(nlp.vocab)
    return create


@Language.component("kg_sentences", assigns=["token.is_sent_start"])
def kg_sentences(doc: Doc) -> Doc:
    from spacy.attrs import IDX, SENT_START

    if not len(doc):
        return doc
    starts = numpy.array([a for a, _ in split_sentences(doc.text)], dtype="int64")
    idx = doc.to_array(IDX).astype("int64")
    # one array for the whole doc: setting token.is_sent_start token by token re-checks the doc
    flags = numpy.where(numpy.isin(idx, starts), 1, -1)
    flags[0] = 1
    doc.from_array([SENT_START], flags.astype("int64").astype("uint64").reshape(-1, 1))
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

    Every language gets the multi-language class ("xx") with a white-space tokenizer: our
    components read characters and sentences, not tokens (the French tokenizer's exceptions took
    ~4 s to compile in every process, and spaCy's affix rules 3.7 ms an article, both measured).
    """
    nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": "kg.WhitespaceTokenizer.v1"}}})
    nlp.meta["kg_lang"] = lang
    # spaCy's 1,000,000-character limit guards the parser and NER (about 1 GB per 100,000
    # characters), which this pipeline does not have; any text a source may hold goes through
    # (kg.sources.MAX_BYTES: a text has at most that many characters). Measured at that size:
    # 5,000,000 characters of prose 18 s and 330 MB; of one-letter lines (a token per character) 74 s, 1.5 GB.
    nlp.max_length = MAX_BYTES
    nlp.add_pipe("kg_sentences")
    nlp.add_pipe("kg_extract")
    return nlp
