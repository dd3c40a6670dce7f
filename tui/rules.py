"""The follow-up rules: what each card needs next, when it is due, and when to hold back.

The rules, as the board applies them:

1. Thank-you within 24 real hours of the interview. Under 6 hours left is a WARNING;
   after that it is OVERDUE. Every interviewer gets one: the card leaves Interviewed when
   the last of them is thanked this round, and its status line names who is left. Moved
   back to Interviewed once everyone is thanked, it asks what Thanked would. A new
   round puts the card back in Interviewed, which makes another thank-you due, and clears
   the earlier round's decision and check-in dates (``changes.new_round``).
2. A card in Thanked without a decision date (or a date they gave for checking in) asks
   for their decision timeline, until the question is marked sent or the check-in date
   arrives (the check-in can ask it too). In Awaiting Decision the check-in date is shown
   and the timeline question stays one key away in the draft panel.
3. The check-in date is ``follow_up_on`` when they gave one; else the first business day
   after ``decision_by``; else the interview's local date plus ``profile.follow_up_days``
   (moved to Monday when it falls on a weekend). A date from before the latest interview
   is left over from an earlier round and ignored. Before the date the card WAITS; on it
   the check-in is DUE; from the 3rd business day after it, OVERDUE.
4. No squeaky wheel: checking in before that date, or within 5 business days of the
   last check-in, asks first (``check_in_warning``). The next check-in is never suggested
   before the check-in date, even after an early one. After 2 check-ins and 5 more business
   days without an answer, the card suggests recording "no response"; nothing is to be sent
   until it is (the final thank-you follows the outcome, rule 5).
5. Outcome: rejected -> ask for feedback, then a final thank-you; offer, withdrawn or no
   response -> a final thank-you and connect; still pending -> record the outcome. As with
   the thank-you, every interviewer gets a final thank-you: the card moves to Networked
   after the last of them, and its status line names who is left. These
   apply in any stage once an outcome is set, and count only this round's messages. Moving
   a card back to a stage before Outcome sets its outcome back to pending (``reopens_outcome``).
6. Networked is done.

Days are calendar (or Monday-to-Friday business) days in the user's zone, so a DST change
never moves a check-in date by an hour; the thank-you window is 24 real hours.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo
from enum import IntEnum
from typing import NamedTuple

from tui import dates
from tui.model import Application, Event, EventKind, Outcome, Profile, Stage

THANK_YOU_WINDOW = timedelta(hours=24)
"""Send the thank-you within this long after the interview."""
THANK_YOU_WARNING = timedelta(hours=6)
"""With less than this left, the thank-you turns from due to urgent."""
CHECK_IN_GAP = 5
"""Working days to wait after the first check-in before the next one; each further wait is
this times the check-ins sent (5, then 10): a reminder that keeps coming sounds pushy."""
TIMELINE_QUESTION_WAIT = 2
"""Working days after the thank-you (which asks for the timeline when no date is known)
before the separate timeline question: never on the thank-you's own day."""
CONNECT_AFTER_FEEDBACK = 3
"""Working days after a feedback request (which carries the thanks) before the final
thank-you that asks to connect: never two 'thank you' letters on one day to one person."""
CHECK_INS_BEFORE_MOVING_ON = 2
"""Unanswered check-ins after which the card suggests recording no response."""
OVERDUE_AFTER = 3
"""Business days after its date at which a check-in not yet sent is overdue."""

MESSAGE_KINDS: tuple[str, ...] = (
    "thank_you",
    "timeline_question",
    "check_in",
    "feedback_request",
    "final_thanks",
)
"""Every kind of message, in the order ``[`` and ``]`` cycle through them."""

MESSAGE_LABELS = {
    "thank_you": "thank-you",
    "timeline_question": "timeline question",
    "check_in": "check-in",
    "feedback_request": "feedback request",
    "final_thanks": "final thank-you",
}
"""Message kinds in words, for history lines and notices."""


