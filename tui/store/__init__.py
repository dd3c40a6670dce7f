"""The board file: the only package that knows TinyDB.

* ``errors``: what can go wrong, each error one line for the user.
* ``board_file``: the file a path stands for (links), the writer's lock, temp files.
* ``documents``: the file format, schema versions and migrations, validation, the JSON written.
* ``backups``: daily and pre-migration backups, restoring one.
* ``sync``: noticing that someone else changed the file, the card-by-card merge, conflict copies.
* ``store``: the ``Store`` itself: the cards in memory and the changes to them, conflicts.
  Built on ``state`` (what its parts share), ``disk_changes`` (taking in changes made
  elsewhere) and ``writer`` (saving, the writer thread); ``opening`` reads the file at open,
  ``undo`` keeps the history.

Everything callers used from the single ``tui.store`` module is re-exported here.
"""

from __future__ import annotations

from tui import locking
from tui.store.backups import KEEP_DAILY_BACKUPS
from tui.store.documents import (
    APPLICATIONS_TABLE,
    META_DOC_ID,
    META_TABLE,
    SCHEMA_VERSION,
    JsonText,
    Tables,
    _decode_by_document,
    _decode_whole,
    _document_keys,
)
from tui.store.errors import (
    CorruptFileError,
    LockedError,
    NewerSchemaError,
    NotWritableError,
    ReadOnlyError,
    SaveError,
    StoreError,
    UnknownCardError,
    UnwritableFolderError,
)
from tui.store.store import UNDO_DEPTH, WRITE_DELAY, MemoryFirstStorage, Store

__all__ = [
    "APPLICATIONS_TABLE",
    "KEEP_DAILY_BACKUPS",
    "META_DOC_ID",
    "META_TABLE",
    "SCHEMA_VERSION",
    "UNDO_DEPTH",
    "WRITE_DELAY",
    "CorruptFileError",
    "JsonText",
    "LockedError",
    "MemoryFirstStorage",
    "NewerSchemaError",
    "NotWritableError",
    "ReadOnlyError",
    "SaveError",
    "Store",
    "StoreError",
    "Tables",
    "UnknownCardError",
    "UnwritableFolderError",
    "_decode_by_document",
    "_decode_whole",
    "_document_keys",
    "locking",
]
