"""Shared fixtures: an in-memory store, a CLI runner, hand-built articles."""
from __future__ import annotations

import http.server
import os
import threading

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


# -- for tests that check what a process does after a refusal or a timeout

@pytest.fixture
def recorder():
    """A local HTTP server that records every request it gets; yields (base URL, requests)."""
    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def tree_cpu_seconds() -> float:
    """CPU time used so far by this process and every process below it (Linux /proc)."""
    stats = {}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(pid)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime + stime
    todo, total = [os.getpid()], 0
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0))[1]
        todo += [p for p, (ppid, _) in stats.items() if ppid == pid]
    return total / os.sysconf("SC_CLK_TCK")
