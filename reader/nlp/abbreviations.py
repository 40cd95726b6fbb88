"""Abbreviations every news reader knows: countries and bodies, and US states (AP style).

The tables are data files (``reader/nlp/data/*.tsv``, each with its provenance), read on
first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from reader.wordlists import word_table


@cache
def known_abbreviations() -> Mapping[str, str]:
    """Abbreviations and short names of places and bodies every reader knows -> full name."""
    return word_table("reader.nlp", "known_abbreviations.tsv")


@cache
def state_abbreviations() -> Mapping[str, str]:
    """US state abbreviations of news style (AP), as in datelines ("CAPE CANAVERAL, Fla.")."""
    return word_table("reader.nlp", "state_abbreviations.tsv")


@cache
def all_abbreviations() -> Mapping[str, str]:
    """Every abbreviation -> the full name that names its entity."""
    return MappingProxyType({**known_abbreviations(), **state_abbreviations()})
