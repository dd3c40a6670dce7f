"""Dialogs for what comes in from outside: a file's path (with file-name completion), and
what an employer's reply says."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ..widgets.safe_text import printable
from .dialogs import DIALOG_CSS

FOLDERS = ("~/Downloads", "~/Desktop", "~")
"""Where a saved invite or message usually is: the newest one there is offered first."""


def newest_file(suffix: str, folders: Iterable[str] = FOLDERS, cwd: Path | None = None) -> str:
    """The most recently changed ``*.suffix`` in the working folder or the usual folders, as
    the prompt shows it ('~/Downloads/invite.ics'); '' when there is none."""
    best: tuple[float, Path] | None = None
    places = [cwd or Path.cwd(), *(Path(folder).expanduser() for folder in folders)]
    for place in places:
        try:
            entries = list(os.scandir(place))
        except OSError:
            continue
        for entry in entries[:2000]:
            if not entry.name.lower().endswith(suffix):
                continue
            try:
                changed = entry.stat().st_mtime
            except OSError:
                continue
            if best is None or changed > best[0]:
                best = (changed, Path(entry.path))
    if best is None:
        return ""
    home = str(Path.home())
    text = str(best[1])
    return "~" + text[len(home) :] if text.startswith(home + os.sep) else text


def pasted_path(text: str, suffixes: Sequence[str]) -> Path | None:
    """The file a terminal pasted (a dragged file's path: maybe quoted, maybe a file:// URL,
    maybe with backslash-escaped spaces), when it ends with one of ``suffixes`` and exists."""
    from urllib.parse import unquote, urlparse

    text = text.strip()
    if "\n" in text or not text:
        return None
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1]
    if text.startswith("file://"):
        text = unquote(urlparse(text).path)
    text = text.replace("\\ ", " ")
    if not text.lower().endswith(tuple(suffixes)):
        return None
    path = Path(text).expanduser()
    return path if path.is_file() else None


class PathSuggester(Suggester):
    """Completes file names as a shell does: the first entry of the folder that starts with
    what is typed (folders, and files with the wanted ending, first)."""

    def __init__(self, suffixes: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._suffixes = tuple(suffixes)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value, self._suffixes)


def complete_path(value: str, suffixes: Sequence[str]) -> str | None:
    """``value`` completed to the first entry of its folder that starts with what is typed
    (folders, and files with one of ``suffixes``, first); None when nothing does."""
    if not value:
        return None
    typed = Path(value).expanduser()
    folder, start = (typed, "") if value.endswith(os.sep) else (typed.parent, typed.name)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return None

    def rank(name: str) -> tuple[int, str]:
        wanted = name.lower().endswith(tuple(suffixes)) or (folder / name).is_dir()
        return (0 if wanted else 1, name)

    for name in sorted((n for n in names if n.startswith(start)), key=rank):
        if name.startswith(".") and not start.startswith("."):
            continue
        completed = value + name[len(start) :]
        if (folder / name).is_dir():
            completed += os.sep
        return completed if completed != value else None
    return None


class FilePromptScreen(ModalScreen[Path | str | None]):
    """Ask for a file: the newest likely one is filled in; tab completes file names. With
    ``accept_text``, text of several lines pasted here (a reply copied from the mail) is
    returned as it is, in place of a file."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="FilePromptScreen")
        + """
    FilePromptScreen > Vertical { width: 80; }
    """
    )
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="file_prompt.cancel"),
        Binding("tab", "complete", "Complete", id="file_prompt.complete"),
    ]

    def __init__(
        self,
        title: str,
        prompt: str,
        suffixes: Sequence[str],
        value: str = "",
        *,
        accept_text: bool = False,
    ) -> None:
        super().__init__()
        self._accept_text = accept_text
        self._title = title
        self._prompt = prompt
        self._suffixes = tuple(suffixes)
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self._title), classes="dialog-title")
            yield Static(Content(self._prompt))
            yield Input(
                self._value,
                placeholder=f"~/Downloads/invite{self._suffixes[0]}",
                suggester=PathSuggester(self._suffixes),
                id="file-input",
            )
            yield Static("", classes="dialog-error", id="file-error")
            yield Static(
                Content("enter opens it · tab completes the name · escape cancels"),
                classes="form-hint",
            )

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.focus()
        box.cursor_position = len(box.value)

    def on_paste(self, event: events.Paste) -> None:
        """Several lines pasted: the reply itself, not a path."""
        if self._accept_text and "\n" in event.text.strip():
            event.stop()
            event.prevent_default()
            self.dismiss(event.text)

    def action_complete(self) -> None:
        """Take the suggested completion (as → at the end of the line does)."""
        box = self.query_one(Input)
        suggestion = complete_path(box.value, self._suffixes)
        if suggestion:
            box.value = suggestion
            box.cursor_position = len(suggestion)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        path = pasted_path(text, self._suffixes) if text else None
        if path is None:
            typed = Path(text.strip("'\"")).expanduser() if text else None
            if typed is None:
                problem = "Type the file's path."
            elif not typed.is_file():
                problem = f"There is no file {printable(str(typed))}."
            else:
                problem = f"Choose a {' or '.join(self._suffixes)} file."
            self.query_one("#file-error", Static).update(Content(problem))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        """Close without a file."""
        self.dismiss(None)


class ChoiceScreen(ModalScreen[str | None]):
    """Pick one of a few answers (enter, or the answer's number); escape picks none."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ChoiceScreen")
    BINDINGS = [Binding("escape", "cancel", "Later", id="choice.cancel")]

    def __init__(self, title: str, text: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self._title = title
        self._text = text
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(printable(self._title)), classes="dialog-title")
            if self._text:
                yield Static(Content(printable(self._text, keep_newlines=True)))
            yield OptionList(
                *[
                    Option(f"{number}  {printable(label)}", id=key)
                    for number, (key, label) in enumerate(self._choices, start=1)
                ],
                id="choices",
            )
            yield Static(Content("escape: decide later"), classes="form-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key.isdigit() and 1 <= int(key) <= len(self._choices):
            self.dismiss(self._choices[int(key) - 1][0])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
