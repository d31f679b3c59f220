"""The command palette (ctrl+p): one command for every key of the screen in front."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.bindings import Command, commands_of


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
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self._run, command),
                    help=command.tooltip or None,
                )
