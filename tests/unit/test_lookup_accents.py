"""Names written without their accents, as news often writes them ("Carlos Gonzalez" for
"Carlos González"), over real HTTP to a small fixture wiki of made-up pages
(``tests/data/wiki/accent_pages.json``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.unit.test_lookup_rules import resolve_one
from wikifixture import DATA_DIR, WikiServer, start_server


@pytest.fixture(scope="module")
def wiki() -> Iterator[WikiServer]:
    with start_server(DATA_DIR / "accent_pages.json") as server:
        yield server


def test_the_fixture_search_folds_accents_as_wikipedia_does(wiki) -> None:
    titles = wiki.wiki.search("Ruben Quintara", limit=10)
    assert "Rubén Quintara (outfielder)" in titles and "Rubén Quintara (footballer)" in titles


def test_the_fixture_search_stems_words_as_wikipedia_does(wiki) -> None:
    """Wikipedia's English analyser stems what it matches: "outfielders" finds "outfielder"."""
    assert "Rubén Quintara (outfielder)" in wiki.wiki.search("Quintara outfielders", limit=10)
    assert wiki.wiki.search("Quintarum", limit=10) == []


def test_a_name_written_without_its_accents_gets_the_accented_page(wiki, tmp_path) -> None:
    """The unaccented spelling redirects to a disambiguation page; the search brings the
    namesakes, and the baseball article's is the one with the name."""
    text = (
        "Ruben Quintara hit a home run for the Harbourton Hawks in spring training on"
        " Saturday, and the outfielder said his batting felt right again."
    )
    background, _ = resolve_one(wiki, tmp_path, text, "Ruben Quintara", "PERSON")
    assert (background.status, background.title) == ("found", "Rubén Quintara (outfielder)")
