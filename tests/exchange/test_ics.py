"""The iCalendar export on real cards, read back by icalendar and by ``ics``, a second parser
written independently of it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time, timedelta

import icalendar
import ics
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser.string import _foldline

from tests.boards import make_application
from tests.exchange.cards import NOW, PROFILE, realistic_cards
from tests.reliability.test_hostile_text import CONTROL, HOSTILE
from tui import changes, rules
from tui.exchange.ics import Alarms, calendar_text, export_calendar, export_ics, fold
from tui.model import Application, Interviewer, Outcome, Stage


def components(text: str, kind: str = "VEVENT") -> dict[str, icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(text)
    return {str(item["UID"]): item for item in calendar.walk(kind)}


def board() -> list[Application]:
    interviewed = make_application(doc_id=7)
    waiting = make_application(doc_id=8, company="Initech", stage=Stage.AWAITING_DECISION)
    finished = make_application(doc_id=9, stage=Stage.OUTCOME, outcome=Outcome.OFFER)
    return [interviewed, waiting, finished]


def test_each_upcoming_follow_up_is_an_event_of_its_kind() -> None:
    interviewed, waiting, _ = cards = board()
    result = export_calendar(cards, PROFILE, now=NOW)
    assert result.summary() == "5 follow-ups from 2 cards"
    events = components(result.text)
    assert set(events) == {
        "7-thank-you-1@followup-tui",
        "7-check-in-1@followup-tui",
        "7-decision-1@followup-tui",
        "8-check-in-1@followup-tui",
        "8-decision-1@followup-tui",
    }
    # A deadline with a time: a short timed event that ends at the deadline.
    thank_you = events["7-thank-you-1@followup-tui"]
    deadline = rules.thank_you_due_at(interviewed)
    assert thank_you.decoded("DTEND") == deadline
    assert timedelta(0) < deadline - thank_you.decoded("DTSTART") <= timedelta(hours=1)
    # From a day: an all-day event on that day.
    check_in = events["8-check-in-1@followup-tui"]
    assert check_in.decoded("DTSTART") == rules.follow_up_date(waiting, PROFILE)
    assert check_in.decoded("DTEND") == check_in.decoded("DTSTART") + timedelta(days=1)
    assert events["7-decision-1@followup-tui"].decoded("DTSTART") == date(2026, 3, 20)
    summary = str(thank_you["SUMMARY"])
    assert summary == "Send thank-you: Acme Analytics - Data Analyst (Jordan Lee, Sam Patel)"
    description = str(thank_you["DESCRIPTION"])
    assert "Jordan Lee" in description and "Analytics Manager" in description
    assert all(str(event["TRANSP"]) == "TRANSPARENT" for event in events.values())


def test_every_event_has_a_display_alarm_at_the_lead_time() -> None:
    events = components(export_ics(board(), PROFILE, now=NOW))
    for uid, event in events.items():
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY" and str(alarm["DESCRIPTION"])
        trigger = alarm["TRIGGER"]
        if "thank-you" in uid:
            assert trigger.dt == timedelta(hours=-1) and trigger.params["RELATED"] == "END"
        else:  # 9:00 on the day: the start of an all-day event is local midnight
            assert trigger.dt == timedelta(hours=9) and "RELATED" not in trigger.params


def test_the_lead_time_is_the_user_s() -> None:
    alarms = Alarms(minutes_before=150, day_time=time(7, 30))
    events = components(export_ics(board(), PROFILE, now=NOW, alarms=alarms))
    triggers = {uid: event.walk("VALARM")[0]["TRIGGER"].dt for uid, event in events.items()}
    assert triggers["7-thank-you-1@followup-tui"] == timedelta(minutes=-150)
    assert triggers["8-check-in-1@followup-tui"] == timedelta(hours=7, minutes=30)


def test_todo_keeps_the_task_list_form() -> None:
    interviewed, waiting, _ = cards = board()
    text = export_ics(cards, PROFILE, now=NOW, todo=True)
    assert components(text) == {}
    todos = components(text, "VTODO")
    assert len(todos) == 5
    assert todos["7-thank-you-1@followup-tui"].decoded("DUE") == rules.thank_you_due_at(interviewed)
    assert todos["8-check-in-1@followup-tui"].decoded("DUE") == rules.follow_up_date(
        waiting, PROFILE
    )
    assert all(str(todo["STATUS"]) == "NEEDS-ACTION" for todo in todos.values())


def test_a_thank_you_sent_to_everyone_leaves_the_feed() -> None:
    card = make_application(doc_id=7)
    later = NOW + timedelta(hours=2)
    for index, person in enumerate(card.interviewers):
        assert "7-thank-you-1@followup-tui" in components(export_ics([card], PROFILE, now=later))
        card = changes.message_sent(card, "thank_you", person, later, interviewer_index=index)
    assert set(components(export_ics([card], PROFILE, now=later))) == {
        "7-check-in-1@followup-tui",
        "7-decision-1@followup-tui",
    }
    done = changes.edited(card, replace(card, outcome=Outcome.REJECTED), later)
    assert export_calendar([done], PROFILE, now=later).summary() == "0 follow-ups from 0 cards"


def test_uids_are_stable_and_an_unchanged_board_gives_the_same_file() -> None:
    cards = realistic_cards(30)
    first = export_ics(cards, PROFILE, now=NOW)
    later = NOW + timedelta(hours=5)
    again = export_calendar(cards, PROFILE, now=later, previous=first).text
    assert list(components(first)) == list(components(again))
    assert len(components(first)) > 30
    assert again == first
    # Without the earlier file too: stamped with each card's last change, not the clock.
    assert export_ics(cards, PROFILE, now=later) == first


def test_a_changed_follow_up_raises_its_sequence_and_is_stamped_now() -> None:
    card = make_application(doc_id=7)
    other = make_application(doc_id=8, company="Initech")
    first = export_ics([card, other], PROFILE, now=NOW)
    later = NOW + timedelta(days=1, minutes=3)
    moved = changes.edited(card, replace(card, decision_by=date(2026, 3, 27)), later)
    second = export_calendar([moved, other], PROFILE, now=later, previous=first).text
    before, after = components(first), components(second)
    decision = after["7-decision-1@followup-tui"]
    assert decision["SEQUENCE"] == before["7-decision-1@followup-tui"]["SEQUENCE"] + 1
    assert decision.decoded("DTSTART") == date(2026, 3, 27)
    assert decision.decoded("DTSTAMP") == later.replace(microsecond=0)
    assert decision.decoded("LAST-MODIFIED") == later.replace(microsecond=0)
    untouched = after["8-decision-1@followup-tui"]
    assert untouched["SEQUENCE"] == before["8-decision-1@followup-tui"]["SEQUENCE"]
    assert untouched.decoded("DTSTAMP") == before["8-decision-1@followup-tui"].decoded("DTSTAMP")
    third = export_calendar(
        [moved, other], PROFILE, now=later + timedelta(hours=1), previous=second
    )
    assert third.text == second


def hostile_card() -> Application:
    injected = "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:pwned\r\n"
    return make_application(
        doc_id=5,
        company=f"{HOSTILE} {injected}",
        role="Line one\vline two\fthree\x1cfour\x00\x1b[2J" + "r" * 5000,
        interviewers=(Interviewer(name=f"{CONTROL}; \\, {injected}", email="a@b.example"),),
        posting_url="https://example.com/?a=1,b=2;c=\\" + "u" * 5000,
    )


def test_hostile_text_injects_nothing_and_both_parsers_read_it() -> None:
    card = hostile_card()
    text = export_ics([card], PROFILE, now=NOW)
    forbidden = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    assert not forbidden.search(text)
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    events = components(text)
    assert set(events) == {
        "5-thank-you-1@followup-tui",
        "5-check-in-1@followup-tui",
        "5-decision-1@followup-tui",
    }
    summary = str(events["5-thank-you-1@followup-tui"]["SUMMARY"])
    assert "END:VEVENT BEGIN:VEVENT UID:evil" in summary  # as text, on one line
    description = str(events["5-thank-you-1@followup-tui"]["DESCRIPTION"])
    assert "Line one\nline two\nthree\nfour[2J" + "r" * 5000 in description
    assert "c=\\" + "u" * 5000 in description
    # The second parser sees the same three events, each with its alarm.
    second = ics.Calendar(text)
    assert {event.uid for event in second.events} == set(events)
    assert all(len(event.alarms) == 1 for event in second.events)
    assert any("UID:evil" in event.name for event in second.events)


def test_the_second_parser_reads_a_realistic_board() -> None:
    text = export_ics(realistic_cards(200), PROFILE, now=NOW)
    first = components(text)
    second = {event.uid: event for event in ics.Calendar(text).events}
    assert set(second) == set(first)
    for uid, event in second.items():
        assert event.name == str(first[uid]["SUMMARY"])
        assert len(event.alarms) == 1


def test_calendar_text_keeps_line_breaks_and_drops_other_controls() -> None:
    assert calendar_text("a\r\nb\rc\vd\fe\u2028f\x85g") == "a\nb\nc\nd\ne\nf\ng"
    assert calendar_text("t\tab\x00\x07\x1b[31m\x7f\x9b!") == "t\tab[31m!"


@given(st.text(alphabet=st.sampled_from(list('ab ,;:\\^"é😀n')), max_size=400))
def test_folding_is_icalendar_s_byte_for_byte(value: str) -> None:
    line = f"SUMMARY:{value}"
    assert fold(line) == _foldline(line)


def test_an_empty_board_is_a_valid_empty_calendar() -> None:
    calendar = icalendar.Calendar.from_ical(export_ics([], PROFILE, now=NOW))
    assert calendar["VERSION"] == "2.0"
    assert list(calendar.walk("VEVENT")) == []
    assert list(ics.Calendar(export_ics([], PROFILE, now=NOW)).events) == []


def test_a_decision_date_that_has_passed_leaves_the_calendar() -> None:
    # The new user's export on 24 Dec held "Decision expected" on 11 Dec: no upcoming
    # follow-up. The check-in that follows it stays.
    waiting = make_application(doc_id=8, company="Initech", stage=Stage.AWAITING_DECISION)
    on_the_day = components(export_calendar([waiting], PROFILE, now=NOW + timedelta(days=9)).text)
    assert "8-decision-1@followup-tui" in on_the_day  # 20 March, on 20 March
    after = components(export_calendar([waiting], PROFILE, now=NOW + timedelta(days=10)).text)
    assert set(after) == {"8-check-in-1@followup-tui"}
