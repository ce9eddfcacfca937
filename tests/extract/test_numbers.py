"""Number mentions: a table of real and typical sentences, and one property test per style."""
from __future__ import annotations

from decimal import Decimal as D

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.numbers import NumberMention, find_numbers, parse_number

P = "percent"


def _found(text: str, lang: str) -> list[tuple]:
    return [(m.value, m.unit, m.qualifier, m.total, m.range_role) for m in find_numbers(text, lang)]


def n(value: str, unit: str | None = None, qualifier: str | None = None, total: str | None = None,
      role: str | None = None) -> tuple:
    return (D(value), unit, qualifier, None if total is None else D(total), role)


# --------------------------------------------------------------------------- the table

CASES = [
    # real sentences from the corpus
    ("465 agences spécialisées ... et 9 916 bureaux spécialisés ... de 3 321 communes", "fr",
     [n("465"), n("9916"), n("3321")]),
    ("dont 102 378 personnes (soit un taux de 78 38 %) ont reçu", "fr", [n("102378"), n("78.38", P)]),
    ("un montant total de transactions de 1 000 milliards de VND", "fr", [n("1e12", "VND")]),
    ("about 6.6 million records, processed on time is 91%; more than 3 million online payment transactions "
     "with a total transaction amount of 1.7 trillion VND", "en",
     [n("6600000", qualifier="about"), n("91", P), n("3000000", qualifier="more than"), n("1.7e12", "VND")]),
    ("Currently, 296/3,321 commune-level administrative units", "en", [n("296", total="3321")]),
    ("14 ministries have fully publicized ... with 1,383/1,385 procedures", "en",
     [n("14"), n("1383", total="1385")]),
    ("entre 2 030 et 2 293 procédures", "fr", [n("2030", role="lower"), n("2293", role="upper")]),
    ("d'environ 50 % à 95 %, voire moins de 10 %", "fr",
     [n("50", P, "about", role="lower"), n("95", P, role="upper"), n("10", P, "less than")]),
    ("près de 147 000 personnes ont démissionné à l'échelle nationale, dont 99,99 %", "fr",
     [n("147000", qualifier="nearly"), n("99.99", P)]),
    ("14,5 millions de dossiers", "fr", [n("14500000")]),
    ("(an increase of 34,732 people compared to the report on September 5, 2025)", "en", [n("34732")]),
    ("Decree No. 178/2024/ND-CP", "en", []),
    ("le 17 septembre", "fr", []),
    ("Conclusion No. 195-KL/TW dated September 26, 2025", "en", []),
    ("the two-level local government", "en", []),
    ("VND2,615bn", "en", [n("2615e9", "VND")]),
    ("after 3 months of implementation (from July 1, 2025)", "en", [n("3")]),
    # thousands separators
    ("a total of 141,444 people", "en", [n("141444")]),
    ("au total 141 444 personnes", "fr", [n("141444")]),
    ("au total 141\u00a0444 personnes", "fr", [n("141444")]),
    ("au total 141\u202f444 personnes", "fr", [n("141444")]),
    ("au total 141.444 personnes", "fr", [n("141444")]),
    ("soit 1.383 procédures", "fr", [n("1383")]),
    ("1,383,000 records", "en", [n("1383000")]),
    ("1 383 000 dossiers", "fr", [n("1383000")]),
    ("1.383.000 dossiers", "fr", [n("1383000")]),
    ("5 751 procédures et 2 041 conditions", "fr", [n("5751"), n("2041")]),
    # decimals
    ("a rate of 6.6 per staff", "en", [n("6.6")]),
    ("the score was 72.38 points", "en", [n("72.38")]),
    ("un score de 78,38 points", "fr", [n("78.38")]),
    ("soit 70,2 points", "fr", [n("70.2")]),
    ("1,383.5 tonnes", "en", [n("1383.5")]),
    ("1 383,5 tonnes", "fr", [n("1383.5")]),
    ("1.383,5 tonnes", "fr", [n("1383.5")]),
    ("6.6 dossiers", "fr", [n("6.6")]),
    # percent
    ("on time is 91%", "en", [n("91", P)]),
    ("on time is 91 %", "en", [n("91", P)]),
    ("on time is 91 percent", "en", [n("91", P)]),
    ("on time is 91 per cent", "en", [n("91", P)]),
    ("soit 91 pour cent", "fr", [n("91", P)]),
    ("soit 99,99\u00a0%", "fr", [n("99.99", P)]),
    ("un taux de 7 5 %", "fr", [n("7.5", P)]),
    # scale words
    ("6.6 million records", "en", [n("6600000")]),
    ("1.7 trillion VND", "en", [n("1.7e12", "VND")]),
    ("VND 1.7 trillion", "en", [n("1.7e12", "VND")]),
    ("3 thousand officials", "en", [n("3000")]),
    ("2 billion transactions", "en", [n("2e9")]),
    ("VND 1,000 billion", "en", [n("1e12", "VND")]),
    ("1.7 thousand billion VND", "en", [n("1.7e12", "VND")]),
    ("1,2 milliard de dollars", "fr", [n("1.2e9", "USD")]),
    ("2 billions de dongs", "fr", [n("2e12", "VND")]),
    ("3 milliers de personnes", "fr", [n("3000")]),
    ("$1.2bn in loans", "en", [n("1.2e9", "USD")]),
    ("US$1.2bn in loans", "en", [n("1.2e9", "USD")]),
    ("a budget of $5m", "en", [n("5e6", "USD")]),
    ("VND50mn per household", "en", [n("5e7", "VND")]),
    ("5 m of road", "en", [n("5")]),
    # currency
    ("500 USD per month", "en", [n("500", "USD")]),
    ("4 million dollars", "en", [n("4e6", "USD")]),
    ("2 trillion dong", "en", [n("2e12", "VND")]),
    ("2 trillion đồng", "en", [n("2e12", "VND")]),
    ("500.000 VND per person", "en", [n("500000", "VND")]),
    ("500.000đ per person", "en", [n("500000", "VND")]),
    ("1 000 milliards de VNĐ", "fr", [n("1e12", "VND")]),
    ("5 millions de dollars américains", "fr", [n("5e6", "USD")]),
    ("34 Dong Nai officials", "en", [n("34")]),
    # qualifiers
    ("around 300 officials", "en", [n("300", qualifier="about")]),
    ("approximately 300 officials", "en", [n("300", qualifier="about")]),
    ("some 300 officials", "en", [n("300", qualifier="about")]),
    ("nearly 300 officials", "en", [n("300", qualifier="nearly")]),
    ("near 300 officials", "en", [n("300", qualifier="nearly")]),
    ("almost 300 officials", "en", [n("300", qualifier="nearly")]),
    ("over 300 officials", "en", [n("300", qualifier="more than")]),
    ("above 30%", "en", [n("30", P, "more than")]),
    ("less than 10%", "en", [n("10", P, "less than")]),
    ("under 10%", "en", [n("10", P, "less than")]),
    ("fewer than 300 officials", "en", [n("300", qualifier="less than")]),
    ("at least 300 officials", "en", [n("300", qualifier="at least")]),
    ("up to 300 officials", "en", [n("300", qualifier="up to")]),
    ("an average of 300 files", "en", [n("300", qualifier="average")]),
    ("on average 300 files", "en", [n("300", qualifier="average")]),
    ("environ 300 agents", "fr", [n("300", qualifier="about")]),
    ("presque 300 agents", "fr", [n("300", qualifier="nearly")]),
    ("quelque 300 agents", "fr", [n("300", qualifier="about")]),
    ("plus de 300 agents", "fr", [n("300", qualifier="more than")]),
    ("au-delà de 300 agents", "fr", [n("300", qualifier="more than")]),
    ("au moins 300 agents", "fr", [n("300", qualifier="at least")]),
    ("jusqu'à 300 agents", "fr", [n("300", qualifier="up to")]),
    ("jusqu’à 300 agents", "fr", [n("300", qualifier="up to")]),
    ("en moyenne 300 dossiers", "fr", [n("300", qualifier="average")]),
    ("plus d'un million de personnes", "fr", [n("1e6", qualifier="more than")]),
    ("about VND 1.7 trillion", "en", [n("1.7e12", "VND", "about")]),
    ("nearly $1.2bn", "en", [n("1.2e9", "USD", "nearly")]),
    # ratios
    ("42/69 localities", "en", [n("42", total="69")]),
    ("296/3 321 unités", "fr", [n("296", total="3321")]),
    ("296/3\u00a0321 unités", "fr", [n("296", total="3321")]),
    # ranges
    ("2,030 to 2,293 procedures", "en", [n("2030", role="lower"), n("2293", role="upper")]),
    ("from 2,030 to 2,293 procedures", "en", [n("2030", role="lower"), n("2293", role="upper")]),
    ("between 2,030 and 2,293 procedures", "en", [n("2030", role="lower"), n("2293", role="upper")]),
    ("2,030 and 2,293 procedures respectively", "en", [n("2030"), n("2293")]),
    ("50% to 95%", "en", [n("50", P, role="lower"), n("95", P, role="upper")]),
    ("50-95%", "en", [n("50", P, role="lower"), n("95", P, role="upper")]),
    ("50–95%", "en", [n("50", P, role="lower"), n("95", P, role="upper")]),
    ("de 50 à 95 %", "fr", [n("50", P, role="lower"), n("95", P, role="upper")]),
    ("between 2 and 3 million people", "en", [n("2e6", role="lower"), n("3e6", role="upper")]),
    ("from 63 to 34 provinces", "en", [n("63"), n("34")]),
    # number words
    ("two million records", "en", [n("2e6")]),
    ("three thousand officials", "en", [n("3000")]),
    ("one hundred officials", "en", [n("100")]),
    ("a million people", "en", [n("1e6")]),
    ("twenty-five provinces", "en", [n("25")]),
    ("two hundred and five files", "en", [n("205")]),
    ("two provinces and one city", "en", [n("2")]),
    ("deux millions de dossiers", "fr", [n("2e6")]),
    ("trois mille personnes", "fr", [n("3000")]),
    ("cent agences", "fr", [n("100")]),
    ("quatre-vingt-dix-sept agences", "fr", [n("97")]),
    ("soixante et onze agences", "fr", [n("71")]),
    ("deux cent mille personnes", "fr", [n("200000")]),
    ("un dossier et une agence", "fr", []),
    ("fifty percent of communes", "en", [n("50", P)]),
    ("between two and three million people", "en", [n("2e6", role="lower"), n("3e6", role="upper")]),
    ("twelve (12) provinces", "en", [n("12")]),
    ("three (3) provinces", "en", [n("3")]),
    # not numbers: documents, dates, years, times, ordinals, list markers, levels
    ("Decision 2179/QD-TTg", "en", []),
    ("Resolution 18-NQ/TW and Law No.72/2025/QH15", "en", []),
    ("Decree 178 on restructuring", "en", []),
    ("on 01/10/2025", "en", []),
    ("from 1/7 the new model", "en", []),
    ("since 30/4", "en", []),
    ("in 9/2025", "en", []),
    ("in 2025", "en", []),
    ("by 2030, 34 provinces", "en", [n("34")]),
    ("d'ici 2025", "fr", []),
    ("depuis 2021 et 2022", "fr", []),
    ("the plan (2025)", "en", []),
    ("the 2021-2025 period", "en", []),
    ("5 septembre 2025", "fr", []),
    ("September 15", "en", []),
    ("15 septembre", "fr", []),
    ("le 1er juillet", "fr", []),
    ("July 1", "en", []),
    ("the 3rd session", "en", []),
    ("at 14:00", "en", []),
    ("à 14h30", "fr", []),
    ("the 2-level model", "en", []),
    ("le modèle à 2 niveaux", "fr", []),
    ("1. Provinces merge\n2. Districts go", "en", []),
    ("COVID-19 and 5G", "en", []),
    ("the 2025 reform merged 63 provinces", "en", [n("2025"), n("63")]),
    ("2 041 conditions", "fr", [n("2041")]),
    ("may 15 provinces", "en", [n("15")]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_table(text: str, lang: str, expected: list[tuple]) -> None:
    assert _found(text, lang) == expected


@pytest.mark.parametrize(("text", "lang"), [(c[0], c[1]) for c in CASES], ids=[c[0][:40] for c in CASES])
def test_offsets(text: str, lang: str) -> None:
    previous_end = 0
    for m in find_numbers(text, lang):
        assert isinstance(m, NumberMention)
        assert m.text == text[m.start:m.end]
        assert previous_end <= m.start < m.end
        previous_end = m.end


def test_surface_text() -> None:
    got = [m.text for m in find_numbers("about VND2,615bn, 50-95% and 1 000 milliards de VND", "en")]
    assert got == ["VND2,615bn", "50", "95%", "1 000"]
    got = [m.text for m in find_numbers("soit 78 38 % et 1 000 milliards de VND", "fr")]
    assert got == ["78 38 %", "1 000 milliards de VND"]


def test_unknown_language_reads_as_english() -> None:
    assert _found("1,383 records", "xx") == [n("1383")]


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("1 000 milliards", "fr", "1e12"), ("78 38 %", "fr", "78.38"), ("6.6", "en", "6.6"),
    ("1.383", "fr", "1383"), ("70,2", "fr", "70.2"), ("1,383", "en", "1383"), ("two", "en", "2"),
    ("deux millions", "fr", "2e6"), ("VND2,615bn", "en", "2615e9"), ("14,5 millions", "fr", "14500000"),
])
def test_parse_number(text: str, lang: str, value: str) -> None:
    assert parse_number(text, lang) == D(value)


