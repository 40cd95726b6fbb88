"""The article layout: word wrap as character ranges; the fast path equals the careful one."""

from __future__ import annotations

from array import array
from pathlib import Path

import pytest
from rich.cells import cell_len

from reader.ui.layout import _wrap_narrow, _wrap_words, wrap

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    (ROOT / "assets" / "israel-egypt-truce-talks.txt").read_text(encoding="utf-8"),
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/eval").rglob("*.txt"))),
    "a" * 300 + " b c " + "x" * 95 + " end and   three   spaces   and a tab\there ␛ � ‘q’ — …  ",
]


def _lines(text: str, width: int) -> list[str]:
    layout = wrap(text, width)
    return [text[s:e] for s, e in zip(layout.starts, layout.ends, strict=True)]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("short\n\nlines", 10, ["short", "", "lines"]),
        ("one two three four", 9, ["one two", "three", "four"]),
        ("abcdefghijklmnopqrstuvwxyz abc de", 10, ["abcdefghij", "klmnopqrst", "uvwxyz abc", "de"]),
        ("漢字漢字漢字 漢字", 10, ["漢字漢字漢", "字 漢字"]),
        ("trailing spaces   ", 40, ["trailing spaces"]),
    ],
)
def test_wrap(text: str, width: int, expected: list[str]) -> None:
    assert _lines(text, width) == expected


@pytest.mark.parametrize("width", [2, 3, 7, 20, 37, 60, 84])
def test_regex_fast_path_equals_word_by_word_wrap(width: int) -> None:
    for text in TEXTS:
        offset = 0
        for paragraph in text.split("\n"):
            if len(paragraph) > width and paragraph and not paragraph[0].isspace():
                fast, careful = (array("l"), array("l")), (array("l"), array("l"))
                _wrap_narrow(paragraph, offset, width, *fast)
                _wrap_words(text, offset, len(paragraph), width, *careful)
                assert fast == careful, (width, paragraph[:60])
            offset += len(paragraph) + 1


@pytest.mark.parametrize("width", [10, 84])
def test_every_line_fits_and_no_text_is_lost(width: int) -> None:
    for text in TEXTS:
        layout = wrap(text, width)
        lines = [text[s:e] for s, e in zip(layout.starts, layout.ends, strict=True)]
        assert all(cell_len(line.replace("\t", " ")) <= width for line in lines)
        shown = "".join(lines)
        assert shown.replace(" ", "").replace("\t", "") == text.replace(" ", "").replace(
            "\n", ""
        ).replace("\t", "")
