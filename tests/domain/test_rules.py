"""tui/rules: every follow-up rule, at frozen moments, in real time zones."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tui import changes, dates, rules
from tui.model import Application, Event, EventKind, Interviewer, Outcome, Profile, Stage
from tui.rules import NextAction, Severity

PARIS = Profile(timezone="Europe/Paris")
NEW_YORK = Profile(timezone="America/New_York")
DANA = Interviewer(name="Dana Smith", email="dana@example.com")


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    # short_day shows the year only when it differs from now's: keep that fixed.
    with dates.frozen_clock("2026-11-25T12:00:00+00:00"):
        yield


def local(profile: Profile, text: str) -> datetime:
    """A wall time in the profile's zone ('2026-11-24 14:00'), as aware UTC."""
    naive = datetime.fromisoformat(text)
    return naive.replace(tzinfo=ZoneInfo(profile.timezone)).astimezone(UTC)


def card(interviewed: datetime, stage: Stage = Stage.INTERVIEWED, **fields: object) -> Application:
    """A saved-looking card with one interviewer and its creation logged."""
    base = Application(
        company="Acme", role="Engineer", interviewed_at=interviewed, interviewers=(DANA,)
    )
    base = changes.created(base, interviewed)
    return replace(base, stage=stage, **fields)  # type: ignore[arg-type]


def action(item: Application, now: datetime, profile: Profile = PARIS) -> NextAction:
    return rules.next_action(item, profile, now)


# --- 1. thank-you within 24 hours --------------------------------------------------------

INTERVIEW = local(PARIS, "2026-11-24 14:00")


@pytest.mark.parametrize(
    ("after", "label", "severity"),
    [
        (timedelta(hours=2), "thank-you due in 22h", Severity.DUE),
        (timedelta(hours=18), "thank-you due in 6h", Severity.DUE),
        (timedelta(hours=18, minutes=1), "thank-you due in 5h", Severity.WARNING),
        (timedelta(hours=23, minutes=59), "thank-you due in 1m", Severity.WARNING),
        (timedelta(hours=24), "thank-you due in <1m", Severity.WARNING),
        (timedelta(hours=24, minutes=1), "thank-you overdue by 1m", Severity.OVERDUE),
        (timedelta(hours=27), "thank-you overdue by 3h", Severity.OVERDUE),
        (timedelta(days=3), "thank-you overdue by 2d", Severity.OVERDUE),
    ],
)
def test_thank_you_window(after: timedelta, label: str, severity: Severity) -> None:
    result = action(card(INTERVIEW), INTERVIEW + after)
    assert result == NextAction("thank_you", label, INTERVIEW + timedelta(hours=24), severity)


def test_thank_you_due_at_is_24_real_hours() -> None:
    assert rules.thank_you_due_at(card(INTERVIEW)) == INTERVIEW + timedelta(hours=24)


def test_thank_you_over_the_fall_back_change_is_24_real_hours() -> None:
    # Saturday 31 October 2026, 10:00 EDT; New York falls back overnight.
    interview = local(NEW_YORK, "2026-10-31 10:00")
    due = rules.thank_you_due_at(card(interview))
    assert due == datetime(2026, 11, 1, 14, 0, tzinfo=UTC)
    assert dates.to_local(due, NEW_YORK.timezone).strftime("%H:%M %Z") == "09:00 EST"
    assert (
        action(card(interview), due - timedelta(minutes=1), NEW_YORK).severity is Severity.WARNING
    )
    assert (
        action(card(interview), due + timedelta(minutes=1), NEW_YORK).severity is Severity.OVERDUE
    )


def test_interview_at_2330_local() -> None:
    # 23:30 in New York is already the next day in UTC: local days must decide.
    interview = local(NEW_YORK, "2026-11-24 23:30")
    item = card(interview)
    next_morning = local(NEW_YORK, "2026-11-25 00:15")
    result = action(item, next_morning, NEW_YORK)
    assert result.label == "thank-you due in 23h"
    assert result.severity is Severity.DUE
    assert dates.short_datetime(result.due_at, NEW_YORK.timezone) == "Wed 25 Nov 23:30"  # type: ignore[arg-type]
    assert rules.todays_actions([item], NEW_YORK, next_morning) == [(item, result)]
    # The check-in counts from the local interview day, 24 November, not 25 (UTC's).
    assert rules.follow_up_date(item, NEW_YORK) == date(2026, 12, 1)


def test_interview_still_ahead() -> None:
    interview = local(PARIS, "2026-11-27 10:00")
    result = action(card(interview), local(PARIS, "2026-11-25 12:00"))
    assert result.kind == "thank_you"
    assert result.label == "interview Fri 10:00"
    assert result.severity is Severity.WAITING


def test_second_round_makes_a_new_thank_you_due() -> None:
    first = card(INTERVIEW)
    thanked = changes.message_sent(first, "thank_you", DANA, INTERVIEW + timedelta(hours=3))
    assert thanked.stage is Stage.THANKED
    second_interview = local(PARIS, "2026-12-02 11:00")
    second = changes.new_round(thanked, second_interview, local(PARIS, "2026-11-30 09:00"))
    assert (second.stage, second.round) == (Stage.INTERVIEWED, 2)
    now = second_interview + timedelta(hours=20)
    result = action(second, now)
    assert result == NextAction(
        "thank_you", "thank-you due in 4h", second_interview + timedelta(hours=24), Severity.WARNING
    )
    assert rules.message_to_send(second, PARIS, now) == "thank_you"
    again = changes.message_sent(second, "thank_you", DANA, now)
    assert again.stage is Stage.THANKED
    # The round-1 timeline question does not count for round 2 either.
    assert action(again, now).kind == "timeline_question"


def test_a_new_round_asks_for_the_decision_timeline_again() -> None:
    # Round 1 ended with "decision by Tue 24 Nov, check in from Wed 25 Nov"; round 2 is today.
    first = card(
        local(PARIS, "2026-11-13 16:00"),
        Stage.AWAITING_DECISION,
        decision_by=date(2026, 11, 24),
        follow_up_on=date(2026, 11, 25),
    )
    second_interview = local(PARIS, "2026-11-25 10:00")
    now = local(PARIS, "2026-11-25 12:00")
    second = changes.new_round(first, second_interview, now)
    thanked = changes.message_sent(second, "thank_you", DANA, now, interviewer_index=0)
    assert thanked.stage is Stage.THANKED
    # Never on the thank-you's day (the thank-you asked it in one sentence): two working
    # days later, before their check-in date.
    assert action(thanked, now) == NextAction(
        "timeline_question",
        "ask for their decision timeline from Fri 27 Nov",
        local(PARIS, "2026-11-27 00:00"),
        Severity.WAITING,
    )
    friday = local(PARIS, "2026-11-27 09:00")
    assert action(thanked, friday) == NextAction(
        "timeline_question", "ask for their decision timeline (D)", None, Severity.DUE
    )
    assert rules.not_before(thanked, PARIS, "timeline_question", now) == date(2026, 11, 27)
    assert rules.not_before(thanked, PARIS, "timeline_question", friday) is None


