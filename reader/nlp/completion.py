"""Mention completion: finding every other place where a recognised name occurs.

One precompiled scan visits the words of the text that begin like an alias and looks
their aliases up by first word, so the cost does not grow with the number of aliases
(a regular expression of thousands of names takes seconds to compile). Matches respect word
boundaries, prefer the longest alias, never overlap a mention already found, and treat
names that are also ordinary English words ("Bar", "Young", "May") with care.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache, lru_cache, partial

from reader.nlp.rules import active
from reader.wordlists import common_words, word_set

_SENTENCE_START = re.compile(r"(?:^|[\n.!?…])[\"'’”)\]]*[ \t]*[\"'‘“(\[]*$")
_NEXT_WORD = re.compile(r"[ \t]+(\S)")
_NEXT_TOKEN = re.compile(r"(?:['’]s\b|[ \t]+(\w+))")
_FIRST_WORD = re.compile(r"\w+")
_ALWAYS: Callable[[], bool] = lambda: True  # noqa: E731
_LOWERCASE_WORD = re.compile(r"(?<![\w'’-])[a-z]+(?![\w'’-])")
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’.&-])([A-Z][a-z]+) $")
_PREVIOUS_WORD = re.compile(r"(\w+)(\.?)[ \t]+$")
_CAPITALS_WORD = re.compile(r"[A-Z][A-Z'’.&-]*(?![\w])")


def opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a sentence: it follows the text's start, a line
    break or a sentence end, with only spaces, quotes or brackets between."""
    return bool(_SENTENCE_START.search(text, max(0, start - 5), start))


@cache
def titles() -> frozenset[str]:
    """Abbreviated titles and honorifics written before a name ("Dr", "Gen", "Sen")."""
    return word_set("reader.nlp", "titles.txt")


@cache
def job_titles() -> frozenset[str]:
    """Capitalised job titles written before a name; never taken in as a first name."""
    return word_set("reader.nlp", "job_titles.txt")


@cache
def given_names() -> frozenset[str]:
    """Common given names ("Dominic", "Rosena"): a plain name of two or three words that
    begins with one is a person's, whatever label the model gave it (``given-names``)."""
    return word_set("reader.nlp", "given_names.txt")


@cache
def _subject_followers() -> frozenset[str]:
    """Words after a sentence-initial name that show it is the subject, not an ordinary word
    (so does any lowercase past tense: "Young conceded")."""
    return word_set("reader.nlp", "subject_followers.txt")


def _lowercase_words(text: str, step: int = 200_000) -> set[str]:
    """Every lowercase word of ``text``, gathered a slice (ending at a space) at a time:
    a list of all the words of a 10 MB text would take ten times the memory of the set."""
    words: set[str] = set()
    start = 0
    while start < len(text):
        end = text.find(" ", start + step)
        end = len(text) if end < 0 else end
        words.update(_LOWERCASE_WORD.findall(text, start, end))
        start = end
    return words


@lru_cache(maxsize=8)
def _word_starts(initials: str) -> re.Pattern[str]:
    """Words that begin with one of ``initials``."""
    return re.compile(r"(?<!\w)[" + re.escape(initials) + r"]\w*")


def _by_first_word(aliases: Iterable[str]) -> dict[str, list[str]]:
    """Aliases grouped by their first word, longest first (so the longest match wins)."""
    table: dict[str, list[str]] = {}
    for alias in aliases:
        first = _FIRST_WORD.match(alias)
        if first:
            table.setdefault(first.group(), []).append(alias)
    for candidates in table.values():
        candidates.sort(key=len, reverse=True)
    return table


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _is_common_word(alias: str) -> bool:
    return alias.istitle() and alias.isalpha() and alias.lower() in common_words()


