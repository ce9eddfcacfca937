"""Web pages and feeds -> bytes to ingest: polite HTTP fetching (httpx), robots.txt, RSS/Atom (feedparser).

Nothing here parses an article: a fetched ``Page`` is bytes and where they came from, and
``kg.sources.article_from_bytes`` reads it as it reads a saved file. Every failure is an
``InputError`` whose message starts with the URL, so ingest reports it as one ``failed:`` line.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from kg import __version__
from kg.errors import InputError
from kg.sources import MAX_BYTES

USER_AGENT = f"kg/{__version__} (knowledge graph of Vietnam's 2025 local-government reform; +https://w3id.org/vnkg)"
TIMEOUT = 20.0
"""Seconds to connect, and between two reads of a reply; ``KG_FETCH_TIMEOUT`` overrides it."""
MAX_REDIRECTS = 5
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml",
              "text/xml", "application/feed+json")

_URL = re.compile(r"(?i)^https?://[^\s/]+")


def is_url(value: str) -> bool:
    """True for an ``http(s)://`` address (what ``kg ingest`` fetches instead of opening a file).

    >>> is_url("https://vietnamnet.vn/a.html"), is_url("data/articles")
    (True, False)
    """
    return bool(_URL.match(str(value)))


@dataclass(frozen=True)
class Page:
    """One fetched reply: its bytes, the URL asked for (the source's origin) and the URL it came from."""

    url: str
    """The URL asked for: where the source comes from (``prov:atLocation``)."""
    data: bytes
    final_url: str
    """The URL of the reply, after redirects."""
    content_type: str = ""

    def __str__(self) -> str:      # how ingest names it in its report
        return self.url


class Fetcher:
    """An HTTP client for pages and feeds: one ``httpx.Client``, a robots.txt cache per site.

    ``timeout`` (seconds; default ``KG_FETCH_TIMEOUT`` or ``TIMEOUT``), ``max_bytes`` (default
    ``kg.sources.MAX_BYTES``), ``max_redirects``; ``transport`` is for tests (``httpx.MockTransport``).
    Use it as a context manager, or call ``close()``.
    """

    def __init__(self, *, timeout: float | None = None, max_bytes: int = MAX_BYTES,
                 max_redirects: int = MAX_REDIRECTS, user_agent: str = USER_AGENT, transport=None):
        import httpx

        if timeout is None:
            timeout = float(os.environ.get("KG_FETCH_TIMEOUT") or TIMEOUT)
        self.max_bytes = max_bytes
        self.user_agent = user_agent
        self._robots: dict[str, RobotFileParser | str] = {}
        self.client = httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=max_redirects,
                                   headers={"User-Agent": user_agent}, transport=transport)

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------ public

    def page(self, url: str) -> Page:
        """The HTML page at ``url``; ``InputError`` (404, timeout, too large, not HTML, robots.txt) otherwise."""
        return self._get(url, HTML_TYPES, "an HTML page")

    def feed(self, url: str) -> list[str]:
        """The item links of the RSS/Atom feed at ``url``, in feed order, each once."""
        import feedparser

        page = self._get(url, None, "a feed")
        parsed = feedparser.parse(page.data, response_headers={"content-location": page.final_url})
        if parsed.get("bozo") and not parsed.entries:
            raise InputError(f"{url}: not an RSS or Atom feed ({parsed.get('bozo_exception')})")
        links: dict[str, None] = {}
        for entry in parsed.entries:
            link = entry.get("link") or next((lk.get("href") for lk in entry.get("links", []) if lk.get("href")), None)
            if link and is_url(link):
                links[link] = None
        return list(links)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's site lets this user agent fetch it (read once per site)."""
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        rules = self._robots.get(site)
        if rules is None:
            rules = self._robots[site] = self._read_robots(site)
        if isinstance(rules, str):
            raise InputError(f"{url}: {rules}")
        return rules.can_fetch(self.user_agent, url)

    # ------------------------------------------------------------ internals

    def _read_robots(self, site: str) -> RobotFileParser | str:
        """The site's robots.txt rules, or why it could not be read (then nothing there is fetched).

        As RFC 9309 says: a robots.txt that is missing (4xx) allows everything, one that is
        forbidden (401, 403) disallows everything, and one that cannot be reached (5xx, a
        network error) is not taken for a permission.
        """
        import httpx

        rp = RobotFileParser(site + "/robots.txt")
        try:
            with self.client.stream("GET", site + "/robots.txt") as r:
                if r.status_code in (401, 403):
                    rp.disallow_all = True
                elif 400 <= r.status_code < 500:
                    rp.allow_all = True
                elif r.status_code >= 300:
                    return f"robots.txt of {site} could not be read (HTTP {r.status_code}); not fetched"
                else:
                    body = self._read(r, site + "/robots.txt", 500_000)
                    rp.parse(body.decode("utf-8", "replace").splitlines())
        except httpx.HTTPError as e:      # the site cannot be reached: say so, not robots.txt
            return _reason(e) if isinstance(e, (httpx.ConnectError, httpx.TimeoutException)) \
                else f"robots.txt of {site} could not be read ({_reason(e)}); not fetched"
        rp.modified()
        return rp

    def _get(self, url: str, types: tuple[str, ...] | None, what: str) -> Page:
        import httpx

        if not is_url(url):
            raise InputError(f"{url}: not an http(s) URL")
        url = normalize_url(url)
        if not self.allowed(url):
            raise InputError(f"{url}: robots.txt of the site disallows it; not fetched")
        try:
            with self.client.stream("GET", url) as r:
                if r.status_code >= 400:
                    raise InputError(f"{url}: HTTP {r.status_code} {r.reason_phrase}".rstrip())
                ctype = r.headers.get("content-type", "").split(";")[0].strip().lower()
                if types is not None and ctype and ctype not in types:
                    raise InputError(f"{url}: the reply is {ctype}, not {what}")
                data = self._read(r, url, self.max_bytes)
                return Page(url, data, str(r.url), ctype)
        except httpx.TooManyRedirects:
            raise InputError(f"{url}: more than {self.client.max_redirects} redirects") from None
        except httpx.HTTPError as e:
            raise InputError(f"{url}: {_reason(e)}") from None

    @staticmethod
    def _read(r, url: str, limit: int) -> bytes:
        """The reply's body, at most ``limit`` bytes whatever Content-Length says."""
        too_big = f"larger than an article ({limit / 1e6:.0f} MB at most); not fetched"
        length = r.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise InputError(f"{url}: {int(length) / 1e6:.1f} MB is {too_big}")
        chunks, size = [], 0
        for chunk in r.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise InputError(f"{url}: more than {limit / 1e6:.0f} MB is {too_big}")
            chunks.append(chunk)
        return b"".join(chunks)