SAM = Interviewer(name="Sam Park", email="sam@example.com")
ANA = Interviewer(name="Ana Ruiz")


def test_every_interviewer_is_thanked_before_the_card_moves() -> None:
    item = card(INTERVIEW, interviewers=(SAM, ANA))
    now = INTERVIEW + timedelta(hours=19)
    assert action(item, now).label == "thank-you due in 5h"  # nobody thanked yet: as for one
    assert rules.next_recipient(item) == 0
    ana_thanked = changes.message_sent(item, "thank_you", ANA, now, interviewer_index=1)
    assert ana_thanked.stage is Stage.INTERVIEWED
    assert action(ana_thanked, now) == NextAction(
        "thank_you",
        "thank-you to Sam Park due in 5h",
        INTERVIEW + timedelta(hours=24),
        Severity.WARNING,
    )
    assert action(ana_thanked, INTERVIEW + timedelta(hours=27)).label == (
        "thank-you to Sam Park overdue by 3h"
    )
    assert rules.message_to_send(ana_thanked, PARIS, now) == "thank_you"
    assert rules.next_recipient(ana_thanked) == 0
    # Thanking Ana again does not count for Sam.
    twice = changes.message_sent(ana_thanked, "thank_you", ANA, now, interviewer_index=1)
    assert (twice.stage, rules.next_recipient(twice)) == (Stage.INTERVIEWED, 0)
    both = changes.message_sent(twice, "thank_you", SAM, now, interviewer_index=0)
    assert both.stage is Stage.THANKED
    assert rules.next_recipient(both) is None
    assert action(both, now).kind == "timeline_question"


def test_who_is_left_with_three_interviewers() -> None:
    kim = Interviewer(name="Kim Lee")
    item = card(INTERVIEW, interviewers=(SAM, ANA, kim))
    one = changes.message_sent(item, "thank_you", SAM, INTERVIEW, interviewer_index=0)
    assert (
        action(one, INTERVIEW + timedelta(hours=2)).label == "thank-you to Ana Ruiz +1 due in 22h"
    )
    assert rules.next_recipient(one) == 1
    two = changes.message_sent(one, "thank_you", kim, INTERVIEW, interviewer_index=2)
    assert (two.stage, rules.next_recipient(two)) == (Stage.INTERVIEWED, 1)
    assert changes.message_sent(two, "thank_you", ANA, INTERVIEW).stage is Stage.THANKED


def test_thank_yous_match_people_without_an_index() -> None:
    item = card(INTERVIEW, interviewers=(SAM, ANA))
    # Logged before the index was recorded: by name, whatever the case and spacing.
    by_name = changes.message_sent(item, "thank_you", Interviewer(name="ana  RUIZ"), INTERVIEW)
    assert rules.next_recipient(by_name) == 0
    # Older boards hold the address in "to".
    by_address = replace(item, interviewers=(ANA, SAM)).with_event(
        Event(
            INTERVIEW,
            EventKind.MESSAGE_SENT,
            "Sent",
            {"message": "thank_you", "to": "SAM@example.com"},
        )
    )
    assert rules.next_recipient(by_address) == 0
    # The list was edited since: the name wins over a stale index.
    reordered = changes.message_sent(item, "thank_you", ANA, INTERVIEW, interviewer_index=0)
    assert rules.next_recipient(reordered) == 0
    # A person renamed since still counts by the index.
    renamed = changes.message_sent(item, "thank_you", SAM, INTERVIEW, interviewer_index=0)
    renamed = replace(renamed, interviewers=(Interviewer(name="Samuel Park"), ANA))
    assert rules.next_recipient(renamed) == 1
    # Someone who is not on the card thanks nobody on it.
    stranger = changes.message_sent(item, "thank_you", Interviewer(name="Lou"), INTERVIEW)
    assert (stranger.stage, rules.next_recipient(stranger)) == (Stage.INTERVIEWED, 0)


def test_one_interviewer_or_none_moves_on_the_first_thank_you() -> None:
    for people in ((DANA,), ()):
        item = card(INTERVIEW, interviewers=people)
        assert action(item, INTERVIEW + timedelta(hours=19)).label == "thank-you due in 5h"
        recipient = people[0] if people else None
        thanked = changes.message_sent(item, "thank_you", recipient, INTERVIEW, interviewer_index=0)
        assert thanked.stage is Stage.THANKED
        assert rules.next_recipient(thanked) is None
    assert rules.next_recipient(card(INTERVIEW)) == 0


def test_a_new_round_makes_every_thank_you_due_again() -> None:
    item = card(INTERVIEW, interviewers=(SAM, ANA))
    first = changes.message_sent(item, "thank_you", SAM, INTERVIEW, interviewer_index=0)
    first = changes.message_sent(first, "thank_you", ANA, INTERVIEW, interviewer_index=1)
    assert first.stage is Stage.THANKED
    second_interview = local(PARIS, "2026-12-02 11:00")
    second = changes.new_round(first, second_interview, second_interview)
    assert rules.next_recipient(second) == 0
    now = second_interview + timedelta(hours=1)
    assert action(second, now).label == "thank-you due in 23h"
    sam_again = changes.message_sent(second, "thank_you", SAM, now, interviewer_index=0)
    assert sam_again.stage is Stage.INTERVIEWED
    assert action(sam_again, now).label == "thank-you to Ana Ruiz due in 23h"


def test_moved_back_to_interviewed_after_every_thank_you_asks_what_thanked_would() -> None:
    item = card(INTERVIEW, interviewers=(SAM, ANA))
    sam = changes.message_sent(item, "thank_you", SAM, INTERVIEW, interviewer_index=0)
    both = changes.message_sent(sam, "thank_you", ANA, INTERVIEW, interviewer_index=1)
    assert both.stage is Stage.THANKED
    now = INTERVIEW + timedelta(hours=33)
    back = changes.moved(both, Stage.INTERVIEWED, now)
    # No thank-you again: the decision timeline, as in Thanked, then the check-in.
    assert action(back, now) == action(both, now)
    assert action(back, now) == NextAction(
        "timeline_question",
        "ask for their decision timeline from Thu 26 Nov",
        local(PARIS, "2026-11-26 00:00"),
        Severity.WAITING,
    )
    assert rules.message_to_send(back, PARIS, now) == "timeline_question"
    asked = changes.message_sent(back, "timeline_question", SAM, now, interviewer_index=0)
    assert action(asked, now).label == "check in from Tue 1 Dec (in 6 days)"
    monday = local(PARIS, "2026-12-07 12:00")
    assert action(back, monday) == NextAction(
        "check_in",
        "check-in overdue since Tue 1 Dec",
        local(PARIS, "2026-12-01 00:00"),
        Severity.OVERDUE,
    )
    # Only part of the panel thanked: the thank-you to the rest is still due.
    sam_back = changes.moved(replace(sam, stage=Stage.THANKED), Stage.INTERVIEWED, now)
    assert action(sam_back, now).label == "thank-you to Ana Ruiz overdue by 9h"


