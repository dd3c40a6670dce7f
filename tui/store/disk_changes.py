"""Changes made to the board file elsewhere, taken in by the Store: a look at the file before
every save (and on a cheap poll), and what someone else wrote merged into memory card by card
(the merge itself is ``sync``'s), so that a save never reverts it.

A file renamed over the board in the instant between the last look and this Store's own
rename is *displaced*: the write gets it back, and it is merged and written at once.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections import deque
from pathlib import Path

from tui import files
from tui.model import Application
from tui.store.board_file import read_with_signature, timestamp, unused_name
from tui.store.documents import APPLICATIONS_TABLE, Board, decode
from tui.store.errors import CorruptFileError, NewerSchemaError, StoreError
from tui.store.state import StoreState
from tui.store.sync import DiskChange, Merge, Signature, apply_merge, holds, merge, same_content

OWN_VERSIONS = 16
"""Versions of one card remembered as this Store's own (see ``sync.merge``)."""


class ChangedUnderneath(Exception):
    """The board file changed between the merge and the rename: merge again."""

    def __str__(self) -> str:
        return "the board file keeps changing on disk; trying again"


class DiskChanges(StoreState):
    """The Store's part that notices and merges what someone else wrote to its file."""

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
        """Raise ChangedUnderneath when the file about to be replaced is no longer the one
        last read or written."""
        known = self._signature
        if status is not None and known is not None and not known.same_status(status):
            raise ChangedUnderneath

    def _remember_written(self, written: dict[int, Application | None]) -> None:
        """Note the versions of the cards this write changed (lock held)."""
        for doc_id, card in written.items():
            self._ours.setdefault(doc_id, deque(maxlen=OWN_VERSIONS)).append(card)
