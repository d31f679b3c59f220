"""The queue screen's writes that check what the reviewer saw, and the choice when it changed.

``QueueConflicts`` is a base of ``QueueScreen``. Each write here passes the
values the reviewer's screen showed (a record's status, an editor's draft and
its base, a judgement's fields) so that the store refuses it when another
window or reviewer changed the same thing since (``store.review.conflicts``).
The reviewer then sees both values (``tui.screens.conflict.ConflictScreen``) and
chooses: keep mine, take theirs, or go back to editing. Nothing is resolved
without them, and escape writes nothing and reads the record again.
"""

from __future__ import annotations

from store.review import changes as ch
from store.review.conflicts import ConflictError, resolve
from store.review.drafts import RecommendationDraft
from store.review.queue import QueueRow
from store.review.records import RecordDetail
from tui.screens.conflict import ConflictScreen
from tui.screens.queue_handlers import QueueHandlers


class QueueConflicts(QueueHandlers):
    """Status keys, saves, judgement edits and undo, each with its conflict choice."""

    # --- status keys -----------------------------------------------------------------

    def write_status(self, row: QueueRow, status: str, note: str | None) -> None:
        """Set ``row``'s status, checked against the status the queue showed for it."""
        expected = row.review_status
        self.change(
            lambda db: ch.set_status(db, self.reviewer, row.ref, status, note, expected=expected),
            after_move=True,
            about=row,
            on_conflict=lambda error: self._status_conflict(row, status, note, error),
        )

    def _status_conflict(
        self, row: QueueRow, status: str, note: str | None, error: ConflictError
    ) -> None:
        def chosen(choice: str | None) -> None:
            if choice == "mine":
                self.change(
                    lambda db: ch.set_status(db, self.reviewer, row.ref, status, note), about=row
                )
            self._reload(keep=self.current.ref if self.current else row.ref)

        self.app.push_screen(
            ConflictScreen(
                f"{self._label(row)}: its status was changed meanwhile",
                error.conflicts,
                mine=f"mark it {status} anyway",
                theirs="keep theirs",
                can_edit=False,
            ),
            chosen,
        )

    # --- a recommendation's editor ---------------------------------------------------

    def save_draft(self, draft: RecommendationDraft, detail: RecordDetail, source: str) -> None:
        """Save an editor's draft: only what changed since its base, checked against it."""
        self.change(
            lambda db: ch.save_recommendation(db, self.reviewer, draft),
            on_conflict=lambda error: self._draft_conflict(draft, detail, source, error),
        )

    def _draft_conflict(
        self, draft: RecommendationDraft, detail: RecordDetail, source: str, error: ConflictError
    ) -> None:
        def chosen(choice: str | None) -> None:
            if choice in ("mine", "theirs"):
                self.save_draft(resolve(draft, error.conflicts, choice), detail, source)
            elif choice == "edit":
                self.edit_draft(draft, detail, source, original=draft.base)
            else:
                self.notify("Not saved: the record is read again.", title="Conflict")
                self._reload(keep=detail.ref)

        self.app.push_screen(
            ConflictScreen(f"Record {detail.record.get('rec_no') or ''}: changed meanwhile",
                           error.conflicts),
            chosen,
        )  # fmt: skip

    def edit_draft(
        self,
        draft: RecommendationDraft,
        detail: RecordDetail,
        source: str,
        original: RecommendationDraft | None = None,
    ) -> None:
        """Open the editor on ``draft`` (changes counted from ``original``, default: the draft)."""
        from tui.screens.edit import EditScreen

        def save(edited: RecommendationDraft | None) -> None:
            if edited is not None:
                self.save_draft(edited, detail, source)

        self.app.push_screen(EditScreen(draft, detail, source, original=original), save)

    # --- judgements ------------------------------------------------------------------

    def save_judgement(self, detail: RecordDetail, fields: dict[str, object]) -> None:
        """Set a judgement's fields, checked against the values the screen showed."""
        expected = {name: detail.record.get(name) for name in fields}
        self.change(
            lambda db: ch.update_judgement(
                db, self.reviewer, detail.id, expected=expected, **fields
            ),
            on_conflict=lambda error: self._judgement_conflict(detail, fields, error),
        )

    def _judgement_conflict(
        self, detail: RecordDetail, fields: dict[str, object], error: ConflictError
    ) -> None:
        clashing = {c.field for c in error.conflicts}

        def chosen(choice: str | None) -> None:
            if choice == "mine":
                keep = fields
            elif choice == "theirs":  # their values stay; the fields that did not clash are saved
                keep = {k: v for k, v in fields.items() if k not in clashing}
            else:
                keep = {}
            if keep:
                self.change(lambda db: ch.update_judgement(db, self.reviewer, detail.id, **keep))
            self._reload(keep=detail.ref)

        self.app.push_screen(
            ConflictScreen(f"Judgement {detail.record.get('ref') or ''}: changed meanwhile",
                           error.conflicts, can_edit=False),
            chosen,
        )  # fmt: skip

    # --- undo ------------------------------------------------------------------------

    def undo(self) -> None:
        """Undo the reviewer's last change; if someone changed its rows since, ask."""
        self.change(lambda db: ch.undo(db, self.reviewer), on_conflict=self._undo_conflict)

    def _undo_conflict(self, error: ConflictError) -> None:
        forceable = getattr(error, "forceable", False)

        def chosen(choice: str | None) -> None:
            if choice == "mine" and forceable:
                self.change(lambda db: ch.undo(db, self.reviewer, force=True))
            else:
                self.notify("Not undone: their change stays.", title="Undo")

        self.app.push_screen(
            ConflictScreen(
                "Undo: someone changed it since",
                error.conflicts,
                mine="undo anyway (overwrite theirs)",
                theirs="keep theirs (don't undo)",
                can_edit=False,
                can_keep_mine=forceable,
            ),
            chosen,
        )
