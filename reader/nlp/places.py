"""Places the model left untagged: names of large cities, US states and countries.

The small model misses many well-known places, above all in capitals ("BRUSSELS") and in
tables of results ("Leeds 2 Hull 1"). The names come from GeoNames (``data/places.txt``,
see its header). A name found where the model tagged nothing is a place (GPE) when:

- it is written as in the list or in capitals: never in lower case ("nice", "reading");
- it stands alone: no capitalised word right before or after it, which would make it
  part of a longer name ("Victoria Beckham", "Leeds United", "Mr Jackson");
- it is not also a common English word ("Bath", "Reading", "Mobile"), unless it stands
  inside a sentence in title case, where such a word is a name, or alone in capitals
  ("Leeds 12 BATH 3"; a headline's other words in capitals stand beside it).

The rule is a spaCy pipeline component (:class:`Places`) added after ``ner`` by
:func:`add_places`. It finds the names with a :class:`~spacy.matcher.Matcher`: one
pattern, a name's first word and then up to as many more words as the longest name has,
each compared in lower case with the set of the names' words (a ``PhraseMatcher`` took
over a second to build: the lexemes of 14,000 names); each match is then checked against
the list and the cases above. spaCy is imported only when the component is built.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from reader.nlp.rules import active
from reader.wordlists import entries, word_set

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

PLACES = "reader_places"
"""The component's factory name in spaCy's registry."""

LABEL = "GPE"
GROUP = "places"
"""The component's rule group (:mod:`reader.nlp.rules`), also the id of the spans it adds."""


def place_names() -> tuple[str, ...]:
    """The place names of ``data/places.txt``, in file order."""
    return entries("reader.nlp", "places.txt")


_WORD_HYPHEN = re.compile(r"(?<=[^\W\d_])(-)(?=[^\W\d_])")


def name_tokens(name: str) -> tuple[str, ...]:
    """The tokens spaCy's English tokenizer makes of a place name: its words, with a
    hyphen between letters on its own ("Port-au-Prince" -> "Port", "-", "au", ...). A name
    it would cut otherwise ("N'Djamena" if it did) is never matched: never a wrong one."""
    return tuple(part for word in name.split() for part in _WORD_HYPHEN.split(word) if part)


_SENTENCE_END = frozenset({".", "!", "?", "...", "…", ":", ";", '"', "“", "”", "(", "-", "–", "—"})
"""Tokens after which a capitalised word may be capitalised only for its position."""


def _capitalised(token: Token) -> bool:
    """Whether ``token`` is a word that starts with a capital letter."""
    return token.text[:1].isupper()


def _opens_sentence(token: Token) -> bool:
    """Whether ``token`` opens its text, a line, or follows a sentence end or a quote."""
    if token.i == 0:
        return True
    before = token.doc[token.i - 1]
    return before.is_space or "\n" in before.whitespace_ or before.text in _SENTENCE_END


class Places:
    """The pipeline component: each listed place the model left untagged becomes a GPE."""

    def __init__(self, nlp: Language) -> None:
        from spacy.matcher import Matcher

        self.common = word_set("reader.nlp", "common_words.txt")
        self.forms: dict[str, list[tuple[str, ...]]] = {}
        first: set[str] = set()
        later: set[str] = set()
        for name in place_names():
            words = name_tokens(name) if "-" in name else tuple(name.split())
            self.forms.setdefault(name.lower(), []).append(words)
            first.add(words[0].lower())
            later.update(word.lower() for word in words[1:])
        longest = max(map(len, (form for forms in self.forms.values() for form in forms)))
        self.matcher = Matcher(nlp.vocab)
        pattern: list[dict[str, Any]] = [
            {"LOWER": {"IN": sorted(first)}},
            {"LOWER": {"IN": sorted(later)}, "OP": f"{{0,{longest - 1}}}"},
        ]
        self.matcher.add(LABEL, [pattern])

    def _accepts(self, span: Span) -> bool:
        """Whether the match ``span`` is written as a place name and stands alone."""
        words = tuple(token.text for token in span)
        forms = self.forms.get(span.text.lower(), ())
        if not any(words in (form, tuple(word.upper() for word in form)) for form in forms):
            return False
        doc = span.doc
        if span.end < len(doc) and _capitalised(doc[span.end]):
            return False
        first = doc[span.start]
        if not _opens_sentence(first) and _capitalised(doc[span.start - 1]):
            return False
        if span.text.lower() in self.common:
            return span.text.isupper() or (first.is_title and not _opens_sentence(first))
        return True

    def __call__(self, doc: Doc) -> Doc:
        """Add the places the model left untagged to ``doc.ents`` (when the group is on)."""
        if not active(GROUP):
            return doc
        from spacy.tokens import Span
        from spacy.util import filter_spans

        taken = [(ent.start, ent.end) for ent in doc.ents]
        found = [
            Span(doc, span.start, span.end, label=LABEL, span_id=GROUP)
            for span in self.matcher(doc, as_spans=True)  # each checked by _accepts
            if not any(span.start < end and start < span.end for start, end in taken)
            and self._accepts(span)
        ]
        if found:
            doc.ents = sorted([*doc.ents, *filter_spans(found)], key=lambda span: span.start)
        return doc


def add_places(nlp: Language) -> None:
    """Add the places component after ``ner`` (and the datelines after it), or last in a
    pipeline without one (registering its factory once)."""
    from spacy.language import Language

    if not Language.has_factory(PLACES):
        Language.factory(PLACES, func=lambda nlp, name: Places(nlp))
    nlp.add_pipe(PLACES, last=True)
