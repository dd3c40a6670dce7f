"""A large CSV import: streamed (only the board is whole in memory), with a progress bar on
a terminal and none in a pipe. The 100,000-row figure is a soak (FOLLOWUP_SOAK=1)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from tui.store import Store

SCRIPT = Path(sys.executable).parent / "followup-tui"


def tracker(path: Path, rows: int) -> Path:
    """A job tracker as a spreadsheet saves it (about 270 bytes a row)."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        sheet = csv.writer(stream)
        sheet.writerow(
            ["Company", "Role", "Interview date", "Interviewer", "Email", "Status", "Notes"]
        )
        for row in range(rows):
            sheet.writerow(
                [
                    f"Company {row} Ltd",
                    f"Data Analyst {row % 37}",
                    f"2026-{1 + row % 11:02d}-{1 + row % 27:02d} 10:30",
                    f"Jordan Lee {row}; Priya Shah",
                    f"jordan{row}@c{row}.example; priya@c{row}.example",
                    ("Interviewed", "Thank-you sent", "Waiting", "Rejected")[row % 4],
                    "Talked about the data platform, dbt and the team's on-call rota.",
                ]
            )
    return path


def run_import(source: Path, board: Path) -> subprocess.CompletedProcess[str]:
    """The console script, with --yes, its output in a pipe."""
    return subprocess.run(
        [str(SCRIPT), "import", str(source), "--yes", "--db", str(board)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def peak_rss_kb(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    """The command's peak resident memory (kB, from the kernel's accounting) and stdout."""
    probe = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(done.stdout)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "sys.exit(done.returncode)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    *out, peak = done.stdout.splitlines()
    return int(peak), "\n".join(out)


def test_a_large_import_shows_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    source = tracker(tmp_path / "tracker.csv", 5_000)
    assert source.stat().st_size > 1_000_000
    board = tmp_path / "board.json"
    child = pexpect.spawn(
        str(SCRIPT),
        ["import", str(source), "--yes", "--db", str(board)],
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"},
        dimensions=(24, 100),
        timeout=240,
    )
    child.expect("Reading rows")
    child.expect("━".encode())  # the bar
    child.expect("Added 5,000 cards")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    with Store(board, read_only=True) as store:
        assert len(store.applications()) == 5_000


def test_in_a_pipe_there_is_no_bar_and_the_listing_is_counted(tmp_path: Path) -> None:
    source = tracker(tmp_path / "tracker.csv", 5_000)
    board = tmp_path / "board.json"
    done = run_import(source, board)
    assert done.returncode == 0 and done.stderr == ""
    assert "\x1b" not in done.stdout and "Reading rows" not in done.stdout
    lines = done.stdout.splitlines()
    assert lines[0] == "To add (5,000):"
    assert lines[1] == "  row 2: Company 0 Ltd - Data Analyst 0 (Interviewed)"
    assert lines[100] == "  row 101: Company 99 Ltd - Data Analyst 25 (Outcome)"
    assert lines[101] == "  ... and 4,900 more"
    assert lines[-1] == f"Added 5,000 cards to {board}."
    # Importing it again: every row a duplicate, counted, nothing added.
    again = run_import(source, board)
    assert again.returncode == 0
    assert "Possible duplicates (5,000, left out" in again.stdout
    assert "  ... and 4,900 more" in again.stdout and "Nothing to import." in again.stdout
    assert len(json.loads(board.read_text())["applications"]) == 5_000


@pytest.mark.skipif(
    not os.environ.get("FOLLOWUP_SOAK"), reason="100,000 rows take a minute: FOLLOWUP_SOAK=1"
)
def test_a_100000_row_import_costs_no_more_memory_than_the_board(tmp_path: Path) -> None:
    """Importing a file whose every row is already on the board holds the board and little
    else: its peak is within 15% of opening the board, whatever the file's size."""
    source = tracker(tmp_path / "tracker.csv", 100_000)
    board = tmp_path / "board.json"
    env = dict(os.environ)
    first = run_import(source, board)
    assert first.returncode == 0 and "Added 100,000 cards" in first.stdout
    board_only, _ = peak_rss_kb([str(SCRIPT), "list", "--db", str(board)], env)
    again, out = peak_rss_kb([str(SCRIPT), "import", str(source), "--db", str(board)], env)
    assert "Possible duplicates (100,000" in out
    assert again < board_only * 1.15, (again, board_only)
