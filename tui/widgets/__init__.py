"""Widgets of the review app: each shows one thing and never touches the database."""
