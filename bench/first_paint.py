"""Target 1: the article's text on screen within 1.2x of a bare Textual app; the model after.

Times, in a tmux terminal of 160x50, from launching each program until a line of the
article's text is visible:

- ``bare_textual``: ``bench/bare_textual.py`` (one ``Static`` in a ``VerticalScroll``);
- ``bare_textual_loading_model``: the same while reader's NER worker loads the model on
  the other core from the start: what the paint would cost if reader did not wait;
- ``reader``: ``reader SAMPLE`` (offline, private cache).

The programs run in turn within each round, so drift on the machine hits all alike.
At reader's first paint the screen is checked for highlights (the status line says
``entities ·`` once they are in) and the NER worker's memory is read: a worker that
has loaded spaCy and the model holds well over 100 MB, one waiting for the text ~10 MB.
Usage: ``python -m bench.first_paint [--runs N] [--quick]``.
"""

from __future__ import annotations

from bench._harness import (
    PYTHON,
    READER,
    Terminal,
    app_env,
    arguments,
    median,
    note,
    note_paired,
    report,
    rss,
    say,
    scratch,
    spread,
    tree_rss,
)
from bench.texts import FIRST_SCREEN_PHRASE, HIGHLIGHTS_DONE, sample_text


def main() -> int:
    """Run the rounds and print the figures."""
    args = arguments(__doc__.splitlines()[0], runs=15, quick_runs=5)
    times: dict[str, list[float]] = {"bare": [], "bare_loading_model": [], "reader": []}
    highlighted_at_paint = 0
    worker_rss_at_paint: list[float] = []
    with scratch() as tmp, Terminal() as terminal:
        sample = tmp / "sample.txt"
        sample.write_text(sample_text(), encoding="utf-8")
        bare = [PYTHON, "-m", "bench.bare_textual", str(sample)]
        programs = {
            "bare": bare,
            "bare_loading_model": [*bare, "--loading-model"],
            "reader": [READER, str(sample)],
        }
        for round_ in range(args.runs + 1):  # round 0 warms the disk cache and is dropped
            order = list(programs) if round_ % 2 else list(reversed(programs))
            for name in order:
                with terminal.running(programs[name], app_env(tmp / f"cache-{round_}")) as pane:
                    elapsed = pane.wait_text(FIRST_SCREEN_PHRASE, timeout=60)
                    if name == "reader":
                        screen = pane.capture()
                        worker = tree_rss(pane.pid) - rss(pane.pid)
                    if round_:
                        times[name].append(elapsed)
                        if name == "reader":
                            highlighted_at_paint += HIGHLIGHTS_DONE in screen
                            worker_rss_at_paint.append(worker)
            say(f"round {round_}: " + ", ".join(f"{k} {v[-1]:.3f}" for k, v in times.items() if v))

    bare_time = median(times["bare"])
    report("first_paint_reader", median(times["reader"]), "bare_textual", bare_time, target=1.2)
    report(
        "first_paint_bare_loading_model",
        median(times["bare_loading_model"]),
        "bare_textual",
        bare_time,
    )
    note_paired("first_paint_reader_paired_ratio", times["reader"], times["bare"])
    note("first_paint_runs", "; ".join(f"{k} {spread(v)}" for k, v in times.items()))
    note(
        "first_paint_model_loaded_before_paint",
        f"{'yes' if highlighted_at_paint or max(worker_rss_at_paint) > 100e6 else 'no'} "
        f"(highlights on screen at first paint in {highlighted_at_paint}/{args.runs} runs; "
        f"NER worker RSS at first paint {spread(worker_rss_at_paint, 'MB')})",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
