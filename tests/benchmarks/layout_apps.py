"""Stripped apps for ``layout_floor.py``: the board's layout with nothing behind it.

Run by path (``python layout_apps.py columns``), like ``bare_app.py``, so that nothing but
Textual is imported.
"""

from __future__ import annotations

import sys

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer, Static

CARD_TEXT = "Nimbus Foods #{line} card"
"""What every drawn line says; the harness waits for it."""


class Column(ScrollView):
    """A bordered column drawing numbered lines."""

    DEFAULT_CSS = "Column { width: 1fr; height: 1fr; border: round $panel; }"

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        return Strip([Segment(CARD_TEXT.format(line=y).ljust(width)[:width])])


class WholeBoard(Widget):
    """One widget drawing six bordered columns side by side."""

    DEFAULT_CSS = "WholeBoard { width: 1fr; height: 1fr; }"

    def render_line(self, y: int) -> Strip:
        width = self.size.width // 6
        inner = width - 2
        if y in (0, self.size.height - 1):
            piece = "╭" + "─" * inner + "╮" if y == 0 else "╰" + "─" * inner + "╯"
        else:
            piece = "│" + CARD_TEXT.format(line=y).ljust(inner)[:inner] + "│"
        return Strip([Segment(piece * 6)])


class LayoutApp(App[None]):
    """The board's layout with nothing behind it: ``columns`` or ``one-widget``."""

    BINDINGS = [("q", "quit", "Quit"), ("n", "quit", "New"), ("e", "quit", "Open")]
    CSS = "#side { width: 42; border: round $panel; } #top { height: 1; }"

    def __init__(self, shape: str) -> None:
        super().__init__()
        self.shape = shape

    def compose(self) -> ComposeResult:
        yield Static("Interviewed · layout floor", id="top")
        with Horizontal():
            if self.shape == "columns":
                for _ in range(6):
                    yield Column()
            else:
                yield WholeBoard()
            yield Static("Draft\n" * 10, id="side")
        yield Footer()


if __name__ == "__main__":
    LayoutApp(sys.argv[1]).run()
