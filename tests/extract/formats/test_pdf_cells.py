"""A ruled cell's lines into paragraphs (extract/formats/pdf/cells.py), on cells built
word box by word box: each rule alone, with made-up names and measures.

Words are set in a 10 pt font whose characters are 5 pt wide, a space 2.5 pt;
cells are 4 pt inset from their left edge (and so from their right one).
"""

from __future__ import annotations

from extract.formats.pdf.cells import Cell, boundaries, cell_text, continue_cell, measure
from extract.formats.pdf.lines import Line
from extract.formats.pdf.rows import Row

CHAR, SPACE, SIZE, INSET = 5.0, 2.5, 10.0, 4.0


def _line(text: str, x0: float, bottom: float, page: int = 0) -> Line:
    words, x = [], x0
    for word in text.split():
        width = CHAR * len(word)
        words.append(
            {"text": word, "x0": x, "x1": x + width, "top": bottom - SIZE, "bottom": bottom}
        )
        x += width + SPACE
    return Line(page, words)


def cell(texts: list[str], width: float, pitch: float = 11.5, gaps: dict[int, float] = ()):
    """A cell ``width`` wide at x 100, its lines ``pitch`` apart, ``gaps[k]`` more
    above line ``k``."""
    gaps = dict(gaps)
    lines, bottom = [], 20.0
    for k, text in enumerate(texts):
        bottom += gaps.get(k, 0.0)
        lines.append(_line(text, 100 + INSET, bottom))
        bottom += pitch
    return Cell((100.0, 10.0, 100.0 + width, bottom), lines)


# prose of a wide cell: a document's other text, to measure its pitch and words from
PROSE = cell(
    [
        "Staff will complete the review of every",
        "case and report to the board each month",
        "so that progress can be seen by all",
    ],
    width=215,
)


def read(*cells: Cell) -> list[str]:
    layout = measure([PROSE, *cells])
    return [cell_text(c, layout) for c in cells]


def test_a_gap_larger_than_the_line_pitch_starts_a_paragraph():
    # a 2 pt space after each paragraph, in a column too narrow for 'Deputy'
    # to have joined 'Head of Safety': only the pitch tells
    owners = cell(
        ["Head of Safety", "Deputy", "Governor", "Head of Safety"], width=70, gaps={1: 2, 3: 2}
    )
    assert read(owners) == ["<p>Head of Safety</p> <p>Deputy Governor</p> <p>Head of Safety</p>"]


def test_the_pitch_is_the_documents_not_a_fixed_share_of_the_line():
    # lines set 15 pt apart (1.5 spacing): 15 pt is a line, not a paragraph
    prose = cell(["Staff will complete the", "review of every case", "and report"], 130, 15.0)
    targets = cell(["Head of Residence", "and Safety"], width=100, pitch=15.0)
    layout = measure([prose, targets])
    assert cell_text(targets, layout) == "Head of Residence and Safety"


def test_a_next_word_that_would_have_fitted_starts_a_paragraph():
    # 'Governor' (40 pt) fits after 'Complete' in a 120 pt cell: a renderer
    # would have set it there, so the line ended its paragraph
    assert read(cell(["Complete", "Governor"], width=120)) == ["<p>Complete</p> <p>Governor</p>"]
    # in a 70 pt cell it would not have fitted: the line wrapped
    assert read(cell(["Head of", "Residence"], width=70)) == ["Head of Residence"]


def test_punctuation_that_cannot_start_a_line_wraps_with_its_word():
    # 'Residence /' is one unit a renderer moves whole: 'Residence' alone would
    # have fitted after 'Head of', 'Residence /' does not
    owners = cell(["Head of", "Residence /", "Business"], width=92)
    assert read(owners) == ["Head of Residence / Business"]


def test_a_lower_case_line_after_a_short_one_is_a_line_break_not_a_paragraph():
    assert read(cell(["Leaders should act", "on it."], width=200)) == ["Leaders should act on it."]


def test_a_word_broken_at_the_cells_edge_is_joined_without_a_space():
    # 'Septembe' (40 pt) fills a 48 pt cell less its insets: the renderer broke it
    targets = cell(["Septembe", "r 2022"], width=48)
    managers = cell(["Managemen", "t Board"], width=53)
    assert read(targets, managers) == ["September 2022", "Management Board"]


