"""Two command-line writers at once: every add lands, none is lost or duplicated."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tui.store import Store

ROOT = Path(__file__).resolve().parents[2]
ADDS_PER_PROCESS = 100

# One interpreter per writer, each looping through main() in-process: 200 interpreter
# starts would measure Python's start-up, not the lock.
WRITER = """
import sys
from tui.cli import main

db, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
failed = [
    i for i in range(count)
    if main(["add", "--db", db, "--company", f"{tag} {i}", "--role", "Parallel"]) != 0
]
sys.exit(f"{tag}: {len(failed)} adds failed: {failed[:5]}" if failed else 0)
"""


@pytest.mark.slow
def test_two_cli_writers_in_parallel_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "board.json"
    started = time.monotonic()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), tag, str(ADDS_PER_PROCESS)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("left", "right")
    ]
    errors = [writer.communicate(timeout=120)[1] for writer in writers]
    elapsed = time.monotonic() - started
    assert [writer.returncode for writer in writers] == [0, 0], errors
    with Store(db, read_only=True) as store:
        cards = store.applications()
    expected = {f"{tag} {i}" for tag in ("left", "right") for i in range(ADDS_PER_PROCESS)}
    assert sorted(card.company for card in cards) == sorted(expected)
    assert sorted(card.doc_id for card in cards) == list(range(1, 2 * ADDS_PER_PROCESS + 1))
    print(f"200 parallel CLI adds in {elapsed:.1f} s")
