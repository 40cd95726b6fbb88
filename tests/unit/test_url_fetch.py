"""Fetching articles over HTTP from a real server on 127.0.0.1 (THREATS checklist 27)."""

from __future__ import annotations

import contextlib
import gzip
import socket
import threading
import tracemalloc
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from reader.documents import load_document
from reader.documents.url import _is_private, fetch
from reader.errors import InputError

ARTICLE = (
    b"<!doctype html><html><head><title>Served Article</title><script>var leak = 1;</script>"
    b"</head><body><article><h1>Served Article</h1>"
    b"<p>Angela Merkel met Emmanuel Macron in Paris on Monday to talk about the budget.</p>"
    b"<p>The talks covered Ukraine and the European Union, the officials said later.</p>"
    b"</article></body></html>"
)
BOMB_SIZE = 200 * 1024 * 1024


def _gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1024 * 1024)
    parts = [packer.compress(block) for _ in range(BOMB_SIZE // len(block))]
    return b"".join([*parts, packer.flush()])


class Handler(BaseHTTPRequestHandler):
    """Routes for every case; each sends what a hostile or ordinary server would."""

    bomb: bytes = b""
    seen_headers: dict[str, str] = {}
    paths: list[str] = []
    released = threading.Event()
    """Set when the module's tests are done: the drip and the stall end then, not before."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        pass

    def do_GET(self) -> None:
        Handler.seen_headers = dict(self.headers)
        Handler.paths.append(self.path)
        route: Callable[[], None] | None = getattr(
            self, "route_" + self.path.strip("/").split("/")[0], None
        )
        if route is None:
            self.send_error(404)
        else:
            route()

    def reply(self, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def route_article(self) -> None:
        self.reply(ARTICLE, "text/html; charset=utf-8")

    def route_plain(self) -> None:
        self.reply("Plain title\r\nGrüße \x1b[2J text.\n".encode(), "text/plain; charset=utf-8")

    def route_latin(self) -> None:
        self.reply("Müller\n".encode("latin-1"), "text/plain; charset=iso-8859-1")

    def route_notes(self) -> None:
        self.reply(b"# Notes\n\nSome **bold** words.\n", "text/markdown")

    def route_gzipped(self) -> None:
        self.reply(gzip.compress(ARTICLE), "text/html", Content_Encoding="gzip")

    def route_image(self) -> None:
        self.reply(b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")

    def route_missing(self) -> None:
        self.send_error(404, "Not Found")

    def route_tofile(self) -> None:
        self.redirect("file:///etc/passwd")

    def route_toftp(self) -> None:
        self.redirect("ftp://127.0.0.1/x")

    def route_hops(self) -> None:
        left = int(self.path.rstrip("/").split("/")[-1])
        self.redirect(f"/hops/{left - 1}" if left > 0 else "/article")

    def route_drip(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        with contextlib.suppress(OSError):  # until the client hangs up
            while not Handler.released.wait(0.1):
                self.wfile.write(b"x")
                self.wfile.flush()

    def route_stall(self) -> None:
        Handler.released.wait(600)  # never answers while the tests run

    def route_bomb(self) -> None:
        with contextlib.suppress(OSError):  # the client hangs up at its cap
            self.reply(Handler.bomb, "text/plain", Content_Encoding="gzip")

    def route_big(self) -> None:
        with contextlib.suppress(OSError):
            self.reply(b"a" * 5_000_000, "text/plain")

    def route_to(self) -> None:
        """``/to/HOST``: a redirect to this server's article, spelt with HOST."""
        host = self.path.rstrip("/").split("/")[-1]
        self.redirect(f"http://{host}:{self.server.server_address[1]}/article")

    def route_toftpuser(self) -> None:
        self.redirect("ftp://someone:secret@127.0.0.1/x")

    def route_stacked(self) -> None:
        self.reply(
            gzip.compress(gzip.compress(ARTICLE)), "text/html", Content_Encoding="gzip, gzip"
        )


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    Handler.bomb = _gzip_bomb()
    Handler.released.clear()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    Handler.released.set()
    httpd.shutdown()
    httpd.server_close()


def test_html_page_keeps_title_and_body(server: str) -> None:
    document = load_document(f"{server}/article")
    assert document.title == "Served Article"
    assert document.source == f"{server}/article"
    assert "Angela Merkel met Emmanuel Macron" in document.text
    assert "\n\nThe talks covered Ukraine" in document.text
    assert "leak" not in document.text
    assert Handler.seen_headers["User-Agent"].startswith("reader")


def test_plain_text_is_decoded_normalised_and_sanitised(server: str) -> None:
    document = load_document(f"{server}/plain")
    assert document.text == "Plain title\nGrüße \u241b[2J text.\n"
    assert document.title == "Plain title"


def test_declared_charset_is_used(server: str) -> None:
    assert load_document(f"{server}/latin").text == "Müller\n"


def test_markdown_content_type(server: str) -> None:
    document = load_document(f"{server}/notes")
    assert (document.title, document.text) == ("Notes", "Notes\n\nSome bold words.")


def test_gzip_body_is_decoded(server: str) -> None:
    assert load_document(f"{server}/gzipped").title == "Served Article"


def test_up_to_five_redirects_are_followed(server: str) -> None:
    assert fetch(f"{server}/hops/4").url  # 4, 3, 2, 1, 0: five hops == f"{server}/article"


def test_more_than_five_redirects_are_refused(server: str) -> None:
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetch(f"{server}/hops/5")  # six hops


@pytest.mark.parametrize(("route", "scheme"), [("tofile", "file"), ("toftp", "ftp")])
def test_redirect_to_another_scheme_is_refused(server: str, route: str, scheme: str) -> None:
    with pytest.raises(InputError, match=f"redirects to {scheme}:.*not http"):
        load_document(f"{server}/{route}")


def test_slow_drip_is_stopped_by_the_deadline(server: str) -> None:
    """The drip never ends while the tests run: only the deadline can end the fetch."""
    with pytest.raises(InputError, match="did not arrive"):
        fetch(f"{server}/drip", deadline=1.0)


def test_silent_server_is_stopped_by_the_deadline(server: str) -> None:
    """The server never answers while the tests run: only the deadline can end the fetch."""
    with pytest.raises(InputError, match="did not arrive within 1 s"):
        fetch(f"{server}/stall", deadline=1.0)


def test_gzip_bomb_stops_at_the_cap_with_bounded_memory(server: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="larger than 1 MB"):
            fetch(f"{server}/bomb", max_bytes=1024 * 1024)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # a 200 MB bomb, never inflated


def test_plain_body_over_the_cap(server: str) -> None:
    with pytest.raises(InputError, match="larger than 1 MB"):
        load_document(f"{server}/big", max_bytes=1024 * 1024)


def test_non_text_content_type_is_refused(server: str) -> None:
    with pytest.raises(InputError, match="image/png, not an article"):
        load_document(f"{server}/image")


def test_http_error_status(server: str) -> None:
    with pytest.raises(InputError, match="404"):
        load_document(f"{server}/missing")


def test_unreachable_port_gives_a_clear_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(InputError, match="cannot connect") as caught:
        load_document(f"http://127.0.0.1:{port}/article")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "http://", "https:///x"])
