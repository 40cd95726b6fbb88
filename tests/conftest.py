"""Shared fixtures: every test runs isolated from the developer's cache and settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

E2E = Path(__file__).parent / "e2e"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep every test that drives a real terminal in one xdist group, run one at a time.

    ``--dist loadgroup`` (``pyproject.toml``) sends a group to a single worker: the tmux
    and pty tests then never compete with each other for the screen, the terminal's
    timing or the two cores. A test is one of them when it lives in ``tests/e2e``, is
    marked ``e2e``, or its module uses ``tests/e2e/tmux.py``.
    """
    for item in items:
        module = getattr(item, "module", None)
        if (
            E2E in item.path.parents
            or item.get_closest_marker("e2e") is not None
            or getattr(module, "TmuxSession", None) is not None
        ):
            item.add_marker(pytest.mark.xdist_group("tmux"))


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the cache and the data directory at fresh directories, drop READER_* settings,
    keep the UI deterministic."""
    for name in list(os.environ):
        if name.startswith("READER_"):
            monkeypatch.delenv(name)
    cache_dir = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("READER_CACHE_DIR", str(cache_dir))
    # The reading history (platformdirs' user data directory) never goes to the real home.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("data")))
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
