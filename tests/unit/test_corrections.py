"""The reader's corrections of groupings: applied by offsets and text, kept per article."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from reader.corrections import (
    FILE_NAME,
    YOUR_CORRECTION,
    CorrectionStore,
    apply,
    article_key,
    describe,
    merge,
    reader_typed,
    retype,
    split,
    valid_correction,
)
from reader.lookup.records import digest
from reader.models import Entity
from reader.nlp.mentions import build_entities
from tests.unit.test_mentions import named, spans_of

TEXT = (
    "Michael Jordan visited Jordan on Monday. Jordan said the talks went well. "
    "Later Michael Jordan met King Abdullah, and Abdullah II thanked him."
)
MARKS = [
    ("Michael Jordan", "PERSON"),
    ("Jordan", "PERSON"),
    ("Jordan", "PERSON"),
    ("King Abdullah", "PERSON"),
    ("Abdullah II", "PERSON"),
]


@pytest.fixture
def found() -> list[Entity]:
    return build_entities(TEXT, spans_of(TEXT, *MARKS))


def test_the_entities_as_found(found):
    jordan = named(found, "Michael Jordan")
    assert [m.text for m in jordan.mentions] == [
        "Michael Jordan",
        "Jordan",
        "Jordan",
        "Michael Jordan",
    ]
    assert {e.name for e in found} == {"Michael Jordan", "King Abdullah", "Abdullah II"}


def test_a_split_makes_an_entity_of_its_own_and_keeps_the_rest(found):
    person = named(found, "Michael Jordan")
    country = [m for m in person.mentions if m.text == "Jordan"][:1]
    corrected = apply(found, [split("article", person, country)])
    person_after = named(corrected, "Michael Jordan")
    assert person_after.id == person.id  # it keeps its name, so its id and background
    assert [m.text for m in person_after.mentions] == ["Michael Jordan", "Jordan", "Michael Jordan"]
    new = next(e for e in corrected if e.mentions == tuple(country))
    assert (new.name, new.label, new.id) == ("Jordan", "PERSON", "jordan")
    assert [m.reason for m in new.mentions] == [YOUR_CORRECTION]
    starts = [e.mentions[0].start for e in corrected]
    assert starts == sorted(starts)
    assert found == build_entities(TEXT, spans_of(TEXT, *MARKS))  # the input is left alone


def test_a_split_of_the_name_renames_what_stays(found):
    person = named(found, "Michael Jordan")
    full = [m for m in person.mentions if m.text == "Michael Jordan"]
    corrected = apply(found, [split("article", person, full)])
    rest = next(e for e in corrected if e.mentions[0].text == "Jordan")
    assert rest.name == "Jordan" and rest.id != person.id
    assert named(corrected, "Michael Jordan").id == person.id  # the id stays with the name


def test_a_merge_keeps_the_fullest_name_and_marks_what_moved(found):
    king, second = named(found, "King Abdullah"), named(found, "Abdullah II")
    corrected = apply(found, [merge("article", second, king)])
    assert len(corrected) == len(found) - 1
    merged = named(corrected, "King Abdullah")
    assert merged.id == king.id
    assert [(m.text, m.reason) for m in merged.mentions] == [
        ("King Abdullah", king.mentions[0].reason),
        ("Abdullah II", YOUR_CORRECTION),
    ]
    assert merged.aliases == ("King Abdullah", "Abdullah II")


def test_a_merge_may_keep_the_name_it_says(found):
    """The name with a Wikipedia page is kept even where the other is fuller; a name that
    is neither of theirs is ignored."""
    king, second = named(found, "King Abdullah"), named(found, "Abdullah II")
    kept = apply(found, [merge("article", king, second, keep="Abdullah II")])
    assert named(kept, "Abdullah II").mentions == tuple(
        sorted([*second.mentions, *(replace(m, reason=YOUR_CORRECTION) for m in king.mentions)])
    )
    assert "keep" not in merge("article", king, second, keep="Jordan")
    assert valid_correction(merge("a" * 64, king, second, keep="Abdullah II"))
    assert not valid_correction(merge("a" * 64, king, second) | {"keep": 3})


def test_corrections_that_no_longer_match_are_skipped(found):
    person = named(found, "Michael Jordan")
    stale_split = split("article", person, person.mentions[1:2])
    stale_split["mentions"][0][0] += 1  # the mention is not where it says
    moved_text = split("article", person, person.mentions[1:2])
    moved_text["mentions"][0][2] = "Jordon"
    whole = split("article", person, person.mentions)  # nothing would stay
    king, second = named(found, "King Abdullah"), named(found, "Abdullah II")
    gone = merge("article", king, second)
    gone["mentions"][1] = [0, 3, "Mic"]
    itself = merge("article", king, king)
    assert apply(found, [stale_split, moved_text, whole, gone, itself]) == found


def test_corrections_apply_in_turn(found):
    person = named(found, "Michael Jordan")
    country = [m for m in person.mentions if m.text == "Jordan"]
    after_split = apply(found, [split("a", person, country)])
    country_entity = named(after_split, "Jordan")
    undo_by_merge = merge("a", country_entity, named(after_split, "Michael Jordan"))
    both = apply(found, [split("a", person, country), undo_by_merge])
    assert [e.name for e in both] == [e.name for e in found]
    assert [m.text for m in named(both, "Michael Jordan").mentions] == [
        m.text for m in person.mentions
    ]
    assert describe(undo_by_merge) == "Jordan merged with Michael Jordan"
    assert describe(split("a", person, country)) == "Jordan split from Michael Jordan"
    full = [m for m in person.mentions if m.text == "Michael Jordan"]
    assert describe(split("a", person, full[:1])) == "1 mention of Michael Jordan split off"


def test_a_retype_gives_the_entity_its_type_and_a_lookup_of_its_own(found):
    """A new type is a new id: the background is looked up again, weighed for the type."""
    person = named(found, "Michael Jordan")
    correction = retype("a", person, "ORG")
    corrected = apply(found, [correction])
    retyped = named(corrected, "Michael Jordan")
    assert (retyped.label, retyped.mentions) == ("ORG", person.mentions)
    assert retyped.id not in {e.id for e in found}
    assert describe(correction) == "Michael Jordan typed as Organisation"
    assert reader_typed(corrected, [correction]) == {retyped.id}
    assert reader_typed(found, [correction]) == frozenset()  # not applied: not typed
    assert apply(found, [retype("a", person, "PERSON")]) == found  # its type already
    undone = apply(found, [correction, retype("a", retyped, "PERSON")])
    assert named(undone, "Michael Jordan").label == "PERSON"


def test_a_retype_of_joined_names_types_each_and_undoes_as_one(tmp_path, found):
    """Names joined by their page take a type together: one correction, which either
    name leads back to, even once the new type has parted them."""
    from reader.corrections import ArticleCorrections

    fixes = ArticleCorrections(CorrectionStore(tmp_path, pytest.fail), TEXT)
    king, abdullah = named(found, "King Abdullah"), named(found, "Abdullah II")
    correction = fixes.retype(king, "ORG", [king, abdullah])
    assert len(correction["mentions"]) == 2
    assert describe(correction) == "King Abdullah typed as Organisation"
    corrected = fixes.apply(found)
    typed = [named(corrected, "King Abdullah"), named(corrected, "Abdullah II")]
    assert [e.label for e in typed] == ["ORG", "ORG"]
    assert len({e.id for e in corrected}) == len(corrected)  # each a fresh id of its own
    assert reader_typed(corrected, [correction]) == {e.id for e in typed}
    assert [fixes.last_for(e) for e in typed] == [correction, correction]
    again = ArticleCorrections(CorrectionStore(tmp_path, pytest.fail), TEXT)
    assert again.corrections == [correction]  # kept: valid with its two names
    fixes.undo(correction)
    assert fixes.apply(found) == found


@pytest.mark.parametrize(
    ("change", "valid"),
    [
        ({}, True),
        ({"to": "DATE"}, False),  # names only
        ({"to": "[bold]"}, False),
        ({"mentions": [[0, 7, "Michael"], [8, 14, "Jordan"]]}, True),  # joined names
        ({"mentions": [[7, 0, "Michael"]]}, False),
    ],
)
def test_a_retype_is_checked_like_any_correction(found, change, valid):
    correction = retype("a" * 64, named(found, "Michael Jordan"), "GPE") | change
    assert valid_correction(correction) is valid


def test_the_store_keeps_corrections_per_article_across_instances(tmp_path, found):
    person = named(found, "Michael Jordan")
    store = CorrectionStore(tmp_path / "cache", pytest.fail)
    here, elsewhere = article_key(TEXT), article_key(TEXT + " More.")
    assert here == digest(TEXT)  # the same fingerprint as the page choices
    correction = split(here, person, person.mentions[1:2])
    store.add(correction)
    store.add(merge(elsewhere, person, named(found, "King Abdullah")))
    again = CorrectionStore(tmp_path / "cache", pytest.fail)
    assert again.for_article(here) == [correction]
    assert len(again.all()) == 2
    assert (tmp_path / "cache" / FILE_NAME).stat().st_mode & 0o777 == 0o600
    assert again.remove(lambda c: c["article"] == elsewhere) == 1
    assert CorrectionStore(tmp_path / "cache", pytest.fail).all() == [correction]


def test_two_stores_of_one_file_never_overwrite_each_other(tmp_path, found):
    """An article opened over another has a store of its own; going back, the first one's
    next change starts from what the second wrote (as two reader processes do)."""
    person = named(found, "Michael Jordan")
    first = CorrectionStore(tmp_path / "cache", pytest.fail)
    second = CorrectionStore(tmp_path / "cache", pytest.fail)
    assert first.all() == second.all() == []  # both have read the file (none yet)
    one = split(article_key(TEXT), person, person.mentions[1:2])
    two = merge(article_key(TEXT + " More."), person, named(found, "King Abdullah"))
    second.add(two)
    first.add(one)
    assert CorrectionStore(tmp_path / "cache", pytest.fail).all() == [two, one]
    assert second.all() == [two, one]


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"v": 1, "corrections": [{"kind": "split"}]}',
        b'{"v": 1, "corrections": [{"kind": "merge", "article": "a", "name": "A", "label": "ORG",'
        b' "mentions": [[0, 1, "A"]], "other": "B", "made_at": "2026-12-02T03:00:00+00:00"}]}',
        b'{"v": 2, "corrections": []}',
        b"\xff\xfe",
    ],
)
def test_a_corrupt_file_is_set_aside_with_one_warning(tmp_path, content):
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    (directory / FILE_NAME).write_bytes(content)
    warnings: list[str] = []
    store = CorrectionStore(directory, warnings.append)
    assert store.all() == [] and store.for_article("a") == []
    assert len(warnings) == 1 and "corrections file unreadable" in warnings[0]
    assert (directory / (FILE_NAME + ".corrupt")).read_bytes() == content
    assert not (directory / FILE_NAME).exists()


def test_a_linked_file_is_refused_and_left_alone(tmp_path):
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text(json.dumps({"v": 1, "corrections": []}))
    (directory / FILE_NAME).symlink_to(elsewhere)
    warnings: list[str] = []
    assert CorrectionStore(directory, warnings.append).all() == []
    assert len(warnings) == 1 and "symbolic link" in warnings[0]
    assert (directory / FILE_NAME).is_symlink()


def test_article_corrections_split_every_same_form_by_default_and_undo(tmp_path, found):
    from reader.corrections import ArticleCorrections

    fixes = ArticleCorrections(CorrectionStore(tmp_path, pytest.fail), TEXT)
    person = named(found, "Michael Jordan")
    jordan = person.mentions[1]
    king = named(found, "King Abdullah")
    assert fixes.split(king, king.mentions[0]) is None  # nothing would stay
    assert fixes.corrections == []
    every = fixes.split(person, jordan)
    assert every is not None and len(every["mentions"]) == 2
    country = named(fixes.apply(found), "Jordan")
    assert len(country.mentions) == 2 and fixes.last_for(country) == every
    # the person the split took "Jordan" from undoes it too
    assert fixes.last_for(named(fixes.apply(found), "Michael Jordan")) == every
    assert fixes.last_for(named(fixes.apply(found), "King Abdullah")) is None
    fixes.undo(every)
    assert fixes.apply(found) == found
    one = fixes.split(person, jordan, every=False)
    assert one is not None and one["mentions"] == [[jordan.start, jordan.end, "Jordan"]]
    again = ArticleCorrections(CorrectionStore(tmp_path, pytest.fail), TEXT)
    assert again.corrections == [one]
    assert ArticleCorrections(CorrectionStore(tmp_path, pytest.fail), TEXT + ".").corrections == []
