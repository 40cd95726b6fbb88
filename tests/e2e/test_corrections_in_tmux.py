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
            lambda s: "your correction" in s and "mention 1 of 1" in s and "33 entities" in s
        )
        assert "Person · 1 mention" in screen
        _quit(tmux)
    assert _netanyahus(env) == {
        "Benjamin Netanyahu": [("Benjamin Netanyahu", "found by the model")],
        "Netanyahu": [("Netanyahu", "your correction")],
    }
    with TmuxSession([str(READER)], env=env, size=(140, 40)) as tmux:
        screen = _open(tmux, "Benjamin Netanyahu", "Person · 1 mention")
        assert "33 entities" in screen  # the split came back with the article
        tmux.keys("u")
        screen = tmux.wait_for(
            lambda s: "32 entities" in s and "surname of Benjamin Netanyahu" in s
        )
        assert "Person · 2 mentions" in screen
        _quit(tmux)
    assert list(_netanyahus(env)) == ["Benjamin Netanyahu"]


def _whole_keys(footer: str) -> list[str]:
    """The footer's keys left of ``? Help``, each as shown (``esc Close``)."""
    left = footer.split("? Help")[0]
    return [item.strip() for item in left.split("  ") if item.strip()]


def test_at_80x24_a_long_note_is_cut_with_an_ellipsis_and_the_footer_keys_stay_whole(tmp_path):
    # Issue 9 ("noticed, left"): at 80x24 a long status ran off the line mid-word, and
    # the key under the footer's right end showed as "esc" or "/ Sear".
    from reader.ui.keys import every_binding

    descriptions = {binding.description for binding in every_binding()}
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "XDG_DATA_HOME": str(tmp_path / "data")}
    env["READER_OFFLINE"] = "1"
    with TmuxSession([str(READER)], env=env, size=(80, 24)) as tmux:
        tmux.wait_for(lambda s: "entities ·" in s, timeout=60)
        tmux.keys("Tab", "Enter")  # the first name, Israel, in the panel
        tmux.wait_for(lambda s: "Place · 10 mentions" in s)
        tmux.keys("F6")
        tmux.wait_for(lambda s: "s Split" in s)
        tmux.keys("J")
        tmux.wait_for(lambda s: "Merge Israel with" in s)
        tmux.keys("Ismail", pause=0.6)
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Also: Haniyeh, Israel" in s)
        tmux.keys("u")  # "Undone: Israel merged with Ismail Haniyeh", then more statuses
        screen = tmux.wait_for(lambda s: "Undone: " in s)
        *_, status, footer = screen.rstrip("\n").split("\n")
        assert status.rstrip().endswith("…"), status
        assert "Undone: Israel merged with Ismail Haniyeh" in status
        assert footer.rstrip().endswith("? Help  q Quit ▏^p palette"), footer
        keys = _whole_keys(footer)
        assert keys[0] == "s Split", footer
        for key in keys:  # each whole: its key, then a description as the bindings give it
            assert key.split(" ", 1)[1] in descriptions, footer
        _quit(tmux)
