"""The board's upcoming actions as iCalendar (RFC 5545) to-dos, written by hand: the format is
small and this keeps it dependency-free."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from tui import __version__, dates, rules
from tui.model import Application, Outcome, Profile, Stage


@dataclass(frozen=True)
class CalendarAction:
    """One thing to do by a date, as it goes into a calendar."""

    card: Application
    kind: str
    """'thank_you', 'check_in' or 'decision'."""
    title: str
    due: datetime | date
    """A moment (aware) for a thank-you; a whole day for the others."""


def calendar_actions(card: Application, profile: Profile, now: datetime) -> list[CalendarAction]:
    """Every dated action still ahead for a card, not only the next one, so a calendar can
    plan: the thank-you, the check-in (or the next one after checking in), the decision."""
    if card.stage in (Stage.OUTCOME, Stage.NETWORKED) or card.outcome is not Outcome.PENDING:
        return []
    actions: list[CalendarAction] = []
    if card.stage is Stage.INTERVIEWED:
        actions.append(
            CalendarAction(card, "thank_you", "Send thank-you", rules.thank_you_due_at(card))
        )
    if card.stage is Stage.CHECKED_IN:
        # After a check-in the rules know when the next one is polite (or that it is time
        # to record no response, which has no place in a calendar).
        action = rules.next_action(card, profile, now)
        if action.kind == "check_in" and action.due_at is not None:
            day = dates.local_date(action.due_at, profile.timezone)
            actions.append(CalendarAction(card, "check_in", "Check in again", day))
    else:
        day = rules.follow_up_date(card, profile)
        actions.append(CalendarAction(card, "check_in", "Check in", day))
    if card.decision_by is not None:
        actions.append(CalendarAction(card, "decision", "Decision expected", card.decision_by))
    return actions


def calendar_uid(action: CalendarAction) -> str:
    """Stable across exports, so re-importing updates a calendar instead of duplicating."""
    return f"{action.card.doc_id}-{action.kind.replace('_', '-')}-{action.card.round}@followup-tui"


def ics_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 section 3.3.11)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets with CRLF + space, never inside a UTF-8 sequence."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            # Continuation lines start with a space, which counts towards their 75 octets.
            current, size, limit = "", 1, 75
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _ics_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _due_property(due: datetime | date) -> str:
    if isinstance(due, datetime):
        return f"DUE:{_ics_stamp(due)}"
    return f"DUE;VALUE=DATE:{due.strftime('%Y%m%d')}"


def _people(card: Application) -> str:
    return ", ".join(person.name or person.email for person in card.interviewers)


def _description(card: Application, tz: str) -> str:
    lines = [f"{card.company} - {card.role}"]
    for person in card.interviewers:
        details = ", ".join(part for part in (person.title, person.email) if part)
        lines.append(f"Interviewer: {person.name}" + (f" ({details})" if details else ""))
    lines.append(
        f"Round {card.round}, {card.format.value} interview on "
        f"{dates.short_datetime(card.interviewed_at, tz)}"
    )
    if card.decision_by:
        lines.append(f"Decision expected by {dates.short_day(card.decision_by)}")
    if card.posting_url:
        lines.append(f"Posting: {card.posting_url}")
    return "\n".join(lines)


def export_ics(cards: Iterable[Application], profile: Profile, *, now: datetime) -> str:
    """An iCalendar file with one VTODO per upcoming action (see ``calendar_actions``)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//followup-tui//followup-tui {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Interview follow-ups",
    ]
    stamp = _ics_stamp(now)
    for card in cards:
        description = _description(card, profile.timezone)
        for action in calendar_actions(card, profile, now):
            people = _people(card)
            summary = f"{action.title}: {card.company} - {card.role}" + (
                f" ({people})" if people else ""
            )
            lines += [
                "BEGIN:VTODO",
                f"UID:{calendar_uid(action)}",
                f"DTSTAMP:{stamp}",
                f"SUMMARY:{ics_text(summary)}",
                f"DESCRIPTION:{ics_text(description)}",
                _due_property(action.due),
                "STATUS:NEEDS-ACTION",
                f"CATEGORIES:{ics_text('Job search')}",
                "END:VTODO",
            ]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)
