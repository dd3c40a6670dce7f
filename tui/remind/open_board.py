"""Clicking a reminder opens the board on its card: a terminal running
``followup-tui --db BOARD --card N``.

The terminal is the ``terminal`` setting, else ``$TERMINAL``, else ``x-terminal-emulator``
(Debian's choice), else the first common one on PATH. Each terminal takes the command to run
its own way (``-e``, ``-x``, ``--``, or none), so known ones get theirs and any other gets
``-e`` (what xterm and most of its kind read); a setting that ends with its own flag (for
example ``"wezterm start --"``) is used as written. On macOS it is Terminal.app, on Windows
a new console window.

The terminal is started in its own session with no link to ``remind``'s output, so it
outlives ``remind`` (the systemd unit says ``KillMode=process`` for the same reason).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

COMMON_TERMINALS = (
    "gnome-terminal",
    "konsole",
    "xfce4-terminal",
    "kgx",
    "ptyxis",
    "tilix",
    "terminator",
    "alacritty",
    "kitty",
    "foot",
    "wezterm",
    "urxvt",
    "st",
    "xterm",
)
"""Looked for on PATH, in this order, when nothing names a terminal."""

EXEC_FLAGS = {
    "gnome-terminal": ["--"],
    "kgx": ["--"],
    "ptyxis": ["--"],
    "xfce4-terminal": ["-x"],
    "terminator": ["-x"],
    "kitty": [],
    "foot": [],
    "wezterm": ["start", "--"],
}
"""How a terminal is told the command to run, where it is not ``-e``."""

OWN_FLAGS = frozenset({"-e", "-x", "--", "--command", "--execute", "-c"})
"""A setting that ends with one of these already says how."""


@dataclass(frozen=True)
class Terminal:
    """A terminal to open the board in: the words before the command, and where they came
    from (for messages)."""

    words: tuple[str, ...]
    source: str

    def command(self, run: Sequence[str]) -> list[str]:
        """The whole command line that opens this terminal running ``run``."""
        words = list(self.words)
        if words and words[-1] in OWN_FLAGS:
            return [*words, *run]
        name = Path(words[0]).name if words else ""
        return [*words, *EXEC_FLAGS.get(name, ["-e"]), *run]


def find_terminal(setting: str, environ: dict[str, str] | None = None) -> Terminal | None:
    """The terminal to use, or None when there is none (see the module's doc)."""
    environ = dict(os.environ) if environ is None else environ
    for value, source in (
        (setting, "the terminal setting"),
        (environ.get("TERMINAL", ""), "$TERMINAL"),
    ):
        if value.strip():
            try:
                words = shlex.split(value)
            except ValueError:
                words = value.split()
            if words:
                return Terminal(tuple(words), source)
    if sys.platform == "darwin":
        return Terminal(("osascript",), "Terminal.app")
    if sys.platform == "win32":
        return Terminal((), "a new console window")
    for name in ("x-terminal-emulator", *COMMON_TERMINALS):
        found = shutil.which(name, path=environ.get("PATH"))
        if found:
            return Terminal((found,), name)
    return None


def board_command(board: Path, card_id: int) -> list[str]:
    """``followup-tui --db BOARD --card N``, with this installation's followup-tui."""
    script = Path(sys.executable).parent / (
        "followup-tui.exe" if os.name == "nt" else "followup-tui"
    )
    start = [str(script)] if script.exists() else [sys.executable, "-m", "tui"]
    return [*start, "--db", str(board), "--card", str(card_id)]


def open_board(terminal: Terminal, board: Path, card_id: int) -> str:
    """Open a terminal on the board at this card; '' when started, else one line saying why
    not. It does not wait for the terminal."""
    run = board_command(board, card_id)
    if sys.platform == "darwin" and terminal.words == ("osascript",):
        script = f'tell application "Terminal" to do script {_applescript(shlex.join(run))}'
        command = ["osascript", "-e", script, "-e", 'tell application "Terminal" to activate']
    elif not terminal.words:  # Windows: its own console window
        command = run
    else:
        command = terminal.command(run)
    try:
        if sys.platform == "win32":
            flags = getattr(subprocess, "CREATE_NEW_CONSOLE", 0)
            subprocess.Popen(command, creationflags=flags, **_DETACHED)
        else:
            subprocess.Popen(command, start_new_session=True, **_DETACHED)
    except OSError as error:
        return f"could not open {terminal.source} ({command[0]}): {error.strerror or error}"
    return ""


_DETACHED: dict[str, Any] = {
    "stdin": subprocess.DEVNULL,
    "stdout": subprocess.DEVNULL,
    "stderr": subprocess.DEVNULL,
    "close_fds": True,
}


def _applescript(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
