"""The board file: the only code that knows TinyDB.

One JSON file holds the board as a TinyDB database: table ``applications`` (one document per
card, the document id is the card's ``doc_id``) and table ``meta`` (one document with the
``schema_version`` and the user's ``profile``).

What this module promises:

* The file is validated completely before anything is written next to it; a file that fails
  validation is never written to (the error says where and why, and backups can be restored).
* Every save is atomic: a temp file in the same folder, fsync, ``os.replace``, fsync of the
  folder. A crash or a full disk leaves the previous file whole.
* A board path that is a symbolic link is followed once, when the board is opened: the file,
  its lock, temp files and backups all live beside the link's target, so the link stays a link
  and its target (in a synced folder, say) gets every change. Messages name the path given.
* One writer at a time: a ``<file>.lock`` held with ``flock`` (the kernel drops it when the
  process dies, so a killed process leaves no stale lock). Others may open read-only.
* A rolling daily backup (the newest seven are kept) and a backup before any migration.
* Changes live in memory first; a failed save keeps them there until a retry succeeds.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import os
import re
import shutil
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NoReturn, Self

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from tui import locking
from tui.model import Application, Profile, application_from_doc, application_to_doc

SCHEMA_VERSION = 1
"""The layout this code writes; files with an older one are migrated on open."""

APPLICATIONS_TABLE = "applications"
META_TABLE = "meta"
META_DOC_ID = 1
KEEP_DAILY_BACKUPS = 7
WRITE_DELAY = 0.06
"""Seconds the background writer waits after a change before it writes (still far within
the 150 ms in which a change must be on disk)."""
UNDO_DEPTH = 100

_TEMP_SUFFIX = ".tmp"
_DOC_ID = re.compile(r"[1-9][0-9]{0,17}")
_DATE_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}")

Tables = dict[str, dict[str, Any]]
"""TinyDB's tables by name, documents by id. A document is a dict once TinyDB has touched it,
or ``JsonText``: its JSON text as read from the file (a view into the bytes read, so they are
held once, not copied) or as last written, indented for its place in the file. Keeping text
rather than dicts for unchanged cards is what keeps a large board small in memory and quick
to save (see ``_decode_by_document`` and ``_file_pieces``)."""

JsonText = bytes | memoryview
"""A document kept as JSON text."""
_JSON_TEXT = (bytes, memoryview)

_IOV_MAX = 512
"""Pieces per ``os.writev`` call (POSIX guarantees at least 16; Linux allows 1024)."""


# --------------------------------------------------------------------------- errors


class StoreError(Exception):
    """Something is wrong with the board file; ``str()`` is one line for the user, with the path."""

    def __init__(self, path: Path | str, message: str | None = None) -> None:
        if message is None:
            # StoreError("Cannot open ...") with a message alone, for callers that wrap OSErrors.
            message, where = str(path), None
        else:
            where = Path(path)
        super().__init__(message)
        self.path: Path | None = where
        self.message = message

    def __str__(self) -> str:
        return self.message


class CorruptFileError(StoreError):
    """The file is not a board this program can read: bad JSON, a wrong shape, or emptied."""

    def __init__(
        self, path: Path, reason: str, line: int | None = None, column: int | None = None
    ) -> None:
        where = f" at line {line}, column {column}" if line is not None else ""
        super().__init__(path, f"{path} is damaged: {reason}{where}")
        self.reason = reason
        self.line = line
        self.column = column


class NewerSchemaError(StoreError):
    """The file was written by a newer version of the program."""

    def __init__(self, path: Path, found: int) -> None:
        super().__init__(
            path,
            f"{path} was written by a newer followup-tui (file format {found}, this version "
            f"reads up to {SCHEMA_VERSION}); please upgrade",
        )
        self.found = found


class NotWritableError(StoreError):
    """The board can be read here but not changed: it may be opened read-only instead."""

    read_only_reason: str
    """Why the board is read-only, one sentence for the app's banner."""


class LockedError(NotWritableError):
    """Another process has the board open for writing."""

    read_only_reason = "another followup-tui has this board open; close it to make changes."

    def __init__(self, path: Path) -> None:
        super().__init__(
            path, f"{path} is open in another followup-tui; close it there or open read-only"
        )


