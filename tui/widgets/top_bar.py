"""The lines above the board: the app's title, today with the day's counts and the save state;
and under them the banner (the demo, a read-only board, what came in from the disk)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class TopBar(Horizontal):
    """Title, summary and save state; each label repaints alone (no relayout of the screen)."""

    def __init__(self, title: str) -> None:
        super().__init__(id="topbar")
        self._title = title
        self._summary = ""

    def compose(self) -> ComposeResult:
        yield Static(Content(self._title), id="title")
        yield Static(id="summary")
        yield Static(id="save-status")

    def show_summary(self, summary: str) -> None:
        """Say what today is and what it holds (nothing happens when it is unchanged)."""
        if summary != self._summary:
            self._summary = summary
            self.query_one("#summary", Static).update(Content(summary), layout=False)

    def show_save_state(self, text: str, *, error: bool) -> None:
        """Say where the board stands with the disk; ``error`` when the last save failed."""
        label = self.query_one("#save-status", Static)
        label.update(Content(text), layout=False)
        label.set_class(error, "-error")

    def fit(self, width: int) -> None:
        """Under 100 cells the title and status take only what they need."""
        self.set_class(width < 100, "-narrow")


def opening_notice(read_only_reason: str, *, demo: bool) -> str:
    """What the banner says as the board opens: why it is read-only, or that it is the demo."""
    if read_only_reason:
        return f"Read-only: {read_only_reason}"
    return "Demo board: a temporary copy. Your own board is untouched." if demo else ""


class Banner(Static):
    """A line that needs the user's eye: the demo's copy, why the board is read-only, what
    another copy of the board changed. Hidden while it has nothing to say."""

    def __init__(self) -> None:
        super().__init__(id="banner")

    def say(self, text: str) -> None:
        """Show ``text`` (as text, never markup); hide the banner when it is empty."""
        self.update(Content(text))
        self.display = bool(text)