def test_parse_number_none() -> None:
    assert parse_number("no figure here") is None
    assert parse_number("September 15") is None


def test_values_are_normalised() -> None:
    (m,) = find_numbers("6.6 million records")
    assert str(m.value) == "6600000"
    (m,) = find_numbers("soit 78,380 %", "fr")
    assert str(m.value) == "78.38"


# --------------------------------------------------------------------------- properties

EN_WORDS = ["the", "province", "reported", "officials", "records", "were", "processed", "online", "services",
            "staff", "public", "administrative", "agencies", "centres", "localities", "citizens", "reform"]
FR_WORDS = ["la", "réforme", "personnes", "dossiers", "traités", "agences", "ont", "été", "les", "communes",
            "services", "publics", "citoyens", "données", "système", "bureaux", "locaux"]
FR_SPACES = [" ", "\u00a0", "\u202f"]


def embed(lang: str, phrase: str, seed: int) -> str:
    """``phrase`` among 0-5 random words on each side, with random punctuation after it.

    One integer drawn by Hypothesis seeds the choice: far fewer draws than lists of words, which keeps
    200 examples per property cheap.
    """
    rng = random.Random(seed)
    vocab = EN_WORDS if lang == "en" else FR_WORDS
    before = rng.choices(vocab, k=rng.randint(0, 5))
    after = rng.choices(vocab, k=rng.randint(0, 5))
    punct = rng.choice(["", ",", ".", ";", ":"])
    if not before and punct == "." and after and phrase.isdigit() and len(phrase) <= 2:
        before = ["the"]            # '5. the province' at a line start is a list marker, not a figure
    return " ".join(before + [phrase + punct] + after)


