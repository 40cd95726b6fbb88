"""The chooser (``c``): pick the right page for a name, search the wiki for another,
say it has none, or hand it back to the resolver.

Like a command palette: the search field keeps the keys, up and down move in the list,
enter takes the highlighted entry. The list starts with "Automatic" where the reader has
made a choice, then the pages the resolver knows (ranked, with its scores) and the
reader's own choice, the page shown now marked; what is typed searches the wiki once
typing pauses (:data:`DEBOUNCE`), one search in flight at a time (the lookup service's
search), and the results join the list. Every text here
comes from the wiki or the article: it is built as :class:`~textual.content.Content`,
never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.labels import label_name
from reader.lookup.candidates import Candidate, SearchAnswer, join
from reader.models import Background, Entity
from reader.sanitize import one_line
from reader.ui.screens.dialogs import Dialog, TickBox
from reader.ui.widgets.ordered_input import OrderedInput
from reader.wording import counted

if TYPE_CHECKING:
    from textual.timer import Timer

    from reader.lookup.coordinator import LookupCoordinator

DEBOUNCE = 0.3
"""Seconds typing must pause before the wiki is searched."""
SHORT_SAVES = 3
"""Rows the ``-short`` dialog saves where the list would get fewer than its ``LIST_ROWS``:
the blank lines under the page shown now and above the scope box and the keys (the
margins ``DEFAULT_CSS`` drops for ``-short``)."""
NONE_ID = "none"
AUTOMATIC_ID = "automatic"


@dataclass(frozen=True, slots=True)
class PageChoice:
    """What the reader chose: a page, no page (``page`` ``None``), or automatic."""

    page: Candidate | None
    everywhere: bool
    """For every article (else for this one)."""
    automatic: bool = False
    """Forget the reader's choice: the resolver decides again."""


def candidate_prompt(candidate: Candidate, *, current: bool, chosen: bool) -> Content:
    """An entry of the list: title (the page shown now marked), its score and where it
    came from; the short description; the intro's first line (cut to the list's width)."""
    notes: list[str] = []
    if current:
        notes.append("your choice" if chosen else "shown now")
    if candidate.score is not None:
        notes.append(f"{candidate.score:.0%}")
    if candidate.origin == "search":
        notes.append("search")
    parts: list[str | tuple[str, str] | Content] = [
        ("● " if current else "  ", "$accent"),
        (one_line(candidate.title, 200), "bold"),
    ]
    if notes:
        parts.append(("  " + " · ".join(notes), "$text-muted"))
    if candidate.description:
        parts += ["\n  ", (one_line(candidate.description, 200), "italic $text-muted")]
    if candidate.summary:
        parts += ["\n  ", (one_line(candidate.summary, 300), "dim")]
    return Content.assemble(*parts)


