"""The main screen's keys, in footer order; the help screen lists them with the app's.

tab, shift+tab, enter and escape are a contract (DESIGN.md §7).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_BINDINGS: list[BindingType] = [
    Binding("tab", "next_name", "Next name", id="next-name", priority=True),
    Binding("shift+tab", "previous_name", "Previous", id="previous-name", priority=True),
    Binding("enter", "open_panel", "Open", id="open-panel"),
    Binding("escape", "close_panel", "Close", id="close-panel"),
    Binding(
        "m",
        "next_mention",
        "Next mention",
        id="next-mention",
        show=False,
        tooltip="Next mention of the selected entity",
    ),
    Binding(
        "M",
        "previous_mention",
        "Previous mention",
        id="previous-mention",
        key_display="shift+m",
        show=False,
        tooltip="Previous mention of the selected entity",
    ),
    Binding("o", "toggle_outline", "Outline", id="toggle-outline"),
    # A priority binding: the screen takes "/" before the article does, so the keys
    # typed right after it (or pasted with it) find the search bar already focused.
    Binding("slash", "search", "Search", id="search", key_display="/", priority=True),
    Binding(
        "n",
        "next_match",
        "Next match",
        id="next-match",
        show=False,
        tooltip="Next search match",
    ),
    Binding(
        "N",
        "previous_match",
        "Previous match",
        id="previous-match",
        key_display="shift+n",
        show=False,
        tooltip="Previous search match",
    ),
    Binding(
        "f",
        "filter_types",
        "Filter",
        id="filter-types",
        tooltip="Choose which entity types are highlighted",
    ),
    Binding(
        "d",
        "toggle_numbers",
        "Dates",
        id="toggle-numbers",
        show=False,
        tooltip="Show or hide dates, times and numbers",
    ),
    Binding(
        "b",
        "open_browser",
        "Browser",
        id="open-browser",
        show=False,
        tooltip="Open the entity's Wikipedia page in the browser",
    ),
    Binding(
        "r",
        "retry_lookup",
        "Retry",
        id="retry-lookup",
        show=False,
        tooltip="Retry a failed Wikipedia lookup",
    ),
    Binding(
        "c",
        "choose_page",
        "Choose page",
        id="choose-page",
        show=False,
        tooltip="Choose the right page for an ambiguous name",
    ),
    # A book's chapters (EPUB): issue 11, item 8.
    Binding(
        "right_square_bracket",
        "next_chapter",
        "Next chapter",
        id="next-chapter",
        key_display="]",
        show=False,
        tooltip="Next chapter of a book",
    ),
    Binding(
        "left_square_bracket",
        "previous_chapter",
        "Previous chapter",
        id="previous-chapter",
        key_display="[",
        show=False,
        tooltip="Previous chapter of a book (or the start of this one)",
    ),
]
