"""Ingest: one transaction per article, the same store with any number of jobs."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset
from rdflib.compare import isomorphic

from kg.pipeline import ArticleRejected, commit_article, ingest, prepare_article
from kg.rdf.mapping import source_graph
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
    assert len(report.ingested) == len(list(ARTICLES.glob("*.txt")))
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


# -- fuzzing: random text through the whole pipeline ------------------------------------------


_FRAGMENTS = [
    "Prime Minister Pham Minh Chinh chaired the meeting on 17 September 2025.",
    "Deputy Prime Minister Nguyen Hoa Binh requested the Ministry of Finance to allocate resources by 30 October.",
    "Le ministère de l'Intérieur a déclaré que 3 321 communes fonctionnent.",
    "Out of 3,321 communes, there are currently 296 communes without cars.",
    "Decree No. 178/2024/ND-CP", "Conclusion 137-KL/TW", "78 38 %", "9 916", "VND2,615bn", "1.234,5",
    "the Ministry of Home Affairs must", "d'ici le 15 octobre", "according to", "Hà Nội", "Bộ Tài chính",
]
_NUMBERS = st.one_of(st.integers(-10**12, 10**12).map(str), st.floats(allow_nan=False, allow_infinity=False).map(str),
                     st.from_regex(r"[0-9]{1,3}([ ,.][0-9]{3}){0,3}([.,][0-9]{1,2})? ?(%|VND|billion|communes)?", fullmatch=True))
_TEXT = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), _NUMBERS, st.text(min_size=1, max_size=40),
                           st.sampled_from(list(".,;:!?()[]«»\"'-–—\n\t\u00a0\u202f"))),
                 min_size=1, max_size=40).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(text=_TEXT, lang=st.sampled_from(["en", "fr"]))
def test_fuzz_pipeline_never_crashes_and_commits_only_conforming_graphs(store, text, lang):
    from kg.errors import KgError
    from kg.pipeline import ingest_article
    from kg.validate import validate_store

    article = make_article(text, lang=lang, id="fuzz")
    try:
        status = ingest_article(store, article)
    except KgError:
        return  # rejected with a reason: allowed, and nothing was written (see the commit test)
    assert status == "ingested"
    report = validate_store(store, source_graph("fuzz"), engine="pyshacl")
    assert report.conforms, report.text


def test_vietnamese_and_english_reports_share_the_meeting_and_link_the_directive(store):
    """One meeting reported in Vietnamese and in English: one meeting node with both sources, and the
    one directive each reports for the Ministry of Finance linked with kg:sameTaskAs."""
    from kg.pipeline import ingest_article

    vi = make_article("Sáng 4/10, Thủ tướng Phạm Minh Chính chủ trì phiên họp Chính phủ thường kỳ tháng 9. "
                      "Thủ tướng giao Bộ Tài chính sớm phân bổ lại ô tô công thừa cho những xã còn thiếu.",
                      lang="vi", date="2025-10-04", id="vi-report")
    en = make_article("Prime Minister Pham Minh Chinh chaired the monthly Cabinet session on October 4. "
                      "He asked the Ministry of Finance to reallocate spare official cars to the communes "
                      "that still lack them.", lang="en", date="2025-10-05", id="en-report")
    assert ingest_article(store, vi) == "ingested" and ingest_article(store, en) == "ingested"
    kg = "https://w3id.org/vnkg/ontology#"
    rows = store.query(f"""SELECT DISTINCT ?m (COUNT(DISTINCT ?g) AS ?n) WHERE {{
        GRAPH ?g {{ ?m a <{kg}Meeting> }} }} GROUP BY ?m""")
    assert [(r["m"].value.rsplit("/", 1)[-1], int(r["n"].value)) for r in rows] == [("2025-10-04-pham-minh-chinh", 2)]
    links = list(store.query(f"SELECT ?a ?b WHERE {{ ?a <{kg}sameTaskAs> ?b }}"))
    assert len(links) == 1
    assert {links[0]["a"].value.split("/")[-2], links[0]["b"].value.split("/")[-2]} == {"vi-report", "en-report"}


def test_reingest_of_linked_reports_changes_nothing(store):
    """Issue 14 item 5: re-ingesting sources added the other direction of a kg:sameTaskAs link to
    the earlier source's graph, so the store grew on every re-ingest."""
    from kg.pipeline import ingest_article

    vi = make_article("Sáng 4/10, Thủ tướng Phạm Minh Chính chủ trì phiên họp Chính phủ thường kỳ tháng 9. "
                      "Thủ tướng giao Bộ Tài chính sớm phân bổ lại ô tô công thừa cho những xã còn thiếu.",
                      lang="vi", date="2025-10-04", id="vi-report")
    en = make_article("Prime Minister Pham Minh Chinh chaired the monthly Cabinet session on October 4. "
                      "He asked the Ministry of Finance to reallocate spare official cars to the communes "
                      "that still lack them.", lang="en", date="2025-10-05", id="en-report")
    for article in (vi, en):
        ingest_article(store, article)
    first = sorted(map(str, store.quads()))
    for article in (vi, en, en, vi):
        ingest_article(store, article)
    assert sorted(map(str, store.quads())) == first
    kg = "https://w3id.org/vnkg/ontology#"
    assert len(list(store.query(f"SELECT * WHERE {{ ?a <{kg}sameTaskAs> ?b }}"))) == 1
