"""Launch to the first complete board frame, and peak memory, in a real pseudo-terminal."""

from __future__ import annotations

import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .bare_app import READY_TEXT
from .terminal import Tmux

WELCOME_TEXT = "Welcome to followup-tui"
SETTLE_SECONDS = 0.5
"""After the first frame, let start-up finish before reading the memory high-water mark."""


@dataclass(slots=True)
class LaunchResult:
    """Seconds to the first complete frame and peak RSS (KiB) of each run of one program."""

    label: str
    seconds: list[float] = field(default_factory=list)
    peak_rss_kib: list[int] = field(default_factory=list)
    stuck_at_quit: int = 0
    """Runs where q did not end the process within 10 s (it was then killed)."""


@dataclass(frozen=True, slots=True)
class Program:
    """Something to launch, and how to know its first complete frame is on the screen."""

    label: str
    command: list[str]
    drawn: Callable[[str], bool]


def console_script() -> Path:
    """The installed ``followup-tui`` beside the Python running the benchmark."""
    script = Path(sys.executable).parent / "followup-tui"
    if not script.exists():
        raise SystemExit(f"{script} is missing: run `pip install -e .` in this environment")
    return script


COLUMN_TITLE = "Thanked"
"""A column title that is never cut at 160x48 ("Interviewed 1033" is: "Intervie… 1033")."""


def board_drawn(board: Path) -> Callable[[str], bool]:
    """A check that a column title and at least one card of ``board`` are on the screen."""
    tables = orjson.loads(board.read_bytes())
    first_words = {doc["company"].split()[0] for doc in tables["applications"].values()}
    if not first_words:
        return lambda screen: COLUMN_TITLE in screen and WELCOME_TEXT in screen
    # A card's first line inside a column: "│ Nimbus Foods #…" (long names are cut).
    card = re.compile(r"│ (?:" + "|".join(map(re.escape, sorted(first_words))) + r") \S")
    return lambda screen: COLUMN_TITLE in screen and card.search(screen) is not None


def programs(boards: dict[int, Path]) -> list[Program]:
    """The bare Textual app first (the floor), then the app on each board."""
    bare = Path(__file__).with_name("bare_app.py")
    found = [Program("bare Textual app", [sys.executable, str(bare)], lambda s: READY_TEXT in s)]
    script = str(console_script())
    for size, board in boards.items():
        found.append(Program(f"{size:,} cards", [script, "--db", str(board)], board_drawn(board)))
    return found


def launch_once(tmux: Tmux, program: Program, home: Path) -> tuple[float, int, bool]:
    """Start the program and wait for its first complete frame.

    Returns seconds to that frame, peak RSS in KiB, and whether q then ended it cleanly.
    """
    env = {
        "FOLLOWUP_TUI_CONFIG_DIR": str(home / "config"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "TERM": "xterm-256color",
        "COLORTERM": "truecolor",
    }
    started = time.perf_counter()
    pane = tmux.start(program.command, env)
    clean = False
    try:
        seen, _ = pane.wait_for(program.drawn)
        time.sleep(SETTLE_SECONDS)
        rss = pane.peak_rss_kib()
    finally:
        clean = pane.close()
    return seen - started, rss, clean


def measure_launch(
    tmux: Tmux, boards: dict[int, Path], runs: int, warmups: int = 1
) -> list[LaunchResult]:
    """Each program ``warmups`` + ``runs`` times, interleaved so that load from other processes
    on the machine falls on all of them alike; each run with a fresh config folder."""
    chosen = programs(boards)
    results = [LaunchResult(program.label) for program in chosen]
    for round_number in range(warmups + runs):
        for program, result in zip(chosen, results, strict=True):
            with tempfile.TemporaryDirectory(prefix="followup-bench-home-") as home:
                seconds, rss, clean = launch_once(tmux, program, Path(home))
            result.stuck_at_quit += not clean
            if round_number >= warmups:
                result.seconds.append(seconds)
                result.peak_rss_kib.append(rss)
    return results
