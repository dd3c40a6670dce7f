"""JSON and CSV exports on real cards, and the CSV round trip."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from tests.boards import make_application
from tests.exchange.cards import NOW, realistic_cards, rows_of, tricky_card
from tui import exporters
from tui.exporters import CSV_COLUMNS, export_csv, export_json, plan_import
from tui.model import Event, EventKind, Interviewer
from tui.model_docs import application_from_doc, application_to_doc, event_to_doc

# --------------------------------------------------------------------------- JSON


def test_json_is_the_documented_card_format_with_ids() -> None:
    cards = [tricky_card(), *realistic_cards(3)]
    documents = json.loads(export_json(cards))
    assert [doc["id"] for doc in documents] == [42, 1, 2, 3]
    for card, document in zip(cards, documents, strict=True):
        assert document == {"id": card.doc_id, **application_to_doc(card)}
        assert application_from_doc({k: v for k, v in document.items() if k != "id"}) == replace(
            card, doc_id=None
        )


def test_json_of_no_cards_is_an_empty_list() -> None:
    assert json.loads(export_json([])) == []


# --------------------------------------------------------------------------- CSV export


def test_csv_has_a_header_and_one_row_per_card() -> None:
    rows = rows_of(export_csv(realistic_cards(4), "UTC"))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 5
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)


def test_csv_cells_that_spreadsheets_would_run_are_quoted() -> None:
    (header, row) = rows_of(export_csv([tricky_card()], "UTC"))
    cell = dict(zip(header, row, strict=True))
    assert cell["company"] == '\'=HYPERLINK("http://evil.example","Acme")'
    assert cell["role"] == '\'+Senior, "Data"; Analyst'
    assert cell["interviewers"].startswith("'@Zoë Çelik <zoe@example.com>; Doe, Jane")
    assert cell["notes"].startswith("'- first line")
    assert cell["key_points"] == "'\tstarts with a tab"
    assert cell["feedback"] == "''=already guarded"
    for value in row:
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_csv_shows_people_stage_and_history_readably() -> None:
    card = make_application(doc_id=5)
    (header, row) = rows_of(export_csv([card], "Europe/Paris"))
    cell = dict(zip(header, row, strict=True))
    assert cell["id"] == "5"
    assert cell["stage"] == "Interviewed"
    assert cell["interviewed_at"] == "2026-03-10T15:00:00+01:00"
    assert cell["interviewers"] == "Jordan Lee <jordan.lee@acme-analytics.example>; Sam Patel"
    assert cell["history"] == "2026-03-10 16:00 Added to the board"
    assert cell["decision_by"] == "2026-03-20"


# --------------------------------------------------------------------------- round trip


def test_csv_round_trip_is_lossless() -> None:
    cards = [tricky_card(), *realistic_cards(40)]
    text = export_csv(cards, "America/New_York")
    plan = plan_import(text, [], tz="Asia/Tokyo", now=NOW)
    assert plan.skipped == [] and plan.duplicates == [] and plan.ignored_columns == []
    assert [item.row for item in plan.to_add] == list(range(2, len(cards) + 2))
    imported = [item.card for item in plan.to_add]
    assert imported == [replace(card, doc_id=None) for card in cards]


def test_round_trip_survives_a_byte_order_mark_and_excel_line_endings() -> None:
    card = tricky_card()
    data = b"\xef\xbb\xbf" + export_csv([card], "UTC").encode("utf-8")
    plan = plan_import(exporters.decode_csv(data), [], now=NOW)
    assert [item.card for item in plan.to_add] == [replace(card, doc_id=None)]


def test_an_edit_to_the_readable_interviewers_column_wins_over_the_json() -> None:
    text = export_csv([make_application()], "UTC").replace(
        "Jordan Lee <jordan.lee@acme-analytics.example>; Sam Patel", "Kim Wu <kim@example.com>"
    )
    (item,) = plan_import(text, [], now=NOW).to_add
    assert item.card.interviewers == (Interviewer(name="Kim Wu", email="kim@example.com"),)


def test_connected_via_entries_holding_separators_come_back_whole() -> None:
    places = ("Alumni; class of 2019", "Meetup | Data Night", "LinkedIn")
    card = replace(make_application(), connected_via=places)
    (item,) = plan_import(export_csv([card], "UTC"), [], now=NOW).to_add
    assert item.card.connected_via == places
    # An edit to the readable column in a spreadsheet wins over the exact one.
    edited = export_csv([card], "UTC").replace(
        "Alumni; class of 2019; Meetup | Data Night; LinkedIn", "GitHub; Mastodon"
    )
    (item,) = plan_import(edited, [], now=NOW).to_add
    assert item.card.connected_via == ("GitHub", "Mastodon")


# The CSV is written without the csv module (tui/exchange/csv_export.py, _record), so these
# hold it to what csv.writer writes, cell for cell, on text that needs every kind of quoting.
QUOTING = [
    "",
    " ",
    "plain",
    ",",
    '"',
    '""',
    'say "hi", then',
    "line\nbreak",
    "cr\ronly",
    "crlf\r\nend",
    "\r\n",
    "tab\tinside",
    "semi; colon | bar",
    "'quoted",
    "=1+1",
    "+1",
    "-1",
    "@a",
    "\tlead",
    "\rlead",
    "ünïcødé, שלום \u202etxt",
    '{"json": "like", "a": [1, 2]}',
]


def test_csv_cells_are_quoted_as_the_csv_module_quotes_them() -> None:
    cards = [
        replace(
            make_application(doc_id=n + 1),
            company=text or "c",
            role=text or "r",
            key_points=text,
            feedback=text,
            posting_url=text,
            notes=text,
            connected_via=(text, "x") if text else (),
            interviewers=(Interviewer(name=text or "n", email="jo@example.com", title=text),),
            drafts={"thank_you": text},
        )
        for n, text in enumerate(QUOTING)
    ]
    written = export_csv(cards, "Europe/Paris")
    rows = list(csv.reader(io.StringIO(written, newline="")))
    again = io.StringIO(newline="")
    csv.writer(again).writerows(rows)
    assert written == again.getvalue()
    notes = CSV_COLUMNS.index("notes")
    assert [row[notes] for row in rows[1:]] == [exporters.spreadsheet_safe(t) for t in QUOTING]


def test_csv_history_times_are_the_stored_ones_in_the_json_and_local_in_the_text() -> None:
    """The history_json column writes the times as the board stores them (UTC, whole
    seconds), and the history column in the user's zone, the repeated hour with its offset."""
    base = make_application(doc_id=1)
    moments = [
        datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # 02:30 CEST, the first pass
        datetime(2026, 10, 25, 1, 30, 5, 250_000, tzinfo=UTC),  # 02:30:05 CET, the second
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC),  # 03:00 CEST, right after the gap
        datetime(2026, 7, 1, 12, 0, 59, 999_999, tzinfo=UTC),
    ]
    card = replace(
        base,
        history=tuple(
            Event(at=at, kind=EventKind.EDITED, summary=f"e{n}", details={"n": str(n)} if n else {})
            for n, at in enumerate(moments)
        ),
    )
    (header, row) = rows_of(export_csv([card], "Europe/Paris"))
    cell = dict(zip(header, row, strict=True))
    assert cell["history"] == (
        "2026-10-25 02:30 e0 | 2026-10-25 02:30:05+01:00 e1 | 2026-03-29 03:00 e2 | "
        "2026-07-01 14:00:59 e3"
    )
    assert json.loads(cell["history_json"]) == [event_to_doc(event) for event in card.history]
    assert cell["history_json"] == json.dumps(
        [event_to_doc(event) for event in card.history], ensure_ascii=False, separators=(",", ":")
    )
    # A time in another zone (made in memory, never read from a board) is written in UTC too.
    paris = replace(
        card,
        history=(replace(card.history[0], at=moments[0].astimezone(ZoneInfo("Europe/Paris"))),),
    )
    (_, row) = rows_of(export_csv([paris], "Europe/Paris"))
    assert json.loads(dict(zip(header, row, strict=True))["history_json"])[0]["at"] == (
        "2026-10-25T00:30:00+00:00"
    )
