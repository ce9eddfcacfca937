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
    store = Store()
    # the same files as one_job: where a source was read from is part of its graph (prov:atLocation)
    report = ingest(store, [ARTICLES, tmp_path / "empty.txt"], jobs=2)
    assert len(report.ingested) == len(list(ARTICLES.glob("*.txt")))
    assert [Path(p).name for p, _ in report.failed] == ["empty.txt"]  # listed, the others still went in
    two = _graphs(store)
    assert sorted(two) == sorted(one_job)
    for iri, g in one_job.items():
        assert isomorphic(g, two[iri]), iri


def test_two_jobs_with_one_article_in_flight_a_job_build_the_same_store(one_job, monkeypatch):
    """Workers are handed at most _IN_FLIGHT articles a job ahead of the writer; the smallest
    window still gives every article, in order."""
    import kg.pipeline

    monkeypatch.setattr(kg.pipeline, "_IN_FLIGHT", 1)
    store = Store()
    ingest(store, [ARTICLES], jobs=2)
    two = _graphs(store)
    assert sorted(two) == sorted(one_job) and all(isomorphic(g, two[iri]) for iri, g in one_job.items())


def test_workers_stopped_early_end_without_waiting_for_the_rest(tmp_path, monkeypatch):
    """The writer stops reading (an interrupted ingest): the feeder waiting for room is released
    and the pool ends, instead of hanging on the articles never handed out."""
    import threading

    import kg.pipeline
    from kg.pipeline import Slot, _prepared_in_workers, plan_sources

    monkeypatch.setattr(kg.pipeline, "_IN_FLIGHT", 1)
    for i in range(8):
        (tmp_path / f"a{i}.txt").write_text(f"The Ministry of Finance reported {i + 3} communes on 3 March 2025.\n")
    slots = [e for e in plan_sources(Store(), sorted(tmp_path.glob("*.txt"))) if isinstance(e, Slot)]
    results = _prepared_in_workers(slots, "en", 2)
    first = next(results)
    assert first[1] is None and first[0].article_id
    closer = threading.Thread(target=results.close)
    closer.start()
    closer.join(60)
    assert not closer.is_alive()


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


def _vi_and_en_reports():
    """One Cabinet session reported in Vietnamese and in English, each with the directive to the
    Ministry of Finance (sentences written for these tests)."""
    vi = make_article("Sáng 4/10, Thủ tướng Phạm Minh Chính chủ trì phiên họp Chính phủ thường kỳ tháng 9. "
                      "Thủ tướng giao Bộ Tài chính sớm phân bổ lại ô tô công thừa cho những xã còn thiếu.",
                      lang="vi", date="2025-10-04", id="vi-report")
    en = make_article("Prime Minister Pham Minh Chinh chaired the monthly Cabinet session on October 4. "
                      "He asked the Ministry of Finance to reallocate spare official cars to the communes "
                      "that still lack them.", lang="en", date="2025-10-05", id="en-report")
    return vi, en


def test_vietnamese_and_english_reports_share_the_meeting_and_link_the_directive(store):
    """One meeting reported in Vietnamese and in English: one meeting node with both sources, and the
    one directive each reports for the Ministry of Finance linked with kg:sameTaskAs."""
    from kg.pipeline import ingest_article

    vi, en = _vi_and_en_reports()
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

    vi, en = _vi_and_en_reports()
    for article in (vi, en):
        ingest_article(store, article)
    first = sorted(map(str, store.quads()))
    for article in (vi, en, en, vi):
        ingest_article(store, article)
    assert sorted(map(str, store.quads())) == first
    kg = "https://w3id.org/vnkg/ontology#"
    assert len(list(store.query(f"SELECT * WHERE {{ ?a <{kg}sameTaskAs> ?b }}"))) == 1


# -- issue 14: a source's identity is its content and origin; one bad file never stops the others ----

MEETING = "The Ministry of Finance held a meeting with the provinces on 3 March 2025 about the plan for the communes."
OTHER = "The Ministry of Home Affairs asked the communes to report on their staff by 30 April 2025."


