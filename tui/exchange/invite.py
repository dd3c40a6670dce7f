"""Interview invites (.ics files) read into cards. No Textual, no TinyDB.

``read_invites`` reads every VEVENT of a calendar file with the icalendar library (loaded
when a file is read: importing it takes 0.3-0.8 s, measured with -X importtime).
``plan_invites`` then decides, for each event, what it means for the board: a new card, a
reschedule or a cancellation of a card imported before (matched by the event's UID), or a
next round of a process already on it (same company and role). ``apply_invite`` makes the
change. Nothing here writes a file.

Reading is ``invite_reading``'s, and what an event's text says (format, notes, company and
role) ``invite_text``'s; this module plans and applies, and re-exports both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from tui import changes, dates, rules
from tui.exchange.invite_reading import (
    ALL_DAY_HOUR,
    MAX_INVITE_BYTES,
    Invite,
    InviteError,
    read_invites,
)
from tui.exchange.invite_text import (
    MAX_NOTES,
    company_and_role,
    company_from_address,
    guess_format,
    loose,
)
from tui.model import Application, Event, EventKind

__all__ = [
    "ALL_DAY_HOUR",
    "CHANGES",
    "GUESS_WORDS",
    "MAX_INVITE_BYTES",
    "MAX_NOTES",
    "Action",
    "Invite",
    "InviteError",
    "InvitePlan",
    "apply_invite",
    "company_and_role",
    "company_from_address",
    "guess_format",
    "invite_events",
    "new_card",
    "plan_invites",
    "read_invites",
]


class Action(StrEnum):
    """What importing an event does."""

    ADD = "add"
    RESCHEDULE = "reschedule"
    CANCEL = "cancel"
    NEXT_ROUND = "next_round"
    """Offered, not done by itself: a new invite for a process already on the board."""
    ALREADY = "already"
    """Nothing to do: this version of the invite was imported before."""
    NOTHING_TO_CANCEL = "nothing_to_cancel"


CHANGES = frozenset({Action.ADD, Action.RESCHEDULE, Action.CANCEL, Action.NEXT_ROUND})
"""The actions that change the board."""

GUESS_WORDS = {
    "company": "company",
    "role": "role",
    "format": "format",
    "interviewed_at": "time (an all-day event)",
}
"""Guessed fields in words."""


@dataclass(frozen=True)
class InvitePlan:
    """One event and what it does to the board."""

    invite: Invite
    action: Action
    card: Application | None = None
    """The card it changes (None for ADD)."""
    words: str = ""
    """What will happen, for people: 'Reschedule Acme - Data Analyst to Wed 9 Dec 11:00'."""
    extras: dict[str, str] = field(default_factory=dict)


def invite_events(card: Application) -> list[Event]:
    """The card's history entries that record an invite imported, newest last."""
    return [event for event in card.history if event.kind is EventKind.INVITE]


def _imported(cards: Iterable[Application], uid: str) -> tuple[Application, int, bool] | None:
    """The card an invite with this UID was imported into, the sequence it had then, and
    whether a later round has replaced it since."""
    for card in cards:
        later_round = False
        for event in reversed(card.history):
            if event.kind is EventKind.NEW_ROUND:
                later_round = True
            elif event.kind is EventKind.INVITE and event.details.get("uid") == uid:
                raw = event.details.get("sequence", "0")
                return card, int(raw) if raw.isdigit() else 0, later_round
    return None


def _same_process(cards: Iterable[Application], invite: Invite) -> Application | None:
    key = (loose(invite.company), loose(invite.role))
    for card in cards:
        if (loose(card.company), loose(card.role)) == key:
            return card
    return None


def plan_invites(
    invites: Sequence[Invite], cards: Sequence[Application], tz: str = ""
) -> list[InvitePlan]:
    """What each event does to the board (a later event in the file sees the earlier ones)."""
    plans: list[InvitePlan] = []
    seen: list[Application] = list(cards)
    for invite in invites:
        plan = _plan(invite, seen, tz)
        plans.append(plan)
        if plan.action is Action.ADD:
            seen.append(_with_invite_event(invite.card(), invite, invite.starts_at, "Imported"))
    return plans


def _title(card: Application) -> str:
    return f"{card.company} - {card.role}"


