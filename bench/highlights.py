"""Target 2: the sample's entities highlighted within 1.2x of bare spaCy's fastest correct run.

Times, per round:

- ``reader SAMPLE`` in a tmux terminal of 160x50, from launch until the status line
  says ``entities ·`` (all highlights applied);
- bare spaCy as a ``python -c`` subprocess (``bench/bare_spacy.py``), from process start
  (interpreter start included) until it has processed the same text: ``ner`` only in one
  ``nlp()`` call and with ``nlp.pipe`` over paragraphs; the full pipeline for reference;
  and loading alone (no text), ``ner`` only and full.

The baseline is the fastest ``ner``-only configuration (the other components change
no entity; ``bench/nlp_equivalence.py`` checks that). Usage:
``python -m bench.highlights [--runs N] [--quick]``.
"""

from __future__ import annotations

from bench._harness import (
    READER,
    Terminal,
    app_env,
    arguments,
    median,
    note,
    note_paired,
    report,
    say,
    scratch,
    spread,
)
from bench.bare_spacy import Config, time_config
from bench.texts import FIRST_SCREEN_PHRASE, HIGHLIGHTS_DONE, sample_text

NER_CONFIGS = (Config("ner", "whole"), Config("ner", "paragraphs", 64, 1))
REFERENCE_CONFIGS = (Config("all", "whole"), Config("ner", "load"), Config("all", "load"))


def main() -> int:
    """Run the rounds and print the figures."""
    args = arguments(__doc__.splitlines()[0], runs=11, quick_runs=3)
    reader_times: list[float] = []
    paint_times: list[float] = []
    spacy_times: dict[Config, list[float]] = {c: [] for c in NER_CONFIGS + REFERENCE_CONFIGS}
    entity_counts: dict[Config, int] = {}
    status = ""
    with scratch() as tmp, Terminal() as terminal:
        sample = tmp / "sample.txt"
        sample.write_text(sample_text(), encoding="utf-8")
        for round_ in range(args.runs + 1):  # round 0 warms the disk cache and is dropped
            with terminal.running([READER, str(sample)], app_env(tmp / f"c{round_}")) as pane:
                painted = pane.wait_text(FIRST_SCREEN_PHRASE, timeout=60)
                done = pane.wait_text(HIGHLIGHTS_DONE, timeout=120)
                status = next(line for line in pane.lines() if HIGHLIGHTS_DONE in line)
            for config in spacy_times:
                elapsed, entity_counts[config] = time_config(sample, config)
                if round_:
                    spacy_times[config].append(elapsed)
            if round_:
                reader_times.append(done)
                paint_times.append(painted)
            say(
                f"round {round_}: reader {done:.3f} s; "
                + ", ".join(f"{c.label} {v[-1]:.3f}" for c, v in spacy_times.items() if v)
            )

    best = min(NER_CONFIGS, key=lambda c: median(spacy_times[c]))
    best_time = median(spacy_times[best])
    report(
        "highlights_reader",
        median(reader_times),
        f"bare_spacy_best[{best.label}]",
        best_time,
        target=1.2,
    )
    for config in NER_CONFIGS:
        report(
            f"bare_spacy_{config.label}",
            median(spacy_times[config]),
            f"bare_spacy_best[{best.label}]",
            best_time,
        )
    full, ner_load, full_load = REFERENCE_CONFIGS
    report(
        "bare_spacy_full_pipeline_whole",
        median(spacy_times[full]),
        f"bare_spacy_best[{best.label}]",
        best_time,
    )
    report(
        "spacy_import_and_load_full",
        median(spacy_times[full_load]),
        "spacy_import_and_load_ner_only",
        median(spacy_times[ner_load]),
    )
    report(
        "highlights_reader_after_paint",
        median(reader_times) - median(paint_times),
        f"bare_spacy_best[{best.label}]",
        best_time,
    )
    # Each round's reader run against the faster ner-only run of the same round.
    fastest = [min(times) for times in zip(*(spacy_times[c] for c in NER_CONFIGS), strict=True)]
    note_paired("highlights_reader_paired_ratio", reader_times, fastest)
    note(
        "highlights_entities",
        ", ".join(f"{c.label} {entity_counts[c]}" for c in NER_CONFIGS + (full,))
        + f"; reader status: {status.strip()}",
    )
    note(
        "highlights_runs",
        f"reader {spread(reader_times)}; "
        + "; ".join(f"{c.label} {spread(v)}" for c, v in spacy_times.items()),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
