"""Parser accuracy against the hand-checked gold extractions.

Run from the repo root::

    python bench/accuracy.py            # tables per field, record counts, summary line
    python bench/accuracy.py --verbose  # ... plus every mismatch (doc, rec_no, field, expected, got)
    python bench/accuracy.py --shared PATH   # corpus/ and gold/ live under PATH
    python bench/accuracy.py --json     # ... then the summary as one JSON line (run_all.py)
    python bench/accuracy.py --no-rendered   # without the rendered fixtures (5 s faster)

It parses every ``../shared/corpus/<stem>.txt`` that has a ``../shared/gold/<stem>.json``
with ``extract.parse_document`` and compares the result with the gold file field by field
(see ``../shared/gold/README.md`` for what each gold field means). The last line printed is
a one-line summary, e.g. ``overall: min field accuracy 97.2% (actions), records 88/88,
metadata 20/20``. The exit status is 0 whatever the accuracy: this is a measurement; the
pass/fail gate is ``tests/extract/test_gold.py``.

How the tests use this module
-----------------------------
This file is the single home of the scoring logic; the tests import it as
``bench.accuracy``. When run as a script it puts the repo root on ``sys.path`` so
``import extract`` works without installing the project.

Scoring rules
-------------
Action plans. Parsed recommendations are aligned with gold ones by position when the
counts agree, otherwise by ``rec_no`` (first unused parsed record with the same number);
gold records with no partner are *missing* (every field counts as wrong for them) and
unmatched parsed records are *extra* (reported, and they spoil the record count). Fields:

* ``rec_no agreement ref repeated_ref section heading addressee``: equal after
  whitespace normalisation (case kept; in every field a ligature codepoint, 'ﬀ' or
  'ﬁ', reads as its letters); a gold null matches a parsed None or "".
* ``concern_first_words concern_last_words recommendation_first_words
  recommendation_last_words``: taken from the parsed full ``concern`` / ``recommendation``
  text — HTML tags removed, first 8 / last 6 whitespace tokens — and compared with the gold
  words case-insensitively after whitespace normalisation, with "- " inside a word read as
  "-" (the PDF hyphenation artefact "de- escalation." equals "de-escalation."). Because that
  repair changes the token count, the parsed side is windowed over its repaired tokens with
  as many tokens as the repaired gold text has; when the gold text is shorter than the
  window (a short sentence given whole) the whole parsed text must equal it.
* ``actions``: right when the whole ordered list of (owner, target) pairs equals gold
  after whitespace normalisation (None reads as ""; the gold ``target`` is used even where
  gold also records ``target_as_printed``). ``action pairs`` is the pair-level figure:
  pairs equal by position / gold pairs.

``actions F1`` (per set of documents, ``actions_f1``): the (owner, target) pairs of each
matched record compared as multisets, order aside; F1 = 2·common / (gold pairs + parsed
pairs), so a missing record's (or a refused document's) pairs are all missed and an extra
record's are all wrong.

Document metadata: ``establishment inspection submitted published stated_counts`` (against
gold ``summary_counts``) and ``recommendations`` (the number of records).

Rendered fixtures (issue 15): ``tests/fixtures/rendered`` holds our plans as LibreOffice
wrote them (and ``tests/fixtures/pdf/calibri`` the same plans as PDFs in Calibri's
metrics, a second table with the same figures) (``bench/make_rendered_fixtures.py``; its ``manifest.json`` names each plan's
text and expected JSON). ``score_rendered`` reads each file as ``hmip-review import`` does
(``read_document`` then ``parse_document``) and scores it against the plan's expected
extraction; one table shows, per format (the text original, .docx, resaved .docx, .odt,
PDF with zero and with 0.1 cm cell margins), files read, records found, every per-row
field, action pairs, actions F1, metadata, wrong rows that carry no warning, and issue
15's target (none refused, per-row fields ≥ 97%, actions F1 ≥ 0.95, metadata ≥ 95%, no
wrong row without a warning) met or what misses it. A format whose every file
``read_document`` refuses is shown as "not read yet". ``--verbose`` lists the rendered
files' mismatches too, and the wrong rows that carry no warning; ``--json`` adds the
figure "formats at target".

No wrong row without a warning: a *wrong row* is a matched record with any field
wrong, or a gold record not found; it *carries a warning* when the parsed record has a
warning of its own or its document has one that names it (``recommendation 5.15``, as
the review queue's ⚠ column counts them: ``store.reports.documents.warnings_naming``);
a record not found counts as warned when its document warns of anything. Refused files
are counted as refused, not here.

IRP reports (gold ``kind: irp_report``): HMIP judgements are aligned with gold ``hmip``
items by position when the counts agree, else by ``ref``; fields ``ref theme_heading
judgement concern_first_words recommendation_first_words recommendation_last_words``.
Ofsted judgements are aligned by position; fields ``theme_no`` (parsed ``ref``),
``judgement``, ``question_first_words`` and ``question_last_words`` (from ``text``). If the
IRP parser is missing (ImportError / NotImplementedError) the report prints
"IRP: parser not available".

IRP links (``store/ingest/judgement_links.py``): the documents are parsed and imported, in name order,
into a temporary database (every corpus document with a gold file; every ``samples/``
document), and each IRP report's links are compared with the gold ``action_plan_rec_no``
(``tests/fixtures/samples/`` for the samples): a judgement is right when the set of rec_nos it is
linked to (confirmed or not) equals gold — one for an HMIP item, a list (maybe empty) for
an Ofsted theme. Judgements are matched to gold items by inspectorate and ref (theme
number). ``--verbose`` lists the wrong ones; the summary line ends with ``links R/N``.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
EXPECTED = ROOT / "tests" / "fixtures" / "samples"

REC_FIELDS = (
    "rec_no",
    "agreement",
    "ref",
    "repeated_ref",
    "section",
    "heading",
    "addressee",
    "concern_first_words",
    "concern_last_words",
    "recommendation_first_words",
    "recommendation_last_words",
    "actions",
)
PAIRS = "action pairs"
"""Name of the pair-level actions figure (a row of the field table after ``REC_FIELDS``)."""
PLAN_ROWS = (*REC_FIELDS, PAIRS)

META_FIELDS = ("establishment", "inspection", "submitted", "published", "stated_counts")
RECORDS = "recommendations"
"""Name of the record-count metadata row."""
META_ROWS = (*META_FIELDS, RECORDS)

HMIP_FIELDS = (
    "ref",
    "theme_heading",
    "judgement",
    "concern_first_words",
    "recommendation_first_words",
    "recommendation_last_words",
)
OFSTED_FIELDS = ("theme_no", "judgement", "question_first_words", "question_last_words")

FIRST_N = 8
LAST_N = 6

_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_SPLIT_HYPHEN = re.compile(r"(?<=\w)- +(?=\w)")
# the Latin ligature codepoints (U+FB00-FB06) read as their letters (NFKC): a text
# that prints 'Oﬀender' and a PDF reader that gives 'Offender' say the same
_LIGATURE_FOLD = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}


# --------------------------------------------------------------------------- results


@dataclass
class FieldScore:
    right: int = 0
    total: int = 0

    def add(self, ok: bool, weight: int = 1) -> None:
        self.total += weight
        if ok:
            self.right += weight

    def __iadd__(self, other: FieldScore) -> FieldScore:
        self.right += other.right
        self.total += other.total
        return self

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 1.0

    def cell(self) -> str:
        if not self.total:
            return "–"
        return f"{self.right}/{self.total} {100 * self.ratio:.0f}%"


@dataclass
class Mismatch:
    doc: str
    rec_no: str | None
    field: str
    expected: Any
    got: Any

    def __str__(self) -> str:
        return (
            f"{self.doc} {self.rec_no or '-'} {self.field}: "
            f"expected {_show(self.expected)}, got {_show(self.got)}"
        )


@dataclass
class DocScore:
    """The comparison of one parsed document with its gold file."""

    name: str  # corpus stem
    label: str  # short column title, e.g. "000 Belmarsh"
    kind: str  # 'action_plan' | 'irp_report'
    fields: dict[str, FieldScore] = field(default_factory=dict)
    meta: dict[str, FieldScore] = field(default_factory=dict)
    parsed_count: int = 0
    gold_count: int = 0
    matched: int = 0
    missing: list[str] = field(default_factory=list)  # gold rec_nos with no parsed record
    extra: list[str] = field(default_factory=list)  # parsed rec_nos with no gold record
    mismatches: list[Mismatch] = field(default_factory=list)
    error: str | None = None  # the parser raised; every field scores 0
    unavailable: bool = False  # IRP parser not written yet
    # (owner, target) pairs of action plans, for the actions F1: gold pairs, parsed
    # pairs, and pairs in both (per matched record, as a multiset)
    pairs_gold: int = 0
    pairs_parsed: int = 0
    pairs_common: int = 0
    # rows with a wrong field (or gold rows missing), and those of them no warning
    # flags: rec_nos (see "No wrong row without a warning" above)
    wrong_rows: list[str] = field(default_factory=list)
    silent_rows: list[str] = field(default_factory=list)
    # rows with every field right that carry a warning all the same: the cost of the
    # warnings (a reviewer checks a row for nothing), weighed against silent_rows
    warned_right_rows: list[str] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.fields[name].ratio

    def field_failures(self, threshold: float) -> dict[str, FieldScore]:
        return {k: v for k, v in self.fields.items() if v.ratio < threshold}

    def meta_failures(self) -> list[Mismatch]:
        meta_names = set(META_FIELDS)
        return [m for m in self.mismatches if m.rec_no is None and m.field in meta_names]


# --------------------------------------------------------------------------- normalising


def norm_space(value: Any) -> str:
    """None → ""; other values as str with runs of whitespace collapsed and ends
    stripped, and ligature codepoints ('ﬀ', 'ﬁ' …) as their letters."""
    if value is None:
        return ""
    return " ".join(str(value).translate(_LIGATURE_FOLD).split())


def strip_tags(text: str | None) -> str:
    return _TAG.sub(" ", text or "")


def norm_words(text: str | None) -> str:
    """Tags removed, "- " inside a word joined, whitespace collapsed, lower case."""
    return _SPLIT_HYPHEN.sub("-", norm_space(strip_tags(text))).lower()


def first_words(text: str | None, n: int = FIRST_N) -> str | None:
    """The first ``n`` whitespace tokens of ``text`` with tags removed (None if empty)."""
    tokens = strip_tags(text).split()
    return " ".join(tokens[:n]) if tokens else None


def last_words(text: str | None, n: int = LAST_N) -> str | None:
    tokens = strip_tags(text).split()
    return " ".join(tokens[-n:]) if tokens else None


def words_match(gold: str | None, parsed_text: str | None, n: int, from_end: bool) -> bool:
    """Does the parsed full text start (end) with the gold first (last) ``n`` words?"""
    parsed = norm_words(parsed_text).split()
    if gold is None or not gold.strip():
        return not parsed
    want = norm_words(gold).split()
    if len(gold.split()) < n:  # the whole (short) sentence is given
        return parsed == want
    window = parsed[-len(want) :] if from_end else parsed[: len(want)]
    if window == want:
        return True
    # The gold words are raw tokens: a window may start inside a PDF split word
    # ("high- risk" → gold "risk prisoners …"), so also compare token for token.
    raw = norm_space(strip_tags(parsed_text)).lower().split()
    want_raw = norm_space(gold).lower().split()
    raw_window = raw[-len(want_raw) :] if from_end else raw[: len(want_raw)]
    return raw_window == want_raw


def pairs_of(actions: Iterable[Any]) -> list[tuple[str, str]]:
    """(owner, target) pairs of parsed Actions or gold action dicts, whitespace-normalised."""
    out = []
    for a in actions:
        if isinstance(a, dict):
            out.append((norm_space(a.get("owner")), norm_space(a.get("target"))))
        else:
            out.append((norm_space(a.owner), norm_space(a.target)))
    return out


def pair_overlap(want: list[tuple[str, str]], have: list[tuple[str, str]]) -> int:
    """How many of ``have``'s pairs are in ``want`` (as multisets: order aside)."""
    return sum((Counter(want) & Counter(have)).values())


