"""Interpreter: table rows of an action plan → Recommendation records.

The layout reader (:mod:`extract.action_plan.table`) gives rows whose cells are
assigned to columns. This module decides what each row is (a section row, a
heading row, the first row of a recommendation, or a continuation of the
current one), then builds each recommendation: number, refs, agreement,
concern and recommendation text, response, and its owner/target actions.
Last come the document-wide checks: numbers missing or garbled are implied by
their neighbours, a missing agreement is inferred from the summary count
table where the arithmetic leaves one answer, and parsed counts are compared
with the stated ones.
"""

from __future__ import annotations

import re
from collections import Counter

from extract.action_plan.actions import RowActions, build_actions
from extract.action_plan.agreement import check_counts, infer_agreements, read_agreement
from extract.action_plan.cells import (
    clean,
    ends_sentence,
    has_paragraphs,
    list_items,
    paragraphs,
    word_count,
)
from extract.action_plan.columns import agreement_value
from extract.action_plan.metadata import read_metadata
from extract.action_plan.numbering import check_gaps, repair_numbers
from extract.action_plan.refs import heading_addressee, parse_rec_text, starts_with_row_label
from extract.action_plan.table import Row, TableText, read_table
from extract.models import ActionPlan, ParseError, Recommendation

_SECTION = re.compile(
    r"^(?:(?:key|main|priority|other|further|additional|previous)\s+)?"
    r"(?:areas?\s+of\s+(?:key\s+|priority\s+)?)?"
    r"(?:concerns?|recommendations?)"
    r"(?:\s+and\s+(?:key\s+)?(?:concerns?|recommendations?))?$",
    re.I,
)
# sections of an inspection report that hold no recommendations to answer
_OTHER_SECTION = re.compile(
    r"^(?:(?:notable\s+)?(?:good|positive)\s+practice|notable\s+positive\s+practice"
    r"|housekeeping(?:\s+points)?|examples\s+of\s+(?:good|notable)\s+practice)$",
    re.I,
)
_TO_HEADING = re.compile(r"^to\s+(?:the\s+)?\S", re.I)
_RECNO = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|\.\d+)\s*$")
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "|": "1", "O": "0", "o": "0"})


def rec_number(cell: str) -> str | None:
    """The rec number a rec-no cell holds ('7.1', '.5', OCR '5.l0' → '5.10'), or None."""
    if _RECNO.match(cell):
        return cell.strip()
    fixed = cell.strip().translate(_OCR_DIGITS)
    if any(ch.isdigit() for ch in cell) and len(fixed) <= 8 and _RECNO.match(fixed):
        return fixed
    return None


class _Builder:
    """The rows of one recommendation, gathered before it is interpreted."""

    def __init__(self, section: str | None, heading: str | None) -> None:
        self.section = section
        self.heading = heading
        self.rows: list[Row] = []

    def text_so_far(self) -> str:
        return " ".join(t for t in (_title(r) for r in self.rows) if t)

    def has_agreement(self) -> bool:
        return any(agreement_value(r.get("agreement")) for r in self.rows)


def _is_heading(text: str) -> bool:
    t = text.strip()
    return (
        0 < word_count(t) <= 10
        and t[0].isupper()
        and t[-1] not in ".,;:!?)"
        and not starts_with_row_label(t)
    )


def _starts_record(row: Row, current: _Builder | None, has_agreement_col: bool) -> bool:
    number = rec_number(row.get("rec_no"))
    if number:
        if current is None or number != rec_number(current.rows[0].get("rec_no")):
            return True
        # The same number again: a page-break continuation repeating its row's
        # number, unless the line is a whole row of its own (a misprinted number).
        text = row.get("text")
        if text and starts_with_row_label(text):
            return True
        if has_agreement_col:
            return bool(agreement_value(row.get("agreement")) and current.has_agreement())
        return bool(text[:1].isupper() and ends_sentence(current.text_so_far()))
    text = row.get("text")
    if text and starts_with_row_label(text):
        return True
    return bool(
        has_agreement_col
        and text
        and agreement_value(row.get("agreement"))
        and current is not None
        and current.has_agreement()
    )


def _number_only(builder: _Builder) -> bool:
    """A row so far made of a rec number printed on a line of its own."""
    return all(r.filled() <= {"rec_no"} for r in builder.rows)


def _title(row: Row) -> str:
    """The row's leftmost prose: the text column, or a concern column beside it."""
    return row.get("concern") or row.get("text")


def _row_kind(row: Row) -> str:
    """'section', 'heading' (a candidate), or 'other', from the row alone."""
    filled = row.filled()
    if len(filled) != 1 or not filled <= {"text", "concern"}:
        return "other"
    text = _title(row)
    if _SECTION.match(text.strip()):
        return "section"
    if _OTHER_SECTION.match(text.strip()):
        return "other_section"
    return "heading" if _is_heading(text) else "other"