def _ids(store: Store) -> list[str]:
    from kg.namespaces import SOURCE_GRAPH_PREFIX

    return sorted(g[len(SOURCE_GRAPH_PREFIX):] for g in store.source_graphs())


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_same_file_name_in_two_folders_is_two_sources(tmp_path):
    """`kg ingest dirA dirB` said "ingested 2" while the second report.txt replaced the first."""
    import hashlib

    a = _write(tmp_path / "dirA" / "report.txt", MEETING)
    b = _write(tmp_path / "dirB" / "report.txt", OTHER)
    store = Store()
    report = ingest(store, [a.parent, b.parent])
    other = "report-" + hashlib.sha256(b.read_bytes()).hexdigest()[:8]
    assert report.ingested == ["report", other] and not report.failed
    assert _ids(store) == ["report", other]
    assert report.notes == [(str(b), f"stored as {other}: source report is another file")]
    # re-ingesting both changes nothing: each file is found again by its bytes
    assert ingest(store, [a.parent, b.parent]).ingested == ["report", other] and _ids(store) == ["report", other]


def test_an_edited_file_replaces_its_own_version_not_the_namesake(tmp_path):
    a = _write(tmp_path / "dirA" / "report.txt", MEETING)
    b = _write(tmp_path / "dirB" / "report.txt", OTHER)
    store = Store()
    first = ingest(store, [a.parent, b.parent]).ingested
    b.write_text(OTHER.replace("30 April", "15 May"), encoding="utf-8")
    assert ingest(store, [b]).ingested == first[1:]           # found by where it was read from
    texts = {r["t"].value for r in store.query("SELECT ?t WHERE { ?a <https://w3id.org/vnkg/ontology#text> ?t }")}
    assert texts == {MEETING, OTHER.replace("30 April", "15 May")}


def test_a_renamed_copy_is_the_same_source(tmp_path):
    a = _write(tmp_path / "dirA" / "report.txt", MEETING)
    store = Store()
    ingest(store, [a])
    copy = _write(tmp_path / "dirB" / "summary.txt", MEETING)
    assert ingest(store, [copy]).ingested == ["report"] and _ids(store) == ["report"]


def test_a_file_edited_into_a_copy_of_another_source_leaves_no_stale_version(tmp_path):
    a = _write(tmp_path / "dirA" / "report.txt", MEETING)
    b = _write(tmp_path / "dirB" / "summary.txt", OTHER)
    store = Store()
    ingest(store, [a, b])
    a.write_text(OTHER, encoding="utf-8")
    assert ingest(store, [a]).ingested == ["summary"]
    assert _ids(store) == ["summary"]                          # report's text is in no file any more


def test_identical_files_in_one_run_are_one_source(tmp_path):
    a = _write(tmp_path / "in" / "a.txt", MEETING)
    b = _write(tmp_path / "in" / "b.txt", MEETING)
    store = Store()
    report = ingest(store, [a.parent])
    assert report.ingested == ["a"] and _ids(store) == ["a"]
    assert report.notes == [(str(b), f"same bytes as {a}; stored once")]


def test_a_source_stored_before_origins_were_recorded_is_replaced_and_said(tmp_path):
    from kg.pipeline import ingest_article

    store = Store()
    store.ensure_static()
    ingest_article(store, make_article(OTHER, id="report"))    # no path: no prov:atLocation
    f = _write(tmp_path / "report.txt", MEETING)
    report = ingest(store, [f])
    assert report.ingested == ["report"] and _ids(store) == ["report"]
    assert report.notes == [(str(f), "replaces source report, stored before kg recorded where sources come from")]


@pytest.mark.parametrize("name,graph", [("báo cáo.txt", "báo-cáo"), ("Họp Chính phủ (2).md", "Họp-Chính-phủ-2"),
                                        ("000_6921293e5ad94818.txt", "000_6921293e5ad94818"),
                                        ("Report 2025 (final).txt", "Report-2025-final")])
def test_unicode_file_names_keep_their_letters_and_ascii_ones_their_iri(tmp_path, name, graph):
    import unicodedata

    f = _write(tmp_path / unicodedata.normalize("NFD", name), MEETING)   # as macOS writes names
    store = Store()
    ingest(store, [f])
    assert _ids(store) == [graph]


