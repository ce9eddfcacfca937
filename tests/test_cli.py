"""The command line, in process: exit codes, JSON on stdout, reasons on stderr."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import app

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"
FR = ARTICLES / "000_6921293e5ad94818.txt"
EN = ARTICLES / "001_9bb11e9ea168d04b.txt"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from typer.testing import CliRunner

    store = tmp_path_factory.mktemp("kg") / "store"
    r = CliRunner().invoke(app, ["--store", str(store), "ingest", str(FR), str(EN)])
    assert r.exit_code == 0, r.stderr
    return store


def _rows(runner, store, *args):
    r = runner.invoke(app, ["--store", str(store), "query", *args, "--format", "json"])
    assert r.exit_code == 0, r.stderr
    return json.loads(r.stdout)["results"]["bindings"]


def test_cli_tasks_of_ministry_of_finance_in_three_languages(runner, seeded):
    en = _rows(runner, seeded, "tasks", "--param", "assignee=Ministry of Finance")
    fr = _rows(runner, seeded, "tasks", "--param", "assignee=ministère des Finances")
    vi = _rows(runner, seeded, "tasks", "--param", "assignee=Bộ Tài chính")
    assert en and en == fr == vi
    assert {b["source"]["value"] for b in en} == {FR.stem, EN.stem}
    assert all(b["assigneeName"]["value"] == "Ministry of Finance" for b in en)


def test_cli_both_languages_share_the_meeting(runner, seeded):
    rows = _rows(runner, seeded, "meetings")
    assert len(rows) == 1
    assert rows[0]["chairName"]["value"] == "Nguyen Hoa Binh"
    assert set(rows[0]["sources"]["value"].split("; ")) == {FR.stem, EN.stem}


def test_cli_reingest_keeps_triple_count(tmp_path):
    import subprocess
    import sys

    def kg(*args):  # separate processes, as users run them (the store lock is per process)
        return subprocess.run([sys.executable, "-m", "kg", "--store", str(tmp_path / "s"), *map(str, args)],
                              capture_output=True, text=True)

    assert kg("ingest", FR, EN).returncode == 0
    before = kg("stats").stdout
    assert "triples:" in before
    r = kg("ingest", EN)
    assert r.returncode == 0, r.stderr
    assert kg("stats").stdout == before


def test_cli_validate_conforms(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "validate"])
    assert r.exit_code == 0, r.stdout


def test_cli_validate_reports_figure_without_value(runner, tmp_path):
    from kg.store import Store

    store_dir = tmp_path / "s"
    s = Store(store_dir)
    s.ensure_static()
    s.replace_graph("https://w3id.org/vnkg/id/source/bad", """
