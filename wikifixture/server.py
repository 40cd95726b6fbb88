"""A small MediaWiki action API on 127.0.0.1, serving fixture pages, with fault knobs.

It answers the queries reader's client makes (``action=query`` with ``titles``
batches, ``redirects``, ``prop=extracts|pageprops|info``, ``generator=search``
and ``list=search``) from ``tests/data/wiki/pages.json``, in formatversion 1 or 2.
It counts and records every request so tests can assert batching, and counts them by
kind (:meth:`WikiServer.request_kinds`).

A disambiguation page's intro (``exintro``) is its lead alone, as Wikipedia serves it:
up to "may refer to:", the entries below sitting in sections, which an intro leaves
out. Its whole text still counts in search, as the whole page does on Wikipedia.

Use it from pytest (the ``wiki_server`` fixture in ``tests/conftest.py``), from
code (:func:`start_server`) or standalone, from the repository's root::

    python -m wikifixture --port 8765
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import struct
import threading
import time
import unicodedata
import zlib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import snowballstemmer

ROOT = Path(__file__).resolve().parent.parent
"""The repository: the fixture pages live in its ``tests/data/wiki``."""
DATA_DIR = ROOT / "tests" / "data" / "wiki"
PAGES_FILE = DATA_DIR / "pages.json"
ARTICLES_FILE = DATA_DIR / "articles.json"
HELDOUT_PAGES_FILE = DATA_DIR / "heldout_pages.json"
"""A second fixture wiki, written with its articles before the resolver was tuned on them."""
HELDOUT_ARTICLES_FILE = DATA_DIR / "heldout_articles.json"
HOSTILE_TITLE = "Evil [@click=app.quit]x[/] page"
"""A page whose title, description and extract carry markup and escape sequences."""

_BODY = (
    " The rest of the article goes on at length about history, geography, politics and"
    " culture, which an intro-only request never needs to download."
) * 40


@dataclass
class Faults:
    """Fault modes; every field off by default. Change them while the server runs."""

    latency: float = 0.0
    """Seconds to wait before answering."""
    hold: threading.Event | None = None
    """Answer only once this event is set: a test decides when a reply arrives, not a clock."""
    status: int | None = None
    """Answer every request with this HTTP status (500, 403, 404, 429...)."""
    retry_after: str | None = None
    """``Retry-After`` header sent with 429 (and with ``status``)."""
    body: str | None = None
    """Replace every 200 body: ``broken_json``, ``html``, ``maxlag``, ``list`` or ``apierror``."""
    fail_every: int = 0
    """Answer every Nth request with 500."""
    fail_search: str | None = None
    """Answer every search for this query with 500."""
    rate_limit_every: int = 0
    """Answer every Mth request with 429 and ``rate_limit_retry_after``."""
    rate_limit_retry_after: str = "1"
    drip: float = 0.0
    """Send the body one byte at a time, this many seconds apart."""
    header_drip: float = 0.0
    """Send the status line and headers one byte at a time, this many seconds apart."""
    content_encoding: str | None = None
    """Compress every 200 body with these codings (``gzip``, ``deflate``), in the order
    listed, and say so in ``Content-Encoding`` (any other name is sent but not applied)."""
    payload: bytes | None = None
    """Send these bytes as every 200 body, as they are (a gzip bomb, say)."""


@dataclass
class Wiki:
    """The fixture pages, indexed."""

    pages: dict[str, dict[str, Any]]
    redirects: dict[str, str]
    base_url: str = "https://en.wikipedia.org/wiki/"
    ids: dict[str, int] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = PAGES_FILE) -> Wiki:
        """Read a pages file."""
        data = json.loads(path.read_text(encoding="utf-8"))
        pages = {page["title"]: page for page in data["pages"]}
        wiki = cls(pages=pages, redirects=dict(data.get("redirects", {})))
        wiki.ids = {title: number for number, title in enumerate(pages, start=1)}
        return wiki

    @staticmethod
    def normalize(title: str) -> str:
        """MediaWiki's title normalisation: underscores to spaces, first letter upper."""
        title = " ".join(title.replace("_", " ").split())
        return title[:1].upper() + title[1:]

    def intro(self, title: str) -> str:
        """A page's intro (``exintro``): a disambiguation page's lead ends at its first
        "may refer to:" (or "may also refer to:"), where its sections of entries begin."""
        page = self.pages[title]
        extract: str = page["extract"]
        found = _LEAD_END.search(extract) if page.get("disambiguation") else None
        return extract[: found.end()].rstrip(":") + ":" if found else extract

    def page_json(self, title: str, params: dict[str, str]) -> dict[str, Any]:
        """One page as formatversion 2 JSON, with the props asked for."""
        page = self.pages.get(title)
        if page is None:
            return {"ns": 0, "title": title, "missing": True}
        props = set(params.get("prop", "").split("|"))
        item: dict[str, Any] = {"pageid": self.ids[title], "ns": 0, "title": title}
        if "extracts" in props:
            extract = page["extract"]
            item["extract"] = self.intro(title) if params.get("exintro") else extract + _BODY
        if "pageprops" in props:
            wanted = set(params.get("ppprop", "disambiguation|wikibase-shortdesc").split("|"))
            pageprops = {}
            if page.get("disambiguation") and "disambiguation" in wanted:
                pageprops["disambiguation"] = ""
            if page.get("description") and "wikibase-shortdesc" in wanted:
                pageprops["wikibase-shortdesc"] = page["description"]
            if pageprops:
                item["pageprops"] = pageprops
        if "info" in props:
            item["contentmodel"] = "wikitext"
            item["pagelanguage"] = "en"
            if "url" in params.get("inprop", ""):
                url = self.base_url + quote(title.replace(" ", "_"), safe="(),_:'")
                item["fullurl"] = url
                item["canonicalurl"] = url
        return item

    def search(self, query: str, limit: int) -> list[str]:
        """Titles matching every word of ``query`` (title, redirects or text), best first.

        When the pages carry ``popularity`` (monthly views), results rank the way
        Wikipedia's search does: the page whose title or redirect is the query, then
        pages whose title or a redirect holds every word of the query, most read first,
        then pages matching in their text. Without it, a word-overlap score ranks them.
        """
        words = _words(query)
        if not words:
            return []
        aliases: dict[str, list[str]] = {}
        for source, target in self.redirects.items():
            aliases.setdefault(target, []).append(source)
        by_views = any("popularity" in page for page in self.pages.values())
        exact = self.normalize(query)
        scored: list[tuple[tuple[float, ...], str]] = []
        for title, page in self.pages.items():
            names = (title, *aliases.get(title, []))
            title_words = _words(" ".join(names))
            text_words = _words(page.get("description", "") + " " + page["extract"])
            if not all(word in title_words or word in text_words for word in words):
                continue
            score = 10.0 * sum(word in title_words for word in words)
            score += sum(text_words.count(word) for word in words)
            if exact in names:
                score += 100
            if not by_views:
                scored.append(((-score,), title))
                continue
            views = float(page.get("popularity", 0))
            if exact in names or exact.casefold() in (name.casefold() for name in names):
                tier = 0
            elif any(set(words) <= set(_words(name)) for name in names):
                tier = 1
            else:
                tier = 2
            scored.append(((tier, -views if tier < 2 else -score, -views), title))
        scored.sort()
        return [title for _, title in scored[:limit]]