def actions_f1(docs: Iterable[DocScore]) -> float:
    """F1 of (owner, target) pairs over documents: 2·common / (gold + parsed).

    A pair counts as found when its record is matched and holds it (order within
    the record aside); a missing record's or a refused document's pairs are not
    found, an extra record's are wrong.
    """
    gold = parsed = common = 0
    for d in docs:
        gold, parsed, common = gold + d.pairs_gold, parsed + d.pairs_parsed, common + d.pairs_common
    return 2 * common / (gold + parsed) if gold + parsed else 1.0


def _show(value: Any) -> str:
    if isinstance(value, list) and value and isinstance(value[0], tuple):
        return "[" + "; ".join(f"{o} | {t}" for o, t in value) + "]"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def doc_label(name: str, gold: dict) -> str:
    est = (gold.get("establishment") or "").removeprefix("HMP ").strip()
    return f"{name[:3]} {est}".strip()


# --------------------------------------------------------------------------- alignment


def align(
    gold_items: list[dict],
    parsed_items: list[Any],
    gold_key: Callable[[dict], Any],
    parsed_key: Callable[[Any], Any],
) -> tuple[list[tuple[dict, Any]], list[dict], list[Any]]:
    """Pair gold and parsed items: by position if the counts agree, else by key.

    Returns (pairs, gold items without partner, parsed items without partner), pairs in
    gold order.
    """
    if len(gold_items) == len(parsed_items):
        return list(zip(gold_items, parsed_items, strict=True)), [], []
    unused = list(range(len(parsed_items)))
    pairs, missing = [], []
    for g in gold_items:
        key = norm_space(gold_key(g))
        hit = next((i for i in unused if norm_space(parsed_key(parsed_items[i])) == key), None)
        if hit is None:
            missing.append(g)
        else:
            unused.remove(hit)
            pairs.append((g, parsed_items[hit]))
    return pairs, missing, [parsed_items[i] for i in unused]