seeds = st.integers(min_value=0, max_value=2**32 - 1)


def en_int(i: int) -> str:
    return f"{i:,}"


def fr_int(i: int, sep: str = " ") -> str:
    return f"{i:,}".replace(",", sep)


def en_dec(d: D) -> str:
    return f"{d:,}" if d == d.to_integral_value() and d.as_tuple().exponent >= 0 else f"{d:,f}"


def fr_dec(d: D, sep: str = " ") -> str:
    return en_dec(d).replace(",", "\0").replace(".", ",").replace("\0", sep)


ints = st.integers(min_value=0, max_value=10**9)
decimals = st.builds(lambda i, places: D(i).scaleb(-places), st.integers(0, 10**7), st.integers(1, 2))
numerals = st.one_of(ints.map(D), decimals)          # any value written with digits
small = st.one_of(st.integers(0, 999).map(D), st.builds(lambda i, p: D(i).scaleb(-p), st.integers(0, 99999),
                                                         st.integers(1, 2)))


def _one(text: str, lang: str) -> NumberMention:
    found = find_numbers(text, lang)
    assert len(found) == 1, (text, found)
    return found[0]


PROPS = settings(max_examples=200, deadline=None)


@PROPS
@given(seeds, numerals)
def test_en_comma_thousands(seed: int, value: D) -> None:
    text = embed("en", en_dec(value), seed)
    m = _one(text, "en")
    assert (m.value, m.unit, m.qualifier, m.total, m.range_role) == (value, None, None, None, None)
    assert parse_number(en_dec(value), "en") == value


