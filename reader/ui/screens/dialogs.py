"""Small modal dialogs: the dialog box, and the filter by entity type (the page chooser
is :mod:`reader.ui.screens.chooser`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TypeVar

from rich.segment import Segment
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Button, Checkbox, Label, SelectionList
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from reader.labels import label_name, label_order
from reader.models import Entity

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A box in the middle of the screen, over the article."""

    DEFAULT_CSS = """
    Dialog {
        align: center middle;
    }
    Dialog .dialog {
        width: 70;
        max-width: 90%;
        height: auto;
        max-height: 80%;
        padding: 1 2;
        border: thick $accent;
        background: $surface;
    }
    Dialog .dialog-title {
        text-style: bold;
        margin-bottom: 1;
    }
    Dialog .dialog-buttons {
        height: auto;
        margin-top: 1;
        align-horizontal: right;
    }
    Dialog .dialog-buttons Button {
        margin-left: 2;
    }
    Dialog .hint {
        color: $text-muted;
        margin-top: 1;
    }
    """


CHECKED = "✓"
"""The mark of a type that is shown: its box is otherwise empty, so the two states
differ in shape, not only in colour."""


class TypeList(SelectionList[str]):
    """A selection list whose boxes hold a tick when checked and nothing when not
    (Textual's hold an ``X`` in both states, told apart by colour alone). Space ticks;
    enter applies the dialog's choice, as in any dialog, rather than ticking too."""

    BINDINGS = [Binding("enter", "screen.apply", "Apply", show=False)]

    def render_line(self, y: int) -> Strip:
        """The line with the box's mark replaced by :data:`CHECKED` or a space."""
        strip = super().render_line(y)
        segments = list(strip)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if len(segments) < 3 or segments[1].text != Checkbox.BUTTON_INNER:
            return strip
        mark = CHECKED if selection.value in self.selected else " "
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)


class TickBox(Checkbox):
    """A checkbox holding a tick when checked and nothing when not (Textual's holds an
    ``X`` in both states, told apart by colour alone)."""

    def render(self) -> Content:
        """The box, its mark following the value."""
        self.BUTTON_INNER = CHECKED if self.value else " "
        return super().render()


class FilterDialog(Dialog[frozenset[str] | None]):
    """Pick which entity types are highlighted; returns the chosen labels or ``None``."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("a", "apply", "Apply"),
    ]

    def __init__(self, entities: Sequence[Entity], shown: Iterable[str]) -> None:
        super().__init__()
        self._counts = Counter(entity.label for entity in entities)
        self._shown = frozenset(shown)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Show these types", classes="dialog-title")
            yield TypeList(
                *(
                    Selection(
                        f"{label_name(label)} ({self._counts[label]})",
                        label,
                        label in self._shown,
                    )
                    for label in sorted(self._counts, key=label_order)
                ),
                id="filter-types",
            )
            yield Label("space ticks or clears · enter applies · escape cancels", classes="hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Cancel", id="cancel")

    def action_apply(self) -> None:
        """Close with the chosen labels."""
        self.dismiss(frozenset(self.query_one(SelectionList).selected))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Apply or cancel."""
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.dismiss(None)
