"""The command palette (ctrl+p): one command for every key of the screen in front,
found by its title or by any word of its description."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.bindings import Command, commands_of


def _word_score(query: str, command: Command) -> float:
    """A command found by any word of its description or tooltip ("overdue" finds the
    outstanding actions), scored below a match of its title."""
    words = f"{command.description} {command.tooltip} {command.group or ''}".lower().split()
    wanted = query.lower().split()
    if wanted and all(any(w.startswith(q) for w in words) for q in wanted):
        return 0.5
    return 0.0


class ReviewCommands(Provider):
    """Every described binding of the screen and app, runnable by name."""

    def _commands(self) -> list[Command]:
        return commands_of(self.screen)

    async def _run(self, command: Command) -> None:
        await self.app.run_action(command.action, command.node)

    def _title(self, command: Command) -> str:
        return f"{command.description} ({command.key_text})"

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                self._title(command), partial(self._run, command), help=command.tooltip or None
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            title = self._title(command)
            score = matcher.match(title) or _word_score(query, command)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, command),
                    help=command.tooltip or None,
                )
