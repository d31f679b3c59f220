"""The source text as shown: readable, and mapped exactly back to the stored text.

The stored text and its spans never change; the pane shows paragraph markup as
paragraph breaks and hard-wrapped lines as paragraphs. These tests check the
map between the two on hand-made examples and, with hypothesis, on any text
made of words, blanks, tabs, line ends of every kind and paragraph tags.
"""

from __future__ import annotations

import re
import textwrap
from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.widgets.source_text import render

TAG = re.compile(r"</?p>", re.IGNORECASE)


def squash(text: str) -> str:
    return "".join(text.split())


# --- what the reviewer reads ----------------------------------------------------------

ROW = (
    "5.1\t<p>Key concern 1.29: Too many prisoners felt unsafe.</p> <p>Recommendation: "
    "Leaders should analyse violence.</p>\tAgreed\t<p>A monthly meeting was introduced.</p> "
    "<p>The strategy will be rewritten.</p>\t<p>Head of Safety</p> <p>Governor</p>\t"
    "<p>Complete</p> <p>February 2022</p>\n"
)


def test_a_table_row_with_paragraph_markup_reads_as_paragraphs_and_cells():
    shown = render(ROW)
    assert shown.text == (
        "5.1\tKey concern 1.29: Too many prisoners felt unsafe.\n"
        "Recommendation: Leaders should analyse violence.\n\n"
        "Agreed\n\n"
        "A monthly meeting was introduced.\n"
        "The strategy will be rewritten.\n\n"
        "Head of Safety\nGovernor\n\n"
        "Complete\nFebruary 2022\n"
    )


def test_a_continuation_row_keeps_its_empty_cells_before_the_first_paragraph():
    shown = render(
        "\t\t<p>The scanner will be used.</p> <p>Links with police.</p>\t<p>Governor</p>"
    )
    assert shown.text == "\t\tThe scanner will be used.\nLinks with police.\n\nGovernor"


def test_a_row_whose_paragraphs_start_after_its_first_cells_shows_them_as_a_block():
    """A Fenwick-style row: number, recommendation and agreement plain, the response in
    paragraphs: the response starts a block (it read '… (S37)  Agreed  A new Drug …')."""
    shown = render(
        "8.1\tLeaders should cut the drug supply. (S37)\tAgreed\t<p>A strategy will be "
        "written.</p> <p>B wing will be drug-free.</p>\tGovernor\t31/03/2020\n"
    )
    assert shown.text == (
        "8.1\tLeaders should cut the drug supply. (S37)\tAgreed\n\n"
        "A strategy will be written.\nB wing will be drug-free.\n\n"
        "Governor\n\n31/03/2020\n"
    )


def test_words_around_a_tag_stay_apart():
    assert render("Agreed <p>Response</p>").text == "Agreed Response"
    assert render("Early <P>days</P> here").text == "Early days\nhere"


IRP = (
    "".join(
        line + " \n" if line else "\n"
        for line in (
            "Early days in custody",
            "",
            "Concern: Night staff did not consistently carry out the observation checks",
            "that had been set for new arrivals during their first night. In the records",
            "we examined, checks were often missed or recorded at exactly the same",
            "times each hour, and some appeared to have been completed in advance.",
            "",
            "Recommendation: First night cell checks should be carried out at the",
            "frequency set out in each prisoner’s risk assessment and recorded",
            "accurately. (2.22)",
            "",
            "3.1 Night staff were now briefed on the observation level of each new",
            "arrival at the start of their shift, and the observation log was checked",
            "each morning by the custodial manager for the first night centre. Any",
            "missed checks were followed up with the officer concerned.",
            "3.2 In the records we examined, checks had been carried out at the",
            "frequency set in each risk assessment, and the self-",
            "harm times recorded varied as we would expect. The staff were:",
            "- the night orderly officer on each wing of the establishment",
            "- the custodial manager of the first night centre for the period",
        )
    )
).replace("self- \n", "self-\n")  # printed as a PDF prints them: a blank before the line end