def group_rows(table: TableText) -> tuple[list[_Builder], list[str]]:
    """Split the table rows into recommendations, tracking sections and headings.

    A heading row is a short title-like line alone in the text column that
    ends the current recommendation (its text reads as finished) and is
    followed by a new recommendation, section or another heading. A shredded
    PDF line such as 'Primary health care' in the middle of a concern is not.
    """
    builders: list[_Builder] = []
    warnings: list[str] = []
    section: str | None = None
    heading: str | None = None
    current: _Builder | None = None
    has_agreement_col = "agreement" in table.columns
    rows = table.rows
    kinds = [_row_kind(r) for r in rows]

    def opens_block(j: int) -> bool:
        while j < len(rows):
            if kinds[j] == "section" or _starts_record(rows[j], None, False):
                return True
            if kinds[j] != "heading":
                return False
            j += 1
        return True

    skipping: str | None = None  # a section that holds no recommendations ('Good practice')
    for i, row in enumerate(rows):
        text = _title(row)
        finished = current is None or ends_sentence(current.text_so_far())
        if kinds[i] == "section" and text[:1].isupper() and finished:
            current, section, heading, skipping = None, text.strip(), None, None
            continue
        if kinds[i] == "other_section" and text[:1].isupper() and finished:
            current, skipping = None, text.strip()
            warnings.append(
                f"line {row.line_no + 1}: rows under {skipping!r} are not recommendations"
            )
            continue
        if kinds[i] == "heading" and (finished or _TO_HEADING.match(text)) and opens_block(i + 1):
            current, heading = None, text.strip()
            continue
        numbered = rec_number(row.get("rec_no")) is not None
        if skipping and not numbered:
            continue
        starts = _starts_record(row, current, has_agreement_col)
        gap = None if starts or numbered or current is None else _numbering_gap(rows, i, current)
        if starts or gap:
            if gap:
                row.notes.append(
                    f"line {row.line_no + 1}: a row with no number between {gap[0]} and "
                    f"{gap[1]} read as a recommendation of its own"
                )
            elif current is not None and not numbered and _number_only(current):
                current.rows.append(row)  # the number was printed on the line above
                continue
            current = _Builder(section, heading)
            builders.append(current)
            current.rows.append(row)
            continue
        if current is None:
            if row.filled():
                warnings.append(
                    f"line {row.line_no + 1}: text before the first recommendation was ignored"
                )
            continue
        current.rows.append(row)
    return builders, warnings


def _next_number(number: str) -> str:
    head, _, last = number.rstrip(".").rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def _numbering_gap(rows: list[Row], i: int, current: _Builder) -> tuple[str, str] | None:
    """(before, after) when an unnumbered row reads as a row of its own: it opens a new
    sentence after a finished one, has its own response, and the numbers around it
    leave exactly one out ('3' … '5'). A page-break continuation has no such gap."""
    row = rows[i]
    text = _title(row)
    before = rec_number(current.rows[0].get("rec_no"))
    if not (
        before
        and re.fullmatch(r"\d+(?:\.\d+)*\.?", before)
        and text[:1].isupper()
        and row.get("response")
        and ends_sentence(current.text_so_far())
    ):
        return None
    after = None
    for later in rows[i + 1 : i + 60]:
        after = rec_number(later.get("rec_no"))
        if after:
            break
        if starts_with_row_label(_title(later)) or agreement_value(later.get("agreement")):
            return None  # the unnumbered row is that one ('Key concern 1.27: …')
    expected = _next_number(_next_number(before))
    return (before.rstrip("."), expected) if after and after.rstrip(".") == expected else None