# --------------------------------------------------------------------------- action plans


def _compare_rec(doc: DocScore, g: dict, r: Any, doc_warnings: Iterable[str] = ()) -> None:
    rec_no = g.get("rec_no")
    wrong = False

    def record(name: str, ok: bool, expected: Any, got: Any) -> None:
        nonlocal wrong
        doc.fields[name].add(ok)
        if not ok:
            wrong = True
            doc.mismatches.append(Mismatch(doc.name, rec_no, name, expected, got))

    for name in ("rec_no", "agreement", "ref", "repeated_ref", "section", "heading", "addressee"):
        expected, got = g.get(name), getattr(r, name, None)
        record(name, norm_space(expected) == norm_space(got), expected, got)

    for part in ("concern", "recommendation"):
        text = getattr(r, part, None)
        for suffix, n, from_end in (("first_words", FIRST_N, False), ("last_words", LAST_N, True)):
            name = f"{part}_{suffix}"
            expected = g.get(name)
            got = (last_words if from_end else first_words)(text, n)
            record(name, words_match(expected, text, n, from_end), expected, got)

    want, have = pairs_of(g.get("actions") or []), pairs_of(getattr(r, "actions", None) or [])
    record("actions", want == have, want, have)
    doc.pairs_gold += len(want)
    doc.pairs_parsed += len(have)
    doc.pairs_common += pair_overlap(want, have)
    doc.fields[PAIRS].total += len(want)
    doc.fields[PAIRS].right += sum(1 for w, h in zip(want, have, strict=False) if w == h)
    if wrong:
        doc.wrong_rows.append(str(rec_no))
        if not flagged(r, doc_warnings):
            doc.silent_rows.append(str(rec_no))
    elif flagged(r, doc_warnings):
        doc.warned_right_rows.append(str(rec_no))


def flagged(record: Any, doc_warnings: Iterable[str] = ()) -> bool:
    """Does a reviewer see a warning on this parsed recommendation: its own, or one
    of its document's that names it (as the queue's ⚠ column counts them)?"""
    if getattr(record, "warnings", None):
        return True
    from store.reports.documents import warnings_naming

    rec_no = getattr(record, "rec_no", None)
    return bool(
        rec_no and warnings_naming(list(doc_warnings), "recommendation", {"rec_no": rec_no})
    )


def _compare_meta(doc: DocScore, name: str, expected: Any, got: Any, ok: bool) -> None:
    doc.meta[name].add(ok)
    if not ok:
        doc.mismatches.append(Mismatch(doc.name, None, name, expected, got))


def score_action_plan(name: str, gold: dict, parsed: Any) -> DocScore:
    """Compare a parsed ActionPlan (or the exception its parse raised) with its gold dict."""
    golds = gold.get("recommendations") or []
    doc = DocScore(name=name, label=doc_label(name, gold), kind="action_plan")
    doc.fields = {f: FieldScore() for f in PLAN_ROWS}
    doc.meta = {f: FieldScore() for f in META_ROWS}
    doc.gold_count = len(golds)

    if isinstance(parsed, BaseException) or getattr(parsed, "kind", None) != "action_plan":
        doc.error = (
            f"{type(parsed).__name__}: {parsed}"
            if isinstance(parsed, BaseException)
            else f"parse_document returned {type(parsed).__name__}, not an ActionPlan"
        )
        doc.mismatches.append(Mismatch(name, None, "parse", "ActionPlan", doc.error))
        for f in PLAN_ROWS:
            doc.fields[f].total = doc.gold_count
        doc.fields[PAIRS].total = sum(len(g.get("actions") or []) for g in golds)
        doc.pairs_gold = doc.fields[PAIRS].total
        for f in META_ROWS:
            doc.meta[f].total = 1
        doc.missing = [str(g.get("rec_no")) for g in golds]
        return doc

    recs = list(parsed.recommendations)
    doc.parsed_count = len(recs)
    pairs, missing, extra = align(
        golds, recs, lambda g: g.get("rec_no"), lambda r: getattr(r, "rec_no", None)
    )
    doc.matched = len(pairs)
    doc_warnings = list(getattr(parsed, "warnings", None) or [])
    for g, r in pairs:
        _compare_rec(doc, g, r, doc_warnings)
    for g in missing:
        doc.missing.append(str(g.get("rec_no")))
        doc.wrong_rows.append(str(g.get("rec_no")))
        if not doc_warnings:  # a row not found, in a plan that warns of nothing
            doc.silent_rows.append(str(g.get("rec_no")))
        for f in REC_FIELDS:
            doc.fields[f].total += 1
        doc.fields[PAIRS].total += len(g.get("actions") or [])
        doc.pairs_gold += len(g.get("actions") or [])
        doc.mismatches.append(Mismatch(name, g.get("rec_no"), "record", "present", "missing"))
    for r in extra:
        doc.extra.append(str(getattr(r, "rec_no", None)))
        doc.pairs_parsed += len(getattr(r, "actions", None) or [])
        doc.mismatches.append(
            Mismatch(name, getattr(r, "rec_no", None), "record", "absent", "extra record")
        )

    for f in ("establishment", "inspection", "submitted", "published"):
        expected, got = gold.get(f), getattr(parsed, f, None)
        _compare_meta(doc, f, expected, got, norm_space(expected) == norm_space(got))
    expected, got = gold.get("summary_counts"), parsed.stated_counts
    _compare_meta(doc, "stated_counts", expected, got, (expected or None) == (got or None))
    _compare_meta(doc, RECORDS, len(golds), len(recs), len(golds) == len(recs))
    return doc


# --------------------------------------------------------------------------- IRP reports


def _month(value: Any) -> str:
    return norm_space(value)[:7]


