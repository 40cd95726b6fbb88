"""The side panel: who or what the selected entity is, and every place the text names it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Label, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from reader.labels import label_name
from reader.lookup.certainty import certainty
from reader.models import Background, Entity, Mention
from reader.ui.keys import CORRECTION_BINDINGS, PANEL_BINDINGS
from reader.ui.messages import BackgroundReady
from reader.ui.widgets.elsewhere import Elsewhere
from reader.ui.widgets.mention_map import MentionMap
from reader.wording import counted

if TYPE_CHECKING:
    from textual.timer import Timer

    from reader.lookup.coordinator import LookupCoordinator
    from reader.ui.screens.chooser import PageChoice

MAX_LISTED_MENTIONS = 500
"""The mention list stops here; a book can name a place thousands of times."""

CONTEXT_CHARS = 34
"""Characters of context shown on each side of a mention."""


def mention_context(text: str, mention: Mention, width: int = CONTEXT_CHARS) -> Content:
    """One line of text around ``mention``, the mention itself in bold.

    The context stays within the mention's paragraph and runs of whitespace
    are shown as single spaces.
    """
    paragraph_start = text.rfind("\n", 0, mention.start) + 1
    paragraph_end = text.find("\n", mention.end)
    if paragraph_end < 0:
        paragraph_end = len(text)
    left_start = max(paragraph_start, mention.start - width)
    right_end = min(paragraph_end, mention.end + width)
    # Cut at word boundaries: a context starts after a space and ends before one.
    if left_start > paragraph_start and text[left_start - 1] != " ":
        space = text.find(" ", left_start, mention.start)
        left_start = space + 1 if space >= 0 else mention.start
    if right_end < paragraph_end and text[right_end] != " ":
        space = text.rfind(" ", mention.end, right_end)
        right_end = space if space >= 0 else mention.end
    before = " ".join(text[left_start : mention.start].split(" "))
    after = text[mention.end : right_end]
    return Content.assemble(
        "…" if left_start > paragraph_start else "",
        before.lstrip() if left_start > paragraph_start else before,
        (mention.text, "bold $accent"),
        after,
        "…" if right_end < paragraph_end else "",
    )


URL_BREAKS = "/?&#=_-."
"""Characters after which a long URL may break across lines."""


def break_url(url: str, width: int | None) -> str:
    """``url`` broken into lines of at most ``width`` cells after one of
    :data:`URL_BREAKS` (folded only where a part between them is itself too long);
    unchanged without a width or when it fits."""
    if width is None or width < 1 or len(url) <= width:
        return url
    lines: list[str] = []
    line = ""
    part = ""
    for char in url:
        part += char
        if char in URL_BREAKS:
            line, part = _add_part(lines, line, part, width), ""
    line = _add_part(lines, line, part, width)
    return "\n".join([*lines, line] if line else lines)


def _add_part(lines: list[str], line: str, part: str, width: int) -> str:
    """Append ``part`` to ``line``, starting a new line (or several) when it would not fit."""
    if len(line) + len(part) <= width:
        return line + part
    if line:
        lines.append(line)
    while len(part) > width:
        lines.append(part[:width])
        part = part[width:]
    return part


def describe_background(
    background: Background | None, name: str, width: int | None = None
) -> Content:
    """The background section's text for every state except loading; a URL is broken
    to lines of ``width`` cells at its natural breaks (:func:`break_url`)."""
    if background is None:
        return Content.styled("No background yet.", "dim italic")
    cached = (
        Content.styled(f"\nFrom the cache, {background.cached_at[:10]}.", "dim")
        if background.cached_at
        else Content("")
    )
    status = background.status
    if status == "found":
        parts: list[str | Content | tuple[str, str]] = [(background.title or name, "bold")]
        if background.description:
            parts += ["\n", (background.description, "italic $text-muted")]
        parts += ["\n", how_sure(background)]
        if background.summary:
            parts += ["\n\n", background.summary]
        if background.url:
            parts += ["\n\n", (break_url(background.url, width), "dim underline")]
        return Content.assemble(*parts, cached)
    if status == "not_found" and background.chosen_by == "reader":
        return Content.assemble(
            ("No article ", "italic"),
            ("(your choice)", "italic $text-muted"),
            ("\nPress c to choose a page, or Automatic.", "dim"),
            cached,
        )
    if status == "not_found":
        weighed = len(background.candidates)
        return Content.assemble(
            ("No Wikipedia article found for ", "italic"),
            (name, "italic bold"),
            (
                f"\n{counted(weighed, 'page')} weighed and set aside: press c to see"
                f" {'it' if weighed == 1 else 'them'} or search."
                if weighed
                else "\nPress c to search for one.",
                "dim",
            ),
            cached,
        )
    if status == "ambiguous":
        lines: list[str | Content | tuple[str, str]] = [
            ("Ambiguous: ", "bold $text-warning"),
            ("“", ""),
            (name, "bold"),
            ("” may refer to several pages, ranked:", ""),
        ]
        for number, title in enumerate(background.candidates, 1):
            lines += [f"\n {number}. ", title]
            if number <= len(background.scores):
                lines += [(f"  {background.scores[number - 1]:.0%}", "dim")]
        lines += [("\n\nPress c to choose one.", "dim")]
        return Content.assemble(*lines, cached)
    if status == "offline":
        return Content.styled("Offline: nothing cached for this name yet.", "italic $text-muted")
    reason = background.error or "the lookup failed"
    return Content.assemble(
        ("Lookup failed: ", "bold $text-error"), reason, ("\nPress r to retry.", "dim")
    )


def how_sure(background: Background) -> Content:
    """The line under a found page's title that says how sure the match is: the reader's
    choice, a sure match, or a likely one with its runner-up named."""
    sure = certainty(background)
    percent = "" if background.confidence is None else f" ({background.confidence:.0%})"
    if background.chosen_by == "reader":
        return Content.assemble(("✓ Your choice", "dim"), (" (c changes it)", "dim"))
    if sure != "likely":
        return Content.styled(f"✓ Sure match{percent}", "dim")
    runner_up = next(
        (
            (title, score)
            for title, score in zip(background.candidates, background.scores, strict=False)
            if title != background.title
        ),
        None,
    )
    parts: list[str | tuple[str, str]] = [(f"? Likely match{percent}", "bold $text-warning")]
    if runner_up is not None:
        title, score = runner_up
        parts += [("; runner-up: ", "$text-muted"), title, (f" ({score:.0%})", "$text-muted")]
        parts += [(". Press c to choose.", "dim")]
    return Content.assemble(*parts)


class BackgroundView(Vertical):
    """The Wikipedia part of the panel, in one of its states."""

    DEFAULT_CSS = """
    BackgroundView { height: auto; }
    BackgroundView > LoadingIndicator { height: 1; display: none; }
    BackgroundView > #background-note { display: none; color: $text-muted; }
    BackgroundView.-loading > LoadingIndicator { display: block; }
    BackgroundView.-loading.-noted > #background-note { display: block; }
    BackgroundView.-loading > #background-text { display: none; }
    BackgroundView > #browser-note { display: none; margin-top: 1; }
    BackgroundView.-address > #browser-note { display: block; }
    """

    NOTE_EVERY = 0.5
    """Seconds between looks at whether the loading background is being retried."""

    _shown: tuple[Background | None, str] | None = None
    """What :meth:`show` last showed, shown again at a new width."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._note: Callable[[], str] | None = None
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield LoadingIndicator()
        yield Static(id="background-note")
        yield Static(id="background-text")
        yield Static(id="browser-note")

    def show_address(self, url: str) -> None:
        """Say that no browser can be opened, and show ``url`` whole, to select and copy
        (Textual copies the selection with ctrl+c)."""
        self.add_class("-address")
        self.query_one("#browser-note", Static).update(
            Content.assemble(
                ("No browser can be opened here. ", "bold"),
                ("Select the address to copy it:\n", "$text-muted"),
                (url, "underline"),
            )
        )

    def show_loading(self, note: Callable[[], str] | None = None) -> None:
        """Show the spinner, and under it what ``note`` says (``Retrying in 4 s…``),
        asked again every :data:`NOTE_EVERY` seconds until the background comes."""
        self.add_class("-loading")
        self._note = note
        self._update_note()
        if self._timer is None and note is not None:
            self._timer = self.set_interval(self.NOTE_EVERY, self._update_note)

    def _update_note(self) -> None:
        text = self._note() if self._note is not None else ""
        self.set_class(bool(text), "-noted")
        self.query_one("#background-note", Static).update(Content(text))

    def show(self, background: Background | None, name: str) -> None:
        """Show ``background`` (or the neutral "no background yet" state)."""
        self.remove_class("-loading", "-address")
        self._note = None
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._shown = (background, name)
        self._render_text()

    def _render_text(self) -> None:
        if self._shown is not None:
            width = self.content_region.width or None
            self.query_one("#background-text", Static).update(
                describe_background(*self._shown, width)
            )

    def on_resize(self) -> None:
        """Break the URL again for the new width (still loading, if it is)."""
        self._render_text()


