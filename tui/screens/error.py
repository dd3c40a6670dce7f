"""Shown instead of the board when the data file cannot be read: nothing is overwritten."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from ..store import CorruptFileError, NewerSchemaError, Store, StoreError
from ..widgets.safe_text import printable


class OpenErrorScreen(Screen[Store | None]):
    """Explain what is wrong with the file; offer the newest good backup, or quit."""

    BINDINGS = [
        Binding("b", "restore", "Open newest good backup", id="error.restore"),
        Binding("q,escape", "quit_app", "Quit", id="error.quit"),
    ]

    def __init__(self, path: Path, error: StoreError | None) -> None:
        super().__init__()
        self.path = path
        self.error = error
        # Only a damaged file is set aside for a backup: a file from a newer followup-tui
        # or one that cannot be reached (permissions, a disk error) is not damaged.
        damaged = isinstance(error, CorruptFileError)
        self.backup = Store.newest_good_backup(path) if damaged else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer ``b`` only when there is a backup to open."""
        if action == "restore":
            return self.backup is not None
        return True

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static("followup-tui cannot open your board", id="error-title")
            yield Static(Content(str(self.error or "Unknown error.")), id="error-message")
            yield Static(Content(self._advice()), id="error-advice")
            with Horizontal(id="error-buttons"):
                if self.backup is not None:
                    yield Button("Open backup (b)", id="restore", variant="primary")
                yield Button("Quit (q)", id="quit")
        yield Footer()

    def _advice(self) -> str:
        """What the user can do about this error."""
        if isinstance(self.error, NewerSchemaError):
            return (
                "Your board is not damaged: install the newest followup-tui to open it. "
                "The file has not been changed, and no backup is offered, because opening "
                "an older board would hide the changes made since in the newer version."
            )
        if not isinstance(self.error, CorruptFileError):
            return (
                "The file has not been changed. Fix the problem above, then start "
                "followup-tui again."
            )
        if self.backup is not None:
            return (
                f"The newest good backup is {self.backup.name}. Press b to open it: the "
                "damaged file is kept beside it, renamed, so nothing is lost."
            )
        return (
            "No good backup was found beside it. The file has not been changed; "
            "fix or move it, then start followup-tui again."
        )

    @on(Button.Pressed, "#restore")
    def action_restore(self) -> None:
        """Put the newest good backup in place and open it."""
        backup = self.backup
        if backup is None:
            return
        try:
            aside = Store.restore_backup(self.path, backup)
        except (StoreError, OSError) as error:
            self.query_one("#error-message", Static).update(Content(str(error)))
            return
        restored = f"The backup {backup.name} was put in place of {self.path.name}" + (
            f"; the damaged file is kept beside it as {aside.name}." if aside else "."
        )
        try:
            store = Store(self.path, background=True)
        except (StoreError, OSError) as error:
            # The damaged file is already aside: a second b would set the backup aside too.
            self.backup = None
            self.refresh_bindings()
            self.query_one("#restore", Button).remove()
            self.query_one("#error-message", Static).update(Content(f"{restored} {error}"))
            self.query_one("#error-advice", Static).update(
                Content("Fix the problem above, then start followup-tui again.")
            )
            return
        # Told on the app, so the note stays on screen over the board this screen gives way to.
        self.app.notify(printable(restored), title="Opened a backup", timeout=20, markup=False)
        self.dismiss(store)

    @on(Button.Pressed, "#quit")
    def action_quit_app(self) -> None:
        """Leave without touching anything."""
        self.dismiss(None)
