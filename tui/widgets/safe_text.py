"""Make user text safe to draw: no escape sequences or control characters reach the terminal."""

from __future__ import annotations

from ..text_safety import clean_stored, for_display, for_editing

__all__ = ["clean_stored", "for_editing", "printable"]


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """Text safe to draw: a control (or a whole escape sequence) shows as a visible '�',
    bidi overrides become isolates, invisible characters go (see tui.text_safety); newlines
    are kept only when asked."""
    return for_display(text, keep_newlines=keep_newlines)
