"""Layout reader for HMIP independent review of progress (IRP) reports.

Turns the text into what the IRP interpreter (``extract.irp.parse``) needs, each
piece with its character span: the numbered sections ("Section 3 …",
"Appendix I …"), and the blocks of a section — theme headings, "Concern:",
"Recommendation:", Ofsted "Theme 1:" questions, numbered paragraphs ("3.4 …")
and stand-alone judgement lines ("Reasonable progress"). Nothing here knows
what a block means; that is the interpreter's job.

Page furniture (running footers such as "Report of an independent review of
progress at HMP X   21", running headers, bare page numbers; see
``extract.irp.furniture``) is skipped everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.irp.furniture import furniture_lines

JUDGEMENT_WORDS = r"(?:no\s+meaningful|insufficient|reasonable|good|significant)"
# a judgement as a label: a level, or "Not assessed" for an item followed up but not judged
_LABEL = rf"(?:{JUDGEMENT_WORDS}\s+progress|not\s+assessed)"
JUDGEMENT_LABEL = re.compile(rf"^\s*({_LABEL})\s*\.?\s*$", re.I)
TRAILING_JUDGEMENT = re.compile(rf"^(.*?[.?!)’”\"])\s+({_LABEL})\s*\.?\s*$", re.I)
NOT_ASSESSED_LABEL = re.compile(r"^\s*not\s+assessed\b", re.I)

# a form feed (pdftotext's page break) may start the header line
_SECTION = re.compile(
    r"^[ \t\f\v]*(?P<kind>Section|Appendix)[ \t]+(?P<no>\d+|[IVX]+)\b[ \t]*[:.–-]?[ \t]*(?P<title>.*)$",
    re.I | re.M,
)
_TOC_TAIL = re.compile(r"(?:\.{3,}|…+|\s)\s*\d{1,3}\s*$")

# a report paragraph printed before the label: "1.38 Recommendation: …", "1.37 Concern: …"
_LEAD = r"(?:(?P<lead>[A-Z]?\d+\.\d+)[ \t]+)?"
# "Concern:", "Key concern 1.38:", "Priority concern 3:"
_CONCERN = re.compile(
    rf"^\s*{_LEAD}(?:(?:Key|Main|Priority)\s+)?concern\s*(?P<ref>\d+(?:\.\d+)*)?\s*:\s*", re.I
)
_RECOMMENDATION = re.compile(
    rf"^\s*{_LEAD}(?:(?:Key|Main)\s+)?recommendation\s*(?P<ref>[A-Z]?\d+(?:\.\d+)*)?\s*:\s*",
    re.I,
)
# "Theme 1:", "Ofsted theme 2.", "Progress theme 1:", "Estyn theme 1:"
_THEME = re.compile(r"^\s*(?:(?:Ofsted|Estyn|progress)\s+)*theme\s+(?P<no>\d+)\s*[:.–-]\s*", re.I)
_PARA = re.compile(r"^\s*(?P<major>\d{1,2})\.(?P<minor>\d{1,3})\s+(?=\S)")
# a paragraph number on a line of its own, the text starting on the next line
_PARA_ALONE = re.compile(r"^\s*(?P<major>\d{1,2})\.(?P<minor>\d{1,3})\s*$")
_REF_TAIL = re.compile(r"\(\s*[A-Z]?\d+(?:\.\d+)*\s*(?:[,;][^()]*)?\)\s*\.?\s*$")
SENTENCE_END = re.compile(r"[.?!:;)\]’”\"]\s*$")
_NOT_HEADING = re.compile(r"^\s*(?:Figure|Table|Chart|Source|Note)\b", re.I)
_WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace (line breaks included) to one space."""
    return _WS.sub(" ", text).strip()


@dataclass
class Line:
    start: int  # offset of the line's first character
    end: int  # offset just past its last character (newline excluded)
    raw: str

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def content_start(self) -> int:
        return self.start + (len(self.raw) - len(self.raw.lstrip()))

    @property
    def content_end(self) -> int:
        return self.start + len(self.raw.rstrip())