def score_irp(name: str, gold: dict, parsed: Any) -> DocScore:
    """Compare a parsed IRPReport (or the exception its parse raised) with its gold dict."""
    hmip_gold = gold.get("hmip") or []
    ofsted_gold = gold.get("ofsted") or []
    doc = DocScore(name=name, label=doc_label(name, gold), kind="irp_report")
    doc.fields = {f"HMIP {f}": FieldScore() for f in HMIP_FIELDS}
    doc.fields |= {f"Ofsted {f}": FieldScore() for f in OFSTED_FIELDS}
    doc.meta = {"establishment": FieldScore(), "published": FieldScore()}
    doc.gold_count = len(hmip_gold) + len(ofsted_gold)

    if isinstance(parsed, ImportError | NotImplementedError):
        doc.unavailable = True
        doc.error = f"{type(parsed).__name__}: {parsed}"
        return doc
    if isinstance(parsed, BaseException) or getattr(parsed, "kind", None) != "irp_report":
        doc.error = (
            f"{type(parsed).__name__}: {parsed}"
            if isinstance(parsed, BaseException)
            else f"parse_document returned {type(parsed).__name__}, not an IRPReport"
        )
        doc.mismatches.append(Mismatch(name, None, "parse", "IRPReport", doc.error))
        for g_items, prefix, names in (
            (hmip_gold, "HMIP", HMIP_FIELDS),
            (ofsted_gold, "Ofsted", OFSTED_FIELDS),
        ):
            for f in names:
                doc.fields[f"{prefix} {f}"].total = len(g_items)
        for f in doc.meta:
            doc.meta[f].total = 1
        return doc

    judgements = list(parsed.judgements)
    hmip = [j for j in judgements if norm_space(j.inspectorate).lower() == "hmip"]
    ofsted = [j for j in judgements if norm_space(j.inspectorate).lower() == "ofsted"]
    doc.parsed_count = len(hmip) + len(ofsted)

    def record(item: str | None, name: str, ok: bool, expected: Any, got: Any) -> None:
        doc.fields[name].add(ok)
        if not ok:
            doc.mismatches.append(Mismatch(doc.name, item, name, expected, got))

    pairs, missing, extra = align(hmip_gold, hmip, lambda g: g.get("ref"), lambda j: j.ref)
    for g, j in pairs:
        item = f"HMIP {g.get('ref')}"
        for f, got in (
            ("ref", j.ref),
            ("theme_heading", j.theme),
            ("judgement", j.judgement),
        ):
            ok = norm_space(g.get(f)).lower() == norm_space(got).lower()
            record(item, f"HMIP {f}", ok, g.get(f), got)
        for f, text, n, from_end in (
            ("concern_first_words", j.concern, FIRST_N, False),
            ("recommendation_first_words", j.text, FIRST_N, False),
            ("recommendation_last_words", j.text, LAST_N, True),
        ):
            got = (last_words if from_end else first_words)(text, n)
            record(item, f"HMIP {f}", words_match(g.get(f), text, n, from_end), g.get(f), got)
    doc.matched = len(pairs)

    opairs = list(zip(ofsted_gold, ofsted, strict=False))
    omissing = ofsted_gold[len(opairs) :]
    oextra = ofsted[len(opairs) :]
    for g, j in opairs:
        item = f"Ofsted {g.get('theme_no')}"
        record(
            item,
            "Ofsted theme_no",
            norm_space(g.get("theme_no")) == norm_space(j.ref),
            g.get("theme_no"),
            j.ref,
        )
        ok = norm_space(g.get("judgement")).lower() == norm_space(j.judgement).lower()
        record(item, "Ofsted judgement", ok, g.get("judgement"), j.judgement)
        for f, n, from_end in (
            ("question_first_words", FIRST_N, False),
            ("question_last_words", LAST_N, True),
        ):
            got = (last_words if from_end else first_words)(j.text, n)
            ok = words_match(g.get(f), j.text, n, from_end)
            record(item, f"Ofsted {f}", ok, g.get(f), got)
    doc.matched += len(opairs)

    for prefix, names, items, key in (
        ("HMIP", HMIP_FIELDS, missing, "ref"),
        ("Ofsted", OFSTED_FIELDS, omissing, "theme_no"),
    ):
        for g in items:
            doc.missing.append(f"{prefix} {g.get(key)}")
            for f in names:
                doc.fields[f"{prefix} {f}"].total += 1
            doc.mismatches.append(
                Mismatch(name, f"{prefix} {g.get(key)}", "record", "present", "missing")
            )
    for prefix, items in (("HMIP", extra), ("Ofsted", oextra)):
        for j in items:
            doc.extra.append(f"{prefix} {j.ref}")
            doc.mismatches.append(
                Mismatch(name, f"{prefix} {j.ref}", "record", "absent", "extra record")
            )

    est = gold.get("establishment")
    _compare_meta(
        doc,
        "establishment",
        est,
        parsed.establishment,
        norm_space(est) == norm_space(parsed.establishment),
    )
    pub = gold.get("published")
    _compare_meta(doc, "published", pub, parsed.published, _month(pub) == _month(parsed.published))
    return doc


# --------------------------------------------------------------------------- IRP links


@dataclass
class LinkScore:
    """The links of one imported IRP report against its gold ``action_plan_rec_no``."""

    name: str
    label: str
    right: int = 0
    total: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    error: str | None = None

    def cell(self) -> str:
        return FieldScore(self.right, self.total).cell()


def _link_label(name: str, gold: dict) -> str:
    """'001 Belmarsh' for a corpus stem, 'Ashdown' for a sample."""
    if name[:3].isdigit():
        return doc_label(name, gold)
    return (gold.get("establishment") or name).removeprefix("HMP ").strip()


def gold_link_sets(gold: dict) -> list[tuple[str, str, set[str]]]:
    """(inspectorate, ref or theme number, the rec_nos it links to) for each gold item."""
    out = []
    for g in gold.get("hmip") or []:
        rec_no = g.get("action_plan_rec_no")
        out.append(("HMIP", norm_space(g.get("ref")), {norm_space(rec_no)} if rec_no else set()))
    for g in gold.get("ofsted") or []:
        recs = {norm_space(r) for r in g.get("action_plan_rec_no") or []}
        out.append(("Ofsted", norm_space(g.get("theme_no")), recs))
    return out


def score_links(db: Any, irp_id: int, name: str, gold: dict) -> LinkScore:
    """Compare the stored links of IRP report ``irp_id`` with ``gold``."""
    from store.ingest.judgement_links import links_of_document

    got = {
        (j.inspectorate, norm_space(j.ref)): {norm_space(x["rec_no"]) for x in j.links}
        for j in links_of_document(db, irp_id)
    }
    doc = LinkScore(name, _link_label(name, gold))
    for inspectorate, ref, want in gold_link_sets(gold):
        have = got.get((inspectorate, ref))
        ok = have == want
        doc.total += 1
        doc.right += ok
        if not ok:
            shown = "no such judgement" if have is None else sorted(have)
            doc.mismatches.append(
                Mismatch(name, f"{inspectorate} {ref}", "links", sorted(want), shown)
            )
    return doc


