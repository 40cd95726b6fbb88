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
    ReaderFooter FooterKey.-cut {
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

    async def recompose(self) -> None:
        """Show the keys now bound, as many as fit."""
        await super().recompose()
        self.fit_keys()

    def on_resize(self) -> None:
        """Show as many keys as the new width holds."""
        self.fit_keys()

    def fit_keys(self) -> None:
        """Show the keys, in order, that fit whole beside the right end; leave out the
        rest (``?`` lists them), so none is cut mid-word under the right end."""
        right = self.query("#footer-right")
        if not right or not self.size.width:
            return
        narrow = self.screen.has_class("-narrow")
        room = self.size.width - sum(map(self._width, right.first().query_children(FooterKey)))
        for key in self.query_children(FooterKey):
            if narrow and key.has_class("-wide-only"):
                continue
            width = self._width(key)
            key.set_class(width > room, "-cut")
            room = room - width if width <= room else 0

    def _width(self, key: FooterKey) -> int:
        """The cells ``key`` takes, margins included (laid out or not)."""
        styles = key.styles
        return (
            key.get_content_width(self.size, self.size) + styles.gutter.width + styles.margin.width
        )
