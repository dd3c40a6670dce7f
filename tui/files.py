"""The one way followup-tui replaces a file: ``atomic_write``.

The board, the settings file, the clipboard's fallback draft and exports all go through it, so
every file the app writes is whole or untouched after a crash or a full disk: the data goes to
a temp file in the same folder (``.<name>.XXXXXXXX.tmp``), which is then renamed over the file.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, cast

TEMP_SUFFIX = ".tmp"

Bytes = bytes | memoryview
"""A piece of data to write."""

_IOV_MAX = 512
"""Pieces per ``os.writev`` call (POSIX guarantees at least 16; Linux allows 1024)."""

KEEP_MODE = -1
"""``mode=KEEP_MODE``: an existing file keeps its permissions; a new one gets the usual mode
(0o666 less the umask), as ``open()`` would give it."""


def atomic_write(
    path: Path,
    data: bytes | str | Sequence[Bytes],
    *,
    durable: bool,
    mode: int = 0o600,
    before_replace: Callable[[os.stat_result | None], None] | None = None,
    displaced: Callable[[Path], None] | None = None,
) -> os.stat_result:
    """Replace ``path`` with ``data`` so that readers and crashes see old or new, never half.

    ``data`` is bytes, text (written as UTF-8, newlines as given) or pieces of bytes written in
    order with ``writev`` (a large board is never joined into one copy). ``durable`` fsyncs the
    file before the rename and the folder after it, so the change survives a power cut once
    this returns. ``mode`` is the new file's permissions (the temp file is 0600 from the start,
    so private data is never readable by others, not even for a moment), or ``KEEP_MODE``.

    ``path`` itself is replaced: a symbolic link there becomes a regular file; callers that
    write through links resolve them first. An OSError names ``path``, not the temp file.

    ``before_replace`` is given the status of the file about to be replaced (None when there
    is none): an exception there leaves that file in place (the temp file is removed) and
    propagates. A file renamed over ``path`` between that check and the rename (a few
    microseconds, or a few milliseconds when the thread is switched out there) would still be
    replaced unseen, as POSIX has no compare-and-rename; ``displaced`` closes that gap where
    the system can: on Linux the new file and the old one are swapped in one step
    (``renameat2`` with ``RENAME_EXCHANGE``), ``displaced`` is called with the temp path, which
    then holds the very file that was replaced, and that file is deleted once it returns. (A
    write into the old file after the swap goes to a file no longer at ``path``, as it would
    after any rename.) Elsewhere, or on a file system that cannot swap, it is a plain rename
    and ``displaced`` is not called.

    Returns the new file's status as written (the rename keeps its inode, size and mtime), so
    a caller can tell later whether someone else has replaced or changed the file since.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if mode == KEEP_MODE:
        try:
            mode = path.stat().st_mode & 0o7777
        except OSError:
            mode = default_mode()
    try:
        descriptor, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent
        )
    except OSError as error:
        raise _naming(error, path) from error
    try:
        try:
            _write_all(descriptor, data)
            if mode != 0o600:
                os.fchmod(descriptor, mode)
            if durable:
                os.fsync(descriptor)
            written = os.fstat(descriptor)
        finally:
            os.close(descriptor)
        if before_replace is None and displaced is None:
            os.replace(temp_name, path)
        else:
            _replace_checked(temp_name, path, before_replace, displaced)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if isinstance(error, OSError) and error.filename in (None, temp_name):
            raise _naming(error, path) from error
        raise
    if durable:
        fsync_directory(path.parent)
    return written


class PlantedLinkError(OSError):
    """A symbolic link another user put in a shared folder: following it would let them choose
    which file gets replaced."""


def link_target(path: Path) -> Path:
    """Where a write to ``path`` should go: ``path``, or the file a symbolic link there leads
    to. A link owned by someone else in a folder others can write (a sticky one such as /tmp,
    or a world-writable one) is refused with PlantedLinkError; the user's own links (a board in
    a synced folder, say) are followed."""
    try:
        status = os.lstat(path)
    except OSError:
        return path
    if not stat.S_ISLNK(status.st_mode):
        return path
    if status.st_uid != os.geteuid() and shared_folder(path.parent):
        raise PlantedLinkError(
            errno.EPERM,
            "it is a link another user put in this shared folder, so it was not followed; "
            "choose another name",
            str(path),
        )
    return path.resolve()


