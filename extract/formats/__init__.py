"""Format readers: a file on disk (.txt, .docx, .pdf) into the text the layout readers read."""
