"""Keys typed fast into a field apply in the order they were typed (Textual issue #6605)."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Vertical

from reader.ui.widgets.ordered_input import OrderedInput
from reader.ui.widgets.search_bar import SearchBar
from tests.ui.conftest import until


class Field(App[None]):
    """A field two containers down, as in the chooser and the merge dialog."""

    def __init__(self, field: OrderedInput) -> None:
        super().__init__()
        self.field = field

    def compose(self) -> ComposeResult:
        with Vertical(), Vertical():
            yield self.field


@pytest.mark.parametrize("make", [OrderedInput, SearchBar])
async def test_a_backspace_held_down_then_fast_typing_keeps_the_order(make) -> None:
    """The keys arrive as the terminal sends them, with no pause between them: every
    backspace applies before the letters typed after it (the chooser's and the merge
    dialog's fields are OrderedInputs: their tests check it where they open them)."""
    app = Field(make())
    async with app.run_test() as pilot:
        field = app.field
        field.focus()
        field.value = "Democratic Party"
        field.cursor_position = len(field.value)
        await pilot.pause()
        for key in ["backspace"] * 16 + list("Democrats") + ["left", "backspace"]:
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await until(pilot, lambda: field.value == "Democras")
        assert field.cursor_position == 7