def test_two_words_of_the_document_at_a_full_lines_end_are_not_joined():
    # 'Complete' fills its line too, but the document uses 'complete' and
    # 'staff' as words: two words, not 'CompleteStaff'
    assert read(cell(["Complete", "Staff"], width=48)) == ["Complete Staff"]


def test_a_range_of_years_broken_at_its_hyphen_is_joined():
    assert read(cell(["Q4 2019-", "20"], width=48)) == ["Q4 2019-20"]
    assert read(cell(["support for self-", "harm"], width=90)) == ["support for self-harm"]


def test_with_no_space_between_paragraphs_a_list_is_read_from_the_document():
    # Word's Table Grid: no space after a paragraph, and each next owner is too
    # wide for the line above, so only what the document says elsewhere tells
    known = cell(["Head of Safety"], width=80)  # a cell of its own: one paragraph
    owners = cell(["Head of Safety", "Governor", "Governor"], width=80)
    repeated = cell(["Deputy", "Governor", "Deputy", "Governor"], width=45)
    wrapped = cell(["Head of", "Reducing", "Reoffending"], width=70)
    layout = measure([PROSE, known, owners, repeated, wrapped])
    assert not layout.spaced
    assert [cell_text(c, layout) for c in (owners, repeated, wrapped)] == [
        "<p>Head of Safety</p> <p>Governor</p> <p>Governor</p>",
        "<p>Deputy Governor</p> <p>Deputy Governor</p>",
        "Head of Reducing Reoffending",
    ]


def test_dates_in_a_list_part_where_a_year_ends_a_line_and_a_number_starts_the_next():
    targets = cell(["Summer", "2020", "2019/20"], width=48)
    assert read(targets) == ["<p>Summer 2020</p> <p>2019/20</p>"]


def test_a_heading_cell_is_never_read_as_a_list():
    known = cell(["Agreed"], width=80)
    heading = cell(["Agreed/Partly", "Agreed/Not", "Agreed"], width=80)
    heading.heading = True
    layout = measure([PROSE, known, heading])
    assert cell_text(heading, layout) == "Agreed/Partly Agreed/Not Agreed"


def test_a_cell_continued_on_the_next_page_goes_on_where_it_stopped():
    first = cell(["Head of Safer"], width=70)
    rest = Cell((100.0, 40.0, 170.0, 60.0), [_line("Custody", 100 + INSET, 55.0, page=1)])
    continue_cell(first, rest)
    assert first.page_breaks == {1}
    layout = measure([PROSE, first])
    # no vertical evidence across the page: 'Custody' would not have fitted, so
    # the line goes on (undecided: the row's other lists could settle it)
    assert boundaries(first, layout) == ["line?"]
    assert cell_text(first, layout) == "Head of Safer Custody"


def test_words_the_document_sets_side_by_side_are_one_phrase():
    # 'Practice' / 'Plus Group' could be two owners ('Plus' would not have fitted)
    owners = cell(["Practice", "Plus Group"], width=60)
    assert boundaries(owners, measure([PROSE, owners])) == ["line?"]
    # the document has 'Practice Plus' on one line elsewhere: the line goes on
    elsewhere = cell(["Healthcare by Practice Plus Group"], width=200)
    layout = measure([PROSE, elsewhere, owners])
    assert boundaries(owners, layout) == ["line"]
    assert cell_text(owners, layout) == "Practice Plus Group"