def message_label(kind: str) -> str:
    """A message kind in words: 'check-in' for 'check_in'; unknown kinds lose underscores."""
    return MESSAGE_LABELS.get(kind, kind.replace("_", " "))


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


# --- history of the current round --------------------------------------------------------

# Reading an enum member through its class costs ~0.1 us (a metaclass lookup); the loops
# here run for every card when a column is sorted, so they compare with these instead.
_NEW_ROUND, _MESSAGE_SENT, _MOVED = EventKind.NEW_ROUND, EventKind.MESSAGE_SENT, EventKind.MOVED
_PENDING = Outcome.PENDING
_NETWORKED, _OUTCOME, _INTERVIEWED = Stage.NETWORKED, Stage.OUTCOME, Stage.INTERVIEWED
_CHECKED_IN = Stage.CHECKED_IN
_REPLY, _CANCELLED, _INVITE = EventKind.REPLY, EventKind.CANCELLED, EventKind.INVITE
_CHECKED_IN_VALUE = Stage.CHECKED_IN.value
_BEFORE_CHECKED_IN = frozenset(
    stage.value for stage in Stage if stage.position < Stage.CHECKED_IN.position
)
"""Stage values a move into Checked In from which is a check-in (a move forward)."""


def this_round(card: Application) -> tuple[Event, ...]:
    """History since the latest new-round event (all of it without one): earlier rounds'
    messages do not count now. The one notion of "this round" (stats uses it too)."""
    for position in range(len(card.history) - 1, -1, -1):
        if card.history[position].kind is _NEW_ROUND:
            return card.history[position + 1 :]
    return card.history


def sent_this_round(card: Application, kind: str) -> list[Event]:
    """This round's history entries for messages of one kind marked sent."""
    return [
        event
        for event in this_round(card)
        if event.kind is _MESSAGE_SENT and event.details.get("message") == kind
    ]


def _last_check_in(card: Application) -> tuple[datetime | None, int]:
    """When the user last checked in this round, and how many times they have.

    A move into Checked In from an earlier stage without a logged message counts as one
    check-in: the user checked in some other way and told the board so. A move back into
    it (from Outcome or Networked) is no check-in.
    """
    # One pass over the round: this runs for every Checked In card when a column is sorted.
    sent: list[datetime] = []
    moves_in: list[datetime] = []
    for event in this_round(card):
        if event.kind is _MESSAGE_SENT and event.details.get("message") == "check_in":
            sent.append(event.at)
        elif (
            event.kind is _MOVED
            and event.details.get("to") == _CHECKED_IN_VALUE
            and event.details.get("from") in _BEFORE_CHECKED_IN
        ):
            moves_in.append(event.at)
    if sent:
        return max(sent), len(sent)
    if moves_in:
        return max(moves_in), 1
    return None, 0


def _person_key(text: str) -> str:
    """A name (or an address) as thank-you events are matched on: case and spacing aside."""
    return " ".join(text.split()).casefold()


def _thanked_index(
    details: dict[str, str], people: list[tuple[str, str]], thanked: list[bool]
) -> int | None:
    """Which interviewer a message event (a thank-you, a final thank-you) went to, or None
    when it matches nobody.

    ``people`` holds each interviewer's name and email as ``_person_key`` gives them. The
    event names its recipient in ``to`` (a name; older boards may hold an address there),
    maybe ``email``, and, when the app said which one it was, the ``interviewer`` index. An
    index whose person still matches is taken as it is; else the first matching person not
    yet thanked (the list may have been edited since); else the index alone, for a person
    renamed since, if the card has as many interviewers as it had then.
    """
    to = _person_key(details.get("to", ""))
    email = _person_key(details.get("email", ""))

    def matches(person: tuple[str, str]) -> bool:
        name_key, email_key = person
        if not to and not email:
            return person == ("", "")  # sent to someone without a name or address
        if to and to in (name_key, email_key):
            return True
        return bool(email) and email == email_key

    raw = details.get("interviewer", "")
    # A hand-edited file may hold anything here ("²" is a digit int() refuses).
    position = int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 4 else None
    if position is not None and position < len(people) and matches(people[position]):
        return position
    matching = [index for index, person in enumerate(people) if matches(person)]
    for index in matching:
        if not thanked[index]:
            return index
    if matching:
        return matching[0]
    # Nobody matches by name or address. The same place in a list of the same length is
    # the same person renamed; in a shorter or longer list it may be someone else (the
    # person was removed), and the message then counts for nobody.
    same_list = details.get("of") == str(len(people))
    return position if same_list and position is not None and position < len(people) else None


