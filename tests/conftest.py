"""Shared fixtures: every test runs isolated from the developer's cache and settings."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the cache at a fresh directory, drop READER_* settings, keep the UI deterministic."""
    for name in list(os.environ):
        if name.startswith("READER_"):
            monkeypatch.delenv(name)
    cache_dir = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("READER_CACHE_DIR", str(cache_dir))
    monkeypatch.setenv(
        "READER_WIKI_API", "http://127.0.0.1:9/w/api.php"
    )  # never the real Wikipedia
    # No animations: the loading state renders the same every time (snapshots) and no test
    # waits for one. Textual read TEXTUAL_ANIMATIONS at import, so set what App() reads.
    import textual.constants

    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setattr(textual.constants, "TEXTUAL_ANIMATIONS", "none")
    yield


@pytest.fixture
def wiki_server():
    """A fixture MediaWiki server on 127.0.0.1, fresh for each test (see ``wikifixture``)."""
    from wikifixture import start_server

    server = start_server()
    yield server
    server.stop()
