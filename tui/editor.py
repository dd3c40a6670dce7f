"""Edit text in the user's $EDITOR (the app suspends itself around this)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tui import paths
from tui.text_safety import clean_stored, for_clipboard

FALLBACK_EDITORS = ("nano", "vi")
"""Tried in turn when neither $VISUAL nor $EDITOR is set."""


class EditorError(Exception):
    """The editor could not be run, or gave up; the message is for the user."""


class NotUtf8Error(EditorError):
    """The editor saved bytes that are not UTF-8: they are kept in ``kept``, untouched."""

    def __init__(self, kept: Path) -> None:
        self.kept = kept
        super().__init__(
            f"the editor saved the draft in an encoding other than UTF-8; your text is kept,"
            f" as saved, in {_shown(kept)} (the draft in the app is unchanged)"
        )


def _shown(path: Path) -> str:
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def _keep(saved: Path) -> Path:
    """Move the editor's file where the user can open it again (its temporary folder goes)."""
    folder = paths.fallback_clipboard_file().parent / "unsaved-edits"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    kept = folder / f"draft-{stamp}.txt"
    number = 1
    while kept.exists():
        number += 1
        kept = folder / f"draft-{stamp}-{number}.txt"
    shutil.move(saved, kept)
    return kept


def editor_command() -> list[str]:
    """The editor to run: the one the user chose, else the first fallback installed."""
    for variable in ("VISUAL", "EDITOR"):
        chosen = os.environ.get(variable, "").strip()
        if not chosen:
            continue
        try:
            command = shlex.split(chosen)
        except ValueError as error:
            raise EditorError(
                f"${variable} is {chosen!r}, which cannot be read ({error})"
            ) from None
        # A chosen editor that is missing is an error, not a reason to open another one:
        # someone who set EDITOR=code should not find themselves in vi.
        if not shutil.which(command[0]):
            raise EditorError(f"${variable} is {chosen!r}, and {command[0]!r} was not found")
        return command
    for name in FALLBACK_EDITORS:
        if shutil.which(name):
            return [name]
    raise EditorError("no editor was found: set $EDITOR (for example to nano or vim)")


def edit_text(text: str, command: list[str] | None = None) -> str | None:
    """Open text in ``command`` (by default ``editor_command()``); None when left unchanged.

    The editor gets the text without control characters (no escape sequence reaches the
    terminal through it), and what it saves is cleaned the same way as any typed text.

    Raises EditorError when no editor can be run or the editor exits with an error (the
    text is then left as it was); NotUtf8Error when it saved bytes that are not UTF-8 (they
    are kept in a file the message names).
    """
    command = command or editor_command()
    text = for_clipboard(text)
    with tempfile.TemporaryDirectory(prefix="followup-tui-") as folder:
        draft = Path(folder) / "draft.txt"
        draft.write_text(text, encoding="utf-8")
        draft.chmod(0o600)
        try:
            finished = subprocess.run([*command, str(draft)], check=False)
        except OSError as error:
            raise EditorError(f"{command[0]} could not be started ({error.strerror})") from None
        if finished.returncode != 0:
            raise EditorError(
                f"{command[0]} exited with status {finished.returncode}; the draft is unchanged"
            )
        saved = draft.read_bytes()
        try:
            edited = clean_stored(saved.decode("utf-8"))
        except UnicodeDecodeError:
            raise NotUtf8Error(_keep(draft)) from None
    return None if edited == text else edited