<https://w3id.org/vnkg/id/article/bad> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Article> .
<https://w3id.org/vnkg/id/article/bad> <https://w3id.org/vnkg/ontology#text> "x" .
<https://w3id.org/vnkg/id/article/bad> <http://purl.org/dc/terms/language> "en" .
<https://w3id.org/vnkg/id/article/bad> <http://purl.org/dc/terms/identifier> "bad" .
<https://w3id.org/vnkg/id/figure/bad/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Figure> .
<https://w3id.org/vnkg/id/figure/bad/1> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/vnkg/id/article/bad> .
""")
    s.flush()
    del s
    r = runner.invoke(app, ["--store", str(store_dir), "validate"])
    assert r.exit_code == 1
    assert "https://w3id.org/vnkg/id/figure/bad/1" in r.stdout
    assert "https://w3id.org/vnkg/ontology#value" in r.stdout
    assert "source:     bad" in r.stdout


def test_cli_query_list_shows_params(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "query", "--list"])
    assert r.exit_code == 0 and "--param assignee" in r.stdout


def test_cli_unknown_query_exits_2(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "query", "nope"])
    assert r.exit_code == 2 and "no canned query" in r.stderr


def test_cli_ingest_empty_file_fails_clearly(runner, tmp_path):
    f = tmp_path / "empty.txt"
    f.write_text("")
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "ingest", str(f)])
    assert r.exit_code == 2 and "empty file" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape", "dot", "jsonld", "trig", "nquads", "ttl"])
def test_cli_export_formats(runner, seeded, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    r = runner.invoke(app, ["--store", str(seeded), "export", "--format", fmt, "--output", str(out)])
    assert r.exit_code == 0, r.stderr
    assert out.stat().st_size > 100


def test_cli_same_task_from_two_sources_is_linked(runner, seeded):
    rows = _rows(runner, seeded, "tasks", "--param", "assignee=Ministry of Finance")
    linked = [b for b in rows if "sameTaskAs" in b]
    assert len(linked) >= 2
    by_iri = {b["task"]["value"]: b["source"]["value"] for b in rows}
    for b in linked:
        assert by_iri[b["sameTaskAs"]["value"]] != b["source"]["value"]


def test_cli_fr_and_en_share_people_and_organisations(runner, seeded):
    people = {}
    for b in _rows(runner, seeded, "persons"):
        people.setdefault(b["person"]["value"], set()).add(b["source"]["value"])
    orgs = {}
    for b in _rows(runner, seeded, "organizations"):
        orgs.setdefault(b["org"]["value"], set()).add(b["source"]["value"])
    both = {FR.stem, EN.stem}
    for iri in ("https://w3id.org/vnkg/id/person/nguyen-hoa-binh", "https://w3id.org/vnkg/id/person/pham-thi-thanh-tra"):
        assert people[iri] == both
    for iri in ("https://w3id.org/vnkg/id/org/ministry-of-finance", "https://w3id.org/vnkg/id/org/ministry-of-home-affairs",
                "https://w3id.org/vnkg/id/org/politburo", "https://w3id.org/vnkg/id/place/ho-chi-minh-city"):
        assert orgs[iri] == both


def test_cli_evidence_offsets_point_into_the_stored_text(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "query", "--format", "json", "--sparql",
                            "PREFIX kg: <https://w3id.org/vnkg/ontology#> SELECT ?text ?s ?e ?q WHERE { "
                            "?ev kg:inArticle ?a ; kg:start ?s ; kg:end ?e ; kg:quote ?q . ?a kg:text ?text }"])
    rows = json.loads(r.stdout)["results"]["bindings"]
    assert len(rows) > 20
    for b in rows:
        assert b["text"]["value"][int(b["s"]["value"]):int(b["e"]["value"])] == b["q"]["value"]


BAD_FIGURE = """
<https://w3id.org/vnkg/id/article/bad> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Article> .
<https://w3id.org/vnkg/id/article/bad> <https://w3id.org/vnkg/ontology#text> "x" .
<https://w3id.org/vnkg/id/article/bad> <http://purl.org/dc/terms/language> "en" .
<https://w3id.org/vnkg/id/article/bad> <http://purl.org/dc/terms/identifier> "bad" .
<https://w3id.org/vnkg/id/figure/bad/1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/vnkg/ontology#Figure> .
<https://w3id.org/vnkg/id/figure/bad/1> <http://www.w3.org/ns/prov#wasDerivedFrom> <https://w3id.org/vnkg/id/article/bad> .
"""


def test_cli_validate_lists_quarantined_sources_apart(runner, tmp_path):
    from kg.namespaces import GRAPH_QUARANTINE_PREFIX
    from kg.store import Store

    store_dir = tmp_path / "s"
    s = Store(store_dir)
    s.ensure_static()
    s.replace_graph(GRAPH_QUARANTINE_PREFIX + "bad", BAD_FIGURE)
    s.flush()
    del s
    r = runner.invoke(app, ["--store", str(store_dir), "validate", "--no-consistency"])
    assert r.exit_code == 0, r.stdout  # what is queried conforms; the quarantine is listed, not counted
    assert "Quarantined: 1 source(s)" in r.stdout and "- bad: 4 violation(s)" in r.stdout  # value, indicator, data set, evidence
    r = runner.invoke(app, ["--store", str(store_dir), "validate", "--format", "json", "--no-consistency"])
    held = json.loads(r.stdout)["quarantined"]
    assert [h["conforms"] for h in held] == [False]
    r = runner.invoke(app, ["--store", str(store_dir), "validate", "--graph", "bad"])
    assert r.exit_code == 1 and "figure/bad/1" in r.stdout
    rows = _rows(runner, store_dir, "--sparql", "SELECT ?f WHERE { ?f a <https://w3id.org/vnkg/ontology#Figure> }")
    assert rows == []  # canned and ad-hoc queries do not see the quarantine


def test_cli_query_timeout(seeded):
    """A real process: `kg query` ends at the time limit, and the query's work ends with it (an
    in-process runner would leave the query burning a core for the rest of the session)."""
    import subprocess
    import sys
    import time

    t = time.monotonic()
    r = subprocess.run([sys.executable, "-m", "kg", "--store", str(seeded), "query", "--timeout", "0.5", "--sparql",
                        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 1 and "KG-E024" in r.stderr
    assert time.monotonic() - t < 20


# --- issue 14: a missing store, dates, output paths --------------------------------------------

def _small_store(path: Path, n: int = 3) -> Path:
    """A store on disk with one source graph of ``n`` hand-written triples (no NLP, no static graphs)."""
    from kg.store import Store

    s = Store(path)
    s.replace_graph("https://w3id.org/vnkg/id/source/hand",
                    "\n".join(f'<https://w3id.org/vnkg/id/x/{i}> <https://w3id.org/vnkg/ontology#description> "fact {i}" .'
                              for i in range(n)))
    s.flush()
    del s
    return path


def _busy_port():
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    return sock


@pytest.mark.parametrize("args", [["query", "persons"], ["query", "--sparql", "ASK {}"], ["validate"], ["stats"],
                                  ["export", "-o", "{out}/g.graphml"], ["export", "-f", "trig", "-o", "{out}/g.trig"],
                                  ["dump", "-o", "{out}/d.nq"], ["plot", "anything", "-o", "{out}/p.png"],
                                  ["serve", "--port", "{port}"]])
def test_cli_read_command_on_missing_store_creates_nothing(runner, tmp_path, args):
    store = tmp_path / "mistyped" / "path"
    with _busy_port() as sock:  # were serve to open the store, it would stop at the busy port, not serve forever
        argv = [a.replace("{out}", str(tmp_path)).replace("{port}", str(sock.getsockname()[1])) for a in args]
        r = runner.invoke(app, ["--store", str(store), *argv])
    assert r.exit_code == 2, r.stdout
    assert f"store {store} does not exist; kg ingest creates it (or check --store / KG_STORE)" in r.stderr
    assert not store.exists() and not store.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_cli_read_command_on_empty_folder_fails_at_once(runner, tmp_path):
    import time

    start = time.monotonic()
    r = runner.invoke(app, ["--store", str(tmp_path), "stats"])
    assert r.exit_code == 2 and "does not exist (an empty folder); kg ingest creates it" in r.stderr
    assert time.monotonic() - start < 5  # not the lock-wait loop of a store being written
    assert list(tmp_path.iterdir()) == []


def test_cli_load_creates_a_missing_store(runner, tmp_path):
    dump = tmp_path / "d.nq"
    dump.write_text('<https://x/a> <https://x/p> "1" <https://w3id.org/vnkg/id/source/a> .\n')
    store = tmp_path / "new" / "store"
    r = runner.invoke(app, ["--store", str(store), "load", str(dump)])
    assert r.exit_code == 0, r.stderr
    r = runner.invoke(app, ["--store", str(store), "stats"])
    assert r.exit_code == 0 and "triples: 1" in r.stdout


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30", "2025-00", "yesterday", "17/09/2025"])
def test_cli_export_refuses_a_date_not_in_the_calendar(runner, tmp_path, option, value):
    store = _small_store(tmp_path / "s")
    out = tmp_path / "g.graphml"
    r = runner.invoke(app, ["--store", str(store), "export", "-o", str(out), option, value])
    assert r.exit_code == 2
    assert f"{option} wants an ISO date (2025-10-08, 2025-10 or 2025), got {value!r}" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not out.exists()


@pytest.mark.parametrize("value", ["2024-02-29", "2025-10", "2025", " 2025-10-08 "])
def test_cli_export_takes_iso_dates(runner, tmp_path, value):
    store = _small_store(tmp_path / "s")
    r = runner.invoke(app, ["--store", str(store), "export", "-o", str(tmp_path / "g.graphml"),
                            "--since", value, "--until", "2025-12-31"])
    assert r.exit_code == 0, r.stderr


_WRITERS = [["dump", "-o", "{p}"], ["export", "-o", "{p}"], ["export", "-f", "nquads", "-o", "{p}"],
            ["export", "-f", "ttl", "-o", "{p}"], ["export", "-f", "html", "-o", "{p}"],
            ["plot", "anything", "-o", "{p}"]]
_NAMES = {"dump": "d.nq", "export": "g.graphml", "plot": "p.png"}


@pytest.mark.parametrize("args", _WRITERS, ids=" ".join)
def test_cli_output_in_a_missing_folder_fails_clearly(runner, tmp_path, args):
    store = _small_store(tmp_path / "s")
    missing = tmp_path / "nodir"
    out = missing / _NAMES[args[0]]
    r = runner.invoke(app, ["--store", str(store), *[a.format(p=out) for a in args]])
    assert r.exit_code == 2, r.stderr
    assert f"kg: [KG-E060] cannot write {out}: folder {missing} does not exist (create it first: mkdir -p {missing})" in r.stderr
    assert not missing.exists()


@pytest.mark.parametrize("args", _WRITERS, ids=" ".join)
def test_cli_output_that_is_a_folder_fails_clearly(runner, tmp_path, args):
    store = _small_store(tmp_path / "s")
    folder = tmp_path / "out"
    folder.mkdir()
    r = runner.invoke(app, ["--store", str(store), *[a.format(p=folder) for a in args]])
    assert r.exit_code == 2, r.stderr
    assert f"kg: [KG-E060] --output {folder} is a folder; give a file name, e.g. {folder}/" in r.stderr
    assert list(folder.iterdir()) == []


def test_cli_docs_output_that_is_a_file_fails_clearly(runner, tmp_path):
    out = tmp_path / "docs"
    out.write_text("mine\n")
    r = runner.invoke(app, ["docs", "-o", str(out)])
    assert r.exit_code == 2 and "KG-E060" in r.stderr and "is a file" in r.stderr
    assert out.read_text() == "mine\n"


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process may not create files in: a read-only folder, or /sys when run as root."""
    import os

    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    for candidate in (folder, Path("/sys")):
        try:
            (candidate / "kg-probe").touch()
        except OSError:
            return candidate
        (candidate / "kg-probe").unlink()
    pytest.skip(f"no folder here refuses writes (uid {os.geteuid()})")