class PageChooser(Dialog[PageChoice | None]):
    """Choose the page of one name (``c``)."""

    LIST_ROWS = 20
    OTHER_ROWS = 16  # and the status line and the scope box
    HEIGHT_SHARE = 0.9  # its max-height below
    MIN_LIST_ROWS = 3

    DEFAULT_CSS = """
    PageChooser .dialog {
        width: 84;
        max-height: 90%;
    }
    PageChooser .dialog-title { margin-bottom: 0; }
    PageChooser #chooser-now { color: $text-muted; margin-bottom: 1; }
    PageChooser #chooser-search { margin-bottom: 0; }
    PageChooser #chooser-status { color: $text-muted; height: 1; padding: 0 1; }
    PageChooser #chooser-options {
        height: auto;
        border: none;
        padding: 0;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    /* The search field keeps the keys, but up, down and enter act on the list: its
       highlighted entry is drawn as a focused list's, where the eye looks for it. */
    PageChooser #chooser-options > .option-list--option-highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    PageChooser #everywhere { margin-top: 1; }
    PageChooser #chooser-keys { color: $text-muted; margin-top: 1; }
    /* -short: the three margins SHORT_SAVES counts */
    PageChooser.-short #chooser-now, PageChooser.-short #everywhere,
    PageChooser.-short #chooser-keys { margin: 0; }
    """

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("ctrl+e", "toggle_everywhere", "Every article", priority=True),
        Binding("e", "toggle_everywhere", "Every article", show=False),
        Binding("down", "move('cursor_down')", show=False),
        Binding("up", "move('cursor_up')", show=False),
        Binding("pagedown", "move('page_down')", show=False),
        Binding("pageup", "move('page_up')", show=False),
    ]

    class Answered(Message):
        """A search of the wiki came back."""

        def __init__(self, answer: SearchAnswer) -> None:
            super().__init__()
            self.answer = answer

    def __init__(
        self,
        entity: Entity,
        lookups: LookupCoordinator,
        current: Background | None,
    ) -> None:
        """Offer pages for ``entity``; ``current`` is the background shown for it now."""
        super().__init__()
        self.entity = entity
        self.lookups = lookups
        self.current = current
        self.known: list[Candidate] = lookups.candidates(entity)
        """The pages the resolver knows, and the reader's choice."""
        self.chosen_everywhere = lookups.chosen_everywhere(entity)
        """The scope of the reader's choice in force: every article, this one, none."""
        self.everywhere = bool(self.chosen_everywhere)
        """Whether the choice made here is for every article (the box, ctrl+e)."""
        self.shown: list[Candidate] = list(self.known)
        """The pages in the list, in order."""
        self.answer: SearchAnswer | None = None
        """The search whose results are in the list."""
        self._timer: Timer | None = None
        self._wanted = ""
        """The query the list should show results for (what is typed)."""
        self._answered = ""
        """The query whose search came back last (with pages, none, or a problem)."""
        self._failed = False
        """The search for what is typed failed (the status says why)."""
        self._aimed = True
        """The highlight is on an entry the reader aimed at: a page matching what is typed,
        one moved to, or, with nothing typed, the page shown now."""

    # ------------------------------------------------------------------ building

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                Content.assemble("Which page is “", (self.entity.name, "bold"), "”?"),
                classes="dialog-title",
            )
            yield Static(self._now_line(), id="chooser-now")
            yield OrderedInput(
                placeholder="Search Wikipedia for another page…", id="chooser-search"
            )
            yield Static(id="chooser-status")
            yield OptionList(id="chooser-options")
            yield TickBox(
                "For every article (ctrl+e)",
                self.everywhere,
                id="everywhere",
                compact=True,
            )
            yield Static(
                Content("↑↓ move · enter take · tab to list · esc cancel"), id="chooser-keys"
            )

    def on_mount(self) -> None:
        """Fill the list, mark the page shown now, and give the keys to the search field
        (:meth:`Dialog.on_mount` fits the list)."""
        self._fill(highlight=self._current_id())
        self._say(self._idle_note())
        self.query_one(Input).focus()

    def make_room(self, rows: int) -> int:
        """Short of rows for the list, the blank lines go first (``-short``)."""
        short = rows < self.LIST_ROWS
        self.set_class(short, "-short")
        return SHORT_SAVES if short else 0

    def _now_line(self) -> Content:
        """What the name shows now, in a line under the title."""
        kind = label_name(self.entity.label)
        background = self.current
        if background is None:
            state = "no background yet"
        elif background.status == "found":
            mine = " (your choice)" if background.chosen_by == "reader" else ""
            state = f"shows {one_line(background.title or '', 80)}{mine}"
        elif background.status == "not_found":
            state = "no article (your choice)" if background.chosen_by else "no article found"
        elif background.status == "ambiguous":
            state = "ambiguous"
        elif background.status == "offline":
            state = "nothing cached (offline)"
        else:
            state = "the lookup failed"
        return Content.assemble(kind, " · now: ", state)

    @property
    def _has_choice(self) -> bool:
        return self.chosen_everywhere is not None

    def _current_id(self) -> str:
        """The entry of the page shown now (else the first page, else "None of these")."""
        background = self.current
        if background is not None and background.chosen_by == "reader" and not background.title:
            return NONE_ID
        titles = [candidate.title for candidate in self.shown]
        if background is not None and background.title in titles:
            return str(titles.index(background.title))
        return "0" if self.shown else NONE_ID

    def _is_current(self, candidate: Candidate) -> bool:
        background = self.current
        return (
            background is not None
            and background.status == "found"
            and background.title == candidate.title
        )

    def _fill(self, highlight: str) -> None:
        """Show "Automatic" first where the reader has a choice (undoing it heads the list,
        not below a long one), then :attr:`shown`, then "None of these"; highlight the
        entry with the id ``highlight``."""
        chosen = self.current is not None and self.current.chosen_by == "reader"
        options: list[Option | None] = []
        if self._has_choice:
            options += [Option(self._automatic_prompt(), id=AUTOMATIC_ID), None]
        options += [
            Option(candidate_prompt(c, current=self._is_current(c), chosen=chosen), id=str(n))
            for n, c in enumerate(self.shown)
        ]
        if self.shown:
            options.append(None)
        options.append(Option(self._none_prompt(), id=NONE_ID))
        self.query_one(OptionList).set_options(options)
        self._highlight(highlight)

    def _none_prompt(self) -> Content:
        current = self.current
        mine = current is not None and current.chosen_by == "reader" and not current.title
        return Content.assemble(
            ("● " if mine else "  ", "$accent"),
            ("None of these", "bold"),
            ("  your choice" if mine else "", "$text-muted"),
            "\n  ",
            ("“", "$text-muted"),
            (one_line(self.entity.name, 80), "$text-muted"),
            ("” has no Wikipedia article", "$text-muted"),
        )

    def _automatic_prompt(self) -> Content:
        if self.everywhere:
            what = "forget your choice here and for every article"
        elif self.chosen_everywhere:
            what = "your choice for every article stays (ctrl+e forgets it too)"
        else:
            what = "forget your choice for this article"
        return Content.assemble(
            ("  ", ""),
            ("Automatic", "bold"),
            ("  let reader choose again", "$text-muted"),
            "\n  ",
            (what, "$text-muted"),
        )

    def _idle_note(self) -> str:
        """What the status line says before anything is typed."""
        if self.lookups.offline:
            return "Offline: only the pages known already; searching needs the network"
        return ""

    def _say(self, text: str) -> None:
        self.query_one("#chooser-status", Static).update(Content(one_line(text, 200)))

    # ------------------------------------------------------------------ keys

    def action_toggle_everywhere(self) -> None:
        """Choose for every article, or for this one only."""
        self.query_one("#everywhere", Checkbox).toggle()

    @on(Checkbox.Changed, "#everywhere")
    def _scope_changed(self, event: Checkbox.Changed) -> None:
        self.everywhere = event.value
        if self._has_choice:
            self.query_one(OptionList).replace_option_prompt(AUTOMATIC_ID, self._automatic_prompt())

    def action_move(self, action: str) -> None:
        """Move in the list while the search field keeps the keys."""
        option_list = self.query_one(OptionList)
        if not option_list.has_focus:
            getattr(option_list, f"action_{action}")()
            self._aimed = True

    @on(Input.Submitted, "#chooser-search")
    def _take_highlighted(self) -> None:
        """Take the highlighted entry, unless the search for what is typed is still out:
        enter would take an entry the results are about to replace ("None of these")."""
        if self._searching:
            self._say("Searching… enter takes a page once the results are in")
            return
        if not self._aimed:
            # typed words that match nothing ("zqx", or letters typed as commands into the
            # reading view after c): enter must not pin whatever the list starts on
            if not self._failed:  # else the status keeps saying why the search failed
                quoted = f"“{one_line(self._wanted, 60)}”"
                self._say(f"Nothing matches {quoted}: ↑↓ picks an entry, backspace clears")
            return
        option_list = self.query_one(OptionList)
        if option_list.highlighted is not None:
            self._take(option_list.get_option_at_index(option_list.highlighted))

    @property
    def _searching(self) -> bool:
        """A search for what is typed is waiting for typing to pause, or for its answer."""
        return bool(self._wanted) and not self.lookups.offline and self._wanted != self._answered

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The reader went to the list (tab): what it highlights is aimed at."""
        if isinstance(event.widget, OptionList):
            self._aimed = True

    @on(OptionList.OptionSelected, "#chooser-options")
    def _take_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._take(event.option)

    def _take(self, option: Option) -> None:
        everywhere = self.everywhere
        if option.id == AUTOMATIC_ID:
            self.dismiss(PageChoice(None, everywhere, automatic=True))
        elif option.id == NONE_ID:
            self.dismiss(PageChoice(None, everywhere))
        elif option.id is not None:
            self.dismiss(PageChoice(self.shown[int(option.id)], everywhere))

    # ------------------------------------------------------------------ search

    @on(Input.Changed, "#chooser-search")
    def _typed(self, event: Input.Changed) -> None:
        """Highlight the first known page that matches at once; search once typing pauses."""
        query = " ".join(event.value.split())
        self._wanted = query
        self._failed = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if not query:
            self._aimed = True
            self._show_results(None)
            self._say(self._idle_note())
            return
        match = self._match(query)
        self._aimed = match is not None
        if match is not None:
            self._highlight(str(match))
        if self.lookups.offline:
            return
        self._say("Searching…")
        self._timer = self.set_timer(DEBOUNCE, self._search_now)

    def _highlight(self, option_id: str) -> None:
        option_list = self.query_one(OptionList)
        option_list.highlighted = option_list.get_option_index(option_id)

    def _match(self, query: str) -> int | None:
        """The first page in the list whose title holds ``query`` (``None``: none, or
        nothing typed)."""
        folded = query.casefold()
        if not folded:
            return None
        return next((n for n, c in enumerate(self.shown) if folded in c.title.casefold()), None)

    def _search_now(self) -> None:
        self._timer = None
        if self._wanted:
            self.run_search(self._wanted)

    @work(thread=True, exclusive=True, exit_on_error=False, group="chooser-search")
    def run_search(self, query: str) -> None:
        """Search the wiki (a newer search supersedes this one before it is sent)."""
        worker = get_current_worker()
        answer = self.lookups.search(
            query, superseded=lambda: worker.is_cancelled or query != self._wanted
        )
        if not worker.is_cancelled:
            self.post_message(self.Answered(answer))

    def on_page_chooser_answered(self, message: PageChooser.Answered) -> None:
        """Show a search's results, if it is still the one wanted."""
        answer = message.answer
        if answer.query != self._wanted:
            return
        self._answered = answer.query
        self._failed = answer.problem is not None
        if answer.problem is not None:
            self._say(answer.problem)
            return
        count = len(answer.candidates)
        # the query stands in the field above: a long one would push the keys out of sight
        self._say(
            f"{counted(count, 'page')} found: enter takes the one highlighted"
            if count
            else f"Nothing found for “{one_line(answer.query, 40)}”"
        )
        self._show_results(answer)

    def _show_results(self, answer: SearchAnswer | None) -> None:
        """Show the known pages joined by ``answer``'s (``None``: the known ones only);
        highlight the search's best page."""
        if answer is self.answer:
            return
        self.answer = answer
        found: Sequence[Candidate] = () if answer is None else answer.candidates
        self.shown = join(self.known, found)
        titles = [candidate.title for candidate in self.shown]
        match = self._match(self._wanted)
        if found:
            best = str(titles.index(found[0].title))
        else:
            best = self._current_id() if match is None else str(match)
        self._aimed = bool(found) or match is not None or not self._wanted
        self._fill(highlight=best)
