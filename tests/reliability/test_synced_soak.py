"""A soak: an outside writer replaces the board 200 times while the app's Store changes it.

The outside process behaves like a sync tool or an editor on another machine: it reads the
file, adds a card or renames a company, and writes it back, by renaming a temp file over it
or rewriting it in place, at random moments and without the lock. Meanwhile this process
edits cards through a background Store that watches the file. At the end every change either
side made is on disk. (Changes here go through the Store, not key presses: the app's keys
reach the same Store calls, see test_synced_board_app.py.)

It used to lose an outside card in about one run of five, in two instants that
test_synced_races.py now lands a write in every time.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from tests.boards import make_application
from tui.store import Store

ROUNDS = 200

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX renames")

OUTSIDE = textwrap.dedent(
    """
    import json, os, random, sys, tempfile, time
    path, rounds, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)

    def change(tables, n):
        cards = tables["applications"]
        if n % 3 == 2:
            key = rng.choice(sorted(k for k, c in cards.items() if c["company"].startswith("Out")))
            cards[key]["role"] = f"renamed {n}"
        else:
            card = dict(next(iter(cards.values())))
            card.update(company=f"Outside {n}", notes="", role="Outside role")
            cards[str(max(int(k) for k in cards) + 1)] = card
        return json.dumps(tables, indent=2).encode()

    for n in range(rounds):
        time.sleep(rng.uniform(0, 0.03))
        if rng.random() < 0.5:  # a sync tool: a whole new file renamed over the board
            data = change(json.loads(open(path, "rb").read()), n)
            fd, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".sync.")
            os.write(fd, data)
            os.close(fd)
            os.rename(temp, path)
        else:  # an editor saving in place: read, change and write through one descriptor
            while True:
                with open(path, "r+b") as stream:
                    data = change(json.loads(stream.read()), n)
                    stream.seek(0)
                    stream.write(data)
                    stream.truncate()
                    stream.flush()
                    # Written into a file that was renamed away meanwhile is written nowhere:
                    # like an editor told the file changed on disk, try again.
                    if os.fstat(stream.fileno()).st_ino == os.stat(path).st_ino:
                        break
        print(n, flush=True)
    """
)


def test_two_hundred_outside_writes_and_local_edits_all_survive(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    with Store(board) as store:
        store.add_many([make_application(company=f"Local {n}", notes="") for n in range(8)])
    store = Store(board, background=True, watch_interval=0.02)
    rng = random.Random(20261202)
    expected_notes: dict[int, str] = {}
    outside = subprocess.Popen(
        [sys.executable, "-c", OUTSIDE, str(board), str(ROUNDS), "7"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        edits = 0
        while outside.poll() is None:
            doc_id = rng.randrange(1, 9)
            note = f"edit {edits}"
            store.put(replace(store.get(doc_id), notes=note))
            expected_notes[doc_id] = note
            edits += 1
            time.sleep(rng.uniform(0, 0.03))
        assert outside.wait(timeout=120) == 0
        acknowledged = outside.stdout.read().split() if outside.stdout else []
        assert len(acknowledged) == ROUNDS
        time.sleep(0.2)  # the watch takes in the last outside write
        store.put(replace(store.get(1), notes="last"))
        expected_notes[1] = "last"
        store.flush(timeout=30)
    finally:
        outside.kill()
        store.close()
    cards = orjson.loads(board.read_bytes())["applications"]
    by_company = {card["company"]: card for card in cards.values()}
    added = [n for n in range(ROUNDS) if n % 3 != 2]
    assert sorted(c for c in by_company if c.startswith("Outside")) == sorted(
        f"Outside {n}" for n in added
    )
    for doc_id, note in expected_notes.items():
        assert cards[str(doc_id)]["notes"] == note, doc_id
    assert edits > 50
    # Every rename the outside writer made is there (the last one for each card).
    renamed = [card["role"] for card in cards.values() if card["role"].startswith("renamed")]
    assert renamed
