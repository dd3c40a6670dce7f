"""The board as CSV for spreadsheets: safe from formula injection, lossless through *_json."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from tui import dates
from tui.exchange.people import format_interviewer
from tui.model import Application, event_to_doc

# Spreadsheets run a cell starting with one of these as a formula (CSV injection). A leading
# quote is guarded too, so reading our own export back can strip exactly one quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")
OUR_MARKER = "history_json"

CSV_COLUMNS = (
    "id",
    "company",
    "role",
    "stage",
    "interviewed_at",
    "round",
    "format",
    "interviewers",
    "key_points",
    "decision_by",
    "follow_up_on",
    "outcome",
    "feedback",
    "posting_url",
    "notes",
    "connected_via",
    "history",
    "interviewers_json",
    "history_json",
    "drafts_json",
)
"""The header of an exported CSV, in order. The *_json columns make the import lossless."""


def spreadsheet_safe(cell: str) -> str:
    """The cell with a leading quote if a spreadsheet would otherwise run it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unguard(cell: str) -> str:
    """Undo ``spreadsheet_safe`` on a cell read from our own export."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _history_line(card: Application, tz: str) -> str:
    """'2026-11-24 14:30 Moved from Interviewed to Thanked | ...' in the user's timezone."""
    return " | ".join(
        f"{dates.datetime_field_text(event.at, tz)} {event.summary}" for event in card.history
    )


def _csv_row(card: Application, tz: str) -> list[str]:
    """One card as CSV cells, in ``CSV_COLUMNS`` order."""
    interviewed_at = card.interviewed_at.astimezone(dates.zone(tz)).isoformat(timespec="seconds")
    cells = [
        "" if card.doc_id is None else str(card.doc_id),
        card.company,
        card.role,
        card.stage.label,
        interviewed_at,
        str(card.round),
        card.format.value,
        "; ".join(format_interviewer(person) for person in card.interviewers),
        card.key_points,
        card.decision_by.isoformat() if card.decision_by else "",
        card.follow_up_on.isoformat() if card.follow_up_on else "",
        card.outcome.label,
        card.feedback,
        card.posting_url,
        card.notes,
        "; ".join(card.connected_via),
        _history_line(card, tz),
        _compact_json([person.to_dict() for person in card.interviewers]),
        _compact_json([event_to_doc(event) for event in card.history]),
        _compact_json(dict(card.drafts)),
    ]
    return [spreadsheet_safe(cell) for cell in cells]


def export_csv(cards: Iterable[Application], tz: str = "") -> str:
    """The cards as CSV text (header row first, CRLF line ends as RFC 4180 asks).

    Times are shown in ``tz`` (an IANA name; '' is the system's) with their offset, so the
    file reads naturally and still converts back to the exact moment.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(_csv_row(card, tz) for card in cards)
    return buffer.getvalue()
