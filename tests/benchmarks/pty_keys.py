"""Key press to repaint and to disk in a real pseudo-terminal (coarse: screen polling).

The app runs in tmux on a copy of the board; keys go in with ``send-keys`` and the screen
is read with ``capture-pane`` in a tight loop. Each read costs a few milliseconds of a
process start, so these numbers have a resolution of about 5 ms and include tmux's own
delay; the in-process numbers (``keys.py``) are the precise ones.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .bare_app import READY_TEXT
from .launch import board_drawn, console_script
from .terminal import Pane, Tmux

_THANKED = re.compile(r"Thanked \(?(\d+)\)?[ ─]")
"""The Thanked column's count, whole ('Thanked 1006 ─' or 'Thanked (1006)'), never cut short."""
_FILTER_BOX = "▔▔▔▔▔▔▔▔▔▔"
WAIT_SECONDS = 15.0
KEY_POLL_SECONDS = float(os.environ.get("BENCH_POLL", "0.005"))
"""Between screen reads after a key: each read is a process start competing for the CPU."""


@dataclass(slots=True)
class PtyKeyResults:
    """Seconds per run, as seen from outside the app."""

    floor_repaint: list[float] = field(default_factory=list)
    """The bare Textual app redrawing one line on a key: what tmux plus Textual cost."""
    move_repaint: list[float] = field(default_factory=list)
    move_on_disk: list[float] = field(default_factory=list)
    filter_repaint: list[float] = field(default_factory=list)


def _thanked_count(screen: str) -> int | None:
    found = _THANKED.search(screen)
    return int(found.group(1)) if found else None


def _title_row(screen: str) -> str:
    """The row of column titles ('╭─ Intervie… 1033 ─╮╭─ Thanked 1006 ─╮…'): the first row
    where one box ends and the next begins (titles are cut to fit while filtering)."""
    return next((line for line in screen.splitlines() if "╮╭" in line), "")


def _count_is(expected: int, screen: str) -> bool:
    return _thanked_count(screen) == expected


def _titles_changed(before: str, screen: str) -> bool:
    return "" != _title_row(screen) != before


def _inode(path: Path) -> int:
    # Each save replaces the file (a new inode), so this changes once the save is done.
    return os.stat(path).st_ino


def _watch(
    pane: Pane, board: Path, repainted: Callable[[str], bool], saved: bool
) -> tuple[float, float | None]:
    """Poll screen and file until the repaint (and the save, if ``saved``) are seen."""
    started = time.perf_counter()
    inode = _inode(board)
    seen_screen: float | None = None
    seen_disk: float | None = None
    while seen_screen is None or (saved and seen_disk is None):
        if saved and seen_disk is None and _inode(board) != inode:
            seen_disk = time.perf_counter()
        if seen_screen is None and repainted(pane.capture()):
            seen_screen = time.perf_counter()
        if time.perf_counter() - started > WAIT_SECONDS:
            raise TimeoutError("the key had no visible effect")
        time.sleep(KEY_POLL_SECONDS)
    return seen_screen, seen_disk


def _environment(home: Path) -> dict[str, str]:
    return {
        "FOLLOWUP_TUI_CONFIG_DIR": str(home / "config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }


def _measure_floor(tmux: Tmux, results: PtyKeyResults, runs: int, warmups: int) -> None:
    bare = Path(__file__).with_name("bare_app.py")
    with tempfile.TemporaryDirectory(prefix="followup-bench-home-") as home:
        pane = tmux.start([sys.executable, str(bare)], _environment(Path(home)))
        try:
            pane.wait_for(lambda screen: READY_TEXT in screen)
            for run in range(warmups + runs):
                started = time.perf_counter()
                pane.send_keys("x")
                seen, _ = pane.wait_for(
                    partial(_has_line, f"pressed {run + 1}"), poll=KEY_POLL_SECONDS
                )
                if run >= warmups:
                    results.floor_repaint.append(seen - started)
                time.sleep(0.2)
        finally:
            pane.close()


def _has_line(text: str, screen: str) -> bool:
    return text in (line.strip() for line in screen.splitlines())


def measure_pty_keys(tmux: Tmux, board: Path, runs: int, warmups: int = 1) -> PtyKeyResults:
    """Moves (L, then H back) and the first filter letter on ``board`` (changed: pass a copy)."""
    results = PtyKeyResults()
    _measure_floor(tmux, results, runs, warmups)
    with tempfile.TemporaryDirectory(prefix="followup-bench-home-") as home:
        env = _environment(Path(home))
        pane = tmux.start([str(console_script()), "--db", str(board)], env)
        try:
            _, screen = pane.wait_for(board_drawn(board))
            time.sleep(1.0)
            base = _thanked_count(pane.capture())
            if base is None:
                raise RuntimeError(f"no 'Thanked N' column title on the screen:\n{screen}")
            for run in range(warmups + runs):
                key, expected = ("L", base + 1) if run % 2 == 0 else ("H", base)
                started = time.perf_counter()
                pane.send_keys(key)
                seen_screen, seen_disk = _watch(
                    pane, board, partial(_count_is, expected), saved=True
                )
                assert seen_disk is not None
                if run >= warmups:
                    results.move_repaint.append(seen_screen - started)
                    results.move_on_disk.append(seen_disk - started)
                time.sleep(0.3)
            # Leave the card where it started.
            if (warmups + runs) % 2 == 1:
                pane.send_keys("H")
                pane.wait_for(lambda s: _thanked_count(s) == base)
            for run in range(warmups + runs):
                pane.send_keys("/")
                pane.wait_for(lambda s: _FILTER_BOX in s)
                time.sleep(0.2)
                # The box pushes the board down and may cut titles short: compare whole rows.
                before = _title_row(pane.capture())
                started = time.perf_counter()
                pane.send_keys("q")
                seen_screen, _ = _watch(pane, board, partial(_titles_changed, before), saved=False)
                if run >= warmups:
                    results.filter_repaint.append(seen_screen - started)
                pane.send_keys("Escape")
                pane.wait_for(lambda s: _FILTER_BOX not in s and _thanked_count(s) == base)
                time.sleep(0.2)
        finally:
            pane.close()
    return results
