"""Repairing cleaned spans with general evidence from the text around them.

The small model misses or cuts short some names in predictable ways; each repair here
uses only the text and the spans themselves (no list of particular names), and stays
because it helps the development corpus (``bench/corpus.py --ablate``):

- an acronym defined in brackets right after a name ("Natural Environment Research
  Council (NERC)"), found by the Schwartz-Hearst algorithm;
- a capitalised first word the model left out ("Erling" before "Haaland"), never a
  nationality ("American Oliver McCall"), and a surname an editor bracketed after a first
  name ("Jack [Begert, co-directors]");
- a model number after a product or company ("Falcon 9");
- a geographic word after a place or demonym ("American River", "Sacramento Valley"),
  which makes the whole a location of its own;
- an untagged capitalised word right after a one-word name ("Estes" after "Bob"), and a
  person's name the model cut in two ("Aung San", "Suu Kyi");
- a country, its nationality adjective or its people ("Kenya", "Kenyan", "Kenyans", from
  ``demonyms.tsv`` and ``demonym_plurals.txt``) that the model left untagged where it
  stands alone;
- names among numbers: a numbered list on one line and the rows of a table
  (:mod:`reader.nlp.numbered`);
- a surname after initials ("W. Athey"), and a span run over a score into one;
- a capital letter before a person's name, which begins it ("T Bone Burnett");
- a participle or role noun that only opens the sentence ("Enraged Ural striker"), an
  ordinary word opening a sentence read as a place ("Media playback is"), and a job title
  between a body and a person ("National Journal Congressional Correspondent").
"""

from __future__ import annotations

import bisect
import re
from functools import cache

from reader.labels import NAME_LABELS
from reader.nlp.acronyms import find_definitions, function_words
from reader.nlp.bodies import join_bodies
from reader.nlp.completion import given_names, job_titles, opens_sentence, titles
from reader.nlp.grouping import surname_particles
from reader.nlp.numbered import numbered_items, table_rows
from reader.nlp.relabel import role_nouns
from reader.nlp.rules import active
from reader.wordlists import common_words, entries, word_set, word_table

Span = tuple[int, int, str]

_NAME_BEFORE = re.compile(r"([A-Z][a-z]+) (?=[A-Z])")
"""A capitalised word right before another (its end is where the next word starts)."""
_PARTICLES_BEFORE = re.compile(r"(?:^|(?<=[^\w'’-]))((?:[a-z]+ ){1,2})$")
"""One or two lowercase words right before a name (checked against the surname particles:
"de Vries", "van der Merwe")."""
_PARTICLE_LABELS = frozenset({"PERSON", "ORG"})
"""Labels the model gives a surname it cut from its particle ("Vries" ORG)."""
_INITIAL_BEFORE = re.compile(
    r"(?:^|\n|(?:(?<![\w'’-])[a-z][\w'’-]*|[,;:(\"“‘]|[.!?][\"”’]?)[ \t])([B-HJ-Z]) $"
)
"""A single capital letter right before a name, as a first name or an initial written
without its period ("T Bone Burnett", "J Smith"); not "A" or "I", and only after a
lowercase word, punctuation or a sentence end: "Plan B Smith" is no name."""
_MODEL_NUMBER = re.compile(r"[ \t](\d{1,3})(?![\w%.,:/–-]\d|[\w%–-])")
_MODEL_NUMBER_LABELS = frozenset({"ORG", "PRODUCT"})
_GEOGRAPHIC_LABELS = frozenset({"GPE", "NORP", "LOC"})


@cache
def _geographic_word() -> re.Pattern[str]:
    """A capitalised geographic word the model left out after a place or demonym."""
    words = "|".join(re.escape(word) for word in entries("reader.nlp", "geographic_words.txt"))
    return re.compile(r"[ \t](?:" + words + r")(?![\w'’-])")


def repair_spans(text: str, cleaned: list[Span]) -> list[Span]:
    """Apply every repair to the cleaned spans.

    Args:
        text: The document text.
        cleaned: Sorted, non-overlapping ``(start, end, label)`` from
            :func:`reader.nlp.cleaning.clean_spans`.

    Returns:
        The repaired spans, still sorted and non-overlapping.
    """
    if active("sentence-openers"):
        cleaned = _cut_sentence_openers(text, cleaned)
    if active("common-openers"):
        cleaned = _drop_common_openers(text, cleaned)
    if active("title-tails"):
        cleaned = _cut_title_tails(text, cleaned)
    spans = _extend(text, cleaned) if active("extend-names") else cleaned
    if active("next-word"):
        spans = _next_word(text, spans)
    if active("norp-bodies"):
        spans = _norp_bodies(text, spans)
    if active("joined-bodies"):
        spans = join_bodies(text, spans)
    if active("countries"):
        spans = _merge(spans, _countries(text))
    if active("repeated-acronyms"):
        spans = _merge(spans, _repeated_acronyms(text))
    if active("numbered-items"):
        spans = numbered_items(text, spans)
    if active("table-rows"):
        spans = table_rows(text, spans)
    if active("initials"):
        spans = _merge(_cut_before_initials(text, spans), _initialled(text))
    if active("bracket-acronyms") and "(" in text:
        spans = _complete_long_forms(text, spans)
    added = [alias for _, alias in declared_aliases(text, spans)]
    return _merge(spans, added) if added else spans


def _complete_long_forms(text: str, spans: list[Span]) -> list[Span]:
    """A name right before an acronym in brackets takes in the rest of the acronym's long
    form (:mod:`reader.nlp.acronyms`) when those words are title case: "London" in
    "Transport for London (TfL)" becomes "Transport for London", and the pieces the model
    cut it into are one name, "Stiftung Wissenschaft" and "Politik" in "Stiftung
    Wissenschaft und Politik (SWP)", unless one is a person. A place or nationality so
    lengthened names a body, an organisation."""
    result = list(spans)
    for definition in find_definitions(text):
        ends = [span[1] for span in result]
        index = bisect.bisect_left(ends, definition.long_end)
        if index == len(result) or result[index][1] != definition.long_end:
            continue
        start, end, label = result[index]
        first = index
        while first > 0 and result[first - 1][1] > definition.long_start:
            first -= 1
        pieces = result[first : index + 1]
        words = text[definition.long_start : start].split()
        if (
            label not in NAME_LABELS
            or not words
            or not words[0][:1].isupper()
            or not all(word[:1].isupper() or word in function_words() for word in words)
            or any(
                piece[0] < definition.long_start
                or piece[2] not in NAME_LABELS
                or piece[2] == "PERSON"
                for piece in pieces
            )
        ):
            continue
        label = "ORG" if label in ("GPE", "LOC", "NORP") or len(pieces) > 1 else label
        result[first : index + 1] = [(definition.long_start, end, label)]
    return result


def _merge(spans: list[Span], added: list[Span]) -> list[Span]:
    """Add spans that overlap none of ``spans`` (nor each other)."""
    starts = [start for start, _, _ in spans]
    kept: list[Span] = []
    for span in sorted(added):
        index = bisect.bisect_right(starts, span[0]) - 1
        if index >= 0 and spans[index][1] > span[0]:
            continue
        if index + 1 < len(spans) and spans[index + 1][0] < span[1]:
            continue
        if kept and kept[-1][1] > span[0]:
            continue
        kept.append(span)
    return sorted([*spans, *kept]) if kept else spans


def declared_aliases(text: str, spans: list[Span]) -> list[tuple[Span, Span]]:
    """Names with an acronym the text defines for them in brackets, "Bureau of Meteorology
    (BOM)" (:mod:`reader.nlp.acronyms`).

    Args:
        text: The document text.
        spans: Sorted, non-overlapping spans.

    Returns:
        ``(name span, alias span)`` pairs; the alias span takes the name's label.
    """
    by_end = {span[1]: span for span in spans if span[2] in NAME_LABELS}
    found: list[tuple[Span, Span]] = []
    if active("bracket-acronyms") and "(" in text:
        for definition in find_definitions(text):
            name = by_end.get(definition.long_end)
            if name is not None and name[2] != "PERSON" and name[0] < definition.long_end:
                alias = (definition.short_start, definition.short_end, name[2])
                found.append((name, alias))
    return found


@cache
def nationalities() -> frozenset[str]:
    """Adjectives of nationality ("American", "Mexican"), from ``demonyms.tsv``."""
    return frozenset(word_table("reader.nlp", "demonyms.tsv"))


def demonym_plurals() -> frozenset[str]:
    """Plurals naming a country's people ("Kenyans", "Scots"), from ``demonym_plurals.txt``."""
    return word_set("reader.nlp", "demonym_plurals.txt")


@cache
def _country_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A country's common name, its nationality adjective or the plural naming its people,
    in title case or in capitals (group ``norp`` is the adjective or plural, group ``gpe``
    the country); and a whole word of one or more of them joined by hyphens ("Kenyan",
    "Kenyans", "Israeli-Palestinian")."""
    table = word_table("reader.nlp", "demonyms.tsv")
    countries = {title for title in table.values() if "(" not in title}
    peoples = set(table) | demonym_plurals()

    def alternatives(words: set[str]) -> str:
        forms = words | {word.upper() for word in words}
        return "|".join(sorted(map(re.escape, forms), key=len, reverse=True))

    norp, gpe = alternatives(peoples), alternatives(countries)
    part = f"(?:{norp}|{gpe})"
    return (
        re.compile(rf"(?:(?P<norp>{norp})|(?P<gpe>{gpe}))(?!\w)"),  # "Slovakia", not "Slovak"
        re.compile(rf"(?<![\w'’&.-]){part}(?:-{part})*(?![\w&-])"),
    )


_WORD_BEFORE = re.compile(r"([A-Z][\w'’-]*)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*)")


def _countries(text: str) -> list[Span]:
    """Every country name, nationality adjective or people (``demonyms.tsv``,
    ``demonym_plurals.txt``) in ``text``, each part of a hyphenated pair on its own
    ("Polish-Czech border"): the small model leaves some untagged, mostly in short
    sentences and headlines ("Around 30 Scots gather").

    A country in title case is part of a longer name, left to the other rules, when a
    capitalised word follows ("Kenya Airways", "United States Congress") or one that is
    not a common word precedes it ("Michael Jordan"; "In Kenya" is the country).
    """
    part, whole = _country_patterns()
    common = common_words()
    found: list[Span] = []
    for compound in whole.finditer(text):
        for match in part.finditer(text, compound.start(), compound.end()):
            if match.group("gpe") and not match.group().isupper():
                before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
                if _WORD_AFTER.match(text, match.end()) or (
                    before and before.group(1).lower() not in common
                ):
                    continue
            found.append((match.start(), match.end(), "NORP" if match.group("norp") else "GPE"))
    return found


_OPENER = re.compile(r"([A-Z][a-z]+)[ \t]+(?=[A-Z])")
_DESCRIPTIVE_ENDINGS = ("ed", "ing", "ly")


def _descriptive(word: str, common: frozenset[str]) -> bool:
    """Whether ``word`` is an ordinary participle or adverb, in the common words or made
    from one of them ("bringing" from "bring", "hoped" from "hope", "quickly")."""
    for ending in _DESCRIPTIVE_ENDINGS:
        if word.endswith(ending):
            base = word[: -len(ending)]
            return word in common or any(
                stem in common
                for stem in (base, base + "e", base[:-1] if base[-2:-1] == base[-1:] else "")
            )
    return False


def _cut_sentence_openers(text: str, spans: list[Span]) -> list[Span]:
    """Cut off the first word of a name that opens a sentence when that word is a
    participle, adverb or role noun capitalised only because it opens the sentence
    ("Enraged Ural striker", "Broker Ann Lee said"): an ordinary English word ending in
    -ed, -ing or -ly, or a role noun, that the text never capitalises inside a sentence
    ("United States" stays whole when "the United States" is written), before a name the
    model also tagged alone ("Associated Press" stays whole without a "Press")."""
    common, roles = common_words(), role_nouns()
    tagged = {text[start:end] for start, end, _ in spans}
    openers: dict[int, re.Match[str]] = {}
    for index, (start, end, _) in enumerate(spans):
        opener = _OPENER.match(text, start, end)
        word = opener.group(1).lower() if opener else ""
        if (
            opener
            and (_descriptive(word, common) or word in roles)
            and opener.group(1) not in given_names()  # "Sally", "Billy"
            and text[opener.end() : end] in tagged
            and opens_sentence(text, start)
        ):
            openers[index] = opener
    if not openers:
        return spans
    inside = _capitalised_inside(text, {opener.group(1) for opener in openers.values()})
    return [
        (openers[index].end(), end, label)
        if index in openers and openers[index].group(1) not in inside
        else (start, end, label)
        for index, (start, end, label) in enumerate(spans)
    ]


_COMMON_WORD_LABELS = frozenset({"NORP", "GPE", "LOC"})
_LOWERCASE_OR_NUMBER_NEXT = re.compile(r"[ \t]+(?:[a-z]+\b|\d)")
_NUMBER_NEXT = re.compile(r"[ \t]+\d")


def _drop_common_openers(text: str, spans: list[Span]) -> list[Span]:
    """Drop a one-word place or nationality that is an ordinary English word written with
    a capital only because it opens a sentence, before a lowercase word ("Media playback
    is unsupported", "Extra weight helps"), or before a number ("a Category 2 storm"): the
    text never capitalises it inside a sentence otherwise, and no table of countries,
    nationalities or places knows it."""
    common, known = common_words(), _countries_and_places()
    dropped: dict[int, str] = {}
    for index, (start, end, label) in enumerate(spans):
        word = text[start:end]
        if (
            label in _COMMON_WORD_LABELS
            and word.istitle()
            and word.isalpha()
            and word.lower() in common
            and word not in known
            and (following := _LOWERCASE_OR_NUMBER_NEXT.match(text, end))
            and (opens_sentence(text, start) or following.group().strip().isdigit())
        ):
            dropped[index] = word
    if not dropped:
        return spans
    inside = _capitalised_inside(text, set(dropped.values()), before_numbers=False)
    return [
        span for index, span in enumerate(spans) if index not in dropped or dropped[index] in inside
    ]


@cache
def _countries_and_places() -> frozenset[str]:
    """Countries, nationalities (``demonyms.tsv``) and places (``places.txt``)."""
    table = word_table("reader.nlp", "demonyms.tsv")
    return frozenset(table) | frozenset(table.values()) | word_set("reader.nlp", "places.txt")


_ADJECTIVE_ENDINGS = ("ional", "ial", "ical", "ic", "ive", "ary", "ior")
_BETWEEN_TITLE_AND_NAME = re.compile(r" (?:[A-Z][\w'’-]* )?")
"""A space, maybe around a capitalised word the model left out (a rank, a first name)."""


def _cut_title_tails(text: str, spans: list[Span]) -> list[Span]:
    """Cut a job title off the end of a body's name when a person's name follows it: the
    model runs a publication or body into the title of the person it names ("Vantria
    Daily Correspondent Jane Roe", "Acme Senior Analyst Bo Tal"). The title is its last
    word (a job title or role noun) and the ordinary adjectives before it
    ("Congressional", "Senior")."""
    common, roles, jobs = common_words(), role_nouns(), job_titles()
    cut: list[Span] = []
    for index, (start, end, label) in enumerate(spans):
        following = spans[index + 1] if index + 1 < len(spans) else None
        if (
            label != "PERSON"
            and following is not None
            and following[2] == "PERSON"
            and _BETWEEN_TITLE_AND_NAME.fullmatch(text, end, following[0])
            and len(words := text[start:end].split(" ")) > 2
            and (words[-1] in jobs or words[-1].lower() in roles)
        ):
            keep = len(words) - 1
            while keep > 1 and _is_adjective(words[keep - 1], common):
                keep -= 1
            end = start + len(" ".join(words[:keep]))
        cut.append((start, end, label))
    return cut


def _is_adjective(word: str, common: frozenset[str]) -> bool:
    """A capitalised ordinary adjective ("Congressional", "Senior", "Political"; not
    "Journal")."""
    lower = word.lower()
    return word.istitle() and lower in common and lower.endswith(_ADJECTIVE_ENDINGS)


def _capitalised_inside(text: str, words: set[str], before_numbers: bool = True) -> set[str]:
    """Those of ``words`` that ``text`` writes (capitalised) somewhere other than at a
    sentence start (or, unless ``before_numbers``, before a number: "Category 2"); one
    pass over the text for all of them."""
    alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    found: set[str] = set()
    for match in re.finditer(rf"(?<![\w'’-])(?:{alternatives})(?![\w'’-])", text):
        start, word = match.start(), match.group()
        if word in found or opens_sentence(text, start):
            continue
        if not before_numbers and _NUMBER_NEXT.match(text, match.end()):
            continue
        found.add(word)
    return found


_CAPITALS = re.compile(r"(?<![\w.&'’-])[A-Z]{2,5}(?![\w&'’-]|\.\w)")
"""A word of two to five capitals ("DNIB", "WBA"), not part of a dotted or hyphenated one."""
_ROMAN_NUMERAL = re.compile(r"^[IVXLC]+$")
_CAPITALS_NEIGHBOUR = re.compile(r"(?<![\w'’-])[A-Z][A-Z'’.&-]+[ \t]+$")
_CAPITALS_NEXT = re.compile(r"[ \t]+[A-Z][A-Z'’.&-]+(?![\w'’-])")
"""Another word in capitals right before or after: part of a longer name or headline."""


@cache
def common_abbreviations() -> frozenset[str]:
    """Abbreviations of ordinary things ("TV", "GDP"), never taken for names alone."""
    return word_set("reader.nlp", "common_abbreviations.txt")


def _repeated_acronyms(text: str) -> list[Span]:
    """An acronym in capitals that running text writes twice or more is a name (ORG) where
    the model left it untagged ("the KDP said ... KDP flags"); not an ordinary word in
    capitals ("THE", "NICE"), a Roman numeral, nor a word in a line mostly in capitals (a
    headline)."""
    common, ordinary, jobs = common_words(), common_abbreviations(), job_titles()
    found: dict[str, list[tuple[int, int]]] = {}
    shouted: dict[int, bool] = {}  # line start -> whether the line is mostly in capitals
    for match in _CAPITALS.finditer(text):
        word = match.group()
        if (
            word.lower() in common
            or word in ordinary
            or word in jobs  # "MP", "CEO"
            or _ROMAN_NUMERAL.match(word)
            or _CAPITALS_NEIGHBOUR.search(text, max(0, match.start() - 30), match.start())
            or _CAPITALS_NEXT.match(text, match.end())
        ):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if line_start not in shouted:
            shouted[line_start] = _in_capitals_line(text, line_start)
        if shouted[line_start]:
            continue
        found.setdefault(word, []).append(match.span())
    return [
        (start, end, "ORG") for places in found.values() if len(places) > 1 for start, end in places
    ]


def _in_capitals_line(text: str, start: int) -> bool:
    """Whether the line beginning at ``start`` is mostly written in capitals."""
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    return len(_UPPER.findall(line)) * 2 > len(_LETTER.findall(line))


_UPPER = re.compile(r"[^\W\d_a-z]")
_LETTER = re.compile(r"[^\W\d_]")


def _extend(text: str, spans: list[Span]) -> list[Span]:
    """Take in a left-out capitalised first word, the lowercase surname particles before a
    name ("de Vries told reporters"), a trailing model number ("Boeing 787"), a geographic
    word after a place ("Amazon River"), the surname an editor bracketed after a first name
    ("Jack [Begert]") and the rest of a hyphenated word a person's name ends inside ("Moon
    Jae-in"), unless it makes an adjective of the name ("Biden-led", which a name that took
    it in gives back)."""
    common, title_words, job_words = common_words(), titles(), job_titles()
    given = given_names()
    before = {match.end(): match.group(1) for match in _NAME_BEFORE.finditer(text)}
    geographic = {match.start(): match.end() for match in _geographic_word().finditer(text)}
    repaired: list[Span] = []
    previous_end = bracketed_end = -1
    for index, (start, end, label) in enumerate(spans):
        if start < bracketed_end:
            continue  # the bracketed surname the name before took in ("[Begert")
        word = before.get(start)
        if (
            word
            and start - len(word) > previous_end
            and word.lower() not in common
            and (word in given or not _descriptive(word.lower(), common))  # "Bringing Zealand"
            and word not in title_words
            and word not in job_words
            and word not in nationalities()  # "American Oliver McCall": no first name
            and not _is_word_char(text[start - len(word) - 2 : start - len(word) - 1])
        ):
            label = "PERSON" if " " not in text[start:end] else label
            start -= len(word) + 1
        elif (
            label in _PARTICLE_LABELS
            and (lead := _PARTICLES_BEFORE.search(text, max(previous_end, start - 12), start))
            and all(particle in surname_particles() for particle in lead.group(1).split())
        ):
            start = lead.start(1)
        if (
            label in _MODEL_NUMBER_LABELS
            and (number := _MODEL_NUMBER.match(text, end))
            and not _in_results_line(text, start, number.end())
        ):
            end = number.end(1)
        elif (
            label in _GEOGRAPHIC_LABELS
            and (place_end := geographic.get(end))
            and (index + 1 == len(spans) or spans[index + 1][0] >= place_end)
        ):
            end, label = place_end, "LOC"
        elif label == "PERSON" and (bracketed := _bracketed_end(text, start, end)):
            end = bracketed_end = bracketed
        elif label == "PERSON":
            end = _hyphened_end(text, start, end)
        if (
            active("single-initials")
            and label == "PERSON"
            and (initial := _INITIAL_BEFORE.search(text, max(previous_end + 1, start - 30), start))
        ):
            start = initial.start(1)
        repaired.append((start, end, label))
        previous_end = end
    return repaired


_HYPHENED_REST = re.compile(r"-([a-z]+)(?![\w-])")
"""The lowercase rest of a hyphenated word ("-in" of "Jae-in", "-led" of "Biden-led")."""
_HYPHENED_TAIL = re.compile(r"(?<=[A-Za-z])-([a-z]+)$")


@cache
def hyphen_compounds() -> frozenset[str]:
    """Words that make an adjective of the name hyphened to them (``hyphen_compounds.txt``)."""
    return word_set("reader.nlp", "hyphen_compounds.txt")


def _hyphened_end(text: str, start: int, end: int) -> int:
    """Where a person's name ends: at the end of a hyphenated word it ends inside, when the
    rest is a short syllable ("Jae" of "Jae-in"), or at the hyphen of one it ends on that
    makes an adjective ("Biden-led", "Putin-loving")."""
    if text[end - 1 : end].isalpha() and (rest := _HYPHENED_REST.match(text, end)):
        tail = rest.group(1)
        return end if len(tail) > MAX_SYLLABLE or _adjectival(tail) else rest.end()
    tail = _HYPHENED_TAIL.search(text, start, end)
    if tail and _adjectival(tail.group(1)):
        return tail.start()
    return end


MAX_SYLLABLE = 4
"""Letters of the lowercase rest of a hyphenated given name ("in", "hye", "yeol")."""


def _adjectival(tail: str) -> bool:
    """Whether ``tail``, hyphened to a name, makes an adjective of it: a listed word
    ("-era", "-born") or a participle ("-endorsed", "-loving")."""
    return tail in hyphen_compounds() or tail.endswith(("ed", "ing"))


_BRACKETED_SURNAME = re.compile(r" \[([A-Z][\w'’-]+)(?:\]|(?=, ))")
"""An editor's surname in square brackets after a first name in a quotation: "Ann
[Okafor]", or "Jack [Begert, co-directors]" (the bracket goes on to describe him)."""


def _bracketed_end(text: str, start: int, end: int) -> int | None:
    """Where a one-word person's name ends when the text completes it with a bracketed
    surname ("Jack [Begert, co-directors] was excited"); else ``None``. A common word in
    brackets is no surname ("[Applause]")."""
    if " " in text[start:end]:
        return None
    surname = _BRACKETED_SURNAME.match(text, end)
    if surname is None or surname.group(1).lower() in common_words():
        return None  # a stage direction ("Michelle [Applause]"), no surname
    return surname.end()


_NEXT_WORD = re.compile(r" ([A-Z][a-z]+(?:[-'’][A-Za-z]+)*)(?![\w'’&-])")
"""A capitalised word after a single space (the rest of "Kim In-so", "Jacques Songo'o")."""
_NUMERIC_OR_SPACE = re.compile(r"[\d\s]")


@cache
def weekdays() -> frozenset[str]:
    """The days of the week, lower case (``weekday_names.txt``)."""
    return word_set("reader.nlp", "weekday_names.txt")


def _next_word(text: str, spans: list[Span]) -> list[Span]:
    """Take in a capitalised word the model left untagged right after a one-word name
    ("Estes" after "Bob", "Dior" after "Christian"), unless it is an ordinary word, a
    title or a day, or the name a nationality; and join a person's name the model cut in
    two ("Aung San" and "Suu Kyi", one space apart), or whose given name and surname it
    tagged as other things ("Fernanda" an organisation, "Lima" a place), but not a byline
    and the dateline in capitals after it."""
    common, title_words, job_words = common_words(), titles(), job_titles()
    given = given_names()
    repaired: list[Span] = []
    for index, (start, end, label) in enumerate(spans):
        following = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        if repaired and repaired[-1][1] > start:
            continue  # joined to the name before
        after = spans[index + 1] if index + 1 < len(spans) else None
        if (
            after is not None
            and following == end + 1
            and text[end] == " "
            and not text[start:end].isupper()
            and not text[following : after[1]].isupper()
            and (
                label == after[2] == "PERSON"
                or (text[start:end] in given and _one_word(text, after) and after[2] in _SURNAMES)
            )
        ):
            repaired.append((start, after[1], "PERSON"))
            continue
        word = _NEXT_WORD.match(text, end)
        if (
            word
            and label in NAME_LABELS
            and word.end(1) <= following
            and not _NUMERIC_OR_SPACE.search(text, start, end)
            and word.group(1).lower() not in common
            and word.group(1).lower() not in weekdays()
            and word.group(1) not in title_words
            and word.group(1) not in job_words
            and text[start:end] not in nationalities()  # "American Tyson"
        ):
            end = word.end(1)
        repaired.append((start, end, label))
    return repaired


_SURNAMES = frozenset({"PERSON", "GPE", "NORP"})
"""What the model calls a surname it does not know, after a given name it tagged apart."""


def _one_word(text: str, span: Span) -> bool:
    return " " not in text[span[0] : span[1]]


_COMMON_NEXT = re.compile(r" ([A-Z][a-z]+)(?=[ \t]+[a-z]|[,.;:)!?\"”’]|$)")


def _norp_bodies(text: str, spans: list[Span]) -> list[Span]:
    """A nationality or group the model tagged alone before an ordinary capitalised word
    that ends a name is the first word of a body's name ("Islamic State", "British
    Universities", "Vantrian Army"): the two are one ORG; not a job title ("Kenyan
    Minister")."""
    common, title_words, job_words = common_words(), titles(), job_titles()
    repaired: list[Span] = []
    for index, (start, end, label) in enumerate(spans):
        following = spans[index + 1][0] if index + 1 < len(spans) else len(text)
        word = _COMMON_NEXT.match(text, end) if label == "NORP" else None
        if (
            word
            and word.end(1) <= following
            and " " not in text[start:end]
            and word.group(1).lower() in common
            and word.group(1) not in title_words
            and word.group(1) not in job_words
            and word.group(1).lower() not in weekdays()
        ):
            end, label = word.end(1), "ORG"
        repaired.append((start, end, label))
    return repaired


_INITIALLED = re.compile(
    r"(?<![\w.'’&-])(?:[A-Z]\.[ \t])+((?:de|van|von|le|la|da)[ \t])?"
    r"([A-Z][a-z]+(?:[-'’][A-Za-z]+)*)(?![\w'’&-]|\.\w)"
)
"""Initials and a capitalised surname: "J. Smith", "A. J. Tallan", "F. de Brand"."""
_LOWERCASE_NEXT = re.compile(r"[ \t]+[a-z]{2,}")


_SCORE_OR_SPACE = re.compile(r"[\s\d,;:.-]+$")
_SCORE_BETWEEN = re.compile(r"[\d,;:-]")


def _cut_before_initials(text: str, spans: list[Span]) -> list[Span]:
    """A span that runs from a name over a number into initials and a surname ("Ali
    Khan 2 I. Healy" in a scorecard) ends before the number; not a middle initial
    ("Ann B. Tallan")."""
    cut: list[Span] = []
    for start, end, label in spans:
        match = _INITIALLED.search(text, start + 1, end)
        if match and match.end() == end and label in NAME_LABELS:
            head = text[start : match.start()]
            trimmed = len(_SCORE_OR_SPACE.sub("", head))
            if not _SCORE_BETWEEN.search(head, trimmed):
                cut.append((start, end, label))
            elif trimmed:
                cut.append((start, start + trimmed, label))
            continue
        cut.append((start, end, label))
    return cut


def _initialled(text: str) -> list[Span]:
    """A surname after initials the model left untagged ("W. Athey 111" in a scorecard)
    is a person. A surname that is also an ordinary word must not run on into lowercase
    words ("Plan B. Then we left" is no name)."""
    found: list[Span] = []
    common = common_words()
    for match in _INITIALLED.finditer(text):
        surname = match.group(2)
        if surname.lower() in common and _LOWERCASE_NEXT.match(text, match.end()):
            continue
        found.append((match.start(), match.end(), "PERSON"))
    return found


_SCORE_BEFORE = re.compile(r"\d[ \t]+$")
_NAME_AFTER = re.compile(r"[ \t]+[A-Z]\w")


def _in_results_line(text: str, start: int, number_end: int) -> bool:
    """Whether a number after a name is a score in a line of results ("Ayr 0 Troon 3"):
    a name follows it, or a score comes before the name (only with ``score-lines`` on)."""
    return active("score-lines") and bool(
        _NAME_AFTER.match(text, number_end) or _SCORE_BEFORE.search(text, max(0, start - 8), start)
    )


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char in "_'’.&-"
