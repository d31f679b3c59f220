"""The review keys as one list, read from the bindings that the footer shows too.

The help screen and the command palette both list ``commands_of(screen)``:
every binding of the screen and of the app that has a description, with the
keys the user has now (so a remapped key shows as remapped). Keys that run the
same action are one command (``j`` / ``↓``; the screen's ``q`` and the app's
``ctrl+q``); help shows the commands of one ``Binding.Group`` on one line
(``help_rows``: ``1–5`` judge), the palette each on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.app import App
from textual.binding import Binding
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
    group: str | None = None  # the Binding.Group's description, if any

    @property
    def key_text(self) -> str:
        return " / ".join(self.keys)


@dataclass(frozen=True)
class HelpRow:
    """One line of help: a command, or the commands of one group together."""

    key_text: str
    description: str
    tooltip: str


def _target(node: DOMNode, action: str, app: App) -> tuple[int, str]:
    """Where an action runs and its name there: the screen's "app.quit" is the app's "quit"."""
    if action.startswith("app."):
        return id(app), action[4:]
    if action.startswith("screen."):
        return id(node), action[7:]
    return id(node), action


def _bindings(node: DOMNode) -> list[Binding]:
    return [b for bindings in node._bindings.key_to_bindings.values() for b in bindings]


def commands_of(screen: Screen) -> list[Command]:
    """Every described binding of ``screen`` and the app, keys grouped by action, in order.

    Read from the screen's and the app's own bindings (with the user's keymap), not
    from the keys the focused widget takes first, so that ``enter`` and the arrows
    are listed where the screen binds them too.
    """
    app = screen.app
    found: dict[tuple[int, str], Command] = {}
    taken: set[str] = set()
    for node in (screen, app):
        for binding in _bindings(node):
            if binding.key in taken and node is app:
                continue  # the screen's binding of the key wins
            if not binding.description:
                continue
            key = _target(node, binding.action, app)
            shown = binding.key_display or app.get_key_display(binding)
            if key in found:
                old = found[key]
                if shown not in old.keys:
                    found[key] = replace(old, keys=(*old.keys, shown))
                continue
            group = binding.group.description if binding.group else None
            found[key] = Command(
                (shown,),
                binding.description,
                binding.action,
                node,
                binding.id,
                binding.tooltip,
                group,
            )
        taken |= {b.key for b in _bindings(node)}
    return list(found.values())


def help_rows(commands: list[Command]) -> list[HelpRow]:
    """One row per command, the commands of a group on one row ("1–5  Judge — …")."""
    rows: list[HelpRow] = []
    done: set[str] = set()
    for command in commands:
        if command.group is None:
            rows.append(HelpRow(command.key_text, command.description, command.tooltip))
            continue
        if command.group in done:
            continue
        done.add(command.group)
        members = [c for c in commands if c.group == command.group]
        first, last = members[0].keys[0], members[-1].keys[0]
        keys = f"{first}–{last}" if len(members) > 2 else " / ".join(c.keys[0] for c in members)
        tips = "; ".join(c.tooltip for c in members if c.tooltip)
        rows.append(HelpRow(keys, command.group, tips))
    return rows
