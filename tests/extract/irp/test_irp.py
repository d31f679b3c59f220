"""IRP reports: every judgement of a review of progress, cross-checked against itself.

The real Belmarsh IRP (../shared/corpus, checked against ../shared/gold) and two
fictional reports in tests/fixtures/irp/ laid out the same way: HMP Kestrel Moor
(consistent, varied wording) and HMYOI Sallowfield (with a deliberate count
mismatch and a Section 3 / Section 4 disagreement).
"""

from __future__ import annotations

import json
import re

import pytest

from extract import detect_kind, parse_document
from extract.domain import HMIP_SCALE, OFSTED_SCALE
from extract.irp.counts import NOT_ASSESSED, stated_counts
from extract.irp.layout import Layout
from extract.irp.parse import _unquote, parse_irp
from extract.irp.prose import find_judgement, normalise_judgement, to_number
from extract.irp.summary import read_summary
from extract.models import IRPReport, ParseError
from tests.support.paths import SHARED

CORPUS_IRP = SHARED / "corpus" / "001_cf611bd65976c5ea.txt"
GOLD_IRP = SHARED / "gold" / "001_cf611bd65976c5ea.json"
from tests.support.paths import FIXTURES  # noqa: E402

FIXTURES_IRP = FIXTURES / "irp"
KESTREL = FIXTURES_IRP / "kestrel_moor_irp_2023.txt"
SALLOWFIELD = FIXTURES_IRP / "sallowfield_irp_2024.txt"

needs_corpus = pytest.mark.skipif(
    not (CORPUS_IRP.exists() and GOLD_IRP.exists()), reason="../shared corpus not present"
)


def words(text: str | None, n: int, from_end: bool = False) -> str:
    tokens = (text or "").split()
    return " ".join(tokens[-n:] if from_end else tokens[:n])


def squash(text: str) -> str:
    return " ".join(text.split())


def hmip(report: IRPReport):
    return [j for j in report.judgements if j.inspectorate == "HMIP"]


def ofsted(report: IRPReport):
    return [j for j in report.judgements if j.inspectorate == "Ofsted"]


def assert_spans_hold_their_records(report: IRPReport) -> None:
    for j in report.judgements:
        source = report.text[j.span_start : j.span_end]
        assert j.ref and j.ref in source, (j.ref, source[:80])
        assert words(j.text, 5) in squash(source)
        assert j.paragraphs and j.paragraphs.split("-")[-1] in source


# --------------------------------------------------------------------------- the real report


@pytest.fixture(scope="module")
def corpus():
    text = CORPUS_IRP.read_text(encoding="utf-8")
    return parse_document(text), json.loads(GOLD_IRP.read_text(encoding="utf-8"))


@needs_corpus
def test_corpus_irp_is_detected_and_dispatched(corpus):
    report, gold = corpus
    assert detect_kind(report.text) == "irp_report"
    assert isinstance(report, IRPReport) and report.kind == gold["kind"]


@needs_corpus
def test_corpus_irp_gives_all_thirteen_judgements(corpus):
    report, gold = corpus
    assert len(report.judgements) == 13
    assert len(hmip(report)) == len(gold["hmip"]) == 10
    assert len(ofsted(report)) == len(gold["ofsted"]) == 3
    assert [j.position for j in report.judgements] == list(range(1, 14))


@needs_corpus
def test_corpus_hmip_judgements_match_gold(corpus):
    report, gold = corpus
    for j, g in zip(hmip(report), gold["hmip"], strict=True):
        assert j.ref == g["ref"]
        assert j.theme == g["theme_heading"]
        assert j.judgement == g["judgement"]
        assert j.paragraphs == g["paragraphs"]
        assert words(j.concern, 8) == g["concern_first_words"]
        assert words(j.text, 8) == g["recommendation_first_words"]
        assert words(j.text, 6, from_end=True) == g["recommendation_last_words"]
        assert j.judgement in HMIP_SCALE


@needs_corpus
def test_corpus_ofsted_themes_match_gold(corpus):
    report, gold = corpus
    for j, g in zip(ofsted(report), gold["ofsted"], strict=True):
        assert j.ref == str(g["theme_no"])
        assert j.judgement == g["judgement"]
        assert j.judgement in OFSTED_SCALE
        assert j.paragraphs == g["paragraphs"]
        assert j.summary == g["summary_text"]
        assert words(j.text, 8) == g["question_first_words"]
        assert words(j.text, 6, from_end=True) == g["question_last_words"]


