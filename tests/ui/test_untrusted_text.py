"""Article and entity text is data: shown literally, never parsed as markup, never run."""

from __future__ import annotations

from reader.models import Document, Entity, Mention
from reader.sanitize import sanitize
from reader.ui.app import ReaderApp
from reader.ui.widgets.outline import EntityOutline
from reader.ui.widgets.side_panel import MentionList

HOSTILE_LINES = [
    "Tom [/] Jerry and [/bold] and [bold unclosed",
    "[@click=app.quit]click me[/] or [@click=app.screenshot('x.svg','/tmp')]this[/]",
    "[citation needed] see [x] C[n] price [USD] $5 [$accent]x [#] array[0] = d[key]",
    "escapes: \x1b]0;PWNED\x07 \x1b[2J \x9b2J \u202egnp.exe \x00 done",
]


def _document() -> tuple[Document, list[Entity]]:
    text = sanitize("\n\n".join(HOSTILE_LINES))
    start = text.index("[@click=app.quit]")
    end = start + len("[@click=app.quit]click me[/]")
    name = text[start:end]
    entity = Entity("evil", name, "PERSON", (name,), (Mention(start, end, name),))
    return Document(text, "[/] [@click=app.quit]title[/]", "-"), [entity]


def _visible_text(app: ReaderApp) -> str:
    article = app.screen.article
    return "\n".join(article.render_line(y).text.strip() for y in range(article.size.height))


async def test_markup_in_the_article_shows_literally_and_runs_nothing(tmp_path):
    document, entities = _document()
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(140, 30)) as pilot:
        shown = _visible_text(app)
        for line in document.text.split("\n\n"):
            assert line in shown
        article = app.screen.article
        target = article.targets[0]
        line = article.lines.line_of(target.mention.start)
        column = target.mention.start - article.lines.starts[line] + article._left_pad()
        await pilot.click("#article", offset=(column + 2, line))
        await pilot.pause()
        assert app.is_running  # the [@click=app.quit] in the text did nothing
        assert article.cursor == target  # the click selected the name instead
        assert not list(tmp_path.iterdir())


async def test_markup_in_entity_names_is_literal_in_panel_outline_and_palette():
    document, entities = _document()
    name = entities[0].name
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(140, 30)) as pilot:
        screen = app.screen
        await pilot.press("tab", "enter", "o")
        assert app.is_running and screen.reading.show_panel
        heading = str(screen.reading.panel.query_one("#entity-heading").render())
        assert name in heading
        option = screen.reading.panel.query_one(MentionList).get_option_at_index(0)
        assert name in str(option.prompt)
        outline = screen.query_one(EntityOutline)
        labels = [str(node.label) for node in outline.root.children[0].children]
        assert any(name[:20] in label for label in labels)  # literal; long names end in …
        await pilot.press("ctrl+p")
        await pilot.press(*"click")
        await pilot.pause(0.3)
        await pilot.press("escape", "escape")
        assert app.is_running
        assert app.title == document.title  # shown by the Header, which does not parse markup


def test_escape_sequences_never_reach_the_rendered_lines():
    document, _ = _document()
    assert "\x1b" not in document.text and "\x9b" not in document.text
    assert "␛]0;PWNED␇" in document.text
