"""The panel's layout in a real terminal: what fits is shown whole."""

from __future__ import annotations

import dataclasses

from reader.models import Entity
from reader.ui.app import ReaderApp
from reader.ui.widgets.side_panel import MentionList
from tests.ui.conftest import load_sample


def _with_reasons(entities: list[Entity]) -> list[Entity]:
    """The sample's entities, each mention with a reason line as the model gives them."""
    return [
        dataclasses.replace(
            entity,
            mentions=tuple(
                dataclasses.replace(m, reason="found by the model" if i == 0 else "surname")
                for i, m in enumerate(entity.mentions)
            ),
        )
        for entity in entities
    ]


async def test_a_short_mention_list_is_shown_whole_after_the_terminal_widens():
    # A new user's tmux session: the list had a scrollbar at 80x24; widened to 140x45,
    # the scrollbar stayed, its entries wrapped one line longer than measured, and the
    # last mention's reason line was cut off although the panel had room below.
    document, entities = load_sample()
    app = ReaderApp(document, entities=_with_reasons(entities))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        for name in ("Ismail Haniyeh", "Benjamin Netanyahu"):
            await pilot.resize_terminal(80, 24)
            await pilot.pause()
            await screen.jump_to_entity(next(e for e in screen.entities if e.name == name))
            await pilot.pause()
            for size in ((100, 30), (140, 45), (220, 50)):
                await pilot.resize_terminal(*size)
                await pilot.pause()
                mentions = screen.query_one(MentionList)
                assert not mentions.show_vertical_scrollbar, (name, size)
                assert mentions.virtual_size.height == mentions.size.height, (name, size)