def test_moved_back_to_interviewed_after_the_thank_you_to_nobody_named() -> None:
    item = card(INTERVIEW, interviewers=())
    thanked = changes.message_sent(item, "thank_you", None, INTERVIEW)
    assert thanked.stage is Stage.THANKED
    now = INTERVIEW + timedelta(hours=33)
    back = changes.moved(thanked, Stage.INTERVIEWED, now)
    assert action(back, now).kind == "timeline_question"
    # A thank-you from an earlier round does not count.
    second = changes.new_round(thanked, now, now)
    assert action(second, now + timedelta(hours=1)).kind == "thank_you"


def test_stage_after_sent_waits_for_the_last_interviewer() -> None:
    item = card(INTERVIEW, interviewers=(SAM, ANA))
    assert rules.stage_after_sent(item, "thank_you") is None
    sam = changes.message_sent(item, "thank_you", SAM, INTERVIEW, interviewer_index=0)
    assert rules.stage_after_sent(sam, "thank_you") is None
    both = changes.message_sent(sam, "thank_you", ANA, INTERVIEW, interviewer_index=1)
    assert rules.stage_after_sent(replace(both, stage=Stage.INTERVIEWED), "thank_you") is (
        Stage.THANKED
    )
    # Past Interviewed, nothing changes: a check-in still moves a card not everyone thanked.
    thanked = replace(sam, stage=Stage.THANKED)
    assert rules.stage_after_sent(thanked, "check_in") is Stage.CHECKED_IN
    assert action(thanked, INTERVIEW + timedelta(hours=2)).kind == "timeline_question"


# --- 2. the decision timeline ------------------------------------------------------------


def test_thanked_without_a_date_asks_for_the_timeline() -> None:
    item = card(INTERVIEW, Stage.THANKED)
    now = local(PARIS, "2026-11-25 10:00")
    assert action(item, now) == NextAction(
        "timeline_question", "ask for their decision timeline (D)", None, Severity.DUE
    )
    assert rules.message_to_send(item, PARIS, now) == "timeline_question"
    asked = changes.message_sent(item, "timeline_question", DANA, now)
    assert asked.stage is Stage.THANKED
    waiting = action(asked, now)
    assert (waiting.kind, waiting.severity) == ("check_in", Severity.WAITING)
    assert waiting.label == "check in from Tue 1 Dec (in 6 days)"


def test_thanked_without_a_date_checks_in_once_the_date_comes() -> None:
    item = card(INTERVIEW, Stage.THANKED)
    result = action(item, local(PARIS, "2026-12-01 08:00"))
    assert (result.kind, result.label, result.severity) == (
        "check_in",
        "check in now",
        Severity.DUE,
    )


def test_thanked_with_a_decision_date_waits_for_it() -> None:
    item = card(INTERVIEW, Stage.THANKED, decision_by=date(2026, 12, 4))
    now = local(PARIS, "2026-11-25 10:00")
    assert action(item, now).label == "check in from Mon 7 Dec (in 12 days)"
    assert rules.message_to_send(item, PARIS, now) == "check_in"


def test_awaiting_decision_without_a_date_shows_the_check_in_date() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION)
    now = local(PARIS, "2026-11-26 10:00")
    result = action(item, now)
    assert result.label == "check in from Tue 1 Dec (in 5 days)"
    assert result.severity is Severity.WAITING
    assert result.due_at == local(PARIS, "2026-12-01 00:00")
    assert rules.message_to_send(item, PARIS, now) == "check_in"
    assert "timeline_question" in rules.MESSAGE_KINDS


# --- 3. the check-in date ----------------------------------------------------------------


def test_follow_up_date_sources() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION)  # Tuesday 24 November
    assert rules.follow_up_date(item, PARIS) == date(2026, 12, 1)
    assert rules.follow_up_date(item, replace(PARIS, follow_up_days=10)) == date(2026, 12, 4)
    # 4 days after Tuesday is a Saturday: check in on Monday instead.
    assert rules.follow_up_date(item, replace(PARIS, follow_up_days=4)) == date(2026, 11, 30)
    # Decided by Friday: the first business day after is Monday.
    decided = replace(item, decision_by=date(2026, 11, 27))
    assert rules.follow_up_date(decided, PARIS) == date(2026, 11, 30)
    # A date they gave for checking in wins; a Saturday becomes the Monday after.
    told = replace(decided, follow_up_on=date(2026, 11, 28))
    assert rules.follow_up_date(told, PARIS) == date(2026, 11, 30)
    on_friday = replace(decided, follow_up_on=date(2026, 11, 27))
    assert rules.follow_up_date(on_friday, PARIS) == date(2026, 11, 27)


def test_dates_from_an_earlier_round_are_ignored() -> None:
    item = card(
        INTERVIEW,
        Stage.AWAITING_DECISION,
        decision_by=date(2026, 11, 10),
        follow_up_on=date(2026, 11, 12),
    )
    assert rules.follow_up_date(item, PARIS) == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("today", "label", "severity"),
    [
        ("2026-11-26", "check in from Mon 30 Nov (in 4 days)", Severity.WAITING),
        ("2026-11-29", "check in from Mon 30 Nov (tomorrow)", Severity.WAITING),
        ("2026-11-30", "check in now", Severity.DUE),
        ("2026-12-02", "check-in due since Mon 30 Nov", Severity.DUE),
        ("2026-12-03", "check-in overdue since Mon 30 Nov", Severity.OVERDUE),
    ],
)
def test_awaiting_decision_schedule(today: str, label: str, severity: Severity) -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION, decision_by=date(2026, 11, 27))
    result = action(item, local(PARIS, f"{today} 12:00"))
    assert (result.kind, result.label, result.severity) == ("check_in", label, severity)
    assert result.due_at == local(PARIS, "2026-11-30 00:00")


def test_overdue_counts_business_days_over_a_weekend() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION, follow_up_on=date(2026, 11, 27))  # Friday
    assert action(item, local(PARIS, "2026-11-30 12:00")).severity is Severity.DUE  # Monday
    assert action(item, local(PARIS, "2026-12-01 12:00")).severity is Severity.DUE
    assert action(item, local(PARIS, "2026-12-02 12:00")).severity is Severity.OVERDUE


