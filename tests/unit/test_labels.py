"""The label registry: one entry per label the model emits, and the facts its users read."""

from __future__ import annotations

from reader.labels import (
    HIGHLIGHTS,
    LABELS,
    NAME_LABELS,
    NUMERIC_LABELS,
    accepted_kinds,
    label_class,
    label_info,
    label_name,
    label_order,
    legend_entries,
)
from reader.lookup import pages
from reader.lookup.client import Page
from reader.nlp.pipeline import load_pipeline


def test_every_label_the_model_emits_has_one_entry() -> None:
    from spacy.pipeline import EntityRecognizer

    ner = load_pipeline().get_pipe("ner")
    assert isinstance(ner, EntityRecognizer)
    emitted = set(ner.labels)
    codes = [label.code for label in LABELS]
    assert len(codes) == len(set(codes))
    assert set(codes) == emitted


def test_name_labels_are_those_of_the_json_contract() -> None:
    # DESIGN §4: "By default only name-like types are listed: ..."
    listed = "PERSON, NORP, FAC, ORG, GPE, LOC, PRODUCT, EVENT, WORK_OF_ART, LAW, LANGUAGE"
    assert set(listed.split(", ")) == NAME_LABELS
    assert NAME_LABELS.isdisjoint(NUMERIC_LABELS)
    assert {label.code for label in LABELS} == NAME_LABELS | NUMERIC_LABELS
    numbers = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
    assert numbers == NUMERIC_LABELS


def test_order_and_names_are_those_of_the_outline_legend_and_table() -> None:
    shuffled = ["CARDINAL", "NEW_LABEL", "LOC", "PERSON", "WORK_OF_ART", "GPE", "DATE"]
    ordered = sorted(shuffled, key=label_order)
    assert ordered == ["PERSON", "GPE", "LOC", "WORK_OF_ART", "DATE", "CARDINAL", "NEW_LABEL"]
    assert [label_name(code) for code in ordered] == [
        "Person", "Place", "Location", "Work", "Date", "Number", "New Label"
    ]  # fmt: skip
    assert [h.css_class.removeprefix("article-view--") for h in HIGHLIGHTS] == [
        "person", "org", "place", "group", "facility", "event", "work", "number"
    ]  # fmt: skip
    assert {label.highlight for label in LABELS} == set(HIGHLIGHTS)


def test_unknown_labels_get_a_name_the_number_colour_and_no_opinion() -> None:
    unknown = label_info("MOVIE_TITLE")
    assert (unknown.name, unknown.is_name, unknown.accepts) == ("Movie Title", False, frozenset())
    assert label_class("MOVIE_TITLE") == label_class("DATE") == "article-view--number"
    assert label_class("LOC") == label_class("GPE") != label_class("FAC")
    assert label_order("MOVIE_TITLE") == len(LABELS)


def test_accepted_kinds_are_kinds_the_resolver_knows_and_drive_type_fit() -> None:
    known = set(pages.page_kinds())
    for label in LABELS:
        assert label.accepts <= known, label.code
    assert accepted_kinds("LOC") == {"place", "nature"}
    assert not accepted_kinds("MONEY")
    river = Page("Jordan River", None, "River in the Middle East", "")
    assert pages.kinds(river) & accepted_kinds("LOC")
    assert pages.type_fit("LOC", river) == 1
    assert pages.type_fit("PERSON", river) == -1
    assert pages.type_fit("MONEY", river) == 0  # no opinion


def test_one_name_per_label_and_no_two_labels_share_a_name() -> None:
    names = [label.name for label in LABELS]
    assert len(names) == len(set(names))
    assert all(label_name(label.code) == label.name for label in LABELS)


def test_legend_entries_are_built_from_the_names_of_the_labels_given() -> None:
    # One entry per colour, in registry order, named by the labels that use it.
    entries = legend_entries(["LAW", "LOC", "PERSON", "GPE", "CARDINAL", "DATE", "MOVIE"])
    assert [(h.css_class.removeprefix("article-view--"), text) for h, text in entries] == [
        ("person", "Person"),
        ("place", "Place/Location"),
        ("work", "Law"),
        ("number", "Date/Number/Movie"),
    ]
    # Every name the legend can show is a registry name: no "Work/law", no "Date/number".
    every = "/".join(text for _h, text in legend_entries(label.code for label in LABELS))
    assert set(every.split("/")) == {label.name for label in LABELS}
    assert legend_entries([]) == []


def test_every_names_type_says_what_it_covers_for_the_type_picker() -> None:
    assert all(bool(label.about) == label.is_name for label in LABELS)
