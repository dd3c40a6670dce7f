"""Changes made to the board file by someone else: noticed, read, and merged card by card.

A board in a synced folder (Syncthing, Dropbox, iCloud) can be replaced underneath the app by
the sync tool, edited in place by an editor, or written by a CLI command that took a fresh lock
after a cleanup tool deleted the lock file. The Store compares the file with what it last read
or wrote before every save (and on a cheap poll), and merges what changed there with what
changed here, against the last version both sides had (the *base*):

* a card changed on one side only takes that side's version (deleted too);
* a card changed on both sides keeps this side's version and records the other as a conflict,
  which the user resolves by keeping one of the two; nothing is dropped meanwhile;
* a card deleted on one side and changed on the other is kept, changed;
* a card added on both sides under the same id keeps both: this side's gets a new id (for a
  conflict copy, whose ancestry is unknown, when company, or role and interview time, differ).

Nothing here writes; the Store applies a ``Merge`` and saves.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import orjson

from tui.model import Application, Profile
from tui.model_docs import application_from_doc
from tui.store.documents import APPLICATIONS_TABLE, CONFLICTS_TABLE, JSON_TEXT

RACY_NS = 2_000_000_000
"""A file system that keeps whole seconds (FAT, some network shares) gives a second write
within the same second the same mtime: a status taken that close to the mtime does not prove
the content unchanged, so the content is compared too."""


TICK_NS = 20_000_000
"""A file system with nanosecond timestamps still takes them from the kernel's coarse clock,
which moves on once a tick (1 to 10 ms): two writes within one tick get the same mtime_ns, so
an equal status taken within this long of the mtime does not prove the content unchanged
either."""


def _granularity_ns(mtime_ns: int) -> int:
    """How coarse this file system's timestamps look: a whole second or two, a millisecond,
    or finer (ext4, XFS, Btrfs, tmpfs, APFS), where only a write within the same clock tick
    leaves mtime_ns as it was."""
    if mtime_ns % 1_000_000_000 == 0:
        return RACY_NS
    if mtime_ns % 1_000_000 == 0:
        return 10_000_000 + TICK_NS
    return TICK_NS


@dataclass(frozen=True, slots=True)
class Signature:
    """What identifies one version of the file cheaply: its status, and when it was taken."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    taken_ns: int

    @classmethod
    def of(cls, status: os.stat_result, taken_ns: int | None = None) -> Signature:
        """The signature of ``status``, taken at ``taken_ns`` (default: now), which must be
        no later than the status itself was taken."""
        taken = time.time_ns() if taken_ns is None else taken_ns
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, taken)

    def same_status(self, status: os.stat_result) -> bool:
        return (self.device, self.inode, self.size, self.mtime_ns) == (
            status.st_dev,
            status.st_ino,
            status.st_size,
            status.st_mtime_ns,
        )

    @property
    def racy(self) -> bool:
        """True when an equal status does not prove equal content (see RACY_NS)."""
        return self.taken_ns - self.mtime_ns < _granularity_ns(self.mtime_ns)


def same_content(path: Path, known: bytes | str | Sequence[bytes | memoryview]) -> bool:
    """True when the file holds exactly ``known``: bytes, the pieces last written, or the
    SHA-256 (hex) of its bytes."""
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    return holds(raw, known)


def holds(raw: bytes, known: bytes | str | Sequence[bytes | memoryview]) -> bool:
    """True when ``raw`` is exactly ``known`` (as for ``same_content``)."""
    if isinstance(known, str):
        return hashlib.sha256(raw).hexdigest() == known
    if isinstance(known, bytes):
        return raw == known
    offset = 0
    for piece in known:
        if not raw.startswith(piece, offset):
            return False
        offset += len(piece)
    return offset == len(raw)


@dataclass(slots=True)
class Merge:
    """What to do to this side's cards so that both sides' changes are kept."""

    take: dict[int, Application] = field(default_factory=dict)
    """Cards to set to the other side's version (new there, or changed there only)."""
    remove: list[int] = field(default_factory=list)
    """Cards deleted there and unchanged here."""
    renumber: list[int] = field(default_factory=list)
    """Cards added here under an id the other side used for a different card."""
    conflicts: dict[int, Application] = field(default_factory=dict)
    """Cards changed on both sides: the other side's version (this side's stays in place)."""
    kept: list[int] = field(default_factory=list)
    """Cards deleted on one side and changed on the other: kept, changed."""
    profile: Profile | None = None
    """The other side's profile, when it changed there only."""
    profile_conflict: bool = False
    """The profile changed on both sides (this side's is kept)."""
    keeps_own: bool = False
    """This side holds changes the other lacks: the merged board must be written."""

    @property
    def brings_anything(self) -> bool:
        return bool(
            self.take
            or self.remove
            or self.renumber
            or self.conflicts
            or self.kept
            or self.profile
            or self.profile_conflict
        )


