"""The merge picker: the article's other entities in a list that a typed query narrows
(names whose words it starts first, then those holding it or spelling its initials; those
it abbreviates only when no other matches: :mod:`reader.ui.name_match`); enter merges the
highlighted one."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from reader.labels import label_name
from reader.models import Entity
from reader.sanitize import one_line
from reader.ui.name_match import Fit, NameMatch, match_name
from reader.ui.screens.dialogs import Dialog
from reader.ui.widgets.ordered_input import OrderedInput
from reader.wording import counted

UNDO = "undo"
"""The option id of "Undo your correction" (offered when the entity has one)."""


def entity_option(entity: Entity, query: str) -> tuple[NameMatch, Option]:
    """The entity as an option, the query's letters in bold, and how the query matches
    its name (an empty query matches nothing)."""
    name = one_line(entity.name, 60)
    found = match_name(query, name)
    content = Content(name)
    for offset in found.offsets:
        content = content.stylize("bold $accent", offset, offset + 1)
    count = len(entity.mentions)
    content = Content.assemble(
        content,
        (f"  {label_name(entity.label)} · {counted(count, 'mention')}", "dim"),
    )
    return found, Option(content, id=entity.id)


class MergePicker(Dialog[str | None]):
    """Pick the entity to merge with ``entity``; dismissed with its id, :data:`UNDO` or
    ``None``."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", tooltip="Close without merging"),
        Binding("down", "cursor(1)", show=False),
        Binding("up", "cursor(-1)", show=False),
    ]

    LIST_ROWS = 16
    OTHER_ROWS = 12

    DEFAULT_CSS = """
    MergePicker OptionList {
        height: auto;
        max-height: 16;  /* LIST_ROWS */
        margin-top: 1;
    }
    MergePicker #merge-keys {  /* one line, however narrow: OTHER_ROWS counts one */
        color: $text-muted;
        margin-top: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, entity: Entity, others: Sequence[Entity], undo: str | None) -> None:
        """``others``: the article's other entities; ``undo``: what ``u`` would undo, in
        words ("Undo your correction: Jordan split from Michael Jordan"), offered first,
        if anything."""
        super().__init__()
        self.entity = entity
        self.others = list(others)
        self.undo = undo

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Content.assemble("Merge ", (one_line(self.entity.name, 50), "bold"), " with…"),
                classes="dialog-title",
            )
            yield OrderedInput(placeholder="Type to narrow the list", id="merge-query")
            yield OptionList(id="merge-options")
            yield Static(Content("↑↓ move · enter merge · esc cancel"), id="merge-keys")

    def on_mount(self) -> None:
        """List every other entity, the undo first when there is one (:meth:`Dialog.on_mount`
        fits the list)."""
        self._show("")

    @on(Input.Changed)
    def _narrow(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, query: str) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        if self.undo and not query:
            options.add_option(Option(Content.styled(one_line(self.undo, 82)), id=UNDO))
        listed = [entity_option(entity, query) for entity in self.others]
        if query.strip():  # the names it matches, best first, in the article's order within a kind
            listed = [(found, option) for found, option in listed if found]
            if any(found.fit > Fit.ABBREVIATION for found, _ in listed):  # a fallback only
                listed = [
                    (found, option) for found, option in listed if found.fit > Fit.ABBREVIATION
                ]
            listed.sort(key=lambda pair: pair[0].rank, reverse=True)
        options.add_options(option for _, option in listed)
        if options.option_count:
            options.highlighted = 0

    def action_cursor(self, step: int) -> None:
        """Move the highlight in the list while the query keeps the keys."""
        options = self.query_one(OptionList)
        if options.option_count:
            options.highlighted = ((options.highlighted or 0) + step) % options.option_count

    @on(Input.Submitted)
    def _take_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _take_chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
