"""A name's type from its Wikipedia page, sure or likely (reader.page_labels)."""

from __future__ import annotations

import pytest

from reader.lookup.pages import description_kind
from reader.models import Background, Entity, Mention
from reader.page_labels import page_label, typed_by_page


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("Association football club in Manchester, England", "org"),
        ("American spaceflight company", "org"),
        ("French football news website", "org"),
        ("British television channel", "org"),
        ("Capital city of Tasmania, Australia", "place"),
        ("Tablet computer made by Microsoft", "product"),
        ("2016 film by Damien Chazelle", "work"),
        ("American actress (born 1979)", "person"),
        ("King of Thailand since 2016", "person"),
        ("Younger son of a pop singer and a dancer", "person"),
        ("Former wife of the King of Thailand (born 1971)", "person"),
        ("American film producer", None),  # "producer" shows no kind; "film" is no head
        ("American film and television producer", None),
        ("Capital and largest city of Austria", "place"),
        ("Horse racing venue in Merseyside, England", "facility"),
        ("Racecourse in Ascot, Berkshire, England", "facility"),
        ("Crime of operating a vehicle while impaired", None),
        ("Landlocked body of water in Asia and Europe", "nature"),  # not a body, an org
        ("Governing body of association football", "org"),
        ("Geopolitical rivalry between the US and the USSR (1947–1991)", None),
        ("", None),
        (None, None),
    ],
)
def test_a_description_says_its_kind_by_its_head_noun(description, kind):
    assert description_kind(description) == kind


def _entity(label: str, name: str = "SpaceX") -> Entity:
    mention = Mention(0, len(name), name)
    return Entity(name.lower(), name, label, (name,), (mention,))


def _found(description: str, confidence: float | None = 0.99) -> Background:
    return Background("found", title="T", description=description, confidence=confidence)


def test_a_sure_or_likely_page_of_another_kind_retypes_the_name():
    company = _found("American spaceflight company")
    assert page_label(_entity("PERSON"), company) == "ORG"
    assert page_label(_entity("ORG"), company) is None  # its type already
    assert page_label(_entity("FAC"), company) == "ORG"
    assert page_label(_entity("LOC"), _found("Capital city of Tasmania")) is None  # a place
    likely = _found("American spaceflight company", 0.2)
    assert page_label(_entity("PERSON"), likely) == "ORG"  # "Fulham" a club, not a place
    ambiguous = Background("ambiguous", candidates=("T",), description="American company")
    assert page_label(_entity("PERSON"), ambiguous) is None
    assert page_label(_entity("PERSON"), Background("not_found")) is None
    assert page_label(_entity("PERSON"), None) is None


def test_nationalities_keep_their_type_though_their_page_is_the_country():
    assert page_label(_entity("NORP", "Italian"), _found("Country in Southern Europe")) is None


def test_typed_by_page_changes_only_the_names_whose_page_says_so():
    spacex, rihanna = _entity("PERSON"), _entity("PERSON", "Rihanna")
    pages = {spacex.id: _found("American spaceflight company")}
    typed = typed_by_page([spacex, rihanna], pages.get)
    assert [(e.name, e.label) for e in typed] == [("SpaceX", "ORG"), ("Rihanna", "PERSON")]
    assert typed[1] is rihanna


def test_a_name_the_reader_typed_keeps_the_readers_type():
    spacex = _entity("PERSON")
    pages = {spacex.id: _found("American spaceflight company")}
    assert typed_by_page([spacex], pages.get, frozenset({spacex.id})) == [spacex]
