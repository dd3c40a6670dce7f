"""Edit text in the user's $EDITOR (the app suspends itself around this)."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

FALLBACK_EDITORS = ("nano", "vi")
"""Tried in turn when neither $VISUAL nor $EDITOR is set."""


class EditorError(Exception):
    """The editor could not be run, or gave up; the message is for the user."""


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

    Raises EditorError when no editor can be run or the editor exits with an error (the
    text is then left as it was).
    """
    command = command or editor_command()
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
        edited = draft.read_text(encoding="utf-8")
    return None if edited == text else edited
