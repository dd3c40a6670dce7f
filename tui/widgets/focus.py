"""Moving focus in time for the next key."""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` before the next key is handled.

    ``Widget.focus()`` moves focus later, through the message queue, so keys that arrived in
    the same read as the one that asked for it ("/acme" typed or pasted quickly) would still
    go to the old widget: letters meant for the filter box moved and opened cards.
    """
    widget.screen.set_focus(widget)
