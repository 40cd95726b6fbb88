"""Counts written as a reader says them."""

import pytest

from reader.wording import counted


@pytest.mark.parametrize(
    ("count", "word", "plural", "written"),
    [
        (1, "mention", None, "1 mention"),
        (0, "mention", None, "0 mentions"),
        (3, "mention", None, "3 mentions"),
        (1, "entity", "entities", "1 entity"),
        (2, "entity", "entities", "2 entities"),
        (2, "match", "matches", "2 matches"),
    ],
)
def test_a_count_takes_the_singular_only_for_one(count, word, plural, written):
    assert counted(count, word, plural) == written
