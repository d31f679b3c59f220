"""Records the parsers produce: plain dataclasses, no I/O.

Every record carries the character span of the source text it came from
(``span_start``/``span_end`` index into the document's ``text``) and a list of
human-readable parse warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field


class ParseError(ValueError):
    """The text is not a document this parser can read (wrong kind, empty, garbage)."""


@dataclass
class Action:
    """One owner/target pair of a recommendation's response."""

    position: int
    owner: str | None
    target: str | None  # as written: 'December 2021', 'Complete', 'N/A', ''
    target_date: str | None = None  # ISO date; a month means its last day
    status: str = "open"  # 'open' | 'complete' | 'not_applicable'
    text: str | None = None  # the response paragraph this action belongs to, when known
    target_as_printed: str | None = None  # set when the target was repaired
    target_unreadable: bool = False  # written, but neither a date nor a status
    span_start: int | None = None
    span_end: int | None = None


@dataclass
class Recommendation:
    """One row of an action plan: a recommendation (or concern) and its response."""

    position: int
    rec_no: str | None
    rec_no_as_printed: str = ""
    section: str | None = None
    heading: str | None = None
    addressee: str | None = None  # 'governor' | 'HMPPS' | None
    ref: str | None = None
    repeated_ref: str | None = None
    agreement: str | None = None  # one of extract.domain.AGREEMENTS or None
    agreement_printed: bool | None = None  # False: inferred from the summary table
    concern: str | None = None
    recommendation: str | None = None
    response: str | None = None
    actions: list[Action] = field(default_factory=list)
    span_start: int = 0
    span_end: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class ActionPlan:
    text: str
    establishment: str | None = None
    title: str | None = None
    inspection: str | None = None  # dates as printed
    submitted: str | None = None  # ISO
    published: str | None = None  # ISO
    stated_counts: dict[str, int] | None = None
    layout: str | None = None  # 'word_table' | 'pdf_table' | 'concerns_table'
    recommendations: list[Recommendation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = "action_plan"


@dataclass
class Judgement:
    """One progress judgement of an IRP report."""

    position: int
    inspectorate: str  # 'HMIP' | 'Ofsted'
    ref: str | None  # report paragraph of the judged recommendation ('1.38'); Ofsted: theme no.
    theme: str | None
    text: str | None  # the judged recommendation (HMIP) or theme question (Ofsted)
    judgement: str | None
    concern: str | None = None
    summary: str | None = None  # Ofsted: the short theme text of the summary section
    paragraphs: str | None = None  # '3.1-3.3'
    span_start: int = 0
    span_end: int = 0
    warnings: list[str] = field(default_factory=list)
    # followed up but not judged ("we were unable to assess progress against this
    # recommendation", "Not assessed" in the summary): judgement is None, and rightly so
    not_assessed: bool = False
    # an education theme's inspectorate as the report names it: 'Ofsted', or 'Estyn' in
    # Wales, whose themes are filed under inspectorate 'Ofsted' (the same three-level
    # scale; the schema allows only 'HMIP' | 'Ofsted'). None for HMIP items.
    inspectorate_name: str | None = None


@dataclass
class IRPReport:
    text: str
    establishment: str | None = None
    title: str | None = None
    inspection: str | None = None  # the inspection it follows up, as printed
    inspection_year: int | None = None  # the year of that inspection
    published: str | None = None  # ISO (a month means its first day)
    stated_counts: dict | None = None
    judgements: list[Judgement] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: str = "irp_report"


Document = ActionPlan | IRPReport
