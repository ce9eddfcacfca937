"""Issue 16 item 2: HTML pages are read by trafilatura: main text, and the page's own metadata."""
from __future__ import annotations

from kg.sources import article_from_bytes, page_text, read_article

BODY = ("<p>The Ministry of Construction held a meeting with the provinces on 5 August 2025 about the roads "
        "of the new communes.</p><p>The deputy minister asked the provinces to list the roads that need "
        "repairs and to send the list to the ministry before the end of September 2025.</p>"
        "<p>Delegates from nine provinces attended and agreed on a timetable for the next steps.</p>")


def _html(head: str) -> str:
    return (f"<html><head>{head}</head><body><nav>Home | World | Sport menu</nav>"
            f"<article><h1>Roads plan for the communes</h1>{BODY}</article>"
            "<footer>Footer of the site: all rights reserved</footer></body></html>")


def test_html_page_title_is_the_headline_without_the_site_name():
    page = page_text(_html("<title>Roads plan for the communes | Test Gazette</title>"
                           '<meta property="og:site_name" content="Test Gazette">'
                           '<link rel="canonical" href="https://gazette.example.net/roads-plan">'
                           '<meta property="article:published_time" content="2025-08-06T07:00:00Z">'))
    assert page.title == "Roads plan for the communes"
    assert page.text.startswith("Roads plan for the communes\nThe Ministry of Construction")
    assert "Sport menu" not in page.text and "all rights reserved" not in page.text
    assert (page.date, page.url, page.outlet) == ("2025-08-06", "https://gazette.example.net/roads-plan", "Test Gazette")


def test_html_page_without_a_site_name_has_its_host_as_outlet_and_kg_finds_the_date():
    art = article_from_bytes(_html('<meta property="og:url" content="https://www.gazette.example.net/roads">').encode(),
                             "roads.html")
    assert art.outlet == "gazette.example.net" and art.url == "https://www.gazette.example.net/roads"
    assert art.date == "2025-08-05"        # no date in the page's metadata: the one kg finds in the text


def test_html_fetched_url_wins_over_the_pages_own():
    art = article_from_bytes(_html('<meta property="og:url" content="https://gazette.example.net/roads">').encode(),
                             "x", url="https://mirror.example.org/roads")
    assert art.url == "https://mirror.example.org/roads" and art.outlet == "mirror.example.org"


def test_html_falls_back_to_the_plain_reader_when_trafilatura_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    art = article_from_bytes(_html("<title>Roads</title>").encode(), "roads.html")
    assert "Ministry of Construction" in art.text and "Sport menu" not in art.text


def test_html_text_file_keeps_its_source_line_and_gets_an_outlet(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Roads plan\n\nThe Ministry of Construction held a meeting with the provinces on 5 August 2025.\n"
                 "Source: https://www.gazette.example.net/roads-2025\n", encoding="utf-8")
    art = read_article(f)
    assert (art.url, art.outlet, art.title) == ("https://www.gazette.example.net/roads-2025", "gazette.example.net", "Roads plan")