def _plan(invite: Invite, cards: Sequence[Application], tz: str) -> InvitePlan:
    when = dates.short_datetime(invite.starts_at, tz)
    found = _imported(cards, invite.uid)
    if invite.cancelled:
        if found is None:
            return InvitePlan(
                invite,
                Action.NOTHING_TO_CANCEL,
                words=f"cancels {invite.summary!r}, which is not on the board: nothing to do",
            )
        card = found[0]
        if found[2] or rules.cancelled_interview(card) is not None:
            return InvitePlan(invite, Action.ALREADY, card, f"{_title(card)}: already cancelled")
        return InvitePlan(
            invite,
            Action.CANCEL,
            card,
            f"{_title(card)}: record the interview on "
            f"{dates.short_datetime(card.interviewed_at, tz)} as cancelled (the card stays)",
        )
    if found is not None:
        card, sequence, later_round = found
        if later_round:
            return InvitePlan(
                invite, Action.ALREADY, card, f"{_title(card)}: an earlier round's invite"
            )
        if invite.sequence < sequence or (
            invite.sequence == sequence and card.interviewed_at == invite.starts_at
        ):
            return InvitePlan(invite, Action.ALREADY, card, f"{_title(card)}: already imported")
        return InvitePlan(
            invite,
            Action.RESCHEDULE,
            card,
            f"{_title(card)}: rescheduled from "
            f"{dates.short_datetime(card.interviewed_at, tz)} to {when}",
        )
    same = _same_process(cards, invite)
    if same is not None:
        people = ", ".join(p.shown_name for p in invite.interviewers) or "no one named"
        return InvitePlan(
            invite,
            Action.NEXT_ROUND,
            same,
            f"{_title(same)} is on the board: round {same.round + 1} on {when} with {people}",
        )
    return InvitePlan(invite, Action.ADD, None, f"add {invite.company} - {invite.role} on {when}")


def _with_invite_event(card: Application, invite: Invite, now: datetime, verb: str) -> Application:
    details = {
        "uid": invite.uid,
        "sequence": str(invite.sequence),
        "starts_at": invite.starts_at.isoformat(),
    }
    if invite.ends_at is not None:
        details["ends_at"] = invite.ends_at.isoformat()
    title = invite.summary or f"{invite.company} - {invite.role}"
    return card.with_event(Event(now, EventKind.INVITE, f"{verb} invite: {title}", details))


def new_card(invite: Invite, now: datetime, card: Application | None = None) -> Application:
    """The card for an invite as first saved (``card``: the form's edit of ``invite.card()``)."""
    return _with_invite_event(changes.created(card or invite.card(), now), invite, now, "Imported")


def apply_invite(plan: InvitePlan, now: datetime, tz: str = "") -> Application:
    """The card as the plan changes it: new, rescheduled, cancelled or in its next round."""
    invite = plan.invite
    if plan.action is Action.ADD:
        return new_card(invite, now)
    card = plan.card
    if card is None or plan.action in (Action.ALREADY, Action.NOTHING_TO_CANCEL):
        raise ValueError(f"nothing to apply: {plan.words}")
    if plan.action is Action.CANCEL:
        when = dates.short_datetime(card.interviewed_at, tz)
        details = {"uid": invite.uid, "starts_at": card.interviewed_at.isoformat()}
        event = Event(now, EventKind.CANCELLED, f"Interview on {when} cancelled", details)
        return card.with_event(event)
    if plan.action is Action.RESCHEDULE:
        before = dates.short_datetime(card.interviewed_at, tz)
        after = dates.short_datetime(invite.starts_at, tz)
        moved = replace(card, interviewed_at=invite.starts_at).with_event(
            Event(
                now,
                EventKind.EDITED,
                f"Rescheduled from {before} to {after}",
                {"fields": "interviewed_at", "was": card.interviewed_at.isoformat()},
            )
        )
        return _with_invite_event(moved, invite, now, "Updated")
    # Action.NEXT_ROUND: the invite's people are this round's interviewers.
    following = changes.new_round(card, invite.starts_at, now)
    following = replace(following, interviewers=invite.interviewers or card.interviewers)
    return _with_invite_event(following, invite, now, "Imported")