def link_documents(documents: list[tuple[str, str]], golds: dict[str, dict]) -> list[LinkScore]:
    """Import ``documents`` ((name, text), in order) into a temporary database; score the
    links of every IRP report named in ``golds``."""
    from extract import parse_document
    from store import import_document, open_db

    ids: dict[str, int] = {}
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "links.db")
        try:
            for name, text in documents:
                try:
                    ids[name] = import_document(db, parse_document(text), name).document_id
                except Exception as exc:  # reported on the document, never fatal
                    errors[name] = f"{type(exc).__name__}: {exc}"
            out = []
            for name, gold in golds.items():
                if name in ids:
                    out.append(score_links(db, ids[name], name, gold))
                else:
                    error = errors.get(name, "not imported")
                    total = len(gold_link_sets(gold))
                    out.append(LinkScore(name, _link_label(name, gold), 0, total, error=error))
            return out
        finally:
            db.close()


def corpus_links(shared: Path, reverse: bool = False) -> list[LinkScore]:
    """Links of the corpus IRP reports, every gold document imported in name order
    (``reverse``: the other way round)."""
    paths = gold_files(shared)
    documents = [(p.stem, (shared / "corpus" / f"{p.stem}.txt").read_text("utf-8")) for p in paths]
    golds = {p.stem: load_gold(p) for p in paths}
    golds = {k: g for k, g in golds.items() if g.get("kind") == "irp_report"}
    return link_documents(documents[::-1] if reverse else documents, golds)


def sample_links(
    samples: Path = SAMPLES, expected: Path = EXPECTED, reverse: bool = False
) -> list[LinkScore]:
    """Links of the sample IRP reports, every ``samples/`` document imported in name order."""
    paths = sorted(samples.glob("*.txt"))
    documents = [(p.stem, p.read_text("utf-8")) for p in paths]
    golds = {}
    for p in sorted(expected.glob("*.json")):
        gold = load_gold(p)
        if gold.get("kind") == "irp_report" and (samples / f"{p.stem}.txt").is_file():
            golds[p.stem] = gold
    return link_documents(documents[::-1] if reverse else documents, golds)


# --------------------------------------------------------------------------- running


def gold_files(shared: Path) -> list[Path]:
    """Gold JSON files that have a corpus text beside them, in name order."""
    gold_dir, corpus = shared / "gold", shared / "corpus"
    return [p for p in sorted(gold_dir.glob("*.json")) if (corpus / f"{p.stem}.txt").is_file()]


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def default_parse(text: str) -> Any:
    from extract import parse_document

    return parse_document(text)


def score_file(
    gold_path: Path, shared: Path, parse: Callable[[str], Any] | None = None
) -> DocScore:
    """Parse the corpus text of one gold file and score it."""
    gold = load_gold(gold_path)
    text = (shared / "corpus" / f"{gold_path.stem}.txt").read_text(encoding="utf-8")
    try:
        parsed: Any = (parse or default_parse)(text)
    except Exception as exc:  # scored as a failed document, reported, never fatal
        parsed = exc
    if gold.get("kind") == "irp_report":
        return score_irp(gold_path.stem, gold, parsed)
    return score_action_plan(gold_path.stem, gold, parsed)


def score_all(shared: Path, parse: Callable[[str], Any] | None = None) -> list[DocScore]:
    return [score_file(p, shared, parse) for p in gold_files(shared)]


# Our own fictional documents with hand-made expected extractions (see tests/test_samples.py,
# tests/test_irp_variants.py): (label, folder of .txt, folder of .json)
OUR_SETS = (
    ("samples/ (demo documents)", ROOT / "samples", ROOT / "tests" / "fixtures" / "samples"),
    ("blind variant plans", ROOT / "tests" / "fixtures" / "variants", None),
    ("blind variant IRPs", ROOT / "tests" / "fixtures" / "irp_variants", None),
    ("samples/ read from .pdf", ROOT / "samples", ROOT / "tests" / "fixtures" / "pdf"),
)


def score_folder(texts: Path, expected: Path | None) -> list[DocScore]:
    """Score every expected .json (beside its document unless ``expected`` is given).

    The document is ``<stem>.txt``, else ``<stem>.pdf`` or ``<stem>.docx`` read
    as ``hmip-review import`` reads it (skipped where pdfplumber or
    python-docx is not installed).
    """
    out = []
    for gold_path in sorted((expected or texts).glob("*.json")):
        text = _document_text(texts, gold_path.stem)
        if text is None:
            continue
        gold = load_gold(gold_path)
        try:
            parsed: Any = default_parse(text)
        except Exception as exc:
            parsed = exc
        score = score_irp if gold.get("kind") == "irp_report" else score_action_plan
        out.append(score(gold_path.stem, gold, parsed))
    return out


def _document_text(folder: Path, stem: str) -> str | None:
    text_path = folder / f"{stem}.txt"
    if text_path.is_file():
        return text_path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    for suffix in (".pdf", ".docx"):
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            try:
                from extract.formats.read import read_document

                return read_document(path)
            except ImportError:  # the PDF/Word library is not installed here
                return None
    return None


def ours_table():
    """One row per set of our own documents: records and the worst field."""
    from rich.table import Table

    table = Table(title="Our fictional documents (not the corpus)", title_justify="left")
    for col in ("set", "documents", "records", "worst field", "mismatches"):
        table.add_column(col)
    for label, texts, expected in OUR_SETS:
        docs = score_folder(texts, expected)
        if not docs:
            continue
        fields = overall(docs)
        worst = min(fields, key=lambda k: fields[k].ratio) if fields else None
        matched = sum(d.matched for d in docs)
        gold = sum(d.gold_count for d in docs)
        table.add_row(
            label,
            str(len(docs)),
            f"{matched}/{gold}",
            f"{worst} {100 * fields[worst].ratio:.1f}%" if worst else "–",
            str(sum(len(d.mismatches) for d in docs)),
        )
    return table


# --------------------------------------------------------------------------- rendered files

RENDERED = ROOT / "tests" / "fixtures" / "rendered"
# PDFs of the same plans in Calibri's metrics (bench/make_rendered_fixtures.py --set calibri)
CALIBRI = ROOT / "tests" / "fixtures" / "pdf" / "calibri"
"""Our plans as LibreOffice wrote them (bench/make_rendered_fixtures.py, manifest.json)."""
TEXT_FORMAT = "text"
FIELD_TARGET = 0.97  # issue 15: every per-row field, from every format
F1_TARGET = 0.95  # issue 15: actions F1 (owner/target pairs)
META_TARGET = 0.95  # issue 15: metadata fields


