"""Two names found on the same sure Wikipedia page become one entity (reader/same_page.py)."""

from __future__ import annotations

import pytest

from reader.corrections import YOUR_CORRECTION, apply, merge, split
from reader.lookup.certainty import sure_at
from reader.models import Background, Entity, Mention
from reader.nlp.mentions import FOUND, build_entities
from reader.same_page import SAME_PAGE, FoundPages, apart, join_same_page
from tests.unit.test_mentions import named, spans_of, texts

TEXT = (
    "The Islamic Republic rejected the offer. K-Fed was in town. Iran said talks would go "
    "on, and Iran's minister agreed. Kevin Federline left. Tehran hosted the Islamic "
    "Republic delegation; Iran sent two."
)
MARKS = [
    ("Islamic Republic", "ORG"),
    ("K-Fed", "PERSON"),
    ("Iran", "GPE"),
    ("Iran", "GPE"),
    ("Kevin Federline", "PERSON"),
    ("Tehran", "GPE"),
]

SURE = sure_at()


def found(title: str, confidence: float | None = 0.99, **more: object) -> Background:
    return Background("found", title=title, confidence=confidence, **more)  # type: ignore[arg-type]


@pytest.fixture
def entities() -> list[Entity]:
    return build_entities(TEXT, spans_of(TEXT, *MARKS))


def pages(entities: list[Entity], by_name: dict[str, Background]):
    """A background look-up by entity id, given backgrounds by entity name."""
    return {named(entities, name).id: bg for name, bg in by_name.items()}.get


def test_the_names_start_apart(entities):
    assert [e.name for e in entities] == [
        "Islamic Republic",
        "K-Fed",
        "Iran",
        "Kevin Federline",
        "Tehran",
    ]


def test_two_names_on_one_sure_page_are_one_entity(entities):
    republic, iran = named(entities, "Islamic Republic"), named(entities, "Iran")
    background = pages(entities, {"Islamic Republic": found("Iran"), "Iran": found("Iran")})
    joined, joins = join_same_page(entities, background)
    assert [e.name for e in joined] == ["Iran", "K-Fed", "Kevin Federline", "Tehran"]
    one = joined[0]
    # The page's title names it; the id (so the background) is the first-mentioned part's;
    # the label is that of the part with more mentions.
    assert (one.id, one.name, one.label) == (republic.id, "Iran", "GPE")
    assert one.mentions == tuple(sorted(republic.mentions + iran.mentions))
    assert texts(one) == ["Islamic Republic", "Iran", "Iran", "Islamic Republic", "Iran"]
    assert one.aliases == ("Islamic Republic", "Iran")
    # The mentions the name did not carry say why they are here; the others keep theirs.
    reasons = {m.text: m.reason for m in one.mentions}
    assert reasons["Islamic Republic"] == SAME_PAGE
    assert {m.reason for m in iran.mentions} == {m.reason for m in one.mentions if m.text == "Iran"}
    assert SAME_PAGE not in {m.reason for m in iran.mentions}
    assert [(j.title, [p.name for p in j.parts]) for j in joins] == [
        ("Iran", ["Islamic Republic", "Iran"])
    ]
    assert joins[0].entity == one
    assert joins[0].describe() == "Islamic Republic joined Iran: same Wikipedia page"


def test_without_the_title_among_the_names_the_fullest_name_wins(entities):
    background = pages(
        entities,
        {
            "K-Fed": found("Kevin Federline (entertainer)"),
            "Kevin Federline": found("Kevin Federline (entertainer)"),
        },
    )
    joined, joins = join_same_page(entities, background)
    one = named(joined, "Kevin Federline")
    assert one.id == named(entities, "K-Fed").id  # K-Fed is mentioned first
    assert one.label == "PERSON"
    assert texts(one) == ["K-Fed", "Kevin Federline"]
    assert [m.reason for m in one.mentions] == [SAME_PAGE, FOUND]
    assert joins[0].describe() == "K-Fed joined Kevin Federline: same Wikipedia page"


