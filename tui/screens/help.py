"""Help: the keys, where the files are, and how templates work."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Markdown

from .. import paths


def help_markdown(data_file: Path) -> str:
    """The help text, with this user's paths filled in."""
    text = (paths.bundled_data_dir() / "help.md").read_text(encoding="utf-8")
    return (
        text.replace("{data_file}", str(data_file))
        .replace("{templates_dir}", str(paths.user_templates_dir()))
        .replace("{config_file}", str(paths.config_file()))
    )


class HelpScreen(ModalScreen[None]):
    """The key contract and the files the app uses."""

    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close"),
        Binding("j", "scroll(1)", "Down", show=False, id="help.down"),
        Binding("k", "scroll(-1)", "Up", show=False, id="help.up"),
    ]

    def __init__(self, data_file: Path) -> None:
        super().__init__()
        self.data_file = data_file

    def compose(self) -> ComposeResult:
        # The box scrolls (arrows, page keys, home/end, the wheel), not the Markdown in it.
        with VerticalScroll(id="help"):
            yield Markdown(help_markdown(self.data_file), id="help-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help", VerticalScroll).focus()

    def action_scroll(self, lines: int) -> None:
        """j and k scroll the help, as they move on the board."""
        self.query_one("#help", VerticalScroll).scroll_relative(y=lines, animate=False)
