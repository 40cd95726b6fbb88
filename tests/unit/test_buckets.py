"""Cutting a text into equal slices and counting positions in each (issue 12): the panel's
mention map and the scrollbar's marks both stand on these."""

from __future__ import annotations

import random

import pytest

from reader.buckets import bucket_counts, cell_of, cell_start, position_for_cell, shade_levels


def naive_counts(positions: list[int], length: int, cells: int) -> list[int]:
    """One position at a time: what bucket_counts must agree with."""
    counts = [0] * cells
    for position in positions:
        counts[cell_of(position, length, cells)] += 1
    return counts


def test_one_mention_falls_in_its_slice() -> None:
    assert bucket_counts([50], 100, 10) == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]


def test_mentions_at_offset_zero_and_at_the_end() -> None:
    counts = bucket_counts([0, 99], 100, 10)
    assert counts == [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]


def test_a_position_past_the_end_counts_in_the_last_slice() -> None:
    assert bucket_counts([0, 100, 250], 100, 4) == [1, 0, 0, 2]


def test_width_one_holds_everything() -> None:
    assert bucket_counts([0, 3, 7, 99], 100, 1) == [4]


def test_more_cells_than_characters_leaves_cells_empty_and_loses_nothing() -> None:
    counts = bucket_counts([0, 1, 2], 3, 10)
    assert counts == [1, 0, 0, 1, 0, 0, 1, 0, 0, 0]
    assert sum(counts) == 3


def test_no_cells_or_no_text() -> None:
    assert bucket_counts([1, 2], 10, 0) == []
    assert bucket_counts([], 0, 3) == [0, 0, 0]
    assert bucket_counts([], 100, 3) == [0, 0, 0]


def test_slices_cover_the_text_without_gaps() -> None:
    for length, cells in ((100, 7), (3, 10), (1, 1), (1_000_003, 42)):
        starts = [cell_start(cell, length, cells) for cell in range(cells + 1)]
        assert starts[0] == 0 and starts[-1] == length
        assert starts == sorted(starts)
        for cell in range(cells):
            if starts[cell] < starts[cell + 1]:  # a slice's first and last positions are its own
                assert cell_of(starts[cell], length, cells) == cell
                assert cell_of(starts[cell + 1] - 1, length, cells) == cell


@pytest.mark.parametrize("seed", range(5))
def test_bisection_agrees_with_counting_one_by_one(seed: int) -> None:
    rng = random.Random(seed)
    length = rng.randint(1, 5000)
    positions = sorted(rng.randrange(length) for _ in range(rng.randint(0, 300)))
    for cells in (1, 2, 17, 42, length, length + 13):
        assert bucket_counts(positions, length, cells) == naive_counts(positions, length, cells)


def test_a_click_goes_to_the_first_mention_in_its_slice() -> None:
    positions = [5, 12, 18, 95]
    assert position_for_cell(positions, 100, 10, 1) == 1  # slice [10, 20): 12 and 18
    assert position_for_cell(positions, 100, 10, 0) == 0
    assert position_for_cell(positions, 100, 10, 9) == 3


def test_a_click_on_an_empty_slice_goes_to_the_nearest_mention() -> None:
    positions = [5, 12, 18, 95]
    assert position_for_cell(positions, 100, 10, 3) == 2  # [30, 40): 18 is nearer than 95
    assert position_for_cell(positions, 100, 10, 7) == 3  # [70, 80): 95 is nearer
    assert position_for_cell([10, 30], 100, 10, 2) == 0  # [20, 30): 10 and 30 tie: earlier
    assert position_for_cell([50], 100, 10, 0) == 0
    assert position_for_cell([], 100, 10, 0) is None


def test_shade_levels_scale_to_the_busiest_cell_and_keep_a_lone_mention() -> None:
    assert shade_levels([0, 1, 2, 100], 4) == [0, 1, 1, 4]
    assert shade_levels([0, 25, 50, 75], 4) == [0, 2, 3, 4]
    assert shade_levels([0, 0], 4) == [0, 0]
    assert shade_levels([], 4) == []