def merge(
    base: Mapping[int, Application] | None,
    mine: Mapping[int, Application],
    theirs: Mapping[int, Application],
    *,
    ours: Mapping[int, Sequence[Application | None]],
    base_profile: Profile | None,
    my_profile: Profile,
    their_profile: Profile,
) -> Merge:
    """How to merge ``theirs`` into ``mine``.

    ``base`` is the version last read from the file (both sides had it); ``ours`` the versions
    of each card this side has written since, which the other side may hold without having
    changed anything (a CLI that read one of them, or a sync tool handing back an older file).
    ``base`` None is for a copy of unknown ancestry (a sync tool's conflict copy): then nothing
    counts as deleted, and a card that differs is a conflict.
    """
    result = Merge()
    known = base or {}
    own = False
    for doc_id in mine.keys() | theirs.keys() | known.keys():
        was, here, there = known.get(doc_id), mine.get(doc_id), theirs.get(doc_id)
        if here == there or (base is None and there is None):
            continue  # the same, or a copy that lacks a card says nothing about it
        if there in ours.get(doc_id, ()) or (base is not None and there == was):
            own = True
            continue  # changed here only
        if base is not None and here == was:
            if there is None:
                result.remove.append(doc_id)
            else:
                result.take[doc_id] = there
        elif here is None:
            assert there is not None
            result.take[doc_id] = there  # deleted here, changed there: kept
            if was is not None:
                result.kept.append(doc_id)
        elif there is None:
            result.kept.append(doc_id)  # deleted there, changed here: kept as it is here
            own = True
        elif was is None and not _same_card(here, there, known_base=base is not None):
            result.renumber.append(doc_id)  # two new cards under one id: both kept
            result.take[doc_id] = there
            own = True
        else:
            result.conflicts[doc_id] = there
            own = True
    if my_profile != their_profile:
        if base_profile is not None and my_profile == base_profile:
            result.profile = their_profile
        else:
            # Changed here only, or on both sides: this side's profile is kept.
            result.profile_conflict = base_profile is None or their_profile != base_profile
            own = True
    result.keeps_own = own
    return result


def _same_card(here: Application, there: Application, *, known_base: bool) -> bool:
    """Whether two cards under one id that the base lacks are one card changed on both sides
    (a conflict) rather than two new ones.

    With a known base both are new since it: one card only if company and role match. A copy
    of unknown ancestry may hold any card changed in any way: one card if the company matches,
    or the role and the interview time (a company renamed there)."""
    company = _folded(here.company) == _folded(there.company)
    role = _folded(here.role) == _folded(there.role)
    if known_base:
        return company and role
    return company or (role and here.interviewed_at == there.interviewed_at)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True)
class DiskChange:
    """What came in from the file on disk, for the UI's top bar (``message``)."""

    added: int = 0
    changed: int = 0
    removed: int = 0
    conflicts: tuple[int, ...] = ()
    kept: tuple[int, ...] = ()
    profile_changed: bool = False
    read_only_reason: str | None = None
    """Set when the file on disk cannot be merged (a newer format): writing has stopped."""
    source: str = "board changed on disk"

    @property
    def message(self) -> str:
        """One line: ``board changed on disk: 1 card added``."""
        return f"{self.source}: {self.summary}"

    @property
    def summary(self) -> str:
        """What came in, without where from: ``1 card added``."""
        if self.read_only_reason is not None:
            return self.read_only_reason
        parts = [
            _count(self.added, "added"),
            _count(self.changed, "changed"),
            _count(self.removed, "removed"),
        ]
        said = [part for part in parts if part]
        if self.profile_changed:
            said.append("profile changed")
        if self.kept:
            said.append(
                f"{_cards(len(self.kept))} deleted on one side and changed on the other kept"
            )
        if self.conflicts:
            said.append(
                f"{_cards(len(self.conflicts))} changed on both sides: "
                f"{'conflict' if len(self.conflicts) == 1 else 'conflicts'} to resolve"
            )
        return "; ".join(said) if said else "nothing new"


def _cards(count: int) -> str:
    return f"{count} card" if count == 1 else f"{count} cards"


