"""What the commands work with beyond their arguments: the review app, the samples, the parser.

They reach the commands through click's context object: ``main`` run as the
console script has none, and each command that needs one gets these
defaults (``pass_collaborators``). A caller that wants others (the tests: an
app that only records how it was opened, a folder of their own samples, a
parse function of their own) passes them in::

    app = Collaborators(open_app=lambda db_path, reviewer: opened.append(db_path))
    CliRunner().invoke(main, ["review", "--db", "x.db"], obj=app)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click


def open_review_app(db_path: Path, reviewer: str) -> None:
    """Run the review app (``tui.app.ReviewApp``) on ``db_path`` until it is closed."""
    from tui.app import ReviewApp

    ReviewApp(db=db_path, reviewer=reviewer).run()


def samples_dir() -> Path:
    """The bundled sample documents: the repo's ``samples/``, or ``tui/_samples`` when installed."""
    tui = Path(__file__).resolve().parents[1]
    repo = tui.parent / "samples"
    return repo if repo.is_dir() else tui / "_samples"


@dataclass(frozen=True)
class Collaborators:
    """How the commands open the app, find the samples and parse a file."""

    # run the review app on a database, as a reviewer
    open_app: Callable[[Path, str], None] = open_review_app
    # what the first run (``hmip-review`` with no database yet) imports
    samples: Path = field(default_factory=samples_dir)
    # None: each file is read and parsed by ``store.ingest.parse_pool.parse_file``,
    # in worker processes when worthwhile; a function given here is run in this
    # process instead (so it need not be one that pickles)
    parse: Callable[[Path], object] | None = None


# ``@pass_collaborators`` gives a command the context's ``Collaborators`` as its
# first argument, making the defaults when the context has none
pass_collaborators = click.make_pass_decorator(Collaborators, ensure=True)
