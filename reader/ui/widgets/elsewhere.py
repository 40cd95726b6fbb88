"""The panel's "Elsewhere" section: the other articles you read that name this entity.

Matched by Wikipedia page when the entity has one, else by exact name and type (and the
section says so). The history is asked in a thread, never on the UI thread. Choosing an
article opens it at the entity's first mention when its file is still there (and the
app can open articles); otherwise the section shows what is remembered of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.history.recorder import HistoryRecorder, page_title
from reader.models import Background, Entity
from reader.sanitize import one_line
from reader.wording import counted

if TYPE_CHECKING:
    from reader.history.store import ArticleRow


def shown(text: str, limit: int = 200) -> str:
    """A remembered title or source as one line of plain text (the database is data too)."""
    return one_line(text, limit)


def article_option(row: ArticleRow) -> Content:
    """An article as an option: its title, then the date and the mention count, dim."""
    mentions = "" if row.mentions is None else f" · {counted(row.mentions, 'mention')}"
    title = shown(row.title)
    return Content.assemble((title, "bold"), "\n", (f"read {row.date}{mentions}", "dim"))


def remembered(row: ArticleRow, why: str) -> Content:
    """What the history keeps of an article that cannot be opened, and why not."""
    mentions = "" if row.mentions is None else f"\n{counted(row.mentions, 'mention')} of the name"
    return Content.assemble(
        (shown(row.title), "bold"),
        "\n",
        (f"read {row.date}", "$text-muted"),
        mentions,
        "\n",
        (shown(row.source, 2000), "dim underline"),
        "\n",
        (why, "italic $text-muted"),
    )


class ElsewhereList(OptionList):
    """The other articles, newest first."""

    def on_focus(self) -> None:
        """Highlight the first article when the keys arrive with none highlighted (``f6``),
        so that enter opens it."""
        if self.highlighted is None and self.option_count:
            self.highlighted = 0


class Elsewhere(Vertical):
    """Also in N articles you read: titles and dates, each one to open or recall."""

    DEFAULT_CSS = """
    Elsewhere { height: auto; display: none; margin-bottom: 1; }
    Elsewhere.-found { display: block; }
    Elsewhere > #elsewhere-note { color: $text-muted; }
    Elsewhere > ElsewhereList {
        height: auto; max-height: 12; border: none; padding: 0; background: $panel;
    }
    Elsewhere > ElsewhereList:focus { border: none; }
    Elsewhere > #elsewhere-remembered { display: none; padding: 0 1; }
    Elsewhere.-remembering > #elsewhere-remembered { display: block; }
    """

    @dataclass
    class Found(Message):
        """The history answered for ``entity_id``."""

        entity_id: str
        rows: list[ArticleRow]
        by_page: bool

    @dataclass
    class ArticleChosen(Message):
        """The reader chose an article to open (its file is readable)."""

        row: ArticleRow
        name: str

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.entity: Entity | None = None
        self.rows: list[ArticleRow] = []
        self._asked: tuple[str, str | None] | None = None
        self._answered: str | None = None
        """The entity whose articles are shown."""
        self._reveal = False

    def compose(self) -> ComposeResult:
        yield Label("Elsewhere", classes="section-title")
        yield Static(id="elsewhere-note")
        yield ElsewhereList(id="elsewhere-list")
        yield Static(id="elsewhere-remembered")

    @property
    def recorder(self) -> HistoryRecorder | None:
        """The open article's history, when one is kept."""
        recorder = getattr(self.screen, "history", None)
        if isinstance(recorder, HistoryRecorder) and recorder.enabled:
            return recorder
        return None

    def clear(self) -> None:
        """Hide the section until the next entity's background says what to ask."""
        self.entity = None
        self.rows = []
        self._asked = None
        self._answered = None
        self.remove_class("-found", "-remembering")

    def show(self, entity: Entity | None, background: Background | None) -> None:
        """Ask the history about ``entity`` (by its page, if ``background`` found one)."""
        if entity is None:
            return
        if self.entity is None or self.entity.id != entity.id:
            self.clear()
        self.entity = entity
        recorder = self.recorder
        title = None if background is None else page_title(background)
        if recorder is None or self._asked == (entity.id, title):
            return
        self._asked = (entity.id, title)
        self.ask(recorder, entity, title)

    def articles(self) -> ElsewhereList | None:
        """The list of other articles, when it shows any (a pane for f6)."""
        return self.query_one(ElsewhereList) if self.has_class("-found") else None

    def reveal(self) -> None:
        """Bring the section into view with the keys in it (the palette's "History:")."""
        self._reveal = True
        if self.entity is not None and self._answered == self.entity.id:
            self._show_revealed()

    @work(thread=True, exclusive=True, exit_on_error=False, group="elsewhere")
    def ask(self, recorder: HistoryRecorder, entity: Entity, title: str | None) -> None:
        """Look the entity up in the history (blocking, in a thread)."""
        rows = recorder.mentioning(entity, title)
        self.post_message(self.Found(entity.id, rows, title is not None))

    def on_elsewhere_found(self, message: Found) -> None:
        """Show the articles (the section hides when there are none)."""
        message.stop()
        if self.entity is None or self.entity.id != message.entity_id:
            return
        self.rows = message.rows
        self._answered = message.entity_id
        count = len(self.rows)
        self.remove_class("-remembering")
        self.set_class(bool(count), "-found")
        note: list[str | tuple[str, str]] = [f"Also in {counted(count, 'article')} you read"]
        if not message.by_page:
            note += [("\nMatched by exact name and type: no Wikipedia page found.", "dim")]
        self.query_one("#elsewhere-note", Static).update(Content.assemble(*note))
        options = self.query_one(ElsewhereList)
        options.clear_options()
        options.add_options(Option(article_option(row)) for row in self.rows)
        self._show_revealed()

    def _show_revealed(self) -> None:
        if not self._reveal:
            return
        self._reveal = False
        if self.rows:
            options = self.query_one(ElsewhereList)
            options.highlighted = 0
            options.focus()
            self.scroll_visible(animate=False, top=True)
        elif self.entity is not None:
            name = self.entity.name
            self.notify(f"No other article you read mentions {name}.", timeout=3, markup=False)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen article if its file is still there, else recall it."""
        event.stop()
        if not 0 <= event.option_index < len(self.rows) or self.entity is None:
            return
        row = self.rows[event.option_index]
        if os.path.isabs(row.source) and os.path.isfile(row.source) and self._can_open():
            self.post_message(self.ArticleChosen(row, row.name or self.entity.name))
            return
        why = (
            "Not opened here: a web article is only remembered."
            if "://" in row.source
            else "Its file is no longer there: this is what is remembered."
            if os.path.isabs(row.source)
            else "Not opened here: this is what is remembered."
        )
        self.query_one("#elsewhere-remembered", Static).update(remembered(row, why))
        self.add_class("-remembering")

    def _can_open(self) -> bool:
        opener = getattr(self.app, "open_article", None)
        return callable(opener) and bool(getattr(self.app, "can_open_articles", False))
