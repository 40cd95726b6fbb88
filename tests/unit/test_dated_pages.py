"""A page titled with a year is about an event: no candidate for a name the article writes
without the year, unless the name is an event's."""

from __future__ import annotations

import pytest

from reader.lookup.client import Page
from reader.lookup.context import Context
from reader.lookup.resolve import weigh
from wikifixture import make_entities

TEXT = "Mount Zelmeru erupted on Wednesday, and Zelmeru sent ash over the villages below."
VOLCANO = Page("Zelmeru", None, "Volcano in Norvania", "Zelmeru is an active volcano.")
ERUPTION = Page("2021 Zelmeru eruption", None, "Volcanic eruption in Norvania", "Zelmeru erupted.")


@pytest.mark.parametrize(
    ("label", "titles"), [("ORG", ["Zelmeru"]), ("EVENT", ["Zelmeru", "2021 Zelmeru eruption"])]
)
def test_a_dated_page_is_only_an_events(label, titles):
    spec = {"name": "Zelmeru", "label": label}
    entity = make_entities({"text": TEXT, "entities": [spec]})[0]
    chosen, _, _ = weigh(entity, [VOLCANO, ERUPTION], Context(TEXT, entity))
    assert [page.title for page in chosen] == titles