@needs_corpus
def test_corpus_metadata_and_stated_counts(corpus):
    report, gold = corpus
    assert report.establishment == gold["establishment"]
    assert report.published == f"{gold['published']}-01"
    assert report.inspection_year == gold["inspection_year"]
    assert report.inspection == "August 2021"
    assert report.title == "Report of an independent review of progress at HMP Belmarsh"
    assert report.stated_counts == gold["judgement_counts"]


@needs_corpus
def test_corpus_cross_checks_agree_and_spans_hold(corpus):
    report, _ = corpus
    assert report.warnings == []
    assert all(j.warnings == [] for j in report.judgements)
    assert_spans_hold_their_records(report)


# --------------------------------------------------------------------------- fictional reports

KESTREL_EXPECTED = [
    ("HMIP", "S12", "Reception and first night", "Good progress", "3.1-3.3"),
    ("HMIP", "1.31", "Safety", "Insufficient progress", "3.4-3.6"),
    ("HMIP", "1.32", "Safety", "Good progress", "3.7-3.8"),
    ("HMIP", "2.45", "Health care", "Reasonable progress", "3.9-3.10"),
    ("HMIP", "1.33", "Time out of cell", "Insufficient progress", "3.11-3.12"),
    ("Ofsted", "1", "Education, skills and work", "Significant progress", "3.13-3.14"),
    ("Ofsted", "2", "Education, skills and work", "Reasonable progress", "3.15-3.16"),
    ("HMIP", "1.35", "Rehabilitation and release planning", "No meaningful progress", "3.17-3.18"),
]

SALLOWFIELD_EXPECTED = [
    ("Ofsted", "1", "Education, skills and work", "Significant progress", "3.1-3.2"),
    ("Ofsted", "2", "Education, skills and work", "Reasonable progress", "3.3-3.4"),
    ("Ofsted", "3", "Education, skills and work", "Insufficient progress", "3.5-3.6"),
    ("HMIP", "1.22", "Behaviour management", "Insufficient progress", "3.7-3.8"),
    ("HMIP", "1.23", "Time out of cell", "Reasonable progress", "3.9-3.10"),
    ("HMIP", "2.31", "Safeguarding", "Reasonable progress", "3.11-3.12"),
    ("HMIP", "1.24", "Release planning", "No meaningful progress", "3.13-3.14"),
]


def summary_rows(report: IRPReport):
    return [(j.inspectorate, j.ref, j.theme, j.judgement, j.paragraphs) for j in report.judgements]


def test_kestrel_moor_parses_with_varied_wording_and_no_warnings():
    report = parse_document(KESTREL.read_text(encoding="utf-8"))
    assert detect_kind(report.text) == "irp_report"
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.establishment == "HMP Kestrel Moor"
    assert report.title == "Report on an independent review of progress at HMP Kestrel Moor"
    assert report.published == "2023-09-01"
    assert (report.inspection, report.inspection_year) == ("6–10 February 2023", 2023)
    assert report.stated_counts == {
        "HMIP": {
            "No meaningful progress": 1,
            "Insufficient progress": 2,
            "Reasonable progress": 1,
            "Good progress": 2,
            "Total": 6,
        },
        "Ofsted": {
            "Insufficient progress": 0,
            "Reasonable progress": 1,
            "Significant progress": 1,
            "Total": 2,
        },
    }
    assert report.warnings == []
    assert all(j.warnings == [] for j in report.judgements)
    assert_spans_hold_their_records(report)


def test_kestrel_moor_texts():
    report = parse_irp(KESTREL.read_text(encoding="utf-8"))
    segregation = report.judgements[2]
    # the ref printed on its own line is split off the recommendation
    assert segregation.text.endswith(
        "with a clear plan for each man’s return to a residential unit."
    )
    assert segregation.concern == "Use of segregation was high and men stayed too long."
    # "(see Glossary)" is not part of the theme
    assert report.judgements[4].theme == "Time out of cell"
    # an earlier "good progress in recruiting officers" does not beat the closing judgement
    assert report.judgements[1].judgement == "Insufficient progress"
    themes = ofsted(report)
    assert themes[0].text.startswith("What progress had leaders and managers made to increase")
    assert themes[0].text.endswith("so that all men can attend full time?")
    assert themes[1].summary == "Improve the quality of teaching in English and mathematics."
    assert all(j.summary is None for j in hmip(report))


