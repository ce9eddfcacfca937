"""Docs match the code: every command and canned query is in the README, every option has help."""
from pathlib import Path

import pytest

from kg.cli import app
from kg.query import list_queries

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


def test_docs_commands_collected():
    assert {"ingest", "query", "validate", "stats", "export"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_command_in_readme(name):
    assert f"  {name} " in README, f"command {name} is not documented in README.md"


@pytest.mark.parametrize("q", [q.name for q in list_queries()])
def test_docs_canned_query_in_readme(q):
    assert f"`{q}`" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_docs_every_option_has_help(name, runner):
    r = runner.invoke(app, [name, "--help"])
    assert r.exit_code == 0
    import typing
    cmd = next(c for c in app.registered_commands if (c.name or c.callback.__name__) == name)
    hints = typing.get_type_hints(cmd.callback, include_extras=True)
    for pname, hint in hints.items():
        if pname == "return":
            continue
        info = hint.__metadata__[0]
        assert getattr(info, "help", None), f"{name}: parameter {pname} has no help text"


def test_docs_worked_example_is_what_a_run_gives(tmp_path, runner):
    """Issue 14 item 12: the README's worked example (its counts, its table) comes from a real run."""
    import csv
    import io
    import re

    section = README.split("## Worked example", 1)[1].split("\n## ", 1)[0]
    said = re.search(r"^(ingested .*)$", section, re.M).group(1)
    store = str(tmp_path / "store")
    r = runner.invoke(app, ["--store", store, "ingest", str(Path(__file__).resolve().parents[1] / "data" / "articles")])
    assert r.exit_code == 0, r.stderr
    assert said in r.stderr.splitlines()

    table = [ln for ln in section.splitlines() if ln.startswith("| ") and not ln.startswith("|---")]
    head = [c.strip() for c in table[0].strip("|").split("|")]
    shown = [dict(zip(head, (c.strip() for c in ln.strip("|").split("|")))) for ln in table[1:]]
    r = runner.invoke(app, ["--store", store, "query", "tasks", "--param", "assignee=Bộ Tài chính", "--format", "csv"])
    assert r.exit_code == 0, r.stderr
    got = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(got) == len(shown)
    for want, row in zip(shown, got):
        for col, value in want.items():
            if value.endswith("…"):
                assert row[col].startswith(value[:-1]), (col, value, row[col])
            else:
                assert row[col] == value, (col, value, row[col])
