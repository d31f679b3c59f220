"""The ``hmip-review`` command line: ``main``, the console script's entry point.

``group`` holds the command group and what it does with no command (open the
app, importing the samples on first run); each command lives in
``<name>_command.py`` and is imported only when it runs. What they share:
``options`` (``--db`` and opening the database), ``output`` (one-line notes and
errors, tables) and ``collaborators`` (the app, the samples and the parser,
which a caller such as a test can replace through click's context object).
"""

from tui.cli.group import main

__all__ = ["main"]
