"""The next action of a card, stage by stage: what it needs, how urgently, and the status
line that says so; the column order and the header's counts that follow from it.

The rules themselves are in ``tui/rules/__init__.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import NamedTuple

from tui import dates
from tui.model import Application, Event, EventKind, MessageKind, Outcome, Profile, Stage
from tui.rules.due_dates import (
    check_in_day,
    connect_day,
    follow_up,
    thank_you_due_at,
    timeline_day,
)
from tui.rules.round_history import (
    cancelled_interview,
    interview_ends_at,
    last_check_in,
    sent_this_round,
    someone_left,
    still_to_thank,
)

THANK_YOU_WARNING = timedelta(hours=6)
"""With less than this left, the thank-you turns from due to urgent."""
CHECK_INS_BEFORE_MOVING_ON = 2
"""Unanswered check-ins after which the card suggests recording no response."""
OVERDUE_AFTER = 3
"""Business days after its date at which a check-in not yet sent is overdue."""

MESSAGE_KINDS: tuple[str, ...] = tuple(kind.value for kind in MessageKind)
"""Every kind of message, in the order ``[`` and ``]`` cycle through them."""

MESSAGE_LABELS = {kind.value: kind.label for kind in MessageKind}
"""Message kinds in words, for history lines and notices."""


def message_label(kind: str) -> str:
    """A message kind in words: 'check-in' for 'check_in'; unknown kinds lose underscores."""
    return MESSAGE_LABELS.get(kind, kind.replace("_", " "))


# Reading an enum member through its class costs ~0.1 us (a metaclass lookup); the rules
# run for every card when a column is sorted, so they compare with these instead.
_PENDING = Outcome.PENDING
_NETWORKED, _OUTCOME, _INTERVIEWED = Stage.NETWORKED, Stage.OUTCOME, Stage.INTERVIEWED
_CHECKED_IN = Stage.CHECKED_IN
_REPLY = EventKind.REPLY


class Severity(IntEnum):
    """How urgent a card's next action is; lower is more urgent."""

    OVERDUE = 0
    WARNING = 1
    """Due soon: a thank-you with under 6 hours left."""
    DUE = 2
    WAITING = 3
    DONE = 4


@dataclass(frozen=True, slots=True)
class NextAction:
    """What a card needs next, as its status line says it."""

    kind: str
    """thank_you, timeline_question, check_in, feedback_request, final_thanks,
    record_no_response, record_outcome, answer_reply (a reply waits on the user), cancelled
    (the interview was) or done."""
    label: str
    """The status line: 'thank-you due in 5h', 'check in from Fri 29 Nov (in 3 days)'."""
    due_at: datetime | None
    """When it is (or was) due, aware UTC; None when it has no date."""
    severity: Severity


class _Decision(NamedTuple):
    """A next action with its status line not yet written: sorting a column needs only the
    severity and due time, and writing 6,000 lines (dates formatted) was most of its cost."""

    kind: str
    due_at: datetime | None
    severity: Severity
    label: str | Callable[[], str]
    """The status line, or how to write it."""

    def action(self) -> NextAction:
        label = self.label if isinstance(self.label, str) else self.label()
        return NextAction(self.kind, label, self.due_at, self.severity)


# --- the next action ---------------------------------------------------------------------


def next_action(card: Application, profile: Profile, now: datetime) -> NextAction:
    """What the card needs next, how urgently, and the status line that says so."""
    return _decide(card, profile, now).action()


class _Now(NamedTuple):
    """The moment the rules are applied at, with the user's zone and day looked up once."""

    at: datetime
    where: tzinfo
    today: date


def _now_for(profile: Profile, now: datetime) -> _Now:
    # Looking the system's zone up reads the environment; over a board that adds up, so
    # functions that handle many cards build this once.
    where = dates.zone(profile.timezone)
    return _Now(now, where, dates.local_date(now, where))


def _decide(
    card: Application, profile: Profile, now: datetime, context: _Now | None = None
) -> _Decision:
    stage = card.stage
    if stage is _NETWORKED:
        return _networked(card)
    if card.outcome is not _PENDING:
        return _after_outcome(card, profile, context or _now_for(profile, now))
    if stage is _OUTCOME:
        return _Decision("record_outcome", None, Severity.DUE, "record the outcome")
    if context is None:
        context = _now_for(profile, now)
    history = card.history
    if history and history[-1].kind is _REPLY:
        return _reply_waiting(history[-1])
    if stage is _INTERVIEWED and cancelled_interview(card) is not None:
        return _Decision(
            "cancelled",
            None,
            Severity.WAITING,
            lambda: f"interview {_local_day(card, context)} cancelled",
        )
    if card.interviewed_at > now:
        return _interview_ahead(card, context)
    # Moved back to Interviewed after everyone was thanked this round, a card needs no
    # second thank-you: it goes on as in Thanked.
    if stage is _INTERVIEWED and someone_left(card, "thank_you"):
        return _thank_you(card, context)
    if stage is _CHECKED_IN:
        return _checked_in(card, profile, context)
    return _awaiting(card, profile, context)


