"""Exporting the board from the app: ask where, ask before replacing a file, write it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from textual.app import App

from ..model import Application, Profile
from ..widgets.notice import tell
from .dialogs import AskScreen, ConfirmScreen


def ask_export(
    app: App[Any],
    fmt: str,
    *,
    cards: Callable[[], list[Application]],
    profile: Callable[[], Profile],
    now: Callable[[], datetime],
    data_path: Path,
) -> None:
    """Write the board to a file the user names (ICS, CSV or JSON), asked over the board.

    ``cards``, ``profile`` and ``now`` are read when the file is written, not when asked:
    what is exported is the board as it is then. A relative name is taken beside
    ``data_path`` (the board's file).
    """
    from ..exchange.output import export_bytes, output_path, write_file

    suggested = Path.home() / f"followup-tui.{fmt}"

    def write(target: Path) -> None:
        every_card = cards()
        try:
            data = export_bytes(fmt, every_card, profile(), now=now())
            write_file(target, data)
        except OSError as error:
            where = error.filename or target
            tell(app, f"Could not write {where}: {error.strerror or error}", severity="error")
            return
        tell(app, f"Exported {len(every_card)} cards to {target}", title="Exported", timeout=6)

    def chosen(text: str | None) -> None:
        if not text:
            return
        try:
            target = output_path(text, data_path)
            exists = target.exists()
        except (OSError, ValueError) as error:
            tell(app, f"Could not export: {error}", severity="error")
            return
        if not exists:
            write(target)
            return
        app.push_screen(
            ConfirmScreen(
                f"Replace {target.name}?",
                f"{target} already exists. Replace it with the export?",
                yes="Replace",
            ),
            lambda replace: write(target) if replace else None,
        )

    app.push_screen(
        AskScreen(f"Export ({fmt.upper()})", "Save to file:", value=str(suggested)), chosen
    )
