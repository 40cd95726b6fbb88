"""The entity outline: every entity, grouped by type, with its number of mentions.

A keyboard tree: up/down move its cursor, enter jumps to the entity, and typing filters
it (as long as nothing is typed, ``q``, ``?`` and ``o`` keep their meaning).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Tree

from reader.labels import label_name, label_order
from reader.models import Entity

if TYPE_CHECKING:
    from textual.widgets.tree import TreeNode

OUTLINE_WIDTH = 32
"""The outline's width in cells (its CSS)."""

LEAF_CELLS = OUTLINE_WIDTH - 4
"""Cells an entity's line has: the width less the border, the tree's guide (``├ ``)
and the vertical scrollbar a long outline shows."""


def leaf_label(name: str, uncertain: bool, mentions: int) -> Text:
    """An entity's line: its name, cut short with ``…`` where the line would not fit,
    then ``?`` when its page is uncertain and its mention count, always shown."""
    suffix = Text.assemble((" ?" if uncertain else "", "dim"), (f" ×{mentions}", "dim"))
    shown = Text(name)
    room = LEAF_CELLS - suffix.cell_len
    if shown.cell_len > room:
        shown.truncate(max(1, room), overflow="ellipsis")
    return Text.assemble(shown, suffix)


class EntityOutline(Tree[Entity]):
    """A tree of entity types and their entities; choosing one jumps to its first mention."""

    DEFAULT_CSS = """
    EntityOutline {
        width: 32;  /* OUTLINE_WIDTH */
        height: 100%;
        overflow-x: hidden;  /* long names end in …: no horizontal scrollbar */
        scrollbar-size-vertical: 1;
        border-right: vkey $panel-lighten-2;
        background: $panel;
        &.-filtering {
            border-top: hkey $panel-lighten-2;
            border-title-align: left;
        }
        &.-uncertain {  /* says what the "?" after a name means */
            border-bottom: hkey $panel-lighten-2;
            border-subtitle-align: left;
            border-subtitle-color: $text-muted;
        }
    }
    """

    UNCERTAIN_NOTE = "? not sure: enter, then c"
    """Under the outline while a name shown has a page that is only likely, or ambiguous."""

    KEEP_UNTIL_TYPING = frozenset("q?o")
    """Keys that keep their meaning (quit, help, hide the outline) until a filter is typed."""

    class EntityChosen(Message):
        """The reader chose an entity in the outline."""

        def __init__(self, entity: Entity) -> None:
            super().__init__()
            self.entity = entity

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("Entities", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.filter_text = ""
        """What the reader typed to narrow the outline down (any case)."""
        self._entities: list[Entity] = []
        self._labels: frozenset[str] = frozenset()
        self._uncertain: frozenset[str] = frozenset()

    def show_entities(
        self,
        entities: Sequence[Entity],
        labels: Iterable[str],
        uncertain: frozenset[str] = frozenset(),
    ) -> None:
        """Show the entities whose label is in ``labels``, most mentioned first; those in
        ``uncertain`` (their page is only likely, or ambiguous) with a quiet ``?``."""
        self._entities = list(entities)
        self._labels = frozenset(labels)
        self._uncertain = uncertain
        self._rebuild()

    def set_filter(self, text: str) -> None:
        """Show only entities with ``text`` in their name or an alias; the cursor goes to
        the first of them."""
        self.filter_text = text
        self.set_class(bool(text), "-filtering")
        self.border_title = f"filter: {text}" if text else None
        self._rebuild(keep_cursor=False)

    def point_at(self, entity_id: str | None) -> None:
        """Put the cursor on the row of the entity ``entity_id``, if it is shown."""
        row = self._row(entity_id)
        if row is not None:
            self.call_after_refresh(self.move_cursor, row)

    def _rows(self) -> list[TreeNode[Entity]]:
        """The entities' rows, top to bottom."""
        return [leaf for group in self.root.children for leaf in group.children]

    def _row(self, entity_id: str | None) -> TreeNode[Entity] | None:
        """The row of the entity ``entity_id``, if it is shown."""
        return next((row for row in self._rows() if row.data and row.data.id == entity_id), None)

    def _matches(self, entity: Entity) -> bool:
        wanted = self.filter_text.casefold()
        return any(wanted in name.casefold() for name in (entity.name, *entity.aliases))

    def _rebuild(self, *, keep_cursor: bool = True) -> None:
        """Fill the tree; the cursor stays on its entity if it is still shown, else goes
        to the first entity."""
        node = self.cursor_node
        keep = node.data.id if keep_cursor and node is not None and node.data else None
        groups: dict[str, list[Entity]] = defaultdict(list)
        for entity in self._entities:
            if entity.label in self._labels and (not self.filter_text or self._matches(entity)):
                groups[entity.label].append(entity)
        self.clear()
        for label in sorted(groups, key=label_order):
            members = sorted(groups[label], key=lambda e: (-len(e.mentions), e.name.casefold()))
            group = self.root.add(
                Text.assemble((label_name(label), "bold"), (f" {len(members)}", "dim")),
                expand=True,
            )
            for entity in members:
                group.add_leaf(
                    leaf_label(entity.name, entity.id in self._uncertain, len(entity.mentions)),
                    data=entity,
                )
        if not groups and self.filter_text:  # say so, rather than show an empty outline
            self.root.add_leaf(Text(f"No name contains “{self.filter_text}”", style="dim"))
        uncertain = any(e.id in self._uncertain for members in groups.values() for e in members)
        self.set_class(uncertain, "-uncertain")
        self.border_subtitle = self.UNCERTAIN_NOTE if uncertain else None
        rows = self._rows()
        if rows:
            self.call_after_refresh(self.move_cursor, self._row(keep) or rows[0])

    def on_key(self, event: events.Key) -> None:
        """Typing filters the outline; backspace deletes, escape clears the filter. Here
        backspace never goes back to another article: one press too many while deleting
        would close this one."""
        character = event.character
        if event.key == "backspace":
            if self.filter_text:
                self.set_filter(self.filter_text[:-1])
        elif event.key == "escape" and self.filter_text:
            self.set_filter("")
        elif (
            event.is_printable
            and character
            and (self.filter_text or (character not in self.KEEP_UNTIL_TYPING and character != " "))
        ):
            self.set_filter(self.filter_text + character)
        else:
            return
        event.stop()
        event.prevent_default()

    def on_tree_node_selected(self, event: Tree.NodeSelected[Entity]) -> None:
        """Turn a chosen entity node into :class:`EntityChosen`."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.EntityChosen(event.node.data))
