"""ReaderApp: startup, global keys, the command palette; reading lives in MainScreen."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from textual import work
from textual.app import App, SystemCommand
from textual.command import CommandPalette

from reader.errors import ReaderError
from reader.models import Document
from reader.ui.keys import APP_BINDINGS, HELP, key_text, palette_bindings
from reader.ui.screens.main import MainScreen, named_entity
from reader.ui.sources import Reading
from reader.ui.widgets.reading import MEDIUM, NARROW, NARROW_BELOW, SIDE_BY_SIDE_FROM, WIDE

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from reader.history.store import ArticleRow
    from reader.ui.widgets.elsewhere import Elsewhere


def entity_commands() -> type[Provider]:
    """The palette's entity provider, imported when the palette first opens."""
    from reader.ui.commands import EntityCommands

    return EntityCommands


def chapter_commands() -> type[Provider]:
    """The palette's chapter provider (a book's chapters), imported when first used."""
    from reader.ui.commands import ChapterCommands

    return ChapterCommands


EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""Signals that end the app the way ``q`` does, restoring the terminal (``kill``, a
closed terminal window)."""
PALETTE_PLACEHOLDER = "Go to a name, a chapter or a command…"
"""What the palette's search field says before anything is typed."""
MAX_ARTICLES = 8
"""Articles kept open to go back to: the first and those opened from "Elsewhere" over it."""


