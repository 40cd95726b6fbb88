"""Pilot tests: one vocabulary of types (issue 11, item 6).

The legend, the outline, the filter dialog and the panel name a type as the label
registry does, and the legend fits the status line or drops whole entries.
"""

from __future__ import annotations

from dataclasses import replace

from reader.labels import LABELS, NAME_LABELS, label_name
from reader.models import Entity
from reader.ui.app import ReaderApp
from reader.ui.screens.dialogs import CHECKED, FilterDialog, TypeList
from reader.ui.screens.main import MainScreen


def _status(app: ReaderApp) -> str:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen.status_line.render().plain  # type: ignore[union-attr]


def _with_every_label(entities: list[Entity]) -> list[Entity]:
    """The sample's entities, relabelled so that every name label occurs."""
    names = [label for label in LABELS if label.is_name]
    return [replace(e, label=names[n % len(names)].code) for n, e in enumerate(entities)]


async def test_legend_names_the_types_in_the_article_by_their_registry_names(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(130, 30)) as pilot:
        await pilot.pause()
        legend = _status(app).split("   ", 1)[1]
        # Only the highlighted types the sample has, one entry per colour, whole.
        assert legend == "■ Person  ■ Organisation  ■ Place  ■ Group  ■ Event"
        await pilot.press("d")  # dates and numbers join, named as in the registry
        await pilot.pause()
        assert _status(app).endswith("■ Event  ■ Date/Number")


async def test_legend_at_130_columns_drops_whole_entries_never_cuts_one(sample):
    document, entities = sample
    app = ReaderApp(document, entities=_with_every_label(entities))
    async with app.run_test(size=(130, 30)) as pilot:
        await pilot.pause()
        status = _status(app)
        assert len(status) <= 128  # the status line's width, less its padding
        assert status.endswith(" …")
        shown = status.split("   ", 1)[1].removesuffix(" …").split("  ")
        assert shown[0] == "■ Person"
        for entry in shown:  # every entry shown is whole: a colour and registry names
            assert set(entry.removeprefix("■ ").split("/")) <= {label.name for label in LABELS}
    app = ReaderApp(document, entities=_with_every_label(entities))
    async with app.run_test(size=(300, 30)) as pilot:  # wide enough: all of it
        await pilot.pause()
        assert _status(app).endswith("■ Product/Work/Law")


async def test_outline_panel_and_filter_dialog_use_the_registry_names(sample):
    document, entities = sample
    entities = _with_every_label(entities)
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(130, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("o")
        await pilot.pause()
        outline = screen.query_one("#outline")
        children = outline.root.children  # type: ignore[attr-defined]
        groups = [str(node.label).rsplit(" ", 1)[0] for node in children]
        expected = [label.name for label in LABELS if label.is_name]
        assert groups == expected
        await screen.jump_to_entity(entities[3])
        await pilot.pause()
        heading = str(screen.reading.panel.query_one("#entity-heading").render())
        assert f"{label_name(entities[3].label)} · " in heading
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FilterDialog)
        options = dialog.query_one(TypeList).options
        prompts = [str(option.prompt).rsplit(" (", 1)[0] for option in options]
        assert prompts == expected


async def test_filter_dialog_checked_and_unchecked_differ_in_shape(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        types = app.screen.query_one(TypeList)

        def marks() -> list[str]:
            return [types.render_line(y).text[1] for y in range(types.option_count)]

        shown = [
            CHECKED if types.get_option_at_index(n).value in NAME_LABELS else " "
            for n in range(types.option_count)
        ]
        assert shown.count(CHECKED) == 5 and shown.count(" ") == 2  # names shown, dates not
        assert marks() == shown
        await pilot.press("space")  # the first type (Person), highlighted: unchecked
        await pilot.pause()
        assert marks() == [" ", *shown[1:]]
        assert CHECKED.strip() and CHECKED != "X"


async def test_enter_in_the_filter_dialog_applies_what_space_ticked(sample):
    document, entities = sample
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterDialog)
        await pilot.press("space", "enter")  # untick the first type (Person), apply
        await pilot.pause()
        assert app.screen is screen
        assert "PERSON" not in screen.reading.labels and "ORG" in screen.reading.labels
