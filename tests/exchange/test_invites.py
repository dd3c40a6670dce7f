"""Interview invites: real .ics files as Google, Outlook, Zoom, Calendly, Greenhouse and Lever
write them, read and imported through the command line into a real board."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import cards_in, one_line, run, run_script
from tui import dates, rules
from tui.exchange import invite
from tui.model import EventKind, InterviewFormat, Profile
from tui.store import Store

INVITES = Path(__file__).parents[1] / "data" / "invites"
NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)
ME = ("alex.morgan@gmail.com", "alex@morgan.dev")


pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def db(tmp_path: Path, isolated_home: Path) -> Path:
    """A board whose user is Alex Morgan in New York, with a second address in the settings."""
    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text(
        'timezone = "America/New_York"\nmy_addresses = ["alex@morgan.dev"]\n', encoding="utf-8"
    )
    path = tmp_path / "board.json"
    with Store(path) as store:
        store.save_profile(Profile(name="Alex Morgan", email="alex.morgan@gmail.com"))
    return path


def read(name: str) -> list[invite.Invite]:
    found, problems = invite.read_invites(
        (INVITES / name).read_bytes(), my_addresses=ME, tz="America/New_York"
    )
    assert problems == []
    return found


def people(item: invite.Invite) -> list[tuple[str, str]]:
    return [(person.name, person.email) for person in item.interviewers]


def test_google_invite_leaves_out_the_user_rooms_and_declined_people() -> None:
    [item] = read("google.ics")
    assert (item.company, item.role) == ("Acme", "Data Analyst")
    assert item.starts_at == datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    assert item.ends_at == datetime(2026, 12, 8, 15, 45, tzinfo=UTC)
    assert people(item) == [
        ("Priya Shah", "priya.shah@acme.example"),
        ("Jordan Lee", "jordan.lee@acme.example"),
    ]
    assert item.format is InterviewFormat.VIDEO and item.guessed == frozenset()
    assert "SQL take-home" in item.notes
    assert "-::~" not in item.notes and "Please do not edit" not in item.notes


def test_google_export_floating_times_are_in_its_x_wr_timezone() -> None:
    [item] = read("google-export.ics")
    # 10:00 in New York (X-WR-TIMEZONE), not 10:00 in the user's zone or UTC.
    assert item.starts_at == datetime(2026, 12, 11, 15, 0, tzinfo=UTC)
    assert (item.company, item.role) == ("Stark Industries", "Research Scientist")
    assert item.format is InterviewFormat.ONSITE


def test_floating_time_without_x_wr_timezone_is_in_the_users_zone() -> None:
    data = (
        (INVITES / "google-export.ics")
        .read_bytes()
        .replace(b"X-WR-TIMEZONE:America/New_York\r\n", b"")
    )
    [item], _ = invite.read_invites(data, tz="Europe/Paris")
    assert item.starts_at == datetime(2026, 12, 11, 9, 0, tzinfo=UTC)


def test_outlook_windows_zone_folded_lines_and_teams() -> None:
    [item] = read("outlook.ics")
    # 14:00 'Pacific Standard Time' is 22:00 UTC in December.
    assert item.starts_at == datetime(2026, 12, 9, 22, 0, tzinfo=UTC)
    assert (item.company, item.role) == ("Globex", "Senior Product Manager")
    # Alex's second address (my_addresses) and the room are left out.
    assert people(item) == [
        ("Sam Lee", "sam.lee@globex.example"),
        ("Dana Okafor", "dana.okafor@globex.example"),
    ]
    assert item.format is InterviewFormat.VIDEO
    # The description was folded over many lines: it reads back whole.
    assert "roadmap trade-offs" in item.notes
    assert "meetup-join/19%3ameeting_NjA4ZDc0YjEtOWI0Mi00YmU1LWE4MzAtYjQ0ZTc2NDQ0MjEx" in item.notes


def test_zoom_role_with_person_and_company_from_the_organisers_domain() -> None:
    [item] = read("zoom.ics")
    assert (item.company, item.role) == ("Initech", "Data Engineer")
    assert item.guessed == frozenset({"company"})
    assert item.starts_at == datetime(2026, 12, 10, 16, 0, tzinfo=UTC)  # 10:00 Chicago
    assert item.format is InterviewFormat.VIDEO


def test_calendly_phone_screen() -> None:
    [item] = read("calendly.ics")
    assert (item.company, item.role) == ("Hooli", "Data Analyst")
    assert item.format is InterviewFormat.PHONE
    assert people(item) == [("Jordan Kim", "jordan.kim@hooli.example")]


def test_greenhouse_and_lever_leave_out_their_robots() -> None:
    [greenhouse] = read("greenhouse.ics")
    assert (greenhouse.company, greenhouse.role) == ("Umbrella Corp", "Backend Engineer")
    assert greenhouse.format is InterviewFormat.ONSITE
    assert [name for name, _ in people(greenhouse)] == ["Tomás Ruiz", "Hannah Becker"]
    assert greenhouse.starts_at == datetime(2026, 12, 15, 9, 30, tzinfo=UTC)  # London, winter
    [lever] = read("lever.ics")
    assert (lever.company, lever.role) == ("Vandelay Industries", "Logistics Analyst")
    assert [name for name, _ in people(lever)] == ["Art Vandelay", "Kel Varnsen"]


@pytest.mark.parametrize(
    ("summary", "company", "role"),
    [
        ("Interview: Data Analyst \u2013 Acme", "Acme", "Data Analyst"),
        ("Acme | Data Analyst interview", "Acme", "Data Analyst"),
        ("Data Analyst Interview with Priya Shah", "Acme", "Data Analyst"),
        ("Backend Engineer at Umbrella", "Umbrella", "Backend Engineer"),
        ("Phone screen", "Acme", "Interview"),
    ],
)
def test_title_shapes(summary: str, company: str, role: str) -> None:
    from tui.model import Interviewer

    organiser = Interviewer(name="Priya Shah", email="priya@acme.example")
    assert invite.company_and_role(summary, organiser, [])[:2] == (company, role)


def test_all_day_event_takes_a_morning_hour_marked_guessed() -> None:
    [item] = read("all-day.ics")
    assert item.all_day and "interviewed_at" in item.guessed
    assert dates.short_datetime(item.starts_at, "America/New_York") == "Fri 18 Dec 09:00"
    assert item.format is InterviewFormat.ONSITE


def test_recurring_event_is_refused_clearly() -> None:
    with pytest.raises(invite.InviteError, match="recurring event"):
        invite.read_invites((INVITES / "recurring.ics").read_bytes())


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7 not a calendar", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no event"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:garbage\r\n", "not a readable"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (invite.MAX_INVITE_BYTES + 1), "MB"),
    ],
)
def test_hostile_files_are_one_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(invite.InviteError, match=words):
        invite.read_invites(data)


# --------------------------------------------------------------------------- the command line


def test_cli_imports_an_invite_into_the_board(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "import", str(INVITES / "google.ics"), "--yes")
    assert code == 0, out
    assert "add Acme - Data Analyst on Tue 8 Dec 10:00 with Priya Shah, Jordan Lee (video)" in out
    [card] = cards_in(db)
    assert [p.name for p in card.interviewers] == ["Priya Shah", "Jordan Lee"]
    assert card.interviewed_at == datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    # Before the interview the card asks for nothing; the thank-you runs from its end.
    profile = Profile(timezone="America/New_York")
    action = rules.next_action(card, profile, NOW)
    assert (action.label, action.severity) == ("interview Tue 8 Dec 10:00", rules.Severity.WAITING)
    that_week = rules.next_action(card, profile, datetime(2026, 12, 5, 12, 0, tzinfo=UTC))
    assert that_week.label == "interview Tue 10:00"
    during = rules.next_action(card, profile, datetime(2026, 12, 8, 15, 30, tzinfo=UTC))
    assert during.severity is rules.Severity.WAITING
    assert rules.thank_you_due_at(card) == datetime(2026, 12, 9, 15, 45, tzinfo=UTC)
    after = rules.next_action(card, profile, datetime(2026, 12, 8, 16, 45, tzinfo=UTC))
    assert after.label == "thank-you due in 23h"
    assert rules.todays_actions([card], profile, NOW) == []


def test_cli_without_yes_is_a_dry_run(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "import", str(INVITES / "outlook.ics"))
    assert code == 0 and "Dry run" in out
    assert cards_in(db) == []


def test_cli_reschedule_cancel_and_next_round(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    def load(name: str) -> str:
        code, out, err = run(capsys, "--db", str(db), "import", str(INVITES / name), "--yes")
        assert code == 0, err
        return out

    load("google.ics")
    out = load("google-reschedule.ics")
    assert "rescheduled from Tue 8 Dec 10:00 to Wed 9 Dec 14:00" in out
    [card] = cards_in(db)
    assert card.interviewed_at == datetime(2026, 12, 9, 19, 0, tzinfo=UTC)
    assert "Rescheduled from Tue 8 Dec 10:00 to Wed 9 Dec 14:00" in [
        e.summary for e in card.history
    ]
    # The same file again changes nothing.
    assert "already imported" in load("google-reschedule.ics")
    out = load("google-cancel.ics")
    assert "as cancelled (the card stays)" in out
    [card] = cards_in(db)
    assert card.history[-1].kind is EventKind.CANCELLED
    profile = Profile(timezone="America/New_York")
    assert rules.next_action(card, profile, NOW).label == "interview Wed 9 Dec cancelled"
    out = load("google-round2.ics")
    assert "round 2 on Thu 17 Dec 11:00 with Priya Shah, Riley Chen" in out
    [card] = cards_in(db)
    assert card.round == 2 and [p.name for p in card.interviewers] == ["Priya Shah", "Riley Chen"]
    # The first round's invite, imported again, is an earlier round's: nothing changes.
    assert "an earlier round's invite" in load("google.ics")
    assert cards_in(db)[0].round == 2


def test_cli_imports_every_event_of_a_file(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "--db", str(db), "import", str(INVITES / "multi.ics"), "--yes")
    assert code == 0
    cards = cards_in(db)
    assert [(c.company, c.role, c.format) for c in cards] == [
        ("Soylent", "Platform Engineer", InterviewFormat.ONSITE),
        ("Initrode", "Data Scientist", InterviewFormat.PHONE),
    ]
    # 11:00 'W. Europe Standard Time' is 10:00 UTC.
    assert cards[0].interviewed_at == datetime(2026, 12, 10, 10, 0, tzinfo=UTC)


def test_cli_refuses_a_recurring_event_and_adds_nothing(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", str(db), "import", str(INVITES / "recurring.ics"), "--yes")
    assert code == 2 and out == ""
    assert "recurring event" in one_line(err)
    assert cards_in(db) == []


def test_cli_hostile_file_is_one_line(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "invite.ics"
    bad.write_bytes(os.urandom(4096))
    code, _, err = run(capsys, "--db", str(db), "import", str(bad), "--yes")
    assert code == 2 and "not an iCalendar file" in one_line(err)
    assert cards_in(db) == []


def test_console_script_imports_an_invite(db: Path) -> None:
    env = {"FOLLOWUP_TUI_DB": str(db)}
    done = run_script("import", str(INVITES / "zoom.ics"), "--yes", env=env)
    assert done.returncode == 0, done.stderr
    assert "Added card 1: Initech - Data Engineer" in done.stdout
    assert cards_in(db)[0].interviewed_at == datetime(2026, 12, 10, 16, 0, tzinfo=UTC)


def test_cli_leaves_out_my_addresses_from_the_settings(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(db), "import", str(INVITES / "outlook.ics"), "--yes")
    assert code == 0, err
    # alex@morgan.dev is in my_addresses (config.toml), not in the profile.
    assert [p.email for p in cards_in(db)[0].interviewers] == [
        "sam.lee@globex.example",
        "dana.okafor@globex.example",
    ]