def test_check_in_day_starts_at_local_midnight_across_fall_back_in_new_york() -> None:
    # Friday 30 October 10:00 EDT + 7 days = Friday 6 November, after the change to EST.
    item = card(local(NEW_YORK, "2026-10-30 10:00"), Stage.AWAITING_DECISION)
    assert rules.follow_up_date(item, NEW_YORK) == date(2026, 11, 6)
    midnight = datetime(2026, 11, 6, 5, 0, tzinfo=UTC)  # 00:00 EST, not 04:00 UTC
    before = action(item, midnight - timedelta(minutes=1), NEW_YORK)
    assert (before.label, before.severity) == (
        "check in from Fri 6 Nov (tomorrow)",
        Severity.WAITING,
    )
    on_the_day = action(item, midnight, NEW_YORK)
    assert (on_the_day.label, on_the_day.severity) == ("check in now", Severity.DUE)
    assert on_the_day.due_at == midnight


def test_check_in_day_starts_at_local_midnight_across_fall_back_in_paris() -> None:
    # Friday 23 October 10:00 CEST + 7 days = Friday 30 October, after the change to CET.
    item = card(local(PARIS, "2026-10-23 10:00"), Stage.AWAITING_DECISION)
    midnight = datetime(2026, 10, 29, 23, 0, tzinfo=UTC)
    assert action(item, midnight - timedelta(seconds=1)).severity is Severity.WAITING
    assert action(item, midnight).severity is Severity.DUE
    assert action(item, midnight).due_at == midnight


def test_check_in_day_across_spring_forward_in_paris() -> None:
    # Friday 27 March 2026; Paris springs forward on Sunday 29 March.
    item = card(local(PARIS, "2026-03-27 10:00"), Stage.AWAITING_DECISION)
    midnight = datetime(2026, 4, 2, 22, 0, tzinfo=UTC)  # 00:00 CEST on Friday 3 April
    assert action(item, midnight - timedelta(seconds=1)).severity is Severity.WAITING
    assert action(item, midnight).severity is Severity.DUE


# --- 4. no squeaky wheel -----------------------------------------------------------------


def test_early_check_in_warning_with_a_decision_date() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION, decision_by=date(2026, 11, 27))
    early = rules.check_in_warning(item, PARIS, local(PARIS, "2026-11-26 12:00"))
    assert early == (
        "They said they would decide by Fri 27 Nov, so check in from Mon 30 Nov. "
        "Checking in earlier can cost you points. Check in anyway?"
    )
    assert rules.check_in_warning(item, PARIS, local(PARIS, "2026-11-27 17:00")) is not None
    assert rules.check_in_warning(item, PARIS, local(PARIS, "2026-11-30 00:00")) is None
    assert rules.check_in_warning(item, PARIS, local(PARIS, "2026-12-08 09:00")) is None


def test_early_check_in_warning_with_a_date_they_gave() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION, follow_up_on=date(2026, 11, 30))
    early = rules.check_in_warning(item, PARIS, local(PARIS, "2026-11-26 12:00"))
    assert early is not None
    assert early.startswith("They said it was fine to check in from Mon 30 Nov.")
    assert rules.check_in_warning(item, PARIS, local(PARIS, "2026-11-30 09:00")) is None


def test_early_check_in_warning_without_any_date() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION)
    early = rules.check_in_warning(item, PARIS, local(PARIS, "2026-11-25 12:00"))
    assert early == (
        "The interview was yesterday and they gave no date; a check-in usually waits 7 days, "
        "until Tue 1 Dec. Checking in earlier can cost you points. Check in anyway?"
    )
    assert rules.check_in_warning(item, PARIS, local(PARIS, "2026-12-01 09:00")) is None


def test_a_date_before_the_interview_day_is_a_problem() -> None:
    interview = local(PARIS, "2026-11-20 09:00")
    assert rules.date_before_interview_problem(date(2026, 11, 1), interview, "Europe/Paris") == (
        "Sun 1 Nov is before the interview (Fri 20 Nov)."
    )
    assert (
        rules.date_before_interview_problem(date(2026, 11, 20), interview, "Europe/Paris") is None
    )
    assert rules.date_before_interview_problem(None, interview, "Europe/Paris") is None
    # The interview's local day decides: 23:30 in New York is already the 25th in UTC.
    late = local(NEW_YORK, "2026-11-24 23:30")
    assert rules.date_before_interview_problem(date(2026, 11, 24), late, "America/New_York") is None
    assert rules.date_before_interview_problem(date(2026, 11, 24), late, dates.zone("UTC")) == (
        "Tue 24 Nov is before the interview (Wed 25 Nov)."
    )


def test_no_warning_once_the_outcome_is_known() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION, outcome=Outcome.OFFER)
    assert rules.check_in_warning(item, PARIS, local(PARIS, "2026-11-25 12:00")) is None


def checked_in_on(item: Application, when: datetime) -> Application:
    return changes.message_sent(item, "check_in", DANA, when)


def test_second_check_in_within_five_business_days() -> None:
    item = card(local(PARIS, "2026-11-10 10:00"), Stage.AWAITING_DECISION)
    first = checked_in_on(item, local(PARIS, "2026-11-23 10:00"))  # Monday
    assert first.stage is Stage.CHECKED_IN
    wednesday = local(PARIS, "2026-11-25 12:00")
    assert rules.check_in_warning(first, PARIS, wednesday) == (
        "You checked in on Mon 23 Nov, 2 business days ago. Another check-in before "
        "Mon 30 Nov (5 working days later) can cost you points. Check in anyway?"
    )
    same_day = rules.check_in_warning(first, PARIS, local(PARIS, "2026-11-23 17:00"))
    assert same_day is not None
    assert same_day.startswith("You checked in on Mon 23 Nov, today.")
    assert rules.check_in_warning(first, PARIS, local(PARIS, "2026-11-30 08:00")) is None
    waiting = action(first, wednesday)
    assert (waiting.label, waiting.severity) == (
        "check in again from Mon 30 Nov (in 5 days)",
        Severity.WAITING,
    )
    due = action(first, local(PARIS, "2026-11-30 08:00"))
    assert (due.kind, due.label, due.severity) == ("check_in", "check in again now", Severity.DUE)


def test_check_in_on_a_saturday_then_sunday() -> None:
    item = card(local(PARIS, "2026-11-10 10:00"), Stage.AWAITING_DECISION)
    first = checked_in_on(item, local(PARIS, "2026-11-28 10:00"))
    warning = rules.check_in_warning(first, PARIS, local(PARIS, "2026-11-29 10:00"))
    assert warning is not None
    assert warning.startswith("You checked in on Sat 28 Nov, over the weekend.")


