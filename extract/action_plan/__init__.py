"""Action plans: the table layout reader (``table``) and the interpreter that maps its rows to records."""