def test_fetch_refuses_non_http_urls(url: str) -> None:
    with pytest.raises(InputError, match="only http and https"):
        fetch(url)


@pytest.mark.parametrize(
    ("host", "private"),
    [
        ("127.0.0.1", True),
        ("169.254.169.254", True),
        ("10.1.2.3", True),
        ("[::1]", True),
        ("::1", True),
        ("localhost", True),
        ("93.184.216.34", False),
        ("example.org", False),
    ],
)
def test_private_address_policy(host: str, private: bool) -> None:
    # A public page may not redirect here (the check the fetcher applies to every hop).
    assert _is_private(host) is private


# -- hardening probe: private-address forms (case 57) and credentials in URLs (case 62) ------

LEGACY_LOOPBACK_FORMS = ["127.1", "2130706433", "0x7f000001", "0", "017700000001"]
"""Spellings of 127.0.0.1 (and 0.0.0.0) that inet_aton, and so the resolver, accepts."""


def _loopback_name() -> str:
    """A host name (not ``localhost``) that resolves to a loopback address, or skip."""
    name = socket.gethostname()
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(name, 80, type=socket.SOCK_STREAM)}
    except OSError:
        addresses = set()
    if not addresses or not all(address.startswith("127.") for address in addresses):
        pytest.skip(f"the host name {name!r} does not resolve to a loopback address here")
    return name


