"""An input field whose editing keys apply in the order they were typed.

Textual's :class:`~textual.widgets.Input` inserts a typed character as soon as its key
arrives, but runs a bound key (backspace, delete, the arrows, ctrl+k...) only once the key
event has bubbled up to the app. Under fast typing, or a held-down backspace, a later
character can land before an earlier backspace: clearing "Democratic Party" and typing
"Democrats" quickly gave "DeDemocra" (Textual issue #6605). :class:`OrderedInput` runs the
input's own bindings as their key arrives, as the app would run them.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class OrderedInput(Input):
    """An :class:`~textual.widgets.Input` that applies its own bound keys in typing order."""

    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for binding in self._bindings.key_to_bindings.get(event.key, ()):
                if not binding.priority and await self.app.run_action(binding.action, self):
                    event.stop()
                    event.prevent_default()
                    return
        await super()._on_key(event)