def test_sallowfield_parses_ofsted_first_and_a_wrapped_title():
    report = parse_irp(SALLOWFIELD.read_text(encoding="utf-8"))
    assert detect_kind(report.text) == "irp_report"
    assert summary_rows(report) == SALLOWFIELD_EXPECTED
    assert report.establishment == "HMYOI Sallowfield"
    assert report.title == "Report on an independent review of progress at HMYOI Sallowfield"
    assert report.published == "2024-05-01"
    assert (report.inspection, report.inspection_year) == ("June 2023", 2023)
    # "3.4 hours a day" at the start of a wrapped line is not paragraph 3.4
    theme2 = ofsted(report)[1]
    assert theme2.paragraphs == "3.3-3.4"
    assert "3.4 hours a day" in report.text[theme2.span_start : theme2.span_end]
    assert_spans_hold_their_records(report)
    # Section 4 prints each judgement at the end of the entry's last line
    assert [j.summary for j in ofsted(report)] == [
        "Ensure that young men attend their education sessions punctually and that "
        "sessions start on time.",
        "Provide enough vocational training places.",
        "Improve careers advice and guidance.",
    ]


def test_sallowfield_count_mismatch_is_a_document_warning_not_a_fix():
    report = parse_irp(SALLOWFIELD.read_text(encoding="utf-8"))
    assert report.stated_counts["HMIP"] == {
        "No meaningful progress": 0,
        "Insufficient progress": 1,
        "Reasonable progress": 3,
        "Good progress": 0,
        "Total": 4,
    }
    count_warnings = [w for w in report.warnings if w.startswith("count mismatch")]
    assert len(count_warnings) == 2
    assert any("state 3 HMIP 'Reasonable progress'" in w and "but 2" in w for w in count_warnings)
    assert any(
        "imply 0 HMIP 'No meaningful progress'" in w and "but 1" in w for w in count_warnings
    )
    # the parsed judgements keep what Section 3 says
    assert [j.judgement for j in hmip(report)].count("Reasonable progress") == 2


def test_sallowfield_section_3_and_4_disagreement_is_warned_on_both():
    report = parse_irp(SALLOWFIELD.read_text(encoding="utf-8"))
    safeguarding = next(j for j in report.judgements if j.ref == "2.31")
    assert safeguarding.judgement == "Reasonable progress"
    assert len(safeguarding.warnings) == 1
    assert "Insufficient progress" in safeguarding.warnings[0]
    assert safeguarding.warnings[0] in report.warnings
    others = [j for j in report.judgements if j is not safeguarding]
    assert all(j.warnings == [] for j in others)
    assert len(report.warnings) == 3


# --------------------------------------------------------------------------- variations


@pytest.fixture
def kestrel_text() -> str:
    return KESTREL.read_text(encoding="utf-8")


def test_a_changed_judgement_sentence_fails_both_cross_checks(kestrel_text):
    text = kestrel_text.replace(
        "3.10 We considered that reasonable progress had been made against this",
        "3.10 We considered that good progress had been made against this",
    )
    report = parse_irp(text)
    health = next(j for j in report.judgements if j.ref == "2.45")
    assert health.judgement == "Good progress"
    assert any("mismatch" in w and "'Reasonable progress'" in w for w in health.warnings)
    assert sum(w.startswith("count mismatch") for w in report.warnings) == 2


def test_a_missing_judgement_sentence_is_taken_from_section_4_with_a_warning(kestrel_text):
    text = kestrel_text.replace(
        "3.12 We judged that there had been insufficient progress.", "3.12 Noted."
    )
    report = parse_irp(text)
    cell = next(j for j in report.judgements if j.ref == "1.33")
    assert cell.judgement == "Insufficient progress"
    assert any("taken from the summary of judgements" in w for w in cell.warnings)
    assert any("no judgement sentence" in w for w in cell.warnings)


def test_no_summary_section_is_a_warning(kestrel_text):
    cut = kestrel_text.index(" Section 4 Summary of judgements")
    report = parse_irp(kestrel_text[:cut])
    assert len(report.judgements) == 8
    assert any("no summary of judgements" in w for w in report.warnings)
    assert all(j.summary is None for j in report.judgements)


def test_crlf_text_gives_the_same_records_with_spans_into_it(kestrel_text):
    text = kestrel_text.replace("\n", "\r\n")
    report = parse_irp(text)
    assert summary_rows(report) == KESTREL_EXPECTED
    assert_spans_hold_their_records(report)


def test_one_line_sign_off(kestrel_text):
    text = kestrel_text.replace(
        "Alex Morgan \nHM Chief Inspector of Prisons \nSeptember 2023",
        "Alex Morgan, HM Chief Inspector of Prisons, October 2023",
    )
    assert parse_irp(text).published == "2023-10-01"


