"""Who is reviewing: the name recorded with every change."""

from __future__ import annotations

import getpass
import os

REVIEWER_ENV = "HMIP_REVIEW_REVIEWER"


def default_reviewer() -> str:
    """``$HMIP_REVIEW_REVIEWER``, else the login name, else 'reviewer'."""
    name = os.environ.get(REVIEWER_ENV, "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or "reviewer"
    except (KeyError, OSError):
        return "reviewer"