def _reason(e: Exception) -> str:
    """A network error in a few words."""
    import httpx

    if isinstance(e, httpx.TimeoutException):
        return "timed out"
    if isinstance(e, httpx.ConnectError):
        return f"cannot connect ({e})" if str(e) else "cannot connect"
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__


def normalize_url(url: str) -> str:
    """The URL as kg stores it: without its fragment (``#comments`` is the same page), with
    characters an IRI cannot hold percent-encoded (httpx's normalisation).

    >>> normalize_url("https://Example.org/a b?x=1#top")
    'https://example.org/a%20b?x=1'
    """
    import httpx

    parts = urlsplit(url.strip())
    return str(httpx.URL(urlunsplit(parts._replace(fragment=""))))


def url_id(url: str) -> str:
    """A source id for a URL: its host (without ``www.``) and path, as a slug of at most 80 characters.

    >>> url_id("https://www.vietnamnet.vn/some-article-slug-2412345.html")
    'vietnamnet.vn-some-article-slug-2412345'
    """
    parts = urlsplit(url)
    host = parts.hostname or "page"
    host = host[4:] if host.startswith("www.") else host
    path = re.sub(r"\.(?:s?html?|php|aspx?)$", "", parts.path.rstrip("/"))
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", f"{host}-{path}" + (f"-{parts.query}" if parts.query else "")).strip("-.")
    return slug[:80].rstrip("-.") or "page"
