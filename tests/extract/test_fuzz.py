"""Property tests: mutated documents never crash the parsers or hang them.

Whatever is fed in, ``parse_document`` returns a document or raises the
project's own ``ParseError``; nothing else escapes. Inputs are real documents
(our samples, and the corpus when present) with lines dropped, duplicated,
shuffled, truncated and characters changed.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extract import ParseError, parse_document
from extract.models import ActionPlan
from tests.support.paths import REPO, SHARED

ROOT = REPO
SOURCES = sorted((ROOT / "samples").glob("*.txt")) + sorted((SHARED / "corpus").glob("*.txt"))
TEXTS = [p.read_text(encoding="utf-8") for p in SOURCES]

FUZZ = settings(
    max_examples=60,
    deadline=2000,  # ms per example: a hang or a blow-up fails the test
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


def _parse_or_parse_error(text: str) -> None:
    try:
        doc = parse_document(text)
    except ParseError:
        return
    if isinstance(doc, ActionPlan):
        for rec in doc.recommendations:
            assert 0 <= rec.span_start <= rec.span_end <= len(text)
            for action in rec.actions:
                assert action.status in ("open", "complete", "not_applicable")


@st.composite
def mutated(draw) -> str:
    lines = draw(st.sampled_from(TEXTS)).split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["drop", "dup", "swap", "chars", "truncate", "tabs"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "drop":
            del lines[i : i + draw(st.integers(1, 20))]
        elif op == "dup":
            lines[i:i] = lines[i : i + draw(st.integers(1, 10))]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "chars":
            line = lines[i]
            k = draw(st.integers(0, max(0, len(line))))
            noise = draw(st.text(alphabet=st.characters(codec="utf-8"), max_size=8))
            lines[i] = line[:k] + noise + line[k + 1 :]
        elif op == "truncate":
            lines = lines[: i + 1]
        else:
            lines[i] = lines[i].replace(" ", "\t", draw(st.integers(1, 5)))
    return "\n".join(lines)


@FUZZ
@given(mutated())
def test_mutated_documents_parse_or_raise_parse_error(text):
    _parse_or_parse_error(text)


@FUZZ
@given(st.text(max_size=3000))
def test_arbitrary_text_parses_or_raises_parse_error(text):
    _parse_or_parse_error(text)


@FUZZ
@given(st.sampled_from(TEXTS), st.integers(0, 40000))
def test_truncated_documents_parse_or_raise_parse_error(text, cut):
    _parse_or_parse_error(text[:cut])
