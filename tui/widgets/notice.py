"""Notifications whose text is the user's data: shown literally, never as markup."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.notifications import SeverityLevel
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