@pytest.mark.timeout(60)
def test_long_article_goes_in_and_the_next_file_too_with_two_jobs(tmp_path):
    """Over spaCy's 1,000,000 characters the whole ingest stopped ([E088]), in a worker too."""
    line = "The rain fell on the roads and the fields of the north for the whole day and the night.\n"
    _write(tmp_path / "in" / "a-long.txt", line * (1_000_001 // len(line) + 1))
    _write(tmp_path / "in" / "b-short.txt", MEETING)
    report = ingest(Store(), [tmp_path / "in"], jobs=2)
    assert report.ingested == ["a-long", "b-short"] and not report.failed


def test_unexpected_error_in_one_file_is_one_failed_line(tmp_path, monkeypatch):
    import kg.pipeline

    real = kg.pipeline.extract

    def extract(article):
        if "BOOM" in article.text:
            raise RuntimeError("a bug in an extractor")
        return real(article)

    monkeypatch.setattr(kg.pipeline, "extract", extract)
    bad = _write(tmp_path / "in" / "a.txt", MEETING + " BOOM")
    _write(tmp_path / "in" / "b.txt", OTHER)
    report = ingest(Store(), [tmp_path / "in"])
    assert report.ingested == ["b"]
    assert report.failed == [(str(bad), "unexpected RuntimeError: a bug in an extractor")]


def test_worker_reports_an_unexpected_error_instead_of_raising(tmp_path, monkeypatch):
    """What a --jobs worker runs: an exception there ended the whole ingest."""
    import hashlib

    import kg.pipeline
    from kg.pipeline import Slot, _worker, _worker_init

    monkeypatch.setattr(kg.pipeline, "extract", lambda article: 1 / 0)
    f = _write(tmp_path / "a.txt", MEETING)
    _worker_init()
    prep, error = _worker((Slot(f, "a", hashlib.sha256(f.read_bytes()).hexdigest()), None))
    assert prep is None and error == "unexpected ZeroDivisionError: division by zero"


def test_unreadable_file_is_one_failed_line(tmp_path, monkeypatch):
    import os

    locked = _write(tmp_path / "in" / "a.txt", MEETING)
    _write(tmp_path / "in" / "b.txt", OTHER)
    locked.chmod(0)
    if os.geteuid() == 0:      # root reads it anyway: make the open fail as it does for a user
        real = os.open

        def refuse(path, *args, **kwargs):
            if str(path) == str(locked):
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refuse)
    report = ingest(Store(), [tmp_path / "in"])
    assert report.ingested == ["b"] and report.failed == [(str(locked), "cannot read (Permission denied)")]


@pytest.mark.timeout(60)
def test_special_files_are_refused_and_the_others_go_in(tmp_path):
    """A FIFO named on the command line hung the ingest, holding the store's write lock."""
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    good = _write(tmp_path / "good.txt", MEETING)
    report = ingest(Store(), ["/dev/zero", fifo, good])
    assert report.ingested == ["good"]
    assert report.failed == [("/dev/zero", "a character device, not a regular file; not read"),
                             (str(fifo), "a FIFO (named pipe), not a regular file; not read")]


_SENTENCES = {
    "en": ["The Ministry of Finance held a meeting with the provinces on 3 March 2025.",
           "The minister asked the communes to report on their staff by 30 April 2025.",
           "Officials said that 120 communes have finished the work on the new offices."],
    "fr": ["Le ministère des Finances a tenu une réunion avec les provinces le 3 mars 2025.",
           "Le ministre a demandé aux communes de faire un rapport sur leur personnel avant le 30 avril."],
    "vi": ["Bộ Tài chính đã họp với các tỉnh vào ngày 3/3/2025 về kế hoạch sắp xếp trụ sở.",
           "Bộ trưởng yêu cầu các xã báo cáo về cán bộ trước ngày 30/4/2025."],
}
_ENCODINGS = {"en": ["utf-8", "utf-16", "cp1258", "cp1252", "latin-1"], "fr": ["utf-8", "utf-16", "cp1252", "latin-1"],
              "vi": ["utf-8", "utf-16"]}
_NAMES = ["report.txt", "báo cáo.txt", "a.md", "x", "Họp (1).html", ".hidden.txt", "notes.pdf"]
_FILE = st.one_of(
    st.tuples(st.just("noise"), st.integers(0, 2**32), st.integers(0, 300_000),
              st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"])),
    st.tuples(st.just("article"), st.sampled_from(sorted(_SENTENCES)), st.integers(0, 2**32), st.integers(0, 3)),
)


def _fuzz_file(spec: tuple, n: int) -> tuple[bytes, bool]:
    """(bytes, whether it is a good article): random bytes, or an article in a random encoding with
    a few characters XML cannot hold (NUL only past the first 4 KB, where it is not taken for binary)."""
    import random

    if spec[0] == "noise":
        _, seed, size, bom = spec
        return bom + random.Random(seed).randbytes(size), False
    _, lang, seed, controls = spec
    rnd = random.Random(seed)
    encoding = rnd.choice(_ENCODINGS[lang])
    text = " ".join(rnd.choice(_SENTENCES[lang]) for _ in range(rnd.randint(8, 60))) + f" ({n})"
    for _ in range(controls):
        at = rnd.randrange(len(text))
        text = text[:at] + rnd.choice("\x01\x0b\x0c\x1f" + ("\ufffe" if encoding.startswith("utf") else "")) + text[at:]
    if len(text) > 4500 and rnd.random() < 0.5:
        text = text[:4200] + "\x00" + text[4200:]
    return text.encode(encoding), True


@pytest.fixture
def disk_store(tmp_path):
    return Store(tmp_path / "store")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(files=st.lists(st.tuples(st.sampled_from(["d1", "d2"]), st.sampled_from(_NAMES), _FILE), min_size=1, max_size=5))
def test_fuzz_ingest_of_a_folder_never_stops_and_loses_no_good_file(disk_store, tmp_path, files):
    """Random bytes, encodings, sizes and names through ingest: never an unexpected error, every good
    file in (under one id each), every file accounted for once, and the store conforms and is XML-safe."""
    import re
    import tempfile
    import warnings
    import xml.etree.ElementTree as ET

    import pyoxigraph as ox

    from kg.errors import InputError
    from kg.sources import TEXT_SUFFIXES
    from kg.validate import validate_store

    root = Path(tempfile.mkdtemp(dir=tmp_path))
    written: dict[Path, tuple[bytes, bool]] = {}
    for n, (folder, name, spec) in enumerate(files):
        path = root / folder / name
        path.parent.mkdir(exist_ok=True)
        written[path] = _fuzz_file(spec, n)
        path.write_bytes(written[path][0])
    taken = {p: v for p, v in written.items() if not p.name.startswith(".") and p.suffix.lower() in TEXT_SUFFIXES}
    if not taken:
        with pytest.raises(InputError, match="no files to ingest"):
            ingest(disk_store, [root])
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")            # DecodeWarnings: expected here
        report = ingest(disk_store, [root])
    assert not [f for f in report.failed if f[1].startswith("unexpected")], report.failed
    assert all("\n" not in why for _, why in report.failed + report.notes)
    once = [p for p, why in report.notes if why.startswith("same bytes as")]
    stored = report.ingested + report.quarantined
    assert len(stored) + len(report.failed) + len(once) == len(taken)
    assert len(set(stored)) == len(stored)
    failed = {p for p, _ in report.failed}
    assert not [p for p, (_, good) in taken.items() if good and str(p) in failed], report.failed
    for aid in report.ingested:
        result = validate_store(disk_store, source_graph(aid))
        assert result.conforms, result.text
    rows = disk_store.query("SELECT ?t WHERE { ?a <https://w3id.org/vnkg/ontology#text> ?t }")
    ET.fromstring(rows.serialize(format=ox.QueryResultsFormat.XML))    # XML 1.0 can hold every stored text
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", q.object.value)
                   for q in disk_store.quads() if isinstance(q.object, ox.Literal))


# -- issue 16 item 2: the ingest date is stored, and re-ingesting the same bytes keeps it ----------

def test_ingest_date_is_kept_when_the_same_bytes_come_again_and_renewed_when_they_change(tmp_path, monkeypatch):
    import datetime

    import kg.pipeline as pipeline
    from kg.rdf.mapping import article_iri

    class Later(datetime.date):
        @classmethod
        def today(cls):
            return cls(2030, 1, 2)

    f = _write(tmp_path / "report.txt", MEETING)
    store = Store()
    ingest(store, [f])
    created = "http://purl.org/dc/terms/created"
    first = [q.object.value for q in store.quads_for(str(article_iri("report")), created)]
    assert first == [datetime.date.today().isoformat()]
    before = sorted(map(str, store.quads()))
    monkeypatch.setattr(pipeline, "date", Later)
    ingest(store, [f])
    assert sorted(map(str, store.quads())) == before
    _write(f, MEETING + " " + OTHER)
    ingest(store, [f])
    assert [q.object.value for q in store.quads_for(str(article_iri("report")), created)] == ["2030-01-02"]
