"""JSON and CSV exports on real cards, and the CSV round trip."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.boards import make_application
from tests.exchange.cards import NOW, realistic_cards, rows_of, tricky_card
from tui import exporters
from tui.exporters import CSV_COLUMNS, export_csv, export_json, plan_import
from tui.model import Interviewer, application_from_doc, application_to_doc

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
