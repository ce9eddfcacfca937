"""The consistency report finds the discrepancies a careful reader finds in the seeds, and no others."""
from pathlib import Path

import pytest

from kg.pipeline import ingest
from kg.validate.consistency import check_figures

ARTICLES = Path(__file__).resolve().parents[2] / "data" / "articles"


@pytest.fixture(scope="module")
def findings():
    from kg.store import Store

    s = Store()
    ingest(s, [ARTICLES])
    return check_figures(s)


def test_consistency_percentage_that_disagrees_with_its_counts(findings):
    pct = [f for f in findings if f.kind == "percentage"]
    assert [(f.source, f.message) for f in pct] == [
        ("000_6921293e5ad94818", "78.38 % stated, but 102,378 / 141,444 = 72.38 %")]


def test_consistency_parts_that_do_not_add_up(findings):
    sums = [f for f in findings if f.kind == "sum"]
    assert [(f.source, f.message) for f in sums] == [
        ("004_5c8e66d7484a93ff", "37,590 + 105,056 = 142,646, not the stated total 142,746")]


def test_consistency_nothing_else(findings):
    assert len(findings) == 2, findings