def test_a_wrapped_number_in_sequence_is_not_a_new_paragraph(kestrel_text):
    text = kestrel_text.replace(
        "recruiting officers, but the safety \nteam",
        "recruiting officers, now up to \n3.5 a shift, but the safety \nteam",
    )
    report = parse_irp(text)
    assert report.judgements[1].paragraphs == "3.4-3.6"
    assert report.warnings == []


def test_report_without_section_numbers_is_read_by_its_headings(kestrel_text):
    text = re.sub(r"(?m)^(\s*)Section \d+ ", r"\1", kestrel_text)
    report = parse_irp(text)
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.warnings == []  # the summary list and the stated counts were still found
    assert report.stated_counts["HMIP"]["Total"] == 6


def test_summary_list_without_group_headings(kestrel_text):
    text = (
        kestrel_text.replace("HMI Prisons recommendations \n\n", "")
        .replace("Ofsted themes \n", "Education, skills and work \n")
        .replace(
            "Leaders should understand the causes of violence and take",
            "Safety \nLeaders should understand the causes of violence and take",
        )
    )
    report = parse_irp(text)
    assert report.warnings == []
    assert [j.summary for j in ofsted(report)] == [
        "Increase the number of education and work places so that all men can attend full time.",
        "Improve the quality of teaching in English and mathematics.",
    ]


def test_ref_followed_by_a_full_stop_and_title_on_one_line(kestrel_text):
    text = kestrel_text.replace("(1.31) \n", "(1.31). \n").replace(
        "HMP Kestrel Moor \n\nby HM", "HMP Kestrel Moor by HM", 1
    )
    report = parse_irp(text)
    assert report.judgements[1].ref == "1.31"
    assert report.judgements[1].text.endswith("take effective action to reduce it.")
    assert report.establishment == "HMP Kestrel Moor"
    assert report.title == "Report on an independent review of progress at HMP Kestrel Moor"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n",
        "Shopping list\n\nEggs, milk and bread.\n",
        "Action Plan: HMP Nowhere\n\nRecommendation 1.1 Agreed\nResponsible Owner: Governor\n",
    ],
)
def test_text_without_irp_findings_raises_parse_error(text):
    with pytest.raises(ParseError):
        parse_irp(text)


def test_non_document_is_rejected_by_dispatch():
    with pytest.raises(ParseError):
        parse_document("A letter about something else entirely.\n")


# --------------------------------------------------------------------------- prose readers


@pytest.mark.parametrize(
    ("paragraphs", "phrase"),
    [
        (["We judged that there had been insufficient progress against this recommendation."], "insufficient progress"),
        (["Staff said so.", "The prison had made good progress in implementing this recommendation."], "good progress"),
        (["There had been no meaningful progress against this recommendation."], "no meaningful progress"),
        (["Ofsted found that the prison had made significant\nprogress against this theme."], "significant progress"),
        (["There had been some good progress against many priorities.", "We considered that reasonable progress had been made."], "reasonable progress"),
    ],
)  # fmt: skip
def test_find_judgement_wordings(paragraphs, phrase):
    found = find_judgement(paragraphs)
    assert found is not None
    assert " ".join(found.phrase.lower().split()) == phrase
    assert found.warnings == []


def test_find_judgement_warns_when_taken_from_a_middle_paragraph():
    found = find_judgement(
        [
            "Background.",
            "We considered reasonable progress had been made on this recommendation.",
            "More to do.",
        ]
    )
    assert found.phrase == "reasonable progress"
    assert found.warnings and "earlier paragraph" in found.warnings[0]
    # a weak sentence (no judging verb naming the recommendation) in the first paragraph
    found = find_judgement(["Good progress in recruiting had been noted.", "More to do."])
    assert found.warnings and "earlier paragraph" in found.warnings[0]
    assert find_judgement(["Nothing judged here."]) is None


def test_normalise_judgement_keeps_to_each_scale():
    assert normalise_judgement("No Meaningful Progress", "HMIP") == ("No meaningful progress", None)
    assert normalise_judgement("significant progress", "Ofsted") == ("Significant progress", None)
    label, problem = normalise_judgement("significant progress", "HMIP")
    assert label is None and "not on the HMIP scale" in problem
    label, problem = normalise_judgement("good progress", "Ofsted")
    assert label is None and "not on the Ofsted scale" in problem


def test_number_words():
    assert [to_number(w) for w in ("none", "one", "Four", "twelve", "7", "many")] == [
        0,
        1,
        4,
        12,
        7,
        None,
    ]


