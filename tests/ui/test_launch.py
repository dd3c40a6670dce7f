"""Opening the board as the app does: damaged files, a second instance, a read-only file."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.boards import make_application
from tests.storage.test_store import deny_lock
from tests.ui.conftest import screen_text, shown_notes
from tui import dates
from tui.app import FollowupApp
from tui.launch import open_board
from tui.model import Stage
from tui.screens.card_form import CardFormScreen
from tui.screens.dialogs import AskScreen
from tui.screens.error import OpenErrorScreen
from tui.screens.profile import ProfileScreen
from tui.store import Store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def error_screen_words(app: FollowupApp) -> str:
    """The error screen's message and advice, whole (however the screen wraps them)."""
    return " ".join(
        str(app.screen.query_one(selector, Static).content)
        for selector in ("#error-message", "#error-advice")
    )


def make_board(path: Path, *companies: str) -> None:
    with dates.frozen_clock(NOW), Store(path) as store:
        for company in companies:
            store.add(make_application(company=company, stage=Stage.INTERVIEWED))


async def test_a_damaged_board_shows_the_error_and_opens_the_newest_good_backup(
    tmp_path: Path,
) -> None:
    board = tmp_path / "board.json"
    make_board(board, "Birch Labs", "Cobalt Systems")
    Store(board).close()  # opening an existing board takes the day's backup
    damaged = b'{"applications": {"1": {"company": "Birch'  # cut off mid-write by another tool
    board.write_bytes(damaged)

    opened = open_board(board)
    assert opened.store is None and opened.error is not None
    assert board.read_bytes() == damaged  # opening never writes to a file it could not read
    app = FollowupApp(None, path=board, open_error=opened.error)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, OpenErrorScreen)
        text = screen_text(app)
        assert str(board.name) in text
        assert "line 1" in text and "backup" in text
        await pilot.press("b")
        await pilot.pause()
        assert not isinstance(app.screen, OpenErrorScreen), screen_text(app)
        assert sorted(card.company for card in app.board_screen.cards.values()) == [
            "Birch Labs",
            "Cobalt Systems",
        ]
        told = " ".join(str(n.message) for n in shown_notes(app))
        await pilot.pause()
        on_screen = screen_text(app)
        assert app.store is not None
        app.store.close()
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    # Which backup is open now, and where the damaged file went, is said over the board.
    backup = Store.backups(board)[0]
    assert f"The backup {backup.name} was put in place of board.json" in told
    assert f"the damaged file is kept beside it as {kept[0].name}" in told
    assert "Opened a backup" in on_screen


async def test_quitting_from_the_error_screen_leaves_the_file_alone(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    board.write_text('{"applications": [1, 2, 3]}', encoding="utf-8")
    before = board.read_bytes()
    opened = open_board(board)
    app = FollowupApp(None, path=board, open_error=opened.error)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "No good backup" in screen_text(app)
        await pilot.press("q")
    assert board.read_bytes() == before


async def test_without_a_good_backup_the_error_screen_does_not_offer_one(
    tmp_path: Path,
) -> None:
    board = tmp_path / "board.json"
    board.write_text('{"applications": [1, 2, 3]}', encoding="utf-8")
    board.with_name("board.json.2026-11-24.bak").write_bytes(b"{")  # damaged too
    opened = open_board(board)
    app = FollowupApp(None, path=board, open_error=opened.error)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "No good backup" in text
        assert "Open newest good backup" not in text and "Open backup" not in text
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, OpenErrorScreen)
        assert not [p for p in tmp_path.iterdir() if ".damaged-" in p.name]


async def test_a_board_from_a_newer_version_is_not_treated_as_damaged(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    make_board(board, "Birch Labs")
    Store(board).close()  # a good backup beside it
    newer = b'{"applications": {}, "meta": {"1": {"schema_version": 99}}}'
    board.write_bytes(newer)
    before = sorted(tmp_path.iterdir())
    opened = open_board(board)
    app = FollowupApp(None, path=board, open_error=opened.error)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        words = error_screen_words(app)
        assert "newer followup-tui" in words and "not damaged" in words
        assert "Open newest good backup" not in text and "Open backup" not in text
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, OpenErrorScreen)
        await pilot.press("q")
    assert sorted(tmp_path.iterdir()) == before
    assert board.read_bytes() == newer


async def test_a_board_that_cannot_be_read_is_not_offered_a_backup(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    make_board(board, "Birch Labs")
    Store(board).close()
    board.unlink()
    board.mkdir()  # reading it fails with an OSError, as a disk error or permissions would
    opened = open_board(board)
    app = FollowupApp(None, path=board, open_error=opened.error)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        words = error_screen_words(app).replace(str(board), "board")
        assert "Cannot read" in words
        assert "backup" not in words and "damaged" not in words
        assert "Open newest good backup" not in screen_text(app)


async def test_a_second_instance_opens_read_only_and_says_so(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    make_board(board, "Birch Labs")
    first = Store(board)  # the first instance holds the lock
    try:
        before = board.read_bytes()
        opened = open_board(board)
        assert opened.store is not None and opened.store.read_only
        assert "another followup-tui" in opened.read_only_reason
        app = FollowupApp(opened.store, path=board, read_only_reason=opened.read_only_reason)
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            assert "Read-only: another followup-tui has this board open" in screen_text(app)
            await pilot.press("L")
            await pilot.pause()
            messages = " ".join(str(n.message) for n in shown_notes(app))
            assert "read-only" in messages
            assert app.board_screen.cards[1].stage is Stage.INTERVIEWED
            # The forms do not open at all: typing a card only to lose it helps nobody.
            await pilot.press("s")  # nothing is logged, so nothing may say it was
            await pilot.pause()
            assert not any("Logged" in str(n.message) for n in shown_notes(app))
            for keys in (["n"], ["r"], ["p"], ["e", "e"]):  # e on the details: edit
                app.clear_notifications()
                await pilot.press(*keys)
                await pilot.pause()
                assert not isinstance(app.screen, CardFormScreen | ProfileScreen | AskScreen), keys
                assert "read-only" in " ".join(str(n.message) for n in shown_notes(app))
                await pilot.press("escape")
        opened.store.close()
        assert board.read_bytes() == before
    finally:
        first.close()


async def test_a_file_made_read_only_opens_read_only_with_the_reason(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    make_board(board, "Birch Labs")
    os.chmod(board, 0o400)
    opened = open_board(board)
    assert opened.store is not None and opened.store.read_only
    assert "read-only (file permissions)" in opened.read_only_reason
    app = FollowupApp(opened.store, path=board, read_only_reason=opened.read_only_reason)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "read-only (file permissions)" in screen_text(app)
    opened.store.close()


async def test_a_folder_without_write_permission_opens_read_only_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board = tmp_path / "board.json"
    make_board(board, "Birch Labs")
    board.with_name("board.json.lock").unlink()
    before = sorted(tmp_path.iterdir())
    deny_lock(monkeypatch)  # as creating the lock file in a folder mode 555 does for a user
    opened = open_board(board)
    assert opened.store is not None and opened.store.read_only, opened.error
    assert f"the folder {tmp_path} is not writable" in opened.read_only_reason
    app = FollowupApp(opened.store, path=board, read_only_reason=opened.read_only_reason)
    async with app.run_test(size=(160, 36)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Read-only: the folder" in text and "Birch Labs" in text
        assert "backup" not in text and "damaged" not in text
    opened.store.close()
    assert sorted(tmp_path.iterdir()) == before
