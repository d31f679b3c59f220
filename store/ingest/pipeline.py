"""Import many files: parse them (on every core when worthwhile), store each in order, count.

What ``hmip-review import`` does apart from showing it: each file is read and
parsed (``store.ingest.parse_pool``, in worker processes, each file within a
time and a memory limit), then stored here, in file order, each in its own
transaction (``store.ingest.importer.import_document``), with the disk synced
once at the end (``many_documents``). A file that cannot be read, parsed or
stored, or is stopped at a limit, is a failure with a one-line reason and the
others go on;
Ctrl-C ends the import between documents (the one being stored is rolled
back) and says so in the report.

The order things start in matters. ``ImportRun`` starts the parse workers
when it is entered, before it opens the database and before the caller starts
any thread of its own (a progress bar's): workers are forked cheaply and
safely only from a process that runs one thread. So a caller enters the run
first, then starts its progress bar, then calls ``store_all``::

    with ImportRun(db_path, files) as run, progress_bar() as bar:
        report = run.store_all(done=lambda outcome: bar.advance())

A database that does not exist yet is made only once a file parses, so that
bad input leaves no new file behind.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from extract.models import ParseError
from store.db import open_db
from store.errors import StoreError
from store.ingest.importer import ImportResult, import_document, many_documents
from store.ingest.parse_pool import (
    Limits,
    ParserCrashed,
    ParserStopped,
    Result,
    parse_file,
    parse_files,
)


@dataclass(frozen=True)
class FileOutcome:
    """One file's end: what storing it did, or why it was not stored."""

    path: Path
    result: ImportResult | None = None
    error: str | None = None  # the reason, in one line's words
    # stored, but its table was not read: why, in one line's words
    unread: str | None = None


@dataclass
class ImportReport:
    """What an import did: each stored file's result, in order, and how many failed."""

    total: int  # files asked for
    results: list[tuple[Path, ImportResult]] = field(default_factory=list)
    failed: int = 0
    interrupted: bool = False  # stopped by Ctrl-C before the last file

    @property
    def ok(self) -> bool:
        """Every file stored (imported, unchanged or reparsed)."""
        return self.failed == 0 and not self.interrupted

    @property
    def not_imported(self) -> int:
        """Files neither stored nor failed: those an interrupted import did not reach."""
        return self.total - len(self.results) - self.failed

    def statuses(self) -> Counter[str]:
        """Stored files by status, in order first seen.

        'imported', 'unchanged', 'reparsed', each counted apart with
        ' (no records)' after it for documents stored without a record.
        """
        return Counter(result.label for _, result in self.results)

    def add(self, outcome: FileOutcome) -> None:
        if outcome.result is not None:
            self.results.append((outcome.path, outcome.result))
        else:
            self.failed += 1


class ImportRun:
    """One import of ``files`` into ``db_path``, used as a context manager.

    Entering it starts the parse workers, then opens the database if it exists
    (``StoreError`` if it cannot be, with the workers stopped); leaving it syncs
    and closes the database and stops the workers.

    ``parse`` reads and parses one file; with ``workers`` and ``limits`` it
    goes to ``parse_pool.parse_files``: each file in a worker process, within
    ``limits`` (a time limit and a memory limit, ``Limits()`` by default), on
    one worker per core when there are enough files. With ``limits=None`` and
    ``workers=1`` the files are parsed here, in this process, with no limit,
    where a function that does not pickle can run.
    """

    def __init__(
        self,
        db_path: Path,
        files: list[Path],
        *,
        reparse: bool = False,
        parse: Callable[[Path], object] = parse_file,
        workers: int | None = None,
        limits: Limits | None = Limits(),  # noqa: B008  (frozen: one shared default is safe)
    ) -> None:
        self.db_path = Path(db_path)
        self.files = list(files)
        self.reparse = reparse
        self._parse = parse
        self._workers = workers
        self._limits = limits
        self._stack = ExitStack()
        self._parsed: Iterator[Result] = iter(())
        self._db: sqlite_utils.Database | None = None

    def __enter__(self) -> ImportRun:
        try:
            # the workers start here: before the database is opened, and before
            # the caller's threads
            self._parsed = parse_files(
                self.files, self._parse, workers=self._workers, limits=self._limits
            )
            self._stack.callback(self._parsed.close)  # stops the workers, even unread
            if self.db_path.exists():
                self._open()
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()

    def store_all(
        self,
        *,
        starting: Callable[[Path], None] | None = None,
        done: Callable[[FileOutcome], None] | None = None,
    ) -> ImportReport:
        """Store each file as its parse arrives; ``starting(path)`` before, ``done(outcome)`` after.

        Ctrl-C stops it: the report says ``interrupted``, and every document it
        stored is whole. Raises ``StoreError`` if the database, not there when
        the run was entered, cannot be made.
        """
        report = ImportReport(total=len(self.files))
        try:
            for path, parsed, problem in self._parsed:
                if starting is not None:
                    starting(path)
                if problem is None and self._db is None:
                    self._open()
                outcome = self._store(path, parsed, problem)
                report.add(outcome)
                if done is not None:
                    done(outcome)
        except KeyboardInterrupt:  # the document being stored was rolled back
            report.interrupted = True
        return report

    def _open(self) -> None:
        """The database, opened for this run and closed (after its final sync) at its end."""
        db = open_db(self.db_path, create=True)
        self._stack.callback(db.close)
        self._stack.enter_context(many_documents(db))
        self._db = db

    def _store(self, path: Path, parsed: object, problem: Exception | None) -> FileOutcome:
        if problem is not None:
            return FileOutcome(path, error=failure_reason(problem))
        try:
            result = import_document(self._db, parsed, path.name, reparse=self.reparse)
        except Exception as exc:  # a bug must not stop the other files
            return FileOutcome(path, error=failure_reason(exc))
        unread = unread_table(parsed) if result.no_records else None
        return FileOutcome(path, result=result, unread=unread)


def unread_table(parsed: object) -> str | None:
    """Why a plan was kept without records (``extract.kind.plan_without_records``), else None."""
    from extract.kind import unread_reason

    return unread_reason(parsed)


def failure_reason(exc: Exception) -> str:
    """Why a file was not imported: the error's own words, or 'internal error: …' for a bug."""
    if isinstance(exc, (ParseError, StoreError, ParserCrashed, ParserStopped)):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


def import_files(
    db_path: Path,
    files: list[Path],
    *,
    reparse: bool = False,
    parse: Callable[[Path], object] = parse_file,
    workers: int | None = None,
    limits: Limits | None = Limits(),  # noqa: B008  (frozen: one shared default is safe)
) -> ImportReport:
    """Import ``files`` into ``db_path`` with nothing shown: ``ImportRun`` for callers with no progress bar."""
    with ImportRun(
        db_path, files, reparse=reparse, parse=parse, workers=workers, limits=limits
    ) as run:
        return run.store_all()
