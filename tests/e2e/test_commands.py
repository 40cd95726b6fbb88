"""The subcommands, run as installed, against the fixture wiki over HTTP (real model)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.threats.cli import assert_sane_json, run_reader

pytestmark = pytest.mark.model

SAMPLE = "assets/israel-egypt-truce-talks.txt"
EXPECTED_NAMES = {
    "Shin Bet", "Fuad Shukr", "David Barnea", "Ronen Bar", "Herzi Halevi", "Mossad", "Hezbollah",
}  # fmt: skip


def test_entities_json_contract_on_the_sample():
    payload = assert_sane_json(run_reader(["entities", SAMPLE, "--json"]))
    text = Path(SAMPLE).read_text(encoding="utf-8")
    assert payload["source"] == SAMPLE and payload["text_length"] == len(text)
    assert payload["model"].startswith("en_core_web_sm")
    entities = {entity["name"]: entity for entity in payload["entities"]}
    assert set(entities) >= EXPECTED_NAMES
    assert [m["text"] for m in entities["Benjamin Netanyahu"]["mentions"]] == [
        "Benjamin Netanyahu", "Netanyahu",
    ]  # fmt: skip
    haniyeh = entities["Ismail Haniyeh"]["mentions"]
    assert [m["text"] for m in haniyeh] == ["Ismail Haniyeh", "Haniyeh"]
    assert not any(ch in name for name in entities for ch in "'’\"")
    assert all("background" not in entity for entity in payload["entities"])
    starts = [e["mentions"][0]["start"] for e in payload["entities"]]
    assert starts == sorted(starts)  # ordered by first mention
    assert {e["label"] for e in payload["entities"]} <= {
        "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
        "LANGUAGE",
    }  # fmt: skip
    with_numbers = assert_sane_json(run_reader(["entities", SAMPLE, "--json", "--all-types"]))
    assert {"DATE", "CARDINAL"} <= {e["label"] for e in with_numbers["entities"]}


def test_lookup_then_offline_from_the_cache_with_no_request(wiki_server, tmp_path):
    env = {"READER_WIKI_API": wiki_server.url, "READER_CACHE_DIR": str(tmp_path / "cache")}
    first = assert_sane_json(run_reader(["entities", SAMPLE, "--json", "--lookup"], env=env))
    backgrounds = {e["name"]: e["background"] for e in first["entities"]}
    assert backgrounds["Fuad Shukr"]["status"] == "found"
    assert backgrounds["Fuad Shukr"]["url"] == "https://en.wikipedia.org/wiki/Fuad_Shukr"
    requests = wiki_server.request_count
    assert requests <= len(backgrounds) / 2
    second = assert_sane_json(
        run_reader(["entities", SAMPLE, "--json", "--lookup", "--offline"], env=env)
    )
    assert wiki_server.request_count == requests
    for entity in second["entities"]:
        background = entity["background"]
        assert background["status"] == backgrounds[entity["name"]]["status"]
        assert background.get("title") == backgrounds[entity["name"]].get("title")
        assert "cached_at" in background


def test_with_every_type_each_entity_has_a_background(wiki_server, tmp_path):
    # Dates and numbers had no "background" key, which DESIGN §4 gives every entity with
    # --lookup: they have no page, and ask for none.
    env = {"READER_WIKI_API": wiki_server.url, "READER_CACHE_DIR": str(tmp_path / "cache")}
    args = ["entities", SAMPLE, "--json", "--lookup", "--all-types"]
    payload = assert_sane_json(run_reader(args, env=env))
    dates = [e for e in payload["entities"] if e["label"] in ("DATE", "CARDINAL")]
    assert dates and all(e["background"]["status"] == "not_found" for e in dates)
    assert all("background" in e for e in payload["entities"])


def test_prefetch_then_cache_info_and_clear(wiki_server, tmp_path):
    env = {"READER_WIKI_API": wiki_server.url, "READER_CACHE_DIR": str(tmp_path / "cache")}
    prefetch = run_reader(["prefetch", SAMPLE], env=env)
    assert prefetch.code == 0, prefetch
    assert "found" in prefetch.stdout and "requests" in prefetch.stdout
    info = run_reader(["cache", "info"], env=env)
    assert info.code == 0 and str(tmp_path / "cache") in info.stdout
    entries = int(info.stdout.split("entries:")[1].split()[0])
    assert entries > 0
    cleared = run_reader(["cache", "clear"], env=env)
    assert cleared.code == 0 and f"Removed {entries}" in cleared.stdout
    after = run_reader(["cache", "info"], env=env)
    assert "entries: 0" in after.stdout


def test_prefetch_several_articles_one_line_each_and_an_unreadable_one_said(wiki_server, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("Benjamin Netanyahu met Joe Biden in Washington on Monday.\n")
    env = {"READER_WIKI_API": wiki_server.url, "READER_CACHE_DIR": str(tmp_path / "cache")}
    missing = str(tmp_path / "missing.txt")
    prefetch = run_reader(["prefetch", SAMPLE, str(other), missing], env=env)
    assert prefetch.code == 2, prefetch  # one could not be read; the others were looked up
    lines = prefetch.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [SAMPLE, str(other)]
    assert all(re.search(r": \d+ entities: \d+ found.* \(\d+ requests\)$", x) for x in lines)
    assert "missing.txt" in prefetch.stderr and "Traceback" not in prefetch.stderr
    again = run_reader(["prefetch", str(other)], env=env)  # cached: no request
    assert again.code == 0 and again.stdout.endswith("(0 requests)\n"), again


def test_lookup_survives_a_failing_and_rate_limiting_server(wiki_server, tmp_path):
    wiki_server.faults.fail_every = 3
    wiki_server.faults.rate_limit_every = 5
    env = {"READER_WIKI_API": wiki_server.url, "READER_CACHE_DIR": str(tmp_path / "cache")}
    faulty = run_reader(["entities", SAMPLE, "--json", "--lookup"], env=env, timeout=120)
    assert_sane_json(faulty)
    wiki_server.faults.fail_every = wiki_server.faults.rate_limit_every = 0
    healthy = assert_sane_json(run_reader(["entities", SAMPLE, "--json", "--lookup"], env=env))
    statuses = {e["name"]: e["background"]["status"] for e in healthy["entities"]}
    assert "error" not in statuses.values(), json.dumps(statuses)
    assert statuses["Benjamin Netanyahu"] == "found"


def test_many_sources_give_json_lines_in_order(tmp_path, wiki_server):
    """Several SOURCEs: one process, one compact JSON object per line, in the order given;
    an unreadable one is a line on stderr and exit code 2, the others still printed."""
    second = tmp_path / "second.txt"
    second.write_text("Angela Merkel met Emmanuel Macron in Paris. Merkel spoke first.\n")
    env = {"READER_WIKI_API": wiki_server.url, "READER_CACHE_DIR": str(tmp_path / "cache")}
    ended = run_reader(
        ["entities", SAMPLE, str(tmp_path / "missing.txt"), str(second), "--json", "--lookup"],
        env=env,
    )
    assert ended.code == 2 and ended.stderr.count("\n") == 1 and "missing.txt" in ended.stderr
    lines = ended.stdout.splitlines()
    assert len(lines) == 2
    first, last = map(json.loads, lines)
    # Alone, with the lookups (from the cache now): names on one page join the same way.
    alone = assert_sane_json(run_reader(["entities", SAMPLE, "--json", "--lookup"], env=env))
    assert {k: v for k, v in first.items() if k != "entities"} == {
        k: v for k, v in alone.items() if k != "entities"
    }
    assert [e.pop("background") and e for e in first["entities"]] == [
        e.pop("background") and e for e in alone["entities"]
    ]
    assert last["source"] == str(second)
    merkel = next(e for e in last["entities"] if e["name"] == "Angela Merkel")
    assert [m["text"] for m in merkel["mentions"]] == ["Angela Merkel", "Merkel"]
    assert "background" in merkel
    table = run_reader(["entities", SAMPLE, str(second)])
    assert table.code == 0 and table.stdout.count("\n== ") + table.stdout.startswith("== ") == 2


def test_a_page_choice_shows_in_entities_json_and_outlives_cache_clear(wiki_server, tmp_path):
    from reader.config import Settings
    from reader.lookup import LookupService
    from reader.models import Entity

    cache_dir = tmp_path / "cache"
    env = {"READER_WIKI_API": wiki_server.url, "READER_CACHE_DIR": str(cache_dir)}
    first = assert_sane_json(run_reader(["entities", SAMPLE, "--json", "--lookup"], env=env))
    gaza = next(e for e in first["entities"] if e["name"] == "Gaza")
    assert gaza["background"]["title"] == "Gaza Strip"
    lookups = LookupService(Settings(wiki_api=wiki_server.url, cache_dir=cache_dir))
    text = Path(SAMPLE).read_text(encoding="utf-8")
    assert lookups.choose(Entity.from_json(gaza), "Gaza City", text).chosen_by == "reader"
    lookups.close()
    other = tmp_path / "other.txt"
    other.write_text("Rockets were fired from Gaza on Monday, officials said.\n")
    run_reader(["cache", "clear"], env=env)
    for source, title, chosen in ((SAMPLE, "Gaza City", "reader"), (str(other), None, None)):
        payload = assert_sane_json(run_reader(["entities", source, "--json", "--lookup"], env=env))
        background = next(e for e in payload["entities"] if e["name"] == "Gaza")["background"]
        assert background.get("chosen_by") == chosen, source
        if title:
            assert background["title"] == title
    listed = json.loads(run_reader(["choices", "list", "--json"], env=env).stdout)
    assert [c["title"] for c in listed["choices"]] == ["Gaza City"]


def test_a_split_and_a_merge_show_in_entities_json_for_their_article_only(tmp_path):
    from reader.corrections import CorrectionStore, article_key, merge, split
    from reader.models import Entity

    cache_dir = tmp_path / "cache"
    env = {"READER_CACHE_DIR": str(cache_dir)}
    first = assert_sane_json(run_reader(["entities", SAMPLE, "--json"], env=env))
    found = {e["name"]: Entity.from_json(e) for e in first["entities"]}
    text = Path(SAMPLE).read_text(encoding="utf-8")
    store = CorrectionStore(cache_dir, pytest.fail)
    netanyahu = found["Benjamin Netanyahu"]
    store.add(split(article_key(text), netanyahu, netanyahu.mentions[1:]))
    store.add(merge(article_key(text), found["Iran"], found["Islamic Republic"]))
    other = tmp_path / "other.txt"
    other.write_text(text + "\nIran said so.\n", encoding="utf-8")
    run_reader(["cache", "clear"], env=env)  # keeps them

    payload = assert_sane_json(run_reader(["entities", SAMPLE, "--json"], env=env))
    corrected = {e["name"]: e for e in payload["entities"]}
    assert [m["text"] for m in corrected["Benjamin Netanyahu"]["mentions"]] == [
        "Benjamin Netanyahu"
    ]
    assert [(m["text"], m["reason"]) for m in corrected["Netanyahu"]["mentions"]] == [
        ("Netanyahu", "your correction")
    ]
    assert "Iran" not in corrected
    merged = corrected["Islamic Republic"]
    iran = found["Iran"]
    assert len(merged["mentions"]) == len(iran.mentions) + 1
    assert {m["reason"] for m in merged["mentions"] if m["text"] == "Iran"} == {"your correction"}
    starts = [e["mentions"][0]["start"] for e in payload["entities"]]
    assert starts == sorted(starts)

    elsewhere = assert_sane_json(run_reader(["entities", str(other), "--json"], env=env))
    names = {e["name"]: e for e in elsewhere["entities"]}
    assert "Iran" in names and "Netanyahu" not in names
    assert len(names["Benjamin Netanyahu"]["mentions"]) == 2

    listed = json.loads(run_reader(["choices", "list", "--json"], env=env).stdout)
    assert [c["kind"] for c in listed["corrections"]] == ["split", "merge"]
    table = run_reader(["choices", "list"], env=env).stdout
    assert "Netanyahu split from Benjamin Netanyahu" in table
    assert "Iran merged with Islamic Republic" in table
    assert "Forgot 2 corrections" in run_reader(["choices", "clear"], env=env).stdout
    again = assert_sane_json(run_reader(["entities", SAMPLE, "--json"], env=env))
    assert [e["name"] for e in again["entities"]] == [e["name"] for e in first["entities"]]
