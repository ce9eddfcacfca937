"""Real servers for tests (an Oxigraph server, Virtuoso, kg's own endpoint): a free port, the
``oxigraph`` command, an Oxigraph server for the length of a ``with``, waiting until one answers,
and a dataset compared quad for quad.

``tests/`` is on ``sys.path`` (its ``conftest.py`` puts it there), so any test module can import
this one: ``from server_support import free_port, wait_until_up``.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_command() -> str | None:
    """The ``oxigraph`` server of this environment (the ``test`` extra), else one on the PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(location: Path, missing: Callable[[str], None]) -> Iterator[str]:
    """``oxigraph serve`` on a free port with its data in ``location``: its URL, the server killed
    after. ``missing`` is called (a skip, or a failure where CI must have it) without the server."""
    cmd = oxigraph_command()
    if cmd is None:
        missing("the oxigraph server is not installed (pip install oxigraph, or the test extra)")
    port = free_port()
    proc = subprocess.Popen([cmd, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/", proc)
        yield url
    finally:
        proc.kill()
        proc.wait(10)


def wait_until_up(url: str, proc: subprocess.Popen, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {proc.stderr.read().decode()[-500:]}")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} after {seconds} s")


def canonical(dump: bytes) -> list[str]:
    """A dataset's quads with canonical blank node labels (RDFC-1.0), sorted."""
    ds = ox.Dataset(ox.parse(dump, format=ox.RdfFormat.N_QUADS))
    ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(str(q) for q in ds)
