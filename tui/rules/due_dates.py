"""When each letter is due and how far apart they go: the thank-you's 24 hours, the check-in
date (rule 3), the working days between check-ins that keep the user from pestering (rule 4),
and the waits between two letters to one person.

Days are calendar (or working) days in the user's zone; working days skip weekends and the
profile country's public holidays (``dates.add_working_days``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from tui import dates
from tui.model import Application, Event, Profile
from tui.rules.round_history import interview_ends_at, sent_this_round

THANK_YOU_WINDOW = timedelta(hours=24)
"""Send the thank-you within this long after the interview."""
CHECK_IN_GAP = 5
"""Working days to wait after the first check-in before the next one; each further wait is
this times the check-ins sent (5, then 10): a reminder that keeps coming sounds pushy."""
TIMELINE_QUESTION_WAIT = 2
"""Working days after the thank-you (which asks for the timeline when no date is known)
before the separate timeline question: never on the thank-you's own day."""
CONNECT_AFTER_FEEDBACK = 3
"""Working days after a feedback request (which carries the thanks) before the final
thank-you that asks to connect: never two 'thank you' letters on one day to one person."""


def thank_you_due_at(card: Application) -> datetime:
    """24 real hours after the latest interview ends (its start, when no invite said when
    it ends)."""
    return interview_ends_at(card) + THANK_YOU_WINDOW


def follow_up(card: Application, profile: Profile, where: str | tzinfo) -> tuple[date, str]:
    """The check-in date and where it came from: 'follow_up_on', 'decision_by' or 'default'.

    ``where`` is the profile's zone, by name or already looked up.
    """
    interview_day = dates.local_date(card.interviewed_at, where)
    country = profile.country
    if card.follow_up_on is not None and card.follow_up_on >= interview_day:
        return dates.next_working_day_from(card.follow_up_on, country), "follow_up_on"
    if card.decision_by is not None and card.decision_by >= interview_day:
        return dates.add_working_days(card.decision_by, 1, country), "decision_by"
    planned = interview_day + timedelta(days=max(0, profile.follow_up_days))
    return dates.next_working_day_from(planned, country), "default"


def follow_up_date(card: Application, profile: Profile) -> date:
    """The first local day on which checking in is polite (see rule 3)."""
    return follow_up(card, profile, profile.timezone)[0]


def check_in_gap(count: int) -> int:
    """Working days to wait after the ``count``-th check-in: 5, then 10."""
    return CHECK_IN_GAP * max(count, 1)


def check_in_day(
    start: date, last: datetime | None, where: str | tzinfo, count: int = 1, country: str = ""
) -> date:
    """The first day the next check-in is polite: the check-in date ``start`` (rule 3) and,
    after the ``count``-th check-in at ``last``, ``check_in_gap(count)`` working days after
    it (weekends and the country's public holidays skipped), whichever is later.

    The card's status line and the "too early" guard both take their date from here. A
    check-in sent early (the user confirmed "Check in anyway") does not bring their date
    forward: the next step still waits for it.
    """
    if last is None:
        return start
    gap = check_in_gap(count)
    return max(dates.add_working_days(dates.local_date(last, where), gap, country), start)


def connect_day(asked: list[Event], profile: Profile, where: str | tzinfo) -> date:
    """The first day for the final thank-you after a feedback request (which thanked them)."""
    last = dates.local_date(max(event.at for event in asked), where)
    return dates.add_working_days(last, CONNECT_AFTER_FEEDBACK, profile.country)


def timeline_day(card: Application, profile: Profile, where: str | tzinfo) -> date | None:
    """The first day for the timeline question: some working days after this round's last
    thank-you; None when no thank-you was logged (the question may go at once)."""
    thanked = sent_this_round(card, "thank_you")
    if not thanked:
        return None
    last = dates.local_date(max(event.at for event in thanked), where)
    return dates.add_working_days(last, TIMELINE_QUESTION_WAIT, profile.country)
