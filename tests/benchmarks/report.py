"""The table: one row per measured number, its spread, its target and whether it holds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .keys import KeyResults
    from .launch import LaunchResult
    from .pty_keys import PtyKeyResults
    from .save import SaveResult

MS_TARGET_REPAINT = 0.050
MS_TARGET_DISK = 0.150
RSS_TARGET_KIB = 100 * 1024
LAUNCH_TARGETS = {600: 1.2, 6000: 1.5}
"""First board frame as a multiple of the bare Textual app."""


def _ms(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def seconds_range(values: list[float]) -> str:
    """'min to max' in ms or s."""
    return f"{_ms(min(values))} to {_ms(max(values))}"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the table."""

    measure: str
    median: str
    spread: str
    target: str = ""
    holds: bool | None = None
    """None: no target (a reference number)."""

    @staticmethod
    def launch_rows(results: list[LaunchResult], big: int) -> list[Row]:
        """First-frame times as ratios to the bare app, then peak memory."""
        floor = median(results[0].seconds)
        rows: list[Row] = []
        for result in results:
            ratio = median(result.seconds) / floor
            size = (
                int(result.label.split()[0].replace(",", "")) if "cards" in result.label else None
            )
            limit = LAUNCH_TARGETS.get(size) if size is not None else None
            stuck = f", {result.stuck_at_quit} stuck at quit" if result.stuck_at_quit else ""
            rows.append(
                Row(
                    f"First board frame, {result.label}",
                    f"{_ms(median(result.seconds))} = {ratio:.2f}x",
                    seconds_range(result.seconds) + stuck,
                    f"≤ {limit}x bare" if limit else ("the floor" if size is None else ""),
                    ratio <= limit if limit else None,
                )
            )
        for result in results:
            if result.label in ("bare Textual app", f"{big:,} cards"):
                peak = median(result.peak_rss_kib)
                is_big = result.label != "bare Textual app"
                rows.append(
                    Row(
                        f"Peak RSS (VmHWM), {result.label}",
                        f"{peak / 1024:.0f} MB",
                        f"{min(result.peak_rss_kib) / 1024:.0f} to "
                        f"{max(result.peak_rss_kib) / 1024:.0f} MB",
                        "< 100 MB" if is_big else "",
                        peak < RSS_TARGET_KIB if is_big else None,
                    )
                )
        return rows

    @staticmethod
    def key_rows(results: KeyResults) -> list[Row]:
        """In-process key timings at 6,000 cards."""
        return [
            _timed("Move at 6,000: key → repaint (in-process)", results.move_repaint, 0.050),
            _timed("Move at 6,000: key → on disk (in-process)", results.move_on_disk, 0.150),
            _timed(
                "Filter at 6,000: key → repaint, every letter (in-process)",
                results.filter_repaint,
                0.050,
            ),
            _timed(
                "Filter at 6,000: key → repaint, first letter (in-process)",
                results.first_filter_repaint,
                0.050,
            ),
        ]

    @staticmethod
    def pty_rows(results: PtyKeyResults) -> list[Row]:
        """The same, seen from outside through tmux."""
        return [
            Row(
                "Bare Textual app: key → repaint of one line (pty floor)",
                _ms(median(results.floor_repaint)),
                seconds_range(results.floor_repaint),
            ),
            _timed("Move at 6,000: key → repaint (pty)", results.move_repaint, 0.050),
            _timed("Move at 6,000: key → file replaced (pty)", results.move_on_disk, 0.150),
            _timed(
                "Filter at 6,000: key → repaint, first letter (pty)", results.filter_repaint, 0.050
            ),
        ]

    @staticmethod
    def save_row(result: SaveResult) -> Row:
        """One save at one board size (no target of its own)."""
        size = result.file_bytes / 1024
        shown = f"{size / 1024:.1f} MB" if size >= 1024 else f"{size:.0f} KB"
        return Row(
            f"Save, {result.cards:,} cards ({shown} file)",
            _ms(median(result.seconds)),
            seconds_range(result.seconds),
        )


def _timed(measure: str, values: list[float], limit: float) -> Row:
    value = median(values)
    return Row(measure, _ms(value), seconds_range(values), f"≤ {_ms(limit)}", value <= limit)


def render_table(rows: list[Row]) -> str:
    """A Markdown table."""
    lines = [
        "| Measure | Median | Range | Target | Holds |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        holds = "" if row.holds is None else ("yes" if row.holds else "**no**")
        lines.append(f"| {row.measure} | {row.median} | {row.spread} | {row.target} | {holds} |")
    return "\n".join(lines)


def machine_description(python_version: str) -> str:
    """'2 cores, Intel(R) Xeon(R) Processor, Python 3.11.7, Linux 6.1'."""
    model = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    release = os.uname().release
    return f"Machine: {os.cpu_count()} cores, {model}, Python {python_version}, Linux {release}"
