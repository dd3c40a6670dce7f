"""Saving: every change written atomically, in order, by the caller (foreground) or by one
writer thread (background), after merging what changed on disk since the last look.

``_write_latest`` is the one write: the lock taken again if it was lost, the file's changes
merged in (``disk_changes``), a consistent snapshot written with ``files.atomic_write`` and the
outcome reported. A failed write keeps everything in memory until a later one succeeds.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from tui import locking
from tui.model import Application
from tui.store import backups
from tui.store.board_file import lock_path
from tui.store.disk_changes import ChangedUnderneath, DiskChanges
from tui.store.documents import JsonText
from tui.store.errors import LockedError, SaveError, StoreError
from tui.store.sync import DiskChange, Signature

WRITE_DELAY = 0.06
"""Seconds the background writer waits after a change before it writes (still far within
the 150 ms in which a change must be on disk)."""
WRITE_ATTEMPTS = 5
"""Merges a save tries when the file keeps changing underneath, before it waits a moment."""
DISPLACEMENTS = 20
"""Writes in a row that may each find they displaced someone else's file (and write again
with it merged) before the rest is left to the next write."""
LOCK_WAIT = 5.0
"""Seconds a save waits for a lock someone else took after ours was deleted (a CLI command
holds it for milliseconds)."""


class Writer(DiskChanges):
    """The Store's part that writes: the save after each change, the writer thread, waiting
    for a save (``flush``) and trying again (``retry``)."""

    def _write_daily_backup(self, target: Path, raw: bytes) -> None:
        warning = backups.write_daily_backup(self._file, target, raw)
        if warning is not None:
            self._warn(warning)

    def _write_pending_backup(self) -> None:
        """Write the backup left to the writer thread, if any (caller holds ``_write_order``)."""
        with self._lock:
            pending = self._pending_backup
        if pending is None:
            return
        try:
            self._write_daily_backup(*pending)
        except Exception as error:  # the writer thread must go on to save whatever happens here
            self._warn(f"Could not write the backup {pending[0]}: {error}")
        finally:
            with self._lock:
                self._pending_backup = None
                self._changed_or_saved.notify_all()

    # ------------------------------------------------------------------ backups

    def _save_after_change(self) -> None:
        """In foreground mode write now (raising SaveError); in background mode the writer does."""
        if not self._background:
            self._write_latest()

    def _write_latest(self) -> None:
        """Write the current state once, in order with any other write; report the outcome.

        First the file is compared with what this Store last read or wrote, and whatever
        someone else changed there is merged in (see ``sync``): a save never reverts it.
        """
        came_in: DiskChange | None = None
        with self._write_order:
            # The board file is replaced only once the backup of what was read is on disk.
            self._write_pending_backup()
            with self._lock:
                self._write_requested = False
                if self._generation == self._saved_generation:
                    return
                self._writing = True
            attempt = displacements = 0
            while True:
                failure: SaveError | None = None
                try:
                    self._hold_lock_again()
                    came_in = self._merge_from_disk() or came_in
                    if self._read_only_reason is not None:
                        raise StoreError(self.path, self._read_only_reason)
                except StoreError as error:
                    failure = SaveError(self.path, error)
                with self._lock:
                    generation = self._generation
                    content: list[JsonText] | Exception = failure or RuntimeError()
                    if failure is None:
                        try:
                            content = self._storage.snapshot()
                        except Exception as error:  # a snapshot that cannot be made: failed
                            content = error
                    written = {doc_id: self._cards.get(doc_id) for doc_id in self._unsaved_ids}
                    self._unsaved_ids = set()
                try:
                    if isinstance(content, Exception):
                        raise content
                    # Checked again just before the rename: a file replaced since the merge
                    # above is merged too, rather than renamed over; one replaced in the
                    # instant between that check and the rename is displaced, and merged.
                    status = self._storage.persist(content, self._unchanged, self._note_displaced)
                except ChangedUnderneath as error:
                    with self._lock:
                        self._unsaved_ids.update(written)
                    attempt += 1
                    if attempt < WRITE_ATTEMPTS:
                        continue
                    # Never renamed over unread: the writer tries again in a moment.
                    failure = SaveError(self.path, error)
                    with self._lock:
                        self._write_requested = self._background
                except Exception as error:
                    failure = error if isinstance(error, SaveError) else SaveError(self.path, error)
                if failure is None:
                    assert not isinstance(content, Exception)
                    self._written(status, content, written, generation)
                    if self._displaced is not None:
                        came_in = self._take_in_displaced() or came_in
                        displacements += 1
                        with self._lock:
                            again = self._saved_generation < self._generation
                        if again and displacements < DISPLACEMENTS:
                            continue  # what the displaced file brought is written at once
                break
            with self._lock:
                self._writing = False
                if failure is not None:
                    self._last_error = failure
                    self._unsaved_ids.update(written)
                self._changed_or_saved.notify_all()
        # Once close() has begun nobody is listening (a UI may already be gone).
        if came_in is not None:
            self._report_disk_change(came_in)
        if failure is not None:
            if self.on_save_failed is not None and not self._closed:
                self.on_save_failed(failure)
            raise failure from failure.cause
        if self.on_saved is not None and not self._closed:
            self.on_saved(generation)

    def _written(
        self,
        status: os.stat_result,
        content: Sequence[JsonText],
        written: dict[int, Application | None],
        generation: int,
    ) -> None:
        """Bookkeeping after a successful write of ``generation``."""
        with self._lock:
            self._signature, self._known = Signature.of(status), content
            self._remember_written(written)
            self._saved_generation = max(self._saved_generation, generation)
            if self._saved_generation == self._generation:
                self._last_error = None
            self._changed_or_saved.notify_all()

    def _write_loop(self) -> None:
        """The background writer: one write per wake-up, of the newest state (bursts coalesce);
        with a ``watch_interval``, a look at the file whenever it has been idle that long."""
        with self._write_order:
            self._write_pending_backup()
        while True:
            with self._lock:
                idle = False
                while not self._write_requested and not self._stopping and not idle:
                    idle = not self._changed_or_saved.wait(self._watch_interval)
                if not self._write_requested and not idle:
                    return
                stopping = self._stopping
            try:
                if not self._write_requested:
                    self.check_disk()
                    continue
                if not stopping:
                    # A moment's grace: the UI thread draws the change before this thread takes
                    # the GIL to serialise the board, and a burst of changes becomes one write.
                    time.sleep(WRITE_DELAY)
                self._write_latest()
            except StoreError:
                pass  # reported through the callbacks; the next change or retry() writes again
            except Exception:
                # A callback that raised must not stop saving for the rest of the session.
                report = (*sys.exc_info(), threading.current_thread())
                threading.excepthook(threading.ExceptHookArgs(report))

    def _hold_lock_again(self) -> None:
        """Before a write: if the lock file was deleted or replaced while open (cleanup and
        sync tools do that), take the lock again, waiting for whoever holds the new one."""
        if self._file_lock is None:
            return
        lock_file = lock_path(self._file)
        if self._file_lock.still_held(lock_file):
            return
        self._file_lock.release()
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                self._file_lock = locking.acquire(lock_file)
                return
            except locking.AlreadyLocked as error:
                if time.monotonic() > deadline:
                    raise LockedError(self.path) from error
                time.sleep(0.02)
            except OSError as error:
                raise StoreError(self.path, f"Cannot lock {self.path}: {error.strerror}") from error

    def flush(self, timeout: float | None = None) -> None:
        """Wait until every change (and the day's backup) is on disk; SaveError if the last
        write failed or the wait timed out."""
        if not self._background:
            with self._lock:
                if self._saved_generation < self._generation:
                    raise self._last_error or SaveError(self.path, RuntimeError("not saved yet"))
            return
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            while self._saved_generation < self._generation or self._pending_backup is not None:
                idle = not self._write_requested and not self._writing
                unsaved = self._saved_generation < self._generation
                if unsaved and idle and self._last_error is not None:
                    raise self._last_error
                if unsaved and idle and (self._stopping or self._writer is None):
                    raise SaveError(self.path, RuntimeError("the writer has stopped"))
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise SaveError(self.path, TimeoutError("saving is taking too long"))
                self._changed_or_saved.wait(remaining)

    def retry(self) -> None:
        """Try writing again after a failure (foreground: now, raising SaveError on failure)."""
        self._check_writable()
        if self._background:
            with self._lock:
                self._write_requested = True
                self._changed_or_saved.notify_all()
            return
        self._write_latest()
