"""Small modal dialogs: the dialog box, and the filter by entity type (the page chooser
is :mod:`reader.ui.screens.chooser`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import ClassVar, TypeVar

from rich.segment import Segment
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Button, Checkbox, Label, OptionList, SelectionList
from textual.widgets.option_list import Option, OptionDoesNotExist
from textual.widgets.selection_list import Selection

from reader.labels import LABELS, NAME_LABELS, label_name, label_order
from reader.models import Entity
from reader.sanitize import one_line

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A box in the middle of the screen, over the article. A dialog built around a list
    (an ``OptionList``) gives :data:`LIST_ROWS`: on a short terminal the list gives way,
    so that the dialog's other rows (its keys above all) stay in sight."""

    LIST_ROWS: ClassVar[int] = 0
    """Rows of the dialog's list at most (its border included); 0: no list to fit."""
    OTHER_ROWS: ClassVar[int] = 0
    """Rows of the dialog besides the list: border, padding, title, fields, margins, keys."""
    HEIGHT_SHARE: ClassVar[float] = 0.8
    """The share of the screen's rows the dialog may take: its CSS ``max-height`` (80%)."""
    MIN_LIST_ROWS: ClassVar[int] = 1
    """Rows the list keeps however short the terminal."""

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

    def on_mount(self) -> None:
        """Fit the list to the screen."""
        self.fit_list(self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the dialog's other rows on a short terminal: the list gives way."""
        self.fit_list(event.size.height)

    def fit_list(self, height: int) -> None:
        """Give the list the rows a screen ``height`` rows high leaves it, up to
        :data:`LIST_ROWS`."""
        if not self.LIST_ROWS:
            return
        rows = int(height * self.HEIGHT_SHARE) - self.OTHER_ROWS
        rows += self.make_room(rows)
        self.query_one(OptionList).styles.max_height = max(
            self.MIN_LIST_ROWS, min(self.LIST_ROWS, rows)
        )

    def make_room(self, rows: int) -> int:
        """Rows the dialog gives up for its list (restyled to do so) when the list would
        get only ``rows``: none."""
        return 0


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


class TypePicker(Dialog[str | None]):
    """Pick the type of ``entity`` among the names' types, each with what it covers; a
    letter moves to the next type of that initial. Dismissed with the label's code, or
    ``None``."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without a change")]

    LIST_ROWS = len(NAME_LABELS) + 2  # and its border
    OTHER_ROWS = 6  # the border, the title and the keys, each but the border with a margin

    DEFAULT_CSS = """
    TypePicker .dialog {
        width: 68;
        padding: 0 1;
    }
    TypePicker OptionList {
        height: auto;
        text-wrap: nowrap;  /* one line a type: what it covers gives way */
        text-overflow: ellipsis;
    }
    """

    def __init__(self, entity: Entity) -> None:
        super().__init__()
        self.entity = entity
        self.types = [label for label in LABELS if label.code in NAME_LABELS]

    def compose(self) -> ComposeResult:
        width = max(len(label.name) for label in self.types) + 2
        with Vertical(classes="dialog"):
            yield Label(
                Content.assemble("Type of ", (one_line(self.entity.name, 50), "bold")),
                classes="dialog-title",
            )
            yield OptionList(
                *(
                    Option(
                        Content.assemble(
                            label.name.ljust(width),
                            (label.about, "dim"),
                            (" (now)", "bold") if label.code == self.entity.label else "",
                        ),
                        id=label.code,
                    )
                    for label in self.types
                ),
                id="type-options",
            )
            yield Label("↑↓ or a letter move · enter choose · esc cancel", classes="hint")

    def on_mount(self) -> None:
        """Highlight the entity's type (:meth:`Dialog.on_mount` fits the list)."""
        options = self.query_one(OptionList)
        label = self.entity.label
        options.highlighted = options.get_option_index(label) if label in NAME_LABELS else 0

    def on_key(self, event: events.Key) -> None:
        """A letter moves to the next type whose name starts with it ("p": Place, Product)."""
        letter = (event.character or "").casefold()
        if not letter.isalpha():
            return
        options = self.query_one(OptionList)
        start = options.highlighted if options.highlighted is not None else -1
        count = len(self.types)
        for step in range(1, count + 1):
            index = (start + step) % count
            if self.types[index].name.casefold().startswith(letter):
                options.highlighted = index
                event.stop()
                return

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Close with the chosen type."""
        self.dismiss(event.option.id)
