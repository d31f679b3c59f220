"""How a parsed record becomes a row: the one place that maps extract/'s dataclasses to columns.

Both the importer (a new document) and the re-parse merge (``store.ingest.reparse``)
build rows here, so a column added to the schema and filled on import is
filled, and kept up to date, on re-parse too. Each function gives the record's
own columns: not its parent's id, position, warnings or review status, which
the caller sets.
"""

from __future__ import annotations

from extract.models import Action, Judgement, Recommendation


def recommendation_values(rec: Recommendation) -> dict[str, object]:
    return {
        "rec_no": rec.rec_no,
        "rec_no_as_printed": rec.rec_no_as_printed,
        "section": rec.section,
        "heading": rec.heading,
        "addressee": rec.addressee,
        "ref": rec.ref,
        "repeated_ref": rec.repeated_ref,
        "agreement": rec.agreement,
        "agreement_printed": None if rec.agreement_printed is None else int(rec.agreement_printed),
        "concern": rec.concern,
        "recommendation": rec.recommendation,
        "response": rec.response,
        "span_start": rec.span_start,
        "span_end": rec.span_end,
    }


def action_values(action: Action) -> dict[str, object]:
    return {
        "text": action.text,
        "owner": action.owner,
        "target": action.target,
        "target_date": action.target_date,
        "status": action.status,
        "target_as_printed": action.target_as_printed,
        "target_unreadable": int(action.target_unreadable),
        "span_start": action.span_start,
        "span_end": action.span_end,
    }


def judgement_values(judgement: Judgement) -> dict[str, object]:
    return {
        "inspectorate": judgement.inspectorate,
        "ref": judgement.ref,
        "theme": judgement.theme,
        "text": judgement.text,
        "judgement": judgement.judgement,
        "concern": judgement.concern,
        "summary": judgement.summary,
        "paragraphs": judgement.paragraphs,
        "span_start": judgement.span_start,
        "span_end": judgement.span_end,
        "inspectorate_name": getattr(judgement, "inspectorate_name", None),
        "not_assessed": int(bool(getattr(judgement, "not_assessed", False))),
    }
