"""The command line, run in-process through main() and through the installed console script."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

from tests.boards import make_application, write_board
from tests.cli.conftest import ROOT, cards_in, one_line, run, run_script, script
from tui import changes, dates, rules
from tui.model import Application, EventKind, Interviewer, Outcome, Profile, Stage
from tui.store import Store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "board.json"


@pytest.fixture
def paris(isolated_home: Path) -> None:
    """Settings that put the user in Paris (UTC+1 in November)."""
    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('timezone = "Europe/Paris"\n', encoding="utf-8")


def seed(db: Path, *cards: Application) -> None:
    with Store(db) as store:
        store.add_many(cards)


# --------------------------------------------------------------------------- help, version


def test_help_shows_examples_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert "examples:" in out and "followup-tui list --due" in out and "exit codes" in out


def test_import_help_documents_the_dry_run(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0 and "dry run" in out and "--yes" in out


def test_help_says_import_takes_an_ics_invite_too(capsys: pytest.CaptureFixture[str]) -> None:
    # It said "add cards from a CSV file", though an .ics invite imports as well.
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "add cards from a CSV file or an .ics invite" in out
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0 and "or from an .ics invite" in " ".join(out.split())


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from tui import __version__

    assert run(capsys, "--version") == (0, f"followup-tui {__version__}\n", "")


def test_unknown_command_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "frobnicate")
    assert code == 2 and out == ""
    assert "invalid choice" in one_line(err)


def test_demo_is_only_for_the_board(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    code, _, err = run(capsys, "--demo", "list", "--db", str(db))
    assert code == 2 and "--demo" in one_line(err)


def test_commands_never_load_textual(db: Path) -> None:
    code = (
        "import sys\n"
        "from tui.cli import main\n"
        f"assert main(['add', '--db', {str(db)!r}, '--company', 'A', '--role', 'B']) == 0\n"
        f"assert main(['list', '--db', {str(db)!r}]) == 0\n"
        "assert 'textual' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True)


def test_opening_the_board_loads_no_command_parts() -> None:
    # The usual start: parse `--db FILE`, then the app loads what it needs. Nothing the
    # commands use (exporters, csv) may load first; the store and rules come with the app.
    code = (
        "import sys\n"
        "import tui.__main__\n"
        "from tui.cli import build_parser\n"
        "args = build_parser().parse_args(['--db', 'board.json'])\n"
        "assert args.handler.__name__ == '_run_board'\n"
        "watched = ('tui.exporters', 'tui.store', 'tui.rules', 'tui.dates', 'tui.changes',\n"
        "           'tui.config', 'csv', 'filelock', 'tinydb', 'arrow', 'textual')\n"
        "loaded = [name for name in watched if name in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --------------------------------------------------------------------------- add


@pytest.mark.usefixtures("paris")
def test_add_saves_a_card_with_a_created_event(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, err = run(
        capsys,
        "add",
        "--db",
        str(db),
        "--company",
        " Acme ",
        "--role",
        "Data Analyst",
        "--interviewer",
        "Jordan Lee <jordan@acme.example>",
        "--interviewer",
        "Sam Patel",
        "--at",
        "2026-11-24 14:30",
        "--notes",
        "Hybrid",
        "--decision-by",
        "2026-12-04",
    )
    assert (code, err) == (0, "")
    assert out.startswith("Added card 1: Acme - Data Analyst (Interviewed, Tue 24 Nov 14:30")
    assert out.count("\n") == 1 and "next: thank-you" in out
    (card,) = cards_in(db)
    assert (card.doc_id, card.company, card.role, card.notes) == (
        1,
        "Acme",
        "Data Analyst",
        "Hybrid",
    )
    assert card.interviewed_at == datetime(2026, 11, 24, 13, 30, tzinfo=UTC)  # 14:30 in Paris
    assert card.interviewers == (
        Interviewer(name="Jordan Lee", email="jordan@acme.example"),
        Interviewer(name="Sam Patel"),
    )
    assert card.decision_by == date(2026, 12, 4)
    assert [(e.kind, e.at) for e in card.history] == [(EventKind.CREATED, NOW)]


def test_add_defaults_to_now_and_accepts_a_stage_and_db_before_the_command(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, _, _ = run(
        capsys, "--db", str(db), "add", "--company", "A", "--role", "B", "--stage", "Checked In"
    )
    assert code == 0
    (card,) = cards_in(db)
    assert (card.interviewed_at, card.stage) == (NOW, Stage.CHECKED_IN)


def test_add_uses_the_environment_variable_for_the_board(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_TUI_DB", str(db))
    assert run(capsys, "add", "--company", "A", "--role", "B")[0] == 0
    assert len(cards_in(db)) == 1


@pytest.mark.usefixtures("paris")
def test_add_accepts_dates_from_the_interview_day_on(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, _, err = run(
        capsys,
        *("add", "--db", str(db), "--company", "B", "--role", "Y", "--at", "2026-11-20 18:00"),
        *("--decision-by", "2026-11-20", "--follow-up-on", "2026-11-23"),
    )
    assert (code, err) == (0, "")
    (card,) = cards_in(db)
    assert (card.decision_by, card.follow_up_on) == (date(2026, 11, 20), date(2026, 11, 23))


def test_add_reads_an_interviewer_written_as_in_the_form(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    line = "Dr. Alan Ortiz | Analytics Manager | alan@lumina.example | about: dbt; data contracts"
    code, out, err = run(
        capsys, "add", "--db", str(db), "--company", "Lumina", "--role", "Analyst",
        "--interviewer", line, "--interviewer", "Sofia Reyes <sofia@lumina.example>",
    )  # fmt: skip
    assert (code, err) == (0, "")
    assert "with Dr. Alan Ortiz, Sofia Reyes)" in out  # names, not the raw line
    (card,) = cards_in(db)
    assert card.interviewers == (
        Interviewer(
            name="Dr. Alan Ortiz",
            title="Analytics Manager",
            email="alan@lumina.example",
            talked_about="dbt; data contracts",
        ),
        Interviewer(name="Sofia Reyes", email="sofia@lumina.example"),
    )


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--company", "", "--role", "R"], "--company must not be empty"),
        (["--company", "   ", "--role", "R"], "--company must not be empty"),
        (["--company", "C", "--role", ""], "--role must not be empty"),
        (["--role", "R"], "--company"),
        (["--company", "C", "--role", "R", "--at", "next blue moon"], "--at 'next blue moon'"),
        (["--company", "C", "--role", "R", "--at", "2026-02-30"], "--at"),
        (["--company", "C", "--role", "R", "--stage", "hired"], "unknown stage 'hired'"),
        (["--company", "C", "--role", "R", "--decision-by", "soonish"], "--decision-by"),
        (["--company", "C", "--role", "R", "--round", "0"], "--round"),
        (
            ["--company", "C", "--role", "R", "--interviewer", "Jo | Lead | jane@"],
            "--interviewer 'Jo | Lead | jane@': 'jane@' is not an email address",
        ),
        (
            ["--company", "C", "--role", "R", "--interviewer", "bad <notanemail>"],
            "--interviewer 'bad <notanemail>': 'notanemail' is not an email address",
        ),
        (
            ["--company", "B", "--role", "Y", "--at", "2026-11-20", "--decision-by", "2026-11-01"],
            "--decision-by '2026-11-01': Sun 1 Nov is before the interview (Fri 20 Nov).",
        ),
        (
            ["--company", "B", "--role", "Y", "--at", "2026-11-20", "--follow-up-on", "2026-11-19"],
            "--follow-up-on '2026-11-19': Thu 19 Nov is before the interview (Fri 20 Nov).",
        ),
    ],
)
def test_add_refuses_invalid_input_with_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], db: Path, args: list[str], fragment: str
) -> None:
    code, out, err = run(capsys, "add", "--db", str(db), *args)
    assert (code, out) == (2, "")
    assert fragment in one_line(err)
    assert not db.exists() or cards_in(db) == []


# --------------------------------------------------------------------------- list


def board_for_listing(db: Path) -> None:
    seed(
        db,
        make_application(company="Waiting Co", stage=Stage.AWAITING_DECISION, interviewed_at=NOW),
        make_application(company="Late Ltd", interviewed_at=NOW - timedelta(hours=30)),
        make_application(company="Soon Inc", interviewed_at=NOW - timedelta(hours=20)),
        make_application(
            company="Checkin Corp",
            stage=Stage.THANKED,
            interviewed_at=NOW - timedelta(days=20),
            decision_by=None,
            follow_up_on=None,
        ),
    )


def test_list_shows_a_table_in_board_order(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    board_for_listing(db)
    code, out, err = run(capsys, "list", "--db", str(db))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "COMPANY", "ROLE", "STAGE", "NEXT", "ACTION", "DUE"]
    companies = [line[4:].split("  ")[0] for line in lines[1:]]
    assert companies == ["Late Ltd", "Soon Inc", "Checkin Corp", "Waiting Co"]
    assert "thank-you overdue by 6h" in lines[1]
    assert "Awaiting Decision" in lines[4]


def test_list_filters_by_stage(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    board_for_listing(db)
    code, out, _ = run(capsys, "list", "--db", str(db), "--stage", "awaiting-decision")
    assert code == 0
    assert len(out.splitlines()) == 2 and "Waiting Co" in out


def test_list_due_is_most_urgent_first(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    board_for_listing(db)
    code, out, _ = run(capsys, "list", "--db", str(db), "--due", "--json")
    assert code == 0
    listed = json.loads(out)
    expected = rules.todays_actions(cards_in(db), Profile(), NOW)
    assert [doc["id"] for doc in listed] == [card.doc_id for card, _ in expected]
    # Both overdue: the check-in has been due longer than the thank-you.
    assert [doc["company"] for doc in listed] == ["Checkin Corp", "Late Ltd", "Soon Inc"]
    assert [doc["next_action"]["severity"] for doc in listed] == ["overdue", "overdue", "warning"]
    code, out, _ = run(capsys, "list", "--db", str(db), "--due")
    assert [line.split("  ")[1].strip() for line in out.splitlines()[1:]] == [
        "Checkin Corp",
        "Late Ltd",
        "Soon Inc",
    ]
    assert out.splitlines()[1].rstrip().endswith("overdue")


def test_list_json_is_the_card_format_with_the_next_action(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    board_for_listing(db)
    code, out, _ = run(capsys, "list", "--db", str(db), "--json")
    documents = json.loads(out)
    assert code == 0 and len(documents) == 4
    late = next(doc for doc in documents if doc["company"] == "Late Ltd")
    assert late["next_action"] == {
        "kind": "thank_you",
        "label": "thank-you overdue by 6h",
        "due_at": (NOW - timedelta(hours=6)).isoformat(),
        "severity": "overdue",
    }
    assert late["stage"] == "interviewed" and isinstance(late["id"], int)


def test_list_of_a_missing_board_says_so_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, _ = run(capsys, "list", "--db", str(db))
    assert code == 0 and "No cards yet" in out
    assert not db.exists()
    assert run(capsys, "list", "--db", str(db), "--json")[1] == "[]\n"


def test_list_shows_hostile_text_as_plain_text(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    seed(db, make_application(company="\x1b[31mRed\nCo", role="[bold]Role"))
    _, out, _ = run(capsys, "list", "--db", str(db))
    assert "\x1b" not in out and "[bold]Role" in out and len(out.splitlines()) == 2


def test_a_damaged_board_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    db.write_text("{not json", encoding="utf-8")
    code, out, err = run(capsys, "list", "--db", str(db))
    assert (code, out) == (1, "")
    assert str(db) in one_line(err)


# --------------------------------------------------------------------------- export


def test_export_csv_guards_formulas(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    seed(db, make_application(company="=SUM(A1:A9)", role="@role", notes="+33 6 12"))
    code, out, _ = run(capsys, "export", "--db", str(db), "--format", "csv")
    assert code == 0
    header, row = list(csv.reader(io.StringIO(out)))
    cell = dict(zip(header, row, strict=True))
    assert (cell["company"], cell["role"], cell["notes"]) == ("'=SUM(A1:A9)", "'@role", "'+33 6 12")


def test_export_to_a_file_infers_the_format(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    seed(db, make_application())
    target = db.parent / "board.CSV"
    code, out, _ = run(capsys, "export", "--db", str(db), "-o", str(target))
    assert code == 0 and out == f"Exported 1 card as CSV to {target}\n"
    assert target.read_bytes().startswith(b"\xef\xbb\xbfid,company,role,")


def test_export_without_a_format_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, _, err = run(capsys, "export", "--db", str(db))
    assert code == 2 and "--format" in one_line(err)


def test_export_to_a_missing_folder_is_one_line_exit_1(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    target = db.parent / "no" / "such" / "folder" / "board.json"
    code, out, err = run(capsys, "export", "--db", str(db), "-o", str(target))
    assert (code, out) == (1, "")
    # The message names the file asked for, not the temporary file beside it.
    assert one_line(err).strip() == f"followup-tui: {target}: No such file or directory"
    assert not target.parent.exists()


def test_an_ics_export_to_a_pipe_ends_with_one_line(db: Path) -> None:
    """-o /dev/stdout on a pipe: the export once read the target for an earlier calendar and
    waited on the pipe for ever (run_script's timeout). It ends at once, as a CSV's does."""
    assert (
        run_script("add", "--db", str(db), "--company", "Acme", "--role", "Analyst").returncode == 0
    )
    result = run_script("export", "--db", str(db), "--format", "ics", "-o", "/dev/stdout")
    assert result.returncode == 1
    assert one_line(result.stderr).startswith("followup-tui: ")
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1


def test_export_over_the_board_itself_is_refused(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    seed(db, make_application())
    before = db.read_bytes()
    code, _, err = run(capsys, "export", "--db", str(db), "--format", "json", "-o", str(db))
    assert code == 2 and "is the board's own file" in one_line(err)
    assert db.read_bytes() == before


def test_export_to_an_unknown_home_folder_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, _, err = run(capsys, "export", "--db", str(db), "-o", "~nosuchuser-here/b.csv")
    assert code == 2
    assert "~nosuchuser-here/b.csv: no such home folder" in one_line(err)


def test_export_json_matches_the_board(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    seed(db, make_application(), make_application(company="Initech"))
    code, out, _ = run(capsys, "export", "--db", str(db), "--format", "json")
    assert code == 0
    assert [(doc["id"], doc["company"]) for doc in json.loads(out)] == [
        (1, "Acme Analytics"),
        (2, "Initech"),
    ]


def test_export_ics_parses_and_keeps_its_uids(capsys: pytest.CaptureFixture[str], db: Path) -> None:
    # Decision dates still ahead: one that has passed leaves the calendar.
    seed(
        db,
        make_application(interviewed_at=NOW - timedelta(hours=2), decision_by=date(2026, 12, 4)),
        make_application(
            company="Initech", stage=Stage.AWAITING_DECISION, decision_by=date(2026, 12, 4)
        ),
    )
    _, first, _ = run(capsys, "export", "--db", str(db), "--format", "ics")
    with dates.frozen_clock(NOW + timedelta(days=1)):
        _, second, _ = run(capsys, "export", "--db", str(db), "--format", "ics")
    assert first == second  # nothing changed, so neither did the file

    def uids(text: str, kind: str = "VEVENT") -> list[str]:
        calendar = icalendar.Calendar.from_ical(text)
        return [str(item["UID"]) for item in calendar.walk(kind)]

    assert uids(first) == [
        "1-thank-you-1@followup-tui",
        "1-check-in-1@followup-tui",
        "1-decision-1@followup-tui",
        "2-check-in-1@followup-tui",
        "2-decision-1@followup-tui",
    ]
    assert "\r\n" in first
    _, todos, _ = run(capsys, "export", "--db", str(db), "--format", "ics", "--todo")
    assert uids(todos, "VTODO") == uids(first) and uids(todos) == []


def test_export_ics_to_a_file_says_what_it_wrote_and_counts_changes(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    # A decision date still ahead (one that has passed leaves the calendar), then moved.
    seed(
        db,
        make_application(decision_by=date(2026, 12, 2)),
        make_application(company="Initech", decision_by=None),
    )
    target = tmp_path / "follow-ups.ics"
    code, out, _ = run(capsys, "export", "--db", str(db), "-o", str(target))
    assert code == 0 and out == f"Exported 5 follow-ups from 2 cards as ICS to {target}\n"
    first = icalendar.Calendar.from_ical(target.read_text())
    sequences = {str(e["UID"]): int(e["SEQUENCE"]) for e in first.walk("VEVENT")}
    assert set(sequences.values()) == {0}
    (card,) = [card for card in cards_in(db) if card.company == "Acme Analytics"]
    with Store(db) as store:  # the board changes: a new decision date
        store.put(changes.edited(card, replace(card, decision_by=date(2026, 12, 4)), NOW))
    code, out, _ = run(capsys, "export", "--db", str(db), "-o", str(target))
    again = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(target.read_text()).walk("VEVENT")
    }
    decision = f"{card.doc_id}-decision-1@followup-tui"
    assert again[decision]["SEQUENCE"] == 1 and again[decision].decoded("DTSTART") == date(
        2026, 12, 4
    )
    # The card's other events say the new date in their description; the other card's stay.
    assert {uid: int(e["SEQUENCE"]) for uid, e in again.items()} == {
        f"{card.doc_id}-thank-you-1@followup-tui": 1,
        f"{card.doc_id}-check-in-1@followup-tui": 1,
        decision: 1,
        f"{card.doc_id + 1}-thank-you-1@followup-tui": 0,
        f"{card.doc_id + 1}-check-in-1@followup-tui": 0,
    }


# --------------------------------------------------------------------------- import


FOREIGN = (
    "Employer,Job Title,Interviewer Name,Contact Email,Interview Date,Status,Comments\n"
    "Globex,Engineer,Hank Scorpio,hank@globex.example,2026-11-20 10:00,thanked,Volcano HQ\n"
    "Acme Analytics,data analyst,,,2026-11-21,,Same as the card on the board\n"
    "Initech,Tester,Bill Lumbergh,,2026-11-22 09:00,,\n"
    "initech,tester,,,2026-11-23,,Again\n"
    ",Nobody,,,2026-11-23,,\n"
    "Hooli,Dev,,,the day after tomorrow-ish,,\n"
    "Pied Piper,CEO,,,2026-11-23,promoted,\n"
)


def write_foreign(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.csv"
    path.write_text(FOREIGN, encoding="utf-8")
    return path


def test_import_without_yes_in_a_script_is_a_dry_run(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    seed(db, make_application())
    code, out, err = run(capsys, "import", "--db", str(db), str(write_foreign(tmp_path)))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "To add (2):",
        "  row 2: Globex - Engineer (Thanked)",
        "  row 4: Initech - Tester (Interviewed)",
        "Possible duplicates (2, left out; --allow-duplicates adds them):",
        "  row 3: Acme Analytics - data analyst (Interviewed): already on the board",
        "  row 5: initech - tester (Interviewed): same as row 4",
        "Skipped rows (2):",
        "  row 6: empty company",
        out.splitlines()[8],
        "Unknown stage words, 1 row left out: 'promoted' (row 8)",
        "  (a stage is one of: interviewed, thanked, awaiting decision, checked in, outcome,"
        " networked; or an outcome: offer, offer accepted, offer declined, rejected, withdrawn,"
        " no response)",
        "Dry run: nothing was added. Run again with --yes to import.",
    ]
    assert out.splitlines()[8].startswith("  row 7: unreadable date 'the day after tomorrow-ish'")
    assert len(cards_in(db)) == 1


def test_import_with_yes_adds_the_planned_cards(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    seed(db, make_application())
    code, out, _ = run(capsys, "import", "--db", str(db), "--yes", str(write_foreign(tmp_path)))
    assert code == 0 and out.endswith(f"Added 2 cards to {db}.\n")
    cards = cards_in(db)
    assert [c.company for c in cards] == ["Acme Analytics", "Globex", "Initech"]
    globex = cards[1]
    assert globex.interviewers == (Interviewer(name="Hank Scorpio", email="hank@globex.example"),)
    assert (globex.stage, globex.notes) == (Stage.THANKED, "Volcano HQ")
    assert globex.history[0].kind is EventKind.CREATED


def test_import_can_add_duplicates_when_asked(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    seed(db, make_application())
    path = write_foreign(tmp_path)
    assert run(capsys, "import", "--db", str(db), "-y", "--allow-duplicates", str(path))[0] == 0
    assert len(cards_in(db)) == 5


@pytest.mark.usefixtures("paris")
def test_import_of_a_spreadsheet_saved_as_unicode_text(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    # Excel's "Unicode text": UTF-16 with a byte-order mark, tabs, dates as the sheet shows them.
    sheet = (
        "Company\tPosition\tInterview date\tStatus\tDecision date\r\n"
        "Globex\tEngineer\t24/11/2026 14:30\tOffer\t01.12.2026\r\n"
        "Initech\tTester\t11/20/2026\tWaiting\t\r\n"
        "Hooli\tDev\t46349.4375\tGhosted\t\r\n"
        "Umbrella\tChemist\t05/06/2026\tInterviewing\t\r\n"
    )
    path = tmp_path / "tracker.txt"
    path.write_bytes(sheet.encode("utf-16"))
    code, out, err = run(capsys, "import", "--db", str(db), "--yes", str(path))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "To add (3):",
        "  row 2: Globex - Engineer (Outcome)",
        "  row 3: Initech - Tester (Awaiting Decision)",
        "  row 4: Hooli - Dev (Outcome)",
        "Skipped rows (1):",
        "  row 5: unreadable date '05/06/2026' (\"05/06/2026\" could be 5 June 2026 (day/month)"
        " or 6 May 2026 (month/day): write it as 2026-06-05 or 2026-05-06)",
        f"Added 3 cards to {db}.",
    ]
    globex, initech, hooli = cards_in(db)
    assert (globex.outcome, globex.decision_by) == (Outcome.OFFER, date(2026, 12, 1))
    # Wall times in the user's zone (Paris, UTC+1 in November).
    assert globex.interviewed_at == datetime(2026, 11, 24, 13, 30, tzinfo=UTC)
    assert initech.interviewed_at == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    assert (hooli.outcome, hooli.interviewed_at) == (
        Outcome.NO_RESPONSE,
        datetime(2026, 11, 23, 9, 30, tzinfo=UTC),
    )


def test_import_asks_in_a_terminal(
    capsys: pytest.CaptureFixture[str],
    db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_foreign(tmp_path)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda question: "n")
    assert run(capsys, "import", "--db", str(db), str(path))[1].endswith("Nothing was added.\n")
    assert cards_in(db) == []
    monkeypatch.setattr("builtins.input", lambda question: "y")
    assert run(capsys, "import", "--db", str(db), str(path))[0] == 0
    assert [card.company for card in cards_in(db)] == ["Globex", "Acme Analytics", "Initech"]


def test_import_of_only_bad_rows_is_exit_2(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("company,role,date\n,x,2026-01-01\n", encoding="utf-8")
    code, out, _ = run(capsys, "import", "--db", str(db), "--yes", str(path))
    assert code == 2 and "row 2: empty company" in out and "Nothing to import." in out


def test_import_of_a_file_without_the_needed_columns_is_one_line(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("name,age\nBob,3\n", encoding="utf-8")
    code, out, err = run(capsys, "import", "--db", str(db), str(path))
    assert (code, out) == (2, "")
    assert "no company" in one_line(err) and "'name', 'age'" in err


def test_import_of_a_missing_file_is_one_line_exit_1(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "import", "--db", str(db), str(tmp_path / "nope.csv"))
    assert code == 1 and "No such file" in one_line(err)


def test_csv_export_imports_back_into_a_new_board_without_loss(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = write_board(tmp_path / "source.json", 60, seed=7, now=NOW)
    exported = tmp_path / "board.csv"
    assert run(capsys, "export", "--db", str(source), "-o", str(exported))[0] == 0
    target = tmp_path / "target.json"
    code, out, _ = run(capsys, "import", "--db", str(target), "--yes", str(exported))
    assert code == 0 and out.endswith(f"Added 60 cards to {target}.\n")
    before = [replace(card, doc_id=None) for card in cards_in(source)]
    after = [replace(card, doc_id=None) for card in cards_in(target)]
    assert after == before


# --------------------------------------------------------------------------- the lock


HOLD_LOCK = """
import sys, time
from pathlib import Path
from tui.store import Store
with Store(Path(sys.argv[1])):
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert holder.stdout is not None and holder.stdout.readline() == "holding\n"
    return holder


def test_a_busy_board_is_one_line_and_exit_1_after_waiting(
    capsys: pytest.CaptureFixture[str], db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tui.cli.board.LOCK_WAIT_SECONDS", 0.5)  # where open_store reads it
    holder = hold_lock(db, 30)
    try:
        started = time.monotonic()
        code, _, err = run(capsys, "add", "--db", str(db), "--company", "A", "--role", "B")
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert code == 1 and "open in another followup-tui" in one_line(err)
    assert 0.5 <= waited < 3


def test_a_command_waits_for_the_board_to_be_free(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    holder = hold_lock(db, 1.0)
    try:
        code, out, _ = run(capsys, "add", "--db", str(db), "--company", "A", "--role", "B")
    finally:
        holder.wait()
    assert code == 0 and out.startswith("Added card 1:")


def test_list_reads_while_the_board_is_open_elsewhere(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    seed(db, make_application())
    holder = hold_lock(db, 30)
    try:
        code, out, _ = run(capsys, "list", "--db", str(db))
    finally:
        holder.kill()
        holder.wait()
    assert code == 0 and "Acme Analytics" in out


# --------------------------------------------------------------------------- the real script


def test_console_script_add_list_and_errors(tmp_path: Path) -> None:
    db = tmp_path / "board.json"
    env = {"FOLLOWUP_TUI_DB": str(db)}
    added = run_script(
        "add", "--company", "Acme", "--role", "Analyst", "--at", "today 9am", env=env
    )
    assert added.returncode == 0 and added.stdout.startswith("Added card 1: Acme - Analyst")
    listed = run_script("list", "--json", env=env)
    assert listed.returncode == 0
    assert [doc["company"] for doc in json.loads(listed.stdout)] == ["Acme"]
    bad = run_script("add", "--company", "", "--role", "x", env=env)
    assert (bad.returncode, bad.stdout) == (2, "")
    assert one_line(bad.stderr)
    usage = run_script("list", "--frobnicate", env=env)
    assert usage.returncode == 2 and one_line(usage.stderr)
    version = run_script("--version")
    assert version.returncode == 0 and version.stdout.startswith("followup-tui ")


def test_console_script_survives_a_closed_pipe(tmp_path: Path) -> None:
    db = write_board(tmp_path / "board.json", 300, now=NOW)
    if shutil.which("head") is None:
        pytest.skip("no head(1)")
    command = " ".join(f"'{part}'" for part in script())
    result = subprocess.run(
        f"{command} list --db '{db}' | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert result.stdout.startswith("ID")
    assert "Traceback" not in result.stderr and "Exception" not in result.stderr


def test_import_names_the_cell_of_a_byte_that_is_not_utf8(
    capsys: pytest.CaptureFixture[str], db: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_bytes(
        "Company,Role,Interview date,Notes\nCafé,Analyst,2026-11-20,ok\n".encode()
        + "Zürich AG,Dev,2026-11-21,".encode()
        + b"bad \xff byte\n"
    )
    code, _, err = run(capsys, "import", "--db", str(db), str(sheet), "--yes")
    assert code == 0, err
    assert "tracker.csv: row 3, column Notes: a byte that is not UTF-8" in err
    assert {card.company for card in cards_in(db)} == {"Café", "Zürich AG"}


def test_add_reads_slash_dates_in_the_order_of_the_profiles_country(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    # As D does on the board: a UK user's 18/11 is the 18th of November.
    with Store(db) as store:
        store.save_profile(replace(store.profile(), country="GB"))
    code, _, err = run(
        capsys,
        *("add", "--db", str(db), "--company", "B", "--role", "Y", "--at", "18/11 14:00"),
        *("--decision-by", "30/11"),
    )
    assert (code, err) == (0, "")
    (card,) = cards_in(db)
    assert card.interviewed_at.date() == date(2026, 11, 18)
    assert card.decision_by == date(2026, 11, 30)


def test_add_refuses_a_card_already_on_the_board_unless_told(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    # As import does: the same company and role (any case) is the same interview process.
    first = ("add", "--db", str(db), "--company", "Birch Labs", "--role", "Data Engineer")
    assert run(capsys, *first)[0] == 0
    again = ("add", "--db", str(db), "--company", "birch  labs", "--role", "data engineer")
    code, out, err = run(capsys, *again)
    assert (code, out) == (2, "")
    assert one_line(err) == (
        "followup-tui: card 1 is already Birch Labs · Data Engineer (Interviewed); nothing "
        "added (--allow-duplicates adds another)\n"
    )
    assert len(cards_in(db)) == 1
    assert run(capsys, *again, "--allow-duplicates")[0] == 0
    assert len(cards_in(db)) == 2
