"""The ``hmip-review`` command line: one module per command.

``group`` holds the command group (``main``, the console script's entry point)
and the default action (open the app, importing the samples on first run);
each command lives in ``<name>_command.py`` and is imported only when it runs.
"""

from tui.cli.group import main

__all__ = ["main"]