def test_a_rows_lists_settle_its_undecided_boundaries():
    from extract.formats.pdf.row_text import _parallel_lists

    # owners: two items the geometry is sure of ('Head' would have fitted after
    # 'Governor'); targets: 'Immediate and ongoing' / 'Monthly' undecided
    # (the document has 'Monthly' starting a target cell elsewhere)
    owners = cell(["Deputy Governor", "Head of Security"], width=130)
    targets = cell(["Immediate and", "ongoing", "Monthly"], width=70)
    elsewhere = cell(["Monthly review"], width=80)
    layout = measure([PROSE, owners, targets, elsewhere])
    assert "line?" in boundaries(targets, layout)
    how, settled = _parallel_lists(Row(0, 10.0, 60.0, [owners, targets]), layout)
    assert settled == {id(targets): "counted"}
    assert cell_text(targets, layout, how[id(targets)]) == (
        "<p>Immediate and ongoing</p> <p>Monthly</p>"
    )
    # one owner for both: nothing to settle against, the target reads as one
    one = cell(["Governor"], width=90)
    how, _ = _parallel_lists(Row(0, 10.0, 60.0, [one, targets]), layout)
    assert cell_text(targets, layout, how[id(targets)]) == "Immediate and ongoing Monthly"
    # where no word of the document says an item starts at 'Monthly', the count
    # alone does not part it: the lists then differ, and the row is doubted
    layout = measure([PROSE, owners, targets])
    how, settled = _parallel_lists(Row(0, 10.0, 60.0, [owners, targets]), layout)
    assert settled == {}
    assert cell_text(targets, layout, how[id(targets)]) == "Immediate and ongoing Monthly"
    assert _rendered([owners, targets]).doubts


def _rendered(row_cells: list[Cell]):
    """A row of ``row_cells`` rendered as the reader renders it: its text and doubts."""
    from extract.formats.pdf.row_text import render

    row = Row(0, 10.0, 60.0, row_cells)
    render([[Row(0, 0.0, 9.0, [PROSE]), row]])
    return row


def test_lists_that_settle_each_other_by_counting_alone_are_doubted():
    # 'Governor/Prison' / 'Group Director': one owner wrapped, or two? The
    # targets are parted by their words ('2022' ends a line, 'October' starts the
    # next); no word says an owner starts at 'Group': read whole, one owner
    # beside two targets, and doubted
    owners = cell(["Governor/Prison", "Group Director"], width=100)
    targets = cell(["October", "2022", "October", "2022"], width=45)
    row = _rendered([owners, targets])
    assert row.text.split("\t")[0] == "Governor/Prison Group Director"
    assert row.doubts, "lists of different counts, parted by words, must be doubted"
    # where 'Group Director' is an owner the document is sure of (a cell of its
    # own elsewhere), counting parts them; the targets guessed too: doubted
    from extract.formats.pdf.row_text import render

    row = Row(0, 10.0, 60.0, [owners, targets])
    render([[Row(0, 0.0, 9.0, [PROSE, cell(["Group Director"], width=100)]), row]])
    assert row.text.split("\t")[0] == "<p>Governor/Prison</p> <p>Group Director</p>"
    assert row.doubts, "a pairing settled by counting must be doubted when both guessed"
    # targets the geometry parts (2 pt after each paragraph) bear the count out
    spaced = cell(["October", "2022", "October", "2022"], width=45, gaps={2: 2})
    sure = cell(["Head of Safety", "Deputy Governor"], width=90, gaps={1: 2})
    row = _rendered([sure, spaced])
    assert not row.doubts


def test_a_next_word_a_fraction_of_a_point_short_of_fitting_was_wrapped():
    # 'Learning' (40 pt) after 'Head of' (32.5 pt) and a 2.5 pt space needs 75 pt:
    # the cell's line holds 74.6 (a glyph's box ends short of its advance, so the
    # measure is this close either way): no proof of a paragraph's end
    owners = cell(["Head of", "Learning and", "Skills"], width=74.6 + 2 * INSET)
    assert read(owners) == ["Head of Learning and Skills"]
    # with a point to spare it would have fitted: a new paragraph
    owners = cell(["Governor", "Head of Safety"], width=40 + 2.5 + 20 + 1 + 2 * INSET)
    assert read(owners) == ["<p>Governor</p> <p>Head of Safety</p>"]


