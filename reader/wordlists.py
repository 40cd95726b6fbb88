"""Word lists kept as data files, each with its provenance, beside the code that uses them.

A package's lists live in its ``data/`` folder (``reader/nlp/data``, ``reader/lookup/data``)
and ship in the wheel as package data. A file holds one entry a line: a word, or a
``key<TAB>value`` pair (``.tsv``). Lines starting with ``#`` are comments: every file opens
with some, saying what it holds, where its words come from and which rule uses it. Blank
lines are skipped. Each file is read once, on first use (nothing is read at import time).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType

DATA_FOLDER = "data"


@cache
def entries(package: str, name: str) -> tuple[str, ...]:
    """The entries of ``package``'s data file ``name``, in file order, comments left out."""
    text = files(package).joinpath(DATA_FOLDER, name).read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line and not line.startswith("#"))


@cache
def word_set(package: str, name: str) -> frozenset[str]:
    """The words of a one-word-a-line data file."""
    return frozenset(entries(package, name))


@cache
def word_table(package: str, name: str) -> Mapping[str, str]:
    """The ``key -> value`` pairs of a ``key<TAB>value`` data file (read-only)."""
    return MappingProxyType(dict(_pair(line) for line in entries(package, name)))


@cache
def word_groups(package: str, name: str) -> Mapping[str, tuple[str, ...]]:
    """A ``key<TAB>value`` data file's values gathered by key, keys and values in file order."""
    groups: dict[str, list[str]] = {}
    for line in entries(package, name):
        key, value = _pair(line)
        groups.setdefault(key, []).append(value)
    return MappingProxyType({key: tuple(values) for key, values in groups.items()})


@cache
def corporate_suffixes() -> frozenset[str]:
    """Legal forms and industry words a company's short name drops ("Firefly Aerospace",
    "Acme Inc"; ``reader/nlp/data/corporate_suffixes.txt``): the NLP joins a company's
    forms by them, the lookup tells a company's own page from its products'."""
    return word_set("reader.nlp", "corporate_suffixes.txt")


@cache
def common_words() -> frozenset[str]:
    """Lowercase English words frequent enough that a name spelled the same is ambiguous
    (``reader/nlp/data/common_words.txt``): the NLP and the lookup both weigh names by it."""
    return word_set("reader.nlp", "common_words.txt")


def _pair(line: str) -> tuple[str, str]:
    key, tab, value = line.partition("\t")
    if not tab:
        raise ValueError(f"not a key<TAB>value line: {line!r}")
    return key, value