def gzip_bomb(size: int) -> bytes:
    """A valid gzip stream of ``size`` zero bytes (whole MiB), about 1/1000 of that long.

    Built from one full-flushed block repeated, so a gigabyte takes a second (the CRC).
    """
    block = bytes(1 << 20)
    count = size // len(block)
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    middle = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)  # needs no history
    end = packer.flush()[:-8]  # the last (empty) block, without the trailer
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    trailer = struct.pack("<II", crc, (count * len(block)) & 0xFFFFFFFF)
    return head + middle * (count - 1) + end + trailer


def encode(body: bytes, codings: str) -> bytes:
    """``body`` compressed with each coding of a ``Content-Encoding`` value, in order."""
    for coding in codings.split(","):
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            body = gzip.compress(body)
        elif coding == "deflate":
            body = zlib.compress(body)
    return body


_LEAD_END = re.compile(r"\bmay (?:also )?refer to\b:?", re.IGNORECASE)
"""Where a disambiguation page's lead ends: its entries below are in sections."""


@lru_cache(maxsize=1 << 16)  # page texts, and queries without end
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as Wikipedia's search matches them: case and accents folded
    ("Gonzalez" finds "González") and stemmed as its English analyser stems them
    ("Democrats" finds "Democratic Party")."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in folded if not unicodedata.combining(char))
    return tuple(_stem(word) for word in re.findall(r"\w+", plain))