class MentionList(OptionList):
    """Every mention of the entity, each with a line of context and why it belongs;
    choosing one jumps to it; its keys correct what belongs together
    (:data:`CORRECTION_BINDINGS`).
    """

    BINDINGS = CORRECTION_BINDINGS

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The height of the entries wrapped at the width they are drawn at.

        Textual measures an auto height at the full content width, scrollbar included,
        but an OptionList wraps its entries beside the scrollbar. Once the scrollbar
        showed (a long list before, a narrower terminal), the entries wrapped one line
        longer than measured, so the scrollbar stayed and hid the last line of a list
        that fits. With ``scrollbar-gutter: stable`` the entries always wrap beside the
        gutter, and they are measured there too.
        """
        gutter = self.styles.scrollbar_size_vertical
        return super().get_content_height(container, viewport, max(1, width - gutter))

    @dataclass
    class Correct(Message):
        """The reader asks for a correction: ``split`` (``every`` mention with the
        chosen one's words, or only it), ``merge``, ``retype`` or ``undo``."""

        kind: str
        mention: Mention | None
        every: bool = True

    def _ask(self, kind: str, every: bool = True) -> None:
        panel = self.query_ancestor(SidePanel)
        self.post_message(self.Correct(kind, panel.chosen_mention, every))

    def action_split(self) -> None:
        """Split the chosen mention and every one with its words into their own entity."""
        self._ask("split")

    def action_split_one(self) -> None:
        """Split only the chosen mention out."""
        self._ask("split", every=False)

    def action_merge(self) -> None:
        """Merge the entity with another, picked from a list."""
        self._ask("merge")

    def action_retype(self) -> None:
        """Give the entity another type, picked from a list."""
        self._ask("retype")

    def action_undo_correction(self) -> None:
        """Undo the last correction of the entity."""
        self._ask("undo")


def mention_line(text: str, mention: Mention) -> Content:
    """A mention's line of context and, under it, quietly, why it belongs."""
    context = mention_context(text, mention)
    if not mention.reason:
        return context
    return Content.assemble(context, "\n", (f"  {mention.reason}", "italic $text-muted"))


class SidePanel(VerticalScroll):
    """Name, type and count; where the mentions fall; background; the list of mentions."""

    BINDINGS = PANEL_BINDINGS

    DEFAULT_CSS = """
    SidePanel {
        width: 46;
        max-width: 45%;
        height: 100%;
        padding: 0 1;
        border-left: vkey $accent 50%;
        background: $panel;
        scrollbar-size-vertical: 1;
    }
    SidePanel #entity-heading {
        margin: 1 0 0 0;
        padding: 0 0 1 0;
        border-bottom: solid $panel-lighten-2;
    }
    SidePanel #mention-map {
        margin-bottom: 1;
    }
    SidePanel #background {
        margin-bottom: 1;
    }
    SidePanel .section-title {
        text-style: bold;
        color: $text-muted;
        border-bottom: solid $panel-lighten-2;
        width: 100%;
    }
    SidePanel MentionList {
        height: auto;
        max-height: 24;
        scrollbar-gutter: stable;  /* see MentionList.get_content_height */
        scrollbar-size: 0 1;
        border: none;
        padding: 0;
        background: $panel;
    }
    SidePanel MentionList:focus {
        border: none;  /* OptionList's focus border would narrow the entries it has measured */
    }
    """

    background: var[Background | None] = var(None, init=False, bindings=True)
    """The background shown; kept while a new one for the same entity loads."""

    class MentionChosen(Message):
        """The reader chose a mention in the list or the map, or stepped with [ and ]."""

        def __init__(self, mention: Mention, *, give_keys_to_text: bool = True) -> None:
            super().__init__()
            self.mention = mention
            self.give_keys_to_text = give_keys_to_text
            """Whether the text takes the keys after the jump ([ and ] leave them here)."""

    def __init__(self, lookups: LookupCoordinator, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.lookups = lookups
        """Where the backgrounds come from."""
        self.entity: Entity | None = None
        self._mentions: Sequence[Mention] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="entity-heading")
        yield MentionMap(id="mention-map")
        yield BackgroundView(id="background")
        yield Elsewhere(id="elsewhere")
        yield Label("Mentions", id="mentions-title", classes="section-title")
        yield MentionList(id="mention-list")

    def show_entity(self, entity: Entity, text: str) -> None:
        """Show ``entity``: heading and mentions (the background is set separately)."""
        if self.entity is None or self.entity.id != entity.id:
            self.background = None
            self.query_one(Elsewhere).clear()
        self.entity = entity
        count = len(entity.mentions)
        aliases = [alias for alias in entity.aliases if alias != entity.name]
        heading: list[str | tuple[str, str]] = [
            (entity.name, "bold"),
            "\n",
            (
                f"{label_name(entity.label)} · {counted(count, 'mention')}",
                "$text-muted",
            ),
        ]
        if aliases:
            heading += ["\n", ("Also: ", "dim"), (", ".join(aliases), "dim")]
        self.query_one("#entity-heading", Static).update(Content.assemble(*heading))
        self.query_one(MentionMap).show(entity.mentions, len(text))
        self._mentions = entity.mentions[:MAX_LISTED_MENTIONS]
        mention_list = self.query_one(MentionList)
        mention_list.clear_options()
        mention_list.add_options(Option(mention_line(text, mention)) for mention in self._mentions)
        if count > MAX_LISTED_MENTIONS:
            mention_list.add_option(
                Option(
                    Content.styled(f"… and {count - MAX_LISTED_MENTIONS} more", "dim"),
                    disabled=True,
                )
            )
        self.scroll_home(animate=False)

    @property
    def chosen_mention(self) -> Mention | None:
        """The mention highlighted in the list, if any."""
        index = self.query_one(MentionList).highlighted
        return self._mentions[index] if index is not None and index < len(self._mentions) else None

    def highlight_mention(self, mention: Mention) -> None:
        """Mark ``mention`` as the current one in the map and the list."""
        self.query_one(MentionMap).mark(mention)
        mention_list = self.query_one(MentionList)
        try:
            mention_list.highlighted = list(self._mentions).index(mention)
        except ValueError:
            mention_list.highlighted = None

    def elsewhere_list(self) -> Widget | None:
        """The list of the other articles naming the entity, when it shows any."""
        return self.query_one(Elsewhere).articles()

    def show_address(self, url: str) -> None:
        """Show ``url`` to copy: no browser can open it."""
        self.query_one(BackgroundView).show_address(url)

    def show_loading(self) -> None:
        """Show the background as loading (and say so while it is being retried)."""
        entity = self.entity
        if entity is None:
            self.query_one(BackgroundView).show_loading()
        else:
            self.query_one(BackgroundView).show_loading(lambda: self.lookups.retry_note(entity.id))

    def show_background(self, background: Background | None) -> None:
        """Show the entity's background."""
        self.background = background
        name = self.entity.name if self.entity else ""
        self.query_one(BackgroundView).show(background, name)
        self.query_one(Elsewhere).show(self.entity, background)

    def load_background(self, *, retry: bool = False) -> None:
        """Show the entity's background: known or cached at once, else fetched meanwhile.

        While the lookup service is still opening, the spinner stays until this is called
        again. BackgroundReady (to the screen) brings what was fetched.
        """
        if self.entity is None:
            return
        background = self.lookups.background_for(self.entity, retry=retry)
        if background is not None:
            self.show_background(background)
        elif not self.lookups.can_open:
            self.show_background(None)
        else:
            self.show_loading()
            if self.lookups.is_open:
                self.fetch_background(self.entity)

    def choose_page(self, choice: PageChoice) -> None:
        """Apply the reader's choice in the chooser: a page, no page, or back to automatic
        (remembered for this article, or for every article)."""
        if self.entity is not None:
            self.show_loading()
            self.choose_background(self.entity, choice)

    @work(thread=True, exclusive=True, exit_on_error=False, group="panel")
    def fetch_background(self, entity: Entity) -> None:
        """Look one entity up."""
        self.post_message(BackgroundReady(entity.id, self.lookups.fetch(entity)))

    @work(thread=True, exclusive=True, exit_on_error=False, group="panel")
    def choose_background(self, entity: Entity, choice: PageChoice) -> None:
        """Remember the reader's choice (fetching the page if need be); show the result."""
        if choice.automatic:
            changed, background = self.lookups.unchoose(entity, everywhere=choice.everywhere)
        else:
            title = None if choice.page is None else choice.page.title
            changed, background = self.lookups.choose(
                entity, title, everywhere=choice.everywhere, page=choice.page
            )
        self.post_message(BackgroundReady(changed, background))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Turn a chosen option into :class:`MentionChosen`."""
        event.stop()
        if event.option_index < len(self._mentions):
            self.post_message(self.MentionChosen(self._mentions[event.option_index]))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """The map marks where the mention highlighted in the list falls in the text."""
        if isinstance(event.option_list, MentionList):
            event.stop()
            if event.option_index < len(self._mentions):
                self.query_one(MentionMap).mark(self._mentions[event.option_index])

    def on_mention_map_mention_chosen(self, event: MentionMap.MentionChosen) -> None:
        """A click in the mention map goes where choosing from the list goes."""
        event.stop()
        self.post_message(self.MentionChosen(event.mention))

    def action_step_mention(self, step: int) -> None:
        """Go to the next (``step=1``) or previous (``-1``) mention; the keys stay here."""
        mention = self.query_one(MentionMap).step(step)
        if mention is not None:
            self.post_message(self.MentionChosen(mention, give_keys_to_text=False))
