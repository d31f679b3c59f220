"""Format readers: a file on disk into the text the layout readers read (DESIGN.md, "Data flow").

Files read: .txt, .docx, .odt and .pdf (with a text layer).

* ``read`` — ``read_document(path)``: the one entry point. It tells the format by
  content, refuses what is not a document (binary, empty, too large, scanned,
  encrypted, cut off in a character) with a one-line ``ParseError``, and decodes
  plain text (UTF-8, Windows-1252, Latin-1);
* ``word`` — a .docx file: body paragraphs as lines, each table row as one line
  of tab-separated cells, a cell's paragraphs as ``<p>…</p>`` items;
* ``odt`` — an OpenDocument text file (what LibreOffice saves), into the same layout;
* ``pdf/`` — a PDF with a text layer into the same text layout.

A new file format is a new module here; the layout readers never change for one.
"""