def test_where_paragraphs_are_spaced_a_line_with_no_space_above_needs_room_to_spare():
    # 2 pt after each paragraph: 'August' / '2023' has no space between them, and
    # '2023' fits by a hair (0.2 pt): the line wrapped
    targets = cell(
        ["August", "2023", "June 2024"], width=30 + 2.5 + 20 + 0.2 + 2 * INSET, gaps={2: 2}
    )
    other = cell(
        ["Head of Safety", "Deputy Governor", "Governor", "Head of Security"],
        width=140,
        gaps={1: 2, 2: 2, 3: 2},
    )
    layout = measure([PROSE, other, targets])
    assert layout.spaced
    assert cell_text(targets, layout) == "<p>August 2023</p> <p>June 2024</p>"


def test_lines_are_spaced_by_their_baselines_not_their_glyphs_boxes():
    # 'Offender' with its 'ff' drawn from a fallback font of deeper descent: the
    # word's box sits 1.8 pt lower, its baseline does not move
    owners = cell(["Head of", "Offender", "Management", "Delivery"], width=70)
    for line in owners.lines:
        for word in line.words:
            word["baseline"] = word["bottom"] - 2.0
            word["size"] = SIZE
    owners.lines[1].words[0]["bottom"] += 1.8
    owners.lines[1].__dict__.pop("bottom", None)
    assert read(owners) == ["Head of Offender Management Delivery"]


def _tag(cell_: Cell, paragraphs: list[int | None]) -> Cell:
    """The cell as a tagged PDF draws it: each line in a paragraph's marked content."""
    for line, number in zip(cell_.lines, paragraphs, strict=True):
        for word in line.words:
            word["paragraph"] = number
    return cell_


def test_a_tagged_pdfs_paragraphs_are_taken_as_tagged():
    # no geometry could tell these: Table Grid, each next owner too wide to fit
    owners = _tag(cell(["Deputy", "Governor", "Head of", "Reducing"], width=45), [1, 1, 2, 2])
    assert read(owners) == ["<p>Deputy Governor</p> <p>Head of Reducing</p>"]
    # a word broken at the edge inside one tagged paragraph is still joined
    assert read(_tag(cell(["Septembe", "r 2022"], width=48), [3, 3])) == ["September 2022"]
    # lines outside any tagged paragraph are read by geometry
    untagged = _tag(cell(["Complete", "Governor"], width=120), [None, None])
    assert read(untagged) == ["<p>Complete</p> <p>Governor</p>"]


def test_a_tagged_pdf_names_each_characters_paragraph():
    from extract.formats.pdf.engine import read_pages
    from tests.support.paths import REPO

    path = REPO / "tests" / "fixtures" / "pdf" / "calibri" / "kelstern_action_plan_2023.tagged.pdf"
    untagged = path.with_name("kelstern_action_plan_2023.word.pdf")
    tagged_chars = [c for p in read_pages(path.read_bytes()) for c in p.chars]
    assert sum(c["paragraph"] is not None for c in tagged_chars) > 0.9 * len(tagged_chars)
    assert not any("paragraph" in c for p in read_pages(untagged.read_bytes()) for c in p.chars)


def test_an_aside_in_brackets_goes_on_the_item_above():
    # 'Complete' stands alone elsewhere, but '(June 2020)' opens a bracket: it is
    # the date the action was completed, not a second target
    done = cell(["Complete"], width=60)
    targets = cell(["Complete", "(June 2020)"], width=60)
    assert read(done, targets)[1] == "Complete (June 2020)"


def test_a_line_ending_in_a_slash_joins_as_the_document_sets_slashes():
    from extract.formats.notes import GUESSED_SLASH
    from extract.formats.pdf.row_text import render

    # 'Governor/' / 'HMPPS': 'HMPPS' (25 pt) would not have fitted even with no
    # space; the document sets 'Health/Education' whole elsewhere: joined whole
    owners = cell(["Governor/", "HMPPS Estates"], width=40 + 20 + 2 * INSET)
    whole = cell(["Health/Education"], width=100)
    row = Row(0, 10.0, 60.0, [owners])
    render([[Row(0, 0.0, 9.0, [PROSE, whole]), row]])
    assert row.text == "Governor/HMPPS Estates"
    assert GUESSED_SLASH in row.doubts
    # a document that sets 'Reoffending/ Youth' with a space: a space
    owners = cell(["Governor/", "HMPPS Estates"], width=40 + 20 + 2 * INSET)
    apart = cell(["Health/ Education"], width=100)
    row = Row(0, 10.0, 60.0, [owners])
    render([[Row(0, 0.0, 9.0, [PROSE, apart]), row]])
    assert row.text == "Governor/ HMPPS Estates"
    assert GUESSED_SLASH in row.doubts
    # 'Youth' (25 pt) would have fitted after 'Governor/' had there been no
    # space: the renderer broke at a space, whatever the document's habit
    owners = cell(["Governor/", "Youth Team"], width=45 + 25 + 2 + 2 * INSET)
    row = Row(0, 10.0, 60.0, [owners])
    render([[Row(0, 0.0, 9.0, [PROSE, whole]), row]])
    assert row.text == "Governor/ Youth Team"
    assert GUESSED_SLASH not in row.doubts


