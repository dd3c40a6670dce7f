"""The console script's harness: the installed ``followup-tui`` run as a command, and in a real
pseudo-terminal driven by key presses.

A small terminal emulator (cursor moves and text; colours ignored) rebuilds the screen from
what the app writes, so the tests wait for what a person would see instead of sleeping.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pexpect
import pytest
from rich.cells import cell_len

from tui.cli import main
from tui.model import Application
from tui.store import Store

ROWS, COLUMNS = 36, 120
STARTUP_SECONDS = 30.0
"""Generous: a cold start on a loaded CI machine imports Textual from scratch."""

# One terminal control sequence: CSI (with its parameters), OSC, DCS/APC/PM, or a two-byte ESC.
_SEQUENCE = re.compile(
    r"\x1b\[(?P<params>[0-9;:?<=>$ ]*)(?P<final>[@-~])"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[P_^][^\x1b]*\x1b\\"
    r"|\x1b[^\[\]P_^]"
)
_INCOMPLETE = re.compile(r"\x1b(?:\[[0-9;:?<=>$ ]*|\][^\x07\x1b]*|[P_^][^\x1b]*|)$")


@dataclass
class Screen:
    """Enough of a VT100 to follow Textual's output: absolute cursor moves, erases and text."""

    rows: int = ROWS
    columns: int = COLUMNS
    row: int = 0
    column: int = 0
    cells: list[list[str]] = field(default_factory=list)
    pending: str = ""
    raw: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        """Blank every cell."""
        self.cells = [[" "] * self.columns for _ in range(self.rows)]

    def feed(self, data: str) -> None:
        """Apply a chunk of output (sequences may be split between chunks)."""
        self.raw.append(data)
        data = self.pending + data
        incomplete = _INCOMPLETE.search(data)
        cut = incomplete.start() if incomplete else len(data)
        self.pending = data[cut:]
        position = 0
        for match in _SEQUENCE.finditer(data, 0, cut):
            self._text(data[position : match.start()])
            self._control(match)
            position = match.end()
        self._text(data[position:cut])

    def _control(self, match: re.Match[str]) -> None:
        final = match.group("final")
        if final is None:
            return
        params = match.group("params") or ""
        if params.startswith("?"):
            if params[1:].split(";")[0] in ("1049", "47", "1047"):
                self.clear()  # the alternate screen starts (or ends) blank
            return
        numbers = [int(part) if part.isdigit() else 0 for part in params.split(";")]
        first = numbers[0] or 1
        if final in "Hf":
            self.row = min(self.rows - 1, first - 1)
            self.column = min(self.columns - 1, (numbers[1] if len(numbers) > 1 else 1) - 1)
        elif final == "A":
            self.row = max(0, self.row - first)
        elif final == "B":
            self.row = min(self.rows - 1, self.row + first)
        elif final == "C":
            self.column = min(self.columns - 1, self.column + first)
        elif final == "D":
            self.column = max(0, self.column - first)
        elif final == "G":
            self.column = min(self.columns - 1, first - 1)
        elif final == "d":
            self.row = min(self.rows - 1, first - 1)
        elif final == "J" and numbers[0] == 2:
            self.clear()
        elif final == "K":
            line = self.cells[self.row]
            start = self.column if numbers[0] == 0 else 0
            end = self.columns if numbers[0] in (0, 2) else self.column + 1
            line[start:end] = [" "] * (end - start)

    def _text(self, text: str) -> None:
        for character in text:
            if character == "\r":
                self.column = 0
            elif character == "\n":
                self.row = min(self.rows - 1, self.row + 1)
            elif character == "\b":
                self.column = max(0, self.column - 1)
            elif character >= " ":
                width = cell_len(character)
                if self.column + width <= self.columns:
                    self.cells[self.row][self.column] = character
                    if width == 2:
                        self.cells[self.row][self.column + 1] = ""
                self.column = min(self.columns - 1, self.column + width)

    @property
    def text(self) -> str:
        """The screen as lines of text."""
        return "\n".join("".join(line) for line in self.cells)


class App:
    """The console script running in a pseudo-terminal, with its screen."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.screen = Screen()
        self.child = pexpect.spawn(
            console_script(),
            list(args),
            env=env or app_env(),
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            codec_errors="replace",
        )

    def read(self, timeout: float = 0.05) -> None:
        """Take in whatever the app has written."""
        try:
            while True:
                self.screen.feed(self.child.read_nonblocking(65536, timeout=timeout))
                timeout = 0.01
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    def wait_for(self, text: str, timeout: float = 15.0) -> None:
        """Poll the screen until ``text`` is on it."""
        deadline = time.monotonic() + timeout
        while True:
            self.read()
            if text in self.screen.text:
                return
            if time.monotonic() > deadline or not self.child.isalive():
                raise AssertionError(f"{text!r} never appeared; the screen:\n{self.screen.text}")

    def press(self, keys: str, then: str | None = None) -> None:
        """Type ``keys``; then wait for ``then`` to appear."""
        self.child.send(keys)
        if then is not None:
            self.wait_for(then)

    def wait_exit(self, timeout: float = 15.0) -> int:
        """Wait for the app to end; its exit status (-signal when killed)."""
        deadline = time.monotonic() + timeout
        while self.child.isalive():
            self.read()
            if time.monotonic() > deadline:
                self.child.kill(9)
                raise AssertionError(f"the app did not exit; the screen:\n{self.screen.text}")
        self.child.close()
        if self.child.signalstatus is not None:
            return -int(self.child.signalstatus)
        return int(self.child.exitstatus or 0)

    def kill(self) -> None:
        """End the app if it is still running (test cleanup)."""
        if self.child.isalive():
            self.child.kill(9)
        self.child.close(force=True)


def console_script() -> str:
    """The installed ``followup-tui``: next to this Python first, else on PATH."""
    beside = Path(sys.executable).parent / "followup-tui"
    found = str(beside) if beside.exists() else shutil.which("followup-tui")
    if found is None:
        pytest.fail("followup-tui is not installed: run `pip install -e '.[test]'` first")
    return found


def app_env() -> dict[str, str]:
    """The test's environment (config, data and cache in tmp) in a 256-colour terminal."""
    env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    env.pop("TEXTUAL", None)
    return env


def board_json(path: Path) -> dict[str, Any]:
    """The board file as JSON: every write must leave it parseable."""
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@contextmanager
def launched(*args: str, ready: str = "Welcome to followup-tui") -> Iterator[App]:
    """Start the app, wait until ``ready`` shows, and make sure it is gone afterwards."""
    app = App(*args)
    try:
        app.wait_for(ready, timeout=STARTUP_SECONDS)
        yield app
    finally:
        app.kill()


def quit_app(app: App) -> None:
    """Press q and check the app ends cleanly."""
    app.press("q")
    assert app.wait_exit() == 0


ROOT = Path(__file__).resolve().parents[2]
"""The checkout: scripts run from here."""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def cards_in(db: Path) -> list[Application]:
    with Store(db, read_only=True) as store:
        return store.applications()


def one_line(err: str) -> str:
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith("followup-tui: ")
    assert "Traceback" not in err
    return err


def script() -> list[str]:
    installed = ROOT / ".venv" / "bin" / "followup-tui"
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "tui"]


def run_script(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*script(), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )
