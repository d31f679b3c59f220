"""The review app: ``ReviewApp(db=PATH, reviewer=NAME)``.

One base screen, the queue (``tui.screens.queue``); the editor, search, help,
links and outstanding-actions screens are pushed over it. The app itself runs
no SQL: screens start worker threads that open their own connection through
``store`` and post messages back, all through ``tui.background.run_and_post``.
"""

from __future__ import annotations

import gc
from pathlib import Path

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from store.review.queue import PAGE_SIZE
from tui.commands import ReviewCommands
from tui.reviewer import default_reviewer
from tui.screens.queue import QueueScreen


class ReviewApp(App[None]):
    """Review the records of one hmip-review database by keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "hmip-review"
    COMMANDS = App.COMMANDS | {ReviewCommands}
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
    ]

    def __init__(
        self, db: str | Path, reviewer: str | None = None, *, page_size: int = PAGE_SIZE
    ) -> None:
        super().__init__()
        self.db_path = Path(db)
        self.reviewer = (reviewer or "").strip() or default_reviewer()
        self.page_size = page_size
        self.quitting = False
        self.asked_to_quit: Screen | None = None  # the editor whose changes quit asked about

    def on_mount(self) -> None:
        # pushed (not returned by get_default_screen) so that its .tcss is loaded
        self.push_screen(QueueScreen(self.db_path, self.reviewer, self.page_size))

    def settle(self) -> None:
        """The first record is on the screen: move everything made so far out of the
        garbage collector's way (``gc.freeze``), so that its full collections, which
        would otherwise walk every widget and style, stop pausing key presses."""
        gc.freeze()

    def on_unmount(self) -> None:
        gc.unfreeze()

    async def action_quit(self) -> None:
        """Quit; keys pressed after q (still in the terminal's buffer) do nothing.

        Every way to quit comes here (q, ctrl+q, the palette). With an editor's
        changes unsaved it asks first, the way the editor's escape does: quit again
        straight away throws them away; after any other key it asks again.
        """
        editor = self._unsaved_editor()
        if editor is not None and editor is not self.asked_to_quit:
            self.asked_to_quit = editor
            self.notify(
                f"Unsaved changes: ctrl+s saves them, {self._quit_key()} again quits and "
                "throws them away.",
                title="Quit?",
                severity="warning",
            )
            return
        self.quitting = True
        await super().action_quit()

    def _unsaved_editor(self) -> Screen | None:
        """The screen in front of the others that holds changes not saved yet (an editor)."""
        for screen in reversed(self.screen_stack):
            unsaved = getattr(screen, "has_unsaved_changes", None)
            if callable(unsaved) and unsaved():
                return screen
        return None

    def _quits(self, key: str) -> bool:
        active = self.active_bindings.get(key)
        return active is not None and active.binding.action in ("quit", "app.quit")

    def _quit_key(self) -> str:
        return next((key for key in self.active_bindings if self._quits(key)), "quit")

    async def on_event(self, event: events.Event) -> None:
        if (
            self.asked_to_quit is not None
            and self.screen_stack
            and self.screen_stack[-1] is self.asked_to_quit  # not the palette's keys
            and isinstance(event, events.Key | events.MouseDown)
            and not (isinstance(event, events.Key) and self._quits(event.key))
        ):
            self.asked_to_quit = None  # the reviewer went on editing: ask again next time
        await super().on_event(event)

    def action_help(self) -> None:
        """Show every key of the screen in front (the same list as its footer)."""
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))
