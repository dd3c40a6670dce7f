"""The Store: the board in memory and on disk, with undo and safe saving; the only code that
knows TinyDB (with ``MemoryFirstStorage``).

* Every save is atomic (``files.atomic_write``): a crash or a full disk leaves the previous
  file whole.
* One writer at a time: a ``<file>.lock`` held with ``flock`` (the kernel drops it when the
  process dies, so a killed process leaves no stale lock). Others may open read-only.
* Changes live in memory first; a failed save keeps them there until a retry succeeds.

The Store is built in layers, one concern each: ``state`` (what they share), ``disk_changes``
(merging what someone else wrote to the file), ``writer`` (saving, the writer thread) and this
module (opening, the cards and the changes to them, conflicts, closing); ``opening`` reads the
file and ``undo`` keeps the history.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from tui import files, locking
from tui.model import Application, Profile
from tui.model_docs import application_from_doc, application_to_doc
from tui.store import backups
from tui.store.board_file import acquire_lock, board_file, read_with_signature, unused_name
from tui.store.documents import (
    APPLICATIONS_TABLE,
    CONFLICTS_TABLE,
    JSON_TEXT,
    META_TABLE,
    YEARS,
    JsonText,
    Tables,
    date_problem,
    decode,
    document_text,
    file_pieces,
)
from tui.store.errors import SaveError, StoreError, UnknownCardError
from tui.store.opening import open_board
from tui.store.sync import (
    MERGED_SUFFIX,
    DiskChange,
    conflict_copies,
    merge,
    read_conflict,
)
from tui.store.undo import UNDO_DEPTH, UndoHistory
from tui.store.writer import WRITE_DELAY, Writer
from tui.text_safety import clean_document

__all__ = ["UNDO_DEPTH", "WRITE_DELAY", "MemoryFirstStorage", "Store"]


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


class Store(Writer):
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
        self._undo = UndoHistory(UNDO_DEPTH)
        self._sorted_cache: list[Application] | None = None
        self._writer: threading.Thread | None = None
        self._watch_interval = watch_interval if self._background else None
        """With ``background=True``, the writer thread also looks at the file this often."""
        self.on_disk_change: Callable[[DiskChange], None] | None = None
        """Called with what came in whenever a change made elsewhere was merged (or made the
        board read-only), from the thread that found it; the cards are already updated."""
        self._read_only_reason: str | None = None
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
            opened = open_board(
                self.path, self._file, read_only=self._read_only, background=self._background
            )
        except BaseException:
            self._release_file_lock()
            raise
        self._signature = opened.signature
        """The file as last read or written here, to notice changes made by someone else."""
        self._known = opened.known
        """Its content: the bytes read, the pieces written, or a SHA-256 of what was read."""
        self._pending_backup = opened.pending_backup
        """Today's backup and the bytes read at open, until the writer thread has written it."""
        self.warnings.extend(opened.warnings)
        board = opened.board

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

    # ------------------------------------------------------------------ conflicts

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
