"""SIGTERM, SIGHUP and a closed terminal during use: changes reach the disk, the lock is freed.

The signal is sent the moment the change shows on screen, without waiting for "saved", so the
app's own exit path has to finish the save.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import App, board_json, launched
from tests.ui.conftest import card, seed_board
from tui.app import EXIT_GRACE_SECONDS
from tui.model import Stage
from tui.store import Store

pytestmark = pytest.mark.e2e


def _one_card_board(path: Path) -> Path:
    """A board with one card, Solo Labs, in Interviewed."""
    return seed_board(path, [card("Solo Labs", Stage.INTERVIEWED, 2)])


def _move_then(app: App, stop: Callable[[], object]) -> None:
    """Move the card to Thanked, then (as soon as the move shows) stop the app with ``stop``."""
    app.press("L", then="Thanked 1")
    stop()


def _check_saved_and_unlocked(db: Path) -> None:
    """The move is on disk and nobody holds the lock."""
    (saved,) = board_json(db)["applications"].values()
    assert saved["stage"] == "thanked"
    assert [event["kind"] for event in saved["history"]] == ["created", "moved"]
    # The lock went with the app: a new writer opens the board right away.
    Store(db).close()


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_during_use_saves_and_releases_the_lock(
    tmp_path: Path, number: signal.Signals
) -> None:
    db = _one_card_board(tmp_path / "board.json")
    with launched("--db", str(db), ready="saved") as app:
        _move_then(app, lambda: app.child.kill(number))
        # The handlers end the app through its normal exit: status 0, not death by signal.
        assert app.wait_exit() == 0
    _check_saved_and_unlocked(db)


def test_closing_the_terminal_saves_and_releases_the_lock(tmp_path: Path) -> None:
    db = _one_card_board(tmp_path / "board.json")
    with launched("--db", str(db), ready="saved") as app:
        # Closing the pty's master side is what a terminal window does when it closes:
        # the kernel sends SIGHUP and the app's reads and writes start failing.
        _move_then(app, app.child.ptyproc.fileobj.close)
        # Textual's shutdown can hang on a dead terminal; the app's exit guard ends the
        # process after EXIT_GRACE_SECONDS, having saved and unlocked the board.
        deadline = time.monotonic() + EXIT_GRACE_SECONDS + 10
        while app.child.isalive():
            assert time.monotonic() < deadline, "the app kept running with no terminal"
            time.sleep(0.05)
    _check_saved_and_unlocked(db)
