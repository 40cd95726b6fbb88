"""The NER worker process: ``python -m reader.nlp.worker MODEL``.

spaCy runs in its own process so the app paints and answers keys on one core
while the model loads and runs on another, with no contention for the
interpreter lock. The worker also groups the spans into entities, so the app
only has to show them.

Protocol: the worker reads the document text (UTF-8) from stdin until EOF, then
loads the model and says ``{"model": DESCRIPTION}`` on stdout, then writes one
JSON line per update, ``{"done": CHARS, "total": CHARS, "final":
BOOL, "entities": [ENTITY, ...]}`` (entities as in the JSON contract). A
failure is reported as ``{"error": MESSAGE}``.

The app starts the worker at once but sends the text only after its first paint:
the model loads after the first frame, never competing with it for the CPU, and
the interpreter has started in the meantime.
"""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.nlp.spans import RawSpan

FIRST_UPDATE = 20_000
"""Characters analysed before the first (partial) update."""

PARALLEL_CHARS = 200_000
"""From this length on, two spaCy processes share the work (when there are two cores)."""

NICENESS = 5
"""The worker runs below the app's priority: keys are answered at once while a long
text is analysed; on a two-core machine the worker still has a core to itself."""

UPDATE_GROWTH = 4
"""A partial update comes each time the analysed text has grown this many times,
so rebuilding partial entities costs a fraction of the final rebuild."""


def _emit(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _update(text: str, done: int, spans: list[RawSpan], final: bool) -> None:
    """Write one update line, an entity at a time: on a 10 MB text the whole line as
    dictionaries would take five times the memory of its JSON."""
    from reader.nlp.mentions import build_entities

    entities = build_entities(text if final else text[:done], spans)
    head = json.dumps({"done": done, "total": len(text), "final": final})
    sys.stdout.write(head[:-1] + ', "entities": [')
    for index, entity in enumerate(entities):
        sys.stdout.write((", " if index else "") + json.dumps(entity.to_json(), ensure_ascii=False))
    sys.stdout.write("]}\n")
    sys.stdout.flush()


def main(argv: list[str]) -> int:
    """Run the worker; returns the exit code."""
    from reader.nlp.lifeline import die_with_parent

    die_with_parent()
    os.nice(NICENESS)
    # Wait for the text before importing anything: until the app has painted, this
    # process should take no CPU from it.
    text = sys.stdin.buffer.read().decode("utf-8")
    from reader.nlp.spacy_cli import skip_spacy_cli

    skip_spacy_cli()
    from reader.nlp.pipeline import iter_spans, load_pipeline, model_description

    try:
        nlp = load_pipeline(argv[0] if argv and argv[0] else None)
        _emit({"model": model_description(nlp)})
        spans = []
        next_update = min(FIRST_UPDATE, len(text))
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        processes = 2 if len(text) >= PARALLEL_CHARS and cores >= 2 else 1
        for done, batch in iter_spans(text, nlp, processes=processes):
            spans.extend(batch)
            if next_update <= done < len(text):
                _update(text, done, spans, final=False)
                next_update = done * UPDATE_GROWTH
        _update(text, len(text), spans, final=True)
    except ReaderError as error:
        _emit({"error": error.message})
        return 2
    except BrokenPipeError:  # the app is gone: leave at once (a normal exit would wait
        os._exit(0)  # for spaCy's helpers, blocked on their pipes; they die with us)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
