"""The two instants in which the synced soak (test_synced_soak.py) lost a card, made certain.

A sync tool or an editor on another machine does not take the lock, so its write can land at
any instant of a save. Two instants lost its change before:

* between the Store's last look at the file and its rename: the rename replaced the file the
  sync tool had just put there, unread. POSIX has no compare-and-rename; on Linux the Store
  now swaps its file in (``renameat2(RENAME_EXCHANGE)``), which hands back the very file it
  replaced, and merges that when it is not the one it knew;
* between reading the file and taking its status: an edit in place in between got a status
  that vouched for content never read, so the next save wrote over it. The status is now taken
  before the read.

Each test lands a real second process's write in that instant (by running it from the
Store's own step there) and checks the file at the end.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from tests.boards import make_application
from tests.reliability.test_synced_board import on_disk, other_machine
from tui import files
from tui.store import Store
from tui.store import board_file as board_file_module
from tui.store.sync import TICK_NS, Signature

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX renames and flock")


def three_card_board(tmp_path: Path) -> Path:
    board = tmp_path / "board.json"
    with Store(board) as store:
        store.add_many([make_application(company=f"Local {n}", notes="") for n in range(3)])
    return board


def companies(board: Path) -> list[str]:
    return sorted(str(card["company"]) for card in on_disk(board).values())


@pytest.mark.skipif(
    files._libc_renameat2() is None, reason="needs renameat2 (Linux): elsewhere the gap remains"
)
@pytest.mark.parametrize("background", [False, True])
def test_a_file_renamed_over_between_the_last_look_and_the_rename_is_merged(
    tmp_path: Path, background: bool
) -> None:
    board = three_card_board(tmp_path)
    store = Store(board, background=background)
    last_look = store._unchanged
    landed: list[str] = []

    def sync_tool_lands_now(status: os.stat_result | None) -> None:
        last_look(status)  # the file is still the one the Store knows...
        if not landed:
            # ...and in this instant a sync tool renames a board with one more card over it.
            other_machine(board, "rename", "add", 1, "Synced elsewhere")
            landed.append("renamed")

    store._unchanged = sync_tool_lands_now  # type: ignore[method-assign]
    changes: list[str] = []
    store.on_disk_change = lambda change: changes.append(change.message)
    try:
        store.put(replace(store.get(1), notes="edited here"))
        store.flush(timeout=10)
    finally:
        store.close()
    assert landed == ["renamed"]
    assert companies(board) == ["Local 0", "Local 1", "Local 2", "Synced elsewhere"]
    assert on_disk(board)[1]["notes"] == "edited here"
    assert changes == ["board changed on disk: 1 card added"]
    assert [name for name in os.listdir(tmp_path) if name.startswith(".board.json.")] == []


def test_an_edit_in_place_as_the_board_is_read_is_not_written_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = three_card_board(tmp_path)
    store = Store(board)
    try:
        other_machine(board, "rename", "add", 1, "First from elsewhere")  # read at the next save
        real_fstat = os.fstat
        landed: list[str] = []

        def editor_saves_now(descriptor: int) -> os.stat_result:
            if not landed and os.path.samestat(real_fstat(descriptor), os.stat(board)):
                # The Store has the board open to read it: an editor saves in place now.
                other_machine(board, "inplace", "add", 1, "Second from elsewhere")
                landed.append("written")
            return real_fstat(descriptor)

        monkeypatch.setattr(board_file_module.os, "fstat", editor_saves_now)
        store.put(replace(store.get(1), notes="edited here"))
        monkeypatch.undo()
        assert landed == ["written"]
        store.put(replace(store.get(2), notes="edited here too"))
    finally:
        store.close()
    assert companies(board) == [
        "First from elsewhere",
        "Local 0",
        "Local 1",
        "Local 2",
        "Second from elsewhere",
    ]
    assert [on_disk(board)[n]["notes"] for n in (1, 2)] == ["edited here", "edited here too"]


def test_a_status_within_a_clock_tick_of_the_write_is_not_proof_of_the_content() -> None:
    """ext4 and the like keep nanoseconds but take them from a clock that moves once a tick:
    a second write in the same tick leaves size and mtime_ns as they were."""
    now = 1_764_756_000_123_456_789

    def signature(mtime_ns: int) -> Signature:
        return Signature(device=1, inode=2, size=3, mtime_ns=mtime_ns, taken_ns=now)

    assert signature(now - 1_234_567).racy  # nanoseconds, this tick
    assert not signature(now - TICK_NS - 1_234_567).racy  # nanoseconds, ticks ago
    assert signature(1_764_756_000_000_000_000 - 1_000_000_000).racy  # FAT: whole seconds
    assert not signature(now - 5_000_000_000 - 1_234_567).racy


@pytest.mark.skipif(
    files._libc_renameat2() is None, reason="needs renameat2 (Linux): elsewhere the gap remains"
)
def test_a_card_added_on_top_of_the_write_that_displaced_another_keeps_both(
    tmp_path: Path,
) -> None:
    """The displaced file's card is only in memory until the next write: a sync tool that
    starts from the file on disk meanwhile gives its own new card the same id. That is two
    new cards, not an edit of one (the soak lost 'Outside 27' this way)."""
    board = three_card_board(tmp_path)
    store = Store(board)
    last_look, displaced = store._unchanged, store._note_displaced
    landed: list[str] = []

    def first_sync_lands(status: os.stat_result | None) -> None:
        last_look(status)
        if not landed:
            other_machine(board, "rename", "add", 1, "Synced first")  # displaced, as above
            landed.append("first")

    def second_sync_lands(old: Path) -> None:
        displaced(old)
        if landed == ["first"]:
            # The file on disk is the Store's, without "Synced first": a new card on top of it
            # takes the same id that "Synced first" has in memory.
            other_machine(board, "rename", "add", 1, "Synced second")
            landed.append("second")

    store._unchanged = first_sync_lands  # type: ignore[method-assign]
    store._note_displaced = second_sync_lands  # type: ignore[method-assign]
    try:
        store.put(replace(store.get(1), notes="edited here"))
    finally:
        store.close()
    assert landed == ["first", "second"]
    assert companies(board) == ["Local 0", "Local 1", "Local 2", "Synced first", "Synced second"]
