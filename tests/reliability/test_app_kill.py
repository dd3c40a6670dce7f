"""kill -9 through the real app: keys typed fast (moves, edits, sent messages), killed at random.

After every kill the board file must parse, open with the Store, and hold every card it held
before: a crash may lose the last second of changes, never the board or a card.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.boards import write_board
from tests.cli.conftest import STARTUP_SECONDS, App, board_json
from tui.store import Store

pytestmark = pytest.mark.e2e

KILLS = 20
CARDS = 40
# How long a run may type before its first change reaches the disk (a loaded machine is slow).
SAVE_SECONDS = 10.0

# What a busy user types: moves both ways, cursor and column keys, another draft kind,
# "sent" (a history entry and a move), undo, a draft edit (tab, text, escape back), and an
# edit through the form (e opens the card, e edits it, end + text, ctrl+s saves).
_BURSTS = (
    "L",
    "H",
    "j",
    "k",
    "l",
    "h",
    "s",
    "]",
    "u",
    "\tPS. typed fast\x1b",
    "ee",
    "\x05 (edited)\x13",
)


def _card_ids(path: Path) -> set[int]:
    """The id of every card on disk, read through a read-only Store (which validates the file).

    Ids, not names: the random keys may well rename a card through the form.
    """
    store = Store(path, read_only=True)
    try:
        return {card.doc_id for card in store.applications() if card.doc_id}
    finally:
        store.close()


def test_kill_9_at_random_never_breaks_the_board_or_loses_a_card(tmp_path: Path) -> None:
    rng = random.Random(20261125)
    db = write_board(tmp_path / "board.json", CARDS, seed=7, now=datetime.now(UTC))
    before = _card_ids(db)
    assert len(before) == CARDS
    changed = 0
    for attempt in range(KILLS):
        content = db.read_bytes()
        app = App("--db", str(db))
        try:
            app.wait_for("saved", timeout=STARTUP_SECONDS)  # "all saved": the board is drawn
            # Three runs in four type until the board file has changed, then a little more, so
            # the kill lands among real saves however loaded the machine is. The rest are
            # killed at a random moment, whatever the app has got to.
            wait_for_save = attempt % 4 != 3
            give_up = time.monotonic() + SAVE_SECONDS
            stop_at = time.monotonic() + rng.uniform(0.05, 0.8)
            while time.monotonic() < stop_at or (
                wait_for_save and db.read_bytes() == content and time.monotonic() < give_up
            ):
                if db.read_bytes() != content and wait_for_save:
                    wait_for_save = False
                    stop_at = time.monotonic() + rng.uniform(0.0, 0.3)
                app.child.send(rng.choice(_BURSTS))
                time.sleep(rng.uniform(0.0, 0.03))
                app.read(timeout=0)
            app.child.kill(9)
            assert app.wait_exit() == -9
        finally:
            app.kill()
        board_json(db)  # plain JSON, whatever the moment of the kill
        after = _card_ids(db)
        assert after == before, f"kill {attempt + 1}: cards lost: {sorted(before - after)}"
        changed += db.read_bytes() != content
    # The kills must have landed among real saves, or this test proves nothing.
    print(f"{changed} of {KILLS} runs changed the file")
    assert changed >= KILLS // 2, f"only {changed} of {KILLS} runs saved anything"
    Store(db).close()  # no stale lock: a new writer opens the board at once
