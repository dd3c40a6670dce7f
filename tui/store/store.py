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
import hashlib
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from tui import files, locking
from tui.model import Application, Profile, application_from_doc, application_to_doc
from tui.store import backups
from tui.store.board_file import (
    acquire_lock,
    board_file,
    lock_path,
    read_with_signature,
    remove_stale_temps,
    timestamp,
    unused_name,
)
from tui.store.documents import (
    APPLICATIONS_TABLE,
    CONFLICTS_TABLE,
    JSON_TEXT,
    META_TABLE,
    SCHEMA_VERSION,
    YEARS,
    Board,
    JsonText,
    Tables,
    date_problem,
    decode,
    document_text,
    empty_board,
    file_pieces,
    serialize,
)
from tui.store.errors import (
    CorruptFileError,
    LockedError,
    NewerSchemaError,
    ReadOnlyError,
    SaveError,
    StoreError,
    UnknownCardError,
)
from tui.store.sync import (
    MERGED_SUFFIX,
    DiskChange,
    Merge,
    Signature,
    apply_merge,
    conflict_copies,
    holds,
    merge,
    read_conflict,
    same_content,
)
from tui.text_safety import clean_document

WRITE_DELAY = 0.06
"""Seconds the background writer waits after a change before it writes (still far within
the 150 ms in which a change must be on disk)."""
UNDO_DEPTH = 100
WRITE_ATTEMPTS = 5
"""Merges a save tries when the file keeps changing underneath, before it waits a moment."""
OWN_VERSIONS = 16
"""Versions of one card remembered as this Store's own (see ``sync.merge``)."""
DISPLACEMENTS = 20
"""Writes in a row that may each find they displaced someone else's file (and write again
with it merged) before the rest is left to the next write."""
LOCK_WAIT = 5.0
"""Seconds a save waits for a lock someone else took after ours was deleted (a CLI command
holds it for milliseconds)."""


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

    def persist(
        self,
        content: Sequence[JsonText],
        before_replace: Callable[[os.stat_result | None], None] | None = None,
        displaced: Callable[[Path], None] | None = None,
    ) -> os.stat_result:
        """Write a snapshot atomically; the status of the file written (for the callbacks, see
        ``files.atomic_write``)."""
        return files.atomic_write(
            self.path,
            content,
            durable=True,
            before_replace=before_replace,
            displaced=displaced,
        )

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