def test_the_label_is_that_of_the_part_with_more_mentions(entities):
    background = pages(entities, {"Iran": found("Iran"), "Tehran": found("Iran")})
    joined, _ = join_same_page(entities, background)
    one = named(joined, "Iran")  # the title; Tehran is no fuller
    assert (one.id, one.label) == (named(entities, "Iran").id, "GPE")
    background = pages(entities, {"Islamic Republic": found("Iran"), "Tehran": found("Iran")})
    joined, _ = join_same_page(entities, background)
    one = named(joined, "Islamic Republic")  # fuller than Tehran, neither is the title
    assert one.label == "ORG"  # two mentions against one


def test_three_names_on_one_page_are_one_entity(entities):
    background = pages(
        entities,
        {"Islamic Republic": found("Iran"), "Iran": found("Iran"), "Tehran": found("Iran")},
    )
    joined, joins = join_same_page(entities, background)
    assert [e.name for e in joined] == ["Iran", "K-Fed", "Kevin Federline"]
    assert len(joined[0].mentions) == 6
    assert joins[0].describe() == ("Islamic Republic and Tehran joined Iran: same Wikipedia page")


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(found("Iran", confidence=SURE - 0.01), id="likely-and-no-short-form"),
        pytest.param(
            Background("ambiguous", candidates=("Iran", "Islamic republic")), id="ambiguous"
        ),
        pytest.param(Background("not_found"), id="not-found"),
        pytest.param(Background("error", error="timed out"), id="error"),
        pytest.param(found("Islamic republic"), id="another-page"),
        pytest.param(None, id="none-yet"),
    ],
)
def test_only_sure_found_pages_that_are_the_same_join(entities, other):
    table = {named(entities, "Iran").id: found("Iran")}
    if other is not None:
        table[named(entities, "Islamic Republic").id] = other
    joined, joins = join_same_page(entities, table.get)
    assert joined == entities
    assert joins == []


def test_a_short_form_only_likely_of_a_sure_names_page_joins_it():
    """ "Mills" and "Heather", which the model called bodies, each only likely to be
    Heather Mills, are short forms of the name sure of that page: the name and the page
    agree. A name that is no short form ("Paul") joins none."""
    text = "Heather Mills spoke. Mills said no. Heather left. Paul stayed."

    def entity(name: str, label: str) -> Entity:
        start = text.index(name, 1 if name != "Heather Mills" else 0)
        return Entity(
            name.lower(), name, label, (name,), (Mention(start, start + len(name), name),)
        )

    entities = [entity("Heather Mills", "PERSON"), entity("Mills", "ORG"), entity("Heather", "ORG")]
    entities.append(entity("Paul", "ORG"))
    likely = found("Heather Mills", confidence=SURE - 0.01)
    table = {e.id: likely for e in entities}
    table["heather mills"] = found("Heather Mills")
    joined, joins = join_same_page(entities, table.get)
    assert [(e.name, e.label) for e in joined] == [("Heather Mills", "PERSON"), ("Paul", "ORG")]
    assert texts(joined[0]) == ["Heather Mills", "Mills", "Heather"]
    assert [part.name for part in joins[0].joined] == ["Mills", "Heather"]


def test_with_no_name_sure_of_the_page_a_short_form_joins_the_name_it_shortens():
    """ "Shepard" and "Dax Shepard", both only likely to be the actor's page: one is the
    other's short form, so they are one entity; "Dax Hudson", likely of the same page but
    neither's short form, stays apart, and so does "Dax", a short form of two of them."""
    text = "Dax Shepard smiled. Shepard left. Dax Hudson stayed. Dax sang."

    def entity(name: str) -> Entity:
        start = text.rindex(name)  # its own mention, after any longer name holding it
        return Entity(
            name.lower(), name, "ORG", (name,), (Mention(start, start + len(name), name),)
        )

    entities = [entity("Dax Shepard"), entity("Shepard"), entity("Dax Hudson"), entity("Dax")]
    likely = found("Dax Shepard", confidence=SURE - 0.1)
    joined, joins = join_same_page(entities, {e.id: likely for e in entities}.get)
    assert [e.name for e in joined] == ["Dax Shepard", "Dax Hudson", "Dax"]
    assert texts(joined[0]) == ["Dax Shepard", "Shepard"]
    assert joins[0].describe() == "Shepard joined Dax Shepard: same Wikipedia page"