def test_stated_counts_other_phrasings():
    counts, implied, warnings = stated_counts(
        [
            "We followed up 9 recommendations and Ofsted followed up two themes.",
            "HMI Prisons judged that there was good progress in 2 recommendations, reasonable "
            "progress in four recommendations, insufficient progress in three recommendations "
            "and no meaningful progress in none.",
            "Ofsted judged that there was significant progress in one theme and reasonable "
            "progress in one theme.",
        ]
    )
    assert warnings == []
    assert counts["HMIP"] == {
        "No meaningful progress": 0,
        "Insufficient progress": 3,
        "Reasonable progress": 4,
        "Good progress": 2,
        "Total": 9,
    }
    assert counts["Ofsted"]["Total"] == 2 and counts["Ofsted"]["Insufficient progress"] == 0
    assert ("Ofsted", "Insufficient progress") in implied
    assert ("HMIP", "No meaningful progress") not in implied  # "in none" is stated


def test_stated_counts_leave_unknown_levels_out_and_flag_overcounts():
    counts, _, warnings = stated_counts(
        ["We judged that there was reasonable progress in three recommendations."]
    )
    assert counts == {"HMIP": {"Reasonable progress": 3}}  # no total stated: nothing implied
    counts, _, warnings = stated_counts(
        [
            "HMI Prisons followed up five recommendations.",
            "There was good progress in six recommendations.",
        ]
    )
    assert counts["HMIP"]["Total"] == 5
    assert warnings and "total of 5" in warnings[0]
    assert stated_counts(["Nothing counted here."])[0] is None


# --------------------------------------------------------------------------- general layout rules

FOOTER = "Report on an independent review of progress at HMP Kestrel Moor {} "
HEADER = "HMP Kestrel Moor: independent review of progress "


def _page_break(page: int, header: str = HEADER) -> str:
    return f"\n\n{FOOTER.format(page)}\n\n{header}\n\n"


def test_running_header_without_a_page_number_is_furniture():
    text = (
        "Safety \n\nConcern: Too slow.\n\n3.1 The log was kept by"
        + _page_break(4)
        + "managers.\n\n3.2 Done."
        + _page_break(5)
        + "Safety \n\n3.3 More.\n"
    )
    layout = Layout(text)
    dropped = [ln.text for ln in layout.lines if layout.is_furniture(ln)]
    assert dropped == [
        FOOTER.format(4).strip(),
        HEADER.strip(),
        FOOTER.format(5).strip(),
        HEADER.strip(),
    ]
    # "Safety" recurs too, but only once at a page break: it stays a heading
    assert [b.text for b in layout.blocks(0, len(text)) if b.kind == "heading"] == ["Safety"] * 2


def test_running_header_after_a_form_feed_is_furniture():
    text = (
        "\fHMP Kestrel Moor – review \n\n3.1 The log was kept by\n\n\f"
        "HMP Kestrel Moor – review \n\nmanagers.\n"
    )
    layout = Layout(text)
    assert [b.text for b in layout.blocks(0, len(text))] == ["The log was kept by managers."]


def test_page_breaks_with_running_headers_do_not_split_findings(kestrel_text):
    """A header line inside a paragraph or a recommendation used to become a heading."""
    edits = [
        ("in a log that \nmanagers", "in a log that" + _page_break(8) + "managers"),
        ("and take effective action", "and take effective" + _page_break(9) + "action"),
        (FOOTER.format(9) + "\n\nHealth", FOOTER.format(10) + "\n\n" + HEADER + "\n\nHealth"),
    ]
    text = kestrel_text
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    report = parse_irp(text)
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.judgements[1].text.endswith("take effective action to reduce it.")
    assert report.warnings == []
    assert all(j.warnings == [] for j in report.judgements)


def test_a_capitalised_line_after_a_mid_sentence_page_break_is_not_a_heading():
    text = (
        "3.1 The log was checked each week by the"
        + "\n\nReport on an independent review of progress at HMP Kestrel Moor 5\n\n"
        + "Head of Residence\n\n3.2 Next.\n"
    )
    blocks = Layout(text).blocks(0, len(text))
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "The log was checked each week by the Head of Residence"),
        ("paragraph", "Next."),
    ]


def test_stacked_headings_are_both_headings():
    text = "3.1 Done.\n\nSafety\n\nEarly days in custody\n\nConcern: Slow.\n"
    blocks = Layout(text).blocks(0, len(text))
    assert [b.text for b in blocks if b.kind == "heading"] == ["Safety", "Early days in custody"]


