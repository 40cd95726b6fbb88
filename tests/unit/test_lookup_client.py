"""The MediaWiki client over real HTTP: batching, parsing, and every network fault (THREATS §4)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import pytest
from wikipediaapi import (
    WikiConnectionError,
    WikiHttpError,
    WikiHttpTimeoutError,
    WikiInvalidJsonError,
    WikiRateLimitError,
)

from reader.lookup.client import (
    LookupCancelled,
    RequestTooSlow,
    RetryPolicy,
    WikiApiError,
    WikiClient,
    parse_retry_after,
)
from reader.sanitize import is_clean
from reader.web import PROJECT_URL
from wikifixture import HOSTILE_TITLE, encode, gzip_bomb

FAST = RetryPolicy(
    max_retries=2,
    backoff=0.01,
    retry_after_cap=0.2,
    request_deadline=1.0,
    call_deadline=3.0,
    timeout=0.5,
)


@pytest.fixture
def client(wiki_server):
    client = WikiClient(wiki_server.url, "en", FAST)
    yield client
    client.close()


def test_user_agent_names_reader_version_and_project(client, wiki_server):
    client.query_titles(["Israel"])
    agent = wiki_server.user_agents[0]
    assert agent.startswith("reader/0.1.0 ")
    assert PROJECT_URL in agent


def test_twenty_titles_cost_one_request_with_intros_only(client, wiki_server):
    titles = [
        "Israel",
        "Egypt",
        "Iran",
        "Lebanon",
        "Jerusalem",
        "Tehran",
        "Beirut",
        "Hamas",
        "Hezbollah",
        "Mossad",
        "Shin Bet",
        "Gaza",
        "Netanyahu",
        "U.S.",
        "Nowhere page",
        "Washington",
        "Orion",
        "Moon",
        "787",
        "Boeing",
    ]
    results = client.query_titles(titles)
    assert wiki_server.request_count == 1
    request = wiki_server.requests[0]
    assert request["exintro"] == "1" and request["explaintext"] == "1"
    assert request["redirects"] == "1"
    assert set(results) == set(titles)
    assert all(
        results[t].page is not None and results[t].page.summary
        for t in titles
        if t != "Nowhere page"
    )
    assert len(results["Israel"].page.summary) < 1000  # the intro, not the article
    with pytest.raises(ValueError):
        client.query_titles([f"T{n}" for n in range(51)])  # MediaWiki takes 50 titles


def test_redirects_missing_and_disambiguation(client):
    results = client.query_titles(["Gaza", "netanyahu", "Nowhere page", "Washington", "Israel"])
    assert results["Gaza"].page.title == "Gaza City" and results["Gaza"].redirected
    assert results["netanyahu"].page.title == "Benjamin Netanyahu"
    assert results["Nowhere page"].page is None
    assert results["Washington"].page.disambiguation
    israel = results["Israel"]
    assert not israel.redirected and not israel.page.disambiguation
    assert israel.page.description == "Country in West Asia"
    assert israel.page.url == "https://en.wikipedia.org/wiki/Israel"


def test_a_disambiguation_pages_intro_is_its_lead_as_on_wikipedia(client):
    """The fixture wiki serves an intro as Wikipedia does: a disambiguation page's entries
    sit in sections below its lead, which the intro leaves out (a search still reads them)."""
    found = client.query_titles(["Amazon", "Washington"])
    assert found["Amazon"].page.summary == "Amazon may refer to:"
    assert "Amazon" in [page.title for page in client.search_pages("Amazon warrior women")]
    # a lead that names the usual meanings keeps them
    assert found["Washington"].page.summary.startswith("Washington commonly refers to: George")


def test_search_brings_candidates_intros_in_one_request(client, wiki_server):
    pages = client.search_pages("Moon")
    assert wiki_server.request_count == 1
    assert wiki_server.requests[0]["generator"] == "search"
    titles = [page.title for page in pages]
    assert titles[0] == "Moon" and "Moon Jae-in" in titles
    assert all(page.summary for page in pages)


def test_hostile_page_is_sanitised(client):
    page = client.query_titles(["Hostile"])["Hostile"].page
    assert page.title == HOSTILE_TITLE  # markup stays literal text; the UI never parses it
    for text in (page.title, page.description, page.summary):
        assert is_clean(text)
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert "␛]0;PWNED␇" in page.summary


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", 5.0),
        ("86400", 30.0),
        ("²", None),
        ("1e99", None),
        ("9" * 20, 30.0),
        ("", None),
        ("soon", None),
        ("-3", None),
    ],
)
def test_retry_after_is_parsed_safely_and_capped(value, expected):
    assert parse_retry_after(value, 30.0) == expected


def test_retry_after_http_date_is_capped():
    later = format_datetime(datetime.now(UTC) + timedelta(days=2), usegmt=True)
    assert parse_retry_after(later, 30.0) == 30.0


def test_server_errors_are_retried_a_bounded_number_of_times(client, wiki_server):
    wiki_server.faults.status = 503
    with pytest.raises(WikiHttpError) as info:
        client.query_titles(["Israel"])
    assert info.value.status_code == 503
    assert wiki_server.request_count == 1 + FAST.max_retries


@pytest.mark.parametrize("status", [403, 404])
def test_forbidden_and_not_found_are_not_retried(client, wiki_server, status):
    wiki_server.faults.status = status
    with pytest.raises(WikiHttpError):
        client.query_titles(["Israel"])
    assert wiki_server.request_count == 1


@pytest.mark.parametrize(
    "retry_after", ["86400", "²", "1e99", "99999999999999999999", "Wed, 21 Oct 2099 07:28:00 GMT"]
)
def test_rate_limit_waits_are_capped(client, wiki_server, retry_after, monkeypatch):
    wiki_server.faults.status = 429
    wiki_server.faults.retry_after = retry_after
    waits: list[float] = []  # every hold the server's Retry-After asks for
    monkeypatch.setattr(client._transport, "_sleep", waits.append)
    with pytest.raises(WikiRateLimitError):
        client.query_titles(["Israel"])
    assert len(waits) <= FAST.max_retries  # unusable values: the library's backoff only
    assert all(0 <= wait <= FAST.retry_after_cap for wait in waits), waits
    assert wiki_server.request_count == 1 + FAST.max_retries


@pytest.mark.parametrize("body", ["broken_json", "html", "list"])
def test_malformed_replies_raise_the_library_error(client, wiki_server, body):
    wiki_server.faults.body = body
    with pytest.raises(WikiInvalidJsonError):
        client.query_titles(["Israel"])


def test_maxlag_is_retried_later(client, wiki_server):
    wiki_server.faults.body = "maxlag"
    with pytest.raises(WikiRateLimitError):
        client.query_titles(["Israel"])
    assert wiki_server.request_count == 1 + FAST.max_retries


def test_other_api_errors_are_final(client, wiki_server):
    wiki_server.faults.body = "apierror"
    with pytest.raises(WikiApiError):
        client.search_pages("Israel")
    assert wiki_server.request_count == 1


def test_a_slow_server_times_out(client, wiki_server):
    """Each answer comes after 1 s, the read timeout is 0.5 s: every attempt times out."""
    wiki_server.faults.latency = 1.0
    with pytest.raises(WikiHttpTimeoutError):
        client.query_titles(["Israel"])
    assert 1 <= wiki_server.request_count <= 1 + FAST.max_retries


def test_a_slow_drip_is_cut_by_the_overall_deadline(wiki_server):
    wiki_server.faults.drip = (
        0.02  # a byte every 20 ms: each read is quick, the reply takes minutes
    )
    client = WikiClient(wiki_server.url, "en", RetryPolicy(max_retries=0, request_deadline=0.5))
    with pytest.raises(RequestTooSlow):  # given up at the deadline, not by a read timeout
        client.query_titles(["Israel"])
    client.close()


def test_refused_connection_is_retried_a_bounded_number_of_times():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = WikiClient(f"http://127.0.0.1:{port}/w/api.php", "en", FAST)
    with pytest.raises(WikiConnectionError):
        client.query_titles(["Israel"])
    assert client.request_count == 1 + FAST.max_retries


def test_close_wakes_a_thread_sleeping_in_retry_after(wiki_server, monkeypatch):
    wiki_server.faults.status = 429
    wiki_server.faults.retry_after = "30"
    client = WikiClient(wiki_server.url, "en", RetryPolicy(call_deadline=100.0))
    sleeping = threading.Event()
    sleep = client._transport._sleep

    def noted_sleep(seconds: float) -> None:
        sleeping.set()
        sleep(seconds)

    monkeypatch.setattr(client._transport, "_sleep", noted_sleep)
    errors = _close_while_querying(client, ready=sleeping.is_set)
    assert isinstance(errors[0], LookupCancelled)


def _close_while_querying(client: WikiClient, ready: Callable[[], bool]) -> list[BaseException]:
    """Start a query on another thread, close ``client`` once ``ready()``, and return the
    query's errors. The query would otherwise run for 30 s; the thread must end within 10 s
    of the close (a hang guard, far above the 50 ms the client takes to notice)."""
    errors: list[BaseException] = []

    def work() -> None:
        try:
            client.query_titles(["Israel"])
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    thread = threading.Thread(target=work)
    thread.start()
    waited = 0.0
    while not ready():
        assert waited < 30 and thread.is_alive(), "the query never reached the point to close"
        time.sleep(0.01)
        waited += 0.01
    client.close()
    thread.join(10)
    assert not thread.is_alive()
    return errors


def test_requests_in_flight_are_bounded(wiki_server):
    wiki_server.faults.latency = 0.2
    client = WikiClient(wiki_server.url, "en", RetryPolicy(max_in_flight=3))
    threads = [
        threading.Thread(target=client.search_pages, args=(name,))
        for name in ("Moon", "Orion", "Gaza", "Washington", "Amazon", "Columbus", "TNS")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert wiki_server.request_count == 7
    assert wiki_server.max_in_flight <= 3
    client.close()


# -- hardening probe: compression bombs (case 53) and slow headers (case 56) -----------------

_MEASURE = """
import json, resource, sys, tracemalloc
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))  # a bomb must not take the machine
from reader.lookup.client import RetryPolicy, WikiClient
tracemalloc.start()
try:
    WikiClient(sys.argv[1], "en", RetryPolicy(max_retries=0)).query_titles(["Israel"])
    outcome = "answered"
