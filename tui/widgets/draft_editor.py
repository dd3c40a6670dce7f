"""The draft as editable text, mounted the first time the user edits a draft.

A module of its own so that TextArea (about 5 ms to import, and a widget to style) is not
paid for at start-up by someone who only reads the board.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

from .draft_panel import DraftPanel


class DraftEditor(TextArea):
    """The draft as editable text; letters are typed, so its keys use ctrl."""

    BINDINGS = [
        Binding("ctrl+y", "app.copy_draft", "Copy", id="draft.copy_in_editor"),
        Binding("ctrl+r", "app.reset_draft", "Reset to template", id="draft.reset"),
        Binding("escape", "leave", "Back to board", id="draft.leave"),
    ]

    def action_leave(self) -> None:
        """Return to the board; the panel keeps what was typed."""
        self.post_message(DraftPanel.EditorLeft(self.text))