def _thanked_this_round(card: Application, kind: str) -> list[bool]:
    """For each interviewer, whether a message of ``kind`` to them was marked sent this round."""
    thanked = [False] * len(card.interviewers)
    people: list[tuple[str, str]] | None = None
    for event in this_round(card):
        if event.kind is not _MESSAGE_SENT or event.details.get("message") != kind:
            continue
        if people is None:
            people = [(_person_key(p.name), _person_key(p.email)) for p in card.interviewers]
        index = _thanked_index(event.details, people, thanked)
        if index is not None:
            thanked[index] = True
    if kind == "thank_you":
        # A thank-you is for the people at this round: someone met only earlier has had one.
        number = max(card.round, 1)
        for index, person in enumerate(card.interviewers):
            if not person.was_at(number):
                thanked[index] = True
    return thanked


PER_PERSON_KINDS = frozenset({"thank_you", "final_thanks"})
"""Messages each interviewer gets, one apiece, before the card moves on."""


def already_sent_to(card: Application, kind: str, index: int) -> bool:
    """Whether interviewer ``index`` has had this round's message of ``kind`` (a thank-you
    or a final thank-you: the messages each person gets once)."""
    if kind not in PER_PERSON_KINDS:
        return False
    thanked = _thanked_this_round(card, kind)
    return 0 <= index < len(thanked) and thanked[index]


def next_recipient(card: Application, kind: str = "thank_you") -> int | None:
    """The index of the first interviewer who has not had this round's message of ``kind``
    (a thank-you or a final thank-you); None when everyone has, when there are no
    interviewers, or for a kind sent once (a check-in). The draft panel turns to them after
    such a message is marked sent."""
    if kind not in PER_PERSON_KINDS:
        return None
    thanked = _thanked_this_round(card, kind)
    return thanked.index(False) if False in thanked else None


def _someone_left(card: Application, kind: str) -> bool:
    """Whether an interviewer is still to get this round's message of ``kind``.

    With fewer than two interviewers the message sent is the one (to whomever it went).
    """
    if len(card.interviewers) < 2:
        return not sent_this_round(card, kind)
    return next_recipient(card, kind) is not None


def _still_to_thank(card: Application, kind: str) -> str:
    """' to Sam Park' (' to Sam Park +1'): who is left once some interviewers have had the
    message of ``kind``.

    Empty while nobody (or everybody) has: the message is then simply due, as for one person.
    """
    if len(card.interviewers) < 2:
        return ""
    thanked = _thanked_this_round(card, kind)
    left = [index for index, done in enumerate(thanked) if not done]
    if not left or len(left) == len(thanked):
        return ""
    first = card.interviewers[left[0]].name.strip() or f"interviewer {left[0] + 1}"
    more = f" +{len(left) - 1}" if len(left) > 1 else ""
    return f" to {first}{more}"


# --- dates -------------------------------------------------------------------------------


def thank_you_due_at(card: Application) -> datetime:
    """24 real hours after the latest interview ends (its start, when no invite said when
    it ends)."""
    return interview_ends_at(card) + THANK_YOU_WINDOW