except BaseException as err:
    outcome = f"{type(err).__name__}: {err}"
peak = tracemalloc.get_traced_memory()[1]
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
# VmHWM, in KiB: ru_maxrss would also count the pages pytest had before exec
rss = int(hwm.split()[1]) * 1024
print(json.dumps({"outcome": outcome, "peak": peak, "rss": rss}))
"""


def _lookup_in_a_child(url: str) -> dict[str, Any]:
    """One title lookup in a fresh interpreter (capped at 1 GiB): outcome and peak memory."""
    ended = subprocess.run(
        [sys.executable, "-c", _MEASURE, url], capture_output=True, text=True, timeout=60
    )
    assert ended.returncode == 0, ended.stderr[-2000:]
    return json.loads(ended.stdout)


@pytest.mark.parametrize(
    ("encoding", "bomb", "refusal"),
    [
        ("gzip, gzip", lambda: encode(gzip_bomb(1 << 30), "gzip"), "stacked content encodings"),
        ("gzip", lambda: gzip_bomb(200 << 20), "reply too large"),
    ],
    ids=["gzip-gzip-2kb-to-1gb", "gzip-200kb-to-200mb"],
)
def test_compression_bombs_are_refused_with_bounded_memory(wiki_server, encoding, bomb, refusal):
    """Probe case 53: a 2.5 KB ``gzip, gzip`` reply (1 GiB inside) and a 200 KB gzip one
    (200 MiB inside) are inflated once, in bounded steps, and refused; memory stays low."""
    wiki_server.faults.content_encoding = encoding
    wiki_server.faults.payload = bomb()
    measured = _lookup_in_a_child(wiki_server.url)
    assert measured["outcome"].startswith("WikiApiError: "), measured
    assert refusal in measured["outcome"], measured
    assert measured["peak"] < 32 * 1024 * 1024, measured  # Python allocations, 8 MB cap
    assert measured["rss"] < 150 * 1024 * 1024, measured  # the whole process


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "x-gzip", "identity", "gzip, identity"])
def test_one_compressed_layer_is_still_read(client, wiki_server, encoding):
    """Probe case 53: inflating by hand keeps ordinary compressed replies working."""
    wiki_server.faults.content_encoding = encoding
    assert client.query_titles(["Israel"])["Israel"].page.title == "Israel"


@pytest.mark.parametrize("encoding", ["br", "gzip, deflate", "deflate, gzip", "compress"])
def test_stacked_or_unknown_encodings_raise_the_library_error(client, wiki_server, encoding):
    """Probe case 53: refused with the library's error type (the lookup ends in ``error``)."""
    wiki_server.faults.content_encoding = encoding
    with pytest.raises(WikiApiError, match="content encoding"):
        client.query_titles(["Israel"])
    assert wiki_server.request_count == 1  # final: not retried


