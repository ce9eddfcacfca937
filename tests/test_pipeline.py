"""Ingest: one transaction per article, the same store with any number of jobs."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.pipeline import ArticleRejected, commit_article, ingest, prepare_article
from kg.store import Store

from conftest import make_article

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


def _graphs(store: Store) -> dict:
    ds = Dataset()
    ds.parse(data=store.dump("nquads"), format="nquads")
    return {str(g.identifier): g for g in ds.graphs() if len(g)}


@pytest.fixture(scope="module")
def one_job() -> dict:
    store = Store()
    ingest(store, [ARTICLES])
    return _graphs(store)


def test_two_jobs_build_the_same_store_as_one(one_job, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    for p in sorted(ARTICLES.glob("*.txt")):
        (tmp_path / p.name).write_bytes(p.read_bytes())
    store = Store()
    report = ingest(store, [tmp_path], jobs=2)
    assert len(report.ingested) == 5
    assert [Path(p).name for p, _ in report.failed] == ["empty.txt"]  # listed, the others still went in
    two = _graphs(store)
    assert sorted(two) == sorted(one_job)
    for iri, g in one_job.items():
        assert isomorphic(g, two[iri]), iri


def test_prepare_writes_nothing_and_commit_rejects_a_non_conforming_article(store):
    before = store.count()
    prep = prepare_article(make_article("The Ministry of Finance reported 12 communes."), store)
    assert store.count() == before
    prep.conforms, prep.report = False, "Message: broken on purpose"
    with pytest.raises(ArticleRejected, match="broken on purpose"):
        commit_article(store, prep)
    assert store.count() == before
    assert commit_article(store, prep, quarantine=True)[0] == "quarantined"
    assert store.quarantine_graphs() and not store.source_graphs()


def test_jobs_must_be_positive(store):
    from kg.errors import InputError

    with pytest.raises(InputError, match="jobs"):
        ingest(store, [ARTICLES], jobs=0)
