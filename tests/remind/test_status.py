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


def test_the_cached_timeline_agrees_with_the_rules_at_any_moment_of_the_week() -> None:
    import random

    from tests.boards import make_application
    from tests.exchange.cards import NOW, PROFILE, realistic_cards
    from tui.remind import status, status_cache

    # Old cards (their check-ins change at midnight), and fresh interviews, whose
    # thank-you warns and falls overdue at moments of their own.
    cards = realistic_cards(300) + [
        make_application(doc_id=900 + hours, interviewed_at=NOW + timedelta(hours=hours))
        for hours in (-20, -10, 5, 30)
    ]
    steps = status_cache.timeline(cards, PROFILE, NOW)
    moments = [step[0] for step in steps]
    assert steps[0][0] == NOW.timestamp() and len(steps) >= 9  # 6 midnights, 3+ moments
    rng = random.Random(5)
    probes = [rng.uniform(moments[0], moments[-1]) for _ in range(40)]
    probes += [at + offset for at in moments[1:30] for offset in (-1.0, 0.0, 1.0)]
    for at in probes:
        if not moments[0] <= at < moments[-1]:
            continue
        expected = status.counts_at(cards, PROFILE, datetime.fromtimestamp(at, UTC))
        index = max(i for i, moment in enumerate(moments) if moment <= at)
        assert steps[index][1:] == expected, datetime.fromtimestamp(at, UTC)


def test_a_changed_board_is_counted_again(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    env = {**os.environ, "TZ": "UTC", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    board_with_due_follow_ups(board)
    assert script("status", board, env).stdout == "1 due · 1 overdue\n"
    assert list((tmp_path / "cache" / "followup-tui").iterdir())  # the cache was made
    assert script("status", board, env).stdout == "1 due · 1 overdue\n"  # from it
    from tests.boards import make_application

    with Store(board) as store:
        store.add(make_application(company="Dune", interviewed_at=datetime.now(UTC)))
    assert script("status", board, env).stdout == "2 due · 1 overdue\n"