@dataclass
class FormatScore:
    """Every rendered plan in one format, each scored against its expected extraction."""

    label: str  # 'text', '.docx', 'PDF, zero cell margins', ...
    suffix: str | None  # the files' suffix; None for the plans' text originals
    docs: list[DocScore] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    not_read: str | None = None  # read_document refused every file: the first reason

    @property
    def fields(self) -> dict[str, FieldScore]:
        return overall(self.docs)

    @property
    def meta(self) -> FieldScore:
        out = FieldScore()
        for s in overall(self.docs, "meta").values():
            out += s
        return out

    @property
    def records(self) -> tuple[int, int, int]:
        """(records matched, records expected, extra records)."""
        return (
            sum(d.matched for d in self.docs),
            sum(d.gold_count for d in self.docs),
            sum(len(d.extra) for d in self.docs),
        )

    @property
    def f1(self) -> float:
        return actions_f1(self.docs)

    @property
    def wrong_rows(self) -> int:
        return sum(len(d.wrong_rows) for d in self.docs)

    @property
    def right_rows(self) -> int:
        """Records found with every field right."""
        return sum(d.matched - (len(d.wrong_rows) - len(d.missing)) for d in self.docs)

    @property
    def warned_right_rows(self) -> int:
        return sum(len(d.warned_right_rows) for d in self.docs)

    @property
    def silent_rows(self) -> list[str]:
        """'file rec_no' of every wrong row that carries no warning."""
        return [f"{d.name} {rec_no}" for d in self.docs for rec_no in d.silent_rows]

    def worst(self) -> tuple[str, FieldScore]:
        """The per-row field with the lowest accuracy (the first such in REC_FIELDS)."""
        fields = self.fields
        name = min(REC_FIELDS, key=lambda k: (fields[k].ratio, REC_FIELDS.index(k)))
        return name, fields[name]

    def gaps(self) -> list[str]:
        """What is below issue 15's targets ([] when every target is met)."""
        if self.not_read:
            return ["not read yet"]
        out = []
        if self.refused:
            out.append(f"{len(self.refused)}/{len(self.docs)} files refused")
        matched, gold, extra = self.records
        if matched < gold or extra:
            out.append(f"records {matched}/{gold}" + (f" +{extra} extra" if extra else ""))
        fields = self.fields
        low = [k for k in REC_FIELDS if fields[k].ratio < FIELD_TARGET]
        if len(low) > 3:
            worst, score = self.worst()
            out.append(f"{len(low)} fields below 97% (worst {worst} {100 * score.ratio:.0f}%)")
        elif low:
            out.append("below 97%: " + ", ".join(f"{k} {100 * fields[k].ratio:.0f}%" for k in low))
        if self.f1 < F1_TARGET:
            out.append(f"actions F1 {self.f1:.2f}")
        if self.meta.ratio < META_TARGET:
            out.append(f"metadata {100 * self.meta.ratio:.0f}%")
        if self.silent_rows:
            out.append(f"{len(self.silent_rows)} wrong rows without a warning")
        return out


def rendered_plans(folder: Path = RENDERED) -> tuple[list[dict], list[tuple[str, str | None]]]:
    """The manifest's plans and the formats: [(label, suffix)], the text original first."""
    manifest = load_gold(folder / "manifest.json")
    formats = [(TEXT_FORMAT, None), *((label, sfx) for sfx, label in manifest["files"].items())]
    return manifest["plans"], formats


def score_format(
    label: str,
    suffix: str | None,
    plans: list[dict],
    folder: Path = RENDERED,
    parse: Callable[[str], Any] | None = None,
) -> FormatScore:
    """Read every plan's file of one format as ``hmip-review import`` does, and score it.

    When ``read_document`` refuses every file, the format is *not read yet*
    (``not_read``: no reader for it) and nothing is scored.
    """
    from extract.formats.notes import attach
    from extract.formats.read import read_document_notes

    out = FormatScore(label, suffix)
    read_errors = []
    for plan in plans:
        stem = plan["stem"]
        path = ROOT / plan["text"] if suffix is None else folder / f"{stem}{suffix}"
        gold = load_gold(ROOT / plan["expected"])
        try:
            text, notes = read_document_notes(path)
        except Exception as exc:  # scored as a refused file, never fatal
            parsed: Any = exc
            read_errors.append(f"{type(exc).__name__}: {exc}")
        else:
            try:  # the reader's doubts as warnings, as hmip-review import stores them
                parsed = attach((parse or default_parse)(text), notes)
            except Exception as exc:
                parsed = exc
        doc = score_action_plan(path.name, gold, parsed)
        doc.label = path.name
        if doc.error:
            out.refused.append((path.name, doc.error))
        out.docs.append(doc)
    if plans and len(read_errors) == len(plans):
        out.not_read, out.docs, out.refused = read_errors[0], [], []
    return out


def score_rendered(
    folder: Path = RENDERED,
    stems: Iterable[str] | None = None,
    parse: Callable[[str], Any] | None = None,
) -> list[FormatScore]:
    """Every format of the rendered fixtures (only the plans ``stems``, if given)."""
    plans, formats = rendered_plans(folder)
    if stems is not None:
        wanted = set(stems)
        plans = [p for p in plans if p["stem"] in wanted]
    return [score_format(label, sfx, plans, folder, parse) for label, sfx in formats]


def rendered_table(scores: list[FormatScore], plans: int | None = None, folder: Path = RENDERED):
    """One column per format: records, refusals, every per-row field, F1, metadata."""
    from rich.table import Table
    from rich.text import Text

    if plans is None:
        plans = max((len(f.docs) for f in scores), default=0)
    where = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    table = Table(
        title=f"Rendered fixtures ({where}, {plans} plans): accuracy per format",
        title_justify="left",
    )
    table.add_column("figure")
    for f in scores:
        table.add_column(f.label, justify="right")

    def style(ok: bool) -> str:
        return "green" if ok else "red"

    def row(name: str, cell) -> None:
        cells = []
        for f in scores:
            if f.not_read:
                cells.append(Text("not read yet" if name == "files read" else "–", style="red"))
            else:
                text, ok = cell(f)
                cells.append(Text(text, style=style(ok)))
        table.add_row(Text(name), *cells)

    row(
        "files read",
        lambda f: (f"{len(f.docs) - len(f.refused)}/{len(f.docs)}", not f.refused),
    )

    def records(f: FormatScore):
        matched, gold, extra = f.records
        return f"{matched}/{gold}" + (f" +{extra}" if extra else ""), matched == gold and not extra

    row("records found", records)
    for name in (*REC_FIELDS, PAIRS):
        row(name, lambda f, n=name: (f.fields[n].cell(), f.fields[n].ratio >= FIELD_TARGET))
    row("actions F1", lambda f: (f"{f.f1:.2f}", f.f1 >= F1_TARGET))
    row("metadata", lambda f: (f.meta.cell(), f.meta.ratio >= META_TARGET))
    row(
        "wrong rows, no warning",
        lambda f: (f"{len(f.silent_rows)} of {f.wrong_rows}", not f.silent_rows),
    )
    row(
        "right rows, warned",
        lambda f: (f"{f.warned_right_rows} of {f.right_rows}", True),
    )
    table.add_row(
        Text("issue 15 target", style="bold"),
        *(
            Text("met", style="green")
            if not f.gaps()
            else Text("missed: " + "; ".join(f.gaps()), style="red")
            for f in scores
        ),
    )
    return table


