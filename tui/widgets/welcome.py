"""What an empty board says: how to add the first card, and where the board is saved."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Static


class Welcome(Static):
    """Shown over the board while it has no card (app.tcss places it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            Content(
                "Welcome to followup-tui\n\n"
                "After each interview, press n to add it: company, tab, role, ctrl+s.\n"
                "The board then tells you when to send a thank-you, when to check in,\n"
                "and drafts each message for you (c copies it).\n\n"
                "To look around first, quit (q) and run: followup-tui --demo\n"
                f"Your board is saved in {path}"
            ),
            id="welcome",
        )
