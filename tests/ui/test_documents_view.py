"""Pilot tests: what a document's structure looks like in the app (issue 11, item 8).

Headings and code are styled; a book's chapters are one key (``]`` / ``[``) or one
palette command away.
"""

from __future__ import annotations

from pathlib import Path

from reader.documents import load_document
from reader.models import Chapter, Document
from reader.ui.app import ReaderApp
from reader.ui.commands import ChapterCommands
from reader.ui.screens.main import MainScreen

SIZE = (60, 20)


def _book(chapters: int = 4, paragraphs: int = 12) -> Document:
    parts: list[str] = []
    starts: list[Chapter] = []
    at = 0
    for number in range(1, chapters + 1):
        title = f"Chapter title {number}"
        body = "\n\n".join(f"Paragraph {p} of chapter {number}." for p in range(paragraphs))
        starts.append(Chapter(at, title))
        piece = f"{title}\n\n{body}"
        parts.append(piece)
        at += len(piece) + 2
    headings = tuple((chapter.start, chapter.start + len(chapter.title)) for chapter in starts)
    return Document(
        "\n\n".join(parts), "Book", "book.epub", headings=headings, chapters=tuple(starts)
    )


def _top_line(screen: MainScreen) -> str:
    start = screen.article.top_offset
    return screen.document.text[start:].split("\n", 1)[0]


async def test_brackets_move_between_chapters_and_say_which():
    document = _book()
    app = ReaderApp(document, entities=[])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.pause()  # laid out
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert _top_line(screen) == "Chapter title 2"
        assert any(n.title == "Chapter 2 of 4" for n in app._notifications)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert _top_line(screen) == "Chapter title 4"
        await pilot.press("right_square_bracket")  # no further: says so, stays
        await pilot.pause()
        assert _top_line(screen) == "Chapter title 4"
        assert any(n.message == "Last chapter" for n in app._notifications)
        screen.article.scroll_to(y=screen.article.scroll_y + 3, animate=False, immediate=True)
        await pilot.press("left_square_bracket")  # mid-chapter: back to its start
        await pilot.pause()
        assert _top_line(screen) == "Chapter title 4"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert _top_line(screen) == "Chapter title 3"


async def test_brackets_in_an_article_give_a_hint(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.pause()
        hints = [n for n in app._notifications if n.message.startswith("No chapters")]
        assert hints and "[ and ]" in hints[0].message
        assert not hints[0].markup  # shown as written: the brackets are no markup tags
        assert app.screen.article.scroll_y == 0


async def test_palette_lists_chapters_and_jumps_to_one():
    document = _book()
    app = ReaderApp(document, entities=[])
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.pause()  # laid out
        provider = ChapterCommands(screen)
        found = [hit async for hit in provider.search("title 3")]
        assert [str(hit.text) for hit in found][0] == "Chapter 3 of 4: Chapter title 3"
        listed = [str(hit.text) async for hit in _discover(provider)]
        assert len(listed) == 4 and listed[1].endswith("Chapter title 2")
        found[0].command()
        await pilot.pause()
        assert _top_line(screen) == "Chapter title 3"


async def _discover(provider: ChapterCommands):
    async for hit in provider.discover():
        yield hit


async def test_help_lists_the_chapter_keys(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        shown = " ".join(str(static.render()) for static in app.screen.query("Static"))
        assert "]" in shown and "Next chapter of a book" in shown
        assert "Previous chapter of a book" in shown


async def test_headings_and_code_are_styled_and_code_gets_no_highlight(tmp_path: Path):
    source = "# Leaders meet\n\nMerkel met Macron.\n\n```\nmerkel = 1\n```\n"
    (tmp_path / "a.md").write_text(source, encoding="utf-8")
    document = load_document(str(tmp_path / "a.md"))
    app = ReaderApp(document, entities=[])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        article = app.screen.article
        heading = article.get_component_rich_style("article-view--heading", partial=True)
        code = article.get_component_rich_style("article-view--code", partial=True)
        assert heading.bold and code.bgcolor is not None
        lines = [article.render_line(y) for y in range(6)]
        texts = [line.text.strip() for line in lines]
        assert texts[0] == "Leaders meet" and texts[4] == "merkel = 1"
        title = next(seg for seg in lines[0] if seg.text.strip() == "Leaders meet")
        body = next(seg for seg in lines[2] if "Merkel" in seg.text)
        code_line = next(seg for seg in lines[4] if "merkel" in seg.text)
        assert title.style is not None and title.style.bold
        assert body.style is None or not body.style.bold
        assert code_line.style is not None and code_line.style.bgcolor == code.bgcolor
