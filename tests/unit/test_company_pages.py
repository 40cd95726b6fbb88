"""A company's name is the company's own page ("Rolls-Royce Holdings"), not its product's
("Rolls-Royce Trent XWB"); and a person is not the company named after her."""

from __future__ import annotations

from reader.lookup.client import Page
from reader.lookup.context import Context
from reader.lookup.resolve import weigh
from reader.nlp.mentions import build_entities
from tests.unit.test_mentions import spans_of
from wikifixture import make_entities

TEXT = "Engines come from Zelcor, whose Trent XWB-97 powers the jet. Zelcor shares rose 2%."
COMPANY = Page("Zelcor Holdings", None, "British engineering company", "Zelcor makes engines.")
ENGINE = Page("Zelcor Trent XWB", None, "Turbofan aircraft engine", "The Trent XWB-97 engine.")


def candidates(pages: list[Page]) -> list[str]:
    entity = make_entities({"text": TEXT, "entities": [{"name": "Zelcor", "label": "ORG"}]})[0]
    chosen, _, _ = weigh(entity, pages, Context(TEXT, entity))
    return [page.title for page in chosen]


def test_beside_the_companys_own_page_its_products_are_no_candidates():
    assert candidates([ENGINE, COMPANY]) == ["Zelcor Holdings"]
    assert candidates([ENGINE]) == ["Zelcor Trent XWB"]  # no company page: the engine stays


def test_a_hyphened_company_name_opens_its_pages_titles_too():
    text = "Engines come from Zel-Royce, whose Trent XWB-97 powers the jet."
    spec = {"name": "Zel-Royce", "label": "ORG"}
    entity = make_entities({"text": text, "entities": [spec]})[0]
    company = Page("Zel-Royce Holdings", None, "British engineering company", "")
    engine = Page("Zel-Royce Trent XWB", None, "Turbofan aircraft engine", "")
    chosen, _, _ = weigh(entity, [engine, company], Context(text, entity))
    assert [page.title for page in chosen] == ["Zel-Royce Holdings"]


def test_a_person_stays_apart_from_the_company_named_after_her():
    text = "Victoria Beckham said so. Victoria Beckham Ltd lost money."
    spans = spans_of(text, ("Victoria Beckham", "PERSON"), ("Victoria Beckham Ltd", "ORG"))
    names = [entity.name for entity in build_entities(text, spans)]
    assert names == ["Victoria Beckham", "Victoria Beckham Ltd"]
