"""Shared fixtures: an in-memory store, a CLI runner, hand-built articles."""
from __future__ import annotations

import pytest

from kg.model import Article


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False, help="run slow tests")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def store():
    from kg.store import Store

    s = Store()
    s.ensure_static()
    return s


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


def make_article(text: str, lang: str = "en", date: str | None = "2025-09-17", id: str = "test-article") -> Article:
    return Article(id=id, text=text, lang=lang, date=date)
