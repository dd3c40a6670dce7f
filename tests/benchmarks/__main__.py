"""``python -m tests.benchmarks``: measure start-up, keys, memory and saving; print a table.

Each number is the median of ``--runs`` runs (5 by default) after ``--warmups`` warm-up runs
(1). Boards are made with ``tests.boards.write_board`` in a temporary folder. The table is
Markdown, ready for RESULTS.md and the README.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tests.boards import write_board

from .report import Row, machine_description, render_table
from .terminal import Tmux

BIG = 6000
"""The board size for keys and memory."""


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="measured runs per number (5)")
    parser.add_argument("--warmups", type=int, default=1, help="unmeasured runs first (1)")
    parser.add_argument(
        "--sizes",
        default="0,60,600,6000",
        help="board sizes for the launch rows, comma-separated (0,60,600,6000)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["launch", "keys", "pty", "save", "reminders"],
        help="leave out a part (repeatable)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; returns 1 when a target is missed."""
    args = _parse(argv)
    if args.runs < 1:
        raise SystemExit("--runs must be at least 1")
    needs_tmux = "launch" not in args.skip or "pty" not in args.skip
    if needs_tmux and shutil.which("tmux") is None:
        raise SystemExit("tmux is needed for the launch and pty parts (or --skip them)")
    sizes = sorted({int(size) for size in args.sizes.split(",")} | {BIG})
    # An installed wheel has compiled bytecode; a checkout run with PYTHONDONTWRITEBYTECODE
    # would compile every module on every launch (about 40 ms), so compile once, up front.
    compileall.compile_dir(Path(__file__).resolve().parents[2] / "tui", quiet=1)
    rows: list[Row] = []
    load_before = os.getloadavg()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="followup-bench-") as folder:
        boards = {size: write_board(Path(folder) / f"board-{size}.json", size) for size in sizes}
        print(f"Boards written: {', '.join(f'{n:,}' for n in sizes)} cards.", file=sys.stderr)
        with Tmux() as tmux:
            if "launch" not in args.skip:
                from .launch import measure_launch

                print("Measuring launch and memory…", file=sys.stderr)
                launches = measure_launch(tmux, boards, args.runs, args.warmups)
                rows += Row.launch_rows(launches, BIG)
            if "keys" not in args.skip:
                from .keys import measure_keys

                print("Measuring keys in-process…", file=sys.stderr)
                copy = Path(folder) / "keys" / "board.json"
                copy.parent.mkdir()
                shutil.copyfile(boards[BIG], copy)
                rows += Row.key_rows(measure_keys(copy, args.runs, args.warmups))
            if "pty" not in args.skip:
                from .pty_keys import measure_pty_keys

                print("Measuring keys in a pseudo-terminal…", file=sys.stderr)
                copy = Path(folder) / "pty" / "board.json"
                copy.parent.mkdir()
                shutil.copyfile(boards[BIG], copy)
                rows += Row.pty_rows(measure_pty_keys(tmux, copy, args.runs, args.warmups))
        if "save" not in args.skip:
            from .save import measure_save

            print("Measuring saves…", file=sys.stderr)
            for size in (n for n in sizes if n > 0):
                rows.append(Row.save_row(measure_save(boards[size], size, args.runs)))
        if "reminders" not in args.skip and 600 in boards:
            from .reminders import measure_reminders

            print("Measuring status and exports…", file=sys.stderr)
            rows += measure_reminders(boards[600], boards[BIG], args.runs, args.warmups)
    print(machine_description(platform.python_version()))
    print(
        f"Load average before/after: {load_before[0]:.2f} / {os.getloadavg()[0]:.2f}; "
        f"{args.runs} runs after {args.warmups} warm-up; took "
        f"{time.monotonic() - started:.0f} s.\n"
    )
    print(render_table(rows))
    missed = [row for row in rows if row.holds is False]
    if missed:
        print(f"\n{len(missed)} target(s) missed: " + "; ".join(row.measure for row in missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
