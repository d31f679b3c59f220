"""PDF files into the text layout of a Word-table export.

* ``engine`` — a PDF's pages as characters (with pdfminer's boxes) and ruling
  segments, read with PDFium (pypdfium2);
* ``words`` — characters into words, as pdfplumber's ``extract_words`` makes them;
* ``read`` — ``read_pdf``: page by page, tables drawn with ruling lines read
  row by row, other text line by line, running headers/footers dropped and
  hyphenated words joined;
* ``ruled`` — tables drawn with ruling lines: cells from where the rules cross;
* ``rows`` — a ruled table's rows: the characters each cell holds, a table that
  runs on to the next page read as one (repeated header dropped, a row split by
  the page break joined);
* ``row_text`` — a row's text, its cells read together (owners and targets
  settled against each other), and the warnings where the reading guessed;
* ``cell`` — the records the cell readers share: a ruled cell, and what the
  document's cells measure (line pitch, word space, paragraph spacing, words);
* ``cells`` — a ruled cell's lines into paragraphs, from a tagged PDF's
  paragraphs, or the document's own line pitch and what would have fitted on a
  line; words broken at the cell's edge joined;
* ``fit`` — would a word have fitted on the line above: a cell's right limit,
  words broken at its edge, a line ending in a slash;
* ``lists`` — where geometry cannot tell: short lines read as a list's items,
  and a row's lists settled against each other;
* ``tags`` — a tagged PDF's paragraphs (its structure tree's marked content);
* ``unruled`` — tables drawn without ruling lines: columns found from where
  words line up, rows from gaps across every column;
* ``lines`` — words into lines, and lines into an unruled cell's text.
"""