def test_a_list_with_more_undecided_lines_than_items_breaks_where_items_start():
    from extract.formats.pdf.row_text import _parallel_lists

    # elsewhere 'Head of Safety' and 'Deputy Director' start owner cells;
    # 'Reoffending' starts none
    elsewhere = [cell(["Head of Safety"], width=75), cell(["Deputy Director"], width=80)]
    # two targets the geometry parts (2 pt after each)
    targets = cell(["March 2020", "June 2020"], width=55, gaps={1: 2})
    owners = cell(["Deputy Governor", "Head of Reducing", "Reoffending"], width=85)
    layout = measure([PROSE, *elsewhere, targets, owners])
    assert boundaries(owners, layout) == ["line?", "line?"]
    how, settled = _parallel_lists(Row(0, 10.0, 60.0, [owners, targets]), layout)
    assert settled == {id(owners): "chosen"}
    assert cell_text(owners, layout, how[id(owners)]) == (
        "<p>Deputy Governor</p> <p>Head of Reducing Reoffending</p>"
    )
    # where no undecided line starts with a word that starts items, none is chosen
    owners = cell(["Ridings", "Community", "Health NHS", "Trust"], width=70)
    layout = measure([PROSE, *elsewhere, targets, owners])
    how, settled = _parallel_lists(Row(0, 10.0, 60.0, [owners, targets]), layout)
    assert settled == {}
    assert cell_text(owners, layout, how[id(owners)]) == "Ridings Community Health NHS Trust"


def test_a_word_broken_before_its_last_letters_is_joined_and_a_repeated_word_is_not():
    # 'Completed' in a column too narrow for it: 'Complete' fills the line and
    # 'd' is no word of the document (the document uses 'Complete' elsewhere)
    done = cell(["Complete"], width=200)
    targets = cell(["Complete", "d"], width=40 + 2 + 2 * INSET)
    assert read(done, targets)[1] == "Completed"
    # 'Complete' / 'Complete' in a column each fills: not one broken word (a
    # capital after a small letter starts a word), two targets
    targets = cell(["Complete", "Complete"], width=40 + 2 + 2 * INSET)
    assert read(targets) == ["<p>Complete</p> <p>Complete</p>"]


def test_a_closing_bracket_wrapped_alone_closes_the_word_before():
    owners = cell(
        ["NOMS Deputy", "Director of", "Custody", "(Yorkshire", "and Humberside", ")"], 80
    )
    assert read(owners) == ["NOMS Deputy Director of Custody (Yorkshire and Humberside)"]


def test_prose_set_in_short_lines_is_not_a_list_that_settles_owners():
    from extract.formats.pdf.row_text import _lists

    # a narrow response column: short lines, two paragraphs the geometry is sure
    # of ('Findings' would have fitted after 'officer.')
    response = cell(
        [
            "All incidents will be",
            "investigated by a",
            "trained officer.",
            "Findings will be",
            "reviewed weekly.",
        ],
        width=120,
    )
    owners = cell(["Head of Safer", "Custody"], width=70)
    targets = cell(["31/12/2016", "Ongoing"], width=60)
    row = _rendered([response, owners, targets])
    assert response not in _lists(row)
    # the response's two sure paragraphs do not part the owner: one owner wrapped
    # beside two targets parted by their words, doubted
    assert row.text.split("\t")[1] == "Head of Safer Custody"
    assert row.doubts