@PROPS
@given(seeds, numerals, st.sampled_from(FR_SPACES))
def test_fr_space_thousands_and_decimal_comma(seed: int, value: D, sep: str) -> None:
    text = embed("fr", fr_dec(value, sep), seed)
    m = _one(text, "fr")
    assert (m.value, m.unit, m.qualifier, m.total) == (value, None, None, None)


@PROPS
@given(seeds, decimals)
def test_en_decimal_point(seed: int, value: D) -> None:
    m = _one(embed("en", en_dec(value), seed), "en")
    assert (m.value, m.unit, m.qualifier) == (value, None, None)


@PROPS
@given(seeds, decimals, st.sampled_from(FR_SPACES))
def test_fr_decimal_comma(seed: int, value: D, sep: str) -> None:
    written = fr_dec(value, sep)
    assert "," in written
    m = _one(embed("fr", written, seed), "fr")
    assert (m.value, m.unit, m.qualifier) == (value, None, None)


@PROPS
@given(seeds, st.integers(1000, 10**9))
def test_fr_dot_thousands(seed: int, value: int) -> None:
    text = embed("fr", fr_int(value, "."), seed)
    assert _one(text, "fr").value == value


@PROPS
@given(seeds, st.integers(0, 999), st.integers(1, 2), st.integers(0, 99), st.sampled_from(FR_SPACES))
def test_fr_damaged_percent(seed: int, whole: int, places: int, frac: int, sep: str) -> None:
    digits = f"{frac % 10 ** places:0{places}d}"
    text = embed("fr", f"{whole} {digits}{sep}%", seed)
    m = _one(text, "fr")
    assert (m.value, m.unit) == (D(f"{whole}.{digits}"), "percent")


