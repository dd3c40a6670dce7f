"""The Store: the board in memory and on disk, with undo and safe saving; the only code that
knows TinyDB (with ``MemoryFirstStorage``).

* Every save is atomic (``files.atomic_write``): a crash or a full disk leaves the previous
  file whole.
* One writer at a time: a ``<file>.lock`` held with ``flock`` (the kernel drops it when the
  process dies, so a killed process leaves no stale lock). Others may open read-only.
* Changes live in memory first; a failed save keeps them there until a retry succeeds.
"""

from __future__ import annotations

import atexit
import contextlib
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from tui import files, locking
from tui.model import Application, Profile, application_to_doc
from tui.store import backups
from tui.store.board_file import (
    acquire_lock,
    board_file,
    read_bytes,
    remove_stale_temps,
    unused_name,
)
from tui.store.documents import (
    APPLICATIONS_TABLE,
    JSON_TEXT,
    META_TABLE,
    SCHEMA_VERSION,
    Board,
    JsonText,
    Tables,
    decode,
    document_text,
    empty_board,
    file_pieces,
    serialize,
)
from tui.store.errors import (
    CorruptFileError,
    ReadOnlyError,
    SaveError,
    StoreError,
    UnknownCardError,
)

WRITE_DELAY = 0.06
"""Seconds the background writer waits after a change before it writes (still far within
the 150 ms in which a change must be on disk)."""
UNDO_DEPTH = 100


class MemoryFirstStorage(Storage):
    """A TinyDB storage holding the tables in memory; the Store persists them atomically.

    ``read()`` returns the live tables (never the file), ``write()`` takes TinyDB's result.
    Disk writes are separate (``snapshot()`` then ``persist()``) so that a failed write keeps
    the change in memory and a background thread can write a consistent copy.
    """

    def __init__(self, path: Path, tables: Tables) -> None:
        self.path = path
        self._tables = tables

    def read(self) -> Tables:
        """The live tables."""
        return self._tables

    def write(self, data: Tables) -> None:
        """Take TinyDB's new state (in memory only)."""
        self._tables = data

    def snapshot(self) -> list[JsonText]:
        """The whole board as pieces of indented JSON, consistent at this moment.

        Documents TinyDB changed are turned into text here and kept as text, so the next save
        only serialises what changed since.
        """
        for documents in self._tables.values():
            for doc_id, document in documents.items():
                if not isinstance(document, JSON_TEXT):
                    documents[doc_id] = document_text(document)
        return file_pieces(self._tables)

    def persist(self, content: Sequence[JsonText]) -> None:
        """Write a snapshot atomically."""
        files.atomic_write(self.path, content, durable=True)

    def document(self, table: str, doc_id: int) -> dict[str, Any]:
        """A fresh dict of one stored document (KeyError when there is none)."""
        stored = self._tables[table][str(doc_id)]
        return orjson.loads(stored) if isinstance(stored, JSON_TEXT) else dict(stored)

    def unpack(self, table: str, doc_id: int) -> None:
        """Turn a document kept as text back into a dict, for TinyDB to update in place."""
        documents = self._tables.get(table, {})
        stored = documents.get(str(doc_id))
        if isinstance(stored, JSON_TEXT):
            documents[str(doc_id)] = orjson.loads(stored)


@dataclass(frozen=True, slots=True)
class _UndoEntry:
    summary: str
    revert: Callable[[], None]


class Store:
    """The board on disk: cards, the profile, undo, and safe saving.

    ``background=False`` (CLI, tests): every change returns once it is on disk, or raises
    SaveError (the change stays in memory; a later change or ``retry()`` saves it).
    ``background=True`` (the TUI): changes return at once and one writer thread saves the
    latest state, calling ``on_saved(generation)`` or ``on_save_failed(error)`` from that
    thread. The callbacks may block on the UI thread (``close()`` never waits for them) and
    are not called once ``close()`` has begun. The day's backup is then written by the writer
    thread too, before its first save; a backup that fails is noted in ``warnings``.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        background: bool = False,
        on_saved: Callable[[int], None] | None = None,
        on_save_failed: Callable[[Exception], None] | None = None,
    ) -> None:
        self.path = Path(path)
        """The board's path as given, for messages (it may be a link)."""
        self._file = board_file(self.path)
        """The file actually read and replaced: ``path``, or the target if it is a link."""
        self._read_only = read_only
        self._background = background and not read_only
        self.on_saved = on_saved
        """Called with the generation written, after each successful write (may be reassigned)."""
        self.on_save_failed = on_save_failed
        """Called with the SaveError after a failed write (may be reassigned)."""
        self.warnings: list[str] = []
        self.on_warning: Callable[[str], None] | None = None
        """Called with each warning added after opening, from the thread that found it."""
        """One-line notes from opening (a backup that could not be written, for example; with
        ``background=True`` that note comes from the writer thread, after opening)."""

        self._lock = threading.RLock()
        self._changed_or_saved = threading.Condition(self._lock)
        self._write_order = threading.Lock()
        self._generation = 0
        self._saved_generation = 0
        self._last_error: SaveError | None = None
        self._write_requested = False
        self._writing = False
        self._closed = False
        self._stopping = False
        self._undo: deque[_UndoEntry] = deque(maxlen=UNDO_DEPTH)
        self._sorted_cache: list[Application] | None = None
        self._writer: threading.Thread | None = None
        self._pending_backup: tuple[Path, bytes] | None = None
        """Today's backup and the bytes read at open, until the writer thread has written it."""

        self._file_lock: locking.Lock | None = None
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as error:
                raise StoreError(
                    self.path, f"Cannot create the folder for {self.path}: {error.strerror}"
                ) from error
            if not self._file.parent.is_dir():
                # A link into a folder that is missing (a drive not mounted, a repo not cloned):
                # creating that folder would put the board somewhere the user never looks.
                raise StoreError(
                    self.path,
                    f"{self.path} is a link to {self._file}, whose folder does not exist; "
                    "create the folder or fix the link",
                )
            self._file_lock = acquire_lock(self.path, self._file)
        try:
            board = self._open_board()
        except BaseException:
            self._release_file_lock()
            raise

        self._cards = board.cards
        self._profile = board.profile
        self._meta_doc_id = board.meta_doc_id
        self._next_id = max(board.cards, default=0) + 1
        self._storage = MemoryFirstStorage(self._file, board.tables)
        self._db = TinyDB(storage=_storage_factory(self._storage))
        self._cards_table: Table = self._db.table(APPLICATIONS_TABLE, cache_size=0)
        self._meta_table: Table = self._db.table(META_TABLE, cache_size=0)

        if self._background:
            self._writer = threading.Thread(
                target=self._write_loop, name=f"store-writer:{self.path.name}", daemon=True
            )
            self._writer.start()
            atexit.register(self.close)

    # ------------------------------------------------------------------ opening

    def _open_board(self) -> Board:
        """Read and validate the file; when writable, create, migrate and back it up."""
        if not self._read_only:
            remove_stale_temps(self._file)
        raw = read_bytes(self._file)
        if raw is None or not raw.strip():
            if raw is not None and Store.backups(self._file):
                raise CorruptFileError(self.path, "empty file where a board used to be")
            board = empty_board()
            if not self._read_only:
                self._write_during_open(self._file, serialize(board.tables))
            return board
        board = decode(self.path, raw)
        if self._read_only:
            return board
        migrating = board.found_version < SCHEMA_VERSION
        if migrating:
            name = f"{self._file.name}.pre-migration-v{board.found_version}.bak"
            self._write_during_open(unused_name(self._file.with_name(name)), raw)
        backup = self._daily_backup_path()
        if backup is not None:
            if self._background and not migrating:
                # Copying a large board costs ~40 ms of the first open of a day: the writer
                # thread does it instead, before its first save, so the file it copies is
                # still the one read here (nothing replaces the board until then).
                self._pending_backup = (backup, raw)
            else:
                self._write_daily_backup(backup, raw)
        if migrating:
            self._write_during_open(self._file, serialize(board.tables))
        return board

    def _write_during_open(self, target: Path, content: bytes) -> None:
        """A write while opening; a failure fails the open (SaveError) and loses nothing."""
        try:
            files.atomic_write(target, content, durable=True)
        except OSError as error:
            raise SaveError(self.path, error) from error

    def _daily_backup_path(self) -> Path | None:
        return backups.daily_backup_path(self._file)

    def _write_daily_backup(self, target: Path, raw: bytes) -> None:
        warning = backups.write_daily_backup(self._file, target, raw)
        if warning is not None:
            self._warn(warning)

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        callback = self.on_warning
        if callback is not None:
            callback(message)

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

    @staticmethod
    def backups(path: Path) -> list[Path]:
        """Backups beside ``path``, newest first (see ``backups.backups``)."""
        return backups.backups(path)

    @staticmethod
    def newest_good_backup(path: Path) -> Path | None:
        """The newest backup that would open, or None (see ``backups.newest_good_backup``)."""
        return backups.newest_good_backup(path)

    @staticmethod
    def restore_backup(path: Path, backup: Path) -> Path | None:
        """Put ``backup`` in place of ``path`` (see ``backups.restore_backup``)."""
        return backups.restore_backup(path, backup)

    # ------------------------------------------------------------------ reading

    @property
    def read_only(self) -> bool:
        """True when this Store refuses changes (opened read-only)."""
        return self._read_only

    @property
    def generation(self) -> int:
        """Counts changes made through this Store; on_saved reports which one reached disk."""
        return self._generation

    @property
    def saved_generation(self) -> int:
        """The newest generation known to be on disk."""
        return self._saved_generation

    @property
    def last_save_error(self) -> SaveError | None:
        """The error of the last failed write, or None once a write succeeded."""
        return self._last_error

    def applications(self) -> list[Application]:
        """All cards, ordered by doc_id (a fresh list; the cards themselves are immutable)."""
        with self._lock:
            if self._sorted_cache is None:
                self._sorted_cache = [self._cards[key] for key in sorted(self._cards)]
            return list(self._sorted_cache)

    def get(self, doc_id: int) -> Application:
        """One card by doc_id; UnknownCardError (a KeyError) when there is none."""
        with self._lock:
            try:
                return self._cards[doc_id]
            except KeyError:
                raise UnknownCardError(self.path, doc_id) from None

    def profile(self) -> Profile:
        """The user's profile."""
        return self._profile

    def can_undo(self) -> bool:
        """True when undo() has something to revert."""
        return bool(self._undo) and not self._read_only

    # ------------------------------------------------------------------ changes

    def _document(self, card: Application) -> dict[str, Any]:
        """The card's JSON document, refused before anything changes if it cannot be written."""
        document = application_to_doc(card)
        self._check_encodable(document, f"The card for {card.company!r}")
        return document

    def _check_encodable(self, document: dict[str, Any], what: str) -> None:
        # The encoder refuses some text (a lone surrogate from undecodable bytes, say) only
        # when the whole board is written; finding out then would leave every later save
        # failing, so each new document is tried on its own first.
        try:
            orjson.dumps(document)
        except orjson.JSONEncodeError as error:
            raise StoreError(
                self.path, f"{what} contains text that cannot be saved ({error}); nothing changed"
            ) from error

    def add(self, card: Application, *, summary: str = "Added card") -> Application:
        """Save a new card; returns it with its doc_id (any doc_id it had is ignored)."""
        return self.add_many([card], summary=summary)[0]

    def add_many(
        self, cards: Iterable[Application], *, summary: str | None = None
    ) -> list[Application]:
        """Save several new cards with one write; one undo step removes them all."""
        self._check_writable()
        originals = list(cards)
        # Converting first means a card that cannot be stored changes nothing.
        documents = [self._document(card) for card in originals]
        if not documents:
            return []
        with self._lock:
            self._check_open()
            saved: list[Application] = []
            for card in originals:
                saved.append(replace(card, doc_id=self._next_id))
                self._next_id += 1
            self._insert_raw(saved, documents)
            ids = [card.doc_id for card in saved if card.doc_id is not None]
            label = summary or ("Added card" if len(saved) == 1 else f"Added {len(saved)} cards")
            self._changed(label, lambda: self._remove_raw(ids))
        self._save_after_change()
        return saved

    def put(self, card: Application, *, summary: str = "Edited card") -> Application:
        """Replace the card with the same doc_id; returns it."""
        self._check_writable()
        document = self._document(card)
        with self._lock:
            self._check_open()
            if card.doc_id is None or card.doc_id not in self._cards:
                raise UnknownCardError(self.path, card.doc_id)
            before = self._cards[card.doc_id]
            self._replace_raw(card, document)
            self._changed(summary, lambda: self._replace_raw(before, application_to_doc(before)))
        self._save_after_change()
        return card

    def delete(self, doc_id: int, *, summary: str = "Deleted card") -> Application:
        """Remove a card; returns it (undo brings it back with the same doc_id)."""
        self._check_writable()
        with self._lock:
            self._check_open()
            if doc_id not in self._cards:
                raise UnknownCardError(self.path, doc_id)
            removed = self._cards[doc_id]
            document = self._storage.document(APPLICATIONS_TABLE, doc_id)
            self._remove_raw([doc_id])
            self._changed(summary, lambda: self._insert_raw([removed], [document]))
        self._save_after_change()
        return removed

    def save_profile(self, profile: Profile, *, summary: str = "Edited profile") -> None:
        """Replace the user's profile."""
        self._check_writable()
        self._check_encodable(profile.to_dict(), "The profile")
        with self._lock:
            self._check_open()
            before = self._profile
            self._set_profile_raw(profile)
            self._changed(summary, lambda: self._set_profile_raw(before))
        self._save_after_change()

    def undo(self) -> str | None:
        """Revert the last change and save; returns its summary, or None when there is none."""
        self._check_writable()
        with self._lock:
            self._check_open()
            if not self._undo:
                return None
            entry = self._undo.pop()
            entry.revert()
            self._changed(None, None)
        self._save_after_change()
        return entry.summary

    # The *_raw helpers change memory only; callers hold the lock and record the change.

    def _insert_raw(self, cards: list[Application], documents: list[dict[str, Any]]) -> None:
        self._cards_table.insert_multiple(
            Document(document, doc_id=card.doc_id)
            for card, document in zip(cards, documents, strict=True)
            if card.doc_id is not None
        )
        for card in cards:
            if card.doc_id is not None:
                self._cards[card.doc_id] = card

    def _replace_raw(self, card: Application, document: dict[str, Any]) -> None:
        assert card.doc_id is not None
        # TinyDB updates the stored dict in place (keys this version does not know survive).
        self._storage.unpack(APPLICATIONS_TABLE, card.doc_id)
        self._cards_table.update(document, doc_ids=[card.doc_id])
        self._cards[card.doc_id] = card

    def _remove_raw(self, doc_ids: list[int]) -> None:
        self._cards_table.remove(doc_ids=doc_ids)
        for doc_id in doc_ids:
            self._cards.pop(doc_id, None)

    def _set_profile_raw(self, profile: Profile) -> None:
        self._storage.unpack(META_TABLE, self._meta_doc_id)
        self._meta_table.update({"profile": profile.to_dict()}, doc_ids=[self._meta_doc_id])
        self._profile = profile

    def _changed(self, summary: str | None, revert: Callable[[], None] | None) -> None:
        """Bookkeeping after a change in memory (lock held): undo, caches, generation."""
        if summary is not None and revert is not None:
            self._undo.append(_UndoEntry(summary, revert))
        self._sorted_cache = None
        self._generation += 1
        self._write_requested = True
        self._changed_or_saved.notify_all()

    def _check_writable(self) -> None:
        if self._read_only:
            raise ReadOnlyError(self.path)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(self.path, f"{self.path} was already closed; this change was not made")

    # ------------------------------------------------------------------ saving

    def _save_after_change(self) -> None:
        """In foreground mode write now (raising SaveError); in background mode the writer does."""
        if not self._background:
            self._write_latest()

    def _write_latest(self) -> None:
        """Write the current state once, in order with any other write; report the outcome."""
        with self._write_order:
            # The board file is replaced only once the backup of what was read is on disk.
            self._write_pending_backup()
            with self._lock:
                generation = self._generation
                self._write_requested = False
                if generation == self._saved_generation:
                    return
                self._writing = True
                content: list[JsonText] | Exception
                try:
                    content = self._storage.snapshot()
                except Exception as error:  # a snapshot that cannot be made is a failed save
                    content = error
            failure: SaveError | None = None
            try:
                if isinstance(content, Exception):
                    raise content
                self._storage.persist(content)
            except Exception as error:
                failure = SaveError(self.path, error)
            with self._lock:
                self._writing = False
                if failure is not None:
                    self._last_error = failure
                else:
                    self._saved_generation = max(self._saved_generation, generation)
                    if self._saved_generation == self._generation:
                        self._last_error = None
                self._changed_or_saved.notify_all()
        # Once close() has begun nobody is listening (a UI may already be gone).
        if failure is not None:
            if self.on_save_failed is not None and not self._closed:
                self.on_save_failed(failure)
            raise failure from failure.cause
        if self.on_saved is not None and not self._closed:
            self.on_saved(generation)

    def _write_loop(self) -> None:
        """The background writer: one write per wake-up, of the newest state (bursts coalesce)."""
        with self._write_order:
            self._write_pending_backup()
        while True:
            with self._lock:
                while not self._write_requested and not self._stopping:
                    self._changed_or_saved.wait()
                if not self._write_requested:
                    return
                stopping = self._stopping
            if not stopping:
                # A moment's grace: the UI thread draws the change before this thread takes
                # the GIL to serialise the board, and a burst of changes becomes one write.
                time.sleep(WRITE_DELAY)
            try:
                self._write_latest()
            except SaveError:
                pass  # reported through on_save_failed; the next change or retry() writes again
            except Exception:
                # A callback that raised must not stop saving for the rest of the session.
                report = (*sys.exc_info(), threading.current_thread())
                threading.excepthook(threading.ExceptHookArgs(report))

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

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Save what is pending (best effort), stop the writer, release the lock. Idempotent."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._stopping = True
            self._changed_or_saved.notify_all()
        if self._writer is not None:
            atexit.unregister(self.close)
        # Write here rather than join the writer: it may be inside a callback that waits for
        # the very thread calling close() (a UI's call_from_thread). The write order lock still
        # lets a write in progress finish first; the writer then finds nothing left to do.
        if not self._read_only:
            with contextlib.suppress(SaveError):
                self._write_latest()
        self._db.close()
        self._release_file_lock()

    def _release_file_lock(self) -> None:
        if self._file_lock is not None:
            with contextlib.suppress(Exception):
                self._file_lock.release()
            self._file_lock = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _storage_factory(storage: MemoryFirstStorage) -> Callable[..., MemoryFirstStorage]:
    """TinyDB builds its storage from a callable; hand it the one we already made."""

    def build(*_args: Any, **_kwargs: Any) -> MemoryFirstStorage:
        return storage

    return build