class UnwritableFolderError(NotWritableError):
    """The board's folder (or its lock file) cannot be written: no lock, no save, no backup."""

    def __init__(self, path: Path, why: str) -> None:
        super().__init__(path, f"Cannot change {path}: {why}")
        self.read_only_reason = f"{why}; make it writable to save."


class ReadOnlyError(StoreError):
    """A change was asked of a board opened read-only."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, f"{path} is open read-only; this change was not made")


class SaveError(StoreError):
    """Writing the file failed; the change is kept in memory and a retry can save it."""

    def __init__(self, path: Path, cause: BaseException) -> None:
        if isinstance(cause, OSError) and cause.strerror:
            reason = cause.strerror
        else:
            reason = str(cause) or cause.__class__.__name__
        super().__init__(
            path,
            f"Could not save {path}: {reason}. Your changes are kept in memory; "
            "retry once the problem is fixed",
        )
        self.cause = cause


class UnknownCardError(StoreError, KeyError):
    """No card has this doc_id (a KeyError too, for callers that expect one)."""

    def __init__(self, path: Path, doc_id: int | None) -> None:
        super().__init__(path, f"{path} has no card with id {doc_id}")
        self.doc_id = doc_id

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------- file helpers


def _board_file(path: Path) -> Path:
    """The file a board path stands for: ``path`` itself, or where it leads if it is a link.

    Saving replaces the file by renaming a temp file over it, which would replace a link with
    a regular file and leave its target unchanged from then on; everything therefore acts on
    the target. Only a link as the last part is followed: a path through a linked folder
    already reaches the same folder. A dangling link leads to where its target would be (a
    relative link counts from the link's own folder); a loop of links is left as given, and
    reading it then fails with the system's error.
    """
    path = Path(path)
    if not path.is_symlink():
        return path
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a loop, before Python 3.13
        return path


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _is_our_temp(path: Path, candidate: str) -> bool:
    """True for names that ``_atomic_write`` creates for this file (``.board.json.XXXX.tmp``)."""
    prefix = f".{path.name}."
    return (
        candidate.startswith(prefix)
        and candidate.endswith(_TEMP_SUFFIX)
        and len(candidate) > len(prefix) + len(_TEMP_SUFFIX)
    )


def _fsync_directory(folder: Path) -> None:
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


def _write_all(descriptor: int, content: bytes | Sequence[JsonText]) -> None:
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


def _atomic_write(path: Path, content: bytes | Sequence[JsonText]) -> None:
    """Replace ``path`` with ``content`` so that readers and crashes see old or new, never half.

    The temp file is created by mkstemp, so it (and the file it becomes) has mode 0600.
    """
    descriptor, temp_name = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent
    )
    try:
        try:
            _write_all(descriptor, content)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_directory(path.parent)


def _remove_stale_temps(path: Path) -> None:
    """Delete temp files a killed writer left behind (only called while holding the lock)."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    for name in names:
        if _is_our_temp(path, name):
            with contextlib.suppress(OSError):
                os.unlink(path.parent / name)


def _read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when it does not exist."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise StoreError(path, f"Cannot read {path}: {error.strerror or error}") from error


_PERMISSION_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS)


def _acquire_lock(path: Path, file: Path) -> locking.Lock:
    """Take the writer's lock on ``file`` (``path`` followed, see ``_board_file``) without
    waiting; LockedError, naming ``path``, when someone else has it.

    Every save, backup and the lock itself create files beside the board, so a folder that
    cannot be written refuses here, before anything is read: UnwritableFolderError (the board
    can still be opened read-only), or a StoreError when there is no board to read yet.
    """
    lock_file = _lock_path(file)
    folder = file.parent
    # The lock file of an earlier run may still be writable in a folder that no longer is.
    if not os.access(folder, os.W_OK):
        _refuse_unwritable(path, file, f"the folder {folder} is not writable")
    try:
        return locking.acquire(lock_file)
    except locking.AlreadyLocked as error:
        raise LockedError(path) from error
    except OSError as error:
        reason = error.strerror or str(error)
        if error.errno not in _PERMISSION_ERRORS:
            raise StoreError(path, f"Cannot lock {path}: {reason}") from error
        if lock_file.exists():
            why = f"its lock file {lock_file.name} cannot be opened ({reason})"
        else:
            why = f"the folder {folder} is not writable ({reason})"
        _refuse_unwritable(path, file, why, error)