def test_paragraph_numbers_on_their_own_lines(kestrel_text):
    text = re.sub(r"(?m)^(\s*\d\.\d{1,2}) ", r"\1 \n", kestrel_text)
    assert "\n3.1 \nWaiting times" in text
    report = parse_irp(text)
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.warnings == []  # the key findings (2.2, 2.3) were read too
    blocks = Layout("3.1\nShort line\n\n3.2\nNext.\n").blocks(0, 40)
    assert [(b.kind, b.number, b.text) for b in blocks] == [
        ("paragraph", "3.1", "Short line"),
        ("paragraph", "3.2", "Next."),
    ]


def test_qualified_theme_labels(kestrel_text):
    text = kestrel_text.replace("Theme 1:", "Progress theme 1:").replace(
        "Theme 2:", "Ofsted theme 2:"
    )
    report = parse_irp(text)
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.warnings == []


def test_summary_of_judgements_as_a_bar_or_tab_table(kestrel_text):
    head, tail = kestrel_text.split(" Section 4 Summary of judgements", 1)
    body, appendix = tail.split("Appendix I", 1)
    levels = r"((?:Good|Insufficient|Reasonable|No meaningful|Significant) progress)"
    for sep in (" | ", "\t"):
        table = re.sub(rf" \n{levels} \n \n", rf"{sep}\1\n", body)
        table = re.sub(rf" \n{levels} \n", rf"{sep}\1\n", table)
        table = table.replace(
            "HMI Prisons recommendations \n\n",
            f"HMI Prisons recommendations \nRecommendation{sep}Judgement\n",
        ).replace("Ofsted themes \n", f"Ofsted themes \nTheme{sep}Judgement\n")
        assert f"first night.{sep}Good progress" in table
        text = head + " Section 4 Summary of judgements" + table + "Appendix I" + appendix
        report = parse_irp(text)
        assert summary_rows(report) == KESTREL_EXPECTED
        assert report.warnings == []
        assert (
            ofsted(report)[1].summary
            == "Improve the quality of teaching in English and mathematics."
        )


@pytest.mark.parametrize(
    ("paragraphs", "label"),
    [
        (["Some work.", "Progress against this recommendation was insufficient."], "Insufficient progress"),
        (["Progress on this theme had been significant."], "Significant progress"),
        (["The prison had not made meaningful progress against this recommendation."], "No meaningful progress"),
        (["Leaders had not made any meaningful progress in addressing the recommendation."], "No meaningful progress"),
        (["Progress in recruiting was good, and reasonable progress had been made against this recommendation."], "Reasonable progress"),
    ],
)  # fmt: skip
def test_find_judgement_inverted_and_negated_wordings(paragraphs, label):
    found = find_judgement(paragraphs)
    assert found is not None and found.warnings == []
    assert normalise_judgement(found.phrase, "Ofsted" if "theme" in found.sentence else "HMIP") == (
        label,
        None,
    )


def test_inverted_wording_needs_the_recommendation_named():
    # "progress … was good" about something else is not a judgement
    assert find_judgement(["Progress in recruiting officers was good."]) is None
    found = find_judgement(
        ["Progress in recruiting was good.", "We judged there was insufficient progress."]
    )
    assert found.phrase == "insufficient progress"


def test_stated_counts_with_the_and_a_word_before_the_noun():
    counts, implied, warnings = stated_counts(
        [
            "At this IRP visit, we followed up twelve recommendations and Ofsted followed "
            "up one progress theme based on their latest inspection.",
            "Ofsted judged that there was reasonable progress in the one progress theme followed up.",
        ]
    )
    assert warnings == []
    assert counts["Ofsted"] == {
        "Insufficient progress": 0,
        "Reasonable progress": 1,
        "Significant progress": 0,
        "Total": 1,
    }
    assert counts["HMIP"] == {"Total": 12}
    # after "the", a number counts only with its noun
    assert stated_counts(["There was good progress in the two years since."])[0] is None


# --------------------------------------------------------------------------- round-2 rules


def test_ref_printed_before_the_recommendation_label(kestrel_text):
    """'1.31 Recommendation: …' carries its ref first; '3.41 Recommendation:' is no paragraph."""
    text = kestrel_text.replace(
        "Recommendation: Leaders should understand",
        "1.31 Recommendation: Leaders should understand",
    ).replace("reduce it. (1.31) \n", "reduce it. \n")
    report = parse_irp(text)
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.judgements[1].text.endswith("take effective action to reduce it.")
    assert report.warnings == [] and all(j.warnings == [] for j in report.judgements)
    block = "3.1 Done.\n\nConcern: Slow.\n\n3.41 Recommendation: Be quick.\n\n3.2 We judged so.\n"
    blocks = Layout(block).blocks(0, len(block))
    assert [(b.kind, b.number) for b in blocks] == [
        ("paragraph", "3.1"),
        ("concern", None),
        ("recommendation", "3.41"),
        ("paragraph", "3.2"),
    ]


