"""PDF files into the text layout: ruled tables by their lines, unruled ones by where words line up."""
