"""Fixtures shared by the export tests: the graph of all the seed articles (built once)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="session")
def seed_store():
    """An in-memory store with every article of data/articles ingested."""
    from kg.pipeline import ingest
    from kg.store import Store

    store = Store()
    report = ingest(store, sorted((ROOT / "data" / "articles").iterdir()))
    assert report.ingested
    return store


@pytest.fixture(scope="session")
def seed_graph(seed_store):
    from kg.export import actor_graph

    return actor_graph(seed_store)
