"""Getting documents in: import, re-parse, and linking what was imported.

* ``pipeline`` — files in, documents stored: parse in worker processes
  (``parse_pool``), store each in its own transaction, report per file;
* ``importer`` — one parsed document into the database, idempotently (by the
  sha256 of its text); ``rows`` maps extract/'s records to columns;
* ``reparse`` — a document parsed again in place, keeping every reviewer edit:
  ``record_match`` pairs old records with new by ``record_keys`` (each table's
  keys and similarity, which a merge pairs two files' rows by too),
  ``reviewer_edits`` reads what reviewers did from the ``edits`` trail;
* ``judgement_links`` — IRP judgements linked to the recommendations they
  judge, made on import in either order; ``followed_up_plan`` picks the plan an
  IRP report follows up; ``similarity`` scores the texts.
"""
