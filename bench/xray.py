"""X-Ray views (issue 12): the panel's mention map and the scrollbar's marks, at 600 and
200,000 words.

The texts are ``bench/texts.py``'s sample (about 460 words) and book (200,000 words of
our articles repeated); the entity is every "Israel" in them (10 in the sample, about
2,000 in the book), the search is "the" (tens of thousands of matches in the book).
Everything runs in headless Textual pilots (``App.run_test``), interleaved, medians:

- the map: its first draw for an entity (``MentionMap.show`` then ``render_line``: the
  counts by bisection, once per entity and width) and a redraw (counts cached), on the
  book beside the sample, and beside counting every mention one by one (the O(n) way);
- the marks: working out the marked lines once per selection and per search, on the
  book beside the sample; one frame of the scrollbar drawn with marks beside Textual's
  own renderer (today's); and scrolling the book (``pagedown`` x 12, ``end``,
  ``home``) with the entity selected and the search's marks shown, beside the same keys
  with Textual's renderer and nothing marked (today's figure), both in one app, turn
  about.

Usage: ``python -m bench.xray [--runs N] [--quick]``.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable

from rich.console import Console
from textual.app import App, ComposeResult
from textual.scrollbar import ScrollBarRender

from bench._harness import arguments, median, note, note_paired, report, spread
from bench.texts import book_text, sample_text
from reader.buckets import cell_of
from reader.models import Document, Entity, Mention
from reader.ui.app import ReaderApp
from reader.ui.screens.main import MainScreen
from reader.ui.widgets.mention_map import MentionMap
from reader.ui.widgets.search_bar import find_matches

NAME = "Israel"
SEARCH = "the"
MAP_WIDTH = 42
"""The map's width in the panel of a 160-column terminal."""
LOOPS = 200
"""Calls timed together for the in-process figures (each figure is per call)."""
KEYS = ("pagedown",) * 12 + ("end", "home")
ROUNDS = 3
"""Rounds of the keys per app, each variant in turn."""


def entity_in(text: str) -> Entity:
    """Every whole-word "Israel" in ``text``, as one entity."""
    mentions = tuple(
        Mention(m.start(), m.end(), m.group()) for m in re.finditer(rf"\b{NAME}\b", text)
    )
    return Entity("israel", NAME, "GPE", (NAME,), mentions)


def per_call(work: Callable[[], object], loops: int = LOOPS) -> float:
    """Seconds per call of ``work``, over ``loops`` calls."""
    started = time.perf_counter()
    for _ in range(loops):
        work()
    return (time.perf_counter() - started) / loops


def counted_one_by_one(mentions: tuple[Mention, ...], length: int, width: int) -> list[int]:
    """The O(n) way to count: every mention in turn."""
    counts = [0] * width
    for mention in mentions:
        counts[cell_of(mention.start, length, width)] += 1
    return counts


class MapApp(App[None]):
    """Only the map, as wide as in the panel."""

    CSS = f"MentionMap {{ width: {MAP_WIDTH}; }}"

    def compose(self) -> ComposeResult:
        yield MentionMap()


async def time_map(texts: dict[str, str]) -> dict[str, float]:
    """The map's first draw and redraw for each text, and one-by-one counting."""
    figures: dict[str, float] = {}
    app = MapApp()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        strip = app.query_one(MentionMap)
        for name, text in texts.items():
            entity = entity_in(text)

            def first_draw(entity: Entity = entity, text: str = text) -> None:
                strip.show(entity.mentions, len(text))
                strip.render_line(0)

            figures[f"{name}_first_draw"] = per_call(first_draw)
            figures[f"{name}_redraw"] = per_call(lambda: strip.render_line(0))
            figures[f"{name}_one_by_one"] = per_call(
                lambda e=entity, t=text: counted_one_by_one(e.mentions, len(t), MAP_WIDTH)
            )
    return figures