def test_the_readers_own_choice_is_sure(entities):
    chosen = found("Iran", confidence=0.2, chosen_by="reader")
    background = pages(entities, {"Islamic Republic": chosen, "Iran": found("Iran")})
    joined, _ = join_same_page(entities, background)
    assert [e.name for e in joined][0] == "Iran"
    assert len(joined) == len(entities) - 1


def test_a_page_stored_before_the_link_model_counts_as_sure(entities):
    background = pages(
        entities, {"Islamic Republic": found("Iran", confidence=None), "Iran": found("Iran")}
    )
    assert len(join_same_page(entities, background)[0]) == len(entities) - 1


def test_a_split_stays_split(entities):
    """A mention the reader split out of an entity is not joined back by the page."""
    iran = named(entities, "Iran")
    corrections = [split("article", iran, [iran.mentions[-1]])]
    corrected = apply(entities, corrections)
    lone = next(e for e in corrected if e.mentions == (iran.mentions[-1],))
    assert lone.mentions[0].reason == YOUR_CORRECTION
    rest = next(e for e in corrected if e.id == iran.id)
    republic = named(corrected, "Islamic Republic")
    background = {rest.id: found("Iran"), lone.id: found("Iran"), republic.id: found("Iran")}.get
    joined, joins = join_same_page(corrected, background, apart(corrections))
    # The rest of Iran joins the Islamic Republic; the mention split out stays alone.
    assert [p.id for p in joins[0].parts] == [republic.id, rest.id]
    assert lone in joined
    # Without the reader's split the three would be one.
    assert len(join_same_page(corrected, background)[0]) == len(corrected) - 2


def test_a_join_kept_apart_by_a_split_of_every_mention_stays_apart(entities):
    """How the panel undoes a join (u, or s on the joined mentions): a split naming
    every mention of a part. Applied to the NLP's entities it changes nothing (nothing
    would stay), but it keeps the two apart."""
    republic, iran = named(entities, "Islamic Republic"), named(entities, "Iran")
    background = pages(entities, {"Islamic Republic": found("Iran"), "Iran": found("Iran")})
    joined, joins = join_same_page(entities, background)
    corrections = [split("article", joins[0].entity, republic.mentions)]
    assert apply(entities, corrections) == entities
    again, joins = join_same_page(entities, background, apart(corrections))
    assert again == entities
    assert joins == []
    assert named(again, "Iran") == iran


def test_the_readers_merge_comes_first(entities):
    """A merge the reader made applies before the rule, which then finds nothing to do."""
    corrections = [merge("article", named(entities, "Iran"), named(entities, "Islamic Republic"))]
    corrected = apply(entities, corrections)
    merged = named(corrected, "Islamic Republic")
    background = {merged.id: found("Iran")}.get
    joined, joins = join_same_page(corrected, background, apart(corrections))
    assert joined == corrected
    assert joins == []


def test_mentions_never_overlap_and_stay_sorted(entities):
    background = pages(
        entities,
        {
            "Islamic Republic": found("Iran"),
            "Iran": found("Iran"),
            "K-Fed": found("Kevin Federline"),
            "Kevin Federline": found("Kevin Federline"),
        },
    )
    joined, joins = join_same_page(entities, background)
    assert [e.name for e in joined] == ["Iran", "Kevin Federline", "Tehran"]
    assert [j.entity.name for j in joins] == ["Iran", "Kevin Federline"]
    spans = sorted((m.start, m.end) for e in joined for m in e.mentions)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))
    for entity in joined:
        assert list(entity.mentions) == sorted(entity.mentions)
        assert all(TEXT[m.start : m.end] == m.text for m in entity.mentions)
    assert len({e.id for e in joined}) == len(joined)