def _refused_table(scores: list[FormatScore]):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Rendered fixtures: files refused", title_justify="left")
    for col in ("format", "file", "reason"):
        table.add_column(col, overflow="fold")
    for f in scores:
        if f.not_read:
            table.add_row(Text(f.label), Text(f"every *{f.suffix}"), Text(f.not_read))
        for name, reason in f.refused:
            table.add_row(Text(f.label), Text(name), Text(reason))
    return table


def report_rendered(
    scores: list[FormatScore],
    verbose: bool = False,
    console: Any = None,
    folder: Path = RENDERED,
):
    """Print the per-format table, the refused files and (``verbose``) every mismatch."""
    from rich.console import Console

    if console is None:
        console = Console() if sys.stdout.isatty() else Console(width=200)
    console.print(rendered_table(scores, folder=folder))
    if any(f.refused or f.not_read for f in scores):
        console.print(_refused_table(scores))
    if verbose:
        shown = [d for f in scores for d in f.docs if d.mismatches and not d.error]
        if shown:
            console.print(_mismatch_table(shown))
        for f in scores:
            for row in f.silent_rows:
                console.print(f"wrong row without a warning: {f.label}: {row}")


def rendered_lines(scores: list[FormatScore]) -> list[str]:
    """The per-format figures as plain lines (no rich)."""
    out = []
    for f in scores:
        if f.not_read:
            out.append(f"{f.label}: not read yet ({f.not_read})")
            continue
        matched, gold, extra = f.records
        worst, score = f.worst()
        gaps = f.gaps()
        out.append(
            f"{f.label}: files read {len(f.docs) - len(f.refused)}/{len(f.docs)}, "
            f"records {matched}/{gold}" + (f" +{extra}" if extra else "") + ", "
            f"worst field {worst} {100 * score.ratio:.1f}%, actions F1 {f.f1:.2f}, "
            f"metadata {f.meta.right}/{f.meta.total}, "
            f"wrong rows without a warning {len(f.silent_rows)} of {f.wrong_rows}, "
            f"right rows warned {f.warned_right_rows} of {f.right_rows}; "
            + ("target met" if not gaps else "missed: " + "; ".join(gaps))
        )
    return out


def rendered_target(scores: list[FormatScore]) -> dict:
    """The rendered fixtures as one figure of ``run_all.py``'s table."""
    from bench.bench_summary import target

    met = [f.label for f in scores if not f.gaps()]
    missed = [f"{f.label} ({'; '.join(f.gaps())})" for f in scores if f.gaps()]
    return target(
        "parser on rendered files: formats at target",
        f"{len(met)}/{len(scores)}" + (f": {', '.join(met)}" if met else ""),
        f"tests/fixtures/rendered ({max((len(f.docs) for f in scores), default=0)} plans)",
        "every format: none refused, per-row fields ≥ 97%, actions F1 ≥ 0.95, metadata ≥ 95%, "
        "no wrong row without a warning",
        "missed: " + ", ".join(missed) if missed else "all met",
        not missed,
    )


def overall(docs: list[DocScore], attr: str = "fields") -> dict[str, FieldScore]:
    """Sum each field's score over documents."""
    out: dict[str, FieldScore] = {}
    for d in docs:
        for name, s in getattr(d, attr).items():
            out.setdefault(name, FieldScore())
            out[name] += s
    return out


def _totals(plans: list[DocScore]):
    """Over all action plans: per-field scores, the worst field, metadata, records."""
    fields = overall(plans)
    worst = min(fields, key=lambda k: (fields[k].ratio, PLAN_ROWS.index(k)))
    meta = FieldScore()
    for s in overall(plans, "meta").values():
        meta += s
    matched = sum(d.matched for d in plans)
    gold = sum(d.gold_count for d in plans)
    extra = sum(len(d.extra) for d in plans)
    return fields, worst, meta, matched, gold, extra


def summary_line(plans: list[DocScore], links: list[LinkScore] | None = None) -> str:
    if not plans:
        return "overall: no action-plan gold files found"
    fields, worst, meta, matched, gold, extra = _totals(plans)
    line = (
        f"overall: min field accuracy {100 * fields[worst].ratio:.1f}% ({worst}), "
        f"records {matched}/{gold}"
    )
    if extra:
        line += f" (+{extra} extra)"
    line += f", metadata {meta.right}/{meta.total}"
    errors = sum(1 for d in plans if d.error)
    if errors:
        line += f", {errors} document(s) failed to parse"
    if links:
        line += f", links {sum(d.right for d in links)}/{sum(d.total for d in links)}"
    return line


# --------------------------------------------------------------------------- printing


def _field_table(title: str, docs: list[DocScore], rows: Iterable[str], attr: str):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    table.add_column("field")
    for d in docs:
        table.add_column(d.label, justify="right")
    table.add_column("overall", justify="right", style="bold")
    totals = overall(docs, attr)
    for row in rows:
        cells = []
        for d in [*docs, None]:
            s = totals.get(row) if d is None else getattr(d, attr).get(row)
            if s is None:
                cells.append(Text("–"))
            else:
                style = "green" if s.ratio >= 1 else "yellow" if s.ratio >= 0.98 else "red"
                cells.append(Text(s.cell(), style=style if s.total else ""))
        table.add_row(Text(row), *cells)
    return table


def _counts_table(docs: list[DocScore]):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Records (parsed vs gold)", title_justify="left")
    for col in ("document", "parsed", "gold", "matched", "missing", "extra", "note"):
        table.add_column(col, justify="left" if col in ("document", "note") else "right")
    for d in docs:
        note = d.error or ""
        table.add_row(
            Text(f"{d.label} ({d.name})"),
            str(d.parsed_count),
            str(d.gold_count),
            str(d.matched),
            Text("all" if d.error and not d.matched else ", ".join(d.missing) or "–"),
            Text(", ".join(d.extra) or "–"),
            Text(note, style="red" if note else ""),
        )
    return table


def _mismatch_table(docs: list[DocScore]):
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Mismatches", title_justify="left", show_lines=False)
    for col in ("doc", "rec_no", "field", "expected", "got"):
        table.add_column(col, overflow="fold")
    for d in docs:
        for m in d.mismatches:
            table.add_row(
                Text(d.label),
                Text(str(m.rec_no or "–")),
                Text(m.field),
                Text(_show(m.expected)),
                Text(_show(m.got)),
            )
    return table


def _links_table(title: str, links: list[LinkScore]):
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left")
    for col in ("document", "judgements linked right", "note"):
        table.add_column(col, justify="right" if col.startswith("judgements") else "left")
    for d in links:
        ratio = d.right / d.total if d.total else 1.0
        style = "green" if ratio >= 1 else "yellow" if ratio >= 12 / 13 else "red"
        table.add_row(
            Text(f"{d.label} ({d.name})"),
            Text(d.cell(), style=style),
            Text(d.error or "", style="red" if d.error else ""),
        )
    return table


