"""store.plural: the one plural the store's messages, the screens and the command line write."""

from __future__ import annotations

from store.plural import counted, plural


def test_one_takes_the_singular_and_every_other_count_the_plural():
    assert counted(1, "record") == "1 record"
    assert counted(0, "record") == "0 records"
    assert counted(3, "repeat chain") == "3 repeat chains"


def test_a_plural_not_made_with_s_is_given():
    assert counted(1, "review status", "review statuses") == "1 review status"
    assert counted(2, "review status", "review statuses") == "2 review statuses"


def test_the_noun_alone_where_the_count_stands_apart():
    assert f"the {4} unreviewed {plural(4, 'record')}" == "the 4 unreviewed records"
    assert plural(1, "record") == "record"
