"""Text boxes for forms that apply every key in the order it was typed.

Textual hands each key to the focused widget, which types letters at once; any other key
(backspace, ctrl+u, end) climbs back through every container to the app, and only there is
matched to a binding: of the widget that has focus *by then*. Keys typed quickly are all
read before that climb ends, so a burst like "x, backspace, tab, Acme" ran the backspace
after the tab, on the next field, and deleted the "e" of Acme; ctrl+u in a date field,
typed ahead, cleared a line of the key points box. These boxes run their own bindings as
the key reaches them, in order with the letters around it.

The key points box also edits whole lines: ctrl+u, ctrl+k, home and end act on the line
as typed, not on the part of it that fits the box's width, and ctrl+a selects everything.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def run_own_binding(widget: Widget, event: events.Key) -> None:
    """Run ``widget``'s own binding for a key it did not type, now rather than later."""
    if event._stop_propagation:  # typed into the box (a letter), nothing else to do
        return
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await widget.app.run_action(binding.action, widget):
            event.stop()
            event.prevent_default()
            return


class FormInput(Input):
    """A one-line form field that applies backspace, ctrl+u and the like in typing order."""

    async def _on_key(self, event: events.Key) -> None:
        await super()._on_key(event)
        await run_own_binding(self, event)


class FormTextArea(TextArea):
    """A multi-line form field: keys in typing order, whole-line editing, select-all."""

    BINDINGS = [
        Binding("ctrl+a", "select_all", "Select all", show=False, id="form.select_all"),
    ]

    async def _on_key(self, event: events.Key) -> None:
        await super()._on_key(event)
        await run_own_binding(self, event)

    def get_cursor_line_start_location(self, smart_home: bool = False) -> tuple[int, int]:
        """The start of the cursor's line as typed (with ``smart_home``, its first
        non-blank character unless the cursor is already there)."""
        row, column = self.cursor_location
        line = self.document.get_line(row)
        first = len(line) - len(line.lstrip())
        if smart_home and column != first:
            return (row, first)
        return (row, 0)

    def get_cursor_line_end_location(self) -> tuple[int, int]:
        """The end of the cursor's line as typed, however it wraps."""
        row, _ = self.cursor_location
        return (row, len(self.document.get_line(row)))
