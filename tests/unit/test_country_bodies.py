"""A body named with ordinary words ("Supreme Court", "Culture Ministry") is the one of the
country the article writes: its titles are tried, and another country's is no candidate."""

from __future__ import annotations

import pytest

from reader.lookup.client import Page
from reader.lookup.context import Context
from reader.lookup.resolve import weigh
from reader.lookup.titles import countries_written, title_candidates, title_country
from wikifixture import make_entities


def entity_of(text: str, name: str, label: str = "ORG"):
    return make_entities({"text": text, "entities": [{"name": name, "label": label}]})[0]


@pytest.mark.parametrize(
    ("title", "country"),
    [
        ("Supreme Court of India", "India"),
        ("Supreme Court of the United States", "United States"),
        ("National Police Agency (Japan)", "Japan"),
        ("Ministry of Culture of Peru", "Peru"),
        ("Georgia (U.S. state)", None),
        ("Supreme Court of Arizona", None),  # a state, no country
        ("Department of Health", None),
    ],
)
def test_a_title_names_its_subjects_country_after_of_or_in_brackets(title, country):
    assert title_country(title) == country


def test_the_countries_an_article_writes_by_name_nationality_or_abbreviation():
    text = "U.S. and Indian officials met in France; the UK stayed away."
    assert countries_written(text) == {"United States", "India", "France", "United Kingdom"}
    longer = "Ships crossed the Indian Ocean to South Sudan, as Latin American leaders met."
    assert countries_written(longer) == {"South Sudan"}  # not India, Sudan or the US


def test_a_body_of_ordinary_words_is_tried_as_the_articles_countrys():
    text = "LIMA, Peru - The Culture Ministry said the tomb in Peru was intact. Chile agreed."
    titles = title_candidates(entity_of(text, "Culture Ministry"), text)
    assert titles[:3] == [
        "Ministry of Culture (Peru)",
        "Ministry of Culture of Peru",
        "Culture Ministry",
    ]
    tied = "The Culture Ministry of Peru spoke to Chile."  # no country written most
    assert title_candidates(entity_of(tied, "Culture Ministry"), tied) == ["Culture Ministry"]
    named = "LIMA, Peru - Backus Brewing said Peru drinks more."  # a name, no ordinary words
    assert title_candidates(entity_of(named, "Backus Brewing"), named)[0] == "Backus Brewing"


def test_another_countrys_body_is_no_candidate_where_the_article_writes_only_its_own():
    us = Page("Supreme Court of the United States", None, "Highest court of the United States", "")
    india = Page("Supreme Court of India", None, "Highest court of India", "")
    text = "MUMBAI, India - The Supreme Court will hear the case next week, lawyers said."
    entity = entity_of(text, "Supreme Court")
    chosen, _, _ = weigh(entity, [us, india], Context(text, entity))
    assert [page.title for page in chosen] == ["Supreme Court of India"]
    both = text + " The United States has no say."
    entity = entity_of(both, "Supreme Court")
    chosen, _, _ = weigh(entity, [us, india], Context(both, entity))
    assert len(chosen) == 2


def test_a_page_the_title_lookup_reached_stays_beside_one_spelling_the_acronym():
    """ "ZHS" redirects to the department; a health service spelling it is no reason to
    drop the page the title reached."""
    text = "The ZHS said the border would reopen, officials in Zorland said."
    entity = entity_of(text, "ZHS")
    reached = Page("Zorland Department of Homeland Security", None, "Government department", "")
    spelt = Page("Zorland Health Service", None, "Public health body", "The ZHS runs hospitals.")
    chosen, _, _ = weigh(entity, [spelt], Context(text, entity), incumbent=reached)
    assert {page.title for page in chosen} == {reached.title, spelt.title}