@PROPS
@given(seeds, small, st.sampled_from(["%", " %", " percent", " per cent"]))
def test_en_percent(seed: int, value: D, suffix: str) -> None:
    m = _one(embed("en", en_dec(value) + suffix, seed), "en")
    assert (m.value, m.unit, m.qualifier) == (value, "percent", None)


@PROPS
@given(seeds, small, st.sampled_from(["%", " %", "\u00a0%", "\u202f%", " pour cent"]))
def test_fr_percent(seed: int, value: D, suffix: str) -> None:
    m = _one(embed("fr", fr_dec(value) + suffix, seed), "fr")
    assert (m.value, m.unit, m.qualifier) == (value, "percent", None)


@PROPS
@given(seeds, st.integers(0, 10**7), st.integers(0, 10**7), st.sampled_from(["en"] + FR_SPACES))
def test_ratio(seed: int, a: int, b: int, style: str) -> None:
    a, b = min(a, b), max(a, b)
    lang = "en" if style == "en" else "fr"
    written = f"{en_int(a)}/{en_int(b)}" if lang == "en" else f"{fr_int(a, style)}/{fr_int(b, style)}"
    m = _one(embed(lang, written, seed), lang)
    assert (m.value, m.total, m.unit) == (a, b, None)


RANGE_EN = ["{a} to {b}", "from {a} to {b}", "between {a} and {b}", "{a}% to {b}%", "{a}-{b}%", "{a} - {b} %"]
RANGE_FR = ["entre {a} et {b}", "de {a} à {b}", "{a} à {b}", "{a} % à {b} %", "de {a} % à {b} %",
            "entre {a} % et {b} %", "{a}-{b} %"]


@PROPS
@given(seeds, numerals, numerals, st.sampled_from([("en", f) for f in RANGE_EN] + [("fr", f) for f in RANGE_FR]))
def test_ranges(seed: int, x: D, y: D, style: tuple[str, str]) -> None:
    lang, form = style
    lo, hi = min(x, y), max(x, y)
    render = en_dec if lang == "en" else fr_dec
    text = embed(lang, form.format(a=render(lo), b=render(hi)), seed)
    found = find_numbers(text, lang)
    unit = "percent" if "%" in form else None
    assert [(m.value, m.unit, m.range_role) for m in found] == [(lo, unit, "lower"), (hi, unit, "upper")], text


EN_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
FR_SCALES = {"mille": 10**3, "millier": 10**3, "milliers": 10**3, "million": 10**6, "millions": 10**6,
             "milliard": 10**9, "milliards": 10**9, "billion": 10**12, "billions": 10**12}


@PROPS
@given(seeds, small, st.sampled_from(sorted(EN_SCALES)))
def test_en_scale_words(seed: int, value: D, word: str) -> None:
    m = _one(embed("en", f"{en_dec(value)} {word}", seed), "en")
    assert (m.value, m.unit) == (value * EN_SCALES[word], None)


@PROPS
@given(seeds, small, st.sampled_from(sorted(FR_SCALES)), st.sampled_from(FR_SPACES))
def test_fr_scale_words(seed: int, value: D, word: str, sep: str) -> None:
    m = _one(embed("fr", f"{fr_dec(value, sep)} {word}", seed), "fr")
    assert (m.value, m.unit) == (value * FR_SCALES[word], None)


