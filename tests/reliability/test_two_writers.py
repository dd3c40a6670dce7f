"""Two processes take turns on one board through the lock; no change is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tui.store import Store

CARDS_PER_WRITER = 100

WRITER = """
import sys, time
from pathlib import Path
from tests.boards import make_application
from tui.store import LockedError, Store

path, name, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
waits = 0
for index in range(count):
    while True:
        try:
            store = Store(path)
            break
        except LockedError:
            waits += 1
            time.sleep(0.001)
    with store:
        store.add(make_application(company=f"{name} {index}"))
print(waits)
"""


def test_two_processes_adding_through_the_lock_lose_nothing(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    Store(board).close()
    root = Path(__file__).resolve().parents[2]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(board), name, str(CARDS_PER_WRITER)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("left", "right")
    ]
    waits = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
        waits.append(int(out))
    with Store(board) as store:
        companies = sorted(card.company for card in store.applications())
    expected = sorted(f"{name} {i}" for name in ("left", "right") for i in range(CARDS_PER_WRITER))
    assert companies == expected
    assert [card.doc_id for card in store.applications()] == list(range(1, 201))
    print(f"lock waits: {waits}")