@pytest.mark.parametrize("args", _WRITERS, ids=" ".join)
def test_cli_output_without_permission_fails_clearly(runner, tmp_path, args):
    store = _small_store(tmp_path / "s")
    out = _unwritable_folder(tmp_path) / _NAMES[args[0]]
    try:
        r = runner.invoke(app, ["--store", str(store), *[a.format(p=out) for a in args]])
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert r.exit_code == 2, r.stderr
    assert f"kg: [KG-E060] cannot write {out}: " in r.stderr and "KG-E999" not in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("args", [["dump", "-o"], ["export", "-f", "trig", "-o"], ["export", "-f", "ttl", "-o"]])
def test_cli_failed_write_leaves_the_old_file_and_no_part(tmp_path, args):
    """A write that fails half-way (here: the file-size limit, as a full disk would) changes nothing."""
    import resource
    import subprocess
    import sys

    store = _small_store(tmp_path / "s", n=200)  # a dump of some 20 kB
    out = tmp_path / "out" / "snapshot.trig"
    out.parent.mkdir()
    out.write_text("the previous snapshot\n")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4000, 4000))  # Python ignores SIGXFSZ: writes fail with EFBIG

    r = subprocess.run([sys.executable, "-m", "kg", "--store", str(store), *args, str(out)],
                       capture_output=True, text=True, preexec_fn=limit)
    assert r.returncode == 2 and f"kg: [KG-E060] cannot write {out}: File too large" in r.stderr, r.stderr
    assert out.read_text() == "the previous snapshot\n"
    assert [p.name for p in out.parent.iterdir()] == ["snapshot.trig"]


