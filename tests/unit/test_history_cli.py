"""``reader history [ENTITY] [--json]`` and ``reader history clear`` (issue 12 item 3)."""

from __future__ import annotations

import json
import os
import re

import pytest

from reader.cli import main
from reader.config import load_settings
from reader.history.store import FILE_NAME, EntityRow, History
from reader.paths import default_data_dir
from tests.threats.cli import TerminalInput, drain


@pytest.fixture
def history() -> History:
    store = History(default_data_dir())
    store.record(
        "d1",
        "Truce talks",
        "https://user:pw@example.com/a",
        [EntityRow("Biden", "PERSON", 3, 5, "Joe Biden"), EntityRow("Hamas", "ORG", 7, 0)],
        read_at=1_000_000.0,
    )
    store.record(
        "d2",
        "Gaza [bold]evening[/]",
        "/news/b.txt",
        [EntityRow("Joe Biden", "PERSON", 1, 9, "Joe Biden")],
        read_at=2_000_000.0,
    )
    yield store
    store.close()


def test_history_lists_articles_newest_first_as_json(history, capsys):
    assert main(["history", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["entity"] is None
    assert payload["path"] == str(default_data_dir() / FILE_NAME)
    assert [(a["title"], a["source"], a["entities"]) for a in payload["articles"]] == [
        ("Gaza [bold]evening[/]", "/news/b.txt", 1),
        ("Truce talks", "https://example.com/a", 2),
    ]
    assert payload["articles"][0]["read_at"].startswith("1970-01-")


def test_history_of_an_entity_gives_its_mention_counts(history, capsys):
    assert main(["history", "Joe Biden", "--json"]) == 0
    articles = json.loads(capsys.readouterr().out)["articles"]
    assert [(a["title"], a["name"], a["mentions"]) for a in articles] == [
        ("Gaza [bold]evening[/]", "Joe Biden", 1),
        ("Truce talks", "Biden", 3),
    ]
    assert main(["history", "Hamas", "--json"]) == 0
    articles = json.loads(capsys.readouterr().out)["articles"]
    assert [(a["title"], a["mentions"]) for a in articles] == [("Truce talks", 7)]


def test_history_table_is_plain_text_for_scripts(history, capsys):
    assert main(["history"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["DATE", "TITLE", "SOURCE", "NAMES"]
    assert "Gaza [bold]evening[/]" in lines[1]  # never read as markup
    assert "Truce talks" in lines[2] and "https://example.com/a" in lines[2]
    assert "pw" not in "\n".join(lines)
    assert main(["history", "Biden"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["DATE", "TITLE", "SOURCE", "MENTIONS"]
    assert lines[1].rstrip().endswith("1") and lines[2].rstrip().endswith("3")


def test_history_clear_forgets_everything(history, capsys):
    assert main(["history", "clear"]) == 0
    assert "Forgot 2 articles" in capsys.readouterr().out
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == []
    assert main(["history"]) == 0
    assert "No articles read yet" in capsys.readouterr().out
    assert main(["history", "Nobody"]) == 0
    assert "No articles mentioning 'Nobody'" in capsys.readouterr().out


def test_history_clear_asks_first_on_a_terminal(history, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", TerminalInput("no\n"))
    assert main(["history", "clear"]) == 0
    out = capsys.readouterr().out
    assert out == "Forget every article of the reading history? [y/N] Nothing forgotten.\n"
    assert len(history.articles()) == 2
    monkeypatch.setattr("sys.stdin", TerminalInput("yes\n"))
    assert main(["history", "clear"]) == 0
    assert "Forgot 2 articles" in capsys.readouterr().out
    assert main(["history", "clear", "--yes"]) == 0  # nothing left: nothing asked
    assert capsys.readouterr().out.startswith("Forgot 0 articles")


def test_history_off_keeps_nothing_new_but_lists_and_clears(history, capsys, monkeypatch):
    assert main(["history", "--no-history", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["articles"]) == 2
    monkeypatch.setenv("READER_HISTORY", "0")
    assert main(["history", "clear"]) == 0
    assert "Forgot 2 articles" in capsys.readouterr().out
    assert history.articles() == []


def test_listing_or_clearing_creates_no_history(capsys):
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["articles"] == []
    assert main(["history", "clear"]) == 0
    assert "Forgot 0 articles" in capsys.readouterr().out
    assert not default_data_dir().exists()


def test_an_unusable_history_is_one_line_and_exit_code_2(capsys, tmp_path):
    directory = default_data_dir()
    directory.mkdir(parents=True, mode=0o700)
    (directory / FILE_NAME).symlink_to(tmp_path / "target.db")
    assert main(["history"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "symbolic link" in err and "Traceback" not in err
    assert not (tmp_path / "target.db").exists()


def test_clear_takes_no_json(history, capsys):
    assert main(["history", "clear", "--json"]) == 2
    assert len(history.articles()) == 2


@pytest.mark.parametrize(
    ("flags", "environ", "expected"),
    [
        ({}, {}, True),
        ({}, {"READER_HISTORY": "0"}, False),
        ({}, {"READER_HISTORY": "off"}, False),
        ({}, {"READER_HISTORY": "1"}, True),
        ({"history": False}, {}, False),
        ({"offline": True}, {}, True),
        ({}, {"READER_OFFLINE": "1"}, True),
    ],
)
def test_history_setting(flags, environ, expected):
    assert load_settings(environ=environ, **flags).history is expected


def test_the_data_directory_is_the_tests_own(tmp_path_factory):
    assert not str(default_data_dir()).startswith(os.path.expanduser("~/.local"))


@pytest.mark.parametrize("argv", [["--no-history", "a.txt"], ["a.txt", "--no-history"]])
def test_the_app_takes_no_history(argv):
    from reader.cli import _settings, build_parsers

    open_parser, _ = build_parsers()
    assert _settings(open_parser.parse_args(argv)).history is False
    assert _settings(open_parser.parse_args(["a.txt"])).history is True
    assert _settings(open_parser.parse_args(["a.txt", "--offline"])).history is True


def _on_a_terminal(argv: list[str], columns: int) -> str:
    """What ``reader ARGV`` shows on a terminal ``columns`` wide (a real pseudo-terminal)."""
    import fcntl
    import struct
    import subprocess
    import sys
    import termios

    leader, follower = os.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    environ = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "xterm"}
    with subprocess.Popen(
        [sys.executable, "-m", "reader", *argv], stdout=follower, stderr=follower, env=environ
    ) as process:
        os.close(follower)
        received = drain(leader)
        assert process.wait(30) == 0
    os.close(leader)
    shown = received.decode("utf-8").replace("\r\n", "\n")
    return re.sub(r"\x1b\[[0-9;]*m", "", shown)  # the styles: what is seen is the text


def test_history_table_fits_an_80_column_terminal(history, capsys):
    # Full paths made the table wrap each article over several lines at 80 columns.
    store = history
    store.record(
        "d3",
        "Israel-Egypt truce talks: Mossad chief heads to Cairo as the pressure mounts",
        "/home/someone/projects/reader/assets/israel-egypt-truce-talks-in-full.txt",
        [EntityRow("Isaac Hayden", "PERSON", 5, 0)],
        read_at=3_000_000.0,
    )
    lines = _on_a_terminal(["history"], 80).rstrip("\n").split("\n")
    assert all(len(line) <= 80 for line in lines), lines
    assert len(lines) == 2 + 3  # the header, its rule, one line an article
    assert lines[2].startswith("1970-02-") and "…" in lines[2]
    assert lines[2].split()[-2].endswith("in-full.txt")  # the end, where the name is
    assert "example.com/a" in lines[4] and "pw" not in lines[4]
    # JSON is unchanged: the full source.
    assert main(["history", "--json"]) == 0
    [first, *_] = json.loads(capsys.readouterr().out)["articles"]
    assert (
        first["source"]
        == "/home/someone/projects/reader/assets/israel-egypt-truce-talks-in-full.txt"
    )


def test_middle_ellipsis_keeps_the_start_and_more_of_the_end():
    from rich.cells import cell_len

    from reader.cli import middle_ellipsis

    assert middle_ellipsis("/a/b.txt", 20) == "/a/b.txt"
    assert middle_ellipsis("/home/me/news/truce-talks.txt", 16) == "/home…-talks.txt"
    assert cell_len(middle_ellipsis("日本語の記事/とても長い名前.txt", 12)) <= 12
    assert middle_ellipsis("abc", 1) == "…"
    assert middle_ellipsis("/home/me/news/truce-talks.txt", 20) == "/ho…/truce-talks.txt"
