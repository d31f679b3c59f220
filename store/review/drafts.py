"""A recommendation being edited: its fields and its actions, before they are saved.

The editor works on a draft and saves it in one change (so escape can cancel
and one undo reverts the whole edit); ``store.review.changes`` applies single action
operations the same way. A draft keeps its *base*, the recommendation as it was
when the draft was made, so that a save writes only what the reviewer changed
and can tell a change someone else made meanwhile (``store.review.conflicts``).
These are plain data and list operations, no SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from extract.dates import read_target, split_repeated_owner, split_targets

# The fields of a recommendation a reviewer can edit, in the order the editor shows them.
REC_FIELDS = (
    "agreement",
    "rec_no",
    "ref",
    "repeated_ref",
    "section",
    "heading",
    "addressee",
    "recommendation",
    "concern",
    "response",
    "note",
)
ACTION_FIELDS = ("owner", "target", "text")


@dataclass
class ActionDraft:
    """One action as the editor holds it; ``id`` is None for an action not saved yet."""

    id: int | None
    owner: str | None = None
    target: str | None = None
    text: str | None = None
    span_start: int | None = None
    span_end: int | None = None

    def reading(self):
        """Status and ISO date of the target, as ``extract.dates.read_target`` reads it."""
        return read_target(self.target)


@dataclass
class RecommendationDraft:
    """A recommendation's editable fields and its actions in order.

    ``base`` is the recommendation as the draft started from it (None: take the
    stored one, as for a change made and saved at once).
    """

    id: int
    fields: dict[str, object]
    actions: list[ActionDraft] = field(default_factory=list)
    base: RecommendationDraft | None = field(default=None, repr=False, compare=False)

    def copy(self) -> RecommendationDraft:
        """A copy to edit, with the same base."""
        return RecommendationDraft(
            self.id, dict(self.fields), [replace(a) for a in self.actions], self.base
        )

    def started(self) -> RecommendationDraft:
        """This draft with itself as its base: a draft just read from the database."""
        self.base = RecommendationDraft(
            self.id, dict(self.fields), [replace(a) for a in self.actions]
        )
        return self


def add_action(actions: list[ActionDraft], index: int | None) -> int:
    """Insert an empty action after ``index`` (at the end when None); return its index."""
    at = len(actions) if index is None else index + 1
    actions.insert(at, ActionDraft(None))
    return at


def remove_action(actions: list[ActionDraft], index: int) -> int:
    """Remove the action at ``index``; return the index of the action now selected."""
    del actions[index]
    return min(index, len(actions) - 1)


def split_action(actions: list[ActionDraft], index: int, at: int | None = None) -> int:
    """Split an action in two; return the index of the second.

    A target holding two or more targets ('December 2021 March 2022') is split
    between them, and an owner repeated once per target ('Governor Governor')
    too. The text is split at character ``at`` when given, else at its first
    line break; with neither, both halves keep the text.
    """
    first = actions[index]
    second = replace(first, id=None)
    targets = split_targets(first.target or "")
    if len(targets) > 1:
        first.target, second.target = targets[0], " ".join(targets[1:])
        owners = split_repeated_owner(first.owner or "", 2)
        if owners:
            first.owner, second.owner = owners
    text = first.text or ""
    cut = at if at is not None and 0 < at < len(text) else text.find("\n")
    if cut > 0:
        first.text, second.text = text[:cut].rstrip() or None, text[cut:].strip() or None
    actions.insert(index + 1, second)
    return index + 1


def merge_with_next(actions: list[ActionDraft], index: int) -> int:
    """Merge the action at ``index`` with the one after it; return ``index``.

    Texts are joined; the first action's owner and target are kept, or the
    second's where the first has none, and two different owners are both kept.
    """
    if index + 1 >= len(actions):
        raise IndexError("the last action has no next action to merge with")
    first, second = actions[index], actions.pop(index + 1)
    first.text = "\n".join(t for t in (first.text, second.text) if t) or None
    if not first.owner:
        first.owner = second.owner
    elif second.owner and second.owner != first.owner:
        first.owner = f"{first.owner} / {second.owner}"
    first.target = first.target or second.target
    if first.span_start is None or (
        second.span_start is not None and second.span_start < first.span_start
    ):
        first.span_start = second.span_start
    if second.span_end is not None and (first.span_end is None or second.span_end > first.span_end):
        first.span_end = second.span_end
    return index


def move_action(actions: list[ActionDraft], index: int, offset: int) -> int:
    """Move the action at ``index`` by ``offset`` places (clamped); return its new index."""
    to = max(0, min(len(actions) - 1, index + offset))
    actions.insert(to, actions.pop(index))
    return to
