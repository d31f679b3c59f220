"""``python -m tui``: the same as the ``hmip-review`` command."""

from tui.cli import main

if __name__ == "__main__":  # import's parse workers load this module again
    main(prog_name="hmip-review")