CUR_EN = [("VND {x}", "VND"), ("VND{x}", "VND"), ("{x} VND", "VND"), ("{x} dong", "VND"), ("{x} đồng", "VND"),
          ("{x} VNĐ", "VND"), ("VNĐ {x}", "VND"), ("${x}", "USD"), ("US${x}", "USD"), ("USD {x}", "USD"),
          ("{x} USD", "USD"), ("{x} dollars", "USD")]
CUR_FR = [("{x} de VND", "VND"), ("{x} VND", "VND"), ("{x} de dongs", "VND"), ("{x} đồng", "VND"),
          ("{x} de dollars", "USD"), ("{x} USD", "USD")]


@PROPS
@given(seeds, small, st.sampled_from([("", 1)] + sorted(EN_SCALES.items())), st.sampled_from(CUR_EN))
def test_en_currency(seed: int, value: D, scale: tuple[str, int], form: tuple[str, str]) -> None:
    word, factor = scale
    x = en_dec(value) + (f" {word}" if word else "")
    m = _one(embed("en", form[0].format(x=x), seed), "en")
    assert (m.value, m.unit) == (value * factor, form[1])


@PROPS
@given(seeds, small, st.sampled_from([("bn", 10**9), ("tn", 10**12), ("m", 10**6), ("mn", 10**6)]),
       st.sampled_from(["VND{x}", "${x}", "US${x}", "{x} VND"]))
def test_en_currency_abbreviations(seed: int, value: D, abbr: tuple[str, int], form: str) -> None:
    m = _one(embed("en", form.format(x=en_dec(value) + abbr[0]), seed), "en")
    assert (m.value, m.unit) == (value * abbr[1], "USD" if "$" in form else "VND")


@PROPS
@given(seeds, small, st.sampled_from([("", 1)] + sorted(FR_SCALES.items())), st.sampled_from(CUR_FR))
def test_fr_currency(seed: int, value: D, scale: tuple[str, int], form: tuple[str, str]) -> None:
    word, factor = scale
    x = fr_dec(value) + (f" {word}" if word else "")
    if not word and form[0].startswith("{x} de"):
        form = (form[0].replace(" de", ""), form[1])        # '500 de VND' is not French
    m = _one(embed("fr", form[0].format(x=x), seed), "fr")
    assert (m.value, m.unit) == (value * factor, form[1])


QUAL_EN = {"about": "about", "around": "about", "approximately": "about", "some": "about", "nearly": "nearly",
           "near": "nearly", "almost": "nearly", "more than": "more than", "over": "more than",
           "above": "more than", "less than": "less than", "under": "less than", "fewer than": "less than",
           "at least": "at least", "up to": "up to", "an average of": "average", "on average": "average"}
QUAL_FR = {"environ": "about", "d'environ": "about", "près de": "nearly", "presque": "nearly",
           "quelque": "about", "plus de": "more than", "au-delà de": "more than", "moins de": "less than",
           "au moins": "at least", "jusqu'à": "up to", "en moyenne": "average"}


@PROPS
@given(seeds, numerals, st.sampled_from(sorted(QUAL_EN)), st.sampled_from(["", "%", " million", " VND"]))
def test_en_qualifiers(seed: int, value: D, phrase: str, suffix: str) -> None:
    m = _one(embed("en", f"{phrase} {en_dec(value)}{suffix}", seed), "en")
    factor = 10**6 if suffix == " million" else 1
    unit = {"%": "percent", " VND": "VND"}.get(suffix)
    assert (m.value, m.unit, m.qualifier) == (value * factor, unit, QUAL_EN[phrase])


@PROPS
@given(seeds, numerals, st.sampled_from(sorted(QUAL_FR)), st.sampled_from(["", " %", " millions"]),
       st.sampled_from(FR_SPACES))
def test_fr_qualifiers(seed: int, value: D, phrase: str, suffix: str, sep: str) -> None:
    m = _one(embed("fr", f"{phrase} {fr_dec(value, sep)}{suffix}", seed), "fr")
    factor = 10**6 if suffix == " millions" else 1
    assert (m.value, m.unit, m.qualifier) == (value * factor, "percent" if "%" in suffix else None, QUAL_FR[phrase])
