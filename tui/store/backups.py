"""Backups beside the board: a rolling daily copy (the newest seven are kept), a copy before
any migration, and restoring one with the damaged file kept aside."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from datetime import date
from pathlib import Path

from tui import files
from tui.store.board_file import (
    acquire_lock,
    board_file,
    read_bytes,
    remove_stale_temps,
    timestamp,
    unused_name,
)
from tui.store.documents import decode
from tui.store.errors import StoreError

KEEP_DAILY_BACKUPS = 7
_DATE_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}")


def daily_backup_path(file: Path) -> Path | None:
    """``<name>.<today>.bak`` beside the file, or None when today's was already taken."""
    today = file.with_name(f"{file.name}.{date.today().isoformat()}.bak")
    return None if today.exists() else today


def write_daily_backup(file: Path, target: Path, raw: bytes) -> str | None:
    """Copy the file as read to today's backup and keep the newest seven; a warning on failure."""
    try:
        files.atomic_write(target, raw, durable=True)
    except OSError as error:
        return f"Could not write the backup {target}: {error.strerror}"
    for old in _daily_backups(file)[KEEP_DAILY_BACKUPS:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return None


def backups(path: Path) -> list[Path]:
    """Backups beside ``path`` (beside its target if it is a link), newest first: the daily
    ones, then pre-migration copies."""
    path = board_file(path)
    pre_migration = sorted(
        path.parent.glob(f"{_glob_escape(path.name)}.pre-migration-v*.bak"),
        key=_mtime,
        reverse=True,
    )
    return _daily_backups(path) + pre_migration


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup that would open (valid, not newer than this program), or None."""
    for backup in backups(Path(path)):
        try:
            raw = backup.read_bytes()
            if raw.strip():
                decode(backup, raw)
                return backup
        except (OSError, StoreError):
            continue
    return None


def restore_backup(path: Path, backup: Path) -> Path | None:
    """Put ``backup`` in place of ``path`` (of its target if it is a link); the old file is
    kept beside it as ``<name>.damaged-<time>``.

    Returns where the old file went (None when there was none). Raises LockedError when
    another process has the board open, StoreError when a file cannot be read or written.
    """
    path, backup = Path(path), Path(backup)
    file = board_file(path)
    content = read_bytes(backup)
    if content is None:
        raise StoreError(path, f"The backup {backup} does not exist")
    lock = acquire_lock(path, file)
    try:
        remove_stale_temps(file)
        aside: Path | None = None
        if file.exists():
            aside = unused_name(file.with_name(f"{file.name}.damaged-{timestamp()}"))
            # A second name for the damaged file first, so a failed copy below loses nothing.
            try:
                os.link(file, aside)
            except OSError:
                shutil.copyfile(file, aside)
                os.chmod(aside, 0o600)
        files.atomic_write(file, content, durable=True)
        return aside
    except OSError as error:
        raise StoreError(path, f"Could not restore {backup}: {error.strerror}") from error
    finally:
        lock.release()


def _glob_escape(name: str) -> str:
    """Escape glob wildcards in a file name (a board may be called ``jobs[2026].json``)."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _daily_backups(path: Path) -> list[Path]:
    """``<name>.YYYY-MM-DD.bak`` beside the file, newest date first."""
    found: list[tuple[str, Path]] = []
    prefix, suffix = f"{path.name}.", ".bak"
    with contextlib.suppress(OSError):
        for name in os.listdir(path.parent):
            stamp = name[len(prefix) : -len(suffix)]
            if name.startswith(prefix) and name.endswith(suffix) and _DATE_STAMP.fullmatch(stamp):
                found.append((stamp, path.parent / name))
    return [backup for _, backup in sorted(found, reverse=True)]