class ReaderApp(App[None]):
    """Reads one document.

    Args:
        document: The article to show.
        notices: Warnings to show once the app is up (read when it mounts).
        reading: Where its entities and backgrounds come from (:class:`Reading`).
    """

    CSS_PATH = "reader.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, NARROW), (NARROW_BELOW, MEDIUM), (SIDE_BY_SIDE_FROM, WIDE)]
    """Below :data:`SIDE_BY_SIDE_FROM` columns the outline and the side panel take turns
    (reader.tcss); below :data:`NARROW_BELOW` the footer keeps its main keys too."""
    COMMANDS = {entity_commands, chapter_commands}  # entities first, then system commands
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS = APP_BINDINGS

    def __init__(
        self, document: Document, *, notices: Sequence[str] = (), **reading: Unpack[Reading]
    ) -> None:
        super().__init__()
        self._notices = notices
        self.document = document
        self._reading = reading
        self._name_article(document)

    def _name_article(self, document: Document) -> None:
        """Show ``document``'s title in the header, and where it came from."""
        self.title = document.title
        notes = [_source_name(document)]
        if document.encoding:
            notes.append(f"decoded as {document.encoding}")
        self.sub_title = " · ".join(notes)

    def get_default_screen(self) -> MainScreen:
        """Reading is the first screen (no blank screen before it)."""
        return MainScreen(self.document, **self._reading)

    def on_mount(self) -> None:
        """Quit cleanly on SIGTERM and SIGHUP; show any notices about the input."""
        loop = asyncio.get_running_loop()
        for number in EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.exit, None, 128 + number)
        for notice in [*self.document.notices, *self._notices]:
            self.notify(notice, markup=False, timeout=6)

    def on_unmount(self) -> None:
        """Give the signals back."""
        loop = asyncio.get_running_loop()
        for number in EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(number)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, with a Screenshot that works without a Downloads folder; on
        the reading screen, the reader's help instead of Textual's keys panel, and the
        reading keys :func:`~reader.ui.keys.palette_bindings` lists."""
        reading = isinstance(screen, MainScreen)
        for command in super().get_system_commands(screen):
            if command.title == "Screenshot":
                yield SystemCommand(
                    "Screenshot",
                    "Save an SVG picture of the screen (in Downloads, else the current folder)",
                    lambda: self.set_timer(0.1, self.save_picture),
                )
            elif command.title == "Keys" and reading:
                yield SystemCommand(
                    "Help and keys", f"Every key of the reader ({key_text(HELP)})", self.action_help
                )
            else:
                yield command
        if reading:
            for binding in palette_bindings():
                yield SystemCommand(
                    binding.description,
                    f"{binding.tooltip} ({key_text(binding)})",
                    partial(screen.run_action, binding.action),
                )

    def action_command_palette(self) -> None:
        """Textual's command palette, which finds names first (:mod:`reader.ui.commands`)."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(placeholder=PALETTE_PLACEHOLDER, id="--command-palette")
            )

    def browser_available(self) -> bool:
        """Whether :meth:`open_url` can reach a browser: the web driver's, or one Python's
        ``webbrowser`` finds (Textual's ``open_url`` ignores a ``webbrowser`` that finds
        none, so reader asks first)."""
        if self.is_web:
            return True
        import webbrowser

        try:
            webbrowser.get()
        except webbrowser.Error:
            return False
        return True

    def save_picture(self, directory: Path | None = None) -> Path | None:
        """Save an SVG of the screen in ``directory`` (default: Downloads, else the current
        directory) and say where it went.

        Returns:
            The file written, or ``None`` if it could not be written (the reader is told).
        """
        if directory is None:
            from platformdirs import user_downloads_path

            downloads = user_downloads_path()
            directory = downloads if downloads.is_dir() else Path.cwd()
        try:
            path = Path(self.save_screenshot(path=str(directory)))
        except OSError as error:
            self.notify(
                f"Could not save the screenshot in {directory}: {error.strerror}",
                title="Screenshot",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Saved to {path}", title="Screenshot", markup=False)
        return path

    @property
    def can_open_articles(self) -> bool:
        """Whether an article from the history can be opened here."""
        return self._reading.get("reopen") is not None

    def on_elsewhere_article_chosen(self, message: Elsewhere.ArticleChosen) -> None:
        """Open the article chosen in the panel's "Elsewhere" section."""
        self.open_article(message.row, message.name)

    @work(thread=True, exclusive=True, exit_on_error=False, group="open-article")
    def open_article(self, row: ArticleRow, name: str) -> None:
        """Load an article read before (blocking) and show it at ``name``'s first mention:
        where the history says when the text is the same, else where the name first is."""
        from reader.lookup.records import digest

        reopen = self._reading.get("reopen")
        if reopen is None:
            return
        try:
            document, reading = reopen(row.source)
        except ReaderError as error:
            self.call_from_thread(self.notify, error.message, severity="error", markup=False)
            return
        same = digest(document.text) == row.digest and row.first_start is not None
        offset = row.first_start if same and row.first_start is not None else None
        if offset is None:
            offset = max(document.text.find(name), 0)
        self.call_from_thread(self._show_article, document, reading, offset, name)  # type: ignore[arg-type]

    async def _show_article(
        self, document: Document, reading: Reading, offset: int, name: str
    ) -> None:
        self.document, self._reading = document, reading
        self._name_article(document)
        screen = MainScreen(document, **reading)
        # Each article goes over the one it was opened from, to go back to (backspace); past
        # MAX_ARTICLES, it takes the place of the last one instead.
        if len(self.screen_stack) >= MAX_ARTICLES:
            await self.switch_screen(screen)
        else:
            await self.push_screen(screen)
        if (entity := named_entity(screen.entities, name)) is not None:  # known already
            screen.call_after_refresh(screen.jump_to_entity, entity)
        else:  # there now; the cursor comes with the names
            screen.arrive_at = name
            screen.call_after_refresh(screen.article.scroll_to_top, offset)

    @property
    def can_go_back(self) -> bool:
        """Whether an article opened from "Elsewhere" is shown, over the one it came from."""
        articles = [screen for screen in self.screen_stack if isinstance(screen, MainScreen)]
        return len(articles) > 1 and self.screen is articles[-1]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "Back" only over an article to go back to (the footer follows)."""
        return self.can_go_back if action == "back" else True

    async def action_back(self) -> None:
        """Close this article and go back to the one it was opened from, as it was left."""
        if not self.can_go_back:
            return
        await self.pop_screen()
        if isinstance(screen := self.screen, MainScreen):
            self.document = screen.document
            self._name_article(screen.document)

    def action_help(self) -> None:
        """Show the help screen."""
        screen = self.screen
        if isinstance(screen, MainScreen):
            screen.action_help()


def _source_name(document: Document) -> str:
    """Where the article came from, for the header: its path or address, or "standard
    input" for ``-``."""
    from reader.documents import STDIN

    return "standard input" if document.source == STDIN else document.source