def _networked(card: Application) -> _Decision:
    label = f"connected on {', '.join(card.connected_via)}" if card.connected_via else "done"
    return _Decision("done", None, Severity.DONE, label)


def _after_outcome(card: Application, profile: Profile, context: _Now) -> _Decision:
    # This round's messages only: a new round reopens the process (the outcome goes back to
    # pending), so a final thank-you or feedback request from an earlier round is not this one's.
    if not someone_left(card, "final_thanks"):
        return _Decision("done", None, Severity.DONE, "final thank-you sent")
    if card.outcome is Outcome.REJECTED:
        asked = sent_this_round(card, "feedback_request")
        if not asked:
            return _Decision("feedback_request", None, Severity.DUE, "ask for feedback")
        connect_from = connect_day(asked, profile, context.where)
        if context.today < connect_from:
            return _Decision(
                "final_thanks",
                dates.start_of_local_day(connect_from, context.where),
                Severity.WAITING,
                lambda: f"send a final thank-you and connect from {dates.short_day(connect_from)}",
            )
        connect = " and connect"
    else:
        # An accepted offer: they are future colleagues, so the letter looks forward instead.
        connect = "" if card.outcome is Outcome.OFFER_ACCEPTED else " and connect"
    # Who is left only changes the words, so sorting never works it out.
    return _Decision(
        "final_thanks",
        None,
        Severity.DUE,
        lambda: f"send a final thank-you{still_to_thank(card, 'final_thanks')}{connect}",
    )


def _local_day(card: Application, context: _Now) -> str:
    return dates.short_day(dates.local_date(card.interviewed_at, context.where))


def _interview_ahead(card: Application, context: _Now) -> _Decision:
    """Before the interview nothing is asked: 'interview Thu 10:00' (with the date when it
    is a week or more away)."""
    where = context.where

    def label() -> str:
        local = dates.to_local(card.interviewed_at, where)
        if (local.date() - context.today).days < 6:
            return f"interview {dates.short_day(local.date()).split()[0]} {local:%H:%M}"
        return f"interview {dates.short_datetime(card.interviewed_at, where)}"

    return _Decision("thank_you", thank_you_due_at(card), Severity.WAITING, label)


def _reply_waiting(event: Event) -> _Decision:
    person = event.details.get("name") or event.details.get("from") or "them"
    return _Decision("answer_reply", None, Severity.DUE, f"reply from {person}: press R")


def _thank_you(card: Application, context: _Now) -> _Decision:
    now = context.at
    due = thank_you_due_at(card)
    if interview_ends_at(card) > now:
        return _interview_ahead(card, context)
    left = (due - now).total_seconds()
    # Who is still to thank only changes the words, so sorting never works it out.
    if left < 0:
        return _Decision(
            "thank_you",
            due,
            Severity.OVERDUE,
            lambda: (
                f"thank-you{still_to_thank(card, 'thank_you')} overdue by "
                f"{dates.compact_delta(left)}"
            ),
        )
    severity = Severity.WARNING if left < THANK_YOU_WARNING.total_seconds() else Severity.DUE
    return _Decision(
        "thank_you",
        due,
        severity,
        lambda: f"thank-you{still_to_thank(card, 'thank_you')} due in {dates.compact_delta(left)}",
    )


def _awaiting(card: Application, profile: Profile, context: _Now) -> _Decision:
    """Thanked (or Interviewed with everyone thanked) or Awaiting Decision: ask for their
    timeline, then check in on time."""
    where, today = context.where, context.today
    start = follow_up(card, profile, where)[0]
    no_timeline = card.decision_by is None and card.follow_up_on is None
    if (
        card.stage is not Stage.AWAITING_DECISION
        and no_timeline
        and today < start
        and not sent_this_round(card, "timeline_question")
    ):
        ask_from = timeline_day(card, profile, where)
        if ask_from is not None and today < ask_from:
            if ask_from < start:
                return _Decision(
                    "timeline_question",
                    dates.start_of_local_day(ask_from, where),
                    Severity.WAITING,
                    lambda: f"ask for their decision timeline from {dates.short_day(ask_from)}",
                )
        else:
            return _Decision(
                "timeline_question", None, Severity.DUE, "ask for their decision timeline (D)"
            )
    return _check_in_from(start, today, where, again=False)


