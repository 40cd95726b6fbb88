"""``reader entities`` as a table and ``reader prefetch``'s bar, on a terminal and in a pipe.

Piped output is the contract scripts parse (DESIGN §3): columns two spaces apart, as
wide as their widest cell, no trailing blanks, no escape codes. Article text is
untrusted: it is never read as Rich markup and never carries a control sequence out.
"""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len

from reader import cli
from reader.models import Background, Entity, Mention

SGR = re.compile(r"\x1b\[[0-9;]*m")
HOSTILE = "[bold red]Olaf[/] :smile: \x1b[2J\x1b]0;PWN\x07"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def entity(name: str, label: str = "PERSON", *aliases: str, mentions: int = 1) -> Entity:
    return Entity(
        name.casefold(), name, label, (name, *aliases), (Mention(0, len(name), name),) * mentions
    )


def plain_table(rows: list[list[str]]) -> str:
    """The piped table as the contract describes it."""
    widths = [max(cell_len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "".join(
        "  ".join(cell + " " * (widths[i] - cell_len(cell)) for i, cell in enumerate(row)).rstrip()
        + "\n"
        for row in rows
    )


def test_piped_table_is_plain_aligned_columns() -> None:
    entities = [
        entity("Benjamin Netanyahu", "PERSON", "Netanyahu", mentions=2),
        entity("Shin Bet", "ORG"),
        entity("習近平", "PERSON"),
        entity("Mount Hermon", "LOC"),
    ]
    backgrounds = {
        "benjamin netanyahu": Background("found", title="Benjamin Netanyahu"),
        "shin bet": Background("not_found"),
    }
    out = io.StringIO()
    cli._print_table(entities, backgrounds, out)
    assert (
        out.getvalue()
        == plain_table(
            [
                ["TYPE", "NAME", "MENTIONS", "ALSO CALLED", "WIKIPEDIA"],
                ["Person", "Benjamin Netanyahu", "2", "Netanyahu", "Benjamin Netanyahu"],
                ["Organisation", "Shin Bet", "1", "", "not found"],
                ["Person", "習近平", "1", "", ""],
                ["Location", "Mount Hermon", "1", "", ""],
            ]
        )
        + "\n4 entities, 5 mentions\n"
    )


def test_piped_table_of_many_rows_is_one_table_with_one_line_per_entity() -> None:
    entities = [entity(f"Person {'X' * (n % 17)} {n}") for n in range(2 * cli._PLAIN_ROWS + 7)]
    entities.append(entity("Tab\tand\nnewline"))
    out = io.StringIO()
    cli._print_table(entities, {}, out)
    rows = [["TYPE", "NAME", "MENTIONS", "ALSO CALLED"]]
    rows += [["Person", e.name, "1", ""] for e in entities[:-1]] + [
        ["Person", "Tab and newline", "1", ""]
    ]
    assert (
        out.getvalue()
        == plain_table(rows) + f"\n{len(entities)} entities, {len(entities)} mentions\n"
    )


@pytest.mark.parametrize("styled", [False, True], ids=["piped", "terminal"])
def test_article_text_is_never_markup_nor_a_control_sequence(
    styled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the terminal table fits the window
    out = Terminal() if styled else io.StringIO()
    cli._print_table([entity(HOSTILE, "ORG", "[link=http://x]y[/link]")], {}, out)
    text = out.getvalue()
    assert "[bold red]Olaf[/] :smile: ␛[2J␛]0;PWN␇" in text
    assert "[link=http://x]y[/link]" in text
    assert "\x1b" not in SGR.sub("", text) and "\x07" not in text
    assert ("\x1b[" in text) is styled  # colour and bold on a terminal only


def test_terminal_table_has_a_bold_header_and_a_rule() -> None:
    out = Terminal()
    cli._print_table([entity("Angela Merkel", "PERSON", "Merkel")], {}, out)
    lines = SGR.sub("", out.getvalue()).splitlines()
    assert lines[0].split() == ["TYPE", "NAME", "MENTIONS", "ALSO", "CALLED"]
    assert set(lines[1]) == {"─"}
    assert lines[2].split() == ["Person", "Angela", "Merkel", "1", "Merkel"]
    assert lines[-1] == "1 entity, 1 mention"
    assert "\x1b[1m" in out.getvalue()


def test_no_entities_on_a_terminal_is_one_line_without_an_empty_table() -> None:
    """Not a header and a rule over nothing (trial); a pipe keeps its header for scripts."""
    out = Terminal()
    cli._print_table([], {}, out)
    assert SGR.sub("", out.getvalue()) == "0 entities, 0 mentions\n"
    piped = io.StringIO()
    cli._print_table([], {}, piped)
    header = piped.getvalue().splitlines()[0]
    assert header.split() == ["TYPE", "NAME", "MENTIONS", "ALSO", "CALLED"]


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with cli._progress_bar(3) as progress:
        assert progress is None
    assert piped.getvalue() == ""

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with cli._progress_bar(0) as progress:
        assert progress is None  # nothing to look up: no bar
    with cli._progress_bar(3) as progress:
        assert progress is not None
        progress(1, 3)
        progress(3, 3)
    shown = SGR.sub("", terminal.getvalue())
    assert "Looking up" in shown and "3/3" in shown


def test_analysis_bar_shows_the_share_done_and_only_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    piped = io.StringIO()
    monkeypatch.setattr("sys.stderr", piped)
    with cli._progress_bar(50_000, "Finding names", percent=True) as progress:
        assert progress is None
    assert piped.getvalue() == ""

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    with cli._progress_bar(50_000, "Finding names", percent=True) as progress:
        assert progress is not None
        progress(20_000, 50_000)
        progress(50_000, 50_000)
    shown = SGR.sub("", terminal.getvalue())
    assert "Finding names" in shown and "100%" in shown and "50000" not in shown