@cache
def _stem(word: str) -> str:
    with _STEMMER_LOCK:  # a stemmer keeps the word it works on: one thread at a time
        return _STEMMER.stemWord(word)


_STEMMER = snowballstemmer.stemmer("english")
_STEMMER_LOCK = threading.Lock()


def _answer(wiki: Wiki, params: dict[str, str]) -> dict[str, Any]:
    """The JSON reply to an action API query."""
    if params.get("action") != "query":
        return {"error": {"code": "badvalue", "info": "Only action=query is served here."}}
    version2 = params.get("formatversion") == "2"
    query: dict[str, Any] = {}
    titles: list[str] = []
    ranks: dict[str, int] = {}
    if "titles" in params:
        normalized = []
        for raw in params["titles"].split("|")[:50]:
            title = wiki.normalize(raw)
            if title != raw:
                normalized.append({"fromencoded": False, "from": raw, "to": title})
            titles.append(title)
        if normalized:
            query["normalized"] = normalized
    elif params.get("generator") == "search":
        limit = int(params.get("gsrlimit", "10"))
        titles = wiki.search(params.get("gsrsearch", ""), limit)
        ranks = {title: rank for rank, title in enumerate(titles, start=1)}
    elif params.get("list") == "search":
        found = wiki.search(params.get("srsearch", ""), int(params.get("srlimit", "10")))
        query["searchinfo"] = {"totalhits": len(found)}
        query["search"] = [
            {
                "ns": 0,
                "title": title,
                "pageid": wiki.ids[title],
                "snippet": wiki.pages[title]["extract"][:80],
            }
            for title in found
        ]
        return {"batchcomplete": True, "query": query}
    if params.get("redirects") and titles:
        followed = []
        for number, title in enumerate(titles):
            if title in wiki.redirects:
                followed.append({"from": title, "to": wiki.redirects[title]})
                titles[number] = wiki.redirects[title]
        if followed:
            query["redirects"] = followed
    pages = []
    extracts_left = min(
        int(params.get("exlimit", "20")) if params.get("exlimit", "") != "max" else 20, 20
    )
    reply: dict[str, Any] = {"batchcomplete": True}
    for title in dict.fromkeys(titles):
        item = wiki.page_json(title, params)
        if "extract" in item:
            if extracts_left <= 0:
                del item["extract"]
                reply["continue"] = {"excontinue": 20, "continue": "||"}
            extracts_left -= 1
        if title in ranks:
            item["index"] = ranks[title]
        pages.append(item)
    if version2:
        query["pages"] = pages
    else:
        query["pages"] = {str(item.get("pageid", -1 - n)): item for n, item in enumerate(pages)}
    reply["query"] = query
    return reply


