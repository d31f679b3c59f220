"""Screens of the review app, one module each, each with its ``.tcss`` beside it."""