def test_cli_docs_output_without_permission_fails_clearly(runner, tmp_path):
    folder = _unwritable_folder(tmp_path)
    try:
        r = runner.invoke(app, ["docs", "-o", str(folder / "ontology")])
    finally:
        (tmp_path / "ro").chmod(0o755)
    assert r.exit_code == 2 and f"kg: [KG-E060] cannot write {folder / 'ontology'}: " in r.stderr, r.stderr
    assert not (folder / "ontology").exists()


# -- issue 14: no silent loss; one bad file never stops the others ------------------------------

_MEETING = "The Ministry of Finance held a meeting with the provinces on 3 March 2025 about the plan for the communes."
_OTHER = "The Ministry of Home Affairs asked the communes to report on their staff by 30 April 2025."


def test_cli_ingest_same_name_in_two_folders_stores_both(runner, tmp_path):
    for folder, text in (("dirA", _MEETING), ("dirB", _OTHER)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text)
    store = tmp_path / "s"
    r = runner.invoke(app, ["--store", str(store), "ingest", str(tmp_path / "dirA"), str(tmp_path / "dirB")])
    assert r.exit_code == 0, r.stderr
    assert "ingested 2 article(s)" in r.stderr
    assert f"note: {tmp_path / 'dirB' / 'report.txt'}: stored as report-" in r.stderr
    rows = _rows(runner, store, "--sparql", "SELECT ?t WHERE { GRAPH ?g { ?a <https://w3id.org/vnkg/ontology#text> ?t } }")
    assert sorted(b["t"]["value"] for b in rows) == sorted([_MEETING, _OTHER])


