"""In a real terminal (tmux): a hostile article shows literally, keeps the title, keys work."""

from __future__ import annotations

import subprocess

import pytest

from tests.e2e.tmux import READER, TmuxSession, tmux_available

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed"),
]

ARTICLE = (
    "Stuffed article\n\n"
    "Angela Merkel met Emmanuel Macron in Berlin on Monday.\n\n"
    "title: \x1b]0;PWNED-TITLE\x07 and \x1b]2;PWNED-TWO\x1b\\ end\n"
    "clipboard: \x1b]52;c;UFdORUQ=\x07 end\n"
    "clear: \x1b[2J\x1b[H end\n"
    "c1: \u009b2J \u009d0;C1-TITLE\u009c end\n"
    "bidi: \u202egnp.exe\u202c end\n"
    "markup: [@click=app.quit]Click to read more[/] [/] [citation needed] [b]x[/b]\n\n"
    "Later Merkel flew to Paris.\n"
)


def pane_title(tmux: TmuxSession) -> str:
    """The title the programs in the pane have set (OSC 0/2 change it)."""
    return subprocess.run(
        ["tmux", "display-message", "-p", "-t", tmux.name, "#{pane_title}"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_this_terminal_lets_escape_sequences_change_the_title(tmp_path):
    # The control: a raw OSC 2 does change the pane title here, so the test below can fail.
    with TmuxSession(["sh", "-c", r"printf '\033]2;CONTROL-TITLE\033\\'; sleep 5"]) as tmux:
        tmux.wait_for(lambda _: pane_title(tmux) == "CONTROL-TITLE", timeout=5)


def test_hostile_article_is_shown_literally_and_the_keys_work(tmp_path):
    article = tmp_path / "stuffed.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    env = {"READER_CACHE_DIR": str(tmp_path / "cache"), "READER_OFFLINE": "1"}
    with TmuxSession([str(READER), str(article)], env=env, size=(140, 40)) as tmux:
        screen = tmux.wait_for(lambda s: "Stuffed article" in s and "markup:" in s)
        title = pane_title(tmux)
        for shown in (
            "␛]0;PWNED-TITLE␇",
            "␛]2;PWNED-TWO␛\\",
            "␛]52;c;UFdORUQ=␇",
            "␛[2J␛[H end",
            "\ufffd2J \ufffd0;C1-TITLE\ufffd",
            "\ufffdgnp.exe\ufffd",
            "[@click=app.quit]Click to read more[/] [/] [citation needed] [b]x[/b]",
        ):
            assert shown in screen, shown
        assert "Angela Merkel met Emmanuel Macron" in screen  # the clear screen did not clear
        tmux.wait_for(lambda s: "entities ·" in s, timeout=60)
        tmux.keys("Tab")
        tmux.keys("Enter")
        tmux.wait_for(lambda s: "Mentions" in s)
        tmux.keys("Escape")
        tmux.wait_for(lambda s: "Mentions" not in s)
        assert pane_title(tmux) == title
        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)
        assert "PWNED" not in pane_title(tmux) and "C1-TITLE" not in pane_title(tmux)
        assert pane_title(tmux) == title