def test_after_two_check_ins_record_no_response() -> None:
    item = card(local(PARIS, "2026-11-02 10:00"), Stage.AWAITING_DECISION)
    first = checked_in_on(item, local(PARIS, "2026-11-16 10:00"))
    second = checked_in_on(first, local(PARIS, "2026-11-23 10:00"))
    assert second.stage is Stage.CHECKED_IN
    waiting = action(second, local(PARIS, "2026-11-25 12:00"))
    # Each wait is longer than the last: 5 working days after the first, 10 after the second.
    assert waiting == NextAction(
        "record_no_response",
        "no answer yet after 2 check-ins; record no response from Mon 7 Dec",
        local(PARIS, "2026-12-07 00:00"),
        Severity.WAITING,
    )
    due = action(second, local(PARIS, "2026-12-07 12:00"))
    assert due.kind == "record_no_response"
    assert due.label == "no answer after 2 check-ins: record no response and move on"
    assert due.severity is Severity.DUE
    # No third check-in, and no final thank-you yet: sent now, it would leave the card in
    # Checked In asking for another. Nothing to send until "no response" is recorded.
    monday = local(PARIS, "2026-12-07 12:00")
    assert rules.message_to_send(second, PARIS, local(PARIS, "2026-11-25 12:00")) is None
    assert rules.message_to_send(second, PARIS, monday) is None
    assert rules.message_to_send(second, PARIS, monday) is None
    recorded = changes.edited(second, replace(second, outcome=Outcome.NO_RESPONSE), monday)
    assert rules.message_to_send(recorded, PARIS, monday) == "final_thanks"
    closed = changes.message_sent(recorded, "final_thanks", DANA, monday)
    assert closed.stage is Stage.NETWORKED
    assert rules.message_to_send(closed, PARIS, monday) is None


def test_an_early_check_in_does_not_bring_their_date_forward() -> None:
    # Decision by Fri 4 Dec: check in from Mon 7 Dec. The user checks in anyway on Wed 25 Nov.
    item = card(INTERVIEW, Stage.AWAITING_DECISION, decision_by=date(2026, 12, 4))
    wednesday = local(PARIS, "2026-11-25 12:00")
    assert rules.check_in_warning(item, PARIS, wednesday) is not None
    early = changes.moved(item, Stage.CHECKED_IN, wednesday)
    assert action(early, wednesday) == NextAction(
        "check_in",
        "check in again from Mon 7 Dec (in 12 days)",
        local(PARIS, "2026-12-07 00:00"),
        Severity.WAITING,
    )
    # Five business days on (Wed 2 Dec) it is still before their date, and the guard says so.
    assert action(early, local(PARIS, "2026-12-02 12:00")).severity is Severity.WAITING
    warning = rules.check_in_warning(early, PARIS, local(PARIS, "2026-12-02 12:00"))
    assert warning is not None
    assert warning.startswith(
        "They said they would decide by Fri 4 Dec, so check in from Mon 7 Dec."
    )
    due = action(early, local(PARIS, "2026-12-07 09:00"))
    assert (due.label, due.severity) == ("check in again now", Severity.DUE)


def test_the_warning_names_the_day_the_card_says_after_a_check_in() -> None:
    # Coppervale Foods: decision by Sat 28 Nov, checked in on Sat 21 Nov. Five business days
    # on is Fri 27 Nov, but their date wins: the card says Mon 30 Nov, and so does the guard.
    item = card(local(PARIS, "2026-11-09 11:00"), Stage.AWAITING_DECISION)
    item = replace(item, decision_by=date(2026, 11, 28))
    checked = checked_in_on(item, local(PARIS, "2026-11-21 15:00"))
    wednesday = local(PARIS, "2026-11-25 12:00")
    assert action(checked, wednesday).label == "check in again from Mon 30 Nov (in 5 days)"
    expected = (
        "They said they would decide by Sat 28 Nov, so check in from Mon 30 Nov. "
        "Checking in earlier can cost you points. Check in anyway?"
    )
    assert rules.check_in_warning(checked, PARIS, wednesday) == expected
    friday = local(PARIS, "2026-11-27 12:00")  # five business days on, still before their date
    assert rules.check_in_warning(checked, PARIS, friday) == expected
    assert rules.move_warning(item, Stage.CHECKED_IN, PARIS, friday) is not None
    monday = local(PARIS, "2026-11-30 09:00")
    assert action(checked, monday).label == "check in again now"
    assert rules.check_in_warning(checked, PARIS, monday) is None


def test_two_early_check_ins_wait_for_their_date_before_no_response() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION, decision_by=date(2026, 12, 4))
    first = checked_in_on(item, local(PARIS, "2026-11-25 10:00"))
    second = checked_in_on(first, local(PARIS, "2026-11-26 10:00"))
    assert action(second, local(PARIS, "2026-12-03 12:00")) == NextAction(
        "record_no_response",
        "no answer yet after 2 check-ins; record no response from Thu 10 Dec",
        local(PARIS, "2026-12-10 00:00"),
        Severity.WAITING,
    )


def test_a_move_into_checked_in_counts_as_a_check_in() -> None:
    item = card(local(PARIS, "2026-11-10 10:00"), Stage.AWAITING_DECISION)
    moved = changes.moved(item, Stage.CHECKED_IN, local(PARIS, "2026-11-24 10:00"))
    result = action(moved, local(PARIS, "2026-11-25 12:00"))
    assert result.label == "check in again from Tue 1 Dec (in 6 days)"
    assert rules.check_in_warning(moved, PARIS, local(PARIS, "2026-11-25 12:00")) is not None


def test_a_move_back_into_checked_in_is_no_check_in() -> None:
    item = card(INTERVIEW, Stage.OUTCOME)
    wednesday = local(PARIS, "2026-11-25 10:00")
    back = changes.moved(item, Stage.CHECKED_IN, wednesday)
    now = local(PARIS, "2026-11-25 12:00")
    waiting = action(back, now)
    assert (waiting.label, waiting.severity) == (
        "check in from Tue 1 Dec (in 6 days)",
        Severity.WAITING,
    )
    assert action(back, local(PARIS, "2026-12-01 09:00")).label == "check in now"
    # Back to Awaiting Decision: moving it forward again is a check-in, early by their date,
    # not one within five business days of another.
    awaiting = changes.moved(back, Stage.AWAITING_DECISION, local(PARIS, "2026-11-25 11:00"))
    expected = rules.check_in_warning(card(INTERVIEW, Stage.AWAITING_DECISION), PARIS, now)
    assert expected is not None
    assert expected.startswith("The interview was yesterday and they gave no date")
    assert rules.check_in_warning(awaiting, PARIS, now) == expected
    assert rules.move_warning(awaiting, Stage.CHECKED_IN, PARIS, now) == expected
    forward = changes.moved(awaiting, Stage.CHECKED_IN, now)
    assert action(forward, now).label == "check in again from Wed 2 Dec (in 7 days)"
    warning = rules.check_in_warning(forward, PARIS, local(PARIS, "2026-12-01 09:00"))
    assert warning is not None
    assert warning.startswith("You checked in on Wed 25 Nov, 4 business days ago.")


def test_checked_in_without_any_record_uses_the_follow_up_date() -> None:
    item = card(INTERVIEW, Stage.CHECKED_IN)
    assert (
        action(item, local(PARIS, "2026-11-25 12:00")).label
        == "check in from Tue 1 Dec (in 6 days)"
    )


# --- 5. outcome, 6. networked ------------------------------------------------------------