def interview_ends_at(card: Application) -> datetime:
    """When the latest interview ends: the end of the imported invite for this very start
    time, else its start."""
    stamp: str | None = None
    for event in reversed(card.history):
        if event.kind is _INVITE:
            stamp = stamp or card.interviewed_at.isoformat()
            if event.details.get("starts_at") == stamp and (ends := event.details.get("ends_at")):
                with contextlib.suppress(ValueError):
                    return max(datetime.fromisoformat(ends), card.interviewed_at)
        elif event.kind is _NEW_ROUND:
            break
    return card.interviewed_at


def cancelled_interview(card: Application) -> Event | None:
    """The history entry that cancelled this round's interview (at the card's interview
    time: a reschedule since brings it back); None when it was not cancelled."""
    stamp: str | None = None
    for event in reversed(card.history):
        if event.kind is _CANCELLED:
            stamp = stamp or card.interviewed_at.isoformat()
            if event.details.get("starts_at") == stamp:
                return event
        elif event.kind is _NEW_ROUND:
            break
    return None


def reply_waiting(card: Application) -> Event | None:
    """The employer's reply the user has not acted on yet (the newest history entry): no
    check-in is due while it waits."""
    if card.history and card.history[-1].kind is _REPLY:
        return card.history[-1]
    return None


def _follow_up(card: Application, profile: Profile, where: str | tzinfo) -> tuple[date, str]:
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
    return _follow_up(card, profile, profile.timezone)[0]


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
    if stage is _INTERVIEWED and _someone_left(card, "thank_you"):
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
    if not _someone_left(card, "final_thanks"):
        return _Decision("done", None, Severity.DONE, "final thank-you sent")
    if card.outcome is Outcome.REJECTED:
        asked = sent_this_round(card, "feedback_request")
        if not asked:
            return _Decision("feedback_request", None, Severity.DUE, "ask for feedback")
        connect_from = _connect_day(asked, profile, context.where)
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
        lambda: f"send a final thank-you{_still_to_thank(card, 'final_thanks')}{connect}",
    )


def _connect_day(asked: list[Event], profile: Profile, where: str | tzinfo) -> date:
    """The first day for the final thank-you after a feedback request (which thanked them)."""
    last = dates.local_date(max(event.at for event in asked), where)
    return dates.add_working_days(last, CONNECT_AFTER_FEEDBACK, profile.country)


def _timeline_day(card: Application, profile: Profile, where: str | tzinfo) -> date | None:
    """The first day for the timeline question: some working days after this round's last
    thank-you; None when no thank-you was logged (the question may go at once)."""
    thanked = sent_this_round(card, "thank_you")
    if not thanked:
        return None
    last = dates.local_date(max(event.at for event in thanked), where)
    return dates.add_working_days(last, TIMELINE_QUESTION_WAIT, profile.country)


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
                f"thank-you{_still_to_thank(card, 'thank_you')} overdue by "
                f"{dates.compact_delta(left)}"
            ),
        )
    severity = Severity.WARNING if left < THANK_YOU_WARNING.total_seconds() else Severity.DUE
    return _Decision(
        "thank_you",
        due,
        severity,
        lambda: f"thank-you{_still_to_thank(card, 'thank_you')} due in {dates.compact_delta(left)}",
    )


def _awaiting(card: Application, profile: Profile, context: _Now) -> _Decision:
    """Thanked (or Interviewed with everyone thanked) or Awaiting Decision: ask for their
    timeline, then check in on time."""
    where, today = context.where, context.today
    start = _follow_up(card, profile, where)[0]
    no_timeline = card.decision_by is None and card.follow_up_on is None
    if (
        card.stage is not Stage.AWAITING_DECISION
        and no_timeline
        and today < start
        and not sent_this_round(card, "timeline_question")
    ):
        ask_from = _timeline_day(card, profile, where)
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
    start = _follow_up(card, profile, where)[0]
    last, count = _last_check_in(card)
    if last is None:
        return _check_in_from(start, today, where, again=False)
    again = _check_in_day(start, last, where, count, profile.country)
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


