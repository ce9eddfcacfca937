"""The graph of all the seed articles, built once per test session for the export tests.

(Not a conftest.py: a second conftest module would shadow ``from conftest import make_article``.)
"""
from __future__ import annotations

import functools
from pathlib import Path

ROOT = Path(__file__).parents[2]


@functools.cache
def seed_store():
    """An in-memory store with every article of data/articles ingested (shared: do not write to it)."""
    from kg.pipeline import ingest
    from kg.store import Store

    store = Store()
    report = ingest(store, sorted((ROOT / "data" / "articles").iterdir()))
    assert report.ingested
    return store


@functools.cache
def seed_graph():
    from kg.export import actor_graph

    return actor_graph(seed_store())
