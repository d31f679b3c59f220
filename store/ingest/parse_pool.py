"""Read and parse many files on every core, in order, while the caller stores them.

``hmip-review import`` of a folder spends most of its time parsing (pure
Python; a PDF far more than a text file). Parsing is independent per file, so
with more than one core the files are read and parsed in worker processes
while the main process stores each result as soon as it arrives, in the order
the files were given. Storing stays in the one main process: SQLite has one
writer at a time anyway, and each document is still its own transaction.

The workers start when ``parse_files`` is called, not when the first result
is asked for, so a caller can start them before it opens its database or
starts other threads (the progress bar's). They are forked when this process
runs a single thread on Linux (cheap: ~0.03 s, the parser already imported), and
started through a fork server otherwise: forking a process that runs other
threads can copy a lock another thread holds. At most ``4 × workers`` results
wait for the caller, so memory does not grow with the number of files. A
worker exits when the importing process is gone (killed mid-import).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

# Below this many files the workers' start-up costs more than it saves.
POOL_MIN_FILES = 16
# Most files sent to a worker in one task (fewer when there are few files).
CHUNK = 8

Result = tuple[Path, object | None, Exception | None]


class ParserCrashed(Exception):
    """The process parsing a file died (a crash in a library, out of memory)."""


def worker_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_file(path: Path):
    """Read and parse one file as ``hmip-review import`` does; the parsed document.

    An action plan whose table cannot be read is kept, with no records and a
    warning saying so (``extract.kind.plan_without_records``); a file that is no
    document, or a plan cut off inside a row, raises ``ParseError``.
    """
    from extract import ParseError, parse_document
    from extract.formats.read import read_document
    from extract.kind import plan_without_records
    from extract.truncated import check_whole

    text = read_document(path)
    try:
        parsed = parse_document(text)
    except ParseError as unread:
        parsed = plan_without_records(text, unread)
    check_whole(parsed)
    return parsed


def parse_files(
    files: list[Path],
    parse: Callable[[Path], object] = parse_file,
    *,
    workers: int | None = None,
) -> Iterator[Result]:
    """``(path, parsed, None)`` or ``(path, None, error)`` for each file, in order.

    ``parse`` must be a module-level function (workers import it by name).
    With one core, fewer than ``POOL_MIN_FILES`` files, or ``workers=1``, the
    files are parsed here, one by one, with no workers started. Otherwise the
    workers start now, before this returns.
    """
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(files) < POOL_MIN_FILES:
        return (_parse_here(parse, path) for path in files)
    try:
        return _PoolResults(files, parse, workers)
    except (OSError, ImportError, NotImplementedError):
        # no process pool here (no /dev/shm for its semaphores, a sandbox that
        # forbids new processes): parse in this process instead
        return (_parse_here(parse, path) for path in files)


def _parse_here(parse: Callable[[Path], object], path: Path) -> Result:
    try:
        return path, parse(path), None
    except Exception as exc:  # reported per file by the caller
        return path, None, exc


class _PoolResults:
    """The results of a pool run, as an iterator; ``close()`` stops the workers, even unread."""

    def __init__(self, files: list[Path], parse, workers: int) -> None:
        self.run = _Run(files, parse, workers)
        self._results = self._all(files, parse, workers)

    def __iter__(self) -> Iterator[Result]:
        return self

    def __next__(self) -> Result:
        return next(self._results)

    def close(self) -> None:
        self._results.close()
        self.run.stop()

    def _all(self, files: list[Path], parse, workers: int) -> Iterator[Result]:
        todo = files
        while True:
            done = 0
            try:
                for result in self.run.results():
                    done += 1
                    yield result
                return
            except BrokenProcessPool:
                inflight = self.run.lost
                assert inflight == todo[done : done + len(inflight)]
                # A worker died (out of memory, a crash inside a PDF library): one
                # of the files in flight killed it, and the pool lost them all.
                # Each of those gets a process of its own, so that only the file
                # that kills its parser is reported; the rest go on in a new pool.
                for path in inflight:
                    yield _parse_alone(parse, path)
                todo = todo[done + len(inflight) :]
                if not todo:
                    return
                self.run = _Run(todo, parse, workers)


class _Run:
    """One pool working through ``files``: started (and the first files sent) on creation.

    Files go to the workers in chunks (up to ``CHUNK`` files a task), so that
    the messages between processes are a few per chunk rather than per file.
    """

    def __init__(self, files: list[Path], parse, workers: int) -> None:
        self.parse = parse
        self.chunk = max(1, min(CHUNK, len(files) // (8 * workers)))
        self.window = 4 * workers * self.chunk  # files in flight at most
        self.remaining = iter(files)
        self.pending: deque[tuple[list[Path], Future]] = deque()
        self.in_flight = 0
        self.lost: list[Path] = []
        self.pool = _pool(workers)
        self._submit()

    def results(self) -> Iterator[Result]:
        """Results in order; raises BrokenProcessPool when a worker dies."""
        try:
            while self.pending:
                paths, future = self.pending.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    # the files this pool had not given back, in order
                    self.lost = paths + [p for chunk, _ in self.pending for p in chunk]
                    raise
                except Exception as exc:  # e.g. a result that could not be sent back
                    results = [(path, None, exc) for path in paths]
                self.in_flight -= len(paths)
                yield from results
                self._submit()
        finally:
            self.stop()

    def stop(self) -> None:
        for _, future in self.pending:
            future.cancel()
        self.pending.clear()
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self) -> None:
        """Keep up to ``window`` files in flight."""
        while self.in_flight < self.window:
            paths = list(itertools.islice(self.remaining, self.chunk))
            if not paths:
                return
            self.pending.append((paths, self.pool.submit(_parse_chunk, self.parse, paths)))
            self.in_flight += len(paths)


def _parse_chunk(parse, paths: list[Path]) -> list[Result]:
    return [_parse_here(parse, path) for path in paths]


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(_start_method()),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


def _start_method() -> str:
    """'fork' on Linux while this process runs one thread; else a fork server (or spawn)."""
    methods = multiprocessing.get_all_start_methods()
    # (Linux only: on macOS a forked child can crash in system libraries the
    # parent used, which is why Python itself stopped forking there by default)
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _parse_alone(parse, path: Path) -> Result:
    """Parse one file in a process of its own: its result, or why its process died."""
    pool = _pool(1)
    try:
        return pool.submit(_parse_here, parse, path).result()
    except BrokenProcessPool:
        return path, None, ParserCrashed(f"{path.name}: the parser's process died reading it")
    except Exception as exc:
        return path, None, exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _watch_parent(parent_pid: int) -> None:
    """In a worker: exit when the importing process is gone (killed mid-import)."""

    def watch() -> None:
        while _alive(parent_pid):
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's (the pid was reused)
        return True
    return True