AFTER = local(PARIS, "2026-12-10 12:00")


def test_rejected_asks_for_feedback_then_final_thanks() -> None:
    item = card(INTERVIEW, Stage.OUTCOME, outcome=Outcome.REJECTED)
    assert action(item, AFTER) == NextAction(
        "feedback_request", "ask for feedback", None, Severity.DUE
    )
    assert rules.message_to_send(item, PARIS, AFTER) == "feedback_request"
    asked = changes.message_sent(item, "feedback_request", DANA, AFTER)
    assert asked.stage is Stage.OUTCOME
    # The feedback request thanked them: the letter asking to connect waits three working
    # days, so that no one gets two "thank you" letters on one day.
    assert action(asked, AFTER) == NextAction(
        "final_thanks",
        "send a final thank-you and connect from Tue 15 Dec",
        local(PARIS, "2026-12-15 00:00"),
        Severity.WAITING,
    )
    assert rules.not_before(asked, PARIS, "final_thanks", AFTER) == date(2026, 12, 15)
    tuesday = local(PARIS, "2026-12-15 09:00")
    assert action(asked, tuesday) == NextAction(
        "final_thanks", "send a final thank-you and connect", None, Severity.DUE
    )
    assert rules.message_to_send(asked, PARIS, tuesday) == "final_thanks"
    done = changes.message_sent(asked, "final_thanks", DANA, tuesday)
    assert done.stage is Stage.NETWORKED
    assert action(done, AFTER) == NextAction("done", "done", None, Severity.DONE)


def test_every_interviewer_gets_a_final_thank_you_before_networked() -> None:
    item = card(INTERVIEW, Stage.OUTCOME, interviewers=(SAM, ANA), outcome=Outcome.NO_RESPONSE)
    assert action(item, AFTER).label == "send a final thank-you and connect"  # as for one
    assert rules.next_recipient(item, "final_thanks") == 0
    sam_done = changes.message_sent(item, "final_thanks", SAM, AFTER, interviewer_index=0)
    assert sam_done.stage is Stage.OUTCOME
    assert action(sam_done, AFTER) == NextAction(
        "final_thanks", "send a final thank-you to Ana Ruiz and connect", None, Severity.DUE
    )
    assert rules.next_recipient(sam_done, "final_thanks") == 1
    assert rules.message_to_send(sam_done, PARIS, AFTER) == "final_thanks"
    # Thanking Sam again does not count for Ana.
    twice = changes.message_sent(sam_done, "final_thanks", SAM, AFTER, interviewer_index=0)
    assert (twice.stage, rules.next_recipient(twice, "final_thanks")) == (Stage.OUTCOME, 1)
    both = changes.message_sent(twice, "final_thanks", ANA, AFTER, interviewer_index=1)
    assert both.stage is Stage.NETWORKED
    assert rules.next_recipient(both, "final_thanks") is None
    assert action(both, AFTER) == NextAction("done", "done", None, Severity.DONE)
    # Nothing is left to send: no draft that was sent already.
    assert rules.message_to_send(both, PARIS, AFTER) is None
    assert rules.message_to_send(both, PARIS, AFTER) is None
    # The thank-yous of the round are another message: they do not count as final ones.
    assert rules.next_recipient(both) == 0
    assert rules.next_recipient(both, "check_in") is None


def test_final_thanks_to_several_after_a_rejection_in_an_earlier_stage() -> None:
    kim = Interviewer(name="Kim Lee")
    item = card(INTERVIEW, Stage.CHECKED_IN, interviewers=(SAM, ANA, kim))
    item = replace(item, outcome=Outcome.REJECTED)
    asked = changes.message_sent(item, "feedback_request", SAM, AFTER, interviewer_index=0)
    assert asked.stage is Stage.CHECKED_IN
    ana_done = changes.message_sent(asked, "final_thanks", ANA, AFTER, interviewer_index=1)
    assert ana_done.stage is Stage.CHECKED_IN
    assert action(ana_done, AFTER).label == ("send a final thank-you and connect from Tue 15 Dec")
    later = local(PARIS, "2026-12-15 09:00")
    assert action(ana_done, later).label == "send a final thank-you to Sam Park +1 and connect"
    all_done = changes.message_sent(ana_done, "final_thanks", SAM, AFTER, interviewer_index=0)
    all_done = changes.message_sent(all_done, "final_thanks", kim, AFTER, interviewer_index=2)
    assert all_done.stage is Stage.NETWORKED
    # Moved back to Outcome by hand, it is done: everyone had the final thank-you.
    back = changes.moved(all_done, Stage.OUTCOME, AFTER)
    assert action(back, AFTER) == NextAction("done", "final thank-you sent", None, Severity.DONE)
    assert rules.message_to_send(back, PARIS, AFTER) is None


def test_rejected_in_an_earlier_stage_follows_the_outcome_rules() -> None:
    item = card(INTERVIEW, Stage.CHECKED_IN, outcome=Outcome.REJECTED)
    assert action(item, AFTER).kind == "feedback_request"
    assert rules.stage_after_sent(item, "final_thanks") is Stage.NETWORKED


@pytest.mark.parametrize("outcome", [Outcome.OFFER, Outcome.WITHDRAWN, Outcome.NO_RESPONSE])
def test_other_outcomes_send_final_thanks_and_connect(outcome: Outcome) -> None:
    item = card(INTERVIEW, Stage.OUTCOME, outcome=outcome)
    assert action(item, AFTER) == NextAction(
        "final_thanks", "send a final thank-you and connect", None, Severity.DUE
    )
    assert rules.message_to_send(item, PARIS, AFTER) == "final_thanks"


def test_final_thanks_sent_but_card_moved_back() -> None:
    item = card(INTERVIEW, Stage.OUTCOME, outcome=Outcome.OFFER)
    sent = changes.message_sent(item, "final_thanks", DANA, AFTER)
    back = changes.moved(sent, Stage.OUTCOME, AFTER)
    assert action(back, AFTER) == NextAction("done", "final thank-you sent", None, Severity.DONE)


