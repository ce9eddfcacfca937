"""Property tests: render random numbers in every style the articles use, parse them back."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings, strategies as st

from kg.extract.numbers import find_numbers

WORDS = st.sampled_from(["procedures", "people", "records", "units", "dossiers", "personnes", "communes"])
INTS = st.integers(min_value=1, max_value=999_999_999).filter(lambda n: not 1900 <= n <= 2100)
FAST = settings(max_examples=150, deadline=None)


def group(n: int, sep: str) -> str:
    s = f"{n:,}"
    return s.replace(",", sep)


def one(text: str, lang: str):
    found = find_numbers(text, lang)
    assert len(found) == 1, (text, found)
    return found[0]


@FAST
@given(INTS, WORDS)
def test_numbers_en_comma_thousands(n, word):
    m = one(f"so far {group(n, ',')} {word} were handled", "en")
    assert m.value == n and m.unit is None


@FAST
@given(INTS, WORDS, st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_numbers_fr_space_thousands(n, word, sep):
    m = one(f"au total {group(n, sep)} {word} traités", "fr")
    assert m.value == n


@FAST
@given(st.integers(0, 99), st.integers(1, 99))
def test_numbers_fr_decimal_comma_percent(i, frac):
    text = f"{i},{frac:02d}"
    m = one(f"soit un taux de {text} % cette année", "fr")
    assert m.value == Decimal(f"{i}.{frac:02d}") and m.unit == "percent"


@FAST
@given(st.integers(0, 99), st.integers(10, 99))
def test_numbers_fr_percent_with_lost_comma(i, frac):
    m = one(f"(soit un taux de {i} {frac} %) ont reçu", "fr")
    assert m.value == Decimal(f"{i}.{frac}") and m.unit == "percent"


@FAST
@given(st.integers(0, 100), st.booleans())
def test_numbers_en_percent(i, space):
    m = one(f"the rate reached {i}{' ' if space else ''}% of localities", "en")
    assert m.value == i and m.unit == "percent"


@FAST
@given(INTS, INTS)
def test_numbers_ratio(a, b):
    a, b = min(a, b), max(a, b)
    m = one(f"{group(a, ',')}/{group(b, ',')} procedures", "en")
    assert (m.value, m.total) == (a, b)


@FAST
@given(INTS, INTS)
def test_numbers_range_en_and_fr(a, b):
    a, b = min(a, b), max(a, b) + 1
    en = find_numbers(f"between {group(a, ',')} and {group(b, ',')} procedures", "en")
    fr = find_numbers(f"entre {group(a, ' ')} et {group(b, ' ')} procédures", "fr")
    for found in (en, fr):
        assert [(x.value, x.range_role) for x in found] == [(a, "lower"), (b, "upper")]


@FAST
@given(st.integers(1, 999), st.integers(0, 9), st.sampled_from([("million", 10**6), ("billion", 10**9), ("trillion", 10**12)]))
def test_numbers_en_scale_words(i, d, scale):
    word, mult = scale
    m = one(f"about {i}.{d} {word} records", "en")
    assert m.value == Decimal(f"{i}.{d}") * mult and m.qualifier == "about"


@FAST
@given(st.integers(1, 999), st.integers(0, 9), st.sampled_from([("millions", 10**6), ("milliards", 10**9)]))
def test_numbers_fr_scale_words(i, d, scale):
    word, mult = scale
    m = one(f"près de {i},{d} {word} de dossiers", "fr")
    assert m.value == Decimal(f"{i}.{d}") * mult and m.qualifier == "nearly"


@FAST
@given(st.integers(1, 999), st.booleans())
def test_numbers_vnd_before_or_after(i, before):
    text = f"VND {i} billion" if before else f"{i} billion VND"
    m = one(f"a total of {text} was paid", "en")
    assert m.value == i * 10**9 and m.unit == "VND"


@FAST
@given(INTS, st.sampled_from([("more than", "more than"), ("nearly", "nearly"), ("about", "about"), ("less than", "less than"),
                               ("plus de", "more than"), ("environ", "about"), ("moins de", "less than"), ("au moins", "at least")]))
def test_numbers_qualifiers(n, q):
    word, canon = q
    lang = "fr" if word in ("plus de", "environ", "moins de", "au moins") else "en"
    m = one(f"{word} {group(n, ',' if lang == 'en' else ' ')} personnes", lang)
    assert m.value == n and m.qualifier == canon


def test_numbers_words_with_scale():
    assert [m.value for m in find_numbers("two million people", "en")] == [2_000_000]
    assert [m.value for m in find_numbers("deux millions de personnes", "fr")] == [2_000_000]


def test_numbers_not_dates_ids_or_levels():
    for text, lang in [("Decree No. 178/2024/ND-CP", "en"), ("Conclusion No. 195-KL/TW dated September 26, 2025", "en"),
                       ("the two-level local government", "en"), ("gouvernement local à 2 niveaux", "fr"),
                       ("le 17 septembre", "fr"), ("2179/QD-TTg", "fr"), ("Báo Nhân dân01/10/2025", "en")]:
        assert find_numbers(text, lang) == [], text
