"""End to end: the reading history across two runs of the real ``reader`` (issue 12 item 3)."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]

ARTICLE_A = """Truce talks resume in Cairo

Prime Minister Benjamin Netanyahu met David Barnea, the head of the Mossad, in Jerusalem on \
Monday. Netanyahu said the talks with Egypt would continue next week.
"""
ARTICLE_B = """A quiet evening in Beirut

Hezbollah said on Tuesday that Benjamin Netanyahu had misjudged the mood in Lebanon. Officials \
in Beirut expect Netanyahu to answer before the weekend.
"""


def _history(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(READER), "history", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,  # a hang guard
        check=True,
    )


def _read(path, env: dict[str, str], wait_for: str) -> None:
    """Open ``path`` in the app, wait until ``wait_for`` shows, and quit."""
    with TmuxSession([str(READER), str(path)], env=env, size=(140, 40)) as tmux:
        tmux.wait_for(lambda s: wait_for in s, timeout=60)
        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)


def test_an_article_read_before_shows_under_elsewhere(tmp_path, wiki_server):
    (tmp_path / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    env = {
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "READER_WIKI_API": wiki_server.url,
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    # With the history off, reading keeps nothing.
    _read(tmp_path / "a.txt", {**env, "READER_HISTORY": "0"}, "Wikipedia ✓")
    assert json.loads(_history(env, "--json").stdout)["articles"] == []

    _read(tmp_path / "a.txt", env, "Wikipedia ✓")
    with TmuxSession([str(READER), str(tmp_path / "b.txt")], env=env, size=(140, 40)) as tmux:
        tmux.wait_for(lambda s: "Wikipedia ✓" in s, timeout=60)
        tmux.keys("C-p")
        tmux.keys("Benjamin Netanyahu", pause=0.6)
        tmux.keys("Enter")
        screen = tmux.wait_for(lambda s: "Also in 1 article you read" in s)
        assert "Elsewhere" in screen and "Truce talks resume in Cairo" in screen
        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)

    listed = json.loads(_history(env, "--json").stdout)["articles"]
    assert [article["title"] for article in listed] == [
        "A quiet evening in Beirut",
        "Truce talks resume in Cairo",
    ]
    assert listed[1]["source"] == str(tmp_path / "a.txt")
    mentioning = json.loads(_history(env, "Benjamin Netanyahu", "--json").stdout)["articles"]
    assert [(a["title"], a["mentions"]) for a in mentioning] == [
        ("A quiet evening in Beirut", 2),
        ("Truce talks resume in Cairo", 2),
    ]
    assert "Forgot 2 articles" in _history(env, "clear").stdout
    assert json.loads(_history(env, "--json").stdout)["articles"] == []