class WikiServer:
    """A running fixture server; ``url`` is its ``api.php`` address."""

    def __init__(self, wiki: Wiki, port: int = 0) -> None:
        """Bind 127.0.0.1:``port`` (0 picks a free port); call :meth:`start` to serve."""
        self.wiki = wiki
        self.faults = Faults()
        self.requests: list[dict[str, str]] = []
        self.user_agents: list[str] = []
        self.in_flight = 0
        self.max_in_flight = 0
        """Most requests being answered at the same time since the last reset."""
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        """The port bound."""
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """The action API endpoint."""
        return f"http://127.0.0.1:{self.port}/w/api.php"

    @property
    def request_count(self) -> int:
        """Requests received since the last :meth:`reset`."""
        return len(self.requests)

    def request_kinds(self) -> dict[str, int]:
        """The requests since the last :meth:`reset` by kind: ``title batches`` (with the
        ``titles asked`` in them and the ``titles asked before`` among those), ``intro
        batches`` (asking again for pages answered without their intro, if any),
        ``searches`` (with the ``searches repeated``, asking a query asked before, and the
        ``searches finding nothing``), ``other``."""
        kinds: dict[str, int] = dict.fromkeys(
            ("title batches", "titles asked", "titles asked before", "searches"), 0
        )
        kinds.update({"searches repeated": 0, "searches finding nothing": 0, "other": 0})
        asked: set[str] = set()
        searched: set[str] = set()
        withheld: set[str] = set()  # pages answered without their intro (past ``exlimit``)
        with self._lock:
            requests = list(self.requests)
        for params in requests:
            if "titles" in params:
                titles = params["titles"].split("|")
                if set(titles) <= withheld:
                    kinds["intro batches"] = kinds.get("intro batches", 0) + 1
                    withheld -= set(titles)
                    continue
                kinds["title batches"] += 1
                kinds["titles asked"] += len(titles)
                kinds["titles asked before"] += sum(title in asked for title in titles)
                asked.update(titles)
                pages = _answer(self.wiki, params).get("query", {}).get("pages", [])
                pages = pages.values() if isinstance(pages, dict) else pages
                withheld.update(
                    page["title"] for page in pages if "extract" not in page and "pageid" in page
                )
            elif params.get("generator") == "search" or params.get("list") == "search":
                query = params.get("gsrsearch", params.get("srsearch", ""))
                kinds["searches"] += 1
                kinds["searches repeated"] += query in searched
                kinds["searches finding nothing"] += not self.wiki.search(query, 1)
                searched.add(query)
            else:
                kinds["other"] += 1
        return kinds

    def reset(self) -> None:
        """Forget recorded requests and turn every fault off."""
        with self._lock:
            self.requests.clear()
            self.user_agents.clear()
            self.max_in_flight = 0
            self.faults = Faults()

    def start(self) -> WikiServer:
        """Serve in a daemon thread."""
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        try:
            self._httpd.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            self._httpd.server_close()

    def stop(self) -> None:
        """Stop serving and close the socket (a held request is let go first)."""
        if self.faults.hold is not None:
            self.faults.hold.set()
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> WikiServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def record(self, params: dict[str, str], user_agent: str) -> int:
        """Record one request; returns its 1-based number."""
        with self._lock:
            self.requests.append(params)
            self.user_agents.append(user_agent)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return len(self.requests)

    def done(self) -> None:
        """One request answered."""
        with self._lock:
            self.in_flight -= 1


