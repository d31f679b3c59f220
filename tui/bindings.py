"""The review keys as one list, read from the bindings that the footer shows too.

The help screen and the command palette both list ``commands_of(screen)``:
every binding of the screen and of the app that has a description, with the
keys the user has now (so a remapped key shows as remapped).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass(frozen=True)
class Command:
    """One action and the keys that run it."""

    keys: tuple[str, ...]  # as displayed: ('e', 'enter')
    description: str
    action: str
    node: DOMNode  # where the action runs
    id: str | None
    tooltip: str

    @property
    def key_text(self) -> str:
        return " / ".join(self.keys)


def commands_of(screen: Screen) -> list[Command]:
    """Every described binding of ``screen`` and the app, keys grouped by action, in order."""
    app = screen.app
    found: dict[tuple[int, str], Command] = {}
    for active in screen.active_bindings.values():
        node, binding = active.node, active.binding
        if not isinstance(node, Screen | App) or not binding.description:
            continue
        key = (id(node), binding.action)
        shown = binding.key_display or app.get_key_display(binding)
        if key in found:
            old = found[key]
            if shown not in old.keys:
                found[key] = Command(
                    (*old.keys, shown), old.description, old.action, node, old.id, old.tooltip
                )
            continue
        found[key] = Command(
            (shown,), binding.description, binding.action, node, binding.id, binding.tooltip
        )
    commands = list(found.values())
    # the screen's own keys first, then the app's
    return [c for c in commands if c.node is screen] + [c for c in commands if c.node is not screen]