@dataclass
class Section:
    label: str  # '3' for "Section 3", 'Appendix I' for an appendix
    title: str
    start: int  # offset of the header line
    body_start: int  # offset just past the header line
    end: int  # offset of the next header (or end of text)


@dataclass
class Block:
    """A run of lines that starts with one structural marker."""

    kind: str  # heading | concern | recommendation | theme | paragraph | judgement | text
    start: int
    end: int
    text: str  # whitespace-collapsed, marker label removed
    # paragraph '3.4', theme '1', the ref of "Recommendation 1.38:" / "1.38 Recommendation:",
    # a concern's number ("Priority concern 3:" → '3')
    number: str | None = None
    closed: bool = False  # recommendation ended by its '(ref)'; theme question by its '?'
    warnings: list[str] = field(default_factory=list)

    def add(self, line: Line, text: str | None = None) -> None:
        part = line.text if text is None else text.strip()
        # the same as squashing all the parts joined, without joining them again per line
        self.text = squash(f"{self.text} {part}")
        self.end = line.content_end


class Layout:
    """The lines, sections and page furniture of one IRP text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = _split_lines(text)
        found = furniture_lines([ln.raw for ln in self.lines], _is_structural)
        self._furniture = {self.lines[i].start for i in found}
        self.sections = _find_sections(text)

    def is_furniture(self, line: Line) -> bool:
        return line.start in self._furniture

    def line_matching(self, pattern: str) -> Line | None:
        """The first line that is wholly ``pattern`` (a heading printed without 'Section N')."""
        rx = re.compile(rf"^\s*(?:{pattern})\s*$", re.I)
        return next((ln for ln in self.lines if rx.match(ln.raw)), None)

    def section_titled(self, pattern: str) -> Section | None:
        rx = re.compile(pattern, re.I)
        return next((s for s in self.sections if rx.search(s.title)), None)

    def lines_in(self, start: int, end: int) -> list[Line]:
        return [ln for ln in self.lines if start <= ln.start < end and not self.is_furniture(ln)]

    def blocks(self, start: int, end: int) -> list[Block]:
        """Structural blocks of the text between two offsets (a section body)."""
        return _read_blocks(self.lines_in(start, end))


def _split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(Line(pos, pos + len(body), body))
        pos += len(raw)
    return lines


def _is_structural(raw: str) -> bool:
    """A line that opens a block or a section: never a running header."""
    return bool(
        _is_marker(raw)
        or _PARA.match(raw)
        or _PARA_ALONE.match(raw)
        or JUDGEMENT_LABEL.match(raw)
        or _SECTION.match(raw)
    )


def _find_sections(text: str) -> list[Section]:
    """'Section N …' and 'Appendix I …' headers, skipping contents-page entries.

    A heading printed more than once (contents page, then the section itself)
    counts at its last occurrence.
    """
    found: dict[str, re.Match[str]] = {}
    for m in _SECTION.finditer(text):
        if _TOC_TAIL.search(m.group(0)) and m.group("title").strip():
            continue
        title = m.group("title").strip()
        if title and title[0].islower():  # prose that happens to start a line with "Section 3 of"
            continue
        kind = m.group("kind").capitalize()
        label = m.group("no") if kind == "Section" else f"Appendix {m.group('no').upper()}"
        found[label] = m
    ordered = sorted(found.items(), key=lambda kv: kv[1].start())
    sections = []
    for i, (label, m) in enumerate(ordered):
        end = ordered[i + 1][1].start() if i + 1 < len(ordered) else len(text)
        sections.append(Section(label, m.group("title").strip(), m.start(), m.end(), end))
    return sections


def _is_heading(lines: list[Line], i: int) -> bool:
    """A short stand-alone line between paragraphs: 'Use of force', 'Education, skills and work'.

    The content line before it (blank lines and page furniture skipped) must end
    a sentence or be a heading itself ("Safety" stacked above "Early days"): a
    capitalised line after a page break in mid-sentence continues that sentence.
    """
    if not _heading_shaped(lines[i].text):
        return False
    j = i - 1
    while j >= 0 and lines[j].blank:
        j -= 1
    if j >= 0 and not SENTENCE_END.search(lines[j].raw):
        stacked = j < i - 1 and (j == 0 or lines[j - 1].blank) and _heading_shaped(lines[j].text)
        if not stacked:
            return False
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return nxt is None or nxt.blank or _is_marker(nxt.raw)


def _heading_shaped(s: str) -> bool:
    if not s or len(s) > 90 or len(s.split()) > 12 or not s[0].isupper():
        return False
    if s[-1] in ".,;:?!" or _NOT_HEADING.match(s) or JUDGEMENT_LABEL.match(s):
        return False
    return not (_is_marker(s) or _PARA.match(s) or _PARA_ALONE.match(s))


def _is_marker(raw: str) -> bool:
    return bool(_CONCERN.match(raw) or _RECOMMENDATION.match(raw) or _THEME.match(raw))


def _read_blocks(lines: list[Line]) -> list[Block]:
    blocks: list[Block] = []
    cur: Block | None = None
    last_para: tuple[int, int] | None = None

    def start(kind: str, line: Line, text: str, number: str | None = None) -> Block:
        b = Block(kind, line.content_start, line.content_end, "", number)
        b.add(line, text)
        blocks.append(b)
        return b

    for i, line in enumerate(lines):
        raw = line.raw
        if line.blank:
            continue
        opens = _is_marker(raw) or _PARA.match(raw) or _PARA_ALONE.match(raw)
        if cur is not None and cur.kind == "paragraph" and not cur.text and not opens:
            # the paragraph number stood alone ("3.1"): its text starts here, and this
            # first line is never a heading or a judgement label
            cur.add(line)
        elif m := _CONCERN.match(raw):
            cur = start("concern", line, raw[m.end() :], m.group("ref") or m.group("lead"))
        elif m := _RECOMMENDATION.match(raw):
            ref = m.group("ref") or m.group("lead")
            cur = start("recommendation", line, raw[m.end() :], ref)
            cur.closed = _closes("recommendation", raw)
        elif m := _THEME.match(raw):
            cur = start("theme", line, raw[m.end() :], m.group("no"))
            cur.closed = _closes("theme", raw)
        elif (m := _PARA.match(raw) or _PARA_ALONE.match(raw)) and _starts_paragraph(
            lines, i, m, last_para
        ):
            major, minor = int(m.group("major")), int(m.group("minor"))
            cur = start("paragraph", line, raw[m.end() :], f"{major}.{minor}")
            if last_para and major == last_para[0] and minor != last_para[1] + 1:
                cur.warnings.append(
                    f"paragraph {major}.{minor} follows {last_para[0]}.{last_para[1]}"
                )
            last_para = (major, minor)
        elif JUDGEMENT_LABEL.match(raw) and line.text[0].isupper():
            start("judgement", line, raw)
            cur = None
        elif _is_heading(lines, i):
            start("heading", line, raw)
            cur = None
        elif cur is None or cur.closed:
            cur = start("text", line, raw)
        else:
            cur.add(line)
            cur.closed = _closes(cur.kind, raw)
    return blocks


def _closes(kind: str, raw: str) -> bool:
    """A recommendation ends with its '(1.38)' reference, a theme question with its '?'."""
    if kind == "recommendation":
        return bool(_REF_TAIL.search(raw))
    return kind == "theme" and raw.rstrip().endswith("?")


def _starts_paragraph(
    lines: list[Line], i: int, m: re.Match[str], last: tuple[int, int] | None
) -> bool:
    """'3.5 The violence…' opens paragraph 3.5; '3.5 hours of association' in a wrapped line does not.

    A paragraph starts after a blank line or a finished sentence, and its number
    follows the last one (a gap of up to two is allowed, and warned about).
    """
    prev = lines[i - 1] if i else None
    if prev is not None and not prev.blank and not SENTENCE_END.search(prev.raw):
        return False
    major, minor = int(m.group("major")), int(m.group("minor"))
    if last is None:
        return True
    if major == last[0]:
        return last[1] < minor <= last[1] + 3
    return major > last[0] and minor == 1
