"""What must not change when the same plan is read from another input format.

Whitespace aside: the text layout keeps the line break a page break left inside
a paragraph, Word and PDF have none.
"""

from __future__ import annotations


def _norm(value):
    return " ".join(value.split()) if isinstance(value, str) else value


def records(plan) -> list[tuple]:
    return [
        (
            r.rec_no,
            r.agreement,
            r.ref,
            r.repeated_ref,
            r.section,
            r.heading,
            r.addressee,
            _norm(r.concern),
            _norm(r.recommendation),
            _norm(r.response),
            [(a.owner, a.target, a.target_date, a.status) for a in r.actions],
        )
        for r in plan.recommendations
    ]


def metadata(plan) -> tuple:
    return (
        plan.establishment,
        plan.inspection,
        plan.submitted,
        plan.published,
        plan.stated_counts,
        plan.layout,
    )


def assert_same_plan(path, text: str):
    """The document at ``path`` (.pdf/.docx) parses to the plan ``text`` parses to.

    Returns the text read from ``path`` and the two parses, for further checks.
    """
    from extract import parse_document
    from extract.formats.read import read_document

    as_text = parse_document(text)
    read = read_document(path)
    as_read = parse_document(read)
    assert len(as_read.recommendations) == len(as_text.recommendations) > 0
    assert records(as_read) == records(as_text)
    assert metadata(as_read) == metadata(as_text)
    return read, as_read, as_text
