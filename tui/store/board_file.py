"""The board's file and what lives beside it: a link followed, the writer's lock, temp files.

A board path that is a symbolic link is followed once, when the board is opened: the file, its
lock, temp files and backups all live beside the link's target, so the link stays a link and
its target (in a synced folder, say) gets every change. Messages name the path given.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

from tui import files, locking
from tui.store.errors import LockedError, StoreError, UnwritableFolderError


def board_file(path: Path) -> Path:
    """The file a board path stands for: ``path`` itself, or where it leads if it is a link.

    Saving replaces the file by renaming a temp file over it, which would replace a link with
    a regular file and leave its target unchanged from then on; everything therefore acts on
    the target. Only a link as the last part is followed: a path through a linked folder
    already reaches the same folder. A dangling link leads to where its target would be (a
    relative link counts from the link's own folder); a loop of links is left as given, and
    reading it then fails with the system's error.
    """
    path = Path(path)
    if not path.is_symlink():
        return path
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return path


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer left behind (only called while holding the lock)."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if files.is_temp_of(path, name):
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(path, f"Cannot read {path}: {error.strerror or error}") from error


def read_with_signature(path: Path) -> tuple[bytes, os.stat_result, int] | None:
    """The file's bytes, the status of the very file read, and when that status was taken
    (``time.time_ns()``); None when it does not exist.

    The status is taken before the bytes are read: a write in place while they are read then
    leaves the file different from that status, so it is read again next time, where a status
    taken after the read would vouch for content that was never read.
    """
    try:
        with path.open("rb") as stream:
            taken_ns = time.time_ns()
            status = os.fstat(stream.fileno())
            return stream.read(), status, taken_ns
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(path, f"Cannot read {path}: {error.strerror or error}") from error


_PERMISSION_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS)


def acquire_lock(path: Path, file: Path) -> locking.Lock:
    """Take the writer's lock on ``file`` (``path`` followed, see ``board_file``) without
    waiting; LockedError, naming ``path``, when someone else has it.

    Every save, backup and the lock itself create files beside the board, so a folder that
    cannot be written refuses here, before anything is read: UnwritableFolderError (the board
    can still be opened read-only), or a StoreError when there is no board to read yet.
    """
    lock_file = lock_path(file)
    folder = file.parent
    # The lock file of an earlier run may still be writable in a folder that no longer is.
    if not os.access(folder, os.W_OK):
        _refuse_unwritable(path, file, f"the folder {folder} is not writable")
    try:
        return locking.acquire(lock_file)
    except locking.AlreadyLocked as error:
        raise LockedError(path) from error
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno not in (*_PERMISSION_ERRORS, errno.ELOOP):
            raise StoreError(path, f"Cannot lock {path}: {reason}") from error
        if lock_file.is_symlink():
            why = f"its lock file {lock_file.name} is a symbolic link, which is not followed"
        elif lock_file.exists():
            why = f"its lock file {lock_file.name} cannot be opened ({reason})"
        else:
            why = f"the folder {folder} is not writable ({reason})"
        _refuse_unwritable(path, file, why, error)


def _refuse_unwritable(path: Path, file: Path, why: str, cause: OSError | None = None) -> NoReturn:
    if file.exists():
        raise UnwritableFolderError(path, why) from cause
    raise StoreError(path, f"Cannot create {path}: {why}") from cause


def timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def unused_name(candidate: Path) -> Path:
    """``candidate``, or the same name with -2, -3... when it is taken (nothing is overwritten)."""
    chosen = candidate
    counter = 2
    while chosen.exists():
        chosen = candidate.with_name(f"{candidate.name}-{counter}")
        counter += 1
    return chosen
