"""Holding back: what to ask before a check-in that comes too early, which dates cannot be
right, and the first day a draft is right to send."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, tzinfo

from tui import dates
from tui.model import Application, Outcome, Profile, Stage
from tui.rules.due_dates import (
    check_in_day,
    check_in_gap,
    connect_day,
    follow_up,
    timeline_day,
)
from tui.rules.round_history import last_check_in, sent_this_round
from tui.rules.stage_moves import reopens_outcome

_PENDING = Outcome.PENDING
_CHECKED_IN = Stage.CHECKED_IN


def date_before_interview_problem(
    day: date | None, interviewed_at: datetime, where: str | tzinfo = ""
) -> str | None:
    """Why a decision or check-in date cannot be right: 'Sun 1 Nov is before the interview
    (Fri 20 Nov).'; None when it is on or after the interview's local day, or not given.

    ``where`` is the profile's zone, by name or already looked up. The form and the command
    line refuse such a date with this message.
    """
    if day is None:
        return None
    interview_day = dates.local_date(interviewed_at, where)
    if day >= interview_day:
        return None
    return f"{dates.short_day(day)} is before the interview ({dates.short_day(interview_day)})."


def move_warning(card: Application, stage: Stage, profile: Profile, now: datetime) -> str | None:
    """Why moving the card to ``stage`` now should be asked first; None when it can go.

    A move into Checked In is a check-in (``check_in_warning``); when the move reopens the
    outcome, the card is judged as the pending card it becomes.
    """
    if stage is not _CHECKED_IN:
        return None
    if reopens_outcome(card, stage):
        card = replace(card, outcome=_PENDING)
    return check_in_warning(card, profile, now)


def check_in_warning(card: Application, profile: Profile, now: datetime) -> str | None:
    """Why checking in now would be early, as a question for the user; None when it is fine.

    Early means before the day the card says to check in (``check_in_day``); the question
    gives the reason that sets that day: the last check-in, or the date from rule 3.
    """
    if card.outcome is not Outcome.PENDING:
        return None
    tz = profile.timezone
    today = dates.local_date(now, tz)
    start, source = follow_up(card, profile, tz)
    last, count = last_check_in(card)
    again = check_in_day(start, last, tz, count, profile.country)
    if today >= again:
        return None
    if last is not None and again > start:
        last_day = dates.local_date(last, tz)
        gap = dates.business_days_between(last_day, today)
        if last_day == today:
            ago = "today"
        elif gap == 0:
            ago = "over the weekend"
        else:
            ago = f"{gap} business day{'s' if gap != 1 else ''} ago"
        return (
            f"You checked in on {dates.short_day(last_day)}, {ago}. Another check-in "
            f"before {dates.short_day(again)} ({check_in_gap(count)} working days later) can "
            "cost you points. Check in anyway?"
        )
    when = dates.short_day(start)
    if source == "follow_up_on":
        reason = f"They said it was fine to check in from {when}."
    elif source == "decision_by":
        assert card.decision_by is not None
        decide = dates.short_day(card.decision_by)
        reason = f"They said they would decide by {decide}, so check in from {when}."
    else:
        interview_day = dates.local_date(card.interviewed_at, tz)
        if interview_day > today:
            happened = "The interview has not happened yet"
        else:
            happened = f"The interview was {dates.days_phrase(interview_day, today)}"
        reason = (
            f"{happened} and they gave no date; a check-in usually waits "
            f"{profile.follow_up_days} days, until {when}."
        )
    return f"{reason} Checking in earlier can cost you points. Check in anyway?"


def not_before(
    card: Application, profile: Profile, kind: str, now: datetime, index: int = 0
) -> date | None:
    """The first local day a draft of ``kind`` is right to send, when that is after today;
    None when it may go now. The draft panel shows 'not before Mon 14 Dec' at the top of
    such a draft, and copying it asks first.

    - a thank-you for an interview that has not happened yet: the interview's day;
    - a check-in: the check-in date, or the wait after the last check-in;
    - a timeline question: some working days after this round's thank-you;
    - a final thank-you after a rejection: some working days after the feedback request.
    """
    tz = profile.timezone
    where = dates.zone(tz)
    today = dates.local_date(now, where)
    day: date | None = None
    if kind == "thank_you":
        if card.interviewed_at > now:
            day = dates.local_date(card.interviewed_at, where)
            # The interview's own day, once it is over: a thank-you written before it ends is early.
            day = day if day > today else None
    elif kind == "check_in" and card.outcome is Outcome.PENDING:
        start = follow_up(card, profile, where)[0]
        last, count = last_check_in(card)
        day = check_in_day(start, last, where, count, profile.country)
    elif kind == "timeline_question":
        day = timeline_day(card, profile, where)
    elif kind == "final_thanks" and card.outcome is Outcome.REJECTED:
        asked = sent_this_round(card, "feedback_request")
        day = connect_day(asked, profile, where) if asked else None
    return day if day is not None and day > today else None