def _refuse_unwritable(path: Path, file: Path, why: str, cause: OSError | None = None) -> NoReturn:
    if file.exists():
        raise UnwritableFolderError(path, why) from cause
    raise StoreError(path, f"Cannot create {path}: {why}") from cause


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def _unused_name(candidate: Path) -> Path:
    """``candidate``, or the same name with -2, -3... when it is taken (nothing is overwritten)."""
    chosen = candidate
    counter = 2
    while chosen.exists():
        chosen = candidate.with_name(f"{candidate.name}-{counter}")
        counter += 1
    return chosen


# --------------------------------------------------------------------------- decoding


@dataclass(slots=True)
class _Board:
    """A validated board: the TinyDB tables plus the domain objects read from them."""

    tables: Tables
    cards: dict[int, Application]
    profile: Profile
    found_version: int
    """The file's schema version before migration (SCHEMA_VERSION when none was needed)."""
    meta_doc_id: int = META_DOC_ID


def _empty_tables(profile: Profile | None = None) -> Tables:
    meta = {"schema_version": SCHEMA_VERSION, "profile": (profile or Profile()).to_dict()}
    return {APPLICATIONS_TABLE: {}, META_TABLE: {str(META_DOC_ID): meta}}


def _empty_board() -> _Board:
    return _Board(_empty_tables(), {}, Profile(), SCHEMA_VERSION)


def _meta_document(path: Path, tables: Tables) -> tuple[int, dict[str, Any]] | None:
    """The meta document's id and body (the lowest id wins), or None for a file without one."""
    meta = tables.get(META_TABLE)
    if not meta:
        return None
    for key in meta:
        # TinyDB turns every id of a table it updates into an int: refuse what it cannot.
        if not _DOC_ID.fullmatch(key):
            raise CorruptFileError(path, f"meta id {key!r} is not a positive whole number")
    doc_id = min(int(key) for key in meta)
    document = meta[str(doc_id)]
    if not isinstance(document, dict):
        raise CorruptFileError(path, "the meta document is not an object")
    return doc_id, document


def _schema_version(path: Path, tables: Tables) -> int:
    found = _meta_document(path, tables)
    if found is None:
        return 0
    version = found[1].get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise CorruptFileError(path, f"schema_version is {_shown(version)}, not a whole number")
    return version


def _migrate_v0(tables: Tables) -> Tables:
    """Version 0 had no meta table: add one with an empty profile."""
    migrated = dict(tables)
    migrated[META_TABLE] = _empty_tables()[META_TABLE]
    migrated.setdefault(APPLICATIONS_TABLE, {})
    return migrated


_MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {0: _migrate_v0}
"""From version N to N+1, on the raw tables; cards are validated after the last step."""


def _read_cards(path: Path, tables: Tables) -> dict[int, Application]:
    cards: dict[int, Application] = {}
    for key, document in tables.get(APPLICATIONS_TABLE, {}).items():
        if not _DOC_ID.fullmatch(key):
            raise CorruptFileError(path, f"card id {key!r} is not a positive whole number")
        doc_id = int(key)
        try:
            cards[doc_id] = application_from_doc(document, doc_id)
        except Exception as error:
            # Any failure to read a card (including overflow on absurd dates) means damage.
            raise CorruptFileError(path, _card_problem(document, doc_id)) from error
    return cards


_CARD_STAND_INS = {"company": "", "role": "", "interviewed_at": "2000-01-01T00:00:00+00:00"}
"""The fields a card cannot do without, with values that read: a card of these plus one
field of a damaged card reads only if that field does."""

_MISSING_CARD_FIELDS = {
    "company": "company",
    "role": "role",
    "interviewed_at": "interview time (interviewed_at)",
}

