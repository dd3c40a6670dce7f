"""The calendar_file setting: every command that changes the board rewrites it, atomically."""

from __future__ import annotations

import os
from pathlib import Path

import icalendar
import pytest

from tui.cli import main
from tui.store import Store


def settings(home: Path, text: str) -> None:
    folder = home / "config"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(text, encoding="utf-8")


def add(db: Path, company: str) -> int:
    return main(["add", "--db", str(db), "--company", company, "--role", "Analyst"])


def events(path: Path) -> dict[str, icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_adding_a_card_rewrites_the_calendar_file(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calendar = tmp_path / "synced" / "follow-ups.ics"
    calendar.parent.mkdir()
    settings(isolated_home, f'calendar_file = "{calendar}"\nalarm_minutes_before = 30\n')
    db = tmp_path / "board.json"
    assert add(db, "Acme") == 0
    assert set(events(calendar)) == {"1-thank-you-1@followup-tui", "1-check-in-1@followup-tui"}
    alarm = events(calendar)["1-thank-you-1@followup-tui"].walk("VALARM")[0]
    assert alarm["TRIGGER"].dt.total_seconds() == -30 * 60
    assert add(db, "Globex") == 0
    assert len(events(calendar)) == 4
    assert capsys.readouterr().err == ""
    # Reading the board changes nothing, so the file is left alone.
    stat = calendar.stat()
    assert main(["list", "--db", str(db)]) == 0
    assert calendar.stat().st_mtime_ns == stat.st_mtime_ns
    assert [p.name for p in calendar.parent.iterdir()] == ["follow-ups.ics"]  # no temp files


def test_a_missing_folder_is_one_line_and_the_card_is_still_saved(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calendar = tmp_path / "gone" / "follow-ups.ics"
    settings(isolated_home, f'calendar_file = "{calendar}"\n')
    db = tmp_path / "board.json"
    assert add(db, "Acme") == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"the folder {calendar.parent} does not exist" in err and "board was saved" in err
    assert not calendar.parent.exists()
    with Store(db, read_only=True) as store:
        assert [card.company for card in store.applications()] == ["Acme"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_calendar_file_is_left_as_it_was(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    calendar = folder / "follow-ups.ics"
    calendar.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    folder.chmod(0o500)
    try:
        settings(isolated_home, f'calendar_file = "{calendar}"\n')
        assert add(tmp_path / "board.json", "Acme") == 0
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "could not write the calendar file" in err
        assert calendar.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    finally:
        folder.chmod(0o700)


def test_a_calendar_file_that_is_a_folder_is_one_line(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Works as root too: nothing can replace a folder with a file.
    calendar = tmp_path / "follow-ups.ics"
    (calendar / "inside").mkdir(parents=True)
    settings(isolated_home, f'calendar_file = "{calendar}"\n')
    assert add(tmp_path / "board.json", "Acme") == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not write the calendar file" in err
    assert (calendar / "inside").is_dir()


def test_wrong_reminder_settings_are_named_and_defaulted(
    isolated_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings(
        isolated_home,
        'quiet_hours = "late"\nalarm_minutes_before = -5\nalarm_day_time = "25:00"\n',
    )
    assert add(tmp_path / "board.json", "Acme") == 0
    err = capsys.readouterr().err
    for name in ("quiet_hours", "alarm_minutes_before", "alarm_day_time"):
        assert f"{name}:" in err
    assert "Traceback" not in err
