"""Read and parse many files in worker processes, in order, each within its limits.

``hmip-review import`` of a folder spends most of its time parsing (pure
Python; a PDF far more than a text file). Parsing is independent per file, so
the files are read and parsed in worker processes while the main process
stores each result as soon as it arrives, in the order the files were given.
Storing stays in the one main process: SQLite has one writer at a time anyway,
and each document is still its own transaction.

A file may not take for ever: with ``Limits`` each file has a time limit
(``seconds``, 60 by default) and, on Linux, each worker a memory limit
(``memory``: its address space, ``RLIMIT_AS``, 2 GiB by default). A worker
still on one file past its time is killed and the file reported as
``ParserStopped`` ("took longer than 60 s to read: stopped"); one that runs out
of memory reports the file the same way and is replaced; the rest go on.
Whenever a limit applies, even a single file is parsed in a worker: a timer or
signal in this process cannot stop a parse stuck in C code (a PDF library, a
regular expression), and a memory limit here would limit the importer itself.
Only with no limits (``limits=None``: tests that inject parse functions which
keep state or raise ``KeyboardInterrupt``) are a few files parsed here.

Each worker works on one file and holds the next one, so it need not wait
while the caller stores a result; a file's time starts when its worker is seen
to start it (never earlier, so a file is never stopped early). The workers
start when ``parse_files`` is called, not when the first result is asked for,
so a caller can start them before it opens its database or starts other
threads (the progress bar's). They are forked when this process runs a single
thread on Linux (cheap: ~0.03 s), and started through a fork server otherwise:
forking a process that runs other threads can copy a lock another thread holds.
At most ``4 × workers`` results wait for the caller, so memory does not grow
with the number of files. A worker exits when the importing process is gone
(killed mid-import), and ignores Ctrl-C: the importing process stops them.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import wait
from pathlib import Path

# Below this many files more than one worker's start-up costs more than it saves.
POOL_MIN_FILES = 16
# The default limits of one file: far beyond any real document (a 50-page PDF
# reads in seconds, in under 200 MB).
DEFAULT_SECONDS = 60.0
DEFAULT_MEMORY = 2 * 1024**3
# files a worker holds: the one it parses and the next
_DEPTH = 2

Result = tuple[Path, object | None, Exception | None]


class ParserCrashed(Exception):
    """The process parsing a file died (a crash in a library, out of memory)."""


class ParserStopped(Exception):
    """A file was stopped at one of its ``Limits``."""


@dataclass(frozen=True)
class Limits:
    """What reading and parsing one file may take; None: no limit of that kind."""

    seconds: float | None = DEFAULT_SECONDS
    memory: int | None = DEFAULT_MEMORY  # bytes of address space a worker may use (Linux)

    def too_slow(self) -> str:
        return f"took longer than {self.seconds:g} s to read: stopped"

    def too_large(self) -> str:
        memory = self.memory or 0
        size = f"{memory / 1024**3:g} GiB" if memory >= 1024**3 else f"{memory / 1024**2:g} MiB"
        return f"needed more than {size} of memory to read: stopped"


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
    document, or a plan cut off inside a row, raises ``ParseError``. What the
    reader guessed (a PDF's cell paragraphs parted by their words alone) is a
    warning of the records read from there (``extract.formats.notes``).
    """
    from extract import ParseError, parse_document
    from extract.formats.notes import attach
    from extract.formats.read import read_document_notes
    from extract.kind import plan_without_records
    from extract.truncated import check_whole

    text, notes = read_document_notes(path)
    try:
        parsed = parse_document(text)
    except ParseError as unread:
        parsed = plan_without_records(text, unread)
    check_whole(parsed)
    return attach(parsed, notes)


def parse_files(
    files: list[Path],
    parse: Callable[[Path], object] = parse_file,
    *,
    workers: int | None = None,
    limits: Limits | None = None,
) -> Iterator[Result]:
    """``(path, parsed, None)`` or ``(path, None, error)`` for each file, in order.

    ``parse`` must be a module-level function (workers import it by name)
    unless the files are parsed here. ``workers``: None for one per core (one
    alone below ``POOL_MIN_FILES`` files). With ``limits`` every file is parsed
    in a worker within them; with none, fewer than ``POOL_MIN_FILES`` files or
    ``workers=1`` are parsed here, one by one. Workers start now, before this
    returns; ``close()`` on the result stops them, even unread.
    """
    workers = worker_count() if workers is None else workers
    few = workers <= 1 or len(files) < POOL_MIN_FILES
    if not files or (few and limits is None):
        return (_parse_here(parse, path) for path in files)
    try:
        return _Supervised(files, parse, 1 if few else workers, limits or Limits(None, None))
    except (OSError, ImportError, NotImplementedError):
        # no process can be started here (a sandbox that forbids new processes):
        # parse in this process, without the limits
        return (_parse_here(parse, path) for path in files)


def _parse_here(parse: Callable[[Path], object], path: Path) -> Result:
    try:
        return path, parse(path), None
    except Exception as exc:  # reported per file by the caller
        return path, None, exc


class _Worker:
    """One worker process, its end of the pipe, and the files it holds (the first it parses)."""

    def __init__(self, context, parse, limits: Limits) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child, parse, limits, os.getpid()), daemon=True
        )
        self.process.start()
        child.close()
        self.held: deque[int] = deque()  # indexes of the files sent, in order
        self.started = 0.0  # when it was seen to start the first of them

    def stop(self) -> None:
        """Kill the process (it may be stuck in C code) and reap it."""
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


