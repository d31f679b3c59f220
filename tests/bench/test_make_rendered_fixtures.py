"""bench/make_rendered_fixtures.py makes the Word file a Word user would have from a
text export: page footers out of the tables, tables kept apart, lists as paragraphs.
(No LibreOffice needed: only the .docx step is checked.)"""

from __future__ import annotations

import io

import docx

from bench.make_rendered_fixtures import (
    STYLES,
    lists_as_paragraphs,
    styled_docx,
    without_page_furniture,
)


def test_footers_set_apart_with_tabs_are_page_breaks():
    text = "\n".join(
        [
            "1.1\tRec one\tAgreed",
            "Page 2\tOFFICIAL",
            "1.2\tRec two\tAgreed",
            "Page 3\tOFFICIAL",
            "OFFICIAL\tHMP Testbridge action plan\tPage 1 of 4",
            "OFFICIAL\tHMP Testbridge action plan\tPage 2 of 4",
            "OFFICIAL SENSITIVE",
            "OFFICIAL SENSITIVE",
        ]
    )
    assert without_page_furniture(text).split("\n") == [
        "1.1\tRec one\tAgreed",
        "OFFICIAL",
        "1.2\tRec two\tAgreed",
        *["OFFICIAL"] * 5,
    ]


def test_rows_that_repeat_a_page_word_are_kept():
    # a page number in the middle, or a row with its number: a table's rows
    text = "1.2\tPage 3\tAgreed\n1.3\tPage 3\tAgreed\n1\tx\tPage 2\n1\tx\tPage 2\nonce\tPage 9"
    assert without_page_furniture(text) == text


def test_a_cells_list_becomes_its_paragraphs():
    assert lists_as_paragraphs('3\t<p>Care:</p> <ol style="x"> 1. a; 2. b.\tX') == (
        "3\t<p>Care:</p> <p>1. a; 2. b.</p>\tX"
    )
    assert lists_as_paragraphs("2\t<p>W:</p> <ol> <li>a;</li> <li>b</li> </ol>\t<p>M</p>") == (
        "2\t<p>W:</p> <p>a;</p> <p>b</p>\t<p>M</p>"
    )
    assert lists_as_paragraphs("a\tplain <b>\tb") == "a\tplain <b>\tb"


def test_tables_that_would_touch_have_a_paragraph_between():
    # a row of another width after a page break starts a second table: Word keeps
    # a paragraph between two tables, or they are one
    text = "\n".join(
        [
            "No\tRecommendation\tAgreed\tResponse\tOwner\tDate",
            "1.1\tRec one\tAgreed\tDone\tGovernor\tMay 2023",
            "OFFICIAL",
            "Rec two\tAgreed\tDone\tGovernor\tJune 2023",
            "OFFICIAL",
        ]
    )
    body = docx.Document(io.BytesIO(styled_docx(text, STYLES["grid"]))).element.body
    tags = [child.tag.rsplit("}", 1)[1] for child in body.iterchildren()]
    assert tags.count("tbl") == 2
    assert "tbl,tbl" not in ",".join(tags)
