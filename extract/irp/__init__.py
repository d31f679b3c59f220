"""IRP reports: HMIP's independent reviews of progress, as judgement records.

* ``layout`` — the layout reader: numbered sections and their blocks (theme
  headings, "Concern:", "Recommendation:", Ofsted themes, numbered paragraphs),
  each with its span; ``furniture`` finds running headers, footers and page
  numbers to skip;
* ``parse`` — the interpreter: one judgement per finding of Section 3;
* ``prose`` — judgement sentences onto each inspectorate's scale;
* ``summary`` — Section 4's list of judgements, cross-checked against Section 3;
* ``counts`` — the counts stated in the key findings, checked against the parse;
* ``metadata`` — title, establishment, sign-off month, inspection followed up.
"""
