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
