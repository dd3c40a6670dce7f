"""Undo: the Store's history of changes, each with a summary and how to revert it."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

UNDO_DEPTH = 100
"""Changes that undo can revert, newest first; older ones are forgotten."""


@dataclass(frozen=True, slots=True)
class UndoEntry:
    """One change: what the user is told it was, and how to put memory back as it was."""

    summary: str
    revert: Callable[[], None]


class UndoHistory:
    """The last ``depth`` changes made through a Store (its lock held for every call)."""

    def __init__(self, depth: int) -> None:
        self._entries: deque[UndoEntry] = deque(maxlen=depth)

    def __bool__(self) -> bool:
        return bool(self._entries)

    def record(self, summary: str, revert: Callable[[], None]) -> None:
        """Remember a change just made (the oldest is forgotten beyond ``depth``)."""
        self._entries.append(UndoEntry(summary, revert))

    def pop(self) -> UndoEntry:
        """The newest change, taken off the history (IndexError when there is none)."""
        return self._entries.pop()

    def clear(self) -> None:
        """Forget every change (after a change from elsewhere they could revert it)."""
        self._entries.clear()
