"""What this round's history says: the messages sent and to whom, the check-ins, the end
of the interview, a cancellation, a reply waiting.

A round starts at the latest new-round event; earlier rounds' messages do not count now.
"""

from __future__ import annotations

import contextlib
from datetime import datetime

from tui.model import Application, Event, EventKind, MessageKind, Stage

# Reading an enum member through its class costs ~0.1 us (a metaclass lookup); the loops
# here run for every card when a column is sorted, so they compare with these instead.
_NEW_ROUND, _MESSAGE_SENT, _MOVED = EventKind.NEW_ROUND, EventKind.MESSAGE_SENT, EventKind.MOVED
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


def last_check_in(card: Application) -> tuple[datetime | None, int]:
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


PER_PERSON_KINDS = frozenset(kind.value for kind in MessageKind if kind.per_person)
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


def someone_left(card: Application, kind: str) -> bool:
    """Whether an interviewer is still to get this round's message of ``kind``.

    With fewer than two interviewers the message sent is the one (to whomever it went).
    """
    if len(card.interviewers) < 2:
        return not sent_this_round(card, kind)
    return next_recipient(card, kind) is not None


def how_many_left(card: Application, kind: str) -> int:
    """How many interviewers are still to get this round's message of ``kind``: counted as
    ``someone_left`` tells, so with fewer than two the message sent is the one."""
    if len(card.interviewers) < 2:
        return 0 if sent_this_round(card, kind) else 1
    return _thanked_this_round(card, kind).count(False)


def still_to_thank(card: Application, kind: str) -> str:
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
