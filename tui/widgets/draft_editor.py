"""The draft as editable text, mounted the first time the user edits a draft.

A module of its own so that TextArea (about 5 ms to import, and a widget to style) is not
paid for at start-up by someone who only reads the board.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


class DraftEditor(TextArea):
    """The draft as editable text; letters are typed, so its keys use ctrl."""

    BINDINGS = [
        Binding("ctrl+y", "screen.copy_draft", "Copy", id="draft.copy_in_editor"),
        Binding("ctrl+r", "screen.reset_draft", "Reset to template", id="draft.reset"),
        Binding("escape", "leave", "Back to board", id="draft.leave"),
    ]

    class Left(Message):
        """The user pressed escape in the editor; ``text`` is what it holds."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def action_leave(self) -> None:
        """Return to the board; the panel keeps what was typed."""
        self.post_message(self.Left(self.text))
