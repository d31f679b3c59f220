"""The prison picker's filter and rows, without the app."""

from __future__ import annotations

from store.review.establishments import Establishment
from tui.screens.prison_picker import header_text, matches, row_text

BELMARSH = Establishment(
    "belmarsh", "HMP Belmarsh", 3, 120, 40, ("HMP & YOI Belmarsh", "HMP Belmarsh")
)
BROOK = Establishment("brook house", "HMIRC Brook House", 1, 12, 0, ("HMIRC Brook House",))


def test_every_word_typed_starts_a_word_of_one_of_its_names():
    assert matches(BELMARSH, "bel")
    assert matches(BELMARSH, "yoi bel")  # a word of another spelling
    assert matches(BELMARSH, "")
    assert not matches(BELMARSH, "marsh")  # words are matched from their start
    assert matches(BROOK, "house")
    assert not matches(BROOK, "bel")


def test_a_row_keeps_its_counts_in_line_with_the_header_and_cuts_the_name():
    width = 40
    row, header = row_text(BELMARSH, width).plain, header_text(width)
    assert len(row) == len(header) == width
    assert row.startswith("Belmarsh ") and row.rstrip().endswith("40")
    assert row.index("120") + 3 == header.index("records") + len("records")
    done = row_text(BROOK, 30).plain
    assert done.endswith("done") and done.startswith("Brook")
    long = Establishment("x", "HMP A Very Long Establishment Name Indeed", 1, 1, 1)
    assert "…" in row_text(long, 40).plain and len(row_text(long, 40).plain) == 40


def test_a_cut_name_keeps_its_number_and_the_full_name_is_said():
    """60 prisons named 'HMP Testprisonnumber…' cut in a narrow row stay told apart, and
    the status line under the list gives the highlighted one's names in full."""
    from tui.screens.prison_picker import full_name

    names = [f"HMP Testprisonnumber{n}" for n in range(1, 61)]
    rows = {row_text(Establishment(n.lower(), n, 1, 1, 1), 30).plain for n in names}
    assert len(rows) == 60 and all("…" in row for row in rows)
    assert full_name(BELMARSH) == "HMP Belmarsh (also printed HMP & YOI Belmarsh)"
    assert full_name(BROOK) == "HMIRC Brook House"