_CARD_FIELD_PROBLEMS = {
    "company": "a company that is not text: {value}",
    "role": "a role that is not text: {value}",
    "interviewed_at": "an interview time (interviewed_at) that cannot be read: {value}",
    "stage": "an unknown stage {value}",
    "outcome": "an unknown outcome {value}",
    "format": "an unknown interview format {value}",
    "round": "a round that is not a whole number: {value}",
    "decision_by": "a decision date (decision_by) that cannot be read: {value}",
    "follow_up_on": "a follow-up date (follow_up_on) that cannot be read: {value}",
    "interviewers": "interviewers that cannot be read: {value}",
    "history": "a history that cannot be read: {value}",
    "drafts": "drafts that cannot be read: {value}",
    "connected_via": "a 'connected via' list that cannot be read: {value}",
}
"""How a field that does not read is described, after ``card N has``."""


def _card_problem(document: Any, doc_id: int) -> str:
    """What is wrong with a card that does not read, in the words of the file, not of Python.

    The model's errors name exceptions (``KeyError: 'role'``); rather than parse them, each
    field is read on its own with stand-ins for the rest, so the model stays the one judge of
    what a field may hold.
    """
    if not isinstance(document, dict):
        return f"card {doc_id} is {_kind(document)}, not an object"
    for field, label in _MISSING_CARD_FIELDS.items():
        if field not in document:
            return f"card {doc_id} has no {label}"
    for field, value in document.items():
        try:
            application_from_doc({**_CARD_STAND_INS, field: value}, doc_id)
        except Exception:
            problem = _CARD_FIELD_PROBLEMS.get(
                field, f"a field {field!r} that cannot be read: {{value}}"
            )
            return f"card {doc_id} has " + problem.format(value=_shown(value))
    return f"card {doc_id} cannot be read"


