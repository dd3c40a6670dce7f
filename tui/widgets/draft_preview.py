"""The draft as wrapped text with its gaps highlighted, drawn line by line."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class DraftPreview(ScrollView):
    """The draft as wrapped text with its gaps highlighted, drawn line by line.

    A line-API widget rather than a Static: showing another draft changes only what is drawn
    here, never the layout of the screen (a relayout redraws every column of the board).
    """

    DEFAULT_CSS = """
    DraftPreview { overflow-x: hidden; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown = Text()
        """What the preview holds, highlighted."""
        self._lines: list[Strip] = []
        self._wrapped_for = -1

    def show_text(self, text: Text) -> None:
        """Replace the text (nothing happens when it is the same)."""
        if text == self.shown and self._wrapped_for >= 0:
            return
        self.shown = text
        self._wrapped_for = -1
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._wrap()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        console = self.app.console
        options = console.options.update_width(width)
        self._lines = [Strip(line) for line in console.render_lines(self.shown, options, pad=False)]
        self._wrapped_for = width
        size = Size(width, len(self._lines))
        if size != self.virtual_size:
            # The box keeps its size, so no relayout of the screen.
            self.set_reactive(DraftPreview.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._wrapped_for != width:
            self._wrap()
        index = round(self.scroll_offset.y) + y
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[index].crop_extend(0, width, style).apply_style(style)
