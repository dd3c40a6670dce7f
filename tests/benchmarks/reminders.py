"""Reminders: ``followup-tui status`` against ``python -c pass`` (a prompt runs it every
time), and the exports a calendar or a spreadsheet reads, at 6,000 cards."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from statistics import median

from tui import changes, dates
from tui.exchange.csv_export import export_csv
from tui.exchange.ics import CalendarWriter, export_calendar
from tui.store import Store

from .report import Row, _ms, _timed, seconds_range

STATUS_TARGET = 3.0
"""``status`` at 600 cards, as a multiple of ``python -c pass``."""
EXPORT_TARGET = 1.0


def _process_seconds(command: list[str], env: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def _run_times(action: Callable[[], object], runs: int, warmups: int) -> list[float]:
    seconds = []
    for run in range(warmups + runs):
        started = time.perf_counter()
        action()
        if run >= warmups:
            seconds.append(time.perf_counter() - started)
    return seconds


def measure_reminders(small: Path, big: Path, runs: int, warmups: int) -> list[Row]:
    """The rows: the floor, status at 600, ICS and CSV at 6,000, a calendar rewrite."""
    script = str(Path(sys.executable).parent / "followup-tui")
    floor_command = [sys.executable, "-c", "pass"]
    status_command = [script, "status", "--db", str(small)]
    floor: list[float] = []
    status: list[float] = []
    for run in range(warmups + runs):  # interleaved, so load falls on both alike
        pair = (_process_seconds(floor_command), _process_seconds(status_command))
        if run >= warmups:
            floor.append(pair[0])
            status.append(pair[1])
    ratio = median(status) / median(floor)
    # Right after a change the cache is made again: a fresh cache folder each run.
    with tempfile.TemporaryDirectory(prefix="followup-bench-cache-") as caches:
        cold = [
            _process_seconds(status_command, {**os.environ, "XDG_CACHE_HOME": f"{caches}/{run}"})
            for run in range(runs)
        ]
    with Store(big, read_only=True) as store:
        cards, profile = store.applications(), store.profile()
    now = dates.now()
    ics = _run_times(lambda: export_calendar(cards, profile, now=now), runs, warmups)
    csv = _run_times(lambda: export_csv(cards, profile.timezone), runs, warmups)
    # The app's calendar_file after one change: the writer renders only the changed card.
    writer = CalendarWriter()
    previous = writer.export(cards, profile, now=now).text
    edited = list(cards)

    def one_change() -> None:
        card = edited[0]
        edited[0] = changes.edited(card, replace(card, notes=card.notes + "."), now)
        writer.export(edited, profile, now=now + timedelta(minutes=1), previous=previous)

    rewrite = _run_times(one_change, runs, warmups)
    # The whole command, as a user runs it: start-up, reading the board, writing the file
    # (over the last export, as a calendar's file is: the ICS reads it for SEQUENCE).
    commands = {}
    for kind in ("ics", "csv"):
        out = big.parent / f"export.{kind}"
        command = [script, "export", "--format", kind, "-o", str(out), "--db", str(big)]
        commands[kind] = [_process_seconds(command) for _ in range(warmups + runs)][warmups:]
    from .calendar_move import measure_rewrite_moves

    during, floor_moves = measure_rewrite_moves(big, runs, warmups)
    repaint = [move.repaint for move in during]
    overlapped = sum(move.overlapped for move in during)
    return [
        Row("`python -c pass` (the floor for status)", _ms(median(floor)), seconds_range(floor)),
        Row(
            "`followup-tui status`, 600 cards (its cache made)",
            f"{_ms(median(status))} = {ratio:.2f}x",
            seconds_range(status),
            f"≤ {STATUS_TARGET:g}x the floor",
            ratio <= STATUS_TARGET,
        ),
        Row(
            "`followup-tui status`, 600 cards, first after a change",
            f"{_ms(median(cold))} = {median(cold) / median(floor):.2f}x",
            seconds_range(cold),
        ),
        _timed("ICS export, 6,000 cards (in-process)", ics, EXPORT_TARGET),
        _timed("CSV export, 6,000 cards (in-process)", csv, EXPORT_TARGET),
        Row(
            "calendar_file rewrite after one change, 6,000 cards",
            _ms(median(rewrite)),
            seconds_range(rewrite),
        ),
        _timed("`followup-tui export --format ics -o FILE`, 6,000 cards", commands["ics"], 1.0),
        _timed("`followup-tui export --format csv -o FILE`, 6,000 cards", commands["csv"], 1.0),
        Row(
            "Move at 6,000 while no calendar_file is set: key → repaint (the floor)",
            _ms(median(m.repaint for m in floor_moves)),
            seconds_range([m.repaint for m in floor_moves]),
        ),
        Row(
            "Move at 6,000 during the first calendar_file rewrite after start: key → repaint "
            f"({overlapped}/{len(during)} overlapped; the rewrite took "
            f"{_ms(median(m.rewrite for m in during))})",
            _ms(median(repaint)),
            seconds_range(repaint),
            "≤ 50 ms",
            median(repaint) <= 0.050,
        ),
    ]
