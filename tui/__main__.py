"""``python -m tui``: the same as the ``hmip-review`` command."""

from tui.cli import main

main(prog_name="hmip-review")
