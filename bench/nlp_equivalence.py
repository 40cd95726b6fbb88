"""Proof that the ``ner``-only pipeline finds the same entities as the full one, and faster.

Usage: ``python -m bench.nlp_equivalence`` — runs both configurations over every text in
``assets/`` and ``tests/data/eval/`` (held-out included) and prints, per text and overall,
the entity counts, whether they are identical, and the time of each configuration.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from reader.nlp.pipeline import default_model_name, iter_spans, load_pipeline

ROOT = Path(__file__).resolve().parent.parent


def _timed_spans(text: str, nlp) -> tuple[list[tuple[int, int, str]], float]:
    began = time.perf_counter()
    spans = [(s.start, s.end, s.label) for _, batch in iter_spans(text, nlp) for s in batch]
    return spans, time.perf_counter() - began


def main() -> None:
    """Compare the two configurations on every text and print the figures."""
    import spacy

    name = default_model_name()
    full = spacy.load(name)
    ner = load_pipeline(name)
    print(f"model {name}: full {full.pipe_names} vs {ner.pipe_names}")
    paths = sorted(ROOT.glob("assets/*.txt")) + sorted(ROOT.glob("tests/data/eval/**/*.txt"))
    texts = [(path.relative_to(ROOT), path.read_text(encoding="utf-8")) for path in paths]
    for _, text in texts[:1]:  # warm both up
        _timed_spans(text, full), _timed_spans(text, ner)
    total_full = total_ner = 0.0
    count = 0
    all_same = True
    for path, text in texts:
        spans_full, time_full = _timed_spans(text, full)
        spans_ner, time_ner = _timed_spans(text, ner)
        same = spans_full == spans_ner
        all_same &= same
        count += len(spans_full)
        total_full += time_full
        total_ner += time_ner
        print(
            f"{path}: {len(spans_full)} vs {len(spans_ner)} entities, identical "
            f"{'yes' if same else 'NO'}, full {time_full:.3f} s, ner-only {time_ner:.3f} s, "
            f"ratio {time_ner / time_full:.2f}"
        )
    print(
        f"OVERALL {len(texts)} texts, {count} entities, identical {'yes' if all_same else 'NO'}, "
        f"full {total_full:.3f} s, ner-only {total_ner:.3f} s, ratio {total_ner / total_full:.2f}"
    )
    if not all_same:
        sys.exit(1)


if __name__ == "__main__":
    main()