def _shown(value: Any, limit: int = 40) -> str:
    """A stored value for a message: text quoted, anything else as JSON, cut short."""
    if isinstance(value, str):
        text = repr(value)
    else:
        try:
            text = orjson.dumps(value).decode()
        except orjson.JSONEncodeError:
            text = _kind(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _read_profile(path: Path, tables: Tables) -> Profile:
    found = _meta_document(path, tables)
    data = found[1].get("profile", {}) if found else {}
    if not isinstance(data, dict):
        raise CorruptFileError(path, "the profile is not an object")
    try:
        return Profile.from_dict(data)
    except Exception as error:
        raise CorruptFileError(path, f"the profile cannot be read ({error})") from error


# The plain shape of a board file, seen from outside its documents: an object of tables, each
# an object of documents keyed by id. _split_documents reads a file by these patterns, so that
# each document is parsed (and checked) on its own; the text between documents must match them
# exactly, with nothing but JSON whitespace, punctuation and simple table names.
_WS = rb"[ \t\n\r]*"
_NAME = rb'"[A-Za-z0-9_-]{1,64}"'
_EMPTY_TABLES = (
    rb"(?:" + _NAME + _WS + rb":" + _WS + rb"\{" + _WS + rb"\}" + _WS + rb"," + _WS + rb")*"
)
_TABLE_OPENING = _EMPTY_TABLES + _NAME + _WS + rb":" + _WS + rb"\{" + _WS
_DOCUMENT_KEY_BACKWARDS = re.compile(rb"\{" + _WS + rb":" + _WS + rb'"([0-9]{0,17}[1-9])"')
"""``"<id>": {`` read backwards: an id whose value is an object. In valid JSON this is always a
real key (a quote right after digits cannot close a string that way), though maybe deeper than
a document: such a split leaves a piece that does not parse, and the whole file is then read
the ordinary way. See ``_document_keys`` for why backwards."""
_FIRST_GAP = re.compile(_WS + rb"\{" + _WS + _TABLE_OPENING)
_SAME_TABLE_GAP = re.compile(_WS + rb"," + _WS)
_NEXT_TABLE_GAP = re.compile(_WS + rb"\}" + _WS + rb"," + _WS + _TABLE_OPENING)
_LAST_GAP = re.compile(
    _WS
    + rb"\}"
    + _WS
    + rb"(?:,"
    + _WS
    + _NAME
    + _WS
    + rb":"
    + _WS
    + rb"\{"
    + _WS
    + rb"\})*"
    + _WS
    + rb"\}"
    + _WS
)
_QUOTED_NAME = re.compile(rb'"([A-Za-z0-9_-]*)"')
_MAX_EMPTY_TABLES = 32


def _gap_end(raw: bytes, start: int, limit: int, gap: re.Pattern[bytes]) -> int:
    """Where the document starting at ``start`` ends: after the ``}`` that leaves a text up to
    ``limit`` matching ``gap`` (-1 when none does). A gap between tables holds one ``}`` more
    than each empty table it names, and ``}`` never follows ``}`` in it, so at most one
    candidate can match."""
    end = limit
    for _ in range(_MAX_EMPTY_TABLES + 2):
        end = raw.rfind(b"}", start, end)
        if end < 0:
            return -1
        if gap.fullmatch(raw, end + 1, limit):
            return end + 1
    return -1


def _document_keys(raw: bytes) -> list[tuple[int, int, bytes]]:
    """``(start, end, id)`` of every ``"<id>":`` whose value is an object, in file order; the
    end is where the value begins.

    The search runs over the reversed text: there every match begins with ``{`` (about 20 per
    card) rather than ``"`` (about 270 per card), which halves the time at 6,000 cards
    (21 -> 10 ms, the reversed copy included). The matches are the same ones either way.
    """
    size = len(raw)
    found = [
        (size - match.end(), size - match.start() - 1, match.group(1)[::-1])
        for match in _DOCUMENT_KEY_BACKWARDS.finditer(raw[::-1])
    ]
    found.reverse()
    return found


def _split_documents(raw: bytes) -> tuple[list[str], list[tuple[str, str, int, int]]] | None:
    """The table names in file order and (table, id, start, end) of every document, for a file
    in the plain shape; else None.

    None for anything unusual (no documents, odd table names, a table given twice, ids
    nested in documents); the caller then parses the whole file, which also words the errors.
    """
    keys = _document_keys(raw)
    if not keys or _FIRST_GAP.fullmatch(raw, 0, keys[0][0]) is None:
        return None
    tables = [name.decode() for name in _QUOTED_NAME.findall(raw, 0, keys[0][0])]
    documents: list[tuple[str, str, int, int]] = []
    table = tables[-1]
    for index, (_, start, doc_id) in enumerate(keys):
        if index + 1 < len(keys):
            limit = keys[index + 1][0]
            # Most gaps are a comma between two documents of one table: check that first.
            end = raw.rfind(b"}", start, limit) + 1
            if end and _SAME_TABLE_GAP.fullmatch(raw, end, limit):
                documents.append((table, doc_id.decode(), start, end))
                continue
            end = _gap_end(raw, start, limit, _NEXT_TABLE_GAP)
        else:
            limit = len(raw)
            end = _gap_end(raw, start, limit, _LAST_GAP)
        if end < 0:
            return None
        documents.append((table, doc_id.decode(), start, end))
        tables.extend(name.decode() for name in _QUOTED_NAME.findall(raw, end, limit))
        table = tables[-1]
    if len(set(tables)) != len(tables):
        return None
    return tables, documents


def _decode_by_document(path: Path, raw: bytes) -> _Board | None:
    """Read a board document by document: the fast, small way for files in the plain shape.

    Parsing the whole file at once holds the file, orjson's own tree of it and every document
    as Python dicts at the same moment (~90 MB for 6,000 cards). Here each card is parsed on
    its own, read into an Application, and kept only as its JSON text for saving. Returns
    None (read the whole file instead) for any file this way cannot vouch for: an unusual
    shape, a document that does not parse or does not read as a card, an older or newer
    schema. A board returned is the same as the whole-file reading would give.
    """
    split = _split_documents(raw)
    if split is None:
        return None
    names, documents = split
    tables: Tables = {name: {} for name in names}
    cards: dict[int, Application] = {}
    view = memoryview(raw)
    try:
        for table, doc_id, start, end in documents:
            text = view[start:end]
            document = orjson.loads(text)
            if not isinstance(document, dict):
                return None
            if table == APPLICATIONS_TABLE:
                cards[int(doc_id)] = application_from_doc(document, int(doc_id))
                tables[table][doc_id] = text
            else:
                tables[table][doc_id] = document
        found = _meta_document(path, tables)
        if found is None or _schema_version(path, tables) != SCHEMA_VERSION:
            return None
        profile = _read_profile(path, tables)
    except Exception:
        return None
    return _Board(tables, cards, profile, SCHEMA_VERSION, found[0])


def _decode(path: Path, raw: bytes) -> _Board:
    """Parse, check, and migrate in memory; raises CorruptFileError or NewerSchemaError."""
    return _decode_by_document(path, raw) or _decode_whole(path, raw)


def _decode_whole(path: Path, raw: bytes) -> _Board:
    """Parse the whole file at once: any shape of JSON, and the error messages for bad ones."""
    try:
        tables = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise CorruptFileError(
            path, f"not valid JSON ({error.msg})", error.lineno, error.colno
        ) from error
    if not isinstance(tables, dict):
        raise CorruptFileError(path, f"expected an object at the top, found {_kind(tables)}")
    for name, table in tables.items():
        if not isinstance(table, dict):
            raise CorruptFileError(path, f"table {name!r} is {_kind(table)}, not an object")
    found_version = _schema_version(path, tables)
    if found_version > SCHEMA_VERSION:
        raise NewerSchemaError(path, found_version)
    for version in range(found_version, SCHEMA_VERSION):
        try:
            tables = _MIGRATIONS[version](tables)
        except Exception as error:
            raise CorruptFileError(
                path, f"cannot upgrade from format {version} ({error})"
            ) from error
    cards = _read_cards(path, tables)
    profile = _read_profile(path, tables)
    found = _meta_document(path, tables)
    meta_doc_id = found[0] if found else META_DOC_ID
    return _Board(tables, cards, profile, found_version, meta_doc_id)


_DOCUMENT_INDENT = b"\n    "
"""Documents sit at depth 2 of the file (tables, then ids): four spaces in orjson's layout."""


def _document_text(document: Any) -> bytes:
    """A document's JSON, indented for its place in the file (as ``_serialize`` would write it).

    JSON text never holds a raw newline inside a string, so every newline is indentation.
    """
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).replace(b"\n", _DOCUMENT_INDENT)


