"""Action plans: HMPPS's response to an inspection report, as records.

The layout reader and the interpreter (DESIGN.md, "Data flow"):

* ``table`` — the layout reader: the text's table rows (tab-separated cells,
  or the shredded lines of a PDF extraction) with each cell in its column and
  its span; ``header`` reads the header row (which column is which, in any
  wording and order), ``columns`` assigns cells to columns, ``cells`` cleans a
  cell's text;
* ``parse`` — the interpreter: which rows are sections, headings and
  recommendations, and each recommendation built from its rows;
* what it reads from a row: ``refs`` (report paragraph, repeated refs,
  addressee), ``agreement`` (read, inferred from the count table, checked),
  ``numbering`` (missing or garbled numbers), ``actions`` (owner/target pairs);
* ``metadata`` — establishment and dates from the plan's heading lines.
"""
