"""The store's errors: each ``str()`` is one line for the user, naming the board's path."""

from __future__ import annotations

from pathlib import Path


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

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            path,
            f"{path} was written by a newer followup-tui (file format {found}, this version "
            f"reads up to {supported}); please upgrade",
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
