"""Review work: what the review app reads and every change a reviewer makes.

* reading: ``queue`` (the queue a page at a time, by key; its SQL in
  ``queue_sql``) and ``records`` (a record's detail, progress, search, drafts);
* changing: ``changes`` (status, a recommendation and its actions, new
  records; the app's one entry point), ``judgement_changes`` (judgements, ones
  recorded by hand, links), ``judgement_day`` (the day a judgement recorded by
  hand was made, read from what the reviewer typed), ``drafts`` (an edit before
  it is saved) and ``draft_save`` (saving it: only what changed, checked
  against its base);
* trust: ``conflicts`` (someone else changed the same thing meanwhile: named,
  never resolved silently), ``audit`` (each change one transaction with its
  ``edits`` rows; the trail-level revert) and ``reviewer_undo`` (the reviewer's
  ``u``: revert, and say what was undone).
"""