def test_headers_dripping_a_byte_at_a_time_are_cut_by_the_request_deadline(wiki_server):
    """Probe case 56: one header byte every 0.1 s (each read well inside the 5 s read
    timeout; the headers take about 30 s, the call may take 60) no longer holds the lookup past
    its 1 s request deadline: only that deadline gives the request up."""
    wiki_server.faults.header_drip = 0.1
    policy = RetryPolicy(max_retries=0, request_deadline=1.0, call_deadline=60.0, timeout=5.0)
    client = WikiClient(wiki_server.url, "en", policy)
    with pytest.raises(RequestTooSlow):
        client.query_titles(["Israel"])
    assert wiki_server.request_count == 1
    client.close()


def test_a_request_never_outlives_the_call_deadline(wiki_server):
    """Probe case 56: a request deadline longer than the call's is cut at the call's (the
    headers take about 30 s, the request may take 600, each read is well inside its timeout)."""
    wiki_server.faults.header_drip = 0.1
    policy = RetryPolicy(max_retries=10, request_deadline=600.0, call_deadline=1.0, timeout=5.0)
    client = WikiClient(wiki_server.url, "en", policy)
    with pytest.raises(RequestTooSlow):
        client.query_titles(["Israel"])
    assert wiki_server.request_count == 1
    client.close()


