"""What every part of the Store shares: the lock, the board in memory, the file as last read or
written, and the bookkeeping after each change.

``StoreState`` only declares that state (``Store.__init__`` sets it) and holds the few steps
that the writer (``writer``), the merging of changes made elsewhere (``disk_changes``) and the
Store's own API (``store``) all take.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from tui import locking
from tui.model import Application, Profile
from tui.store.documents import JsonText
from tui.store.errors import ReadOnlyError, SaveError, StoreError
from tui.store.sync import DiskChange, Signature
from tui.store.undo import UndoHistory

if TYPE_CHECKING:
    from tui.store.store import MemoryFirstStorage


class StoreState:
    """The state of one open board (see ``Store``, which sets all of it)."""

    path: Path
    _file: Path
    _read_only: bool
    _background: bool
    on_saved: Callable[[int], None] | None
    on_save_failed: Callable[[Exception], None] | None
    warnings: list[str]
    on_warning: Callable[[str], None] | None
    on_disk_change: Callable[[DiskChange], None] | None

    # Threads: ``_lock`` guards memory, ``_write_order`` puts writes (and looks at the file)
    # in order; ``_changed_or_saved`` wakes the writer and whoever waits for a save.
    _lock: threading.RLock
    _changed_or_saved: threading.Condition
    _write_order: threading.Lock
    _generation: int
    _saved_generation: int
    _last_error: SaveError | None
    _write_requested: bool
    _writing: bool
    _closed: bool
    _stopping: bool
    _writer: threading.Thread | None
    _pending_backup: tuple[Path, bytes] | None
    _watch_interval: float | None
    _file_lock: locking.Lock | None

    # The board in memory.
    _undo: UndoHistory
    _sorted_cache: list[Application] | None
    _cards: dict[int, Application]
    _profile: Profile
    _conflicts: dict[int, Application]
    _unsaved_ids: set[int]
    _meta_doc_id: int
    _next_id: int
    _storage: MemoryFirstStorage

    # The file as last read or written, and what both sides last had.
    _read_only_reason: str | None
    _signature: Signature | None
    _known: bytes | str | Sequence[JsonText]
    _displaced: bytes | None
    _base_cards: dict[int, Application]
    _base_profile: Profile
    _ours: dict[int, deque[Application | None]]

    @property
    def read_only(self) -> bool:
        """True when this Store refuses changes (opened read-only, or see read_only_reason)."""
        return self._read_only or self._read_only_reason is not None

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        callback = self.on_warning
        if callback is not None:
            callback(message)

    def _changed(self, summary: str | None, revert: Callable[[], None] | None) -> None:
        """Bookkeeping after a change in memory (lock held): undo, caches, generation."""
        if summary is not None and revert is not None:
            self._undo.record(summary, revert)
        self._sorted_cache = None
        self._generation += 1
        self._write_requested = True
        self._changed_or_saved.notify_all()

    def _check_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(self.path)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(self.path, f"{self.path} was already closed; this change was not made")

    def _set_profile_raw(self, profile: Profile) -> None:
        """Replace the profile in memory (lock held): the Store's, which holds the tables."""
        raise NotImplementedError

    def _report_disk_change(self, came_in: DiskChange) -> None:
        callback = self.on_disk_change
        if callback is not None and not self._closed:
            callback(came_in)