@pytest.mark.parametrize("host", LEGACY_LOOPBACK_FORMS)
def test_legacy_ipv4_spellings_are_private(host: str) -> None:
    """Probe case 57: ``127.1``, ``2130706433``, ``0x7f000001``, ``0``... are private."""
    assert _is_private(host)


@pytest.mark.parametrize(
    "host", [*LEGACY_LOOPBACK_FORMS, "127.0.0.1", "[::ffff:127.0.0.1]", "name"]
)
def test_a_public_page_may_not_redirect_to_any_spelling_of_a_private_address(
    server: str, host: str
) -> None:
    """Probe case 57: every spelling, and a name resolving to 127.0.0.1, is refused before
    a request reaches it (``private_redirects=False``: as if the start were public)."""
    if host == "name":
        host = _loopback_name()  # caught at connect time, by the address connected to
    Handler.paths.clear()
    with pytest.raises(InputError, match="redirects to a private address"):
        fetch(f"{server}/to/{host}", private_redirects=False)
    assert Handler.paths == [f"/to/{host}"]  # the article was never asked for


@pytest.mark.parametrize("host", ["127.1", "name"])
def test_a_private_start_may_still_redirect_to_a_private_address(server: str, host: str) -> None:
    """Probe case 57: the policy is kept: a page on a private address may redirect to one."""
    if host == "name":
        host = _loopback_name()
    assert fetch(f"{server}/to/{host}").body == ARTICLE


def test_stacked_encodings_are_refused(server: str) -> None:
    """Probe case 53: ``gzip, gzip`` is refused with the usual one-line error."""
    with pytest.raises(InputError, match="stacked content encodings 'gzip, gzip'"):
        load_document(f"{server}/stacked")


def _with_user(server: str) -> str:
    return server.replace("http://", "http://someone:secret@")


def test_credentials_never_reach_the_document(server: str) -> None:
    """Probe case 62: ``user:pass@`` is stripped from the source and the title."""
    for route in ("article", "plain", "notes"):
        document = load_document(f"{_with_user(server)}/{route}")
        assert document.source == f"{server}/{route}"
        assert "secret" not in document.title and "someone" not in document.title
    assert load_document(f"{_with_user(server)}/plain").title == "Plain title"


@pytest.mark.parametrize(
    ("route", "deadline"),
    [("missing", 5.0), ("image", 5.0), ("toftpuser", 5.0), ("stall", 0.5), ("hops/9", 5.0)],
)
def test_credentials_never_reach_error_messages(server: str, route: str, deadline: float) -> None:
    """Probe case 62: no error message shows the password (or the user name)."""
    with pytest.raises(InputError) as caught:
        fetch(f"{_with_user(server)}/{route}", deadline=deadline)
    assert "secret" not in str(caught.value) and "someone" not in str(caught.value)
    assert "127.0.0.1" in str(caught.value)


@pytest.mark.parametrize(
    "source", ["ftp://someone:secret@127.0.0.1/x", "http://someone:secret@127.0.0.1:9/x"]
)
def test_credentials_never_reach_load_errors(source: str) -> None:
    """Probe case 62: refused schemes and unreachable hosts keep the password out too."""
    with pytest.raises(InputError) as caught:
        load_document(source)
    assert "secret" not in str(caught.value) and "someone" not in str(caught.value)
