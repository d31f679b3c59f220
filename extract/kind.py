"""Tell an action plan from an IRP report from anything else, and keep a plan whose table is unread.

What kind a text is decides whether it is kept. Text that is neither kind (a
letter, minutes) is refused. An action plan is kept even when its table cannot
be read (a header in words the parser does not know, a layout not seen before):
``plan_without_records`` stores its text and metadata with no records and a
warning, so that a reviewer can open it and mark the records by hand.
"""

from __future__ import annotations

import re

from extract.models import ActionPlan, ParseError

# the warning a plan kept without records carries; the app and the import summary
# look for it by its start
NO_RECORDS = "no records found: mark them by hand (n on a selection)"
_UNREAD = "the table was not read: "

_PLAN_MARKERS = (
    re.compile(r"^\s*(?:HMPPS\s+|NOMS\s+)?Action\s+Plan\s*(?:for\s*)?:", re.I | re.M),
    re.compile(r"Response Action Taken", re.I),
    re.compile(r"Responsible Owner", re.I),
    re.compile(r"A Response to the HM\w* Inspection", re.I),
)
_IRP_MARKERS = (
    re.compile(r"independent\s+review\s+of\s+progress", re.I),
    re.compile(r"\b(?:No meaningful|Insufficient|Reasonable|Good|Significant) progress\b", re.I),
)


def detect_kind(text: str) -> str:
    """Return 'action_plan' or 'irp_report'; raise ParseError otherwise."""
    if not text or not text.strip():
        raise ParseError("empty document: expected an HMPPS action plan or an HMIP IRP report")
    if "\x00" in text[:4096]:
        raise ParseError("binary content: expected an HMPPS action plan or an HMIP IRP report")
    head = text[:20000]
    plan = sum(1 for rx in _PLAN_MARKERS if rx.search(head))
    irp_title = _IRP_MARKERS[0].search(head) is not None
    if irp_title and plan < 2:
        return "irp_report"
    if plan >= 2 or _plan_table(head):
        return "action_plan"
    irp = sum(1 for rx in _IRP_MARKERS if rx.search(text[:60000]))
    if irp >= 2:
        return "irp_report"
    raise ParseError(
        "not an action plan or IRP report: found no action-plan table "
        "('Action Plan:', 'Responsible Owner') and no independent review of progress"
    )


def _plan_table(head: str) -> bool:
    """A table header naming a plan's columns in any wording ('No. | Recommendation |
    Response | Responsible | Target date | Agreed | …')."""
    from extract.action_plan.header import find_header
    from extract.action_plan.table import split_lines

    return find_header(split_lines(head)) is not None


def plan_without_records(text: str, unread: ParseError) -> ActionPlan:
    """``text`` as an action plan with no records, when parsing it failed with ``unread``.

    The plan has its text, the metadata read from its head and two warnings:
    ``NO_RECORDS`` and why the table was not read. Text that is not an action
    plan by ``detect_kind`` is refused: ``unread`` is raised again (or the reason
    it is not a document at all).
    """
    from extract.action_plan.metadata import read_metadata

    if detect_kind(text) != "action_plan":
        raise unread
    meta = read_metadata(text)
    return ActionPlan(
        text=text,
        establishment=meta.establishment,
        title=meta.title,
        inspection=meta.inspection,
        submitted=meta.submitted,
        published=meta.published,
        warnings=[NO_RECORDS, f"{_UNREAD}{unread}", *meta.warnings],
    )


def unread_reason(parsed: object) -> str | None:
    """Why ``parsed`` was kept without records by ``plan_without_records``; None for any other."""
    warnings = getattr(parsed, "warnings", None)
    if not warnings or warnings[0] != NO_RECORDS or len(warnings) < 2:
        return None
    return str(warnings[1]).removeprefix(_UNREAD)