@pytest.mark.timeout(60)
def test_cli_ingest_bad_files_are_one_line_each_and_exit_says_so(runner, tmp_path, monkeypatch):
    """Special files and an unexpected error in one file: `failed: <path>: <reason>`, never a traceback."""
    import os

    import kg.pipeline

    real = kg.pipeline.extract

    def extract(article):
        if "BOOM" in article.text:
            raise KeyError("kg_article")
        return real(article)

    monkeypatch.setattr(kg.pipeline, "extract", extract)
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(_MEETING + " BOOM")
    (d / "b.txt").write_text(_OTHER)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    store = str(tmp_path / "s")
    r = runner.invoke(app, ["--store", store, "ingest", str(d), str(fifo)])
    assert r.exit_code == 1, r.stderr                           # some went in, some failed
    assert "ingested 1 article(s)" in r.stderr
    assert f"failed: {d / 'a.txt'}: unexpected KeyError: 'kg_article'\n" in r.stderr
    assert f"failed: {fifo}: a FIFO (named pipe), not a regular file; not read\n" in r.stderr
    assert "Traceback" not in r.stderr and "KG-E999" not in r.stderr
    r = runner.invoke(app, ["--store", store, "ingest", str(fifo), "/dev/zero"])
    assert r.exit_code == 2 and "ingested 0 article(s)" in r.stderr     # none went in
    assert "failed: /dev/zero: a character device, not a regular file; not read" in r.stderr


