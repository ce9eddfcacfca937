"""Issue 16 items 1-2: ``kg ingest URL`` and ``--feed URL`` fetch pages politely, read them with
trafilatura, and a page that cannot be fetched is one ``failed:`` line that changes nothing.

Every page is served by a local HTTP server started here (no outside network); the articles are
written for these tests.
"""
from __future__ import annotations

import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.cli import app
from kg.fetch import Fetcher, url_id
from kg.namespaces import DCT, PROV, SCHEMA
from kg.pipeline import ingest, ingest_feed
from kg.rdf.mapping import article_iri
from kg.sources import MAX_BYTES, article_from_bytes, read_article
from kg.store import Store


def _page(title: str, slug: str, published: str, paragraphs: list[str]) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} - Hanoi Test Daily</title>
<meta property="og:title" content="{title}">
<meta property="og:url" content="https://news.example.org/politics/{slug}">
<meta property="og:site_name" content="Hanoi Test Daily">
<meta property="article:published_time" content="{published}">
</head><body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport and leisure menu</a></nav>
<article><h1>{title}</h1>
{body}
</article>
<footer>Copyright Hanoi Test Daily. All rights reserved. Contact the newsroom.</footer>
</body></html>"""


MEETING = _page("Ministry reviews commune staffing plan", "ministry-reviews-staffing", "2025-09-17T08:30:00+07:00", [
    "The Ministry of Home Affairs held a meeting with the provinces on 16 September 2025 to review the "
    "staffing plan for the new communes.",
    "The minister asked each province to send a report on its commune officials by 30 October 2025, and "
    "said the ministry would check the figures before the end of the year.",
    "Officials from twelve provinces took part in the meeting, which lasted the whole morning and ended "
    "with a short list of next steps for the communes.",
])
REPORT = _page("Finance ministry sets out budget steps for communes", "finance-budget-steps", "2025-10-02T10:00:00+07:00", [
    "The Ministry of Finance met representatives of the provinces on 1 October 2025 to discuss the "
    "budget of the new communes.",
    "The ministry asked the provinces to reallocate spare office equipment to the communes that lack it "
    "before 15 November 2025.",
    "Delegates agreed to meet again at the end of the year to compare the first results of the plan.",
])

ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
    "/news/ministry-reviews-staffing.html": (200, "text/html; charset=utf-8", MEETING.encode()),
    "/news/finance-budget-steps.html": (200, "text/html; charset=utf-8", REPORT.encode()),
    "/private/notes.html": (200, "text/html; charset=utf-8", MEETING.encode()),
    "/image.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),
}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:      # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.seen.append((self.path, self.headers.get("User-Agent")))
        try:
            if self.path == "/feed.xml":
                self._reply(200, "application/rss+xml", _feed(self.server.base).encode())
            elif self.path == "/slow.html":
                time.sleep(3)
                self._reply(200, "text/html", MEETING.encode())
            elif self.path == "/old.html":
                self.send_response(301)
                self.send_header("Location", "/news/ministry-reviews-staffing.html")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif self.path == "/big.html":            # says how large it is
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(MAX_BYTES + 10))
                self.end_headers()
                self.wfile.write(b"<p>" + b"x" * 1000)
            elif self.path == "/big-stream.html":     # does not say: the read is bounded anyway
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(MAX_BYTES // 100_000 + 2):
                    self.wfile.write(b"<p>" + b"y" * 100_000)
            elif self.path in self.server.routes:
                self._reply(*self.server.routes[self.path])
            else:
                self._reply(404, "text/html", b"<html><body><p>Not found</p></body></html>")
        except (BrokenPipeError, ConnectionResetError):
            pass                                       # the client stopped reading: what we test

    def _reply(self, status: int, ctype: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _feed(base: str) -> str:
    items = "".join(f"<item><title>{t}</title><link>{base}{p}</link></item>"
                    for t, p in (("Staffing", "/news/ministry-reviews-staffing.html"),
                                 ("Budget", "/news/finance-budget-steps.html")))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
            f"<link>{base}/</link><description>test</description>{items}</channel></rss>")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.routes = dict(ROUTES)
    httpd.seen = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def fetcher():
    with Fetcher(timeout=0.5) as f:
        yield f


def _quads(store: Store) -> list[str]:
    return sorted(map(str, store.quads()))


def _about(store: Store, aid: str) -> dict[str, str]:
    a = str(article_iri(aid))
    terms = {"title": DCT + "title", "date": DCT + "date", "created": DCT + "created", "url": SCHEMA + "url",
             "publisher": SCHEMA + "publisher", "location": PROV + "atLocation", "text": "https://w3id.org/vnkg/ontology#text"}
    return {k: q.object.value for k, p in terms.items() for q in store.quads_for(a, p)}


STAFFING = "/news/ministry-reviews-staffing.html"


def test_fetch_page_gives_text_and_the_pages_metadata(server, fetcher):
    page = fetcher.page(server.base + STAFFING)
    art = article_from_bytes(page.data, page.url, url=page.final_url)
    assert art.title == "Ministry reviews commune staffing plan"      # no site name glued on
    assert art.text.startswith("Ministry reviews commune staffing plan\n")
    assert art.text.count("Ministry reviews commune staffing plan") == 1
    assert "twelve provinces" in art.text
    assert "Sport and leisure" not in art.text and "All rights reserved" not in art.text
    assert (art.date, art.url, art.outlet, art.lang) == ("2025-09-17", server.base + STAFFING, "Hanoi Test Daily", "en")
    assert ("/robots.txt", fetcher.user_agent) in server.seen and fetcher.user_agent.startswith("kg/")


def test_fetch_follows_redirects_and_keeps_the_url_asked_for(server, fetcher):
    page = fetcher.page(server.base + "/old.html#top")
    assert page.url == server.base + "/old.html"
    assert page.final_url == server.base + STAFFING


def test_fetch_saved_html_file_gives_the_same_metadata(server, tmp_path):
    f = tmp_path / "saved.html"
    f.write_text(MEETING, encoding="utf-8")
    art = read_article(f)
    assert art.title == "Ministry reviews commune staffing plan"
    assert (art.date, art.outlet) == ("2025-09-17", "Hanoi Test Daily")
    assert art.url == "https://news.example.org/politics/ministry-reviews-staffing"   # og:url
    assert "All rights reserved" not in art.text and "twelve provinces" in art.text


def test_fetch_kg_ingest_url_stores_one_source_with_its_metadata(server, tmp_path, runner, monkeypatch):
    monkeypatch.setenv("KG_FETCH_TIMEOUT", "2")
    url = server.base + STAFFING
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "ingest", url])
    assert r.exit_code == 0, r.stderr
    assert r.stderr.startswith("ingested 1 article(s)")
    store = Store(str(tmp_path / "s"))
    assert len(list(store.source_graphs())) == 1
    aid = url_id(url)
    assert aid == "127.0.0.1-news-ministry-reviews-staffing"
    about = _about(store, aid)
    assert about["title"] == "Ministry reviews commune staffing plan"
    assert about["date"] == "2025-09-17" and about["created"] == date.today().isoformat()
    assert about["url"] == url and about["location"] == url
    assert about["publisher"] == "Hanoi Test Daily"


def test_fetch_kg_ingest_feed_twice_adds_nothing_the_second_time(server, tmp_path, runner, monkeypatch):
    monkeypatch.setenv("KG_FETCH_TIMEOUT", "2")
    args = ["--store", str(tmp_path / "s"), "ingest", "--feed", server.base + "/feed.xml"]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.startswith("ingested 2 article(s)")
    before = _quads(Store(str(tmp_path / "s")))
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.stderr
    assert r.stderr.startswith("ingested 0 article(s)")
    assert _quads(Store(str(tmp_path / "s"))) == before


def test_fetch_feed_skips_an_item_already_ingested_from_its_url(server, store, fetcher):
    ingest(store, [server.base + STAFFING], fetcher=fetcher)
    report = ingest_feed(store, server.base + "/feed.xml", fetcher=fetcher)
    assert report.ingested == [url_id(server.base + "/news/finance-budget-steps.html")]


def test_fetch_reingesting_the_same_page_leaves_the_store_as_it_was(server, store, fetcher):
    ingest(store, [server.base + STAFFING], fetcher=fetcher)
    before = _quads(store)
    ingest(store, [server.base + STAFFING], fetcher=fetcher)
    assert _quads(store) == before


def test_fetch_a_changed_page_replaces_its_source(server, store, fetcher):
    path = "/news/changing.html"
    server.routes[path] = (200, "text/html", MEETING.encode())
    ingest(store, [server.base + path], fetcher=fetcher)
    server.routes[path] = (200, "text/html", REPORT.encode())
    report = ingest(store, [server.base + path], fetcher=fetcher)
    assert report.ingested == [url_id(server.base + path)]
    assert len(list(store.source_graphs())) == 1
    assert "Ministry of Finance" in _about(store, report.ingested[0])["text"]


@pytest.mark.parametrize("path,reason", [
    ("/missing.html", "HTTP 404 Not Found"),
    ("/slow.html", "timed out"),
    ("/big.html", "MB is larger than an article"),
    ("/big-stream.html", "MB is larger than an article"),
    ("/image.png", "the reply is image/png, not an HTML page"),
    ("/private/notes.html", "robots.txt of the site disallows it"),
])
def test_fetch_failure_is_one_line_and_changes_nothing(server, store, fetcher, path, reason):
    ingest(store, [server.base + "/news/finance-budget-steps.html"], fetcher=fetcher)
    before = _quads(store)
    report = ingest(store, [server.base + path], fetcher=fetcher)
    assert report.ingested == [] and len(report.failed) == 1
    url, why = report.failed[0]
    assert url == server.base + path and reason in why and "\n" not in why
    assert _quads(store) == before


def test_fetch_a_failed_page_does_not_stop_the_others(server, store, fetcher):
    report = ingest(store, [server.base + "/missing.html", server.base + STAFFING], fetcher=fetcher)
    assert report.failed == [(server.base + "/missing.html", "HTTP 404 Not Found")]
    assert report.ingested == [url_id(server.base + STAFFING)]


def test_fetch_cli_failure_is_one_failed_line(server, tmp_path, runner, monkeypatch):
    monkeypatch.setenv("KG_FETCH_TIMEOUT", "2")
    url = server.base + "/missing.html"
    r = runner.invoke(app, ["--store", str(tmp_path / "s"), "ingest", url])
    assert r.exit_code == 2
    assert f"failed: {url}: HTTP 404 Not Found" in r.stderr.splitlines()
    assert "Traceback" not in r.stderr