def test_judgement_in_the_first_paragraph_beats_a_later_distractor():
    found = find_judgement(
        [
            "We judged that there had been insufficient progress against this recommendation.",
            "Leaders had made good progress in recruiting two case managers.",
            "Most plans were still late.",
        ]
    )
    assert found.phrase == "insufficient progress" and found.warnings == []
    found = find_judgement(
        [
            "Ofsted judged that the prison had made insufficient progress against this theme.",
            "Leaders had made reasonable progress in recruiting a careers adviser.",
        ]
    )
    assert found.phrase == "insufficient progress" and found.warnings == []


def test_quoted_recommendations_lose_their_wrapping_quotes(kestrel_text):
    text = kestrel_text.replace(
        "Recommendation: New arrivals should be processed promptly and \n"
        "checked regularly during their first night. (S12)",
        "Recommendation: “New arrivals should be processed promptly and \n"
        "checked regularly during their first night.” (S12)",
    ).replace(
        "Recommendation: Men referred to mental health services should be \n"
        "assessed within five working days. (2.45)",
        "Recommendation: ‘Men referred to mental health services should be \n"
        "assessed within five working days.’ \n(2.45)",
    )
    report = parse_irp(text)
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.judgements[0].text == (
        "New arrivals should be processed promptly and checked regularly during their first night."
    )
    assert (
        report.judgements[3].text.startswith("Men referred")
        and report.judgements[3].text[-1] == "."
    )
    assert report.warnings == []
    assert _unquote("“Do this.”") == "Do this."
    assert _unquote("‘Check each man’s plan.’") == "Check each man’s plan."
    assert _unquote("“Do this”.") == "Do this."
    # quotes that do not wrap the whole text stay
    assert _unquote("“Keep apart” men should be “seen” daily") == (
        "“Keep apart” men should be “seen” daily"
    )
    assert _unquote("“Keep apart” lists should be kept.") == "“Keep apart” lists should be kept."


def _not_assessed(kestrel_text: str, section_4: str = "Not assessed") -> str:
    return (
        kestrel_text.replace(
            "3.9 Waiting times had fallen,",
            "3.9 Leaders said that good progress had been made in recruiting nurses. Waiting "
            "times had fallen,",
        )
        .replace(
            "3.10 We considered that reasonable progress had been made against this",
            "3.10 We were therefore unable to assess progress against this",
        )
        .replace("working \ndays. \nReasonable progress", f"working \ndays. \n{section_4}")
        .replace("reasonable progress in one recommendation", "reasonable progress in none")
        .replace("2023 inspection (n=6)", "2023 inspection (n=5)")
    )


def test_a_recommendation_not_assessed_has_no_judgement_and_no_warning(kestrel_text):
    report = parse_irp(_not_assessed(kestrel_text))
    health = next(j for j in report.judgements if j.ref == "2.45")
    assert (health.judgement, health.not_assessed, health.warnings) == (None, True, [])
    assert report.warnings == [] and all(j.warnings == [] for j in report.judgements)
    # followed up six, judged five (n=5): one not assessed
    assert report.stated_counts["HMIP"] == {
        "No meaningful progress": 1,
        "Insufficient progress": 2,
        "Reasonable progress": 0,
        "Good progress": 2,
        "Total": 5,
        NOT_ASSESSED: 1,
    }
    # a summary that gives a level instead is a disagreement, warned about
    report = parse_irp(_not_assessed(kestrel_text, section_4="Reasonable progress"))
    health = next(j for j in report.judgements if j.ref == "2.45")
    assert health.judgement is None and any("not assessed" in w for w in health.warnings)
    counts, _, warnings = stated_counts(
        [
            "We followed up eight recommendations.",
            "There was good progress in seven recommendations. We were unable to assess "
            "progress against one recommendation.",
        ]
    )
    assert warnings == []
    assert counts["HMIP"]["Total"] == 7 and counts["HMIP"][NOT_ASSESSED] == 1
    lines = Layout("Do this.\nNot assessed\n").lines
    assert [(i.text, i.judgement) for i in read_summary(lines)] == [("Do this.", "Not assessed")]