def _file_pieces(tables: Tables) -> list[JsonText]:
    """The file as pieces to write in order: the same bytes as indented ``orjson.dumps``.

    Documents kept as text are written as they are, so a save re-serialises only the documents
    TinyDB changed (they are dicts); the file is never joined into one copy in memory.
    """
    if not tables:
        return [b"{}\n"]
    pieces: list[JsonText] = [b"{"]
    for table_index, (name, documents) in enumerate(tables.items()):
        pieces.append(b"\n  " if table_index == 0 else b",\n  ")
        pieces.append(orjson.dumps(name))
        if not documents:
            pieces.append(b": {}")
            continue
        pieces.append(b": {")
        for doc_index, (doc_id, document) in enumerate(documents.items()):
            key = orjson.dumps(doc_id)
            lead = _DOCUMENT_INDENT if doc_index == 0 else b"," + _DOCUMENT_INDENT
            pieces.append(lead + key + b": ")
            text = document if isinstance(document, _JSON_TEXT) else _document_text(document)
            pieces.append(text)
        pieces.append(b"\n  }")
    pieces.append(b"\n}\n")
    return pieces


def _serialize(tables: Tables) -> bytes:
    """Indented JSON, so people can read and diff the file."""
    return b"".join(_file_pieces(tables))


def _kind(value: Any) -> str:
    names = {
        dict: "an object",
        list: "a list",
        str: "text",
        int: "a number",
        float: "a number",
        bool: "true/false",
    }
    return "null" if value is None else names.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------- TinyDB storage


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
                if not isinstance(document, _JSON_TEXT):
                    documents[doc_id] = _document_text(document)
        return _file_pieces(self._tables)

    def persist(self, content: Sequence[JsonText]) -> None:
        """Write a snapshot atomically."""
        _atomic_write(self.path, content)

    def document(self, table: str, doc_id: int) -> dict[str, Any]:
        """A fresh dict of one stored document (KeyError when there is none)."""
        stored = self._tables[table][str(doc_id)]
        return orjson.loads(stored) if isinstance(stored, _JSON_TEXT) else dict(stored)

    def unpack(self, table: str, doc_id: int) -> None:
        """Turn a document kept as text back into a dict, for TinyDB to update in place."""
        documents = self._tables.get(table, {})
        stored = documents.get(str(doc_id))
        if isinstance(stored, _JSON_TEXT):
            documents[str(doc_id)] = orjson.loads(stored)