def test_cli_ingest_stats_and_queries_count_the_same_facts(runner, tmp_path):
    """Issue 14 item 12: ingest said 5 meetings and 4 documents, stats 'Meeting 4' and no documents,
    the documents query 3 rows. Now one meeting two sources report counts once everywhere."""
    import re

    store = str(tmp_path / "s")
    r = runner.invoke(app, ["--store", store, "ingest", str(FR), str(EN)])
    assert r.exit_code == 0, r.stderr
    said = {k: int(n) for n, k in re.findall(r"(\d+) (meetings|documents|tasks|figures)", r.stderr)}
    r = runner.invoke(app, ["--store", store, "stats"])
    stats = {k: int(n) for k, n in re.findall(r"^(\w+)\s+(\d+)\s+\d+$", r.stdout, re.M)}
    assert said == {"meetings": stats["Meeting"], "documents": stats["LegalDocument"],
                    "tasks": stats["Task"], "figures": stats["Figure"]}
    assert said["meetings"] == len(_rows(runner, store, "meetings")) >= 1
    assert said["documents"] == len(_rows(runner, store, "documents")) >= 1
    assert said["tasks"] == len({b["task"]["value"] for b in _rows(runner, store, "tasks")})


def test_cli_load_refuses_another_reference_graph_unless_asked(runner, tmp_path):
    """Issue 14 item 4: two lines naming the reference graph replaced all of it."""
    from kg.namespaces import GRAPH_REFERENCE
    from kg.store import Store

    store = tmp_path / "s"
    assert runner.invoke(app, ["--store", str(store), "ingest", str(EN)]).exit_code == 0
    bad = tmp_path / "two.nq"
    bad.write_text(f'<https://example.org/a> <https://example.org/p> "1" <{GRAPH_REFERENCE}> .\n'
                   f'<https://example.org/b> <https://example.org/p> "2" <{GRAPH_REFERENCE}> .\n')
    r = runner.invoke(app, ["--store", str(store), "load", str(bad)])
    assert r.exit_code == 2 and "--replace-static" in r.stderr
    s = Store(store, read_only=True)
    assert s.count(GRAPH_REFERENCE) > 100
    del s
    r = runner.invoke(app, ["--store", str(store), "load", "--replace-static", str(bad)])
    assert r.exit_code == 0, r.stderr
    s = Store(store, read_only=True)
    assert s.count(GRAPH_REFERENCE) == 2
    del s


def _distribution() -> str:
    import tomllib

    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["name"]


def test_cli_version_prints_the_package_version(runner):
    """Issue 17: ``kg --version`` was an unknown option."""
    from importlib.metadata import version

    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0, r.stderr
    assert r.stdout.split() == ["kg", version(_distribution())]


def test_cli_shell_completion_is_offered_and_documented(runner):
    """Issue 17: completion was turned off (``add_completion=False``)."""
    r = runner.invoke(app, ["--help"])
    assert r.exit_code == 0
    assert "--install-completion" in r.stdout and "--show-completion" in r.stdout
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The command line", 1)[1].split("\n## ", 1)[0]
    assert "--install-completion" in section and "--version" in section


def test_cli_export_help_lists_every_format(runner):
    """Issue 17: ``html`` was missing from ``kg export --help``; the list comes from the code."""
    import re

    from kg.cli.commands import DUMP_FORMATS
    from kg.export import FORMATS

    r = runner.invoke(app, ["export", "--help"])
    assert r.exit_code == 0
    text = " ".join(r.stdout.split())
    missing = [f for f in (*FORMATS, *DUMP_FORMATS, "ttl") if not re.search(rf"\b{f}\b", text)]
    assert not missing, f"kg export --help does not name {missing}"


