"""The help screen: every key, the mouse, the colours."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.ui.keys import ARTICLE_BINDINGS, key_text
from reader.ui.screens.dialogs import Dialog


class HelpText(VerticalScroll):
    """The help's text, paged with the article's keys (space, j, k, g, G, as in less)."""

    BINDINGS = ARTICLE_BINDINGS


class HelpScreen(Dialog[None]):
    """Lists the reader's keys (taken from the bindings themselves) and the colour legend."""

    DEFAULT_CSS = """
    HelpScreen #help-dialog {
        width: 84;
    }
    HelpScreen .help-heading {
        text-style: bold;
        margin-top: 1;
    }
    HelpScreen .help-key {
        width: 18;
        padding-left: 2;
        color: $accent;
        text-style: bold;
    }
    HelpScreen .help-what {
        width: 1fr;
    }
    HelpScreen .help-text {
        padding-left: 2;  /* a long line wraps under its start, not at the left edge */
    }
    """

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def __init__(self, bindings: Iterable[Binding], legend: Content) -> None:
        super().__init__()
        self._key_list = list(bindings)
        self._legend = legend

    def compose(self) -> ComposeResult:
        with HelpText(classes="dialog", id="help-dialog"):
            yield Static(Content.styled("Press escape, q or ? to close this help.", "italic"))
            yield Static("Keys", classes="help-heading")
            for binding in self._key_list:
                # A key and what it does side by side: the description wraps in its column.
                with HorizontalGroup():
                    yield Static(Content(key_text(binding)), classes="help-key")
                    yield Static(
                        Content(binding.tooltip or binding.description), classes="help-what"
                    )
            yield Static("In the outline", classes="help-heading")
            yield Static(
                "up/down move, enter jumps to the name and opens its panel, typing filters "
                "(backspace deletes, escape clears). Until you type, q, ? and o keep their "
                "meaning: to filter by a word starting with q, type Q.",
                classes="help-text",
            )
            yield Static("Mouse", classes="help-heading")
            yield Static(
                "Click a highlighted name to select it; click a mention in the panel to jump "
                "there.\nThe map under the panel's heading shows where the name appears: click "
                "a cell to go there. The scrollbar marks its mentions, and the search's matches.",
                classes="help-text",
            )
            yield Static("Colours", classes="help-heading")
            yield Static(
                Content.assemble(
                    self._legend,
                    "\n",
                    ("Dates and numbers stay plain until you press d.", "dim"),
                ),
                classes="help-text",
            )
