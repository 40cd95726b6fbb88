"""The footer: the key hints, with how to get help and how to quit always in sight."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

ALWAYS_SHOWN = ("help", "quit", "command_palette")
"""Actions whose keys stay at the right end at any width."""

WIDE_ONLY = ("previous_name", "filter_types")
"""Actions whose keys a narrow screen leaves out (the help lists every key)."""


class ReaderFooter(Footer):
    """Textual's footer, with ``? Help  q Quit ▏^p palette`` at the right end: on a
    narrow screen the other keys are cut off, never these; and there the less needed
    keys make room (``Screen.-narrow``, from the app's breakpoints)."""

    SCOPED_CSS = False  # the narrow rule starts at the screen
    DEFAULT_CSS = """
    ReaderFooter #footer-right {
        dock: right;
        width: auto;
        background: $footer-background;
    }
    ReaderFooter #footer-right FooterKey.-command-palette {
        dock: none;
    }
    Screen.-narrow ReaderFooter FooterKey.-wide-only {
        display: none;
    }
    """

    def compose(self) -> ComposeResult:
        right: list[FooterKey] = []
        for widget in super().compose():
            if isinstance(widget, FooterKey) and widget.action in ALWAYS_SHOWN:
                right.append(widget)
                continue
            if isinstance(widget, FooterKey) and widget.action in WIDE_ONLY:
                widget.add_class("-wide-only")
            yield widget
        yield HorizontalGroup(*right, id="footer-right")