def _handler_for(server: WikiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            """Stay quiet."""

        def do_GET(self) -> None:  # noqa: N802
            try:
                self._answer()
            finally:
                server.done()

        def _answer(self) -> None:
            parts = urlsplit(self.path)
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            number = server.record(params, self.headers.get("User-Agent", ""))
            faults = server.faults
            if faults.hold is not None:
                faults.hold.wait()
            if faults.latency:
                time.sleep(faults.latency)
            if faults.header_drip:
                return self._drip_headers(faults.header_drip)
            if parts.path != "/w/api.php":
                return self._send(404, b"not found", "text/plain")
            if faults.rate_limit_every and number % faults.rate_limit_every == 0:
                return self._send(429, b"slow down", "text/plain", faults.rate_limit_retry_after)
            if faults.fail_every and number % faults.fail_every == 0:
                return self._send(500, b"server error", "text/plain")
            if faults.fail_search is not None and params.get("gsrsearch") == faults.fail_search:
                return self._send(500, b"server error", "text/plain")
            if faults.status is not None:
                return self._send(faults.status, b"fault", "text/plain", faults.retry_after)
            if faults.body == "broken_json":
                return self._send(
                    200, b'{"batchcomplete": true, "query": {"pages": [', "application/json"
                )
            if faults.body == "html":
                return self._send(200, b"<html><body>Wikimedia Error</body></html>", "text/html")
            if faults.body == "list":
                return self._send(200, b"[1, 2, 3]", "application/json")
            if faults.body in ("maxlag", "apierror"):
                code = "maxlag" if faults.body == "maxlag" else "internal_api_error"
                body = json.dumps(
                    {"error": {"code": code, "info": "Waiting for a database server"}}
                )
                return self._send(200, body.encode(), "application/json", "1")
            body = json.dumps(_answer(server.wiki, params)).encode()
            encoding = faults.content_encoding
            if faults.payload is not None:
                body = faults.payload
            elif encoding is not None:
                body = encode(body, encoding)
            self._send(
                200, body, "application/json; charset=utf-8", drip=faults.drip, encoding=encoding
            )

        def _drip_headers(self, pause: float) -> None:
            """An answer whose status line and headers come one byte every ``pause`` s."""
            head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            head += b"X-Padding: " + b"." * 200 + b"\r\nContent-Length: 2\r\n\r\n{}"
            self.close_connection = True
            try:
                for index in range(len(head)):
                    self.wfile.write(head[index : index + 1])
                    self.wfile.flush()
                    time.sleep(pause)
            except OSError:  # the client hung up, as it should
                pass

        def _send(
            self,
            status: int,
            body: bytes,
            content_type: str,
            retry_after: str | None = None,
            drip: float = 0.0,
            encoding: str | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if encoding is not None:
                self.send_header("Content-Encoding", encoding)
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.end_headers()
            try:
                if not drip:
                    self.wfile.write(body)
                    return
                for index in range(len(body)):
                    self.wfile.write(body[index : index + 1])
                    self.wfile.flush()
                    time.sleep(drip)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def start_server(pages: Path = PAGES_FILE, *, port: int = 0) -> WikiServer:
    """Start a fixture server in a thread; remember to call ``.stop()``."""
    return WikiServer(Wiki.load(pages), port).start()


def load_articles(path: Path = ARTICLES_FILE) -> list[dict[str, Any]]:
    """The fixture articles: text plus hand-listed entities and the page each should get."""
    articles = json.loads(path.read_text(encoding="utf-8"))["articles"]
    for article in articles:
        if article.get("sample"):
            sample = ROOT / "assets" / f"{article['name']}.txt"
            article["text"] = sample.read_text(encoding="utf-8")
    return articles


def load_heldout_articles(path: Path = HELDOUT_ARTICLES_FILE) -> list[dict[str, Any]]:
    """Held-out articles: ``name``, ``text`` and ``expected`` (entity name -> page title).

    An expected value is a title, ``None`` (no page), or a list of acceptable outcomes
    where ``"?"`` accepts ``ambiguous``.
    """
    return json.loads(path.read_text(encoding="utf-8"))["articles"]


def make_entities(article: dict[str, Any]) -> list[Any]:
    """The article's entities as :class:`reader.models.Entity` (mentions found by regex)."""
    from reader.models import Entity, Mention

    text = article["text"]
    entities = []
    for spec in article["entities"]:
        aliases = tuple(spec.get("aliases") or [spec["name"]])
        mentions: set[Mention] = set()
        for alias in aliases:
            for match in re.finditer(r"(?<!\w)" + re.escape(alias) + r"(?!\w)", text):
                mentions.add(Mention(match.start(), match.end(), match.group()))
        slug = re.sub(r"\W+", "-", spec["name"].casefold()).strip("-") + "-" + spec["label"].lower()
        entities.append(Entity(slug, spec["name"], spec["label"], aliases, tuple(sorted(mentions))))
    return entities


def main(argv: list[str] | None = None) -> None:
    """Run the fixture server in the foreground."""
    parser = argparse.ArgumentParser(description="reader's fixture MediaWiki server")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--pages", type=Path, default=PAGES_FILE)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    parser.add_argument("--fail-every", type=int, default=0, help="answer every Nth with 500")
    parser.add_argument("--rate-limit-every", type=int, default=0, help="every Mth with 429")
    args = parser.parse_args(argv)
    server = WikiServer(Wiki.load(args.pages), args.port)
    server.faults = Faults(
        latency=args.latency, fail_every=args.fail_every, rate_limit_every=args.rate_limit_every
    )
    print(server.url, flush=True)
    server.serve_forever()