def test_a_row_whose_lists_all_guessed_with_a_line_left_undecided_is_doubted():
    # 'Business Hub' / 'Manager' / 'Deputy' / 'Governor' beside '31/10/2023' /
    # 'Monthly': the targets part by their words (a year ends a line); the
    # owners' lines could each start an item: nothing sure bears either out
    owners = cell(["Business Hub", "Manager", "Deputy", "Governor"], width=70)
    targets = cell(["31/10/2023", "Monthly"], width=60)
    assert _rendered([owners, targets]).doubts
    # one owner wrapped beside one target: no pairing to get wrong
    owners = cell(["Business Hub", "Manager"], width=70)
    targets = cell(["August", "2022"], width=45)
    assert not _rendered([owners, targets]).doubts


def test_a_full_line_with_room_for_the_next_letter_is_no_broken_word():
    # 'Assignment' leaves 6 pt: a renderer breaking a word would have set the
    # next letter (5 pt) there, so 'is' starts a word of its own
    rows = cell(["Assignment", "is ongoing"], width=50 + 6 + 2 * INSET)
    assert read(rows) == ["Assignment is ongoing"]
    # 'Decembe' leaves 3 pt, less than a letter: 'r' is the rest of its word
    rows = cell(["Decembe", "r 2021"], width=35 + 3 + 2 * INSET)
    assert read(rows) == ["December 2021"]


def test_a_word_too_wide_for_a_line_is_broken_at_the_end_of_a_line_of_words():
    # 'accommodation' (65 pt) is wider than the cell's 60 pt lines: the renderer
    # set 'a accommodat' (57.5 pt) and broke it; the document has the word elsewhere
    elsewhere = cell(["Suitable accommodation is found"], width=200)
    prose = cell(["a accommodat", "ion for every", "prisoner."], width=60 + 2 * INSET)
    assert read(elsewhere, prose)[1] == "a accommodation for every prisoner."
    # two words that would fit a line of their own are two words, pieces or not
    prose = cell(["we met the Abcd", "efg team"], width=75 + 2 * INSET)
    assert read(prose) == ["we met the Abcd efg team"]


def test_paragraph_spacing_is_measured_where_a_capital_starts_the_next_line():
    # 1 pt after each paragraph; many lines of prose whose next (small) word
    # would have fitted are sentences going on, not paragraphs without space
    prose = [
        cell(["This recommendation is partly", "agreed. More will follow."], width=200)
        for _ in range(5)
    ]
    owners = cell(["Head of Safety", "Governor"], width=150, gaps={1: 1.2})
    targets = cell(["June 2024", "May 2025"], width=150, gaps={1: 1.2})
    layout = measure([PROSE, *prose, owners, targets])
    assert layout.spaced


def test_two_lists_each_left_whole_by_undecided_lines_are_doubted():
    # every line of both lists could start an item or go on one: read whole, one
    # owner beside one target, and nothing bears that out
    owners = cell(["Gov Facility", "Services Ltd", "HMPPS", "Estates", "Governor"], width=70)
    targets = cell(["Completed", "March", "June 2025"], width=55)
    row = _rendered([owners, targets])
    assert "<p>" not in row.text
    assert row.doubts


def test_a_line_ending_in_what_may_be_half_a_word_is_doubted():
    from extract.formats.notes import GUESSED_BREAK
    from extract.formats.pdf.row_text import render

    # 'accommodati' fills its line (3 pt left, less than a letter) and with 'on'
    # would be too wide for a line: a broken word, or two words? The document
    # uses neither 'accommodati' nor 'accommodation' elsewhere: read as two, doubted
    prose = cell(["accommodati", "on for every", "prisoner."], width=55 + 3 + 2 * INSET)
    row = Row(0, 10.0, 60.0, [prose])
    render([[Row(0, 0.0, 9.0, [PROSE, cell(["Work goes on"], width=200)]), row]])
    assert row.text == "accommodati on for every prisoner."
    assert GUESSED_BREAK in row.doubts
    # a line with room for the next letter says nothing of the kind
    prose = cell(["Assignment", "is ongoing"], width=50 + 6 + 2 * INSET)
    row = Row(0, 10.0, 60.0, [prose])
    render([[Row(0, 0.0, 9.0, [PROSE]), row]])
    assert not row.doubts


