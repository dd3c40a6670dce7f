"""Opening a board file: read and validate it; when writable, create, migrate and back it up."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui import files
from tui.store import backups
from tui.store.board_file import read_with_signature, remove_stale_temps, unused_name
from tui.store.documents import SCHEMA_VERSION, Board, decode, empty_board, serialize
from tui.store.errors import CorruptFileError, SaveError
from tui.store.sync import Signature


@dataclass(slots=True)
class Opened:
    """A board as opened, and the file it was read from or written as."""

    board: Board
    signature: Signature | None = None
    """The file as read or written while opening (None: nothing there, nothing written)."""
    known: bytes = b""
    """Its content."""
    pending_backup: tuple[Path, bytes] | None = None
    """Today's backup and the bytes read, left to the writer thread to write."""
    warnings: list[str] = field(default_factory=list)
    """One-line notes for the user (a backup that could not be written)."""


def open_board(path: Path, file: Path, *, read_only: bool, background: bool) -> Opened:
    """Open the board ``path`` stands for, read from and written to ``file``.

    With ``background``, today's first backup is left to the writer thread (``pending_backup``)
    unless the board is migrated. Raises what ``decode`` raises, CorruptFileError for an empty
    file where backups show a board used to be, and SaveError when a write fails (losing
    nothing).
    """
    if not read_only:
        remove_stale_temps(file)
    read = read_with_signature(file)
    raw = None if read is None else read[0]
    if raw is None or not raw.strip():
        if raw is not None and backups.backups(file):
            raise CorruptFileError(path, "empty file where a board used to be")
        opened = Opened(empty_board())
        if not read_only:
            _write(opened, path, file, file, serialize(opened.board.tables))
        return opened
    assert read is not None
    signature = Signature.of(read[1], read[2])
    opened = Opened(decode(path, raw), signature, raw)
    if read_only:
        return opened
    board = opened.board
    migrating = board.found_version < SCHEMA_VERSION
    if migrating:
        name = f"{file.name}.pre-migration-v{board.found_version}.bak"
        _write(opened, path, file, unused_name(file.with_name(name)), raw)
    backup = backups.daily_backup_path(file)
    if backup is not None:
        if background and not migrating:
            # Copying a large board costs ~40 ms of the first open of a day: the writer
            # thread does it instead, before its first save, so the file it copies is
            # still the one read here (nothing replaces the board until then).
            opened.pending_backup = (backup, raw)
        else:
            warning = backups.write_daily_backup(file, backup, raw)
            if warning is not None:
                opened.warnings.append(warning)
    if migrating:
        _write(opened, path, file, file, serialize(board.tables))
    return opened


def _write(opened: Opened, path: Path, file: Path, target: Path, content: bytes) -> None:
    """A write while opening; a failure fails the open (SaveError) and loses nothing."""
    try:
        status = files.atomic_write(target, content, durable=True)
    except OSError as error:
        raise SaveError(path, error) from error
    if target == file:
        opened.signature, opened.known = Signature.of(status), content
