"""The app keeps calendar_file current: after each saved change, on a thread of its own."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import icalendar

from tests.ui.conftest import seed_board, shown_notes
from tui.app import FollowupApp
from tui.config import load_config
from tui.store import Store


def settings(home: Path, calendar: Path) -> None:
    folder = home / "config"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(f'calendar_file = "{calendar}"\n', encoding="utf-8")


def uids(path: Path) -> set[str]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def wait_for(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.05)


async def test_a_move_rewrites_the_calendar_off_the_ui_thread(
    isolated_home: Path, tmp_path: Path
) -> None:
    calendar = tmp_path / "synced" / "follow-ups.ics"
    calendar.parent.mkdir()
    settings(isolated_home, calendar)
    board = seed_board(tmp_path / "board.json")
    config, errors = load_config()
    assert errors == [] and config.calendar_file == str(calendar)
    store = Store(board, background=True)
    writers: list[str] = []
    app = FollowupApp(store, path=board, config=config)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            assert not calendar.exists()  # nothing changed yet
            ui_thread = threading.current_thread().name
            await pilot.press("L")  # Birch Labs: Interviewed -> Thanked, without a thank-you
            birch = next(
                c for c in app.board_screen.cards.values() if c.company == "Birch Labs"
            ).doc_id
            wait_for(calendar.exists)
            await pilot.pause()
            found = uids(calendar)
            assert f"{birch}-thank-you-1@followup-tui" not in found
            assert f"{birch}-check-in-1@followup-tui" in found
            writers = [t.name for t in threading.enumerate() if t.name == "calendar-file"]
            assert writers == ["calendar-file"] and ui_thread != "calendar-file"
            await pilot.press("H")  # back: the thank-you is due again
            wait_for(lambda: f"{birch}-thank-you-1@followup-tui" in uids(calendar))
            assert f"{birch}-thank-you-1@followup-tui" in uids(calendar)
    finally:
        store.close()


async def test_a_vanished_folder_is_said_once_and_the_board_still_saves(
    isolated_home: Path, tmp_path: Path
) -> None:
    calendar = tmp_path / "gone" / "follow-ups.ics"
    settings(isolated_home, calendar)
    board = seed_board(tmp_path / "board.json")
    config, _ = load_config()
    store = Store(board, background=True)
    app = FollowupApp(store, path=board, config=config)
    shown: list[str] = []
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            await pilot.press("L")
            for _ in range(100):
                await pilot.pause(0.05)
                shown = [str(n.message) for n in shown_notes(app) if "calendar" in n.message]
                if shown:
                    break
            await pilot.press("H")
            await pilot.pause(1.0)
            shown = [str(n.message) for n in shown_notes(app) if "calendar" in n.message]
            assert app.save_status.startswith("saved")
    finally:
        store.close()
    assert len(shown) == 1 and "does not exist" in shown[0] and "\n" not in shown[0]
    assert not calendar.parent.exists()


def test_the_child_that_rewrites_says_one_line_for_a_board_it_cannot_read(
    tmp_path: Path,
) -> None:
    """The app rewrites the calendar in a child process (its own interpreter, so a key is
    never kept waiting); the child reads the saved board, and a damaged one is one line."""
    import subprocess
    import sys

    board = tmp_path / "board.json"
    board.write_text('{"applications": {"1": {"company": ', encoding="utf-8")
    calendar = tmp_path / "follow-ups.ics"
    calendar.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")

    def child(path: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "tui.remind.calendar_file", str(path), str(calendar)]
        return subprocess.run(
            [*command, "60", "09:00"], capture_output=True, text=True, timeout=60, check=False
        )

    done = child(board)
    assert done.returncode == 1 and done.stderr == "", done.stderr
    assert done.stdout.count("\n") == 1 and "could not write the calendar file" in done.stdout
    assert calendar.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    good = child(seed_board(tmp_path / "good.json"))
    assert good.returncode == 0 and good.stdout == ""
    assert uids(calendar)  # the board's follow-ups


async def test_the_demo_board_never_writes_the_users_calendar(
    isolated_home: Path, tmp_path: Path
) -> None:
    calendar = tmp_path / "follow-ups.ics"
    settings(isolated_home, calendar)
    board = seed_board(tmp_path / "demo.json")
    config, _ = load_config()
    store = Store(board, background=True)
    app = FollowupApp(store, path=board, config=config, demo=True)
    try:
        async with app.run_test(size=(160, 40)) as pilot:
            await pilot.pause()
            await pilot.press("L")
            wait_for(lambda: store.saved_generation >= store.generation)
            await pilot.pause(1.5)  # well past the rewrite's delay
            assert app.save_status.startswith("saved")
    finally:
        store.close()
    assert not calendar.exists()
