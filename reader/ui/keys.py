"""The keys, in footer order; the help screen and the README's table list them.

tab, shift+tab, enter and escape are a contract (DESIGN.md §7). ``b`` stays "open in
browser"; a page up is ``shift+space`` or ``pageup``, as the help says.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType

MAIN_BINDINGS: list[BindingType] = [
    Binding(
        "tab",
        "next_name",
        "Next name",
        id="next-name",
        priority=True,
        tooltip="Next name in the text (after scrolling: the first one on screen)",
    ),
    Binding(
        "shift+tab",
        "previous_name",
        "Previous",
        id="previous-name",
        priority=True,
        tooltip="Previous name in the text (after scrolling: the last one on screen)",
    ),
    Binding(
        "enter",
        "open_panel",
        "Open",
        id="open-panel",
        tooltip="Open the side panel for the name under the cursor",
    ),
    Binding(
        "escape",
        "close_panel",
        "Close",
        id="close-panel",
        tooltip="Close the panel (or clear the search)",
    ),
    # Before the other keys: where it applies, the footer keeps it.
    Binding(
        "backspace",
        "app.back",
        "Back",
        id="back-article",
        tooltip='Back to the article you were reading, after opening one from "Elsewhere"',
    ),
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
    Binding(
        "o",
        "toggle_outline",
        "Outline",
        id="toggle-outline",
        tooltip="Show the entity outline and put the keys in it, or hide it",
    ),
    Binding(
        "f6",
        "focus_next_pane",
        "Next pane",
        id="next-pane",
        show=False,
        tooltip="Move the keys to the next pane: outline, text, mentions, other articles",
    ),
    Binding(
        "shift+f6",
        "focus_previous_pane",
        "Previous pane",
        id="previous-pane",
        show=False,
        tooltip="Move the keys to the previous pane",
    ),
    # A priority binding: the screen takes "/" before the article does, so the keys
    # typed right after it (or pasted with it) find the search bar already focused.
    Binding(
        "slash",
        "search",
        "Search",
        id="search",
        key_display="/",
        priority=True,
        tooltip="Search the text (quotes, dashes, accents and spaces match loosely)",
    ),
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
        tooltip="Open the entity's Wikipedia page in the browser (to page up, press shift+space)",
    ),
    Binding(
        "r",
        "retry_lookup",
        "Retry",
        id="retry-lookup",
        show=False,
        tooltip="Retry failed lookups: the panel's, or all",
    ),
    Binding(
        "c",
        "choose_page",
        "Choose page",
        id="choose-page",
        show=False,
        tooltip="Choose the selected name's page: its candidates, a search, or none",
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

PANEL_BINDINGS: list[BindingType] = [
    # The panel's own: they win over the chapter keys only while the panel has the keys.
    Binding(
        "right_square_bracket",
        "step_mention(1)",
        "Next mention",
        id="panel-next-mention",
        key_display="]",
        show=False,
        tooltip="In the panel: next mention (the map under the name marks it)",
    ),
    Binding(
        "left_square_bracket",
        "step_mention(-1)",
        "Previous mention",
        id="panel-previous-mention",
        key_display="[",
        show=False,
        tooltip="In the panel: previous mention",
    ),
]
"""The side panel's keys (issue 12): travel its entity's mentions, the keys staying there."""

ARTICLE_BINDINGS: list[BindingType] = [
    Binding("space", "page_down", "Page down", show=False, tooltip="Page down, as in less"),
    Binding(
        "shift+space",
        "page_up",
        "Page up",
        show=False,
        tooltip="Page up (also pageup; b opens the browser)",
    ),
    Binding(
        "j",
        "scroll_down",
        "Line down",
        show=False,
        tooltip="Scroll down a line (also the down arrow)",
    ),
    Binding(
        "k", "scroll_up", "Line up", show=False, tooltip="Scroll up a line (also the up arrow)"
    ),
    Binding("g", "scroll_home", "Top", show=False, tooltip="Go to the top (also home)"),
    Binding(
        "G",
        "scroll_end",
        "Bottom",
        key_display="shift+g",
        show=False,
        tooltip="Go to the end (also end)",
    ),
]
"""The article's pager keys (the arrows, pageup, pagedown, home and end come with it)."""


CORRECTION_BINDINGS: list[BindingType] = [
    Binding(
        "s",
        "split",
        "Split",
        id="split-mention",
        tooltip="In the panel's mentions: split the chosen mention, and every mention with "
        "its words, into an entity of its own",
    ),
    Binding(
        "S",
        "split_one",
        "Split one",
        id="split-one-mention",
        key_display="shift+s",
        show=False,
        tooltip="In the panel's mentions: split only the chosen mention out",
    ),
    Binding(
        "J",
        "merge",
        "Merge",
        id="merge-entities",
        key_display="shift+j",
        tooltip="In the panel's mentions: merge this entity with another, picked from a list",
    ),
    Binding(
        "t",
        "retype",
        "Type",
        id="retype-entity",
        tooltip="In the panel's mentions: give this entity another type, picked from a list",
    ),
    Binding(
        "u",
        "undo_correction",
        "Undo",
        id="undo-correction",
        tooltip="In the panel's mentions: undo your last split, merge or type of this entity",
    ),
]
"""The panel's mention list's keys: correcting what belongs together (f6 reaches it)."""


def key_text(binding: Binding) -> str:
    """How the help and the README write a binding's keys."""
    return binding.key_display or ", ".join(key.strip() for key in binding.key.split(","))


def key_table(bindings: Iterable[Binding]) -> str:
    """A Markdown table of ``bindings`` (the README's, checked by a test)."""
    rows = ["| Key | What it does |", "|---|---|"]
    rows += [f"| `{key_text(b)}` | {b.tooltip or b.description} |" for b in bindings]
    return "\n".join(rows) + "\n"


HELP = Binding(
    "question_mark", "help", "Help", id="help", key_display="?", tooltip="This help (every key)"
)
"""The help's key (the palette's "Help and keys" names it)."""
APP_BINDINGS: list[BindingType] = [HELP, Binding("q", "quit", "Quit", id="quit", tooltip="Quit")]
"""The app's keys: they work on every screen."""

PALETTE = Binding(
    "ctrl+p",
    "command_palette",
    "Palette",
    tooltip="Command palette: jump to any entity by name, or to a book's chapter",
)
"""Textual's command palette key, listed with the others."""


PALETTE_BINDING_IDS = ("toggle-outline", "search", "filter-types", "toggle-numbers")
"""The reading screen's keys the command palette offers too."""


def palette_bindings() -> list[Binding]:
    """The reading screen's bindings the palette offers (:data:`PALETTE_BINDING_IDS`)."""
    by_id = {b.id: b for b in MAIN_BINDINGS if isinstance(b, Binding)}
    return [by_id[binding_id] for binding_id in PALETTE_BINDING_IDS]


def every_binding() -> list[Binding]:
    """Every key the reader has, in the order the help and the README list them."""
    bindings = [
        *MAIN_BINDINGS,
        *PANEL_BINDINGS,
        *CORRECTION_BINDINGS,
        *ARTICLE_BINDINGS,
        *APP_BINDINGS,
        PALETTE,
    ]
    return [b for b in bindings if isinstance(b, Binding)]


if __name__ == "__main__":  # python -m reader.ui.keys: the README's key table
    print(key_table(every_binding()), end="")
