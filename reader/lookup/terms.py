"""The words the resolver compares: crude English stems (and two-letter initialisms as
written, "UK"), case- and accent-folded tokens, and the stop words left out of an article's
and a page's words.

Pure functions over strings; every other part of the lookup (:mod:`reader.lookup.pages`,
:mod:`reader.lookup.context`, :mod:`reader.lookup.coherence`) reads text through them, so an
article and a page are always cut into words the same way.
"""

from __future__ import annotations

import re
from functools import cache

from reader.folding import unaccented
from reader.wordlists import word_set

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


@cache
def stop_words() -> frozenset[str]:
    """Words left out of the article's and the pages' words (``data/stopwords.txt``)."""
    return word_set("reader.lookup", "stopwords.txt")


def stem(word: str) -> str:
    """A crude English stem: case-folded, possessive and common endings removed."""
    word = word.casefold().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "")
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 5 and word.endswith("ed"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The stems of ``text``'s alphabetic words, stop words removed, and its two-letter
    initialisms as they are written ("UK", "EU", "UN": names, not the words "uk" or "us")."""
    stopwords = stop_words()
    return [s for w in WORD.findall(text) if (s := word_stem(w)) is not None and s not in stopwords]


def word_stem(word: str) -> str | None:
    """The stem a word counts as (:func:`words`); ``None`` for a short word that is no
    initialism ("IN" and "US" of a headline in capitals are stop words)."""
    if len(word) == 2 and word.isupper():
        return None if word.lower() in stop_words() else word
    s = stem(word)
    return s if len(s) > 2 else None


def plain_words(text: str) -> list[str]:
    """The alphabetic words of ``text``, case-folded (not stemmed)."""
    return [w.casefold() for w in WORD.findall(text)]


def fold_tokens(text: str) -> list[str]:
    """The words of ``text``, case and accents folded: news often writes "Gonzalez" for
    "González"."""
    return re.findall(r"\w+", unaccented(text))


def fold_stems(text: str) -> list[str]:
    """Stems of every word: "Germans" and "German" (a people and its adjective) agree."""
    return [stem(token) for token in fold_tokens(text)]
