"""The only code that locates the shipped `ontology/`, `shapes/`, `queries/` and reference data.

In a checkout they sit at the repository root; in an installed wheel they are copied into
``kg/_data/`` (see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).
"""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent

_LAYOUT = {
    "ontology": ("_data/ontology", "ontology"),
    "shapes": ("_data/shapes", "shapes"),
    "queries": ("_data/queries", "queries"),
    "reference": ("_data/reference", "data/reference"),
    "indicators": ("_data/indicators", "data/indicators"),
    "lexicon": ("_data/lexicon", "data/lexicon"),
}


def resource_dir(name: str) -> Path:
    """Folder of a shipped resource kind.

    >>> resource_dir("queries").name
    'queries'
    """
    packaged, checkout = _LAYOUT[name]
    for candidate in (_PACKAGE / packaged, _CHECKOUT / checkout):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"resource folder {name!r} not found in {_PACKAGE} or {_CHECKOUT}")


def resource_files(name: str, pattern: str = "*.ttl") -> list[Path]:
    """Sorted files of one resource kind, so loading order is deterministic."""
    try:
        return sorted(resource_dir(name).glob(pattern))
    except FileNotFoundError:
        return []


def read_groups(path: Path | None = None) -> dict[str, dict[str, list[str]]]:
    """The groups lexicon (``lexicon/groups.json``): canonical English label -> forms per language.

    Keys starting with ``_`` are the file's own documentation and are left out.
    """
    import json

    path = path or resource_dir("lexicon") / "groups.json"
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {label: forms for label, forms in data.items() if not label.startswith("_")}


def reference_files() -> list[Path]:
    """The reference-KB files named in ``data/reference/manifest.txt`` (all ``*.ttl`` without one).

    A manifest keeps a half-finished or experimental file in the folder from changing every
    entity's labels: only listed files are loaded.
    """
    try:
        folder = resource_dir("reference")
    except FileNotFoundError:
        return []
    manifest = folder / "manifest.txt"
    if not manifest.exists():
        return sorted(folder.glob("*.ttl"))
    names = [ln.strip() for ln in manifest.read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.lstrip().startswith("#")]
    return [folder / n for n in names]