def test_hard_wrapped_lines_are_reflowed_into_paragraphs():
    shown = render(IRP).text
    paragraphs = shown.split("\n")
    assert (
        "Concern: Night staff did not consistently carry out the observation checks that "
        "had been set for new arrivals during their first night. In the records we examined, "
        "checks were often missed or recorded at exactly the same times each hour, and some "
        "appeared to have been completed in advance. " in paragraphs
    )
    assert "Early days in custody " in paragraphs  # a heading stays a line of its own
    # a numbered paragraph starts a line even with no blank line before it
    assert any(p.startswith("3.2 In the records") for p in paragraphs)
    assert "and the self-harm times recorded" in shown  # a word broken at a hyphen joined
    # the line before a list, and each list item, stay lines
    assert any(p.endswith("The staff were: ") for p in paragraphs)
    assert sum(p.startswith("- the") for p in paragraphs) == 2


def test_a_text_that_is_not_hard_wrapped_keeps_its_lines():
    text = "Short line one\nShort line two\nA heading\n\n" + "A long line. " * 40 + "\nNext\n"
    assert render(text).text == text


def test_line_ends_of_every_kind_show_as_one_newline():
    shown = render("one\r\ntwo\rthree\x0cfour\u2028five")
    assert shown.text == "one\ntwo\nthree\nfour\nfive"
    assert shown.to_stored(4) == 5  # "two" starts after \r\n


# --- the offset map --------------------------------------------------------------------


def test_a_records_span_maps_to_the_shown_text_standing_for_it():
    text = "Header\n" + ROW + "5.2\tNext row\n"
    start = text.index("5.1")
    end = text.index("\n", start)
    shown = render(text)
    a, b = shown.shown_span(start, end)
    assert shown.text[a:b].startswith("5.1\tKey concern")
    assert shown.text[a:b].endswith("Complete\nFebruary 2022")
    assert shown.stored_span(a, b) == (start, end)


def test_a_selection_of_shown_text_gives_the_stored_text_it_covers():
    shown = render(ROW)
    a = shown.text.index("Agreed")
    b = shown.text.index("introduced.") + len("introduced.")
    start, end = shown.stored_span(b, a)  # selected upwards
    assert ROW[start:end] == "Agreed\t<p>A monthly meeting was introduced."
    # inside markup shown as a blank line, the selection takes the markup in whole
    inside = shown.text.index("\n\nAgreed") + 1
    assert shown.stored_span(inside, inside + 1) == (
        ROW.index("</p>\tAgreed"),
        ROW.index("Agreed"),
    )


def test_the_empty_text():
    shown = render("")
    assert shown.text == ""
    assert shown.shown_span(0, 0) == (0, 0)
    assert shown.stored_span(0, 0) == (0, 0)


FRAGMENTS = st.sampled_from(
    [
        "<p>", "</p>", "<P>", " ", "  ", "\t", "\n", "\r\n", "\r", "\x0c", "\u2028", "-",
        ":", ". ", "1.2 ", "- ", "(a) ", "word", "Recommendation", "x", "<", ">", "p", "/",
    ]
)  # fmt: skip
SOUP = st.lists(FRAGMENTS | st.text(max_size=4), max_size=60).map("".join)


@st.composite
def wrapped(draw) -> str:
    """A hard-wrapped report: paragraphs of words wrapped at one width, some with
    paragraph markup or tabs mixed in, separated by blank lines or not."""
    width = draw(st.integers(30, 110))
    words = st.text("abcdefghij-.:", min_size=1, max_size=12)
    out = []
    for _ in range(draw(st.integers(2, 6))):
        paragraph = " ".join(draw(st.lists(words, min_size=12, max_size=80)))
        lines = textwrap.wrap(paragraph, width) or [""]
        trailing = draw(st.sampled_from(["", " "]))
        out.append("".join(line + trailing + "\n" for line in lines))
        out.append(draw(st.sampled_from(["", "\n", "\n\n", "3.1 ", "\t<p>x</p>\n", "- "])))
    return "".join(out)


