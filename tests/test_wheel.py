"""The wheel ships ontology/, shapes/, queries/ and the reference data: install it in a clean
virtual environment (dependencies from this one) and run a query there."""
from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_runs_a_query(tmp_path):
    dist = tmp_path / "dist"
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(dist), str(ROOT)],
                       capture_output=True, text=True)
    if r.returncode != 0 and "hatchling" in r.stderr:
        r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(dist), str(ROOT)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    wheel = next(dist.glob("*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # dependencies come from this environment's site-packages (a path line only: its .pth files,
    # such as the editable checkout's, are not processed)
    site_dir = subprocess.run([str(py), "-c", "import site; print(site.getsitepackages()[0])"],
                              capture_output=True, text=True).stdout.strip()
    import site
    Path(site_dir, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    r = subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    # run from elsewhere so the checkout is not on the path
    code = ("import kg.resources as r, kg; assert 'site-packages' in kg.__file__, kg.__file__;"
            "print(r.resource_dir('queries'))")
    r = subprocess.run([str(py), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "_data" in r.stdout
    kg = env_dir / "bin" / "kg"
    article = tmp_path / "a.txt"
    article.write_text((ROOT / "data" / "articles" / "001_9bb11e9ea168d04b.txt").read_text())
    r = subprocess.run([str(kg), "--store", str(tmp_path / "s"), "ingest", str(article)], capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([str(kg), "--store", str(tmp_path / "s"), "query", "persons", "--format", "json"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Nguyen Hoa Binh" in r.stdout
