"""The terminal side: the ``hmip-review`` command line and the Textual review app.

* ``cli/`` — the command line, one module per command (``tui.cli:main`` is the
  console script);
* ``app`` — ``ReviewApp(db=PATH, reviewer=NAME)``, with ``bindings`` (every key
  declared once, with its description) and ``commands`` (the command palette
  built from the same list);
* ``screens/`` and ``widgets/`` — what the app shows; ``background`` — the one
  helper through which every screen reads and writes in a worker thread;
  ``turns`` — writes taken in key order; ``reviewer`` — who is reviewing.

Importing this package imports nothing heavy; ``tui.app`` pulls in Textual.
"""
