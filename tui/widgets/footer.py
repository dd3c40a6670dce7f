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
Layout = tuple[tuple[tuple[str, str, str, str], ...], bool, bool]
"""What a rebuild draws: the keys (without their enabled state), narrow, under a dialog."""


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

    Only public hooks are used: ``compose`` and ``recompose``, which Footer calls when the
    screen's bindings change (Footer's own handler for that changed from async to sync in
    Textual 6.1; overriding it drew a blank footer on the other kind).
    """

    _drawn: Layout | None = None
    """What the last rebuild drew; None until it drew the keys."""

    narrow: reactive[bool] = reactive(False, recompose=True)
    """Leave out the keys in LEFT_OUT_WHEN_NARROW."""

    def fit(self, width: int, *, save_again: bool) -> None:
        """Leave keys out when they would push ? Help and q Quit off a ``width``-cell line:
        up to 100 cells, or 130 while ``save_again`` ('ctrl+s Save again') takes room too."""
        self.narrow = width <= (130 if save_again else 100)

    def compose(self) -> ComposeResult:
        layout = self._layout()
        self._drawn = None
        if layout[2]:
            # A dialog is open over the board: its keys are its own, and the board's keys
            # shown here would do nothing (ctrl+q still quits; it needs no footer).
            self._drawn = layout
            return
        keys = 0
        for widget in super().compose():
            action = getattr(widget, "action", None)
            if self.narrow and action in LEFT_OUT_WHEN_NARROW:
                continue
            keys += not widget.has_class("-command-palette")
            yield widget
        if keys:
            # Footer draws nothing until the screen's bindings are ready: remember only a
            # rebuild that drew them, so the next one is not skipped as "no change".
            self._drawn = layout
        if self.narrow:
            self.styles.grid_size_columns = keys

    async def recompose(self) -> None:
        if self.is_attached and self._drawn is not None:
            layout = self._layout()
            if layout == self._drawn:
                self._restyle_enabled()
                return
        await super().recompose()

    def _layout(self) -> Layout:
        if not self.is_attached:
            return ((), self.narrow, False)
        screen = self.screen
        return (
            _without_enabled(_shown_keys(screen)),
            self.narrow,
            self.app.screen is not screen,
        )

    def _restyle_enabled(self) -> None:
        """Dim the keys that are disabled now, undim the others, without a rebuild."""
        enabled_by_action: dict[str, bool] = {}
        for _, action, _, enabled, _ in _shown_keys(self.screen):
            enabled_by_action.setdefault(action, enabled)
        # Selected by type name: FooterKey lives in a private Textual module. Its dimmed
        # look is the "-disabled" class it gets when built disabled.
        for key in self.query("FooterKey"):
            disabled = not enabled_by_action.get(getattr(key, "action", ""), True)
            key.set_class(disabled, "-disabled")
