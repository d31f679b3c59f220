"""Screens of the review app, one module each, each with its ``.tcss`` beside it.

* ``queue`` — the main screen: queue, detail and source panes, and the review
  keys; its workers (reads and writes in threads) are in ``queue_workers`` and
  the handlers of what they post back in ``queue_handlers``;
* ``edit`` / ``judgement_edit`` — editing a recommendation with its actions, or
  a judgement; ``links`` — a judgement's links; ``note`` — a one-line question;
  ``progress_entry`` — where a judgement recorded by hand is from, and when;
* ``search`` (``/``), ``outstanding`` (``o``), ``help`` (``?``);
* ``merge_conflict`` (``R``) — a record's merge conflicts: keep ours or take theirs.

Screens read and write only through store/, in workers, through
``tui.background.run_and_post``.
"""
