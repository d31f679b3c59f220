"""The ``hmip-review`` command group (``main``) and what it does with no command.

Each command lives in a module of its own (``COMMANDS``), imported only when
that command runs or a help page lists it (click's lazily loading group). So
``hmip-review outstanding`` imports click, ``tui.cli.outstanding_command`` with
what it shares (``tui.cli.options``, ``tui.cli.output``) and
``store.reports.outstanding``, and nothing else of ours: no Textual, rich,
sqlite-utils, parser, pathlib or the other commands. Textual is imported only
to open the app.

With no command, ``main`` opens the review app on the default database,
importing the bundled samples first when that database does not exist yet.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from tui.cli.collaborators import Collaborators

# command name -> "module:attribute" of its click command
COMMANDS = {
    "import": "tui.cli.import_command:import_command",
    "stats": "tui.cli.stats_command:stats",
    "review": "tui.cli.review_command:review",
    "outstanding": "tui.cli.outstanding_command:outstanding_command",
    "export": "tui.cli.export_command:export_command",
    "merge": "tui.cli.merge_command:merge_command",
    "prison": "tui.cli.prison_command:prison_command",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are looked up, not when it is defined.

    The pattern of click's documentation ("Lazily Loading Subcommands"):
    ``lazy_commands`` maps each command name to ``"module:attribute"``.
    """

    def __init__(self, *args, lazy_commands: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = self.lazy_commands.get(cmd_name)
        if target is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="hmip-review")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Turn prison inspection action plans and IRP reports into verified data.

    With no command: open the review app on the default database, importing the
    bundled samples first if the database does not exist yet.
    """
    if ctx.invoked_subcommand is None:
        from tui.cli.collaborators import Collaborators

        open_default(ctx.ensure_object(Collaborators))


def open_default(app: Collaborators) -> None:
    """The first run imports ``app.samples`` into the new default database; then the app opens."""
    from tui.cli.import_command import collect, run_import
    from tui.cli.options import default_db, open_store
    from tui.cli.output import note
    from tui.reviewer import default_reviewer

    db_path = default_db()
    if not db_path.exists():
        samples = app.samples
        note(
            f"No database at {db_path}: importing the bundled samples from {samples} "
            "so there is something to review."
        )
        files = collect([samples]) if samples.is_dir() else []
        if not files:
            note(f"No sample documents in {samples}: the database starts empty.")
        run_import(db_path, files, reparse=False, parse=app.parse)
    open_store(db_path, create=True).close()
    app.open_app(db_path, default_reviewer())
