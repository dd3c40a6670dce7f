"""The writer's lock on a board: one followup-tui (or CLI command) changes a board at a time.

On Linux and macOS this is ``flock`` on ``<board>.lock``: advisory, held by the open file,
and dropped by the kernel when the process ends however it ends, so a crash never leaves a
stale lock behind. Importing the filelock package costs about 12 ms at start-up (a tenth
of the whole first frame), for a call the standard library makes in one line; Windows, which
has no flock, uses filelock.
"""

from __future__ import annotations

import os
import sys
import weakref
from pathlib import Path
from typing import Any, Protocol


class AlreadyLocked(Exception):
    """Another process holds the lock."""


class Lock(Protocol):
    """A held lock; ``release`` may be called more than once."""

    def release(self) -> None: ...

    def still_held(self, path: Path) -> bool:
        """False when the lock file at ``path`` was deleted or replaced since it was taken (a
        cleanup or sync tool): another process could then take a lock of its own there."""
        ...


def acquire(path: Path) -> Lock:
    """Take the lock at ``path`` (created 0600) without waiting.

    Raises AlreadyLocked when another process holds it, OSError when it cannot be taken.
    An object that is dropped without ``release`` lets go when it is collected.
    """
    if sys.platform == "win32":  # mypy checks the branch of the platform it runs on
        return _acquire_with_filelock(path)
    return _FlockLock(path)


class _FlockLock:
    def __init__(self, path: Path) -> None:
        import fcntl

        # O_NOFOLLOW: in a folder others can write, their symbolic link must not decide which
        # file is created or opened (the open fails with ELOOP instead).
        flags = os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(path, flags, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            os.close(descriptor)
            raise AlreadyLocked(str(path)) from error
        except BaseException:
            os.close(descriptor)
            raise
        # Closing the descriptor drops the flock: on release, or when the object is collected.
        self._descriptor = descriptor
        self._close = weakref.finalize(self, os.close, descriptor)

    def release(self) -> None:
        self._close()

    def still_held(self, path: Path) -> bool:
        if not self._close.alive:
            return False
        try:
            held, there = os.fstat(self._descriptor), os.stat(path, follow_symlinks=False)
        except OSError:
            return False
        return (held.st_dev, held.st_ino) == (there.st_dev, there.st_ino)


if sys.platform == "win32":  # pragma: no cover - Windows only; filelock is installed there

    def _acquire_with_filelock(path: Path) -> Lock:
        from filelock import FileLock, Timeout

        lock = FileLock(path, mode=0o600, thread_local=False)
        try:
            lock.acquire(blocking=False)
        except Timeout as error:
            raise AlreadyLocked(str(path)) from error
        return _WindowsLock(lock)

    class _WindowsLock:
        def __init__(self, lock: Any) -> None:
            self._lock = lock

        def release(self) -> None:
            self._lock.release()

        def still_held(self, path: Path) -> bool:
            return self._lock.is_locked and path.exists()
