"""Pure parsing: document text in, records out. No SQLite, no Textual."""

from extract.models import (
    Action,
    ActionPlan,
    Document,
    IRPReport,
    Judgement,
    ParseError,
    Recommendation,
)

# Bump when a parser change can change what is extracted from the same text:
# the store re-parses documents imported by an older version.
PARSER_VERSION = "1"

__all__ = [
    "PARSER_VERSION",
    "Action",
    "ActionPlan",
    "Document",
    "IRPReport",
    "Judgement",
    "ParseError",
    "Recommendation",
    "detect_kind",
    "parse_document",
]


def detect_kind(text: str) -> str:
    """'action_plan' or 'irp_report'; ParseError for anything else."""
    from extract.kind import detect_kind as _detect

    return _detect(text)


def parse_document(text: str) -> Document:
    """Parse an action plan or an IRP report, whichever the text is."""
    kind = detect_kind(text)
    if kind == "action_plan":
        from extract.action_plan.parse import parse_action_plan

        return parse_action_plan(text)
    from extract.irp.parse import parse_irp

    return parse_irp(text)
