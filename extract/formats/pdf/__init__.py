"""PDF files into the text layout of a Word-table export.

* ``read`` — ``read_pdf``: page by page, tables drawn with ruling lines read
  row by row, other text line by line, running headers/footers dropped and
  hyphenated words joined;
* ``unruled`` — tables drawn without ruling lines: columns found from where
  words line up, rows from gaps across every column;
* ``lines`` — pdfplumber words into lines, and lines into a cell's text.
"""