def _interpret(
    builder: _Builder,
    position: int,
    concerns_layout: bool,
    has_agreement_col: bool,
    known_owners: Counter[str],
) -> Recommendation:
    rows = builder.rows
    first = rows[0]
    rec = Recommendation(
        position=position,
        rec_no=None,
        rec_no_as_printed=first.get("rec_no"),
        section=builder.section,
        heading=builder.heading,
        span_start=first.start,
        span_end=rows[-1].end,
    )
    text = " ".join(t for t in (r.get("text") for r in rows) if t)
    in_key_concerns = bool(builder.section and re.search(r"concern", builder.section, re.I))
    parsed = parse_rec_text(
        text,
        concerns_layout=concerns_layout,
        paragraphs=_text_paragraphs(rows) if in_key_concerns else None,
    )
    rec.concern, rec.recommendation = parsed.concern, parsed.recommendation
    concern_column = " ".join(t for t in (r.get("concern") for r in rows) if t)
    if concern_column:  # a table with a concern column beside the recommendation column
        own = parse_rec_text(concern_column, concerns_layout=True)
        rec.concern = own.concern
        rec.ref = rec.ref or own.ref
    rec.ref, rec.repeated_ref = parsed.ref, parsed.repeated_ref
    rec.addressee = parsed.addressee or heading_addressee(builder.heading)
    rec.warnings.extend(parsed.warnings)
    rec.warnings.extend(note for row in rows for note in row.notes)
    number = rec_number(rec.rec_no_as_printed)
    if number:
        rec.rec_no = number.rstrip(".")
        if not _RECNO.match(rec.rec_no_as_printed):
            rec.warnings.append(f"rec no printed {rec.rec_no_as_printed!r}; read as {rec.rec_no}")
    response_parts: list[str] = []
    if has_agreement_col:
        response_parts.extend(read_agreement(rec, rows))
    row_actions: list[RowActions] = []
    for row in rows:
        paras = paragraphs(row.raw("response"))
        owner_raw, target_raw = row.raw("owner"), row.raw("target")
        owner_text = clean(owner_raw)
        if owner_text and not clean(target_raw) and _is_prose(owner_text):
            # a fragment of the response that slipped into the owner column
            paras.append(owner_text)
            rec.warnings.append(
                f"line {row.line_no + 1}: text {owner_text[:40]!r} in the owner column read as response"
            )
            owner_raw = ""
        response_parts.extend(paras)
        row_actions.append(RowActions(row, owner_raw, target_raw, paras))
    rec.response = "\n".join(response_parts) or None
    rec.actions = build_actions(
        row_actions, rec.warnings, agreement=rec.agreement, known_owners=known_owners
    )
    if not rec.concern and not rec.recommendation:
        rec.warnings.append("no recommendation text")
    return rec


def _is_prose(text: str) -> bool:
    return text[:1].islower() or word_count(text) > 8 and "," in text


def _text_paragraphs(rows: list[Row]) -> list[str]:
    """The ``<p>`` paragraphs of the text column, a paragraph broken by the page joined up."""
    out: list[str] = []
    for row in rows:
        raw = row.raw("text")
        if not has_paragraphs(raw):
            return []  # plain text: no paragraph structure to go by
        for k, para in enumerate(paragraphs(raw)):
            if k == 0 and out and not ends_sentence(out[-1]):
                out[-1] = f"{out[-1]} {para}"
            else:
                out.append(para)
    return out


def parse_action_plan(text: str) -> ActionPlan:
    """Parse an action plan given as text (Word-table export or PDF extraction)."""
    table = read_table(text)
    if table is None:
        raise ParseError(
            "no action-plan table found: expected a header row with 'Rec No', "
            "'Recommendation' or 'Concerns', 'Responsible Owner' and 'Target Date'"
        )
    meta = read_metadata(text)
    has_agreement_col = "agreement" in table.columns
    # the 2023+ table: concerns in the text column, no agreement column (a separate
    # concern column beside a recommendation column is read as such)
    concerns_layout = (
        not has_agreement_col
        and "concern" not in table.columns
        and any("concern" in h.lower() for h in table.header_text)
    )
    plan = ActionPlan(
        text=text,
        establishment=meta.establishment,
        title=meta.title,
        inspection=meta.inspection,
        submitted=meta.submitted,
        published=meta.published,
        stated_counts=table.summary,
        warnings=list(meta.warnings),
    )
    if table.assumed_header:
        plan.warnings.append("no table header row found: columns read from what the rows hold")
    plan.warnings.extend(table.notes)
    nonblank = max(1, len(table.rows))
    if concerns_layout or not has_agreement_col:
        plan.layout = "concerns_table"
    elif table.irregular_rows / nonblank > 0.15:
        plan.layout = "pdf_table"
    else:
        plan.layout = "word_table"
    builders, warnings = group_rows(table)
    plan.warnings.extend(warnings)
    if not builders:
        raise ParseError("the action-plan table has no recommendation rows")
    # owners named on their own anywhere in the plan, to split 'Governor Head of Safety'
    known_owners = Counter(
        item for row in table.rows for item in list_items(row.raw("owner")) if item
    )
    plan.recommendations = [
        _interpret(b, i + 1, concerns_layout, has_agreement_col, known_owners)
        for i, b in enumerate(builders)
    ]
    repair_numbers(plan.recommendations)
    plan.warnings.extend(check_gaps(plan.recommendations))
    if has_agreement_col:
        infer_agreements(plan)
        check_counts(plan)
    elif table.summary:
        check_counts(plan)
    return plan