def _plausible(
    text: str,
    start: int,
    end: int,
    common: bool,
    next_start: int = -1,
    plain: Callable[[], bool] = lambda: True,
    headline: bool = False,
) -> bool:
    """Whether an occurrence of an alias at ``start:end`` is the name, judging by context.

    ``next_start`` is where the next known mention begins: a capitalised word there is
    another name ("SpaceX Falcon 9"), not the rest of this one. ``plain()`` says whether
    the text ever writes the word in lowercase (asked only when needed): if it never
    does, a sentence (or headline) opening with it opens with the name ("Arsenal held by
    City"). With ``headline`` (an alias written in capitals where the text has it in
    other case), a word in capitals after it is the rest of a headline, not of the name
    ("KLINSMANN TO RETIRE").
    """
    following = _NEXT_WORD.match(text, end)
    if following and (
        (
            following.group(1).isupper()
            and following.start(1) != next_start
            and not (headline and _CAPITALS_WORD.match(text, following.start(1)))
            and not _title_follows(text, following.start(1))
        )
        or (common and following.group(1).isdigit())
    ):
        return False  # part of a longer name ("Gaza City") or a date ("May 5")
    if not common:
        return True
    before = text[max(0, start - 40) : start]
    previous = _PREVIOUS_WORD.search(before)
    if previous and previous.group(1) in titles():
        return True  # "Dr. Rice"
    if _SENTENCE_START.search(before):
        if not plain():
            return True
        token = _NEXT_TOKEN.match(text, end)
        if not token or token.group(1) is None:
            return bool(token)  # "Young's"
        verb = token.group(1)
        return verb in _subject_followers() or (verb.islower() and verb.endswith("ed"))
    if previous and previous.group(1)[0].isupper() and not previous.group(2):
        # After a capitalised word: part of a longer name ("Sports Bar"), unless that word
        # only starts the sentence ("Later May said").
        return bool(_SENTENCE_START.search(before[: previous.start()]))
    return True


_WHOLE_WORD = re.compile(r"[\w'’-]+")


def _title_follows(text: str, start: int) -> bool:
    """Whether the word at ``start`` is a job title, which follows a party, nationality or
    body without being part of its name ("Tory MP Ann Lee", "Vantrian Minister Bo Tal")."""
    if not active("titles-after"):
        return False
    word = _WHOLE_WORD.match(text, start)
    return word is not None and word.group() in job_titles()


def _first_name_start(text: str, start: int, limit: int) -> int:
    """Where a name found at ``start`` really begins: before a capitalised first name
    the model never marked ("Mikel" before "Arteta"), not before ``limit``."""
    previous = _CAPITALISED_BEFORE.search(text, max(limit, start - 30), start)
    if previous is None:
        return start
    word = previous.group(1)
    if word.lower() in common_words() or word in titles() or word in job_titles():
        return start
    return previous.start(1)


def complete_mentions(
    text: str, aliases: Mapping[str, str], taken: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """Find further occurrences of every alias.

    Args:
        text: The document text.
        aliases: Surface form -> key of the entity it belongs to.
        taken: Sorted, non-overlapping ``(start, end)`` of mentions already found.

    Returns:
        New ``(start, end, entity_key)`` mentions, none overlapping ``taken`` or each other.
    """
    usable = {
        alias: key for alias, key in aliases.items() if len(alias) > 1 and not alias.islower()
    }
    # Datelines and headlines in capitals ("TEHRAN —") name the same things.
    shouted: dict[str, str] = {}  # the capitals of an alias written otherwise -> the alias
    for alias, key in list(usable.items()):
        if len(alias) >= 4 and alias.upper() not in usable:
            usable[alias.upper()] = key
            shouted[alias.upper()] = alias
    table = _by_first_word(usable)
    if not table:
        return []
    starts = [start for start, _ in taken]
    lowercase: set[str] = set()  # the text's lowercase words, gathered on first need

    def plain_word(word: str) -> bool:
        if not lowercase:
            lowercase.update(_lowercase_words(text))
        return word in lowercase

    found: list[tuple[int, int, str]] = []
    last_end = 0
    for word in _word_starts("".join(sorted({w[0] for w in table}))).finditer(text):
        start = word.start()
        if start < last_end:
            continue
        for alias in table.get(word.group(), ()):
            end = start + len(alias)
            if text.startswith(alias, start) and not (end < len(text) and _is_word_char(text[end])):
                break
        else:
            continue
        last_end = end
        index = bisect.bisect_right(starts, start) - 1
        if index >= 0 and taken[index][1] > start:
            continue  # inside an existing mention
        if index + 1 < len(taken) and taken[index + 1][0] < end:
            continue  # would eat into the next mention
        next_start = taken[index + 1][0] if index + 1 < len(taken) else -1
        headline = alias in shouted and active("capitals-completion")
        written = shouted[alias] if headline else alias  # "CITY" is as common as "City"
        common = " " not in written and _is_common_word(written)
        plain = partial(plain_word, alias.lower()) if common else _ALWAYS
        if _plausible(text, start, end, common, next_start, plain, headline):
            previous_end = taken[index][1] if index >= 0 else 0
            found.append((_first_name_start(text, start, previous_end), end, usable[alias]))
    return found
