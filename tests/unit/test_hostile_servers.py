"""Hostile servers against the lookup service and the ``reader`` command (hardening probe).

Real servers on 127.0.0.1 only: the fixture wiki with its fault knobs, and a plain
``http.server`` serving an article.
"""

from __future__ import annotations

import functools
import json
import re
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from wikipediaapi import WikipediaException

from reader.config import Settings
from reader.lookup import LookupService
from reader.lookup.client import RetryPolicy, WikiClient
from tests.threats.cli import assert_refused, run_reader
from wikifixture import load_articles, make_entities

DOCS = Path(__file__).parents[1] / "data" / "docs"
ARTICLE = Path(__file__).parents[2] / "assets" / "israel-egypt-truce-talks.txt"
SAMPLE = next(a for a in load_articles() if a["name"] == "israel-egypt-truce-talks")
USER, PASSWORD = "alice", "hunter2pw"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - base signature
        pass


@pytest.fixture(scope="module")
def docs_server() -> Iterator[str]:
    """``tests/data/docs`` over HTTP on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(DOCS))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _with_user(url: str) -> str:
    return url.replace("http://", f"http://{USER}:{PASSWORD}@", 1)


def test_a_stacked_encoding_reply_ends_in_the_error_state(wiki_server, tmp_path):
    """Probe case 53: ``gzip, gzip`` from the wiki is an ``error`` background, not a crash."""
    wiki_server.faults.content_encoding = "gzip, gzip"
    settings = Settings(wiki_api=wiki_server.url, cache_dir=tmp_path)
    lookups = LookupService(settings, policy=RetryPolicy(max_retries=0))
    background = lookups.lookup(make_entities(SAMPLE)[0], SAMPLE["text"])
    lookups.close()
    assert background.status == "error" and "unusable reply" in (background.error or "")


def test_a_whole_article_against_dripping_headers_asks_only_its_first_batches(
    wiki_server, tmp_path
):
    """Probe case 56: what ``reader prefetch`` runs (``lookup_many`` over an article's
    entities, several batched calls and phases) against a server whose every reply's
    headers drip a byte at a time (about 30 s a reply, each read well inside the read
    timeout): the first phase's two title batches are given up at the request deadline,
    and every later call fails at once, without a request."""
    wiki_server.faults.header_drip = 0.1
    policy = RetryPolicy(
        max_retries=10, backoff=0.01, request_deadline=0.8, call_deadline=2.0, timeout=5.0
    )
    lookups = LookupService(Settings(wiki_api=wiki_server.url, cache_dir=tmp_path), policy=policy)
    entities = make_entities(SAMPLE)
    started = time.monotonic()
    results = lookups.lookup_many(entities, SAMPLE["text"])
    elapsed = time.monotonic() - started
    lookups.close()
    assert wiki_server.request_count <= 2  # one call per later phase would ask again
    assert elapsed < 20, elapsed  # hang guard: one reply alone takes about 30 s
    assert {results[e.id].status for e in entities} <= {"error", "not_found"}
    assert any(results[e.id].status == "error" for e in entities)


@pytest.mark.model
def test_prefetch_against_dripping_headers_ends_within_the_default_deadlines(wiki_server, tmp_path):
    """Probe case 56: the real ``reader prefetch`` with its default deadlines (15 s a
    request, 40 s a call) against one header byte every 5 s (a reply would take 24 minutes)
    ends, every entity in error, after its first batches' requests. ``run_reader``'s
    timeout is the hang guard."""
    wiki_server.faults.header_drip = 5.0
    args = ["prefetch", str(ARTICLE), "--wiki-api", wiki_server.url, "--cache-dir", str(tmp_path)]
    ended = run_reader(args, timeout=120)
    assert ended.code == 1 and re.match(r"(\d+) entit(?:y|ies): \1 error \(", ended.stdout), ended
    assert re.search(r"warning: (\d+) of \1 lookups? failed: ", ended.stderr), ended  # why
    assert wiki_server.request_count <= 2, ended


def test_credentials_in_the_wiki_endpoint_never_reach_error_messages(wiki_server):
    """Probe case 62: ``--wiki-api http://user:pass@host/...``: errors carry no password."""
    policy = RetryPolicy(max_retries=0, request_deadline=0.5, timeout=0.3)
    client = WikiClient(_with_user(wiki_server.url), "en", policy)
    errors: list[str] = []
    for fault, value in (("status", 503), ("body", "broken_json"), ("header_drip", 0.1)):
        setattr(wiki_server.faults, fault, value)
        with pytest.raises(WikipediaException) as caught:
            client.query_titles(["Israel"])
        errors.append(f"{caught.value!s} {caught.value!r}")
        wiki_server.reset()
    client.close()
    assert all(PASSWORD not in error and USER not in error for error in errors), errors


@pytest.mark.model
def test_credentials_never_reach_the_json_output(docs_server):
    """Probe case 62: ``reader entities http://user:pass@127.0.0.1/... --json``: the
    password is nowhere on stdout or stderr, and ``source`` is the address without it."""
    ended = run_reader(["entities", _with_user(f"{docs_server}/article.html"), "--json"])
    assert ended.code == 0, ended
    assert PASSWORD not in ended.stdout + ended.stderr
    assert USER not in ended.stdout + ended.stderr
    assert json.loads(ended.stdout)["source"] == f"{docs_server}/article.html"


@pytest.mark.parametrize("path", ["missing.html", "article.html?x=1#y"])
def test_credentials_never_reach_the_command_line_errors(docs_server, path):
    """Probe case 62: a refused URL's one-line error shows the address without credentials."""
    source = _with_user(f"{docs_server}/{path}")
    if path.startswith("article"):
        source = source.replace("http://", "ftp://", 1)  # refused before any network use
    line = assert_refused(run_reader(["entities", source, "--json"], timeout=30))
    assert PASSWORD not in line and USER not in line and "127.0.0.1" in line


def test_credentials_never_reach_the_wiki_api_usage_error():
    """Probe case 62: a refused ``--wiki-api`` is shown without its password."""
    line = assert_refused(
        run_reader(["cache", "info", "--wiki-api", f"ftp://{USER}:{PASSWORD}@h/"])
    )
    assert PASSWORD not in line and USER not in line and "ftp://h/" in line
