"""The filter box: shown by /, mounted on first use."""

from __future__ import annotations

from textual import on
from textual.message import Message
from textual.widgets import Input

from .focus import focus_now


class FilterBar(Input):
    """Cards must contain what is typed here (case-insensitive) to be shown.

    It tells the board screen what happens in its own messages, ``Changed`` and ``Closed``:
    the screen never reads the box.
    """

    class Changed(Input.Changed):
        """The filter's text changed (``value``): show the cards that contain it.

        Input posts its ``Changed`` class by name, so this is the message each edit posts.
        """

    class Closed(Message):
        """The user is done typing (enter): the filter stays, and the board takes the keys."""

    def __init__(self) -> None:
        super().__init__(placeholder="Filter: company, role, interviewer, notes", id="filter")

    def open(self) -> None:
        """Show the box and put the cursor in it."""
        self.display = True
        focus_now(self)

    def close(self) -> None:
        """Empty the box and hide it: every card is shown again."""
        self.value = ""
        self.display = False

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Closed())
