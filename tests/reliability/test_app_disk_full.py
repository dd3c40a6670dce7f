"""A full disk while the app runs: the file stays intact, the user is told, ctrl+s saves later."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.boards import make_application
from tests.ui.conftest import screen_strips, shown_notes
from tui import dates, files
from tui.app import NOT_SAVED, FollowupApp
from tui.model import Stage
from tui.store import Store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


async def wait_for(condition: object, timeout: float = 5.0) -> None:
    """Poll until ``condition()`` is true (the save happens on the store's writer thread)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():  # type: ignore[operator]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.02)


def one_card_board(tmp_path: Path) -> Path:
    """A board file with one card in Interviewed (and no backup yet)."""
    board = tmp_path / "board.json"
    with dates.frozen_clock(NOW), Store(board) as store:
        store.add(make_application(company="Birch Labs", stage=Stage.INTERVIEWED))
    return board


def fail_renames_onto(monkeypatch: pytest.MonkeyPatch, failing: Callable[[Path], bool]) -> None:
    """A rename onto a path that ``failing`` picks fails as on a full disk (``os.replace``, and
    the swap that saves the board with, ``files.renameat2``)."""
    real_replace, real_swap = os.replace, files.renameat2

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if failing(Path(dst)):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    def swap(src: str | Path, dst: str | Path, flags: int) -> None:
        if failing(Path(dst)):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_swap(src, dst, flags)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(files, "renameat2", swap)


@contextlib.asynccontextmanager
async def running(board: Path) -> AsyncIterator[tuple[Pilot[int], FollowupApp]]:
    """The app on ``board`` with a background store, at a frozen time; the store closed after."""
    store = Store(board, background=True)
    app = FollowupApp(store, path=board)
    try:
        with dates.frozen_clock(NOW):
            async with app.run_test(size=(120, 36)) as pilot:
                yield pilot, app
    finally:
        store.close()


async def test_a_failed_save_keeps_the_file_and_ctrl_s_saves_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = one_card_board(tmp_path)
    before = board.read_bytes()
    disk_full = True
    fail_renames_onto(monkeypatch, lambda target: disk_full and target == board)
    async with running(board) as (pilot, app):
        await pilot.pause()
        await pilot.press("L")
        await wait_for(lambda: app.save_status == NOT_SAVED)
        await pilot.pause()
        # The board shows the move; the file is what it was; the user was told.
        assert app.board_screen.focused_stage is Stage.THANKED
        assert board.read_bytes() == before
        messages = " ".join(str(n.message) for n in shown_notes(app))
        assert "No space left on device" in messages
        assert not list(tmp_path.glob("*.tmp"))
        # Space again: ctrl+s writes the change.
        disk_full = False
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.save_status.startswith("saved"))
    saved = Store(board, read_only=True)
    try:
        assert [card.stage for card in saved.applications()] == [Stage.THANKED]
    finally:
        saved.close()


async def test_a_backup_that_cannot_be_written_is_shown_and_saving_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = one_card_board(tmp_path)
    fail_renames_onto(monkeypatch, lambda target: target.name.endswith(".bak"))
    # Opening today's board the first time takes the day's backup, on the writer thread.
    async with running(board) as (pilot, app):

        def told() -> str:
            return " ".join(str(n.message) for n in shown_notes(app))

        await wait_for(lambda: "Could not write the backup" in told())
        assert "No space left on device" in told()
        await pilot.press("L")
        await wait_for(lambda: '"thanked"' in board.read_text())
    assert not list(tmp_path.glob("*.bak"))


async def test_q_asks_before_quitting_with_a_change_not_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = one_card_board(tmp_path)
    disk_full = True
    fail_renames_onto(monkeypatch, lambda target: disk_full and target == board)
    async with running(board) as (pilot, app):
        await pilot.press("L")
        await wait_for(lambda: app.save_status == NOT_SAVED)
        # The footer still offers q Quit beside the extra "Save again" (at 120 columns).
        await pilot.pause()
        footer = screen_strips(app)[-1].text
        assert "Save again" in footer and "q Quit" in footer
        await pilot.press("q", "q")
        await pilot.pause()
        # Asked (once, for a double press), not gone: n stays, and ctrl+s saves.
        assert app.is_running
        assert len(app.screen_stack) == 2
        assert "Quit without saving?" in str(app.screen.query("Static").first().render())
        await pilot.press("n")
        assert app.screen is app.screen_stack[0]
        disk_full = False
        await pilot.press("ctrl+s")
        await wait_for(lambda: app.save_status.startswith("saved"))
        # Saved now: q quits at once.
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running
    assert '"thanked"' in board.read_text()


async def test_quit_and_lose_it_quits_when_the_user_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = one_card_board(tmp_path)
    before = board.read_bytes()
    fail_renames_onto(monkeypatch, lambda target: target == board)
    async with running(board) as (pilot, app):
        await pilot.press("L")
        await wait_for(lambda: app.save_status == NOT_SAVED)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not app.is_running
    assert board.read_bytes() == before


async def test_nothing_to_undo_leaves_not_saved_standing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The palette's Undo runs even with nothing to undo; it used to show "saving…" for ever,
    # and q then quit without asking.
    board = one_card_board(tmp_path)
    fail_renames_onto(monkeypatch, lambda target: target == board)
    async with running(board) as (pilot, app):
        await pilot.press("L", "u")
        await wait_for(lambda: app.save_status == NOT_SAVED and not app.store.can_undo())  # type: ignore[union-attr]
        app.board_screen.action_undo()
        await pilot.pause()
        assert app.save_status == NOT_SAVED
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running and len(app.screen_stack) == 2
