"""IRP reports: the layout reader (``layout``) and the interpreter of findings, summary and counts."""