def shared_folder(folder: Path) -> bool:
    """True when any user can create files in ``folder`` (world-writable, or sticky as /tmp)."""
    try:
        mode = os.stat(folder).st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IWOTH | stat.S_ISVTX))


def _replace_checked(
    temp_name: str,
    path: Path,
    check: Callable[[os.stat_result | None], None] | None,
    displaced: Callable[[Path], None] | None,
) -> None:
    try:
        current: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        current = None
    if check is not None:
        check(current)
    how = _swap(temp_name, path, exists=current is not None) if displaced else None
    if how is None:
        os.replace(temp_name, path)
    elif how == "swapped":
        # The temp name now holds what ``path`` held an instant ago.
        assert displaced is not None
        try:
            displaced(Path(temp_name))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp_name)


RENAME_NOREPLACE = 1
RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_CANNOT_SWAP = (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP)


def _swap(temp_name: str, path: Path, *, exists: bool) -> Literal["swapped", "moved"] | None:
    """Put the temp file at ``path`` and what was there at the temp name, in one step
    ("swapped"); with nothing at ``path``, move it there unless something appears meanwhile
    ("moved"). None when this system or file system cannot (the caller renames instead)."""
    if _libc_renameat2() is None:
        return None
    for _ in range(8):  # a file that keeps appearing and vanishing: a plain rename after all
        try:
            renameat2(temp_name, path, RENAME_EXCHANGE if exists else RENAME_NOREPLACE)
        except FileNotFoundError:
            if not exists:
                raise
            exists = False  # deleted since it was looked at
        except FileExistsError:
            if exists:
                raise
            exists = True  # created since it was looked at
        except OSError as error:
            if error.errno in _CANNOT_SWAP:
                return None  # a file system that cannot swap (some network and FUSE ones)
            raise
        else:
            return "swapped" if exists else "moved"
    return None


def renameat2(source: str | Path, target: str | Path, flags: int) -> None:
    """Linux's ``renameat2``: with RENAME_EXCHANGE, swap two files in one step; with
    RENAME_NOREPLACE, rename unless the target exists. OSError as ``os.replace`` raises it
    (ENOSYS where the system has no such call)."""
    call = _libc_renameat2()
    if call is None:
        raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), str(target))
    if call(_AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), flags) != 0:
        import ctypes

        failure = ctypes.get_errno()
        raise OSError(failure, os.strerror(failure), str(source), None, str(target))


@functools.cache
def _libc_renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """The C library's renameat2 (Linux with glibc 2.28 or later, musl 1.1.24), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # only for the swap: every command and the app's start import this module

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return None
    function.argtypes = (
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    )
    function.restype = ctypes.c_int
    return cast(Callable[[int, bytes, int, bytes, int], int], function)


def is_temp_of(path: Path, candidate: str) -> bool:
    """True for names that ``atomic_write`` creates for ``path`` (``.board.json.XXXX.tmp``)."""
    prefix = f".{path.name}."
    return (
        candidate.startswith(prefix)
        and candidate.endswith(TEMP_SUFFIX)
        and len(candidate) > len(prefix) + len(TEMP_SUFFIX)
    )


def default_mode() -> int:
    """The mode a new file gets here (0o666 less the umask), as open() would give it."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def fsync_directory(folder: Path) -> None:
    """Make a rename durable; folders cannot be opened this way on Windows."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    except OSError as error:
        # Some filesystems cannot sync a folder at all; the rename itself already happened.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(descriptor)


def _naming(error: OSError, path: Path) -> OSError:
    return OSError(error.errno, error.strerror, str(path))


def _write_all(descriptor: int, content: bytes | Sequence[Bytes]) -> None:
    """Write bytes, or pieces of bytes in order (``writev``: no joined copy of a whole board)."""
    if isinstance(content, bytes) or not hasattr(os, "writev"):
        view = memoryview(content if isinstance(content, bytes) else b"".join(content))
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
        return
    pending = [memoryview(piece) for piece in content if piece]
    first = 0
    while first < len(pending):
        written = os.writev(descriptor, pending[first : first + _IOV_MAX])
        # A short write can stop anywhere, even inside a piece: resume exactly there.
        while written and first < len(pending):
            size = len(pending[first])
            if written >= size:
                written -= size
                first += 1
            else:
                pending[first] = pending[first][written:]
                written = 0
