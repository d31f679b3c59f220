"""Where an export's files wait until they are whole: temporaries beside the destination.

An export writes under a hidden temporary name in the destination folder and
moves the finished file or folder into place at the end, so a failed export
leaves nothing half-written; an existing destination is replaced only when
asked (``force``), and never left half-replaced.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from store.db import StoreError


def _temporary_name(out: Path) -> Path:
    """A hidden name beside ``out`` that no one else uses: ``.<name>.<random>.part``."""
    return out.with_name(f".{out.name}.{uuid.uuid4().hex[:12]}.part")


def temporary_file(out: Path, temporaries: list[Path]) -> Path:
    """A new empty file beside ``out``, added to ``temporaries`` (removed at the end)."""
    path = _temporary_name(out)
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))  # mode as umask allows
    temporaries.append(path)
    return path


def temporary_folder(out: Path, temporaries: list[Path]) -> Path:
    """A new empty folder beside ``out``, added to ``temporaries`` (removed at the end)."""
    path = _temporary_name(out)
    path.mkdir()
    temporaries.append(path)
    return path


def place(tmp: Path, out: Path, *, force: bool) -> None:
    """Move the finished ``tmp`` to ``out``; an existing ``out`` only with ``force``."""
    if not force:
        if tmp.is_file():
            try:
                os.link(tmp, out)  # fails if out appeared meanwhile: never overwrites
            except FileExistsError:
                raise StoreError(f"{out}: already exists; use --force to replace it") from None
            except OSError:  # a filesystem without hard links
                if out.exists():
                    raise StoreError(f"{out}: already exists; use --force to replace it") from None
                os.replace(tmp, out)
            else:
                tmp.unlink()
            return
        if out.exists():
            raise StoreError(f"{out}: already exists; use --force to replace it")
        os.rename(tmp, out)
        return
    if not (out.exists() or out.is_symlink()):
        os.replace(tmp, out)
        return
    old = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.old")
    os.replace(out, old)
    try:
        os.replace(tmp, out)
    except BaseException:
        os.replace(old, out)
        raise
    remove(old)


def remove(path: Path) -> None:
    """Remove a file or folder if it is there; an error removing it is ignored."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:
        pass
