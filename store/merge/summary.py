"""What a merge did (or, dry, would do): per document, and in all."""

from __future__ import annotations

from dataclasses import dataclass, field

from store.plural import counted


@dataclass
class DocumentCounts:
    """One document's row of the merge table."""

    document_id: int | None  # ours (None: judgements recorded by hand)
    label: str = ""
    new: bool = False  # only they had it: brought in whole
    statuses: int = 0  # review statuses taken from theirs
    fields: int = 0  # other fields taken from theirs
    added: int = 0  # rows added (records, actions, links)
    removed: int = 0  # rows deleted as they deleted them
    conflicts: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.new or self.statuses or self.fields or self.added or self.removed
            or self.conflicts
        )  # fmt: skip


@dataclass(frozen=True)
class ConflictLine:
    """One conflict, as the summary lists it."""

    document: str
    record: str  # 'record 1.2', 'judgement 3.4'
    what: str  # 'agreement', 'action 2 (owner)', 'action 2 (deleted here, edited there)'
    ours: str
    theirs: str


@dataclass
class MergeResult:
    """The outcome: per-document counts, conflicts, and what the file said."""

    source: str
    dry_run: bool
    documents: list[DocumentCounts] = field(default_factory=list)
    conflicts: list[ConflictLine] = field(default_factory=list)
    edits_copied: int = 0
    merge_id: int | None = None  # the merges row written (None: dry run or nothing new)
    already: str | None = None  # when nothing was new: the earlier merge of the same work

    @property
    def nothing_new(self) -> bool:
        return self.edits_copied == 0 and not any(d.changed for d in self.documents)

    def totals(self) -> DocumentCounts:
        total = DocumentCounts(None, "total")
        for row in self.documents:
            total.statuses += row.statuses
            total.fields += row.fields
            total.added += row.added
            total.removed += row.removed
            total.conflicts += row.conflicts
        return total

    def headline(self) -> str:
        """One line: what the merge did or would do."""
        if self.nothing_new:
            since = f" (already merged: {self.already})" if self.already else ""
            return f"{self.source}: nothing new to merge{since}; nothing written"
        total = self.totals()
        new_docs = sum(1 for d in self.documents if d.new)
        verb = "would bring" if self.dry_run else "brought"
        parts = [
            counted(total.statuses, "review status", "review statuses"),
            counted(total.fields, "other field"),
            counted(total.added, "row") + " added",
            f"{total.removed} removed",
            counted(new_docs, "new document"),
            counted(self.edits_copied, "edit"),
        ]
        conflicts = f"; {counted(total.conflicts, 'conflict')} (ours kept, records flagged)"
        tail = " (dry run: nothing written)" if self.dry_run else ""
        return (
            f"{self.source}: {verb} {', '.join(parts)}{conflicts if total.conflicts else ''}{tail}"
        )