def check_in_gap(count: int) -> int:
    """Working days to wait after the ``count``-th check-in: 5, then 10."""
    return CHECK_IN_GAP * max(count, 1)


def _check_in_day(
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


# --- guards ------------------------------------------------------------------------------


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


def reopens_outcome(card: Application, stage: Stage) -> bool:
    """Whether moving the card back to ``stage`` reopens its recorded outcome.

    A card moved back to a stage before Outcome is waiting again: its outcome is not settled.
    A move forward (a rejection recorded in Checked In, walked on to Networked) keeps it.
    """
    return (
        card.outcome is not _PENDING
        and stage.position < card.stage.position
        and stage.position < _OUTCOME.position
    )


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

    Early means before the day the card says to check in (``_check_in_day``); the question
    gives the reason that sets that day: the last check-in, or the date from rule 3.
    """
    if card.outcome is not Outcome.PENDING:
        return None
    tz = profile.timezone
    today = dates.local_date(now, tz)
    start, source = _follow_up(card, profile, tz)
    last, count = _last_check_in(card)
    again = _check_in_day(start, last, tz, count, profile.country)
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
        start = _follow_up(card, profile, where)[0]
        last, count = _last_check_in(card)
        day = _check_in_day(start, last, where, count, profile.country)
    elif kind == "timeline_question":
        day = _timeline_day(card, profile, where)
    elif kind == "final_thanks" and card.outcome is Outcome.REJECTED:
        asked = sent_this_round(card, "feedback_request")
        day = _connect_day(asked, profile, where) if asked else None
    return day if day is not None and day > today else None


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


_BEFORE_CHECKING_IN = (Stage.INTERVIEWED, Stage.THANKED, Stage.AWAITING_DECISION)


def stage_after_edit(old: Application, new: Application) -> Stage | None:
    """Where an edit moves a card by itself, or None to leave it where the user put it.

    An outcome recorded on a card still before Outcome takes it to Outcome; a decision or
    check-in date given to a Thanked card (their timeline is known) takes it to Awaiting
    Decision. An edit that changes the stage itself is the user's choice and stands.
    """
    if new.stage is not old.stage:
        return None
    if (
        old.outcome is _PENDING
        and new.outcome is not _PENDING
        and new.stage.position < _OUTCOME.position
    ):
        return _OUTCOME
    timeline_given = old.decision_by is None and old.follow_up_on is None
    if new.stage is Stage.THANKED and timeline_given and (new.decision_by or new.follow_up_on):
        return Stage.AWAITING_DECISION
    return None


def stage_after_sent(card: Application, kind: str) -> Stage | None:
    """Where sending a message moves the card, or None to stay put.

    ``card`` has the message logged already (``changes.message_sent`` logs it first): a
    card with several interviewers moves on once the last of them has had its thank-you
    (or its final thank-you).
    """
    if len(card.interviewers) > 1 and next_recipient(card, kind) is not None:
        return None
    if kind == "thank_you" and card.stage is Stage.INTERVIEWED:
        return Stage.THANKED
    # A card in Interviewed whose interviewers are all thanked asks what Thanked would
    # (it was moved back by hand): its timeline question and check-in move it on too.
    if kind == "check_in" and card.stage in _BEFORE_CHECKING_IN:
        return Stage.CHECKED_IN
    if kind == "timeline_question" and card.stage is Stage.INTERVIEWED:
        return Stage.THANKED
    # A final thank-you closes the process, so it only moves a card whose outcome is known
    # or that already sits in Outcome.
    process_over = card.stage is Stage.OUTCOME or card.outcome is not Outcome.PENDING
    if kind == "final_thanks" and process_over and card.stage is not Stage.NETWORKED:
        return Stage.NETWORKED
    return None