def test_a_bullet_or_a_numbered_item_starts_a_paragraph():
    # 'changes”.' then '• Informed ...': no space between them (Word's list in a
    # Table Grid cell), and 'Informed' would not have fitted: the bullet says it
    items = cell(["A summary of the changes.", "• Informed individuals"], width=140)
    assert read(items) == ["<p>A summary of the changes.</p> <p>• Informed individuals</p>"]
    items = cell(["i. Exhibits behaviour of", "concern; or", "ii. Is out of touch"], width=130)
    assert read(items) == ["<p>i. Exhibits behaviour of concern; or</p> <p>ii. Is out of touch</p>"]


def test_a_line_ending_in_a_word_that_needs_another_goes_on_though_the_next_fits():
    # 'Government' (50 pt) would fit after '... of the' in this cell, but a
    # paragraph does not end in 'the': a line break inside it (Shift+Enter, or a
    # right indent the limit cannot see)
    prose = cell(["A summary of the", "Government proposals"], width=80 + 2.5 + 50 + 2 + 2 * INSET)
    assert read(prose) == ["A summary of the Government proposals"]


def test_a_sentence_ending_a_line_of_the_recommendation_cell_is_doubted():
    from extract.formats.notes import GUESSED_PROSE_BREAK

    # 'Leaders' (35 pt) would not have fitted after 'food.': the concern may end
    # there (a paragraph) or go on; nothing on the page says which
    rec = cell(
        ["Too many prisoners were", "unhappy with the food.", "Leaders should act on", "it."],
        width=115 + 2 * INSET,
    )
    assert GUESSED_PROSE_BREAK in _rendered([cell(["1.1"], width=30), rec]).doubts
    # a label starts the recommendation whatever the paragraphs: no doubt
    rec = cell(
        ["Too many prisoners were", "unhappy with the food.", "Recommendation: act", "on it."],
        width=115 + 2 * INSET,
    )
    assert GUESSED_PROSE_BREAK not in _rendered([cell(["1.1"], width=30), rec]).doubts


def test_paragraph_spacing_is_read_column_by_column():
    from extract.formats.pdf.row_text import render

    # responses set 6 pt apart (a pasted Normal style), owners and targets with
    # no space between their paragraphs: the owners' column says nothing of
    # spacing, so the responses' does not make every owner line run on silently
    def response(x: float) -> Cell:
        c = cell(["The review has started.", "A policy is in place."], width=200, gaps={1: 6})
        c.box = (x, *c.box[1:])
        return c

    owners = cell(["Head of Safety", "Governor"], width=70)
    targets = cell(["Ongoing", "Monthly"], width=45)
    for c in (owners, targets):
        c.box = (c.box[0] + 300, c.box[1], c.box[2] + 300, c.box[3])
        for line in c.lines:
            for w in line.words:
                w["x0"] += 300
                w["x1"] += 300
    rows = [Row(0, 10.0 + 60 * n, 60.0 + 60 * n, [response(100.0)]) for n in range(4)]
    row = Row(0, 300.0, 360.0, [owners, targets])
    render([[Row(0, 0.0, 9.0, [PROSE]), *rows, row]])
    assert row.doubts, "owners and targets read whole with nothing measured must warn"


def test_the_rows_one_list_parted_by_other_cells_words_alone_is_doubted():
    # one owner; its targets 'Complete' / 'June 2020': 'Complete' stands alone
    # elsewhere, so the words part them, but 'Complete (June 2020)' would read so too
    one = cell(["Governor"], width=60)
    targets = cell(["Complete", "June 2020"], width=48)
    row = Row(0, 10.0, 60.0, [one, targets])
    from extract.formats.pdf.row_text import render

    render([[Row(0, 0.0, 9.0, [PROSE, cell(["Complete"], width=60)]), row]])
    assert row.text.split("\t")[1] == "<p>Complete</p> <p>June 2020</p>"
    assert row.doubts
    # two dates a year parts: no doubt
    targets = cell(["March 2023", "May 2023"], width=52)
    row = Row(0, 10.0, 60.0, [one, targets])
    render([[Row(0, 0.0, 9.0, [PROSE]), row]])
    assert row.text.split("\t")[1] == "<p>March 2023</p> <p>May 2023</p>"
    assert not row.doubts


