"""One line naming every stage with its count, shown when not every column fits."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from textual.content import Content
from textual.widgets import Static

from ..model import Stage


class StageTabs(Static):
    """Each stage and its count: the focused one reversed, those on screen bold."""

    def __init__(self) -> None:
        super().__init__(id="stage-tabs")
        self._shown: tuple[tuple[str, str], ...] = ()

    def show_stages(
        self,
        counts: Mapping[Stage, int],
        *,
        focused: Stage,
        on_screen: Collection[Stage],
        compact: bool,
    ) -> None:
        """Name every stage with its count (``compact``: short names, for a narrow screen);
        shown only while some stage is not ``on_screen``."""
        self.display = len(on_screen) < len(Stage)
        parts = []
        for stage in Stage:
            name = stage.label.split()[0] if stage is Stage.AWAITING_DECISION else stage.label
            label = f"{name} {counts[stage]}" if compact else f" {stage.label} {counts[stage]} "
            if stage is focused:
                parts.append((label, "bold reverse"))
            elif stage in on_screen:
                parts.append((label, "bold"))
            else:
                parts.append((label, "dim"))
            parts.append(("│", "dim"))
        # Compared as parts: Content equality looks at the text only, not at its styles.
        shown = tuple(parts[:-1])
        if shown != self._shown:
            self._shown = shown
            self.update(Content.assemble(*shown), layout=False)