class _ChangedUnderneath(Exception):
    """The board file changed between the merge and the rename: merge again."""

    def __str__(self) -> str:
        return "the board file keeps changing on disk; trying again"


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
        watch_interval: float | None = None,
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
        self._watch_interval = watch_interval if self._background else None
        """With ``background=True``, the writer thread also looks at the file this often."""
        self.on_disk_change: Callable[[DiskChange], None] | None = None
        """Called with what came in whenever a change made elsewhere was merged (or made the
        board read-only), from the thread that found it; the cards are already updated."""
        self._read_only_reason: str | None = None
        self._signature: Signature | None = None
        """The file as last read or written here, to notice changes made by someone else."""
        self._known: bytes | str | Sequence[JsonText] = b""
        """Its content: the bytes read, the pieces written, or a SHA-256 of what was read."""
        self._displaced: bytes | None = None
        """Someone else's file that the last write replaced in the instant after its check."""

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
            if files.shared_folder(self._file.parent):
                self.warnings.append(
                    f"{self._file.parent} can be written by every user: they could replace "
                    "or remove the board there; keep it in a folder of your own"
                )
        try:
            board = self._open_board()
        except BaseException:
            self._release_file_lock()
            raise

        self._cards = board.cards
        self._profile = board.profile
        self._base_cards: dict[int, Application] = dict(board.cards)
        self._base_profile = board.profile
        """The version last read from the file, which both sides had: what a merge compares
        against (this Store's own writes may never have reached the other side)."""
        self._unsaved_ids: set[int] = set()
        """Cards changed since the last write began."""
        self._ours: dict[int, deque[Application | None]] = {}
        """Versions of each card this Store has written, which the file may hand back."""
        self._conflicts: dict[int, Application] = {}
        for key, document in board.tables.get(CONFLICTS_TABLE, {}).items():
            theirs = read_conflict(int(key), document) if key.isdigit() else None
            if theirs is not None and int(key) in board.cards:
                self._conflicts[int(key)] = theirs
        self._meta_doc_id = board.meta_doc_id
        self._next_id = max(board.cards.keys() | board.damaged.keys(), default=0) + 1
        for problem in board.damaged.values():
            self.warnings.append(
                f"{self.path}: {problem}; it is kept in the file as it is but not shown "
                f"(dates must fall between {YEARS[0]} and {YEARS[1]})"
            )
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
        read = read_with_signature(self._file)
        raw = None if read is None else read[0]
        if raw is None or not raw.strip():
            if raw is not None and Store.backups(self._file):
                raise CorruptFileError(self.path, "empty file where a board used to be")
            board = empty_board()
            if not self._read_only:
                self._write_during_open(self._file, serialize(board.tables))
            return board
        assert read is not None
        self._signature, self._known = Signature.of(read[1], read[2]), raw
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
            status = files.atomic_write(target, content, durable=True)
        except OSError as error:
            raise SaveError(self.path, error) from error
        if target == self._file:
            self._signature, self._known = Signature.of(status), content

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
        """True when this Store refuses changes (opened read-only, or see read_only_reason)."""
        return self._read_only or self._read_only_reason is not None

    @property
    def read_only_reason(self) -> str | None:
        """Why writing stopped while open (a newer format arrived on disk), or None."""
        return self._read_only_reason

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

    def _document(self, card: Application) -> tuple[Application, dict[str, Any]]:
        """The card as it is kept and its JSON document, refused before anything changes if it
        cannot be written.

        Its text is cleaned as text read from a file is (tui.text_safety), so the card in
        memory, the one on disk and the one read back are the same.
        """
        problem = date_problem(card)
        if problem is not None:
            raise StoreError(
                self.path,
                f"The card for {card.company!r} has {problem}: dates must fall between "
                f"{YEARS[0]} and {YEARS[1]}; nothing changed",
            )
        document = application_to_doc(card)
        cleaned = clean_document(document)
        if cleaned is not document:
            card, document = application_from_doc(cleaned, card.doc_id), cleaned
        self._check_encodable(document, f"The card for {card.company!r}")
        return card, document

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
        # Converting first means a card that cannot be stored changes nothing.
        converted = [self._document(card) for card in cards]
        if not converted:
            return []
        originals = [card for card, _ in converted]
        documents = [document for _, document in converted]
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
        card, document = self._document(card)
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
        document = profile.to_dict()
        cleaned = clean_document(document)
        if cleaned is not document:
            profile = Profile.from_dict(cleaned)
        self._check_encodable(cleaned, "The profile")
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
                self._unsaved_ids.add(card.doc_id)

    def _replace_raw(self, card: Application, document: dict[str, Any]) -> None:
        assert card.doc_id is not None
        # TinyDB updates the stored dict in place (keys this version does not know survive).
        self._storage.unpack(APPLICATIONS_TABLE, card.doc_id)
        self._cards_table.update(document, doc_ids=[card.doc_id])
        self._cards[card.doc_id] = card
        self._unsaved_ids.add(card.doc_id)

    def _remove_raw(self, doc_ids: list[int]) -> None:
        self._cards_table.remove(doc_ids=doc_ids)
        for doc_id in doc_ids:
            self._cards.pop(doc_id, None)
            self._unsaved_ids.add(doc_id)

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
        if self.read_only:
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
                except _ChangedUnderneath as error:
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

    # ------------------------------------------------------------------ changes made elsewhere

    def check_disk(self) -> DiskChange | None:
        """Look at the file now (a ``stat``, which costs microseconds); when someone else
        changed it, merge that in and return what came in (also told to ``on_disk_change``).
        StoreError when the file on disk cannot be read."""
        with self._write_order:
            if self._closed:
                return None
            came_in = self._merge_from_disk()
        if came_in is not None:
            self._report_disk_change(came_in)
        return came_in

    def conflicts(self) -> dict[int, Application]:
        """Cards changed both here and elsewhere: the other version by doc_id (this one is
        ``get(doc_id)``), until ``resolve_conflict`` keeps one."""
        with self._lock:
            return dict(self._conflicts)

    def in_conflict(self, doc_id: int | None) -> bool:
        """True while this card has another version to resolve (see ``conflicts``)."""
        with self._lock:
            return doc_id in self._conflicts

    def resolve_conflict(
        self, doc_id: int, keep: Literal["mine", "theirs"], *, summary: str | None = None
    ) -> Application:
        """Keep this copy's version of a conflicting card (``mine``) or the other (``theirs``)
        and save; returns the card kept. Undo brings the conflict back."""
        self._check_writable()
        with self._lock:
            self._check_open()
            if doc_id not in self._conflicts or doc_id not in self._cards:
                raise UnknownCardError(self.path, doc_id)
            mine, theirs = self._cards[doc_id], self._conflicts[doc_id]
            self._set_conflict_raw(doc_id, None)
            # Either way the card becomes a new object (if an equal one): a view that keeps
            # drawn cards by identity draws it again, with or without its conflict flag.
            kept = theirs if keep == "theirs" else replace(mine)
            self._replace_raw(kept, application_to_doc(kept))

            def revert() -> None:
                again = replace(mine)
                self._replace_raw(again, application_to_doc(again))
                self._set_conflict_raw(doc_id, theirs)

            label = summary or f"Kept {'this' if keep == 'mine' else 'the other'} version"
            self._changed(label, revert)
        self._save_after_change()
        return kept

    def conflict_copies(self) -> list[Path]:
        """Sync tools' conflict copies of the board beside it (never deleted here)."""
        return conflict_copies(self._file)

    def merge_copy(self, copy: Path) -> DiskChange:
        """Merge a conflict copy (or any board file) into this board, card by card, and save:
        nothing is deleted, a card that differs becomes a conflict. The copy is left as it
        is; StoreError when it cannot be read."""
        self._check_writable()
        read = read_with_signature(Path(copy))
        if read is None:
            raise StoreError(copy, f"{copy} does not exist")
        board = decode(Path(copy), read[0])
        with self._lock:
            self._check_open()
            result = merge(
                None,
                self._cards,
                board.cards,
                ours=self._ours,
                base_profile=None,
                my_profile=self._profile,
                their_profile=board.profile,
            )
            came_in = self._apply(result, board, source=f"{Path(copy).name} merged")
            self._changed(None, None)
        self._save_after_change()
        return came_in

    def set_copy_aside(self, copy: Path) -> Path:
        """Rename a merged conflict copy to ``<name>.merged`` (a free name), where it is kept
        but not offered again; returns the new path. StoreError when it cannot be renamed, or
        is not one of ``conflict_copies()``."""
        copy = self._own_copy(copy)
        target = unused_name(copy.with_name(copy.name + MERGED_SUFFIX))
        try:
            os.rename(copy, target)
        except OSError as error:
            raise StoreError(copy, f"Cannot rename {copy}: {error.strerror or error}") from error
        return target

    def delete_copy(self, copy: Path) -> None:
        """Delete a conflict copy (only when the user said so, after merging it). StoreError
        when it cannot be deleted, or is not one of ``conflict_copies()``."""
        copy = self._own_copy(copy)
        try:
            os.unlink(copy)
        except OSError as error:
            raise StoreError(copy, f"Cannot delete {copy}: {error.strerror or error}") from error

    def _own_copy(self, copy: Path) -> Path:
        copy = Path(copy)
        if copy not in self.conflict_copies():
            raise StoreError(copy, f"{copy} is not a conflict copy of {self.path}; left alone")
        return copy

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

    def _merge_from_disk(self) -> DiskChange | None:
        """Merge what someone else wrote to the file since this Store last read or wrote it
        (caller holds ``_write_order``); None when nothing changed there."""
        looked_ns = time.time_ns()
        try:
            status: os.stat_result | None = os.stat(self._file)
        except FileNotFoundError:
            status = None
        except OSError as error:
            raise StoreError(self.path, f"Cannot read {self.path}: {error.strerror}") from error
        known = self._signature
        if status is None or (known is not None and known.same_status(status)):
            if status is None or not known or not known.racy:
                return None
            if same_content(self._file, self._known):
                settled = Signature.of(status, looked_ns)
                if not settled.racy:
                    self._signature = settled  # no need to compare again
                return None
        read = read_with_signature(self._file)
        if read is None or not read[0].strip():
            return None  # gone or emptied: nothing there to keep; the next save writes it
        raw, status, looked_ns = read
        try:
            board = decode(self.path, raw)
        except NewerSchemaError as error:
            with self._lock:
                self._stop_writing(error)
                self._signature = Signature.of(status, looked_ns)
            return DiskChange(read_only_reason=self._read_only_reason)
        except CorruptFileError as error:
            raise StoreError(
                self.path, f"{error.message}; another program changed it, so it is not saved over"
            ) from error
        return self._take_in(board, Signature.of(status, looked_ns), raw)

    def _stop_writing(self, error: NewerSchemaError) -> None:
        self._read_only_reason = (
            f"a newer followup-tui wrote this board (file format {error.found}); "
            "nothing more is saved here, your changes are kept until you quit "
            "and can be exported"
        )

    def _take_in(self, board: Board, signature: Signature | None, raw: bytes) -> DiskChange | None:
        """Merge ``board``, read from the file as ``signature`` says, into this one (caller
        holds ``_write_order``); what came in, or None when nothing did.

        ``signature`` None: a file this Store's last write displaced in the instant before it
        (see ``_note_displaced``). What it brings is then on disk nowhere, so it is written.
        """
        with self._lock:
            theirs, set_aside = board.cards, []
            for doc_id in board.damaged:
                if doc_id in self._cards and self._cards[doc_id] != self._base_cards.get(doc_id):
                    theirs = {**theirs, doc_id: self._cards[doc_id]}  # changed here: kept
                else:
                    set_aside.append(doc_id)
            result = merge(
                self._base_cards,
                self._cards,
                theirs,
                base_profile=self._base_profile,
                ours=self._ours,
                my_profile=self._profile,
                their_profile=board.profile,
            )
            came_in = self._apply(result, board)
            if signature is None:
                if result.brings_anything or board.damaged:
                    self._changed(None, None)
            elif result.keeps_own and self._saved_generation == self._generation:
                # What was written here earlier is missing from the file (an older copy was
                # renamed over it): write the merged board again.
                self._changed(None, None)
            documents = self._storage.read().setdefault(APPLICATIONS_TABLE, {})
            for doc_id in set_aside:
                # A card the other side damaged (a date out of range): its document is kept as
                # written there, the card is set aside here too, and the user is told.
                document = board.tables[APPLICATIONS_TABLE][str(doc_id)]
                documents[str(doc_id)] = (
                    bytes(document) if isinstance(document, memoryview) else document
                )
                self._cards.pop(doc_id, None)
                self._next_id = max(self._next_id, doc_id + 1)
                self._sorted_cache = None
            if signature is not None:
                # What both sides now have. Not so for a displaced file: what is on disk is this
                # Store's write, which lacked it, and the next writer may start from either.
                self._base_cards, self._base_profile = dict(board.cards), board.profile
                self._signature, self._known = signature, hashlib.sha256(raw).hexdigest()
        for doc_id in set_aside:
            self._warn(f"{self.path}: {board.damaged[doc_id]}; it is kept in the file as it is")
        return came_in if result.brings_anything else None

    def _note_displaced(self, old: Path) -> None:
        """Called by the write with the file it has just replaced, now at a temp name that is
        deleted on return (see ``files.atomic_write``). Normally that is the file this Store
        last read or wrote. When it is not, someone renamed theirs over it or wrote into it
        in the instant between the last look and the rename: its bytes are kept, to be merged
        and written (``_take_in_displaced``). Must not raise."""
        known = self._signature
        try:
            with old.open("rb") as stream:
                status = os.fstat(stream.fileno())
                if known is not None and known.same_status(status) and not known.racy:
                    return
                raw = stream.read()
        except OSError as error:
            self._keep_aside(old, f"could not be read ({error.strerror or error})")
            return
        if known is not None and known.same_status(status) and holds(raw, self._known):
            return
        self._displaced = raw

    def _take_in_displaced(self) -> DiskChange | None:
        """Merge the file the last write displaced, if it was someone else's (caller holds
        ``_write_order``); what came in."""
        raw, self._displaced = self._displaced, None
        if raw is None or not raw.strip():
            return None
        try:
            board = decode(self.path, raw)
        except NewerSchemaError as error:
            # A newer followup-tui's file, replaced in that instant: it is put back as it was.
            with self._lock:
                self._stop_writing(error)
            try:
                status = files.atomic_write(self._file, raw, durable=True)
            except OSError:
                self._keep_aside(raw, f"is in a newer file format ({error.found})")
            else:
                self._signature, self._known = Signature.of(status), raw
            return DiskChange(read_only_reason=self._read_only_reason)
        except CorruptFileError:
            # Caught half-written by an editor writing in place: kept beside the board.
            self._keep_aside(raw, "was being written by another program when it was saved over")
            return None
        return self._take_in(board, None, raw)

    def _keep_aside(self, what: Path | bytes, why: str) -> None:
        """Keep a displaced file that cannot be merged beside the board, and say so."""
        name = f"{self._file.name}.replaced-{timestamp()}"
        target = unused_name(self._file.with_name(name))
        try:
            if isinstance(what, Path):
                os.rename(what, target)
            else:
                files.atomic_write(target, what, durable=True)
        except OSError as error:
            self._warn(
                f"{self.path} was changed by another program as it was saved; its "
                f"version {why} and could not be kept ({error.strerror or error})"
            )
            return
        self._warn(
            f"{self.path} was changed by another program as it was saved; its version "
            f"{why}, so it is kept as {target}"
        )

    def _apply(self, result: Merge, board: Board, source: str | None = None) -> DiskChange:
        """Make a merge's changes in memory (lock held)."""
        tables = self._storage.read()
        came_in, self._next_id = apply_merge(
            result,
            tables=tables,
            cards=self._cards,
            conflicts=self._conflicts,
            their_tables=board.tables,
            next_id=self._next_id,
            **({"source": source} if source else {}),
        )
        if result.profile is not None:
            self._set_profile_raw(result.profile)
        if result.brings_anything:
            # Undo steps name cards as they were before; after a change from elsewhere they
            # could revert it, so the history starts over.
            self._undo.clear()
            self._sorted_cache = None
            self._changed_or_saved.notify_all()
        return came_in

    def _unchanged(self, status: os.stat_result | None) -> None:
        """Raise _ChangedUnderneath when the file about to be replaced is no longer the one
        last read or written."""
        known = self._signature
        if status is not None and known is not None and not known.same_status(status):
            raise _ChangedUnderneath

    def _remember_written(self, written: dict[int, Application | None]) -> None:
        """Note the versions of the cards this write changed (lock held)."""
        for doc_id, card in written.items():
            self._ours.setdefault(doc_id, deque(maxlen=OWN_VERSIONS)).append(card)

    def _set_conflict_raw(self, doc_id: int, theirs: Application | None) -> None:
        tables = self._storage.read()
        stored = tables.setdefault(CONFLICTS_TABLE, {})
        if theirs is None:
            self._conflicts.pop(doc_id, None)
            stored.pop(str(doc_id), None)
            if not stored:
                del tables[CONFLICTS_TABLE]  # no empty table left in the file
        else:
            self._conflicts[doc_id] = theirs
            stored[str(doc_id)] = application_to_doc(theirs)

    def _report_disk_change(self, came_in: DiskChange) -> None:
        callback = self.on_disk_change
        if callback is not None and not self._closed:
            callback(came_in)

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
