"""Import: storing parsed documents, re-parse in place, record matching, judgement linking, parse workers."""
