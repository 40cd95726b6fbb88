"""Entity quality on hand-annotated news articles, beside spaCy's small model alone.

Usage: ``python -m bench.entity_f1 [--verbose] [--skip-new] [DIR]`` (default
``tests/data/eval``).

Each ``NAME.txt`` has a ``NAME.json`` beside it: a list of gold entities
``{"name", "label", "mentions": [[start, end], ...]}`` of name-like types. Three groups
are reported apart: the tuning set (``DIR`` itself), the old held-out set
(``held-out/``, written after the first tuning round, then used for development) and
the new held-out set (``heldout/``, written before the second round and measured once
at its end; ``--skip-new`` leaves it out while tuning), round 2 (``round2/``, written
before the third tuning round) and round 2 late (``round2-late/``, written after it).
``--only SUB`` reports the one group in folder ``SUB`` (``.`` is the tuning set).

- ``mention_f1``: exact ``(start, end)`` of name-like mentions, label-agnostic
  (``labelled_f1`` also requires the entity's label to match).
- ``panel_f1``: for each gold entity, the system entity sharing most mentions with it
  (its side panel); recall = share of the gold mentions the panel shows, precision =
  share of the panel's mentions that are gold; F1 averaged over gold entities.

The baseline is spaCy's raw entities of name-like labels, each distinct ``(text, label)``
its own entity.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from reader.labels import NAME_LABELS
from reader.nlp.mentions import RawSpan, build_entities
from reader.nlp.pipeline import iter_spans, load_pipeline

Span = tuple[int, int]
Panel = tuple[str, frozenset[Span]]  # (label, mentions)


@dataclass
class Score:
    """Counts behind one article's (or all articles') figures."""

    hits: int = 0
    found: int = 0
    gold: int = 0
    labelled_hits: int = 0
    panel_sum: float = 0.0
    entities: int = 0

    def add(self, other: Score) -> None:
        """Accumulate ``other`` into this score."""
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def mention_f1(self) -> float:
        """Label-agnostic exact-span F1."""
        return _f1(self.hits, self.found, self.gold)

    @property
    def labelled_f1(self) -> float:
        """Exact-span F1 that also requires the label."""
        return _f1(self.labelled_hits, self.found, self.gold)

    @property
    def panel_f1(self) -> float:
        """Mean per-gold-entity panel F1."""
        return self.panel_sum / self.entities if self.entities else 0.0


def _f1(hits: int, found: int, gold: int) -> float:
    return 2 * hits / (found + gold) if found + gold else 1.0


def score(gold: list[Panel], system: list[Panel]) -> Score:
    """Compare gold entities with system entities (both as label + mention set)."""
    gold_labels = {span: label for label, spans in gold for span in spans}
    system_labels = {span: label for label, spans in system for span in spans}
    hits = gold_labels.keys() & system_labels.keys()
    result = Score(
        hits=len(hits),
        found=len(system_labels),
        gold=len(gold_labels),
        labelled_hits=sum(gold_labels[span] == system_labels[span] for span in hits),
        entities=len(gold),
    )
    for _, spans in gold:
        best = 0.0
        for _, panel in system:
            shared = len(spans & panel)
            if shared:
                best = max(best, 2 * shared / (len(spans) + len(panel)))
        result.panel_sum += best
    return result


def baseline_panels(text: str, spans: list[RawSpan]) -> list[Panel]:
    """spaCy alone: every distinct (text, label) of a name-like span is one entity."""
    panels: dict[tuple[str, str], set[Span]] = {}
    for span in spans:
        if span.label in NAME_LABELS:
            panels.setdefault((text[span.start : span.end], span.label), set()).add(
                (span.start, span.end)
            )
    return [(label, frozenset(found)) for (_, label), found in panels.items()]


def reader_panels(text: str, spans: list[RawSpan]) -> list[Panel]:
    """reader: cleaned, grouped and completed entities of name-like labels."""
    return [
        (entity.label, frozenset((m.start, m.end) for m in entity.mentions))
        for entity in build_entities(text, spans)
        if entity.is_name
    ]


def _line(name: str, ours: Score, base: Score) -> str:
    def cell(metric: str) -> str:
        mine, theirs = getattr(ours, metric), getattr(base, metric)
        ratio = mine / theirs if theirs else float("inf")
        return f"{mine:.3f} (baseline spaCy-only {theirs:.3f}, ratio {ratio:.2f})"

    return (
        f"{name}\n  mention_f1 = {cell('mention_f1')}\n  labelled_f1 = {cell('labelled_f1')}"
        f"\n  panel_f1 = {cell('panel_f1')}"
    )


def _explain(text: str, gold: list[Panel], system: list[Panel]) -> None:
    gold_spans = {span for _, spans in gold for span in spans}
    system_spans = {span for _, spans in system for span in spans}
    for kind, spans in (
        ("missed", gold_spans - system_spans),
        ("spurious", system_spans - gold_spans),
    ):
        shown = ", ".join(f"{text[a:b]!r}@{a}" for a, b in sorted(spans))
        print(f"    {kind}: {shown}")
    for label, spans in gold:
        parts = [panel for _, panel in system if panel & spans]
        if len(parts) > 1 or (parts and parts[0] - spans):
            names = [sorted({text[a:b] for a, b in part}) for part in parts]
            print(f"    split/merged {label} {sorted({text[a:b] for a, b in spans})}: {names}")


GROUPS = (
    ("tuning set", "."),
    ("old held-out", "held-out"),
    ("new held-out", "heldout"),
    ("round 2", "round2"),
    ("round 2 late", "round2-late"),
)
"""Report groups: name and folder under the evaluation directory."""


def run(directory: Path, verbose: bool, skip_new: bool = False, only: str | None = None) -> None:
    """Score every annotated article under ``directory``, one report per group."""
    nlp = load_pipeline()
    groups = [(g, sub) for g, sub in GROUPS if only in (None, sub)]
    for group, sub in groups:
        if skip_new and sub == "heldout":
            continue
        folder = directory / sub
        articles = sorted(folder.glob("*.txt"))
        if not articles:
            continue
        total, total_base = Score(), Score()
        print(f"== {group} ({folder})")
        for path in articles:
            text = path.read_text(encoding="utf-8")
            entries = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            gold = [(e["label"], frozenset(map(tuple, e["mentions"]))) for e in entries]
            spans = [span for _, batch in iter_spans(text, nlp) for span in batch]
            system = reader_panels(text, spans)
            ours, base = score(gold, system), score(gold, baseline_panels(text, spans))
            total.add(ours)
            total_base.add(base)
            print(_line(path.stem, ours, base))
            if verbose:
                _explain(text, gold, system)
        print(_line(f"OVERALL {group} ({len(articles)} articles)", total, total_base))


def main() -> None:
    """Parse arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=Path("tests/data/eval"))
    parser.add_argument("--verbose", action="store_true", help="list missed and spurious mentions")
    parser.add_argument(
        "--skip-new", action="store_true", help="leave out the new held-out set (tuning)"
    )
    parser.add_argument("--only", metavar="SUB", help="report only the group in folder SUB")
    args = parser.parse_args()
    run(args.directory, args.verbose, args.skip_new, args.only)


if __name__ == "__main__":
    main()