def test_a_request_cut_at_its_deadline_is_final_and_the_endpoint_rests(wiki_server):
    """Probe case 56: a reply still dripping at its deadline is not asked for again, and
    calls in the next ``call_deadline`` seconds fail at once, without a request."""
    wiki_server.faults.header_drip = 0.1
    policy = RetryPolicy(max_retries=10, request_deadline=0.5, call_deadline=1.5, timeout=5.0)
    client = WikiClient(wiki_server.url, "en", policy)
    with pytest.raises(RequestTooSlow):
        client.query_titles(["Israel"])
    assert wiki_server.request_count == 1
    with pytest.raises(WikiHttpTimeoutError):
        client.search_pages("Moon")
    assert wiki_server.request_count == 1  # failed at once, without asking
    wiki_server.reset()
    time.sleep(policy.call_deadline)
    assert client.query_titles(["Israel"])["Israel"].page is not None  # tried again later
    client.close()


def test_close_wakes_a_request_stuck_in_headers(wiki_server):
    """Probe case 56: closing the client ends a request still receiving its headers."""
    wiki_server.faults.header_drip = 0.1
    client = WikiClient(wiki_server.url, "en", RetryPolicy(request_deadline=30.0))
    errors = _close_while_querying(client, ready=lambda: wiki_server.request_count > 0)
    assert isinstance(errors[0], LookupCancelled)
