"""Dates, the article's date and year, meetings and documents: forms the case tables cannot write
(identifiers with spaces, ``ref`` dates, ``meeting_for``, datelines)."""
from __future__ import annotations

import pytest

from kg.dates import DEFAULT_YEAR, find_dates
from kg.extract import extract
from kg.extract.lang import available_languages, pack
from kg.extract.run import run_extractors
from kg.model import Article
from kg.sources import _year_hint, find_article_date, find_dateline, mask_boilerplate


@pytest.mark.parametrize("area", ["dates", "meetings", "documents"])
def test_packs_define_the_same_keys(area):
    keys = [{k for k in pack(lang).keys() if k.startswith(area + ".")} for lang in available_languages()]
    assert all(k == keys[0] for k in keys), keys


def test_yesterday_counts_from_the_article_date():
    assert [d.value for d in find_dates("The board met yesterday.", "en", year=2025, ref="2025-06-03")] == ["2025-06-02"]
    assert [d.value for d in find_dates("Le conseil s'est réuni hier.", "fr", year=2025, ref="2025-06-03")] == ["2025-06-02"]
    assert find_dates("The board met yesterday.", "en", year=2025) == []


@pytest.mark.parametrize("text,lang,year", [
    ("HANOI, June 3 (VNA) – Decree 178/2024/ND-CP still applies to 120 people.", "en", None),
    ("Hà Nội, 3 juin (VNA) – Le décret 178/2024/ND-CP s'applique encore.", "fr", None),
    ("Published on Tuesday, June 3, 2025 09:10\nDecree 29/2024/ND-CP applies.", "en", 2025),
    ("The report of 4 May 2024 was revised on 2 June 2025.", "en", 2025),
])
def test_year_comes_from_the_article_not_from_document_numbers(text, lang, year):
    assert _year_hint(text, lang) == year


def test_yearless_article_takes_the_default_year():
    assert find_article_date("HANOI, June 3 (VNA) – Decree 178/2024/ND-CP applies.", "en") == f"{DEFAULT_YEAR}-06-03"
    e = extract(Article(id="t", lang="en", text="Deputy Prime Minister Tran Hong Ha chaired a meeting on June 2."))
    assert [m.date for m in e.meetings] == [f"{DEFAULT_YEAR}-06-02"]


@pytest.mark.parametrize("line", ["HANOI, June 3 (VNA) – ", "Ha Noi (VNA) — ", "Hanoï, 03/06/2025 – ", "DA NANG, Sept 13 (VNS) - "])
def test_dateline_is_masked(line):
    text = line + "Ministries reported progress."
    a, b, _ = find_dateline(text)
    assert (a, b) == (0, len(line))
    assert mask_boilerplate(text).strip() == "Ministries reported progress."


def test_dateline_city_is_not_an_organisation():
    e = extract(Article(id="t", lang="en", date="2025-06-03",
                        text="HANOI, June 3 (VNA) – The Ministry of Finance reported progress on June 2."))
    assert "place/hanoi" not in e.entities


def test_named_documents_keep_their_word():
    e = extract(Article(id="t", lang="en", date="2025-06-03", text="Telegram 77 and Decree 154 apply; Notice 210 too."))
    assert {(d.identifier, d.type) for d in e.documents} == {
        ("Official Dispatch 77", "OfficialDispatch"), ("Decree 154", "Decree"), ("Notice 210", "OtherDocument")}


def test_signed_on_behalf_issuer_is_not_the_signer():
    e = extract(Article(id="t", lang="fr", date="2025-06-03", text=(
        "Le vice-Premier ministre permanent Nguyen Hoa Binh a signé le 2 juin, au nom du Premier ministre, "
        "la décision n° 1730/QD-TTg portant sur la conclusion n° 150-KL/TW.")))
    docs = {d.identifier: d for d in e.documents}
    assert docs["1730/QD-TTg"].signer == "person/nguyen-hoa-binh"
    assert docs["1730/QD-TTg"].date == "2025-06-02"
    assert "person/nguyen-hoa-binh" not in docs["1730/QD-TTg"].issuers
    assert docs["150-KL/TW"].signer is None


def test_meeting_for_follows_the_account():
    text = ("Prime Minister Pham Minh Chinh chaired the regular Government meeting on June 2. "
            "The meeting followed an online conference on May 30 with all provinces. "
            "At that conference, the ministry said 120 communes lacked staff. "
            "Concluding the Government meeting, the Prime Minister asked ministries to act. "
            "Ministries reported 300 vacancies.")
    ctx, ex = run_extractors(Article(id="t", lang="en", date="2025-06-03", text=text))
    assert sorted(m.date for m in ex.meetings) == ["2025-05-30", "2025-06-02"]
    assert ctx.meeting_for(text.index("120 communes")).date == "2025-05-30"
    assert ctx.meeting_for(text.index("asked ministries")).date == "2025-06-02"
    assert ctx.meeting_for(text.index("300 vacancies")).date == "2025-06-02"
