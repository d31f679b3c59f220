"""Tell an action plan from an IRP report from anything else."""

from __future__ import annotations

import re

from extract.models import ParseError

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
    if plan >= 2:
        return "action_plan"
    irp = sum(1 for rx in _IRP_MARKERS if rx.search(text[:60000]))
    if irp >= 2:
        return "irp_report"
    raise ParseError(
        "not an action plan or IRP report: found no action-plan table "
        "('Action Plan:', 'Responsible Owner') and no independent review of progress"
    )
