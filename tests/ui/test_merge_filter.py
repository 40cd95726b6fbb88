"""The merge picker's filter (issue 9, "noticed, left"): "Hay" listed "Lee Charnley".

A query lists the names whose words it starts first, then those holding it, spelling
its initials or abbreviated by it; letters scattered over a name do not match.
"""

from __future__ import annotations

import pytest

from reader.models import Document
from reader.nlp.mentions import build_entities
from reader.ui.app import ReaderApp
from reader.ui.name_match import Fit, match_name
from reader.ui.screens.merge import MergePicker
from reader.ui.widgets.ordered_input import OrderedInput
from tests.unit.test_mentions import spans_of

from .conftest import settle


@pytest.mark.parametrize(
    ("query", "name", "fit", "bold"),
    [
        ("Hay", "Lee Charnley", Fit.NONE, ""),  # h, a, y scattered: no match
        ("Hay", "Tom Haynes", Fit.WORD_PREFIX, "Hay"),
        ("hay", "Ann Hayward-Smith", Fit.WORD_PREFIX, "Hay"),
        ("smi", "Ann Hayward-Smith", Fit.WORD_PREFIX, "Smi"),  # after a hyphen too
        ("hay", "Shay Ohana", Fit.SUBSTRING, "hay"),
        ("ann hay", "Ann Hayward-Smith", Fit.WORD_PREFIX, "AnnHay"),
        ("hay ann", "Ann Hayward-Smith", Fit.WORD_PREFIX, "AnnHay"),  # any order
        ("ward sm", "Ann Hayward-Smith", Fit.SUBSTRING, "wardSm"),
        ("tom haynes", "Tom Haynes", Fit.WHOLE, "TomHaynes"),
        ("leon", "Léon Marsh", Fit.WORD_PREFIX, "Léon"),  # accents and case never matter
        ("MARSH", "Léon Marsh", Fit.WORD_PREFIX, "Marsh"),
        ("lm", "Léon Marsh", Fit.INITIALS, "LM"),
        ("nsa", "Northern Salt Authority", Fit.INITIALS, "NSA"),
        ("kng ab", "King Abdo", Fit.ABBREVIATION, "KngAb"),
        ("kng", "Making Oaks", Fit.NONE, ""),  # an abbreviation starts with the word
        ("x", "Léon Marsh", Fit.NONE, ""),
        ("  ", "Léon Marsh", Fit.NONE, ""),
    ],
)
def test_match_name(query, name, fit, bold):
    found = match_name(query, name)
    assert found.fit is fit
    assert "".join(name[offset] for offset in found.offsets) == bold


def test_a_match_at_the_start_of_the_name_ranks_first_within_its_kind():
    assert match_name("tom", "Tom Haynes").rank > match_name("tom", "Ann Tomlin").rank
    assert match_name("hay", "Ann Haynes").rank > match_name("hay", "Shay Ohana").rank


TEXT = (
    "Lee Charnley met Tom Haynes and Shay Ohana in Leeds. Ann Hayward-Smith and "
    "Léon Hays joined them later, with Ned Harvey."
)
MARKS = [
    ("Lee Charnley", "PERSON"),
    ("Tom Haynes", "PERSON"),
    ("Shay Ohana", "PERSON"),
    ("Leeds", "GPE"),
    ("Ann Hayward-Smith", "PERSON"),
    ("Léon Hays", "PERSON"),
    ("Ned Harvey", "PERSON"),
]


async def _listed(app: ReaderApp, pilot, *keys: str) -> list[str]:
    picker = app.screen
    assert isinstance(picker, MergePicker)
    assert isinstance(picker.query_one("#merge-query"), OrderedInput)  # typed keys keep order
    await pilot.press(*keys)
    await pilot.pause()
    options = picker.query_one("#merge-options")
    return [
        str(options.get_option_at_index(i).prompt).split("  ")[0]
        for i in range(options.option_count)
    ]


async def test_the_picker_lists_word_starts_first_then_names_holding_the_query(tmp_path):
    document = Document(TEXT, "Test", "-")
    entities = build_entities(TEXT, spans_of(TEXT, *MARKS))
    app = ReaderApp(document, entities=entities, lookup=None, corrections=tmp_path / "cache")
    async with app.run_test(size=(100, 36)) as pilot:
        await settle(app, pilot)
        await app.screen.jump_to_entity(next(e for e in entities if e.name == "Leeds"))
        await pilot.press("f6", "J")
        await settle(app, pilot)
        assert await _listed(app, pilot, *"Hay") == [
            # Not Lee Charnley (h, a, y scattered), nor Ned Harvey (abbreviated: below).
            "Tom Haynes",  # the names with a word starting "hay", in the article's order
            "Ann Hayward-Smith",
            "Léon Hays",
            "Shay Ohana",  # then the one holding it
        ]
        assert await _listed(app, pilot, "backspace", "backspace", "backspace", *"ha") == [
            "Tom Haynes",
            "Ann Hayward-Smith",
            "Léon Hays",
            "Ned Harvey",
            "Lee Charnley",  # "ha" is in its name: listed after those it starts a word of
            "Shay Ohana",
        ]
        # Abbreviations come in when nothing matches more closely.
        assert await _listed(app, pilot, "backspace", "backspace", *"hrv") == ["Ned Harvey"]
        assert await _listed(app, pilot, *["backspace"] * 3, *"nh") == ["Ned Harvey"]
        await pilot.press("enter")  # the highlighted one: merged
        await settle(app, pilot)
        merged = [{m.text for m in e.mentions} for e in app.screen.entities]
        assert {"Leeds", "Ned Harvey"} in merged
