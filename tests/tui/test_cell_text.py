"""Cutting text to a column: the cut is marked, and a cut name keeps what tells it apart."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.widgets.cell_text import ELLIPSIS, fit_end, fit_middle, pack


def test_sixty_prisons_of_one_name_stay_apart_when_cut():
    labels = [f"Testprison{n} 2021" for n in range(1, 61)]
    for width in (12, 14, 15):  # the queue's document column at 120 columns is 14
        assert len({fit_middle(label, width) for label in labels}) == 60
    assert fit_middle("Testprison12 2021", 15) == "Test…son12 2021"


def test_a_documents_kind_and_year_stay_when_its_name_is_cut():
    assert fit_middle("Ashdown IRP 2022", 15) == "Ashdo… IRP 2022"
    assert fit_middle("Carrow Vale 2022", 15) == "Carrow Va… 2022"
    assert fit_middle("Ashdown 2021", 15) == "Ashdown 2021"  # fits: not cut


def test_a_cut_at_the_end_is_marked():
    assert fit_end("Reasonable progress", 11) == "Reasonable…"
    assert fit_end("short", 11) == "short"


@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), st.integers(0, 30))
def test_a_cut_is_never_wider_than_its_column_and_is_marked(text, width):
    for fit in (fit_end, fit_middle):
        cut = fit(text, width)
        assert len(cut) <= width
        if len(text) <= width:
            assert cut == text
        elif width > 1:
            assert ELLIPSIS in cut


def test_a_rows_values_are_packed_on_lines_and_the_rest_marked():
    parts = ["Ashdown IRP 2022", "1.33 No meaningful progress", "⚠ 1 warning", "HMP Ashdown"]
    assert pack(parts, 29) == ["Ashdown IRP 2022", "1.33 No meaningful progress…"]
    assert pack(parts, 60) == [
        "Ashdown IRP 2022 · 1.33 No meaningful progress · ⚠ 1 warning",
        "HMP Ashdown",
    ]
    # a value longer than a line wraps at its words instead of being cut
    long = "5.3 Prisoners at risk of self-harm should be supported through timely reviews"
    assert " ".join(pack([long, "Agreed"], 40, 3)).split() == [*long.split(), "·", "Agreed"]


@given(st.lists(st.text("ab c", max_size=30), max_size=6), st.integers(2, 50), st.integers(1, 4))
def test_packed_lines_fit_and_say_when_something_is_left_out(parts, width, lines):
    packed = pack(parts, width, lines)
    assert len(packed) == lines
    assert all(len(line) <= width for line in packed)
    if not any(ELLIPSIS in line for line in packed):  # nothing cut: every word shown, in order
        shown = [w for line in packed for w in line.split() if w != "·"]
        assert "".join(shown) == "".join(w for p in parts for w in p.split())
