"""bench/matchers.py: the regex entity ruler and its spaCy ports agree, or the script reports how they differ."""
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import matchers as M  # noqa: E402

NONE = {"only_a": [], "only_b": [], "rekey": []}


@pytest.fixture(scope="module")
def ms():
    found = M.build_matchers()
    assert set(found) == set(M.ALL)
    return found


@pytest.mark.parametrize("text,lang,keys", [
    ("Le ministère des Finances et le ministère de l'Intérieur.", "fr",
     ["org/ministry-of-finance", "org/ministry-of-home-affairs"]),
    ("the Ministry of Finance asked ministries and branches to report.", "en",
     ["org/ministry-of-finance", "group/ministries-and-branches"]),
    ("Le Comité populaire de Ho Chi Minh-Ville", "fr", ["place/ho-chi-minh-city"]),
])
def test_all_matchers_agree_on_plain_names(ms, text, lang, keys):
    assert [k for *_, k in ms["regex"](text, lang)][-len(keys):] == keys
    assert M.diff_sentence(text, lang, ms) == {n: NONE for n in ms if n != "regex"}


def test_tokenisation_losses_are_reported_and_the_tuned_ruler_has_none(ms):
    # "L'" glued to the name and "vice-président" (the alias has a space) are one token / three tokens
    text = "L'Inspection générale du gouvernement et le vice-président du comité populaire."
    regex = [("org/government-inspectorate", "Inspection générale du gouvernement"), ("post/vice-president", "vice-président")]
    assert [(k, text[s:e]) for s, e, k in ms["regex"](text, "fr")] == regex
    diff = M.diff_sentence(text, "fr", ms)
    for name in ("phrase", "phrase-norm", "spanruler"):
        assert [k for *_, k in diff[name]["only_a"]] == [k for k, _ in regex]
        # what the plain spaCy matchers find instead: a shorter name inside, a wrong post
        assert [(k, text[s:e]) for s, e, k in diff[name]["only_b"]] == [
            ("org/government", "gouvernement"), ("post/chairman-of-the-people-s-committee", "président du comité populaire")]
    assert diff["spanruler-tuned"] == NONE


def test_group_gaps_need_token_patterns(ms):
    text = "Le Premier ministre demande aux ministères et aux secteurs d'agir."
    diff = M.diff_sentence(text, "fr", ms)
    assert [k for *_, k in diff["phrase"]["only_a"]] == ["group/ministries-and-branches"]
    assert [k for *_, k in diff["phrase"]["only_b"]] == ["group/ministries"]
    assert diff["spanruler"] == diff["spanruler-tuned"] == NONE


def test_line_break_inside_a_name_is_lost_by_every_spacy_matcher(ms):
    text = "The Ministry of\nHome Affairs met."
    assert [k for *_, k in ms["regex"](text, "en")] == ["org/ministry-of-home-affairs"]
    for name, d in M.diff_sentence(text, "en", ms).items():
        assert [k for *_, k in d["only_a"]] == ["org/ministry-of-home-affairs"] and not d["only_b"], name
