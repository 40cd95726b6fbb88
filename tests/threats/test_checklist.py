"""THREATS.md §7, case by case: each of the 51 checklist cases is tested here or elsewhere.

A test written here carries ``@case(N)``; a case that an existing test already
covers fully is listed in :data:`COVERED_ELSEWHERE` with that test's node id.
:func:`test_every_checklist_case_has_a_test` keeps the two honest: every number
from 1 to 51 appears, and every referenced test exists.

Cases 52 and on are what an independent probe broke beyond the checklist (issue 13,
"Hardening, round two"); :data:`PROBE_CASES` names their tests, each of which failed
before its fix.

Hostile inputs are generated here; nothing binary is checked in.
"""

from __future__ import annotations

import importlib
import os
import re
import resource
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from reader.documents import MAX_INPUT_BYTES, load_document
from reader.errors import UsageError
from reader.models import Background, Document, Entity, Mention
from reader.sanitize import is_clean, sanitize
from reader.ui.app import ReaderApp
from reader.ui.messages import AnalysisFailed, BackgroundReady
from tests.threats.cli import READER, assert_refused, assert_sane_json, run_reader

ROOT = Path(__file__).resolve().parents[2]
CHECKLIST_SIZE = 51

COVERED_ELSEWHERE: dict[int, str | tuple[str, ...]] = {
    1: "tests/ui/test_untrusted_text.py::"
    "test_markup_in_the_article_shows_literally_and_runs_nothing",
    12: (
        "tests/unit/test_documents.py::test_html_raw_escape_bytes_never_survive",
        "tests/unit/test_documents.py::test_html_article_body_title_and_date",
        "tests/unit/test_documents.py::test_markdown_entities_decoded_once_then_sanitised",
        "tests/unit/test_lookup_client.py::test_hostile_page_is_sanitised",
    ),
    15: "tests/unit/test_decode.py::test_unicode_with_or_without_bom_decodes_exactly",
    16: (
        "tests/unit/test_decode.py::test_legacy_text_falls_back_to_cp1252_with_a_notice",
        "tests/unit/test_documents.py::test_cp1252_is_guessed_with_a_notice_and_encoding_overrides",
    ),
    17: "tests/unit/test_decode.py::test_invalid_utf8_mid_file_is_replaced_with_a_notice",
    18: (
        "tests/unit/test_decode.py::test_binary_is_refused",
        "tests/threats/test_cli_battery.py::test_refused_inputs_end_in_one_line",
    ),
    19: "tests/unit/test_documents.py::test_nuls_in_utf8_show_as_control_pictures",
    20: (
        "tests/unit/test_documents.py::test_boms_and_line_endings",
        "tests/unit/test_decode.py::test_line_endings_become_lf",
    ),
    25: "tests/unit/test_documents.py::test_html_article_body_title_and_date",
    26: (
        "tests/e2e/test_terminal_safety.py::test_article_on_stdin_then_keys_from_the_terminal",
        "tests/e2e/test_terminal_safety.py::test_stdin_without_a_terminal_fails_clearly",
    ),
    27: (
        "tests/unit/test_documents.py::test_unsupported_schemes_are_refused",
        "tests/unit/test_url_fetch.py::test_redirect_to_another_scheme_is_refused",
        "tests/unit/test_url_fetch.py::test_private_address_policy",
        "tests/unit/test_url_fetch.py::test_gzip_bomb_stops_at_the_cap_with_bounded_memory",
        "tests/unit/test_url_fetch.py::test_slow_drip_is_stopped_by_the_deadline",
        "tests/unit/test_url_fetch.py::test_non_text_content_type_is_refused",
    ),
    28: (
        "tests/ui/test_panel_backgrounds.py::test_error_then_retry",
        "tests/ui/test_panel_backgrounds.py::test_loading_shows_a_spinner_and_reading_goes_on",
        "tests/unit/test_lookup_service.py::test_refused_connection_is_an_error",
        "tests/unit/test_lookup_client.py::test_a_slow_server_times_out",
    ),
    29: (
        "tests/unit/test_lookup_client.py::test_retry_after_is_parsed_safely_and_capped",
        "tests/unit/test_lookup_client.py::test_retry_after_http_date_is_capped",
        "tests/unit/test_lookup_client.py::test_rate_limit_waits_are_capped",
    ),
    30: "tests/unit/test_lookup_client.py::"
    "test_server_errors_are_retried_a_bounded_number_of_times",
    31: "tests/unit/test_lookup_client.py::test_forbidden_and_not_found_are_not_retried",
    32: (
        "tests/unit/test_lookup_client.py::test_malformed_replies_raise_the_library_error",
        "tests/unit/test_lookup_client.py::test_maxlag_is_retried_later",
        "tests/unit/test_lookup_service.py::test_faults_end_in_the_error_state_and_are_not_cached",
    ),
    33: (
        "tests/unit/test_lookup_client.py::test_redirects_missing_and_disambiguation",
        "tests/ui/test_panel_backgrounds.py::test_not_found",
        "tests/unit/test_cache_hardening.py::test_time_to_live_by_status",
    ),
    34: "tests/ui/test_panel_backgrounds.py::test_ambiguous_then_choose_a_page_which_is_remembered",
    35: "tests/unit/test_lookup_client.py::test_redirects_missing_and_disambiguation",
    36: (
        "tests/unit/test_lookup_service.py::test_hostile_page_reaches_the_background_sanitised",
        "tests/unit/test_lookup_service.py::test_summaries_are_capped",
        "tests/ui/test_panel_backgrounds.py::test_hostile_page_is_shown_literally",
    ),
    38: (
        "tests/unit/test_lookup_client.py::test_user_agent_names_reader_version_and_project",
        "tests/unit/test_lookup_client.py::test_requests_in_flight_are_bounded",
        "tests/unit/test_lookup_service.py::test_duplicates_and_dates_are_not_fetched",
        "tests/unit/test_lookup_service.py::test_concurrent_lookups_of_one_entity_fetch_once",
    ),
    39: (
        "tests/unit/test_lookup_client.py::test_close_wakes_a_thread_sleeping_in_retry_after",
        "tests/unit/test_lookup_service.py::test_close_aborts_a_lookup_waiting_on_retry_after",
    ),
    40: (
        "tests/unit/test_cache_hardening.py::test_directory_is_created_private",
        "tests/unit/test_cache_hardening.py::test_unsafe_directories_are_refused_with_one_warning",
    ),
    41: "tests/unit/test_cache_hardening.py::test_tampered_pickle_row_runs_no_code",
    42: "tests/unit/test_cache_hardening.py::test_replaced_value_file_is_a_miss_not_code",
    43: "tests/unit/test_cache_hardening.py::"
    "test_file_names_outside_the_directory_are_neither_read_nor_deleted",
    44: "tests/unit/test_cache_hardening.py::test_values_of_the_wrong_shape_are_refetched",
    45: (
        "tests/unit/test_cache_hardening.py::test_a_corrupt_database_warns_once_and_lookups_go_on",
        "tests/threats/test_cli_battery.py::test_corrupt_cache_warns_once_and_finishes",
    ),
    46: "tests/unit/test_cache_hardening.py::test_an_empty_database_file_is_a_fresh_cache",
    47: "tests/unit/test_cache_hardening.py::"
    "test_a_read_only_database_runs_uncached_with_one_warning",
    48: "tests/unit/test_cache_hardening.py::test_a_full_disk_keeps_results_in_memory",
    49: (
        "tests/unit/test_cache_hardening.py::test_two_processes_share_a_cache",
        "tests/unit/test_cache_hardening.py::test_lock_contention_is_a_miss_not_a_hang",
    ),
    50: "tests/unit/test_cache_hardening.py::test_keys_are_normalised_and_long_ones_hashed",
}
"""Checklist number -> the existing test(s) that cover it fully."""

