"""One wording of a merge conflict's value, for the summary, the note and the resolve box."""

from __future__ import annotations

from store.merge.conflict_value import conflict_value


def test_a_null_value_is_empty_and_a_row_deleted_is_deleted():
    assert conflict_value(None) == "(empty)"
    assert conflict_value(None, deleted=True) == "(deleted)"


def test_a_whole_row_is_named_not_spelled_out():
    assert conflict_value({"id": 3, "owner": "Governor"}, deleted=True) == "(the row)"


def test_text_is_quoted_and_a_number_shown_as_it_is():
    assert conflict_value("Not Agreed") == "'Not Agreed'"
    assert conflict_value("") == "''"  # blank text, not a NULL
    assert conflict_value(2) == "2"


def test_long_text_is_cut_only_when_asked():
    text = "Head of Residence and Safer Custody, with the Deputy Governor " * 2
    assert conflict_value(text) == repr(text)
    cut = conflict_value(text, cut=60)
    assert cut == repr(text[:57] + "...")
    assert conflict_value(text[:60], cut=60) == repr(text[:60])