def _main_screen(app: ReaderApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


async def time_marks(text: str, entity: Entity, *, scroll: bool) -> dict[str, float]:
    """Marking once per selection and search; a scrollbar frame; scrolling (``scroll``)."""
    figures: dict[str, float] = {}
    app = ReaderApp(Document(text, "Book", "-"), entities=[entity])
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        article = _main_screen(app).article
        scrollbar = article.vertical_scrollbar
        marked_renderer = scrollbar.renderer

        def select() -> None:
            article.set_selected(None)
            article.set_selected(entity.id)

        figures["select"] = per_call(select, 20)
        article.search(SEARCH)
        figures["matches"] = len(article.matches)
        figures["search_marks"] = per_call(article._mark_matches, 5)
        figures["search_itself"] = per_call(lambda: find_matches(text, SEARCH), 5)
        height = scrollbar.region.height
        console = Console(width=1, height=height, color_system="truecolor")
        options = console.options.update_dimensions(1, height)

        def frame() -> None:
            console.render_lines(scrollbar.render(), options)

        figures["frame_marked"] = per_call(frame)
        scrollbar.renderer = ScrollBarRender  # type: ignore[misc]
        figures["frame_today"] = per_call(frame)
        if scroll:
            for round_ in range(ROUNDS):  # turn about: today's first, then with marks
                for variant in ("today", "marked"):
                    if variant == "today":
                        scrollbar.renderer = ScrollBarRender  # type: ignore[misc]
                        article.set_selected(None)
                        article.clear_matches()
                    else:
                        scrollbar.renderer = marked_renderer  # type: ignore[misc]
                        article.set_selected(entity.id)
                        article.search(SEARCH)
                    await pilot.pause()
                    started = time.perf_counter()
                    await pilot.press(*KEYS)
                    await pilot.pause()
                    elapsed = (time.perf_counter() - started) / len(KEYS)
                    figures[f"keys_{variant}_{round_}"] = elapsed
    return figures


def main() -> int:
    """Time everything and print the figures."""
    args = arguments(__doc__.splitlines()[0], runs=5, quick_runs=2)
    texts = {"sample": sample_text(), "book": book_text()}
    entities = {name: entity_in(text) for name, text in texts.items()}
    note(
        "xray_input",
        "; ".join(
            f"{name} {len(text.split()):,} words, {len(entities[name].mentions):,} mentions"
            for name, text in texts.items()
        ),
    )
    maps: dict[str, list[float]] = {}
    marks: dict[str, dict[str, list[float]]] = {"sample": {}, "book": {}}
    for _ in range(args.runs):
        for key, value in asyncio.run(time_map(texts)).items():
            maps.setdefault(key, []).append(value)
        for name, text in texts.items():
            found = asyncio.run(time_marks(text, entities[name], scroll=name == "book"))
            for key, value in found.items():
                marks[name].setdefault(key, []).append(value)
    note("xray_matches", ", ".join(f"{n} {int(marks[n]['matches'][0]):,}" for n in marks))
    report("map_first_draw_book", median(maps["book_first_draw"]),
           "sample", median(maps["sample_first_draw"]))  # fmt: skip
    report("map_first_draw_book_vs_counting", median(maps["book_first_draw"]),
           "counting_one_by_one", median(maps["book_one_by_one"]))  # fmt: skip
    report("map_redraw_book", median(maps["book_redraw"]),
           "sample", median(maps["sample_redraw"]))  # fmt: skip
    book, sample = marks["book"], marks["sample"]
    report("marks_on_selection_book", median(book["select"]), "sample", median(sample["select"]))
    report("marks_for_search_book", median(book["search_marks"]),
           "the_search_itself", median(book["search_itself"]))  # fmt: skip
    report("scrollbar_frame_marked_book", median(book["frame_marked"]),
           "textual_renderer_today", median(book["frame_today"]))  # fmt: skip
    marked = [v for r in range(ROUNDS) for v in book[f"keys_marked_{r}"]]
    today = [v for r in range(ROUNDS) for v in book[f"keys_today_{r}"]]
    report("scroll_key_marked_book", median(marked), "no_marks_today", median(today))
    note_paired("scroll_key_marked_book_paired", marked, today)
    note(
        "xray_runs",
        f"map first draw book {spread(maps['book_first_draw'])}; "
        f"keys marked {spread(marked)} today {spread(today)}",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
