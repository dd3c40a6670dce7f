"""Keys remapped in config.toml: checked against every binding, and named for the panel.

Pure: it is handed the bindings (``tui.app.keymap`` gathers them from every screen), and
imports nothing from tui.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from textual.binding import Binding, BindingType


def _keys_by_id(bindings: Iterable[BindingType]) -> dict[str, str]:
    return {b.id: b.key for b in bindings if isinstance(b, Binding) and b.id}


def _split(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


class Keymap:
    """The keys after the user's remapping, and what is wrong with the remapping."""

    def __init__(
        self,
        remapped: Mapping[str, str],
        *,
        board: Iterable[BindingType],
        others: Iterable[BindingType],
    ) -> None:
        """``board``: the bindings that share the board's key space; ``others``: the keys of
        the draft editor and of every dialog."""
        board_keys = _keys_by_id(board)
        defaults = {**_keys_by_id(others), **board_keys}
        self.keys = {name: remapped.get(name, keys) for name, keys in defaults.items()}
        """Every binding id's keys (comma-separated, as Textual writes them)."""
        self.problems: list[str] = [
            f"config.toml: [keys] {binding_id!r} is not a binding id (the README's Settings "
            "says where they are listed); ignored"
            for binding_id in remapped
            if binding_id not in defaults
        ]
        """One message per unknown id and per key given to two board actions."""
        owners: dict[str, list[str]] = {}
        for binding_id in board_keys:
            for key in _split(self.keys[binding_id]):
                owners.setdefault(key, []).append(binding_id)
        for key, ids in owners.items():
            if len(ids) > 1 and any(binding_id in remapped for binding_id in ids):
                self.problems.append(
                    f"config.toml: [keys] {key!r} is set for {' and '.join(ids)}; "
                    "only one of them can have it"
                )

    def name(self, binding_id: str, display: Callable[[str], str]) -> str:
        """How the panel shows the first key of a binding ('[' for left_square_bracket)."""
        first = _split(self.keys.get(binding_id, ""))
        if not first:
            return "(no key)"
        return first[0] if "+" in first[0] else display(first[0])
