"""The floor: a Textual app that shows one line. Run by path, so nothing else is imported.

Each press of ``x`` rewrites the line ('pressed 1', 'pressed 2', ...), which gives the
floor for key press to repaint through a pseudo-terminal as well.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

READY_TEXT = "bare textual app ready"
"""What the launch benchmark waits for on the screen."""


class BareApp(App[None]):
    """One line of text; x changes it, q quits."""

    BINDINGS = [("q", "quit", "Quit"), ("x", "press", "Press")]

    presses = 0

    def compose(self) -> ComposeResult:
        yield Static(READY_TEXT, id="line")

    def action_press(self) -> None:
        """Show how many times x was pressed."""
        self.presses += 1
        self.query_one("#line", Static).update(f"pressed {self.presses}")


if __name__ == "__main__":
    BareApp().run()