def test_a_dateline_in_capitals_does_not_name_it():
    text = "TEHRAN - Officials met. Tehran said the city was calm."
    dateline = Entity("tehran", "TEHRAN", "GPE", ("TEHRAN",), (Mention(0, 6, "TEHRAN"),))
    city = Entity("tehran-2", "Tehran", "GPE", ("Tehran",), (Mention(24, 30, "Tehran"),))
    assert all(text[m.start : m.end] == m.text for e in (dateline, city) for m in e.mentions)
    background = {e.id: found("Tehran") for e in (dateline, city)}.get
    joined, _ = join_same_page([dateline, city], background)
    assert [(e.id, e.name) for e in joined] == [("tehran", "Tehran")]


def test_a_name_cut_in_two_is_named_by_the_half_that_opens_the_title():
    """The model cut "Arm Holdings" into "Arm" and "Holdings": the joined entity is "Arm",
    as the page's title opens, not the longer "Holdings"."""
    text = "Arm Holdings said sales rose. Arm expects more."
    entities = build_entities(text, spans_of(text, ("Arm", "ORG"), ("Holdings", "ORG")))
    background = {e.id: found("Arm Holdings") for e in entities}.get
    joined, joins = join_same_page(entities, background)
    assert [e.name for e in joined] == ["Arm"]
    assert joins[0].describe() == "Holdings joined Arm: same Wikipedia page"


def test_on_a_tie_of_mentions_the_label_is_that_of_the_part_named():
    """The model called K-Fed an organisation once, and Kevin Federline a person once."""
    text = "K-Fed was seen in Las Vegas. Kevin Federline told reporters."
    entities = build_entities(text, spans_of(text, ("K-Fed", "ORG"), ("Kevin Federline", "PERSON")))
    background = {e.id: found("Kevin Federline") for e in entities}.get
    joined, _ = join_same_page(entities, background)
    assert [(e.id, e.name, e.label) for e in joined] == [("k-fed", "Kevin Federline", "PERSON")]


def test_found_pages_say_which_entities_a_background_may_join_or_part():
    pages = FoundPages()
    assert pages.update("iran", found("Iran")) == frozenset()
    assert pages.update("tehran", found("Tehran")) == frozenset()
    assert pages.update("republic", found("Iran", confidence=SURE - 0.01)) == {"iran"}
    assert pages.update("republic", Background("ambiguous", candidates=("Iran",))) == {"iran"}
    assert pages.update("republic", found("Iran")) == {"iran"}
    assert pages.update("republic", found("Iran")) == frozenset()  # no change
    assert pages.update("persia", found("Iran")) == {"iran", "republic"}
    assert pages.update("republic", Background("not_found")) == {"iran", "persia"}
    assert pages.update("iran", found("Tehran")) == {"persia", "tehran"}
    assert pages.update("nothing", None) == frozenset()


def test_a_nationality_joins_no_country():
    """A demonym often gets its country's page; the people are not the country."""
    text = "Israel said on Monday that Israeli officials would travel. The Israeli team left."
    entities = build_entities(text, spans_of(text, ("Israel", "GPE"), ("Israeli", "NORP")))
    assert [e.name for e in entities] == ["Israel", "Israeli"]
    background = {e.id: found("Israel") for e in entities}.get
    assert join_same_page(entities, background) == (entities, [])
    # Two nationalities on one page are one.
    people = [
        Entity("palestinian", "Palestinian", "NORP", ("Palestinian",), (Mention(0, 11, "x"),)),
        Entity("palestinians", "Palestinians", "NORP", ("Palestinians",), (Mention(20, 32, "y"),)),
    ]
    background = {e.id: found("Palestinians") for e in people}.get
    assert [e.name for e in join_same_page(people, background)[0]] == ["Palestinians"]
