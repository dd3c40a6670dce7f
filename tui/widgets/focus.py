"""Moving focus in time for the next key."""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget, *, scroll_visible: bool = True) -> None:
    """Focus ``widget`` before the next key is handled.

    ``Widget.focus()`` moves focus later, through the message queue, so keys that arrived in
    the same read as the one that asked for it ("/acme" typed or pasted quickly) would still
    go to the old widget: letters meant for the filter box moved and opened cards.

    ``scroll_visible=False`` for a form's first field: scrolling to it before the form is
    laid out scrolled its label out of sight.
    """
    widget.screen.set_focus(widget, scroll_visible=scroll_visible)