TEXTS = SOUP | wrapped()
OTHER_LINE_ENDS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"  # str.splitlines' others


def check_pieces(text: str) -> None:
    shown = render(text)
    assert shown.stored[0] == 0 and shown.shown[0] == 0
    assert shown.stored[-1] == len(text) and shown.shown[-1] == len(shown.text)
    if text:  # (the empty text is one empty piece)
        assert all(a < b for a, b in zip(shown.stored, shown.stored[1:], strict=False))
    assert all(a <= b for a, b in zip(shown.shown, shown.shown[1:], strict=False))
    for piece, copied in enumerate(shown.copied):
        stored = text[shown.stored[piece] : shown.stored[piece + 1]]
        on_screen = shown.text[shown.shown[piece] : shown.shown[piece + 1]]
        if copied:
            assert stored == on_screen
        else:  # only markup and blanks are replaced, and only by blanks
            assert squash(TAG.sub("", stored)) == ""
            assert squash(on_screen) == ""


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_every_shown_character_maps_back_to_the_stored_text_it_shows(text):
    check_pieces(text)
    shown = render(text)
    for offset, character in enumerate(shown.text):
        start, end = shown.source_of(offset)
        assert 0 <= start < end <= len(text)
        if end - start == 1 and text[start] == character:
            continue  # a copied character
        assert character.isspace()  # a paragraph or line break standing for markup
        assert squash(TAG.sub("", text[start:end])) == ""
    # nothing but markup and blanks is left out, and the only line end shown is \n
    assert squash(TAG.sub("", text)) == squash(shown.text)
    assert not set(shown.text) & set(OTHER_LINE_ENDS)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_a_span_highlights_exactly_the_shown_characters_standing_for_it(text, data):
    shown = render(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = shown.shown_span(start, end)
    assert 0 <= a <= b <= len(shown.text)
    for offset in range(len(shown.text)):
        first, last = shown.source_of(offset)
        meets = start < end and first < end and last > start
        assert (a <= offset < b) == meets, (offset, first, last)


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_a_selection_gives_stored_offsets_covering_exactly_what_was_selected(text, data):
    shown = render(text)
    anchor = data.draw(st.integers(0, len(shown.text)))
    cursor = data.draw(st.integers(0, len(shown.text)))
    low, high = min(anchor, cursor), max(anchor, cursor)
    start, end = shown.stored_span(anchor, cursor)
    assert 0 <= start <= end <= len(text)
    if low == high:
        return
    # every selected character's stored text is inside the span, and shown again
    # the span covers the selection (grown only to the edges of replaced markup)
    for offset in range(low, high):
        first, last = shown.source_of(offset)
        assert start <= first and last <= end
    again = shown.shown_span(start, end)
    assert again[0] <= low and high <= again[1]
    assert squash(TAG.sub("", text[start:end])) == squash(shown.text[again[0] : again[1]])
    for offset in (*range(again[0], low), *range(high, again[1])):
        assert not shown.copied[piece_shown(shown, offset)]  # grown over markup only


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_a_records_span_shown_and_read_back_is_the_same_span(text, data):
    """The pane selects a record's span; read back unchanged, it is the same span
    (so n without a new selection is told to select first)."""
    shown = render(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    a, b = shown.shown_span(start, end)
    back = shown.stored_span(a, b)
    if a == b:
        return  # nothing shown stands for it (markup shown as nothing)
    assert back[0] <= start and end <= back[1]
    # what is gained on either side is replaced markup only
    for offset in (*range(back[0], start), *range(end, back[1])):
        assert not shown.copied[piece_stored(shown, offset)]


def piece_shown(shown, offset: int) -> int:
    return bisect_right(shown.shown, offset) - 1


def piece_stored(shown, offset: int) -> int:
    return bisect_right(shown.stored, offset) - 1
