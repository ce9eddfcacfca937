"""The composition of the rules: one article's shared ``Context``, then each extractor in turn."""
from __future__ import annotations

from kg.dates import DEFAULT_YEAR, find_dates
from kg.extract.actors import find_actors
from kg.extract.context import Context, split_sentences
from kg.extract.documents import find_documents
from kg.extract.figures import find_figures
from kg.extract.gazetteer import load_gazetteer
from kg.extract.meetings import find_meetings
from kg.extract.tasks import find_tasks
from kg.model import Article, Extraction
from kg.sources import _year_hint, mask_boilerplate


def run_extractors(article: Article, sentences: list[tuple[int, int]] | None = None) -> tuple[Context, Extraction]:
    text = mask_boilerplate(article.text)
    year = int(article.date[:4]) if article.date else (_year_hint(article.text, article.lang) or DEFAULT_YEAR)
    ex = Extraction(article)
    sents = [(a, b) for a, b in (sentences or split_sentences(text)) if text[a:b].strip()]
    ctx = Context(article, text, article.lang, load_gazetteer(), sents, year=year, ex=ex)
    ctx.dates = find_dates(text, article.lang, year=year, ref=article.date)
    find_actors(ctx)
    find_meetings(ctx)
    find_documents(ctx)
    find_tasks(ctx)
    find_figures(ctx)
    return ctx, ex
