"""Command palette providers: jump to any entity by name (then Textual's system
commands), or to a book's chapter.

One provider for entities and system commands, so the article's entities always come
first: the palette shows discovery hits in the order they arrive, and separate providers
race.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.history.recorder import HistoryRecorder
from reader.labels import label_name
from reader.wording import counted

if TYPE_CHECKING:
    from reader.models import Entity
    from reader.ui.screens.main import MainScreen


SYSTEM_WEIGHT = 0.5
"""A system command's match score is scaled by this, so entities that match as well rank
first."""
HISTORY_WEIGHT = 0.9
"""A "History: NAME" command's score is scaled by this, so the name itself comes first."""


HISTORY_WORD = "history"


def history_query(query: str) -> str | None:
    """What to match against names in a "History: NAME" command: ``query`` without a
    leading "history" (or the start of it: "hist", "history:"), "" when that is all
    there is, or None when ``query`` does not start with it (match all of it)."""
    first, _, rest = query.strip().partition(" ")
    word = first.casefold().rstrip(":")
    if len(word) >= 3 and HISTORY_WORD.startswith(word):
        return rest.strip()
    return None


class EntityCommands(Provider):
    """Offers "jump to" commands for every entity of the open article, then the app's own."""

    def _entities(self) -> list[Entity]:
        from reader.ui.screens.main import MainScreen

        screen = self.screen
        return list(screen.entities) if isinstance(screen, MainScreen) else []

    async def _jump(self, entity: Entity) -> None:
        screen: MainScreen = self.screen  # type: ignore[assignment]
        await screen.jump_to_entity(entity)

    def _history_kept(self) -> HistoryRecorder | None:
        recorder = getattr(self.screen, "history", None)
        if isinstance(recorder, HistoryRecorder) and recorder.enabled:
            return recorder
        return None

    async def _history(self, entity: Entity) -> None:
        """Open the entity's panel at its "Elsewhere" section, with the keys in it."""
        from reader.ui.widgets.elsewhere import Elsewhere

        await self._jump(entity)
        screen: MainScreen = self.screen  # type: ignore[assignment]
        screen.reading.panel.query_one(Elsewhere).reveal()

    @staticmethod
    def _help(entity: Entity) -> str:
        count = len(entity.mentions)
        return f"{label_name(entity.label)} · {counted(count, 'mention')}"

    def _highlighted(self) -> list[Entity]:
        """The entities of the types the text highlights (not the dates and numbers it
        hides, unless they are shown)."""
        from reader.ui.screens.main import MainScreen

        screen = self.screen
        labels = screen.reading.labels if isinstance(screen, MainScreen) else frozenset()
        return [entity for entity in self._entities() if entity.label in labels]

    async def discover(self) -> Hits:
        """Every entity of a highlighted type, most mentioned first, before anything is
        typed (a typed query finds the others too, and going to one shows its type)."""
        for entity in sorted(self._highlighted(), key=lambda e: -len(e.mentions)):
            yield DiscoveryHit(
                Content(entity.name),
                partial(self._jump, entity),
                text=entity.name,
                help=self._help(entity),
            )
        for command in sorted(self.app.get_system_commands(self.screen), key=lambda c: c.title):
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        """Entities whose name or alias matches ``query``."""
        matcher = self.matcher(query)
        for entity in self._entities():
            score = max(matcher.match(alias) for alias in (entity.name, *entity.aliases))
            if score > 0:
                # Built from plain Content: entity names come from the article and
                # must never be parsed as markup (Matcher.highlight would parse them).
                yield Hit(
                    score,
                    Content(entity.name),
                    partial(self._jump, entity),
                    text=entity.name,
                    help=self._help(entity),
                )
        if recorder := self._history_kept():
            rest = history_query(query)
            names = self.matcher(rest) if rest else matcher
            for entity in self._entities():
                # Only where the history has something to show (None: not known yet,
                # and then the panel says when no other article mentions it).
                if not entity.is_name or recorder.mentioned_elsewhere(entity) is False:
                    continue
                label = f"History: {entity.name}"
                # The query is matched against the name (after a leading "history", if
                # typed), never against "History: ": its letters made "State" find
                # "History: Senate" and "History: Late Show".
                if rest == "":
                    score = matcher.match(label)
                else:
                    score = max(names.match(alias) for alias in (entity.name, *entity.aliases))
                if score > 0:
                    yield Hit(
                        score * HISTORY_WEIGHT,
                        Content(label),
                        partial(self._history, entity),
                        text=label,
                        help="The other articles you read that mention it",
                    )
        for command in self.app.get_system_commands(self.screen):
            if (score := matcher.match(command.title)) > 0:
                yield Hit(
                    score * SYSTEM_WEIGHT,
                    matcher.highlight(command.title),
                    command.callback,
                    help=command.help,
                )


class ChapterCommands(Provider):
    """Offers "go to" commands for every chapter of a book (none for an article)."""

    def _chapters(self) -> list[tuple[int, str]]:
        from reader.ui.screens.main import MainScreen

        screen = self.screen
        if not isinstance(screen, MainScreen):
            return []
        total = len(screen.document.chapters)
        return [
            (index, f"Chapter {index + 1} of {total}: {chapter.title}")
            for index, chapter in enumerate(screen.document.chapters)
        ]

    def _go(self, index: int) -> None:
        screen: MainScreen = self.screen  # type: ignore[assignment]
        screen.go_to_chapter(index)

    async def discover(self) -> Hits:
        """Every chapter, in book order."""
        for index, text in self._chapters():
            yield DiscoveryHit(Content(text), partial(self._go, index), text=text)

    async def search(self, query: str) -> Hits:
        """Chapters whose title (or "Chapter N") matches ``query``."""
        matcher = self.matcher(query)
        for index, text in self._chapters():
            score = matcher.match(text)
            if score > 0:
                # Plain Content: a chapter title comes from the book, never markup.
                yield Hit(score, Content(text), partial(self._go, index), text=text)
