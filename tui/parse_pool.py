"""Read and parse many files on every core, in order, while the caller stores them.

``hmip-review import`` of a folder spends most of its time parsing (pure
Python; a PDF far more than a text file). Parsing is independent per file, so
with more than one core the files are read and parsed in worker processes
while the main process stores each result as soon as it arrives, in the order
the files were given. Storing stays in the one main process: SQLite has one
writer at a time anyway, and each document is still its own transaction.

Workers are started with ``forkserver`` (``spawn`` where there is none), never
a bare ``fork`` of a process that runs threads (the progress bar's). At most
``window`` results wait for the caller, so memory does not grow with the
number of files. A worker notices when the importing process has gone (killed
mid-import) and exits rather than linger.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

# Below this many files the workers' start-up (~0.1 s each) costs more than it saves.
POOL_MIN_FILES = 16


def worker_count() -> int:
    """Cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse_file(path: Path):
    """Read and parse one file as ``hmip-review import`` does; the parsed document."""
    from extract import parse_document
    from extract.decode import read_document
    from extract.truncated import check_whole

    parsed = parse_document(read_document(path))
    check_whole(parsed)
    return parsed


def parse_files(
    files: list[Path],
    parse: Callable[[Path], object] = parse_file,
    *,
    workers: int | None = None,
) -> Iterator[tuple[Path, object | None, Exception | None]]:
    """``(path, parsed, None)`` or ``(path, None, error)`` for each file, in order.

    ``parse`` must be a module-level function (workers import it by name).
    With one core, fewer than ``POOL_MIN_FILES`` files, or ``workers=1``, the
    files are parsed here, one by one, with no workers started.
    """
    workers = worker_count() if workers is None else workers
    if workers <= 1 or len(files) < POOL_MIN_FILES:
        for path in files:
            yield _parse_here(parse, path)
        return
    yield from _parse_in_pool(files, parse, workers)


def _parse_here(parse: Callable[[Path], object], path: Path):
    try:
        return path, parse(path), None
    except Exception as exc:  # reported per file by the caller
        return path, None, exc


def _parse_in_pool(files: list[Path], parse, workers: int):
    todo = list(files)
    while todo:
        done = 0
        try:
            for result in _run_pool(todo, parse, workers):
                done += 1
                yield result
            return
        except BrokenProcessPool:
            # A worker died (out of memory, a crash inside a PDF library): one
            # of the files in flight killed it, and the pool lost them all.
            # Each of those gets a process of its own, so that only the file
            # that kills its parser is reported; the rest go on in a new pool.
            inflight = todo[done : done + 4 * workers]
            for path in inflight:
                yield _parse_alone(parse, path)
            todo = todo[done + len(inflight) :]


def _pool(workers: int) -> ProcessPoolExecutor:
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


def _run_pool(files: list[Path], parse, workers: int):
    """Results in order; raises BrokenProcessPool when a worker dies."""
    window = 4 * workers
    remaining = iter(files)
    pending: deque[tuple[Path, Future]] = deque()
    pool = _pool(workers)
    try:
        _submit(pool, parse, remaining, pending, window)
        while pending:
            path, future = pending.popleft()
            try:
                result = future.result()
            except BrokenProcessPool:
                raise
            except Exception as exc:  # e.g. a result that could not be sent back
                result = (path, None, exc)
            yield result
            _submit(pool, parse, remaining, pending, window)
    finally:
        for _, future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _parse_alone(parse, path: Path):
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


class ParserCrashed(Exception):
    """The process parsing a file died (a crash in a library, out of memory)."""


def _submit(pool, parse, remaining: Iterator[Path], pending: deque, window: int) -> None:
    """Keep up to ``window`` files in flight."""
    while len(pending) < window:
        path = next(remaining, None)
        if path is None:
            return
        pending.append((path, pool.submit(_parse_here, parse, path)))


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
