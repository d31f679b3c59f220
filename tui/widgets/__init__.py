"""Widgets of the review app: each shows one thing and never touches the database.

``queue_table`` (the queue, a page at a time), ``detail_pane`` (a record's
fields, actions, judgements and links), ``source_pane`` (the document's text
with the record's span highlighted), ``lines`` (a scrolling view of lines that
changes without a layout of the whole screen).
"""
