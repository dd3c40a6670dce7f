"""``python -m tests.benchmarks.layout_floor``: what the board's layout costs by itself.

Three stripped Textual apps, none of followup-tui's code and no data, timed to their first
frame in the same tmux harness as the launch benchmark, interleaved, median of ``--runs``:

* ``bare``: the launch benchmark's floor (one Static line);
* ``columns``: six bordered 1fr line-API columns, a bordered side panel and a footer, the
  shape the board had when each column was a widget;
* ``one-widget``: one line-API widget drawing the same cells, a side panel and a footer,
  the shape the board has now.

It shows how much of the start-up ratio a layout costs before any card is read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from .bare_app import READY_TEXT
from .launch import Program, launch_once
from .terminal import Tmux


def _programs() -> list[Program]:
    here = Path(__file__).resolve()
    bare, apps = here.with_name("bare_app.py"), here.with_name("layout_apps.py")

    def shows_cards(screen: str) -> bool:
        return "Interviewed" in screen and "Nimbus Foods" in screen

    return [
        Program("bare Textual app", [sys.executable, str(bare)], lambda s: READY_TEXT in s),
        Program("six column widgets", [sys.executable, str(apps), "columns"], shows_cards),
        Program("one board widget", [sys.executable, str(apps), "one-widget"], shows_cards),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Time each layout to its first frame and print the medians."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.layout_floor")
    parser.add_argument("--runs", type=int, default=7, help="measured runs per app (7)")
    args = parser.parse_args(argv)
    programs = _programs()
    seconds: dict[str, list[float]] = {program.label: [] for program in programs}
    with Tmux() as tmux:
        for round_number in range(args.runs + 1):  # the first round warms up
            for program in programs:
                with tempfile.TemporaryDirectory(prefix="followup-floor-") as home:
                    taken, _rss, _clean = launch_once(tmux, program, Path(home))
                if round_number:
                    seconds[program.label].append(taken)
    floor = statistics.median(seconds[programs[0].label])
    for label, taken in seconds.items():
        median = statistics.median(taken)
        print(f"{label:20} {median * 1000:4.0f} ms = {median / floor:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
