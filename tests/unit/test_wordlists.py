"""Word lists are data files with their provenance, read once and lazily, as the rules expect."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Collection
from importlib.resources import files

import pytest

from reader import wordlists
from reader.lookup import context, pages, terms
from reader.nlp import (
    abbreviations,
    acronyms,
    cleaning,
    completion,
    datelines,
    grouping,
    holidays,
    places,
    relabel,
    repairs,
    untagged,
)
from reader.wordlists import DATA_FOLDER, entries

Loader = Callable[[], Collection[str]]

LOADERS: dict[tuple[str, str], Loader] = {
    ("reader.nlp", "common_words.txt"): wordlists.common_words,
    ("reader.nlp", "titles.txt"): completion.titles,
    ("reader.nlp", "job_titles.txt"): completion.job_titles,
    ("reader.nlp", "subject_followers.txt"): completion._subject_followers,
    ("reader.nlp", "known_abbreviations.tsv"): abbreviations.known_abbreviations,
    ("reader.nlp", "state_abbreviations.tsv"): abbreviations.state_abbreviations,
    ("reader.nlp", "period_abbreviations.txt"): lambda: entries(
        "reader.nlp", "period_abbreviations.txt"
    ),
    ("reader.nlp", "organisation_words.txt"): relabel.organisation_words,
    ("reader.nlp", "organisation_followers.txt"): lambda: entries(
        "reader.nlp", "organisation_followers.txt"
    ),
    ("reader.nlp", "role_nouns.txt"): relabel.role_nouns,
    ("reader.nlp", "group_adjectives.txt"): untagged.group_adjectives,
    ("reader.nlp", "given_names.txt"): completion.given_names,
    ("reader.nlp", "geographic_words.txt"): lambda: entries("reader.nlp", "geographic_words.txt"),
    ("reader.nlp", "generic_place_words.txt"): grouping.generic_words,
    ("reader.nlp", "generic_qualifiers.txt"): grouping._generic_qualifiers,
    ("reader.nlp", "function_words.txt"): acronyms.function_words,
    ("reader.nlp", "corporate_suffixes.txt"): grouping.corporate_suffixes,
    ("reader.nlp", "surname_particles.txt"): grouping.surname_particles,
    ("reader.nlp", "name_suffixes.txt"): grouping.name_suffixes,
    ("reader.nlp", "hyphen_compounds.txt"): repairs.hyphen_compounds,
    ("reader.lookup", "stopwords.txt"): terms.stop_words,
    ("reader.lookup", "page_kinds.tsv"): pages.page_kinds,
    ("reader.lookup", "role_fields.tsv"): context.role_fields,
    ("reader.lookup", "sport_words.tsv"): pages._sport_of_word,
    ("reader.nlp", "demonyms.tsv"): repairs.nationalities,
    ("reader.nlp", "month_names.txt"): datelines.month_names,
    ("reader.nlp", "places.txt"): places.place_names,
    ("reader.nlp", "weekday_names.txt"): repairs.weekdays,
    ("reader.nlp", "common_abbreviations.txt"): repairs.common_abbreviations,
    ("reader.nlp", "demonym_plurals.txt"): repairs.demonym_plurals,
    ("reader.nlp", "holidays.txt"): holidays.holidays,
}
"""Every data file and the loader its rule reads it with."""


def _data_files() -> set[tuple[str, str]]:
    """Every word list (the fitted link model, a JSON file, has its own test)."""
    found = set()
    for package in ("reader.nlp", "reader.lookup"):
        for item in files(package).joinpath(DATA_FOLDER).iterdir():
            if item.is_file() and item.name.endswith((".txt", ".tsv")):
                found.add((package, item.name))
    return found


def _lines(package: str, name: str) -> list[str]:
    text = files(package).joinpath(DATA_FOLDER, name).read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n"), name
    return text.splitlines()


def test_every_data_file_has_a_loader() -> None:
    assert _data_files() == set(LOADERS)


@pytest.mark.parametrize(("package", "name"), sorted(LOADERS))
def test_a_data_file_opens_with_its_provenance_and_has_no_duplicates(
    package: str, name: str
) -> None:
    lines = _lines(package, name)
    header = []
    for line in lines:
        if not line.startswith("#"):
            break
        header.append(line)
    assert len(header) >= 4, f"{name}: no provenance header"
    text = "\n".join(header)
    for field in ("# Source:", "# Used by:", "# Format:"):
        assert field in text, f"{name}: the header says nothing after {field!r}"
    words = [line for line in lines if not line.startswith("#")]
    assert words, name
    assert all(word and word == word.strip() for word in words), f"{name}: blank or padded"
    assert [word for word, n in Counter(words).items() if n > 1] == [], name
    if name.endswith(".tsv"):
        assert all(word.count("\t") == 1 for word in words), f"{name}: not key<TAB>value"
    else:
        assert not any("\t" in word for word in words), name


@pytest.mark.parametrize("name", ["known_abbreviations.tsv", "state_abbreviations.tsv"])
def test_a_table_names_each_key_once(name: str) -> None:
    keys = [line.split("\t")[0] for line in entries("reader.nlp", name)]
    assert len(keys) == len(set(keys))


def test_each_loader_returns_what_its_rule_expects() -> None:
    for key, loader in LOADERS.items():
        loaded = loader()
        assert loaded is loader() or loaded == loader(), key  # read once, then cached
        assert len(loaded) > 0, key
    assert {"may", "young", "bar"} <= wordlists.common_words()
    assert {"Dr", "Gen", "St"} <= completion.titles()
    assert {"Councilwoman", "Striker", "CEO"} <= completion.job_titles()
    assert {"said", "told", "has"} <= completion._subject_followers()
    assert abbreviations.known_abbreviations()["U.S."] == "United States"
    assert abbreviations.state_abbreviations()["Calif."] == "California"
    assert len(abbreviations.state_abbreviations()) == 43
    assert abbreviations.all_abbreviations()["N.Y."] == "New York"
    assert abbreviations.all_abbreviations()["UK"] == "United Kingdom"
    assert {"Agency", "Council", "Inc."} <= relabel.organisation_words()
    assert {"lawyer", "economist", "wife"} <= relabel.role_nouns()
    assert {"River", "Stadium"} <= grouping.generic_words()
    assert {"National", "Game"} <= grouping._generic_qualifiers()
    assert {"of", "&", "de"} <= acronyms.function_words()
    assert {"Inc.", "GmbH", "Aerospace"} <= grouping.corporate_suffixes()
    assert {"van", "bin", "della"} <= grouping.surname_particles()
    assert {"the", "said", "monday", "national"} <= terms.stop_words()
    assert {"sept", "sept.", "august"} <= datelines.month_names()
    kinds = pages.page_kinds()
    assert "politician" in kinds["person"] and "river" in kinds["nature"]
    assert list(kinds)[:3] == ["person", "place", "nature"]
    assert all(isinstance(words, tuple) for words in kinds.values())


@pytest.mark.parametrize(
    ("surface", "keeps_period"),
    [
        ("Acme Inc.", True),
        ("Martin Luther King Jr.", True),
        ("Warner Bros.", True),
        ("CAPE CANAVERAL, Fla.", True),
        ("Charleston, W.Va.", True),
        ("John F.", True),
        ("the talks ended.", False),
        ("Acme Incorporated.", False),
    ],
)
def test_the_abbreviation_lists_keep_a_names_final_period(surface: str, keeps_period: bool) -> None:
    assert bool(cleaning._abbreviation_end().search(surface)) is keeps_period


def test_the_word_patterns_match_whole_words_from_their_lists() -> None:
    geographic = repairs._geographic_word()
    assert geographic.match(" River, ") and geographic.match(" Plateau")
    assert not geographic.match(" Riverside") and not geographic.match(" river")
    follower = relabel._organisation_follower()
    assert follower.match(" chief Ronen Bar") and follower.match("' agents")
    assert not follower.match(" chief of staff") and not follower.match(" chieftain")


def test_no_word_list_is_read_at_import() -> None:
    code = (
        "import reader.nlp.mentions, reader.nlp.pipeline, reader.lookup.resolve, reader.cli\n"
        "from reader.wordlists import entries\n"
        "print(entries.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "0"
