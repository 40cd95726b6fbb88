"""The page type classifier: what sort of name a page is for (reader.lookup.types)."""

from __future__ import annotations

import pytest

from reader.lookup.client import Page
from reader.lookup.pages import kinds
from reader.lookup.types import (
    LABEL_CLASSES,
    MAX_FIT,
    TypeModel,
    label_fit,
    page_features,
    type_model,
)


def page(description: str | None, summary: str = "") -> Page:
    return Page("Some Title", None, description, summary)


def test_a_page_is_read_as_its_kinds_head_noun_lifespan_and_words() -> None:
    features = page_features(page("American politician (born 1950)"))
    assert {"kind:person", "head:politician", "life", "politician"} <= features
    club = page_features(page("Association football club in Manchester, England"))
    assert {"kind:org", "head:club", "football", "manchester"} <= club
    assert "life" not in club


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("American astronaut (1923–1998)", {"person"}),
        ("American television talk show (1986–2011)", {"work"}),
        ("American game show host (1920–1990)", {"person", "work"}),
        ("Geopolitical rivalry between two blocs (1947–1991)", {"person"}),
    ],
)
def test_a_bare_year_range_is_a_life_only_where_nothing_else_is_said(description, expected):
    """A range of years is a life's or a show's run: a person unless the description's
    head noun is of another kind ("talk show"); a birth always is."""
    assert kinds(page(description)) == expected


def test_a_mother_church_is_no_person() -> None:
    """Kinship makes a person ("son of", "wife of"), but "mother" and "sister" also make
    compounds of things ("the mother church", "a sister city"): they are not kind words."""
    church = Page("C", None, None, "The Church is the mother church of the Communion.")
    assert "person" not in kinds(church)


def test_without_a_description_the_intros_first_sentence_is_read() -> None:
    features = page_features(page(None, "Springfield is a city in Illinois. It has a zoo."))
    assert {"kind:place", "city", "illinoi"} <= features
    assert "zoo" not in features


def test_the_shipped_model_knows_every_class_and_its_odds_sum_to_one() -> None:
    model = type_model()
    assert set(LABEL_CLASSES.values()) == set(model.classes) == set(model.prior)
    odds = model.probabilities(page_features(page("City in Ohio, United States")))
    assert sum(odds.values()) == pytest.approx(1.0)
    assert max(odds, key=odds.__getitem__) == "place"


@pytest.mark.parametrize(
    ("description", "fits", "misfits"),
    [
        ("American politician (born 1950)", "PERSON", "GPE"),
        ("City in Ohio, United States", "GPE", "PERSON"),
        ("Association football club in Manchester, England", "ORG", "PERSON"),
        ("2004 film by Paul Haggis", "WORK_OF_ART", "GPE"),
        ("Dog breed", "LOC", "PERSON"),  # a kind of nature, not a person named after it
        ("Species of bird", "LOC", "PERSON"),
    ],
)
def test_a_page_raises_the_odds_of_the_label_it_fits(description, fits, misfits) -> None:
    read = page(description)
    assert label_fit(fits, read) > 0 > label_fit(misfits, read)
    assert label_fit(misfits, read) >= -MAX_FIT and label_fit(fits, read) <= MAX_FIT


def test_a_label_with_no_class_or_a_page_the_model_knows_nothing_of_has_no_opinion() -> None:
    assert label_fit("DATE", page("American politician (born 1950)")) == 0.0
    assert label_fit("", page("City in Ohio")) == 0.0
    assert label_fit("WORK_OF_ART", page(None)) == label_fit("ORG", page("Qwzx vbnm")) == 0.0


def test_the_head_noun_of_an_intros_first_sentence_has_no_full_stop() -> None:
    features = page_features(page(None, "Ann Lee is an English footballer."))
    assert "head:footballer" in features


def test_the_model_survives_its_json_form_and_bounds_what_one_page_says() -> None:
    model = TypeModel(
        ("person", "place"), (0.0, 0.0), {"city": (-20.0, 20.0)}, {"person": 0.5, "place": 0.5}
    )
    assert TypeModel.from_json(model.to_json()) == model
    assert label_fit("GPE", page("City"), model) == pytest.approx(0.693, abs=0.01)
    assert label_fit("PERSON", page("City"), model) == -MAX_FIT
