"""The footer, rebuilt only when the set of keys it shows changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer

LEFT_OUT_WHEN_NARROW = frozenset({"move_card(-1)", "move_to", "today"})
"""Keys the footer leaves out on a narrow screen, so that '? Help' and 'q Quit' still fit
at 80 cells: H is L's twin, and m and t are in the help. The keys themselves still work."""

Shown = tuple[tuple[str, str, str, bool, str], ...]


def _shown_keys(screen: Screen[object]) -> Shown:
    """What the footer would show: key, action, description, enabled, tooltip."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


def _without_enabled(shown: Shown) -> tuple[tuple[str, str, str, str], ...]:
    return tuple((key, action, description, tip) for key, action, description, _, tip in shown)


class BoardFooter(Footer):
    """Textual's Footer, minus the rebuilds that change nothing.

    Textual's Footer removes and mounts all its key widgets whenever the bindings *may* have
    changed, which on the board is several times per key press (focus, cursor, a notice).
    Each rebuild costs a layout of the whole screen, 30-40 ms at 160x48 on a 2-core machine.
    When only a key's enabled state changed (a move at the edge of the board), its widget is
    restyled in place instead.
    """

    _shown: Shown | None = None

    narrow: reactive[bool] = reactive(False, recompose=True)
    """Leave out the keys in LEFT_OUT_WHEN_NARROW."""

    def compose(self) -> ComposeResult:
        if self.is_attached and self.app.screen is not self.screen:
            # A dialog is open over the board: its keys are its own, and the board's keys
            # shown here would do nothing (ctrl+q still quits; it needs no footer).
            return
        keys = 0
        for widget in super().compose():
            action = getattr(widget, "action", None)
            if self.narrow and action in LEFT_OUT_WHEN_NARROW:
                continue
            keys += not widget.has_class("-command-palette")
            yield widget
        if self.narrow:
            self.styles.grid_size_columns = keys

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = _shown_keys(screen)
        if self._bindings_ready and shown == self._shown:
            return
        if (
            self._bindings_ready
            and self._shown is not None
            and _without_enabled(shown) == _without_enabled(self._shown)
            and screen is self.screen
        ):
            enabled_by_action: dict[str, bool] = {}
            for _, action, _, enabled, _ in shown:
                enabled_by_action.setdefault(action, enabled)
            # Selected by type name: FooterKey lives in a private Textual module.
            for key in self.query("FooterKey"):
                disabled = not enabled_by_action.get(getattr(key, "action", ""), True)
                key.set_class(disabled, "-disabled")
            self._shown = shown
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown
