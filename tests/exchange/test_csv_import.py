"""The CSV import plan on files as spreadsheets write them, and interviewers as text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.boards import make_application
from tests.exchange.cards import NOW
from tui import exporters
from tui.exchange.csv_import import decode_csv_reporting
from tui.exporters import ImportFormatError, interviewer_problem, parse_interviewer, plan_import
from tui.model import EventKind, Interviewer, Outcome, Stage

# --------------------------------------------------------------------------- foreign CSVs


def test_columns_are_matched_by_synonyms_in_any_case_and_order() -> None:
    text = (
        "Comments,Interview Date,EMPLOYER,Position,Contact,Contact Email,Status,Salary\n"
        "Nice team,2026-03-02 14:30,Globex,Engineer,Hank Scorpio; Frank Grimes,"
        "hank@globex.example; frank@globex.example,Thanked,lots\n"
    )
    plan = plan_import(text, [], tz="Europe/Paris", now=NOW)
    assert plan.ignored_columns == ["Salary"]
    assert plan.columns["company"] == "EMPLOYER"
    assert plan.columns["interviewers"] == "Contact"
    (item,) = plan.to_add
    card = item.card
    assert (card.company, card.role, card.stage, card.notes) == (
        "Globex",
        "Engineer",
        Stage.THANKED,
        "Nice team",
    )
    assert card.interviewed_at == datetime(2026, 3, 2, 13, 30, tzinfo=UTC)
    assert card.interviewers == (
        Interviewer(name="Hank Scorpio", email="hank@globex.example"),
        Interviewer(name="Frank Grimes", email="frank@globex.example"),
    )
    assert [event.kind for event in card.history] == [EventKind.CREATED]
    assert card.history[0].at == NOW


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("organisation", "company"),
        ("Organization", "company"),
        ("job title", "role"),
        ("Title", "role"),
        ("job", "role"),
        ("interviewer_name", "interviewers"),
        ("Interviewer", "interviewers"),
        ("email", "emails"),
        ("date", "interviewed_at"),
        ("Interviewed-At", "interviewed_at"),
        ("status", "stage"),
        ("notes", "notes"),
        ("comments", "notes"),
    ],
)
def test_each_synonym_maps_to_its_field(header: str, field: str) -> None:
    mapping, unused = exporters.map_columns([header])
    assert (mapping, unused) == ({field: 0}, [])


def test_semicolon_separated_files_from_european_spreadsheets() -> None:
    text = "Company;Role;Date\r\nSoylent;Chemist;2026-03-01\r\n"
    (item,) = plan_import(text, [], tz="UTC", now=NOW).to_add
    assert (item.card.company, item.card.role) == ("Soylent", "Chemist")
    assert item.card.interviewed_at == datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_windows_1252_bytes_are_decoded() -> None:
    text = exporters.decode_csv("company,role,date\nCafé,Barista,2026-03-01\n".encode("cp1252"))
    (item,) = plan_import(text, [], tz="UTC", now=NOW).to_add
    assert item.card.company == "Café"


def test_utf16_unicode_text_from_excel_is_decoded_and_split_on_tabs() -> None:
    text = "Company\tRole\tDate\r\nCafé Zoë\tBarista\t2026-03-01\r\n"
    for encoding in ("utf-16-le", "utf-16-be"):
        bom = "\ufeff".encode(encoding)
        decoded = exporters.decode_csv(bom + text.encode(encoding))
        (item,) = plan_import(decoded, [], tz="UTC", now=NOW).to_add
        assert (item.card.company, item.card.role) == ("Café Zoë", "Barista")


def test_dates_as_spreadsheets_write_them() -> None:
    text = (
        "Company;Role;Date;Decision by\r\n"
        "A;Day first;24/11/2026 14:30;01.12.2026\r\n"  # row 2
        "B;Month first;11/24/2026 2:30 pm;12/15/2026\r\n"  # row 3
        "C;Dots;20.11.2026;\r\n"  # row 4
        "D;Serial;46350.6041666667;46357\r\n"  # row 5
        "E;Ambiguous;05/06/2026;\r\n"  # row 6
        "F;Serial typo;4635;\r\n"  # row 7
    )
    plan = plan_import(text, [], tz="UTC", now=NOW)
    cards = {item.row: item.card for item in plan.to_add}
    assert {row: card.interviewed_at for row, card in cards.items()} == {
        2: datetime(2026, 11, 24, 14, 30, tzinfo=UTC),
        3: datetime(2026, 11, 24, 14, 30, tzinfo=UTC),
        4: datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        5: datetime(2026, 11, 24, 14, 30, tzinfo=UTC),
    }
    assert [cards[row].decision_by for row in (2, 3, 4, 5)] == [
        date(2026, 12, 1),
        date(2026, 12, 15),
        None,
        date(2026, 12, 1),
    ]
    reasons = {skipped.row: skipped.reason for skipped in plan.skipped}
    assert reasons[6] == (
        "unreadable date '05/06/2026' (\"05/06/2026\" could be 5 June 2026 (day/month) or "
        "6 May 2026 (month/day): write it as 2026-06-05 or 2026-05-06)"
    )
    assert reasons[7].startswith("unreadable date '4635'")


@pytest.mark.parametrize(
    ("status", "stage", "outcome"),
    [
        ("Offer", Stage.OUTCOME, Outcome.OFFER),
        ("REJECTED", Stage.OUTCOME, Outcome.REJECTED),
        ("withdrawn", Stage.OUTCOME, Outcome.WITHDRAWN),
        ("No response", Stage.OUTCOME, Outcome.NO_RESPONSE),
        ("no_response", Stage.OUTCOME, Outcome.NO_RESPONSE),
        ("Ghosted", Stage.OUTCOME, Outcome.NO_RESPONSE),
        ("Interviewing", Stage.INTERVIEWED, Outcome.PENDING),
        ("Interviewed", Stage.INTERVIEWED, Outcome.PENDING),
        ("Thank-you sent", Stage.THANKED, Outcome.PENDING),
        ("thanked", Stage.THANKED, Outcome.PENDING),
        ("Waiting", Stage.AWAITING_DECISION, Outcome.PENDING),
        ("  Awaiting   decision ", Stage.AWAITING_DECISION, Outcome.PENDING),
        ("Awaiting", Stage.AWAITING_DECISION, Outcome.PENDING),
        ("Followed up", Stage.CHECKED_IN, Outcome.PENDING),
        ("Checked-in", Stage.CHECKED_IN, Outcome.PENDING),
        ("Connected", Stage.NETWORKED, Outcome.PENDING),
        ("Networking", Stage.NETWORKED, Outcome.PENDING),
    ],
)
def test_status_words_from_spreadsheets(status: str, stage: Stage, outcome: Outcome) -> None:
    text = f"company,role,date,status\nAcme,Engineer,2026-03-01,{status}\n"
    (item,) = plan_import(text, [], tz="UTC", now=NOW).to_add
    assert (item.card.stage, item.card.outcome) == (stage, outcome)


def test_a_status_word_and_the_outcome_column_agree_or_the_row_is_skipped() -> None:
    text = (
        "company,role,date,status,outcome\n"
        "A,R,2026-03-01,Offer,offer\n"  # row 2
        "B,R,2026-03-01,Offer,pending\n"  # row 3: pending says nothing yet
        "C,R,2026-03-01,Thanked,rejected\n"  # row 4: a stage keeps the column's outcome
        "D,R,2026-03-01,Offer,rejected\n"  # row 5
    )
    plan = plan_import(text, [], tz="UTC", now=NOW)
    assert [(i.row, i.card.stage, i.card.outcome) for i in plan.to_add] == [
        (2, Stage.OUTCOME, Outcome.OFFER),
        (3, Stage.OUTCOME, Outcome.OFFER),
        (4, Stage.THANKED, Outcome.REJECTED),
    ]
    assert [(s.row, s.reason) for s in plan.skipped] == [
        (5, "stage 'Offer' and outcome 'rejected' disagree")
    ]


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (
            "Declined",
            "stage 'Declined' could mean they turned you down or you turned them down: "
            "write rejected or withdrawn (beside 'Rejected' in the column it reads as withdrawn)",
        ),
        ("Applied", "stage 'Applied' is before an interview, and a card starts at the interview"),
    ],
)
def test_unclear_status_words_skip_the_row(status: str, reason: str) -> None:
    text = f"company,role,date,status\nAcme,Engineer,2026-03-01,{status}\n"
    plan = plan_import(text, [], tz="UTC", now=NOW)
    assert [(s.row, s.reason) for s in plan.skipped] == [(2, reason)]


def test_unknown_status_words_are_listed_together_not_row_by_row() -> None:
    text = "company,role,date,status\nAcme,Engineer,2026-03-01,Hired!\nB,E,2026-03-01,Hired!\n"
    plan = plan_import(text, [], tz="UTC", now=NOW)
    assert plan.skipped == [] and plan.to_add == []
    assert plan.unknown_stages == {"Hired!": [2, 3]}


def test_a_guard_quote_in_someone_elses_file_is_kept() -> None:
    text = "company,role,date\n'=Acme,Role,2026-03-01\n"
    (item,) = plan_import(text, [], tz="UTC", now=NOW).to_add
    assert item.card.company == "'=Acme"


def test_duplicates_on_the_board_and_earlier_in_the_file_are_reported() -> None:
    existing = [make_application(company="Acme Analytics", role="Data Analyst", doc_id=1)]
    text = (
        "company,role,date\n"
        "ACME analytics , data  analyst,2026-03-01\n"
        "Initech,Tester,2026-03-01\n"
        "initech,TESTER,2026-03-02\n"
    )
    plan = plan_import(text, existing, tz="UTC", now=NOW)
    assert [(item.row, item.card.company) for item in plan.to_add] == [(3, "Initech")]
    assert [(item.row, item.duplicate_of) for item in plan.duplicates] == [
        (2, "already on the board"),
        (4, "same as row 3"),
    ]


def test_every_skipped_row_is_reported_with_its_number_and_reason() -> None:
    text = (
        "company,role,date,stage,round\n"
        ",Engineer,2026-03-01,,\n"  # row 2
        "Acme,,2026-03-01,,\n"  # row 3
        "Acme,Engineer,someday soon,,\n"  # row 4
        "Acme,Engineer,2026-03-01,hired,\n"  # row 5
        "Acme,Engineer,,,\n"  # row 6
        "Acme,Engineer,2026-03-01,,two\n"  # row 7
        ",,,,\n"  # row 8
        "Good,Row,2026-03-01,,\n"  # row 9
    )
    plan = plan_import(text, [], tz="UTC", now=NOW)
    reasons = {skipped.row: skipped.reason for skipped in plan.skipped}
    assert set(reasons) == {2, 3, 4, 6, 7, 8}
    assert plan.unknown_stages == {"hired": [5]}
    assert reasons[2] == "empty company"
    assert reasons[3] == "empty role"
    assert reasons[4].startswith("unreadable date 'someday soon'")
    assert reasons[6] == "no interview date"
    assert "round" in reasons[7]
    assert reasons[8] == "empty row"
    assert [item.row for item in plan.to_add] == [9]


def test_blank_lines_before_the_header_are_skipped_and_rows_keep_their_numbers() -> None:
    text = "\n\ncompany,role,date\nAcme,Engineer,nope\nAcme,Engineer,2026-03-01\n"
    plan = plan_import(text, [], tz="UTC", now=NOW)
    assert [skipped.row for skipped in plan.skipped] == [4]
    assert [item.row for item in plan.to_add] == [5]


def test_short_rows_are_padded_rather_than_rejected() -> None:
    text = "company,role,date,notes\nAcme,Engineer,2026-03-01\n"
    (item,) = plan_import(text, [], tz="UTC", now=NOW).to_add
    assert item.card.notes == ""


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("\n \n", "empty"),
        ('"",""\n', "no header row"),
        ('"   "\n\n"",""\n', "no header row"),
        ('"";" "\n', "no header row"),
        ('"\n\n"\n', "no header row"),
        ('company,role,date\nAcme,"' + "x" * 200_000, "not a readable CSV"),
        ("name,job,date\nAcme,Engineer,2026-03-01\n", "no company"),
        ("company,date\nAcme,2026-03-01\n", "no role"),
        ("company,role\nAcme,Engineer\n", "no interview date"),
    ],
)
def test_a_file_without_the_needed_columns_is_refused(text: str, fragment: str) -> None:
    with pytest.raises(ImportFormatError, match=fragment):
        plan_import(text, [], now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Doe <jane@example.com>", Interviewer(name="Jane Doe", email="jane@example.com")),
        ('"Doe, Jane" <jane@example.com>', Interviewer(name="Doe, Jane", email="jane@example.com")),
        ("  Jane Doe  ", Interviewer(name="Jane Doe")),
        ("jane@example.com", Interviewer(name="", email="jane@example.com")),
        ("@janedoe", Interviewer(name="@janedoe")),
        # Without an address the text stays the name, whole: nothing is lost or misfiled.
        ("bad <notanemail>", Interviewer(name="bad <notanemail>")),
        ("Jo <jo@>", Interviewer(name="Jo <jo@>")),
        ("jane@", Interviewer(name="jane@")),
        ("<jane@example.com>", Interviewer(name="", email="jane@example.com")),
    ],
)
def test_parse_interviewer(text: str, expected: Interviewer) -> None:
    assert parse_interviewer(text) == expected


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("bad <notanemail>", "'notanemail' is not an email address"),
        ("Jo < jo at example.com >", "'jo at example.com' is not an email address"),
        ("Jane Doe <jane@example.com>", None),
        ("Jane Doe", None),
        ("jane@example.com", None),
    ],
)
def test_interviewer_problem(text: str, problem: str | None) -> None:
    assert interviewer_problem(text) == problem


def test_an_import_keeps_a_name_with_no_address_as_the_name() -> None:
    text = "company,role,date,interviewer\nAcme,R,2026-03-01,bad <notanemail>\n"
    (planned,) = plan_import(text, [], tz="UTC", now=NOW).to_add
    assert planned.card.interviewers == (Interviewer(name="bad <notanemail>"),)


def test_commas_split_full_names_but_not_last_first() -> None:
    text = (
        "company,role,date,interviewer\n"
        'A,R,2026-03-01,"Jane Doe, Bob Smith"\n'
        'B,R,2026-03-01,"Doe, Jane"\n'
    )
    first, second = (item.card for item in plan_import(text, [], tz="UTC", now=NOW).to_add)
    assert [p.name for p in first.interviewers] == ["Jane Doe", "Bob Smith"]
    assert [p.name for p in second.interviewers] == ["Doe, Jane"]


def test_one_bad_byte_in_a_utf8_file_is_reported_and_the_accents_kept() -> None:
    data = (
        (
            "Company,Role,Interview date,Notes\n"
            "Café Zürich,Ingénieure,2026-11-20,très bien\n"
            "Björk AB,Analyst,2026-11-21,pasted from elsewhere: \xff here\n"
        )
        .encode()
        .replace("\xff".encode(), b"\xff")
    )
    text, problems = decode_csv_reporting(data)
    assert "Café Zürich,Ingénieure" in text and "très bien" in text  # no mojibake
    assert problems == ["row 3, column Notes: a byte that is not UTF-8 (shown as \ufffd)"]


def test_a_windows_1252_file_is_still_read_as_windows_1252() -> None:
    data = "Company,Role,Interview date\nCafé Zürich,Ingénieure,2026-11-20\n".encode("cp1252")
    text, problems = decode_csv_reporting(data)
    assert "Café Zürich,Ingénieure" in text and problems == []
