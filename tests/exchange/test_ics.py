"""The iCalendar export on real cards."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar

from tests.boards import make_application
from tests.exchange.cards import NOW, PROFILE, realistic_cards
from tui import exporters, rules
from tui.exporters import export_ics
from tui.model import Outcome, Stage

# --------------------------------------------------------------------------- iCalendar


def todos(text: str) -> list[icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(text)
    return list(calendar.walk("VTODO"))


def test_ics_has_one_todo_per_upcoming_action() -> None:
    interviewed = make_application(doc_id=7)
    waiting = make_application(doc_id=8, company="Initech", stage=Stage.AWAITING_DECISION)
    finished = make_application(doc_id=9, stage=Stage.OUTCOME, outcome=Outcome.OFFER)
    text = export_ics([interviewed, waiting, finished], PROFILE, now=NOW)
    items = {str(todo["UID"]): todo for todo in todos(text)}
    assert set(items) == {
        "7-thank-you-1@followup-tui",
        "7-check-in-1@followup-tui",
        "7-decision-1@followup-tui",
        "8-check-in-1@followup-tui",
        "8-decision-1@followup-tui",
    }
    thank_you = items["7-thank-you-1@followup-tui"]
    assert thank_you.decoded("DUE") == rules.thank_you_due_at(interviewed)
    check_in = items["8-check-in-1@followup-tui"]
    assert check_in.decoded("DUE") == rules.follow_up_date(waiting, PROFILE)
    assert items["7-decision-1@followup-tui"].decoded("DUE") == date(2026, 3, 20)
    summary = str(thank_you["SUMMARY"])
    assert "Acme Analytics" in summary and "Data Analyst" in summary and "Jordan Lee" in summary
    description = str(thank_you["DESCRIPTION"])
    assert "Jordan Lee" in description and "Analytics Manager" in description
    assert all(todo.decoded("DTSTAMP") == NOW for todo in items.values())


def test_ics_uids_are_stable_across_exports() -> None:
    cards = realistic_cards(30)
    first = [str(todo["UID"]) for todo in todos(export_ics(cards, PROFILE, now=NOW))]
    later = NOW + timedelta(hours=5)
    second = [str(todo["UID"]) for todo in todos(export_ics(cards, PROFILE, now=later))]
    assert first == second
    assert len(first) == len(set(first)) > 0


def test_ics_text_is_escaped_folded_and_crlf_terminated() -> None:
    card = make_application(
        doc_id=3,
        company="Zoë; Çelik, \\Partners\\ " + "Ünïcödé " * 12,
        role="Line one\nline two",
    )
    text = export_ics([card], PROFILE, now=NOW)
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for line in text.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75
    (thank_you, *_rest) = todos(text)
    summary = str(thank_you["SUMMARY"])
    assert card.company in summary
    assert "Line one\nline two" in summary


def test_fold_line_never_splits_a_character() -> None:
    line = "SUMMARY:" + "é" * 100 + "😀" * 40
    folded = exporters.fold_line(line)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces[:1])
    assert all(len(piece.encode("utf-8")) <= 74 for piece in pieces[1:])


def test_an_empty_board_is_a_valid_empty_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(export_ics([], PROFILE, now=NOW))
    assert calendar["VERSION"] == "2.0"
    assert list(calendar.walk("VTODO")) == []