# --------------------------------------------------------------------------- the store


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
        self._file = _board_file(self.path)
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
            self._file_lock = _acquire_lock(self.path, self._file)
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

    def _open_board(self) -> _Board:
        """Read and validate the file; when writable, create, migrate and back it up."""
        if not self._read_only:
            _remove_stale_temps(self._file)
        raw = _read_bytes(self._file)
        if raw is None or not raw.strip():
            if raw is not None and Store.backups(self._file):
                raise CorruptFileError(self.path, "empty file where a board used to be")
            board = _empty_board()
            if not self._read_only:
                self._write_during_open(self._file, _serialize(board.tables))
            return board
        board = _decode(self.path, raw)
        if self._read_only:
            return board
        migrating = board.found_version < SCHEMA_VERSION
        if migrating:
            name = f"{self._file.name}.pre-migration-v{board.found_version}.bak"
            self._write_during_open(_unused_name(self._file.with_name(name)), raw)
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
            self._write_during_open(self._file, _serialize(board.tables))
        return board

    def _write_during_open(self, target: Path, content: bytes) -> None:
        """A write while opening; a failure fails the open (SaveError) and loses nothing."""
        try:
            _atomic_write(target, content)
        except OSError as error:
            raise SaveError(self.path, error) from error

    def _daily_backup_path(self) -> Path | None:
        """``<name>.<today>.bak`` beside the file, or None when today's was already taken."""
        today = self._file.with_name(f"{self._file.name}.{date.today().isoformat()}.bak")
        return None if today.exists() else today

    def _write_daily_backup(self, target: Path, raw: bytes) -> None:
        """Copy the file as read to today's backup; keep the newest seven."""
        try:
            _atomic_write(target, raw)
        except OSError as error:
            self._warn(f"Could not write the backup {target}: {error.strerror}")
            return
        for old in _daily_backups(self._file)[KEEP_DAILY_BACKUPS:]:
            with contextlib.suppress(OSError):
                old.unlink()

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
        """Backups beside ``path`` (beside its target if it is a link), newest first: the daily
        ones, then pre-migration copies."""
        path = _board_file(path)
        pre_migration = sorted(
            path.parent.glob(f"{_glob_escape(path.name)}.pre-migration-v*.bak"),
            key=_mtime,
            reverse=True,
        )
        return _daily_backups(path) + pre_migration

    @staticmethod
    def newest_good_backup(path: Path) -> Path | None:
        """The newest backup that would open (valid, not newer than this program), or None."""
        for backup in Store.backups(Path(path)):
            try:
                raw = backup.read_bytes()
                if raw.strip():
                    _decode(backup, raw)
                    return backup
            except (OSError, StoreError):
                continue
        return None

    @staticmethod
    def restore_backup(path: Path, backup: Path) -> Path | None:
        """Put ``backup`` in place of ``path`` (of its target if it is a link); the old file is
        kept beside it as ``<name>.damaged-<time>``.

        Returns where the old file went (None when there was none). Raises LockedError when
        another process has the board open, StoreError when a file cannot be read or written.
        """
        path, backup = Path(path), Path(backup)
        file = _board_file(path)
        content = _read_bytes(backup)
        if content is None:
            raise StoreError(path, f"The backup {backup} does not exist")
        lock = _acquire_lock(path, file)
        try:
            _remove_stale_temps(file)
            aside: Path | None = None
            if file.exists():
                aside = _unused_name(file.with_name(f"{file.name}.damaged-{_timestamp()}"))
                # A second name for the damaged file first, so a failed copy below loses nothing.
                try:
                    os.link(file, aside)
                except OSError:
                    shutil.copyfile(file, aside)
                    os.chmod(aside, 0o600)
            _atomic_write(file, content)
            return aside
        except OSError as error:
            raise StoreError(path, f"Could not restore {backup}: {error.strerror}") from error
        finally:
            lock.release()

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