def _checked_in(card: Application, profile: Profile, context: _Now) -> _Decision:
    """Checked In: wait for an answer; check in again after 5 business days, twice at most."""
    where, today = context.where, context.today
    start = follow_up(card, profile, where)[0]
    last, count = last_check_in(card)
    if last is None:
        return _check_in_from(start, today, where, again=False)
    again = check_in_day(start, last, where, count, profile.country)
    due_at = dates.start_of_local_day(again, where)
    if count >= CHECK_INS_BEFORE_MOVING_ON:
        if today < again:
            return _Decision(
                "record_no_response",
                due_at,
                Severity.WAITING,
                lambda: (
                    f"no answer yet after {count} check-ins; "
                    f"record no response from {dates.short_day(again)}"
                ),
            )
        label = f"no answer after {count} check-ins: record no response and move on"
        return _Decision("record_no_response", due_at, Severity.DUE, label)
    return _check_in_from(again, today, where, again=True)


def _check_in_from(start: date, today: date, where: tzinfo, *, again: bool) -> _Decision:
    """Waiting before ``start``, due on it, overdue from the OVERDUE_AFTER-th business day."""
    due_at = dates.start_of_local_day(start, where)
    check_in = "check in again" if again else "check in"
    if today < start:
        return _Decision(
            "check_in",
            due_at,
            Severity.WAITING,
            lambda: f"{check_in} from {dates.short_day(start)} ({dates.days_phrase(start, today)})",
        )
    if today == start:
        return _Decision("check_in", due_at, Severity.DUE, f"{check_in} now")
    late = dates.business_days_between(start, today) >= OVERDUE_AFTER
    # The words follow the severity: the header counts an overdue check-in as overdue.
    since = "overdue since" if late else "due since"
    return _Decision(
        "check_in",
        due_at,
        Severity.OVERDUE if late else Severity.DUE,
        lambda: f"check-in {since} {dates.short_day(start)}",
    )


# --- ordering and summaries --------------------------------------------------------------


def urgency_key(
    card: Application, profile: Profile, now: datetime
) -> tuple[int, float, float, str]:
    """Column sort key: most urgent severity first, then the soonest (or most overdue)
    due time, then the most recent interview, then the company name.

    Decides as next_action does but never writes the status line, which sorting does not show.
    """
    decision = _decide(card, profile, now)
    return _order(card, decision.severity, decision.due_at)


def urgency_keys(
    cards: Iterable[Application], profile: Profile, now: datetime
) -> list[tuple[int, float, float, str]]:
    """urgency_key of each card, in order; faster than one call per card on a whole board."""
    context = _now_for(profile, now)
    keys = []
    for card in cards:
        decision = _decide(card, profile, now, context)
        keys.append(_order(card, decision.severity, decision.due_at))
    return keys


def todays_actions(
    cards: Iterable[Application], profile: Profile, now: datetime
) -> list[tuple[Application, NextAction]]:
    """Every action due or overdue now (urgent ones included), most urgent first."""
    context = _now_for(profile, now)
    found = [
        (card, decision.action())
        for card in cards
        if (decision := _decide(card, profile, now, context)).severity <= Severity.DUE
    ]
    found.sort(key=lambda pair: _order(pair[0], pair[1].severity, pair[1].due_at))
    return found


def _order(
    card: Application, severity: Severity, due_at: datetime | None
) -> tuple[int, float, float, str]:
    due = due_at.timestamp() if due_at is not None else math.inf
    return (int(severity), due, -card.interviewed_at.timestamp(), card.company.casefold())


def summary(cards: Iterable[Application], profile: Profile, now: datetime) -> str:
    """The header line: '2 due today, 1 overdue', or 'nothing due today'."""
    due = overdue = 0
    context = _now_for(profile, now)
    for card in cards:
        severity = _decide(card, profile, now, context).severity
        if severity is Severity.OVERDUE:
            overdue += 1
        elif severity <= Severity.DUE:
            due += 1
    parts = [f"{due} due today"] if due else []
    if overdue:
        parts.append(f"{overdue} overdue")
    return ", ".join(parts) or "nothing due today"


# --- messages ----------------------------------------------------------------------------


def message_to_send(card: Application, profile: Profile, now: datetime) -> str | None:
    """The message the card's next action calls for; None when there is nothing to send:
    the card is done (everything this round needs was sent, or it is in Networked), or its
    outcome is to be recorded first (record_outcome, record_no_response)."""
    # Not the final thank-you that follows an outcome: sent before the outcome is recorded,
    # it would leave the card where it is, still asking for one.
    kind = next_action(card, profile, now).kind
    return kind if kind in MESSAGE_KINDS else None