def report(
    docs: list[DocScore],
    verbose: bool = False,
    console: Any = None,
    links: list[LinkScore] | None = None,
    sample_links: list[LinkScore] | None = None,
) -> str:
    """Print the tables for scored documents; return (and print last) the summary line.

    ``links`` (corpus) and ``sample_links`` are the IRP link scores, when measured; the
    summary line counts the corpus ones.
    """
    from rich.console import Console

    if console is None:
        console = Console() if sys.stdout.isatty() else Console(width=160)
    plans = [d for d in docs if d.kind == "action_plan"]
    irps = [d for d in docs if d.kind == "irp_report"]

    if plans:
        console.print(_field_table("Action plans: field accuracy", plans, PLAN_ROWS, "fields"))
        console.print(_field_table("Action plans: document metadata", plans, META_ROWS, "meta"))
        console.print(_counts_table(plans))
    for d in irps:
        if d.unavailable:
            console.print(f"IRP: parser not available ({d.error})", markup=False, highlight=False)
            continue
        console.print(_field_table(f"IRP report {d.name}: field accuracy", [d], d.fields, "fields"))
        console.print(_field_table(f"IRP report {d.name}: metadata", [d], d.meta, "meta"))
        console.print(_counts_table([d]))
    if links:
        console.print(_links_table("IRP links (corpus): judgements vs gold", links))
    if sample_links:
        console.print(_links_table("IRP links (samples): judgements vs expected", sample_links))
    if verbose:
        link_docs = [*(links or []), *(sample_links or [])]
        shown = [d for d in [*docs, *link_docs] if d.mismatches]
        if shown:
            console.print(_mismatch_table(shown))
        else:
            console.print("Mismatches: none", markup=False, highlight=False)
    line = summary_line(plans, links)
    console.print(line, markup=False, highlight=False, soft_wrap=True)
    return line


def summary_targets(
    plans: list[DocScore],
    links: list[LinkScore] | None = None,
    rendered: list[FormatScore] | None = None,
) -> list[dict]:
    """The summary line's figures for ``run_all.py`` (``bench/bench_summary.py``'s format).

    The per-field goal is ``tests/test_gold.py``'s (98% per document there; here
    over all action plans).
    """
    from bench.bench_summary import target

    if not plans:
        return [target("parser accuracy", "no action-plan gold files found")]
    fields, worst, meta, matched, gold, extra = _totals(plans)
    gold_floor = f"../shared/gold ({len(plans)} action plans, hand-checked)"
    targets = [
        target(
            "parser: min field accuracy (action plans)",
            f"{100 * fields[worst].ratio:.1f}% ({worst})",
            gold_floor,
            "at least 98% (tests/test_gold.py)",
            f"{fields[worst].right}/{fields[worst].total}",
            fields[worst].ratio >= 0.98,
        ),
        target(
            "parser: records",
            f"{matched}/{gold}" + (f" (+{extra} extra)" if extra else ""),
            gold_floor,
            "all, none extra",
            f"metadata {meta.right}/{meta.total}",
            matched == gold and not extra and meta.right == meta.total,
        ),
    ]
    if links:
        right, total = sum(d.right for d in links), sum(d.total for d in links)
        targets.append(
            target("IRP judgements linked", f"{right}/{total}", "../shared/gold", None, None)
        )
    if rendered:
        targets.append(rendered_target(rendered))
    return targets


def main(argv: list[str] | None = None, parse: Callable[[str], Any] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Parser accuracy against ../shared/gold.")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every mismatch")
    ap.add_argument(
        "--shared",
        type=Path,
        default=DEFAULT_SHARED,
        help=f"folder holding corpus/ and gold/ (default {DEFAULT_SHARED})",
    )
    ap.add_argument("--json", action="store_true", help="end with a summary line (run_all.py)")
    ap.add_argument(
        "--no-rendered",
        action="store_true",
        help="skip the rendered fixtures (tests/fixtures/rendered: .docx, .odt, PDF)",
    )
    ap.add_argument(
        "--rendered-folder",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also score the rendered files in DIR (its manifest.json: made by "
        "make_rendered_fixtures.py --out DIR, --held-out for plans the readers were "
        "not tuned on); repeatable",
    )
    args = ap.parse_args(argv)
    if not (args.shared / "gold").is_dir():
        print(f"overall: no gold folder at {args.shared / 'gold'}")
        if args.json:
            print(json.dumps({"bench": "accuracy", "targets": summary_targets([])}))
        return 0
    rendered = (
        score_rendered()
        if parse is None and not args.no_rendered and (RENDERED / "manifest.json").is_file()
        else None
    )
    missing = [
        m for m in ("rich", "sqlite_utils", "rapidfuzz") if importlib.util.find_spec(m) is None
    ]
    if missing:
        # Without the project installed (pip install -e .) the parser still runs
        # (it needs only python-dateutil): print the figures as plain lines.
        print(f"(plain output: {', '.join(missing)} not installed; links not scored)")
        for label, texts, expected in OUR_SETS:
            docs = score_folder(texts, expected)
            if docs:
                mismatches = sum(len(d.mismatches) for d in docs)
                records = f"{sum(d.matched for d in docs)}/{sum(d.gold_count for d in docs)}"
                print(f"{label}: {len(docs)} documents, records {records}, {mismatches} mismatches")
        for line in rendered_lines(rendered or []):
            print(f"rendered {line}")
        plans = [d for d in score_all(args.shared, parse) if d.kind == "action_plan"]
        print(summary_line(plans))
        if args.json:
            targets = summary_targets(plans, rendered=rendered)
            print(json.dumps({"bench": "accuracy", "targets": targets}))
        return 0
    if parse is None:
        from rich.console import Console

        Console().print(ours_table())
    if rendered:
        report_rendered(rendered, args.verbose)
        if (CALIBRI / "manifest.json").is_file():
            calibri = [f for f in score_rendered(CALIBRI) if f.suffix is not None]
            report_rendered(calibri, args.verbose, folder=CALIBRI)
    for folder in args.rendered_folder:  # not in the targets: a check, not the fixtures
        report_rendered(score_rendered(folder), args.verbose, folder=folder)
    links = corpus_links(args.shared) if parse is None else None
    samples = sample_links() if parse is None and SAMPLES.is_dir() else None
    docs = score_all(args.shared, parse)
    report(docs, args.verbose, links=links, sample_links=samples)
    if args.json:
        plans = [d for d in docs if d.kind == "action_plan"]
        targets = summary_targets(plans, links, rendered)
        print(json.dumps({"bench": "accuracy", "targets": targets}))
    return 0


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    sys.exit(main())
