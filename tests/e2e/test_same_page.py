"""Two names of one thing found on the same Wikipedia page are one entity: ``reader
entities --lookup`` over the fixture wiki of ``tests/data/wiki/same_page_pages.json``
(real model, real HTTP), and the app in tmux."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.corrections import CorrectionStore, article_key, split
from reader.models import Entity
from reader.same_page import SAME_PAGE
from tests.e2e.tmux import READER, TmuxSession, tmux_available
from tests.threats.cli import assert_sane_json, run_reader
from wikifixture import DATA_DIR, start_server

pytestmark = pytest.mark.model

ARTICLE = Path("tests/data/same_page/talks.txt")
"""Says "The Islamic Republic of Iran" once and "Iran" twice, "K-Fed" once and "Kevin
Federline" once: the model keeps each pair apart; Wikipedia redirects one name of each
to the other's page."""
KEYS = {"id", "name", "label", "aliases", "mentions", "background"}


@pytest.fixture
def wiki():
    with start_server(DATA_DIR / "same_page_pages.json") as server:
        yield server


def _entities(env: dict[str, str], *more: str) -> dict[str, dict]:
    payload = assert_sane_json(run_reader(["entities", str(ARTICLE), "--json", *more], env=env))
    text = ARTICLE.read_text(encoding="utf-8")
    spans = sorted((m["start"], m["end"]) for e in payload["entities"] for m in e["mentions"])
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # no overlap
    for entity in payload["entities"]:
        assert all(text[m["start"] : m["end"]] == m["text"] for m in entity["mentions"])
        assert entity["mentions"] == sorted(entity["mentions"], key=lambda m: m["start"])
    starts = [e["mentions"][0]["start"] for e in payload["entities"]]
    assert starts == sorted(starts)
    return {entity["name"]: entity for entity in payload["entities"]}


def test_names_on_one_page_are_one_entity_with_lookups_only(wiki, tmp_path):
    env = {"READER_WIKI_API": wiki.url, "READER_CACHE_DIR": str(tmp_path / "cache")}
    apart = _entities(env)
    assert {"Islamic Republic of Iran", "Iran", "K-Fed", "Kevin Federline"} <= set(apart)

    joined = _entities(env, "--lookup")
    assert not {"Islamic Republic of Iran", "K-Fed"} & set(joined)
    iran = joined["Iran"]
    assert set(iran) == KEYS  # DESIGN §4's keys, nothing more
    # The page's title names it; it keeps the id of the name mentioned first.
    assert iran["id"] == apart["Islamic Republic of Iran"]["id"]
    assert [m["text"] for m in iran["mentions"]] == ["Islamic Republic of Iran", "Iran", "Iran"]
    assert iran["mentions"][0]["reason"] == SAME_PAGE
    assert iran["aliases"] == ["Islamic Republic of Iran", "Iran"]
    assert (iran["background"]["status"], iran["background"]["title"]) == ("found", "Iran")
    federline = joined["Kevin Federline"]
    assert federline["id"] == apart["K-Fed"]["id"]
    assert federline["label"] == "PERSON"
    assert [m["text"] for m in federline["mentions"]] == ["K-Fed", "Kevin Federline"]
    assert federline["background"]["title"] == "Kevin Federline"
    # Names on pages of their own stay as they were.
    assert joined["Tehran"]["background"]["title"] == "Tehran"
    assert len(joined) == len(apart) - 2


def test_a_name_the_reader_split_out_stays_apart(wiki, tmp_path):
    """The reader split K-Fed out of Kevin Federline in the app (s): the page joins it no more."""
    cache = tmp_path / "cache"
    env = {"READER_WIKI_API": wiki.url, "READER_CACHE_DIR": str(cache)}
    joined = _entities(env, "--lookup")
    federline = Entity.from_json(joined["Kevin Federline"])
    k_fed = [m for m in federline.mentions if m.text == "K-Fed"]
    correction = split(article_key(ARTICLE.read_text(encoding="utf-8")), federline, k_fed)
    CorrectionStore(cache, warn=pytest.fail).add(correction)
    again = _entities(env, "--lookup")
    assert [m["text"] for m in again["K-Fed"]["mentions"]] == ["K-Fed"]
    assert [m["text"] for m in again["Kevin Federline"]["mentions"]] == ["Kevin Federline"]
    assert again["K-Fed"]["background"]["title"] == "Kevin Federline"
    assert "Islamic Republic of Iran" not in again  # the other join stays


@pytest.mark.e2e
@pytest.mark.skipif(not tmux_available(), reason="tmux is not installed")
def test_the_app_regroups_in_a_real_terminal(wiki, tmp_path):
    """The real command and model: the names regroup as their pages come, the status line
    says so, and the panel of Iran lists the joined mention with its reason."""
    env = {
        "READER_WIKI_API": wiki.url,
        "READER_CACHE_DIR": str(tmp_path / "cache"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    with TmuxSession([str(READER), str(ARTICLE)], env=env, size=(140, 40)) as tmux:
        screen = tmux.wait_for(lambda s: "Wikipedia ✓ 7/7 found" in s, timeout=60)
        assert "7 entities · 11 mentions" in screen
        assert "joined" in screen and ": same Wikipedia page (and 1 more)" in screen
        tmux.keys("Tab")
        tmux.keys("Tab")  # Vienna, then the Islamic Republic of Iran
        tmux.keys("Enter")
        screen = tmux.wait_for(lambda s: "Place · 3 mentions" in s)
        assert "Also: Islamic Republic of Iran" in screen
        assert "same Wikipedia page" in screen and "mention 1 of 3" in screen
        assert "joined" not in screen  # said once: the reader has moved on
        tmux.keys("q")
        tmux.wait_for(lambda s: "[exit 0]" in s)
