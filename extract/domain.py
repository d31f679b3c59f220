"""The vocabulary the documents print, one copy of each: the single home of these facts.

``store.domain`` re-exports them (with the store's own facts: record kinds,
review statuses, establishment names) so that store/ and tui/ look them up in
one place; extract/ cannot import store/, so the parser's facts live here.
"""

from __future__ import annotations

ACTION_PLAN = "action_plan"
IRP_REPORT = "irp_report"
DOCUMENT_KINDS = (ACTION_PLAN, IRP_REPORT)

AGREEMENTS = ("Agreed", "Partly Agreed", "Not Agreed")
ACTION_STATUSES = ("open", "complete", "not_applicable")

HMIP = "HMIP"
OFSTED = "Ofsted"
# Each inspectorate's progress scale, lowest first: the digit keys 1-4 / 1-3 of
# the review app pick from it. Estyn themes use Ofsted's scale.
HMIP_SCALE = (
    "No meaningful progress",
    "Insufficient progress",
    "Reasonable progress",
    "Good progress",
)
OFSTED_SCALE = ("Insufficient progress", "Reasonable progress", "Significant progress")
SCALES = {HMIP: HMIP_SCALE, OFSTED: OFSTED_SCALE}
# Every judgement value either scale has, lowest first (the database's CHECK list).
JUDGEMENTS = (
    "No meaningful progress",
    "Insufficient progress",
    "Reasonable progress",
    "Good progress",
    "Significant progress",
)


def scale_of(inspectorate: str | None) -> tuple[str, ...]:
    """The scale an inspectorate judges on; HMIP's for anything unknown."""
    return SCALES.get(inspectorate or HMIP, HMIP_SCALE)