PROBE_CASES: dict[int, str | tuple[str, ...]] = {
    52: "tests/unit/test_worker_lifetime.py::"
    "test_files_in_the_working_directory_are_never_imported",
    53: (
        "tests/unit/test_lookup_client.py::test_compression_bombs_are_refused_with_bounded_memory",
        "tests/unit/test_lookup_client.py::"
        "test_stacked_or_unknown_encodings_raise_the_library_error",
        "tests/unit/test_hostile_servers.py::test_a_stacked_encoding_reply_ends_in_the_error_state",
        "tests/unit/test_url_fetch.py::test_stacked_encodings_are_refused",
    ),
    54: (
        "tests/unit/test_worker_lifetime.py::test_the_worker_and_its_helpers_die_with_the_app",
        "tests/e2e/test_process_lifetime.py::test_a_signal_ends_the_app_cleanly",
        "tests/e2e/test_process_lifetime.py::test_nothing_outlives_a_killed_app_or_a_closed_pane",
    ),
    55: (
        "tests/unit/test_document_limits.py::test_epub_bomb_is_refused_before_it_unpacks",
        "tests/unit/test_document_limits.py::"
        "test_epub_member_lying_about_its_size_is_read_in_bounded_steps",
        "tests/unit/test_document_limits.py::test_epub_with_too_many_members_is_refused",
        "tests/unit/test_document_limits.py::"
        "test_epub_members_compressed_with_bzip2_or_lzma_are_refused",
        "tests/unit/test_document_limits.py::test_ten_megabytes_of_tiny_html_paragraphs",
        "tests/unit/test_document_limits.py::test_ten_megabytes_of_tiny_markdown_paragraphs",
        "tests/threats/test_cli_battery.py::test_refused_inputs_end_in_one_line",
        "tests/unit/test_pipeline.py::test_batches_are_bounded_in_characters_whatever_the_line_breaks",
        "tests/unit/test_worker.py::test_the_worker_stays_small_on_a_long_text_without_line_breaks",
    ),
    56: (
        "tests/unit/test_lookup_client.py::"
        "test_headers_dripping_a_byte_at_a_time_are_cut_by_the_request_deadline",
        "tests/unit/test_lookup_client.py::test_a_request_never_outlives_the_call_deadline",
        "tests/unit/test_hostile_servers.py::"
        "test_prefetch_against_dripping_headers_ends_within_the_default_deadlines",
    ),
    57: (
        "tests/unit/test_url_fetch.py::test_legacy_ipv4_spellings_are_private",
        "tests/unit/test_url_fetch.py::"
        "test_a_public_page_may_not_redirect_to_any_spelling_of_a_private_address",
    ),
    58: (
        "tests/unit/test_cache_hardening.py::"
        "test_a_foreign_disk_setting_degrades_to_memory_with_one_warning",
        "tests/threats/test_cli_battery.py::"
        "test_prefetch_and_cache_commands_survive_a_foreign_setting",
    ),
    59: (
        "tests/unit/test_decode.py::test_unusable_encoding_from_the_user_is_a_usage_error",
        "tests/unit/test_decode.py::test_unusable_declared_charset_falls_back_to_detection",
        "tests/unit/test_documents.py::test_html_unusable_meta_charset_falls_back_to_detection",
        "tests/threats/test_cli_battery.py::test_shown_inputs_give_sane_json",
    ),
    60: "tests/unit/test_cache_hardening.py::test_value_files_must_be_small_regular_files",
    61: (
        "tests/unit/test_cache_hardening.py::test_a_read_only_cache_still_serves_its_entries",
        "tests/unit/test_cache_hardening.py::test_cache_info_reports_what_it_cannot_read",
        "tests/threats/test_cli_battery.py::"
        "test_cache_clear_while_another_process_writes_deletes_nothing",
        "tests/threats/test_cli_battery.py::test_cache_commands_on_a_read_only_file_system",
    ),
    62: (
        "tests/unit/test_cache_hardening.py::"
        "test_an_existing_open_directory_and_database_are_made_private",
        "tests/unit/test_cache_hardening.py::test_new_cache_files_are_never_readable_by_others",
        "tests/unit/test_url_fetch.py::test_credentials_never_reach_the_document",
        "tests/unit/test_url_fetch.py::test_credentials_never_reach_error_messages",
        "tests/unit/test_hostile_servers.py::test_credentials_never_reach_the_json_output",
        "tests/unit/test_hostile_servers.py::test_credentials_never_reach_the_wiki_api_usage_error",
    ),
}
"""Probe case -> its test(s): 52 worker runs code from the working directory, 53 stacked
compression in wiki replies, 54 orphans and a broken terminal, 55 memory on large inputs,
56 slow headers past the wiki deadline, 57 private-address redirect bypass, 58 a foreign
diskcache setting, 59 codec names, 60 FIFOs and sparse files in the cache, 61 ``cache
clear|info`` edge cases, 62 privacy (cache modes, credentials in URLs)."""
PROBE_RANGE = range(52, 63)