def test_moved_back_from_networked_the_card_is_pending_again() -> None:
    # Rejected, final thank-you sent, in Networked; then the user moves it back.
    decided = card(INTERVIEW, Stage.OUTCOME, decision_by=date(2026, 12, 4))
    decided = changes.edited(decided, replace(decided, outcome=Outcome.REJECTED), INTERVIEW)
    closed = changes.message_sent(decided, "final_thanks", DANA, local(PARIS, "2026-11-25 10:00"))
    assert closed.stage is Stage.NETWORKED
    wednesday = local(PARIS, "2026-11-25 12:00")
    # The move itself asks as for a pending card: it is before their date (Mon 7 Dec).
    warning = rules.move_warning(closed, Stage.CHECKED_IN, PARIS, wednesday)
    assert warning is not None
    assert warning.startswith(
        "They said they would decide by Fri 4 Dec, so check in from Mon 7 Dec."
    )
    assert rules.move_warning(closed, Stage.OUTCOME, PARIS, wednesday) is None
    assert rules.move_warning(closed, Stage.CHECKED_IN, PARIS, AFTER) is None
    back = changes.moved(closed, Stage.CHECKED_IN, wednesday)
    assert back.outcome is Outcome.PENDING
    # A move back into Checked In is no check-in: the first one is still to come.
    assert action(back, wednesday).label == "check in from Mon 7 Dec (in 12 days)"
    assert rules.message_to_send(back, PARIS, wednesday) == "check_in"
    # The next check-in from the pending card is guarded as any other.
    assert rules.check_in_warning(back, PARIS, wednesday) is not None
    awaiting = changes.moved(closed, Stage.AWAITING_DECISION, wednesday)
    assert action(awaiting, wednesday).label == "check in from Mon 7 Dec (in 12 days)"
    assert rules.check_in_warning(awaiting, PARIS, wednesday) is not None


def test_a_move_into_checked_in_of_a_pending_card_asks_as_a_check_in() -> None:
    item = card(INTERVIEW, Stage.AWAITING_DECISION, decision_by=date(2026, 12, 4))
    now = local(PARIS, "2026-11-26 12:00")
    assert rules.move_warning(item, Stage.CHECKED_IN, PARIS, now) == rules.check_in_warning(
        item, PARIS, now
    )
    assert rules.move_warning(item, Stage.OUTCOME, PARIS, now) is None
    offered = replace(item, stage=Stage.CHECKED_IN, outcome=Outcome.OFFER)
    assert rules.move_warning(offered, Stage.CHECKED_IN, PARIS, now) is None


ROUND_2 = local(PARIS, "2026-12-15 10:00")
LATER = local(PARIS, "2026-12-16 12:00")


def decided_again(item: Application, outcome: Outcome = Outcome.REJECTED) -> Application:
    """The card after a new round that ends in ``outcome``, as the user records it."""
    second = changes.new_round(item, ROUND_2, local(PARIS, "2026-12-12 09:00"))
    decided = changes.edited(second, replace(second, outcome=outcome), ROUND_2)
    return changes.moved(decided, Stage.OUTCOME, ROUND_2)


def test_a_new_rejection_asks_again_for_feedback_and_final_thanks() -> None:
    first = card(INTERVIEW, Stage.OUTCOME, outcome=Outcome.REJECTED)
    asked = changes.message_sent(first, "feedback_request", DANA, AFTER)
    closed = changes.message_sent(asked, "final_thanks", DANA, AFTER)
    assert action(closed, AFTER).kind == "done"
    second = decided_again(closed)
    assert action(second, LATER) == NextAction(
        "feedback_request", "ask for feedback", None, Severity.DUE
    )
    assert rules.message_to_send(second, PARIS, LATER) == "feedback_request"
    asked_again = changes.message_sent(second, "feedback_request", DANA, LATER)
    assert action(asked_again, LATER).label == "send a final thank-you and connect from Mon 21 Dec"
    monday = local(PARIS, "2026-12-21 09:00")
    assert action(asked_again, monday) == NextAction(
        "final_thanks", "send a final thank-you and connect", None, Severity.DUE
    )
    done = changes.message_sent(asked_again, "final_thanks", DANA, LATER)
    assert done.stage is Stage.NETWORKED
    assert action(done, LATER) == NextAction("done", "done", None, Severity.DONE)


def test_feedback_asked_in_an_earlier_round_is_asked_again() -> None:
    # Round 1 got as far as the feedback request; its final thank-you was never sent.
    first = card(INTERVIEW, Stage.OUTCOME, outcome=Outcome.REJECTED)
    asked = changes.message_sent(first, "feedback_request", DANA, AFTER)
    assert action(asked, AFTER).kind == "final_thanks"
    assert action(decided_again(asked), LATER).kind == "feedback_request"


def test_an_offer_after_an_earlier_final_thanks_sends_another() -> None:
    first = card(INTERVIEW, Stage.OUTCOME, outcome=Outcome.REJECTED)
    closed = changes.message_sent(first, "final_thanks", DANA, AFTER)
    offered = decided_again(closed, Outcome.OFFER)
    assert action(offered, LATER) == NextAction(
        "final_thanks", "send a final thank-you and connect", None, Severity.DUE
    )


def test_pending_outcome_is_to_be_recorded() -> None:
    item = card(INTERVIEW, Stage.OUTCOME)
    assert action(item, AFTER) == NextAction(
        "record_outcome", "record the outcome", None, Severity.DUE
    )
    assert rules.message_to_send(item, PARIS, AFTER) is None
    assert rules.message_to_send(item, PARIS, AFTER) is None


def test_networked_says_where() -> None:
    item = card(INTERVIEW, Stage.NETWORKED)
    assert action(item, AFTER).label == "done"
    linked = changes.connected(item, "LinkedIn", AFTER)
    assert action(linked, AFTER).label == "connected on LinkedIn"
    both = changes.connected(linked, "Twitter/X", AFTER)
    assert action(both, AFTER) == NextAction(
        "done", "connected on LinkedIn, Twitter/X", None, Severity.DONE
    )
    assert rules.message_to_send(both, PARIS, AFTER) is None


# --- messages and stages -----------------------------------------------------------------


def test_message_kinds_order() -> None:
    assert rules.MESSAGE_KINDS == (
        "thank_you",
        "timeline_question",
        "check_in",
        "feedback_request",
        "final_thanks",
    )
    assert [rules.message_label(kind) for kind in rules.MESSAGE_KINDS] == [
        "thank-you",
        "timeline question",
        "check-in",
        "feedback request",
        "final thank-you",
    ]


@pytest.mark.parametrize(
    ("stage", "outcome", "kind", "after"),
    [
        (Stage.INTERVIEWED, Outcome.PENDING, "thank_you", Stage.THANKED),
        (Stage.THANKED, Outcome.PENDING, "thank_you", None),
        (Stage.THANKED, Outcome.PENDING, "check_in", Stage.CHECKED_IN),
        (Stage.AWAITING_DECISION, Outcome.PENDING, "check_in", Stage.CHECKED_IN),
        (Stage.CHECKED_IN, Outcome.PENDING, "check_in", None),
        (Stage.INTERVIEWED, Outcome.PENDING, "check_in", Stage.CHECKED_IN),
        (Stage.INTERVIEWED, Outcome.PENDING, "timeline_question", Stage.THANKED),
        (Stage.THANKED, Outcome.PENDING, "timeline_question", None),
        (Stage.OUTCOME, Outcome.REJECTED, "feedback_request", None),
        (Stage.OUTCOME, Outcome.OFFER, "final_thanks", Stage.NETWORKED),
        (Stage.OUTCOME, Outcome.PENDING, "final_thanks", Stage.NETWORKED),
        (Stage.AWAITING_DECISION, Outcome.WITHDRAWN, "final_thanks", Stage.NETWORKED),
        (Stage.AWAITING_DECISION, Outcome.PENDING, "final_thanks", None),
        (Stage.NETWORKED, Outcome.OFFER, "final_thanks", None),
    ],
)
def test_stage_after_sent(stage: Stage, outcome: Outcome, kind: str, after: Stage | None) -> None:
    item = card(INTERVIEW, stage, outcome=outcome)
    assert rules.stage_after_sent(item, kind) is after


