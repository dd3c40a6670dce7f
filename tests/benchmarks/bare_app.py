"""The floor: a Textual app that shows one line. Run by path, so nothing else is imported."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY_TEXT = "bare textual app ready"
"""What the launch benchmark waits for on the screen."""


class BareApp(App[None]):
    """One line of text; q quits."""

    BINDINGS = [("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT)


if __name__ == "__main__":
    BareApp().run()