# -- issue 15 item 1: pages ---------------------------------------------------------------------


def test_cli_query_pages_concatenate_to_the_whole_result(runner, seeded):
    full = _rows(runner, seeded, "persons")
    got, offset = [], 0
    while True:
        r = runner.invoke(app, ["--store", str(seeded), "query", "persons", "--limit", "3", "--offset", str(offset),
                                "--format", "json"])
        assert r.exit_code == 0, r.stderr
        page = json.loads(r.stdout)["results"]["bindings"]
        got += page
        offset += 3
        if "for more" not in r.stderr:
            break
        assert len(page) == 3 and f"--offset {offset} for more" in r.stderr
    assert len(full) > 6 and got == full


def test_cli_query_page_table_says_which_rows(runner, seeded):
    r = runner.invoke(app, ["--store", str(seeded), "query", "--sparql",
                            "SELECT ?name WHERE { ?p a kg:Person ; skos:prefLabel ?name } ORDER BY ?name",
                            "--limit", "3", "--offset", "2"])
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[-1] == "(rows 3–5; --offset 5 for more)" and len(lines) == 2 + 3 + 1


@pytest.mark.parametrize("args,says", [
    (["persons", "--limit", "-1"], "--limit"),
    (["persons", "--offset", "two"], "--offset"),
    (["--sparql", "ASK { ?s ?p ?o }", "--limit", "1"], "SELECT"),
])
def test_cli_query_page_arguments_are_checked(runner, seeded, args, says):
    r = runner.invoke(app, ["--store", str(seeded), "query", *args])
    assert r.exit_code == 2 and says in r.stderr, r.stderr


@pytest.fixture(scope="module")
def with_outlet(tmp_path_factory):
    from typer.testing import CliRunner

    store = tmp_path_factory.mktemp("kg") / "store"
    r = CliRunner().invoke(app, ["--store", str(store), "ingest", str(EN), str(ARTICLES / "004_5c8e66d7484a93ff.txt")])
    assert r.exit_code == 0, r.stderr
    return store


def test_cli_query_table_lists_the_sources_it_cites(runner, with_outlet):
    r = runner.invoke(app, ["--store", str(with_outlet), "query", "documents"])
    assert r.exit_code == 0, r.stderr
    answer, cited = r.stdout.split("Sources cited:")
    sources = [ln.split()[0] for ln in cited.strip().splitlines()[2:-1]]
    assert sources and all(s in answer for s in sources)
    nd = next(ln for ln in cited.splitlines() if ln.startswith("004_"))
    assert "2025-10-01" in nd and "nhandan.vn" in nd and "https://nhandan.vn/" in nd
    plain = runner.invoke(app, ["--store", str(with_outlet), "query", "documents", "--no-sources"])
    assert "Sources cited" not in plain.stdout
    as_json = runner.invoke(app, ["--store", str(with_outlet), "query", "documents", "--format", "json"])
    json.loads(as_json.stdout)    # machine formats carry the answer only


def test_cli_stats_counts_sources_per_outlet(runner, with_outlet):
    r = runner.invoke(app, ["--store", str(with_outlet), "stats"])
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert any(ln.split()[:2] == ["nhandan.vn", "1"] and ln.endswith("2025-10-01") for ln in lines)
    assert any(ln.startswith("(not known)") and ln.split()[2] == "1" for ln in lines)
    r = runner.invoke(app, ["--store", str(with_outlet), "query", "sources", "--param", "outlet=nhandan.vn", "--format", "json"])
    (row,) = json.loads(r.stdout)["results"]["bindings"]
    assert row["url"]["value"].startswith("https://nhandan.vn/") and row["published"]["value"] == "2025-10-01"
    assert row["ingested"]["value"] and row["language"]["value"] == "en"
