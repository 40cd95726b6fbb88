"""The entity outline: every entity, grouped by type, with its number of mentions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree

from reader.labels import label_name, label_order
from reader.models import Entity


class EntityOutline(Tree[Entity]):
    """A tree of entity types and their entities; choosing one jumps to its first mention."""

    DEFAULT_CSS = """
    EntityOutline {
        width: 32;
        height: 100%;
        border-right: vkey $panel-lighten-2;
        background: $panel;
    }
    """

    class EntityChosen(Message):
        """The reader chose an entity in the outline."""

        def __init__(self, entity: Entity) -> None:
            super().__init__()
            self.entity = entity

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("Entities", id=id)
        self.show_root = False
        self.guide_depth = 2

    def show_entities(self, entities: Sequence[Entity], labels: Iterable[str]) -> None:
        """Show the entities whose label is in ``labels``, most mentioned first."""
        wanted = set(labels)
        groups: dict[str, list[Entity]] = defaultdict(list)
        for entity in entities:
            if entity.label in wanted:
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
                    Text.assemble(entity.name, (f" ×{len(entity.mentions)}", "dim")),
                    data=entity,
                )

    def on_tree_node_selected(self, event: Tree.NodeSelected[Entity]) -> None:
        """Turn a chosen entity node into :class:`EntityChosen`."""
        event.stop()
        if event.node.data is not None:
            self.post_message(self.EntityChosen(event.node.data))
