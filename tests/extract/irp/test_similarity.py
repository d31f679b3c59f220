"""The IRP summary cross-check's text similarity is the same with and without cydifflib.

``extract.irp.summary`` uses cydifflib's compiled SequenceMatcher when it is
installed (it is a dependency) and the standard library's otherwise (the
parser run with only python-dateutil). The ratios, and so every pairing and
warning, must not depend on which one is there.
"""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import extract.irp.summary as summary
from tests.support.paths import SAMPLES

cydifflib = pytest.importorskip("cydifflib")

WORDS = (SAMPLES / "ashdown_irp_2022.txt").read_text().split()


def _ratio(module, a: str, b: str) -> float:
    return module.SequenceMatcher(None, a, b, autojunk=False).ratio()


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=60),
    st.lists(st.sampled_from(WORDS), min_size=0, max_size=60),
)
def test_cydifflib_gives_difflibs_ratio_on_report_like_texts(a, b):
    x, y = " ".join(a).lower(), " ".join(b).lower()
    assert _ratio(cydifflib, x, y) == _ratio(difflib, x, y)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.text(max_size=200))
def test_cydifflib_gives_difflibs_ratio_on_any_text(a, b):
    assert _ratio(cydifflib, a, b) == _ratio(difflib, a, b)


def test_the_parser_uses_the_compiled_one_when_installed():
    assert summary.SequenceMatcher is cydifflib.SequenceMatcher
