"""followup-tui status: the line a shell prompt or tmux shows, from the real console script."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.remind.test_remind import board_with_due_follow_ups, script
from tui.store import Store


def status(board: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return script("status", board, {**os.environ, "TZ": "UTC"}, *args)


def test_the_line_counts_what_the_board_header_counts(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    done = status(board)
    assert (done.returncode, done.stdout, done.stderr) == (0, "1 due · 1 overdue\n", "")
    assert status(board, "--format", "FU {total} ({overdue}!)").stdout == "FU 2 (1!)\n"


def test_nothing_due_prints_nothing(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    assert status(board).stdout == ""  # no board yet
    with Store(board) as store:
        from tests.boards import make_application

        store.add(make_application(interviewed_at=datetime.now(UTC) + timedelta(days=2)))
    done = status(board, "--format", "[{total}]")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_bad_format_or_a_damaged_board_is_one_line(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    bad = status(board, "--format", "{soon}")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "{due}" in bad.stderr
    board.write_bytes(b'{"applications": {"1": {"company": ')
    broken = status(board)
    assert broken.returncode == 1 and broken.stderr.count("\n") == 1
    assert "Traceback" not in broken.stderr and board.read_bytes().startswith(b'{"appl')


def test_status_never_loads_textual_or_tinydb(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board_with_due_follow_ups(board)
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"assert main(['status', '--db', {str(board)!r}]) == 0\n"
        "loaded = [m for m in ('textual', 'tinydb', 'icalendar', 'desktop_notifier') "
        "if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