F = TypeVar("F", bound=Callable[..., object])


def case(*numbers: int) -> Callable[[F], F]:
    """Mark a test as covering THREATS.md §7 checklist case(s) ``numbers``."""

    def mark(test: F) -> F:
        test.checklist = numbers  # type: ignore[attr-defined]
        return test

    return mark


# --------------------------------------------------------------------------- helpers


def _document(lines: list[str], title: str = "Hostile") -> tuple[Document, list[Entity]]:
    text = sanitize("\n\n".join(lines))
    return Document(text, title, "-"), []


def _screen_lines(app: ReaderApp) -> list[str]:
    """The article's visible lines, as plain text."""
    article = app.screen.article
    return [article.render_line(y).text.strip() for y in range(article.size.height)]


def _toasts(app: ReaderApp) -> list[str]:
    from textual.widgets._toast import Toast

    return [str(toast.render()) for toast in app.screen.query(Toast)]


class BrowserSpy(ReaderApp):
    """The app with the browser replaced by a list of the URLs it was asked to open."""

    CSS_PATH = ROOT / "reader" / "ui" / ReaderApp.CSS_PATH

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.opened: list[str] = []

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)

    def browser_available(self) -> bool:
        return True


async def _click_along(app: ReaderApp, pilot, rows: list[int]) -> None:
    """Click a row's text at its start, quarters and end (where a hidden link would be)."""
    article = app.screen.article
    pad = article._left_pad()
    for y in rows:
        width = len(article.render_line(y).text.strip())
        for x in sorted({0, 1, width // 4, width // 2, 3 * width // 4, width - 1}):
            await pilot.click("#article", offset=(pad + x, y))
            if not app.is_running:
                return


# --------------------------------------------------------------------------- markup


@case(2)
async def test_click_actions_in_the_article_run_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where app.screenshot('pwned.svg', '.') would write
    quit_line = "[@click=app.quit]Click to read more[/]"
    shot_line = "[@click=app.screenshot('pwned.svg','.')]>>> read on <<<[/]"
    bell_line = "[@click=app.bell]x[/] [@click=screen.toggle_outline]y[/] [@click=app.help]z[/]"
    document, entities = _document(["Clicks", quit_line, shot_line, bell_line])
    app = BrowserSpy(document, entities=entities)
    async with app.run_test(size=(120, 20)) as pilot:
        lines = _screen_lines(app)
        rows = [lines.index(line) for line in (quit_line, shot_line, bell_line)]
        stack = len(app.screen_stack)
        await _click_along(app, pilot, rows)
        await pilot.pause()
        assert app.is_running
        assert not app.screen.reading.show_outline  # screen.toggle_outline did not run
        assert len(app.screen_stack) == stack  # app.help pushed no screen
        assert _screen_lines(app)[rows[0]] == quit_line
    assert not list(tmp_path.iterdir())  # app.screenshot wrote nothing
    assert app.opened == []


TOKENS = [
    "[citation needed]",
    "see [x]",
    "C[n]",
    "price [USD] $5",
    "[$accent]x",
    "[#]",
    "array[0] = d[key]",
    "Tom [/] Jerry",
    "[/bold] and [bold",
    "[link='https://evil.example']spoofed[/link]",
    "[b]bold?[/b] [red on blue]colour?[/]",
    "a trailing backslash \\",
]


@case(3)
async def test_markup_tokens_are_shown_exactly():
    document, entities = _document(["Tokens", *TOKENS])
    app = ReaderApp(document, entities=entities)
    async with app.run_test(size=(100, 40)):
        shown = [line for line in _screen_lines(app) if line]
        assert shown[1:] == TOKENS
        assert app.is_running


HOSTILE = "Evil [/] [@click=app.quit]x[/] \x1b]0;PWN\x07 \u202eexe"


@case(4)
async def test_hostile_wikipedia_text_in_panel_title_and_choices(
    tmp_path, tmp_path_factory, wiki_server
):
    from reader.config import load_settings
    from reader.lookup.service import LookupService
    from reader.ui.screens.chooser import PageChooser
    from wikifixture import HOSTILE_TITLE

    text = "Hostile was in the news. Hostile again."
    mentions = (Mention(0, 7, "Hostile"), Mention(25, 32, "Hostile"))
    entity = Entity("hostile", "Hostile", "ORG", ("Hostile",), mentions)
    document = Document(text, sanitize(HOSTILE), "-")
    clean = sanitize(HOSTILE)
    background = Background(
        "ambiguous", title=clean, description=clean, summary=clean, candidates=(clean, "[/]")
    )
    cache_dir = tmp_path_factory.mktemp("cache")
    lookup = LookupService(load_settings(wiki_api=wiki_server.url, cache_dir=cache_dir))
    app = BrowserSpy(document, entities=[entity], lookup=lookup)
    async with app.run_test(size=(140, 30), notifications=True, tooltips=True) as pilot:
        await pilot.press("tab", "enter")
        await app.workers.wait_for_complete()  # the real lookup first, then the hostile one
        app.screen.post_message(BackgroundReady(entity.id, background))
        await pilot.pause()
        shown = str(app.screen.query_one("#background-text").render())
        assert clean in shown and "[/]" in shown
        await pilot.press("c")  # the chooser, whose search finds a hostile page
        await pilot.pause()
        chooser = app.screen
        assert isinstance(chooser, PageChooser)
        await pilot.press(*"Evil page")
        for _ in range(300):  # a hang guard: the answer comes at once
            if chooser.answer is not None and chooser.answer.query == "Evil page":
                break
            await pilot.pause(0.02)
        from textual.widgets import OptionList

        options = chooser.query_one(OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(HOSTILE_TITLE in prompt for prompt in prompts)
        assert all(is_clean(prompt) for prompt in prompts)
        await pilot.press("escape")
        app.notify(clean, title=clean, markup=False)
        await pilot.pause()
        assert app.is_running
    assert app.title == clean and "\x1b" not in app.title
    assert not list(tmp_path.iterdir())


@case(5)
async def test_notifications_with_markup_in_them_do_not_crash():
    document, entities = _document(["Notices", "Some text."])
    notice = "cache [/] at /tmp/[@click=app.quit]x[/] is not usable"
    app = ReaderApp(document, entities=entities, notices=[notice])
    async with app.run_test(size=(120, 30), notifications=True, tooltips=True) as pilot:
        await pilot.pause()
        app.screen.post_message(AnalysisFailed("model [/bold] broke [@click=app.quit]x[/]"))
        await pilot.pause(0.2)
        toasts = "\n".join(_toasts(app))
        assert app.is_running
        assert "[/]" in toasts and "[@click=app.quit]x[/]" in toasts
        assert "[/bold]" in toasts


@case(6)
async def test_links_open_nothing_and_only_http_pages_open_on_request(tmp_path):
    source = tmp_path / "links.md"
    source.write_text(
        "# Links\n\nSee [site](https://evil.example/login), [js](javascript:alert(1)), "
        "[msdt](ms-msdt:/id%20PCW), [f](file:///etc/passwd) and <https://auto.example/x>.\n"
    )
    document = load_document(str(source))
    assert "https://evil.example/login" in document.text  # the real target is visible
    assert "https://auto.example/x" in document.text
    assert "ms-msdt:" not in document.text or "[msdt](ms-msdt:" in document.text
    mentions = (Mention(0, 5, "Links"),)
    entity = Entity("links", "Links", "ORG", ("Links",), mentions)
    app = BrowserSpy(document, entities=[entity])
    async with app.run_test(size=(160, 20)) as pilot:
        rows = [i for i, line in enumerate(_screen_lines(app)) if "site" in line]
        await _click_along(app, pilot, rows)
        assert app.opened == []  # clicking a link in the text opens nothing
        await pilot.press("home", "tab", "enter")
        for url in ("javascript:alert(1)", "file:///etc/passwd", "ms-msdt:/id"):
            app.screen.post_message(BackgroundReady(entity.id, Background("found", url=url)))
            await pilot.pause()
            await pilot.press("b")
        assert app.opened == []
        page = "https://en.wikipedia.org/wiki/Links"
        app.screen.post_message(BackgroundReady(entity.id, Background("found", url=page)))
        await pilot.pause()
        await pilot.press("b")
        assert app.opened == [page]


# --------------------------------------------------------------------------- terminal bytes

PTY_PAYLOADS: dict[str, tuple[int, bytes]] = {
    "osc8 inside link markup": (7, b"[link='https://ok/\x1b]0;LINKPWN\x07']t[/link]"),
    "osc8 raw": (7, b"\x1b]8;;https://evil.example\x1b\\OSC8TEXT\x1b]8;;\x1b\\"),
    "csi clear": (8, b"\x1b[2J"),
    "csi sgr": (8, b"\x1b[31mSGRMARK"),
    "csi up": (8, b"\x1b[1A"),
    "osc0 bel": (8, b"\x1b]0;TITLEPWN\x07"),
    "osc2 st": (8, b"\x1b]2;TITLEPWN2\x1b\\"),
    "osc52 bel": (8, b"\x1b]52;c;UFdORUQ=\x07"),
    "dcs": (8, b"\x1bPqSIXEL\x1b\\"),
    "apc": (8, b"\x1b_Gkitty\x1b\\"),
    "pm": (8, b"\x1b^privacy\x1b\\"),
    "sos": (8, b"\x1bXstring\x1b\\"),
    "c1 csi": (9, "\u009b2J".encode()),
    "c1 osc": (9, "\u009d0;C1TITLE\u009c".encode()),
    "c1 dcs": (9, "\u0090qC1DCS\u009c".encode()),
    "nul": (10, b"A\x00B"),
    "bel bs vt ff": (10, b"C\x07\x08\x0b\x0cD"),
    "so si del": (10, b"E\x0e\x0f\x7fF"),
    "bare cr": (10, b"OVERWRITTEN\rGHOST"),
    "bidi": (
        11,
        "\u202egnp.exe \u2066iso\u2069 \u200eltr\u200f \u061calm \u202aemb\u202c".encode(),
    ),
}
"""Payloads for one real run of ``reader`` in a pseudo-terminal: name -> (case, bytes)."""

VISIBLE = {
    "osc0 bel": "␛]0;TITLEPWN␇",
    "osc2 st": "␛]2;TITLEPWN2␛\\",
    "osc8 inside link markup": "[link='https://ok/␛]0;LINKPWN␇']t[/link]",
    "csi sgr": "␛[31mSGRMARK",
    "nul": "A␀B",
    "bel bs vt ff": "C␇␈␋␌D",
    "so si del": "E␎␏␡F",
}
"""Stand-ins the terminal must receive instead (visible, one for one)."""

_APP_SEQUENCE = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\]22;[a-z-]*\x07")
"""What Textual itself writes: CSI sequences, and OSC 22 (pointer shape) ended by BEL."""


@pytest.fixture(scope="module")
def pty_output(tmp_path_factory) -> bytes:
    """Bytes the real ``reader`` wrote to a pty for an article holding every payload.

    The file name itself is hostile too: it is shown in the header.
    """
    from tests.e2e.test_terminal_safety import _run_in_pty, pty_env

    directory = tmp_path_factory.mktemp("pty")
    body = b"\n".join(f"{name}: ".encode() + payload for name, (_, payload) in PTY_PAYLOADS.items())
    article = b"Hostile article\n\nAngela Merkel met Emmanuel Macron in Berlin.\n\n" + body + b"\n"
    path = os.path.join(os.fsencode(directory), b"name\x1b]0;FILEPWN\x07\xff.txt")
    with open(path, "wb") as file:
        file.write(article)
    env = pty_env(directory)
    output, code = _run_in_pty(
        [str(READER), os.fsdecode(path)], env, [b"\t", b"\r", b"\x1b", b"\t"]
    )
    assert code == 0, output[-2000:]
    assert b"Merkel" in output
    return output


def _raw_payloads(numbers: set[int]) -> dict[str, bytes]:
    return {name: data for name, (number, data) in PTY_PAYLOADS.items() if number in numbers}


@pytest.mark.e2e
@pytest.mark.model
@case(7, 8, 9, 10, 11, 13)
@pytest.mark.parametrize("number", [7, 8, 9, 10, 11, 13], ids=lambda n: f"case-{n}")
def test_no_payload_reaches_the_terminal(pty_output: bytes, number: int):
    output = pty_output
    for name, payload in _raw_payloads({number}).items():
        if name not in ("nul", "bare cr"):
            assert payload not in output, name
    if number in (7, 8):
        leftover = _APP_SEQUENCE.sub(b"", output)
        assert b"\x1b" not in leftover, leftover[leftover.index(b"\x1b") - 40 :][:120]
        for marker in (b"LINKPWN", b"TITLEPWN", b"FILEPWN", b"OSC8TEXT", b"SIXEL"):
            for found in re.finditer(re.escape(marker), output):
                # Only ever shown as text after a stand-in, never inside a live sequence.
                assert b"\x1b]" not in output[max(0, found.start() - 30) : found.start()], marker
        for name, shown in VISIBLE.items():
            if PTY_PAYLOADS[name][0] == number:
                assert shown.encode() in output, name
    if number == 9:
        text = output.decode("utf-8", errors="replace")
        assert not re.search("[\u0080-\u009f]", text)
        assert b"C1TITLE" in output and b"C1DCS" in output  # shown, after a U+FFFD
    if number == 10:
        c0 = {byte for byte in output if byte < 0x20 or byte == 0x7F}
        assert c0 <= {0x1B, 0x0D, 0x0A, 0x07}, c0
        assert output.count(b"\x07") == len(re.findall(rb"\x1b\]22;[a-z-]*\x07", output))
        assert output.count(b"\r") == output.count(b"\n")  # every CR is the tty's CRLF
        for name in ("nul", "bel bs vt ff", "so si del"):
            assert VISIBLE[name].encode() in output, name
        assert b"GHOST" in output and b"OVERWRITTEN" in output
    if number == 11:
        text = output.decode("utf-8", errors="replace")
        for char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c":
            assert char not in text, hex(ord(char))
    if number == 13:
        text = output.decode("utf-8", errors="strict")  # valid UTF-8: nothing unencodable leaked
        assert "\udcff" not in text and "\\udcff" not in text
        assert "FILEPWN␇\ufffd.txt" in text  # the file name's stray byte, shown as U+FFFD


@pytest.mark.model
@case(11)
def test_bidi_in_names_keeps_offsets():
    from reader.nlp.pipeline import analyse

    raw = (
        "Angela Merkel met Emmanuel \u202eMacron in Berlin on Monday. "
        "Later \u2066Olaf Scholz\u2069 spoke with Merkel and Macron in Paris."
    )
    text = sanitize(raw)
    assert len(text) == len(raw) and is_clean(text)
    entities = analyse(text)
    assert {"Angela Merkel", "Berlin"} <= {entity.name for entity in entities}
    for entity in entities:
        assert is_clean(entity.name)
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text


@case(13)
def test_lone_surrogates_become_replacement_characters():
    raw = "a\udcff b\ud800 c"
    text = sanitize(raw)
    assert text == "a\ufffd b\ufffd c"
    text.encode("utf-8")  # no UnicodeEncodeError on the way to the terminal


# --------------------------------------------------------------------------- input


@case(14)
@pytest.mark.parametrize(
    ("args", "stdin"),
    [(("entities", "EMPTY"), None), (("EMPTY",), None), (("BLANK",), None), (("-",), b" \n\t\n")],
    ids=["entities-empty-file", "app-empty-file", "app-blank-file", "app-blank-stdin"],
)
def test_empty_input_is_a_friendly_refusal_before_any_nlp(tmp_path, args, stdin):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \r\n\t \n")
    names = {"EMPTY": str(tmp_path / "empty.txt"), "BLANK": str(tmp_path / "blank.txt")}
    # A model that does not exist: had the NLP started, the message would be about it.
    ended = run_reader(
        [names.get(arg, arg) for arg in args], stdin=stdin, env={"READER_MODEL": "no_such_model"}
    )
    assert_refused(ended, "empty")


@case(21)
@pytest.mark.parametrize("command", [["entities"], []], ids=["entities", "app"])
def test_a_100_mb_file_is_refused_quickly_in_bounded_memory(tmp_path, command):
    big = tmp_path / "huge.txt"
    with big.open("wb") as file:
        file.truncate(100 * 1024 * 1024)  # sparse: costs no disk
        file.seek(0)
        file.write(b"A very long story begins here.\n")
    process = subprocess.Popen(
        [str(READER), *command, str(big)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=30)  # the hang guard
    finally:
        process.kill()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert process.returncode == 2
    lines = stderr.decode().splitlines()
    assert len(lines) == 1 and "larger than 10 MB" in lines[0], lines
    assert usage.ru_maxrss < 500 * 1024  # KiB: the whole file was never read


@case(22)
async def test_a_single_huge_line_stays_responsive():
    """Shown, wrapped, and scrolled by keys; ``bench/huge_line.py`` measures how fast."""
    line = "word " * ((MAX_INPUT_BYTES - 1024) // 5)
    document = Document("Long line\n\n" + line, "Long line", "-")
    app = ReaderApp(document, entities=[])
    async with app.run_test(size=(100, 30)) as pilot:
        article = app.screen.article
        assert "Long line" in "\n".join(_screen_lines(app))
        await pilot.press("end")
        assert "Long line" not in "\n".join(_screen_lines(app))  # scrolled to the end
        assert "word word" in "\n".join(_screen_lines(app))
        await pilot.press("pagedown", "pagedown", "home")
        assert "Long line" in "\n".join(_screen_lines(app))  # and back
        assert article.size.height > 0


@pytest.mark.model
@case(23)
def test_text_over_max_length_streams_in_chunks_and_stops_on_close():
    from reader.nlp.stream import AnalysisStream

    paragraph = "Barack Obama visited Paris and met Angela Merkel there.\n\n"
    text = paragraph * (1_050_000 // len(paragraph) + 1)
    assert len(text) > 1_000_000  # spaCy's max_length
    stream = AnalysisStream()
    stream.feed(text)
    updates = []
    try:
        for update in stream:
            updates.append(update)
            if len(updates) == 2:
                break
    finally:
        stream.close()
    with pytest.raises(ProcessLookupError):  # the worker was stopped and reaped
        os.kill(stream.pid, 0)
    assert updates[0].done < updates[1].done < len(text)  # progress arrives in steps
    assert not updates[1].final
    assert {entity.name for entity in updates[1].entities} >= {"Barack Obama", "Angela Merkel"}
    assert all(
        text[m.start : m.end] in ("Barack Obama", "Obama", "Paris", "Angela Merkel", "Merkel")
        for entity in updates[1].entities
        for m in entity.mentions
    )


WIDE = [
    "漢字 and かな: 東京 met 北京 — 😀 👨‍👩‍👧 🇩🇪 ❤️ e\u0301",
    "Z̷̢̛͓̈́a̸̱̔l̵̰̒g̶̣̋o̷̠͐ text with zero\u200bwidth and joiner\u200d and tab\tend",
    "مرحبا بالعالم — עברית — हिन्दी क्षि",
]


@pytest.mark.model
@case(24)
async def test_wide_and_mixed_scripts_render_and_highlight_the_right_characters():
    from reader.nlp.pipeline import analyse

    text = sanitize(
        "Scripts\n\n" + "\n\n".join(WIDE) + "\n\n漢字 😀 Angela Merkel met Emmanuel Macron."
    )
    entities = analyse(text)
    merkel = next(entity for entity in entities if entity.name == "Angela Merkel")
    for entity in entities:
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.text
    app = ReaderApp(Document(text, "Scripts", "-"), entities=entities)
    async with app.run_test(size=(100, 30)) as pilot:
        shown = "\n".join(_screen_lines(app))
        for line in WIDE:
            assert line.replace("\t", " ") in shown
        while app.screen.article.cursor is None or app.screen.article.cursor.entity != merkel:
            await pilot.press("tab")
        article = app.screen.article
        row = next(i for i, line in enumerate(_screen_lines(app)) if "Angela Merkel" in line)
        segments = list(article.render_line(row))
        base = article.rich_style
        styled = "".join(segment.text for segment in segments if segment.style != base)
        assert "Angela Merkel" in styled and "漢字" not in styled
        await pilot.press("enter", "escape")
        assert app.is_running


# --------------------------------------------------------------------------- network


@case(37)
@pytest.mark.parametrize(
    "lang",
    ["evil.example#", "en/../", "", "x" * 13, "en.evil", "EN?", "en\x1b]0;x\x07", "en us"],
    ids=["hash", "dotdot", "empty", "long", "dot", "query", "escape", "space"],
)
def test_bad_language_codes_are_refused_before_any_request(wiki_server, lang):
    from reader.config import load_settings

    template = wiki_server.url.replace("/w/api.php", "/{lang}/w/api.php")
    with pytest.raises(UsageError) as refused:
        load_settings(wiki_api=template, lang=lang or " ")
    assert is_clean(str(refused.value)) and "\n" not in str(refused.value)
    if lang == "evil.example#":  # and the real command stops before anything runs
        ended = run_reader(["entities", "--lookup", "-", "--wiki-api", template, "--lang", lang],
                           stdin=b"Angela Merkel met Emmanuel Macron in Berlin.\n")  # fmt: skip
        assert_refused(ended, "invalid language code")
    assert wiki_server.request_count == 0
    assert load_settings(wiki_api=template, lang="zh-yue").api_url.endswith("/zh-yue/w/api.php")


# --------------------------------------------------------------------------- output paths


@case(51)
def test_everything_printed_outside_the_ui_is_sanitised(tmp_path):
    hostile = "Angela \x1b]0;PWN\x07Merkel met \x1b[2JEmmanuel Macron in \u202eBerlin."
    article = tmp_path / "a.txt"
    article.write_text(f"Story\n\n{hostile}\n")
    table = run_reader(["entities", str(article)])
    as_json = run_reader(["entities", "--json", str(article)])
    missing = run_reader(["entities", str(tmp_path / "gone\x1b]0;PWN\x07.txt")])
    url = run_reader(["entities", "http://127.0.0.1:9/\x1b]0;PWN\x07\u202e"])
    cache = run_reader(["cache", "info", "--cache-dir", str(tmp_path / "c\x1b[2J\u202e")])
    assert table.code == 0 and assert_sane_json(as_json)
    assert_refused(missing, "␛]0;PWN␇")
    assert_refused(url)
    assert cache.code == 0
    for ended in (table, as_json, missing, url, cache):
        for stream in (ended.stdout, ended.stderr):
            assert is_clean(stream), (ended, stream)
    assert "Macron" in table.stdout and "Macron" in as_json.stdout


# --------------------------------------------------------------------------- the walk itself


def _in_file_cases() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for name, value in globals().items():
        for number in getattr(value, "checklist", ()):
            found.setdefault(number, []).append(name)
    return found


def _node_exists(node_id: str) -> bool:
    path, *names = node_id.split("::")
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    target: object = module
    for name in names:
        target = getattr(target, name.split("[")[0], None)
        if target is None:
            return False
    return callable(target) and (ROOT / path).is_file()


def test_every_checklist_case_has_a_test():
    here = _in_file_cases()
    numbers = set(range(1, CHECKLIST_SIZE + 1))
    assert set(here) | set(COVERED_ELSEWHERE) == numbers
    assert set(here) <= numbers and set(COVERED_ELSEWHERE) <= numbers
    threats = ROOT.parent / "shared" / "THREATS.md"  # beside the checkout, when present
    if threats.is_file():
        text = threats.read_text(encoding="utf-8")
        checklist = text[text.index("## 7.") :]
        assert re.findall(r"^(\d+)\. ", checklist, re.M)[-1] == str(CHECKLIST_SIZE)
    _assert_tests_exist(COVERED_ELSEWHERE)


def test_every_probe_case_has_a_test():
    assert set(PROBE_CASES) == set(PROBE_RANGE)
    _assert_tests_exist(PROBE_CASES)


def _assert_tests_exist(cases: dict[int, str | tuple[str, ...]]) -> None:
    for number, nodes in cases.items():
        for node in (nodes,) if isinstance(nodes, str) else nodes:
            assert _node_exists(node), f"case {number}: {node} does not exist"