def _count(count: int, what: str) -> str:
    return f"{_cards(count)} {what}" if count else ""


_SYNCTHING = r"\.sync-conflict-\d{8}-\d{6}-[A-Z0-9]{7}"
_DROPBOX = r" \((?:[^()]*'s )?conflicted copy \d{4}-\d{2}-\d{2}(?: \(\d+\))?\)"


def conflict_copies(file: Path) -> list[Path]:
    """Sync tools' conflict copies of ``file`` beside it, oldest first: Syncthing's
    ``board.sync-conflict-20261202-101500-ABCDEFG.json`` and Dropbox's
    ``board (conflicted copy 2026-12-02).json`` (or ``(Sam's conflicted copy ...)``)."""
    stem, suffix = re.escape(file.stem), re.escape(file.suffix)
    pattern = re.compile(f"{stem}(?:{_SYNCTHING}|{_DROPBOX}){suffix}")
    try:
        names = os.listdir(file.parent)
    except OSError:
        return []
    found = [file.parent / name for name in names if pattern.fullmatch(name)]
    return sorted(found, key=lambda copy: (copy.stat().st_mtime_ns, copy.name))


def copy_maker(copy: Path) -> str:
    """Which sync tool names its conflict copies like ``copy``: Syncthing or Dropbox."""
    return "Syncthing" if re.search(_SYNCTHING, copy.name) else "Dropbox"


MERGED_SUFFIX = ".merged"
"""Added to a conflict copy's name once merged and kept: no longer a copy of the board's
name, so it is not offered again."""


def apply_merge(
    result: Merge,
    *,
    tables: dict[str, dict[str, object]],
    cards: dict[int, Application],
    conflicts: dict[int, Application],
    their_tables: Mapping[str, Mapping[str, object]],
    next_id: int,
    source: str = "board changed on disk",
) -> tuple[DiskChange, int]:
    """Change this side's tables and cards as ``result`` says (the profile is the caller's);
    returns what came in and the next free card id."""
    documents = tables.setdefault(APPLICATIONS_TABLE, {})
    their_documents = their_tables.get(APPLICATIONS_TABLE, {})
    # A card renumbered here takes an id free on both sides: one only free here may be a card
    # the other side added too, which would then be taken over it.
    taken_there = (int(key) for key in their_documents if key.isdigit())
    next_id = max(next_id, max(taken_there, default=0) + 1)
    for doc_id in result.renumber:
        documents[str(next_id)] = documents.pop(str(doc_id))
        cards[next_id] = replace(cards.pop(doc_id), doc_id=next_id)
        next_id += 1
    added = changed = 0
    for doc_id, card in result.take.items():
        if doc_id in cards:
            changed += 1
        else:
            added += 1
        documents[str(doc_id)] = _owned(their_documents[str(doc_id)])
        cards[doc_id] = card
    for doc_id in result.remove:
        documents.pop(str(doc_id), None)
        cards.pop(doc_id, None)
    stored_conflicts = tables.setdefault(CONFLICTS_TABLE, {})
    for doc_id, card in result.conflicts.items():
        conflicts[doc_id] = card
        stored_conflicts[str(doc_id)] = _owned(their_documents[str(doc_id)])
    # Conflicts the other side recorded and this side has not seen stay recorded too.
    for key, document in their_tables.get(CONFLICTS_TABLE, {}).items():
        if key not in stored_conflicts and key.isdigit():
            theirs = read_conflict(int(key), document)
            if theirs is not None:
                conflicts[int(key)] = theirs
                stored_conflicts[key] = _owned(document)
    if not stored_conflicts:
        del tables[CONFLICTS_TABLE]
    next_id = max(next_id, max(cards, default=0) + 1)
    change = DiskChange(
        added=added,
        changed=changed,
        removed=len(result.remove),
        conflicts=tuple(sorted(result.conflicts)),
        kept=tuple(sorted(result.kept)),
        profile_changed=result.profile is not None,
        source=source,
    )
    return change, next_id


def read_conflict(doc_id: int, document: object) -> Application | None:
    """The other side's version of a card from the ``conflicts`` table (None if unreadable)."""
    try:
        data = orjson.loads(document) if isinstance(document, JSON_TEXT) else document
        return application_from_doc(data, doc_id)
    except Exception:
        return None


def _owned(document: object) -> object:
    """A document to keep: a view into the other file's bytes is copied, so they can go."""
    return bytes(document) if isinstance(document, memoryview) else document
