"""The help screen: every key, the mouse, the colours."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from reader.ui.keys import key_text
from reader.ui.screens.dialogs import Dialog


class HelpScreen(Dialog[None]):
    """Lists the reader's keys (taken from the bindings themselves) and the colour legend."""

    DEFAULT_CSS = """
    HelpScreen #help-dialog {
        width: 84;
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
        rows: list[str | Content | tuple[str, str]] = [
            ("Press escape, q or ? to close this help.\n\n", "italic"),
            ("Keys\n", "bold"),
        ]
        for binding in self._key_list:
            rows += [
                (f"  {key_text(binding):<16}", "bold $accent"),
                f"{binding.tooltip or binding.description}\n",
            ]
        rows += [
            ("\nIn the outline\n", "bold"),
            "  up/down move, enter jumps to the name and opens its panel, typing filters\n"
            "  (backspace deletes; q and ? keep their meaning: type Q for a q).\n",
            ("\nMouse\n", "bold"),
            "  Click a highlighted name to select it; "
            "click a mention in the panel to jump there.\n"
            "  The map under the panel's heading shows where the name appears: click a cell\n"
            "  to go there. The scrollbar marks its mentions, and the search's matches.\n",
            ("\nColours\n", "bold"),
            "  ",
            self._legend,
            "\n",
            ("  Dates and numbers stay plain until you press d.\n", "dim"),
        ]
        with VerticalScroll(classes="dialog", id="help-dialog"):
            yield Static(Content.assemble(*rows))
