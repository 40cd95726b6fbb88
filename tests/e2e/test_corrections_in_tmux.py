"""End to end (issue 10 item 4): a grouping correction with the real ``reader`` command and
model, in a real terminal, on the bundled sample article.

The reader splits "Netanyahu" (found as the surname of Benjamin Netanyahu) into a name of
its own from the mention list; the split survives a restart and shows in ``reader entities
--json``; ``u`` on Benjamin Netanyahu's list undoes it.
"""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]


def _open(tmux: TmuxSession, name: str, heading: str) -> str:
    """Wait for the names, open ``name``'s panel from the palette, give the keys to its
    mention list; the screen."""
    tmux.wait_for(lambda s: "entities ·" in s, timeout=60)
    tmux.keys("C-p")
    tmux.keys(name, pause=0.6)
    tmux.keys("Enter")
    tmux.wait_for(lambda s: heading in s)
    tmux.keys("F6")
    return tmux.wait_for(lambda s: "s Split" in s)


def _quit(tmux: TmuxSession) -> None:
    tmux.keys("q")
    tmux.wait_for(lambda s: "[exit 0]" in s)


def _netanyahus(env: dict[str, str]) -> dict[str, list[tuple[str, str]]]:
    """The sample's Netanyahu entities in ``reader entities --json``: name -> mentions."""
    result = subprocess.run(
        [str(READER), "entities", "--json"],
        env={**env, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,  # a hang guard; it takes seconds
    )
    return {
        e["name"]: [(m["text"], m.get("reason", "")) for m in e["mentions"]]
        for e in json.loads(result.stdout)["entities"]
        if "Netanyahu" in e["name"]
    }


def test_split_a_surname_restart_then_undo(tmp_path):
    env = {
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "READER_OFFLINE": "1",
    }
    with TmuxSession([str(READER)], env=env, size=(140, 40)) as tmux:
        screen = _open(tmux, "Benjamin Netanyahu", "Person · 2 mentions")
        assert "surname of Benjamin Netanyahu" in screen
        tmux.keys("Down")  # the surname's mention
        tmux.keys("s")
        # the panel, the status line and the count follow, each on its own message
        screen = tmux.wait_for(
            lambda s: "your correction" in s and "mention 1 of 1" in s and "32 entities" in s
        )
        assert "Person · 1 mention" in screen
        _quit(tmux)
    assert _netanyahus(env) == {
        "Benjamin Netanyahu": [("Benjamin Netanyahu", "found by the model")],
        "Netanyahu": [("Netanyahu", "your correction")],
    }
    with TmuxSession([str(READER)], env=env, size=(140, 40)) as tmux:
        screen = _open(tmux, "Benjamin Netanyahu", "Person · 1 mention")
        assert "32 entities" in screen  # the split came back with the article
        tmux.keys("u")
        screen = tmux.wait_for(
            lambda s: "31 entities" in s and "surname of Benjamin Netanyahu" in s
        )
        assert "Person · 2 mentions" in screen
        _quit(tmux)
    assert list(_netanyahus(env)) == ["Benjamin Netanyahu"]
