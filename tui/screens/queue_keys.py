"""The review queue's keys, declared once: the footer, the help screen and the command
palette all read this list (``tui.bindings``); ``QueueScreen`` takes it as its ``BINDINGS``.

The order here is the order of the help screen.
"""

from __future__ import annotations

from textual.binding import Binding

JUDGE = Binding.Group("Judge", compact=True)
JUDGE_KEYS = {
    1: "HMIP No meaningful progress, Ofsted Insufficient",
    2: "HMIP Insufficient, Ofsted Reasonable",
    3: "HMIP Reasonable, Ofsted Significant",
    4: "HMIP Good progress",
}


def _judge_keys() -> list[Binding]:
    """1–5: one binding each (the palette lists them all), one group in footer and help."""
    keys = [
        Binding(
            str(n),
            f"judge({n})",
            f"Judge {n}: {meaning}",
            tooltip=f"{n} {meaning}",
            group=JUDGE,
            id=f"queue.judge_{n}",
        )
        for n, meaning in JUDGE_KEYS.items()
    ]
    keys.append(
        Binding(
            "5",
            "judge(5)",
            "Judge 5: shows the scales",
            tooltip="5 shows the scales (none has five levels); on a recommendation "
            "1–4 record a progress judgement by hand",
            group=JUDGE,
            id="queue.judge_5",
        )
    )
    return keys


QUEUE_BINDINGS = [
    Binding("j,down", "next_record", "Next record", show=False, id="queue.next"),
    Binding("k,up", "previous_record", "Previous record", show=False, id="queue.previous"),
    Binding(
        "space,right_square_bracket",
        "next_unreviewed",
        "Next unreviewed",
        show=False,
        tooltip="Jump to the next unreviewed record, changing nothing (from the top after "
        "the last)",
        id="queue.next_unreviewed",
    ),
    # keys that move within a pane never move the queue: from the queue they scroll
    # the detail; in the source or the detail pane (tab) they move there
    Binding(
        "pagedown",
        "scroll_detail('page_down')",
        "Detail: page down",
        show=False,
        tooltip="From the queue these four scroll the detail; in the source or the "
        "detail pane (tab) they move within it. Only j/k and the arrows move the queue",
        id="queue.detail_page_down",
    ),
    Binding(
        "pageup",
        "scroll_detail('page_up')",
        "Detail: page up",
        show=False,
        id="queue.detail_page_up",
    ),
    Binding("home", "scroll_detail('home')", "Detail: top", show=False, id="queue.detail_top"),
    Binding("end", "scroll_detail('end')", "Detail: end", show=False, id="queue.detail_end"),
    Binding(
        "v",
        "verify",
        "Verify",
        tooltip="Verified; on to the next unreviewed",
        id="queue.verify",
    ),
    Binding("f", "flag", "Flag", tooltip="Flag with an optional note; move on", id="queue.flag"),
    Binding(
        "x",
        "reject",
        "Reject",
        tooltip="Not a real record: a parsing artefact",
        id="queue.reject",
    ),
    Binding(
        "V",
        "verify_rest",
        "Verify the rest of this document",
        show=False,
        tooltip="Asks first, naming how many; only the unreviewed records; one u undoes it",
        id="queue.verify_rest",
    ),
    Binding("e,enter", "edit", "Edit", tooltip="Edit the record's fields", id="queue.edit"),
    *_judge_keys(),
    Binding(
        "u",
        "undo",
        "Undo",
        tooltip="Undo your last change (even after a restart)",
        id="queue.undo",
    ),
    Binding("slash", "search", "Search", id="queue.search"),
    Binding(
        "o",
        "outstanding",
        "Outstanding",
        tooltip="The prison's outstanding actions: owner, target, days overdue",
        id="queue.outstanding",
    ),
    Binding(
        "g",
        "documents",
        "Documents",
        tooltip="Go to a document: every document with its review progress",
        id="queue.documents",
    ),
    Binding(
        "l",
        "links",
        "Links",
        show=False,
        tooltip="A judgement's recommendations; a recommendation's judgements and repeat "
        "links (c confirm, d remove, a add, u undo)",
        id="queue.links",
    ),
    Binding(
        "h",
        "prison",
        "Prison over time",
        show=False,
        tooltip="The prison's documents, repeated recommendations and charts",
        id="queue.prison",
    ),
    Binding(
        "n",
        "new_record",
        "New from selection",
        show=False,
        tooltip="A record the parser missed, from the lines selected in the source (tab to "
        "it, shift+arrows select): number, agreement and actions read as the importer "
        "reads a row",
        id="queue.new",
    ),
    Binding(
        "m",
        "merge_next",
        "Merge with the next record",
        show=False,
        tooltip="Two records the parser split: texts joined, actions together; one u undoes it",
        id="queue.merge_next",
    ),
    Binding("s", "cycle_status", "Filter by status", show=False, id="queue.filter_status"),
    Binding("w", "toggle_warnings", "Only with warnings", show=False, id="queue.filter_warnings"),
    Binding("d", "toggle_document", "Only this document", show=False, id="queue.filter_document"),
    Binding(
        "t",
        "toggle_overdue",
        "Only with an overdue action",
        show=False,
        tooltip="Recommendations with an open action past its target date",
        id="queue.filter_overdue",
    ),
    Binding("p", "toggle_prison", "Only this prison", show=False, id="queue.filter_prison"),
    Binding(
        "P",
        "pick_prison",
        "Pick a prison",
        show=False,
        tooltip="Every prison with its counts, type to filter; g picks a document",
        id="queue.pick_prison",
    ),
    Binding("c", "toggle_order", "Uncertain first", show=False, id="queue.order"),
    Binding("r", "reload", "Reload", show=False, id="queue.reload"),
    Binding(
        "C",
        "toggle_conflicts",
        "Only merge conflicts",
        show=False,
        tooltip="Records a merge flagged with a conflict still to resolve (R resolves one)",
        id="queue.filter_conflicts",
    ),
    Binding(
        "R",
        "resolve_conflict",
        "Resolve a merge conflict",
        show=False,
        tooltip="The record's merge conflicts: keep ours or take theirs (u undoes it)",
        id="queue.resolve_conflict",
    ),
    Binding("q", "app.quit", "Quit", id="queue.quit"),
]
