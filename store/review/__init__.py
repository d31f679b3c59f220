"""Review work: what the review app reads and every change a reviewer makes.

* reading: ``queue`` (the queue a page at a time, by key; its SQL in
  ``queue_sql``), ``records`` (a record's detail, progress, search, drafts) and
  ``establishments`` (every prison with its counts, for the prison picker);
* changing: ``changes`` (status, a recommendation and its actions, new
  records; the app's one entry point), ``judgement_changes`` (judgements, ones
  recorded by hand, links), ``judgement_day`` (the day a judgement recorded by
  hand was made, read from what the reviewer typed), ``drafts`` (an edit before
  it is saved) and ``draft_save`` (saving it: only what changed, checked
  against its base); ``bulk`` (verify the rest of a document, as one change),
  ``merge_records`` (a record merged with the next: the inverse of a split) and
  ``new_record`` (a record from selected lines, read as the importer reads a row);
* trust: ``conflicts`` (someone else changed the same thing meanwhile: named,
  never resolved silently), ``audit`` (each change one transaction with its
  ``edits`` rows; the trail-level revert) and ``reviewer_undo`` (the reviewer's
  ``u``: revert, and say what was undone); ``merge_conflicts`` (what a merge of
  another reviewer's file left to resolve: keep ours or take theirs, as a change).
"""