def test_section_headers_after_a_form_feed_are_found(kestrel_text):
    text = re.sub(r"(?m)^ Section (\d) ", r"\f Section \1 ", kestrel_text)
    assert text.count("\f Section") == 4
    assert [s.label for s in Layout(text).sections] == ["1", "2", "3", "4", "Appendix I"]
    report = parse_irp(text)
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.warnings == []


CONCERNS_ONLY = """Report on an independent review of progress at HMP Fernhill

Section 2 Key findings

2.1 At this IRP visit, we followed up 3 concerns from our most recent
inspection in May 2024.

2.2 In 2 of the 3 concerns we followed up, HMI Prisons judged that there was
reasonable progress. There was good progress in 1 concern.

Section 3 Progress against the concerns

Safety

Priority concern 1: Violence was high, and most incidents were not
investigated.

3.1 Violence had fallen, and every incident was now investigated.

3.2 We considered that the prison had made good progress in addressing
this concern.

Time out of cell

Key concern 7: Prisoners were locked up for 22 hours a day.

3.3 Most prisoners now had four hours out of cell. We considered that the
prison had made reasonable progress in addressing this concern.

Resettlement

Priority concern 3: Too many prisoners were released homeless.

3.4 We considered that the prison had made reasonable progress in
addressing this concern.

Section 4 Summary of judgements

HMI Prisons concerns

Violence was high, and most incidents were not investigated.
Good progress

Prisoners were locked up for 22 hours a day.
Reasonable progress

Too many prisoners were released homeless.
Reasonable progress

Jo Bloggs
HM Chief Inspector of Prisons
June 2025
"""


def test_concerns_followed_up_without_recommendations():
    report = parse_irp(CONCERNS_ONLY)
    assert [(j.ref, j.theme, j.judgement, j.paragraphs) for j in report.judgements] == [
        ("1", "Safety", "Good progress", "3.1-3.2"),
        ("7", "Time out of cell", "Reasonable progress", "3.3"),
        ("3", "Resettlement", "Reasonable progress", "3.4"),
    ]
    assert all(j.text is None and j.concern for j in report.judgements)
    assert report.judgements[1].concern == "Prisoners were locked up for 22 hours a day."
    assert report.stated_counts["HMIP"] == {
        "No meaningful progress": 0,
        "Insufficient progress": 0,
        "Reasonable progress": 2,
        "Good progress": 1,
        "Total": 3,
    }
    assert report.warnings == [] and all(j.warnings == [] for j in report.judgements)
    counts, implied, warnings = stated_counts(
        [
            "In 1 of the 2 themes it followed up, Ofsted judged that there was significant "
            "progress, and in the other there was reasonable progress."
        ]
    )
    assert warnings == []
    assert counts["Ofsted"] == {
        "Insufficient progress": 0,
        "Reasonable progress": 1,
        "Significant progress": 1,
        "Total": 2,
    }


def test_estyn_themes_are_education_themes_with_their_name_kept(kestrel_text):
    report = parse_irp(kestrel_text.replace("Ofsted", "Estyn"))
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.warnings == [] and all(j.warnings == [] for j in report.judgements)
    assert [j.inspectorate_name for j in ofsted(report)] == ["Estyn", "Estyn"]
    assert (
        ofsted(report)[1].summary == "Improve the quality of teaching in English and mathematics."
    )
    assert report.stated_counts["Ofsted"]["Total"] == 2
    plain = parse_irp(kestrel_text)
    assert [j.inspectorate_name for j in ofsted(plain)] == ["Ofsted", "Ofsted"]
    assert all(j.inspectorate_name is None for j in hmip(plain))


def test_missing_concern_is_warned_only_when_unlabelled_text_stands_in(kestrel_text):
    concern = "Concern: Men waited many weeks for mental health assessments. \n\n"
    assert concern in kestrel_text
    report = parse_irp(kestrel_text.replace(concern, ""))
    health = next(j for j in report.judgements if j.ref == "2.45")
    assert health.concern is None and health.warnings == []
    assert report.warnings == []
    report = parse_irp(kestrel_text.replace(concern, concern.replace("Concern: ", "")))
    health = next(j for j in report.judgements if j.ref == "2.45")
    assert health.concern is None
    assert [w for w in health.warnings if "unlabelled text" in w]


def test_summary_list_with_only_an_education_group_heading(kestrel_text):
    report = parse_irp(kestrel_text.replace("HMI Prisons recommendations \n\n", ""))
    assert summary_rows(report) == KESTREL_EXPECTED
    assert report.warnings == []
    assert ofsted(report)[0].summary.startswith("Increase the number of education")
