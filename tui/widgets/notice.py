"""Notifications whose text is the user's data, shown literally (never as markup), and where
the toasts sit."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.css.query import NoMatches
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget

from .safe_text import printable


def tell(
    node: App[Any] | Widget,
    message: str,
    *,
    title: str = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """Notify with user text shown literally (no markup, no control characters)."""
    node.notify(
        printable(message, keep_newlines=True),
        title=title,
        severity=severity,
        timeout=timeout,
        markup=False,
    )


def tell_not_saved(node: App[Any] | Widget, error: Exception) -> None:
    """Say that the last change is only in memory, and how it gets saved."""
    tell(
        node,
        f"{error}\nYour change is kept in memory: ctrl+s (or the next change) tries again.",
        title="Not saved",
        severity="error",
        timeout=15,
    )


def tell_read_only(node: App[Any] | Widget) -> None:
    """Say that nothing can be changed on this board."""
    tell(
        node,
        "This board is open read-only, so nothing can be changed.",
        title="Read-only",
        severity="warning",
    )


def place_toasts(screen: Screen[Any], *, right: int, on_left: bool) -> None:
    """Keep a screen's toasts off its ``right`` columns (the draft panel they often talk
    about), and on the left while ``on_left`` (the class ``-left``, app.tcss)."""
    try:
        rack = screen.get_child_by_id("textual-toastrack")  # Textual's; absent in some tests
    except NoMatches:
        return
    if rack.styles.padding.right != right:
        # Padding, not margin: a docked widget's margin does not narrow its 1fr width.
        rack.styles.padding = (0, right, 0, 0)
    rack.set_class(on_left, "-left")
