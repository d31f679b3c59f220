"""The terminal side: the ``hmip-review`` command line and the Textual review app.

Importing this package imports nothing heavy; ``tui.app`` pulls in Textual.
"""
