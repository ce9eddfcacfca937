"""Language packs: every pack defines every key, every entry compiles, no rule names a language."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from kg.extract import lang as lang_mod
from kg.extract.lang import Pack, available_languages, load_pack_data, pack, pack_dir

KG = Path(lang_mod.__file__).resolve().parents[1]


def test_lang_packs_exist_for_english_and_french():
    assert {"en", "fr"} <= set(available_languages())


def test_lang_every_pack_defines_every_key():
    keys = {lg: pack(lg).keys() for lg in available_languages()}
    union = set().union(*keys.values())
    for lg, ks in keys.items():
        assert union - ks == set(), f"pack {lg} lacks {sorted(union - ks)}"


@pytest.mark.parametrize("lg", available_languages())
def test_lang_every_entry_compiles(lg):
    p = pack(lg)
    for key in sorted(p.keys()):
        re.compile(p.alt(key))


def test_lang_word_list_forms():
    p = Pack("xx", {"t.words": ["ministère", "*ment", "called on", "l'Intérieur", "re:\\d+/cd"]})
    rx = p.rx("t.words")
    assert rx.search("le ministere")                      # folded like the text
    assert rx.search("il a egalement dit")                # '*' is any letters
    assert rx.search("called   on")                       # a space is any run of spaces
    assert rx.search("l’interieur")                       # ' matches ’
    assert rx.search("le 180/cd")                         # regex entries are used as they are
    assert p.words("t.words") == ["ministere", "*ment", "called on", "l'interieur"]


def test_lang_missing_key_names_the_file():
    with pytest.raises(KeyError, match="data/lexicon/lang/en/tasks.json"):
        pack("en").rx("tasks.no_such_key")


def test_lang_unknown_language_falls_back_to_english_pack():
    assert pack("xx").lang == "en"


def test_lang_pack_files_are_flat_objects():
    for lg in available_languages():
        data = load_pack_data(pack_dir() / lg)
        assert data, lg
        for key, value in data.items():
            assert isinstance(value, (list, dict, str)), (lg, key)


def test_lang_no_language_branch_in_rules():
    """Rules ask the pack; only the pack module knows which language it is."""
    offenders = []
    for f in (KG / "extract").glob("*.py"):
        if f.name == "lang.py":
            continue
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                    isinstance(c, ast.Constant) and c.value in ("en", "fr", "vi") for c in node.comparators):
                offenders.append(f"{f.name}:{node.lineno}")
    assert offenders == []


def _imports(path: Path) -> set[str]:
    mods = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            mods.add(node.module)
        elif isinstance(node, ast.Import):
            mods.update(a.name for a in node.names)
    return mods


def test_layers_extraction_does_not_import_upward():
    """kg.extract sits below pipeline/rdf/store/cli and never imports them."""
    upward = ("kg.rdf", "kg.store", "kg.cli", "kg.pipeline", "kg.server", "kg.export", "kg.query", "kg.validate")
    for f in (KG / "extract").glob("*.py"):
        bad = [m for m in _imports(f) if m.startswith(upward)]
        assert bad == [], (f.name, bad)


def test_layers_model_and_keys_import_neither_rdflib_nor_spacy():
    for name in ("model.py", "keys.py"):
        mods = _imports(KG / name)
        assert not [m for m in mods if m.split(".")[0] in ("rdflib", "spacy", "pyoxigraph")], (name, mods)