# --- ordering, today, summary ------------------------------------------------------------

NOW = local(PARIS, "2026-11-25 12:00")


def board() -> dict[str, Application]:
    """One card per situation, named by what it needs."""

    def named(name: str, item: Application) -> Application:
        return replace(item, company=name)

    return {
        "overdue thank-you": named("A", card(NOW - timedelta(hours=30))),
        "urgent thank-you": named("B", card(NOW - timedelta(hours=20))),
        "thank-you": named("C", card(NOW - timedelta(hours=2))),
        "late check-in": named(
            "D", card(INTERVIEW, Stage.AWAITING_DECISION, follow_up_on=date(2026, 11, 25))
        ),
        "overdue check-in": named(
            "E", card(local(PARIS, "2026-11-02 10:00"), Stage.AWAITING_DECISION)
        ),
        "outcome": named("F", card(INTERVIEW, Stage.OUTCOME)),
        "waiting": named("G", card(INTERVIEW, Stage.AWAITING_DECISION)),
        "done": named("H", card(INTERVIEW, Stage.NETWORKED)),
    }


def test_todays_actions_most_urgent_first() -> None:
    cards = board()
    found = rules.todays_actions(list(cards.values()), PARIS, NOW)
    assert [(item.company, next_up.label) for item, next_up in found] == [
        ("E", "check-in overdue since Mon 9 Nov"),
        ("A", "thank-you overdue by 6h"),
        ("B", "thank-you due in 4h"),
        ("D", "check in now"),
        ("C", "thank-you due in 22h"),
        ("F", "record the outcome"),
    ]


def test_summary_text() -> None:
    cards = board()
    assert rules.summary(cards.values(), PARIS, NOW) == "4 due today, 2 overdue"
    assert rules.summary([cards["waiting"], cards["done"]], PARIS, NOW) == "nothing due today"
    assert rules.summary([], PARIS, NOW) == "nothing due today"
    assert rules.summary([cards["overdue thank-you"]], PARIS, NOW) == "1 overdue"
    assert rules.summary([cards["thank-you"], cards["outcome"]], PARIS, NOW) == "2 due today"


def test_urgency_key_orders_a_column() -> None:
    recent = replace(card(INTERVIEW, Stage.NETWORKED), company="recent")
    older = replace(card(INTERVIEW - timedelta(days=3), Stage.NETWORKED), company="older")
    cards = [*board().values(), older, recent]
    ordered = sorted(cards, key=lambda item: rules.urgency_key(item, PARIS, NOW))
    assert [item.company for item in ordered] == [
        "E",
        "A",
        "B",
        "D",
        "C",
        "F",
        "G",
        "H",
        "recent",
        "older",
    ]


@pytest.mark.parametrize("profile", [PARIS, NEW_YORK, Profile(timezone="Asia/Tokyo")])
def test_sort_keys_agree_with_the_next_action(profile: Profile) -> None:
    """urgency_key decides without writing labels; it must still match next_action."""
    import random

    from tests.boards import realistic_card_doc
    from tui.model_docs import application_from_doc

    rng = random.Random(7)
    cards = [application_from_doc(realistic_card_doc(i, rng, NOW)) for i in range(300)]
    for now in (NOW, NOW + timedelta(hours=5), NOW + timedelta(days=4), NOW - timedelta(days=9)):
        expected = []
        for item in cards:
            found = rules.next_action(item, profile, now)
            due = found.due_at.timestamp() if found.due_at is not None else float("inf")
            interviewed = -item.interviewed_at.timestamp()
            expected.append((int(found.severity), due, interviewed, item.company.casefold()))
        assert [rules.urgency_key(item, profile, now) for item in cards] == expected
        assert rules.urgency_keys(cards, profile, now) == expected


# --- speed and boundaries ----------------------------------------------------------------


def test_a_big_board_is_quick() -> None:
    import time

    cards = list(board().values()) * 750  # 6,000 cards
    started = time.perf_counter()
    rules.summary(cards, PARIS, NOW)
    sorted(cards, key=lambda item: rules.urgency_key(item, PARIS, NOW))
    assert time.perf_counter() - started < 2.0


def test_rules_and_changes_import_neither_textual_nor_arrow() -> None:
    code = (
        "import sys, tui.rules, tui.changes, tui.dates; "
        "assert 'textual' not in sys.modules; "
        "assert not any('arrow' in vars(m) for m in (tui.rules, tui.changes))"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_removed_interviewer_does_not_pass_the_thank_you_on() -> None:
    ben, cy = Interviewer(name="Ben Cole"), Interviewer(name="Cy Wu")
    item = card(INTERVIEW, interviewers=(SAM, ben, cy))
    thanked = changes.message_sent(item, "thank_you", SAM, INTERVIEW, interviewer_index=0)
    without_sam = replace(thanked, interviewers=(ben, cy))
    assert rules.next_recipient(without_sam) == 0  # Ben still needs his


def test_an_odd_interviewer_index_in_the_file_is_ignored() -> None:
    item = card(INTERVIEW, interviewers=(SAM, ANA))
    for odd in ("²", "9" * 5000, "-1", ""):
        sent = item.with_event(
            Event(
                INTERVIEW,
                EventKind.MESSAGE_SENT,
                "Sent",
                {"message": "thank_you", "interviewer": odd},
            )
        )
        assert rules.next_recipient(sent) == 0  # no traceback; counts for nobody


def test_a_card_moved_back_to_interviewed_moves_on_with_its_check_in() -> None:
    # Everyone thanked, then moved back by hand: it asks what Thanked would, and a check-in
    # sent from there moves it to Checked In instead of asking again and again.
    item = changes.message_sent(card(INTERVIEW), "thank_you", DANA, INTERVIEW)
    back = changes.moved(item, Stage.INTERVIEWED, INTERVIEW + timedelta(days=10))
    checked = changes.message_sent(back, "check_in", DANA, INTERVIEW + timedelta(days=10))
    assert checked.stage is Stage.CHECKED_IN


def test_an_accepted_offer_sends_thanks_without_asking_to_connect() -> None:
    item = card(INTERVIEW, Stage.OUTCOME, outcome=Outcome.OFFER_ACCEPTED)
    assert action(item, AFTER) == NextAction(
        "final_thanks", "send a final thank-you", None, Severity.DUE
    )
    declined = replace(item, outcome=Outcome.OFFER_DECLINED)
    assert action(declined, AFTER).label == "send a final thank-you and connect"
