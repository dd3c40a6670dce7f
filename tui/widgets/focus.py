"""Moving focus in time for the next key."""

from __future__ import annotations

import sys

from textual import events
from textual.widget import Widget
from textual.widgets import Input


def focus_now(widget: Widget, *, scroll_visible: bool = True) -> None:
    """Focus ``widget`` before the next key is handled.

    ``Widget.focus()`` moves focus later, through the message queue, so keys that arrived in
    the same read as the one that asked for it ("/acme" typed or pasted quickly) would still
    go to the old widget: letters meant for the filter box moved and opened cards.

    ``scroll_visible=False`` for a form's first field: scrolling to it before the form is
    laid out scrolled its label out of sight.
    """
    widget.screen.set_focus(widget, scroll_visible=scroll_visible)


def hand_to_text_box(focused: Widget | None, event: events.Key) -> None:
    """A letter that reaches the app while a text box has focus came from behind it: hand
    it to the box.

    Keys read from the terminal in one go are each handed to the widget that had focus
    when the app read them. "/acme" typed or pasted quickly: "acme" goes to the board,
    which passes it up to the app only after "/" has given the filter box focus. The
    box would never see the letters (a text box keeps the letters typed into it), so
    they are handed on.

    The new card's form focuses its first field as it mounts, for the same reason:
    "nAcme" read at once puts "Acme" in the company field.
    """
    if event.is_printable and focused is not None and _takes_text(focused):
        event.stop()
        event.prevent_default()
        focused.post_message(events.Key(event.key, event.character))


def _takes_text(widget: Widget) -> bool:
    """True for a text box: the filter or a form field (Input), or a TextArea."""
    if isinstance(widget, Input):
        return True
    # No TextArea exists before its module is loaded (it is imported on first use).
    text_area = sys.modules.get("textual.widgets._text_area")
    return text_area is not None and isinstance(widget, text_area.TextArea)