class _Supervised:
    """The results of the workers, as an iterator; ``close()`` stops the workers, even unread."""

    def __init__(self, files: list[Path], parse, workers: int, limits: Limits) -> None:
        self.files, self.parse, self.limits = files, parse, limits
        context = multiprocessing.get_context(_start_method())
        self.todo: deque[int] = deque(range(len(files)))  # not sent to a worker yet
        self.done: dict[int, Result] = {}
        self.next = 0  # the next result to give
        self.window = 4 * workers  # files sent or done ahead of the next result, at most
        self.workers: list[_Worker] = []
        try:
            for _ in range(min(workers, len(files))):
                self.workers.append(_Worker(context, parse, limits))
        except BaseException:
            self.stop()
            raise
        self._send()
        self._results = self._all()

    def __iter__(self) -> Iterator[Result]:
        return self

    def __next__(self) -> Result:
        return next(self._results)

    def close(self) -> None:
        self._results.close()
        self.stop()

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def _all(self) -> Iterator[Result]:
        try:
            while self.next < len(self.files):
                while self.next not in self.done:
                    self._step()
                result = self.done.pop(self.next)
                self.next += 1
                self._send()
                yield result
        finally:
            self.stop()

    def _send(self) -> None:
        """Give each worker files to hold, up to ``_DEPTH``, within the window."""
        for worker in self.workers:
            while (
                len(worker.held) < _DEPTH and self.todo and self.todo[0] < self.next + self.window
            ):
                index = self.todo.popleft()
                try:
                    worker.conn.send((index, self.files[index]))
                except OSError:  # it died: its files go back, and _step replaces it
                    self.todo.appendleft(index)
                    break
                if not worker.held:
                    worker.started = time.monotonic()
                worker.held.append(index)
        if not self.workers:  # none could be (re)started: the rest are parsed here
            while self.todo:
                index = self.todo.popleft()
                self.done[index] = _parse_here(self.parse, self.files[index])

    def _step(self) -> None:
        """Wait for a result, a worker's death or a time limit; deal with what came."""
        busy = [w for w in self.workers if w.held]
        seconds = self.limits.seconds
        timeout = None
        if seconds is not None and busy:
            timeout = max(0.0, min(w.started for w in busy) + seconds - time.monotonic())
        # every worker's death is watched, an idle one's too: it must be replaced
        waits = [w.conn for w in busy] + [w.process.sentinel for w in self.workers]
        ready = set(wait(waits, timeout))
        for worker in list(self.workers):
            if worker.conn in ready or worker.process.sentinel in ready:
                self._collect(worker)
        now = time.monotonic()
        for worker in list(self.workers):
            if seconds is not None and worker.held and now - worker.started > seconds:
                self._replace(worker, ParserStopped(self.limits.too_slow()))
        self._send()

    def _collect(self, worker: _Worker) -> None:
        """Take every result the worker has sent; replace it if it has died."""
        try:
            while worker.conn.poll():
                index, result = worker.conn.recv()
                assert worker.held and worker.held[0] == index
                worker.held.popleft()
                worker.started = time.monotonic()  # it goes on with the next it holds
                self.done[index] = result
                if isinstance(result[2], ParserStopped):  # out of memory: it exits
                    self._replace(worker, None)
                    return
        except (EOFError, OSError):  # the pipe closed: the process is ending
            worker.process.join(5)
        if not worker.process.is_alive():
            self._replace(worker, ParserCrashed(_died(worker.process.exitcode)))

    def _replace(self, worker: _Worker, error: Exception | None) -> None:
        """Stop ``worker`` and start another in its place.

        The file it parses fails with ``error``; the files it holds after it (all
        of them, with no ``error``) go back to be sent again.
        """
        worker.stop()
        if worker.held and error is not None:
            index = worker.held.popleft()
            self.done[index] = (self.files[index], None, error)
        self.todo.extendleft(reversed(worker.held))
        at = self.workers.index(worker)
        try:
            # forked only if this process still runs one thread (the progress bar's
            # may have started since the first workers were)
            context = multiprocessing.get_context(_start_method())
            self.workers[at] = _Worker(context, self.parse, self.limits)
        except (OSError, ImportError, NotImplementedError):
            del self.workers[at]


def _died(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exit status {exitcode}"
    return f"the parser's process died reading it ({how})"


def _serve(conn, parse, limits: Limits, parent_pid: int) -> None:
    """A worker: parse each file sent, send its result back; exit when the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the importing process
    _watch_parent(parent_pid)
    _limit_memory(limits.memory)
    while True:
        try:
            index, path = conn.recv()
        except (EOFError, OSError):
            return
        result = _parse_here(parse, path)
        out_of_memory = isinstance(result[2], MemoryError)
        if out_of_memory:
            result = (path, None, ParserStopped(limits.too_large()))
        try:
            conn.send((index, result))
        except MemoryError:
            conn.send((index, (path, None, ParserStopped(limits.too_large()))))
            return
        except Exception as exc:  # a result that does not pickle
            conn.send((index, (path, None, _picklable(exc))))
        if out_of_memory:
            return  # a process that ran out of memory may be left in a bad state


def _picklable(exc: Exception) -> Exception:
    try:
        pickle.dumps(exc)
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _limit_memory(memory: int | None) -> None:
    """Cap this process's address space at ``memory`` bytes (Linux; elsewhere nothing)."""
    if memory is None or not sys.platform.startswith("linux"):
        return
    import resource

    try:
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            memory = min(memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (memory, hard))
    except (ValueError, OSError):
        pass


def _start_method() -> str:
    """'fork' on Linux while this process runs one thread; else a fork server (or spawn)."""
    methods = multiprocessing.get_all_start_methods()
    # (Linux only: on macOS a forked child can crash in system libraries the
    # parent used, which is why Python itself stopped forking there by default)
    if sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


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