def test_a_cells_evidence_is_read_again_for_another_layout():
    from extract.formats.pdf.cells import evidence_of

    # read with one layout, then another in which 'Governor' stands alone
    # elsewhere: the second reading is its own, not the first's kept by an id
    owners = cell(["Head of", "Governor"], width=60)
    first = measure([PROSE, owners])
    assert evidence_of(owners, first) == ["line"]
    for _ in range(3):
        layout = measure([PROSE, owners, cell(["Complete"], width=200)])
        assert evidence_of(owners, layout) is owners.evidence[1]
        assert owners.evidence[0] is layout


def test_a_header_row_raises_no_owner_warnings():
    from extract.formats.notes import GUESSED_SLASH
    from extract.formats.pdf.row_text import render

    # 'Agreed/' / 'Partly/Not' in a header cell: the slash is a guess, but a
    # header's labels are no owner to check against the file
    header = cell(["Agreed/", "Partly/Not"], width=45 + 8 + 2 * INSET)
    header.heading = True
    row = Row(0, 10.0, 60.0, [header])
    render([[Row(0, 0.0, 9.0, [PROSE, cell(["Health/Education"], width=100)]), row]])
    assert GUESSED_SLASH not in row.doubts


def test_na_and_wc_are_no_votes_for_slashes_set_whole():
    from extract.formats.pdf.cells import measure as measure_

    # a plan full of 'N/A' and 'w/c 6 May' sets no word pair with a slash whole
    many = [cell(["N/A", "w/c 6 May"], width=80) for _ in range(5)]
    assert measure_([PROSE, *many]).slashes == 0
    assert measure_([PROSE, cell(["Governor/HMPPS"], width=100)]).slashes == 1


def test_a_word_used_nowhere_else_ending_a_line_of_words_may_be_half_a_word():
    from extract.formats.notes import GUESSED_BREAK
    from extract.formats.pdf.row_text import render

    # 'accommodation' used nowhere else: 'a accommodat' / 'ion' (the two too wide
    # for a line as one) may be a broken word or two: read as written, doubted
    prose = cell(["a accommodat", "ion for every", "prisoner."], width=60 + 2 * INSET)
    row = Row(0, 10.0, 60.0, [prose])
    other = cell(["every prisoner is here"], width=200)
    render([[Row(0, 0.0, 9.0, [PROSE, other]), row]])
    assert row.text == "a accommodat ion for every prisoner."
    assert GUESSED_BREAK in row.doubts
    # 'every' / 'prisoner.' end a full line too, but 'every' is used elsewhere: no doubt
    prose = cell(["for every", "prisoner."], width=45 + 2 * INSET)
    row = Row(0, 10.0, 60.0, [prose])
    render([[Row(0, 0.0, 9.0, [PROSE, other]), row]])
    assert row.text == "for every prisoner." and not row.doubts


def test_choosing_breaks_weighs_items_as_the_sure_breaks_part_them():
    from collections import Counter

    from extract.formats.pdf.cell import Layout
    from extract.formats.pdf.lists import choose_breaks

    # one break to choose, before 'Yard' or before 'West'; a sure break after
    # 'Yard'. Breaking before 'West' leaves 'North Yard' (known) / 'Zone' / 'West';
    # before 'Yard': 'North' / 'Yard' / 'Zone West'. Items run across no sure break:
    # 'Yard Zone West' (known too) is no item of either choice
    layout = Layout(
        known=Counter({"North Yard": 1, "Yard Zone West": 1}),
        starts=Counter({"yard": 1, "west": 1}),
    )
    texts = ["North", "Yard", "Zone", "West"]
    how = ["line?", "paragraph", "line?"]
    assert choose_breaks(texts, how, 1, layout) == ["line?", "paragraph", "paragraph"]
