"""Reading an .ics file: every VEVENT read with the icalendar library (loaded when a file is
read: importing it takes 0.3-0.8 s, measured with -X importtime) into an ``Invite``, with
what was guessed; the events that cannot be imported each get one line."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui import dates
from tui.exchange.invite_text import (
    NO_REPLY,
    company_and_role,
    event_notes,
    guess_format,
    is_service,
)
from tui.model import Application, Interviewer, InterviewFormat
from tui.text_safety import clean_stored, without_controls

MAX_INVITE_BYTES = 2_000_000
"""A bigger .ics is not an invite (a whole calendar export, or not a calendar at all)."""
ALL_DAY_HOUR = 9
"""An all-day event has no time: the card takes this hour of the day, marked as guessed."""


class InviteError(ValueError):
    """The file is not an invite that can be imported: one line for the user."""


@dataclass(frozen=True)
class Invite:
    """One VEVENT, read: what a card needs, with what was guessed."""

    uid: str
    sequence: int
    summary: str
    starts_at: datetime
    """Aware, UTC."""
    ends_at: datetime | None
    company: str
    role: str
    interviewers: tuple[Interviewer, ...]
    format: InterviewFormat
    notes: str
    url: str = ""
    cancelled: bool = False
    """METHOD:CANCEL, or STATUS:CANCELLED on the event."""
    all_day: bool = False
    guessed: frozenset[str] = frozenset()
    """Card fields filled in from a guess rather than read: 'company', 'role', 'format',
    'interviewed_at'. The form marks them so the user looks before saving."""

    def card(self) -> Application:
        """A new card for this interview (not yet saved, no history)."""
        return Application(
            company=self.company,
            role=self.role,
            interviewed_at=self.starts_at,
            interviewers=self.interviewers,
            format=self.format,
            notes=self.notes,
            posting_url="",
        )


def read_invites(
    data: bytes, *, my_addresses: Iterable[str] = (), tz: str = ""
) -> tuple[list[Invite], list[str]]:
    """Every importable event in an .ics file, and one line per event left out (recurring,
    no start). Raises InviteError when the file is not a calendar or holds nothing to import.

    ``my_addresses`` are the user's own addresses (never an interviewer); ``tz`` is the
    user's zone, used for times the file leaves floating and no X-WR-TIMEZONE names.
    """
    if len(data) > MAX_INVITE_BYTES:
        raise InviteError(
            f"the file is {len(data) // 1_000_000} MB; an invite is a few KB "
            "(save the single invite from your mail, not a whole calendar)"
        )
    calendar = _parse_calendar(data)
    mine = {address.strip().casefold() for address in my_addresses if address.strip()}
    method = str(calendar.get("METHOD", "")).strip().upper()
    default_zone = _zone_named(str(calendar.get("X-WR-TIMEZONE", "")).strip()) or dates.zone(tz)
    invites: list[Invite] = []
    problems: list[str] = []
    events = list(calendar.walk("VEVENT"))
    if not events:
        raise InviteError("the file holds no event (VEVENT); is it an invite?")
    for event in events:
        title = _text(event.get("SUMMARY")) or "(no title)"
        if event.get("RRULE") is not None or event.get("RDATE") is not None:
            problems.append(
                f"{title!r} is a recurring event: followup-tui imports one interview at a "
                "time (open the one occurrence in your calendar and save that)"
            )
            continue
        try:
            invites.append(_invite(event, method, mine, default_zone))
        except InviteError as error:
            problems.append(f"{title!r}: {error}")
    if not invites:
        raise InviteError("; ".join(problems))
    return invites, problems


_FOLD = re.compile(r"\r?\n[ \t]")
"""A line break that folds a long content line: removed, the line is whole again."""


def _parse_calendar(data: bytes) -> Any:
    import icalendar  # 0.3-0.8 s: only when an invite is read

    if not data.lstrip(b"\xef\xbb\xbf \r\n\t").upper().startswith(b"BEGIN:VCALENDAR"):
        raise InviteError("not an iCalendar file (it does not start with BEGIN:VCALENDAR)")
    # icalendar drops a whole line with a control character in it (an organiser whose name
    # holds an escape sequence would vanish): they go first, on the unfolded lines (RFC
    # 5545 3.1) so that a sequence folded across two lines goes whole. A byte that is not
    # UTF-8 is kept as it is, for icalendar to decode.
    text = _FOLD.sub("", data.decode("utf-8", errors="surrogateescape"))
    data = without_controls(text).encode("utf-8", errors="surrogateescape")
    try:
        return icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise InviteError(f"not a readable iCalendar file ({_one_line(str(error))})") from error


def _invite(event: Any, method: str, mine: set[str], default_zone: tzinfo) -> Invite:
    guessed: set[str] = set()
    summary = _text(event.get("SUMMARY"))
    starts, all_day = _moment(event, "DTSTART", default_zone)
    if starts is None:
        raise InviteError("the event has no start time (DTSTART)")
    if all_day:
        guessed.add("interviewed_at")
    ends = None if all_day else _moment(event, "DTEND", default_zone)[0]
    if ends is None and not all_day and event.get("DURATION") is not None:
        ends = starts + event.decoded("DURATION")
    if ends is not None and ends < starts:
        ends = None
    organiser = _person(event.get("ORGANIZER"))
    people = _interviewers(event, organiser, mine)
    location = _text(event.get("LOCATION"))
    url = _text(event.get("URL"))
    description = _text(event.get("DESCRIPTION"))
    links = " ".join(
        _text(event.get(name))
        for name in ("X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL")
        if event.get(name) is not None
    )
    interview_format = guess_format(location, f"{url} {links}", description)
    if interview_format is None:
        interview_format = InterviewFormat.VIDEO
        guessed.add("format")
    company, role, title_guesses = company_and_role(summary, organiser, people)
    guessed |= title_guesses
    status = _text(event.get("STATUS")).upper()
    sequence = event.get("SEQUENCE")
    return Invite(
        uid=_text(event.get("UID")) or f"{summary}@{starts.isoformat()}",
        sequence=int(sequence) if sequence is not None and str(sequence).isdigit() else 0,
        summary=summary,
        starts_at=starts,
        ends_at=ends,
        company=company,
        role=role,
        interviewers=people,
        format=interview_format,
        notes=event_notes(description, location, url or links.strip()),
        url=url or links.strip(),
        cancelled=method == "CANCEL" or status == "CANCELLED",
        all_day=all_day,
        guessed=frozenset(guessed),
    )


def _text(value: Any) -> str:
    """A property's text, cleaned as every text entering the app is (tui.text_safety): no
    escape sequence, control or bidi override from the file reaches a card."""
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice
        value = value[0]
    return clean_stored(str(value)).strip()


def _one_line(text: str) -> str:
    return " ".join(text.split())[:160]


def _zone_named(name: str) -> tzinfo | None:
    """An IANA zone, or the IANA zone for a Windows name ('Pacific Standard Time', as
    Outlook writes it: icalendar ships the CLDR table); None when unknown."""
    if not name:
        return None
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    name = name.strip().strip('"')
    iana = WINDOWS_TO_OLSON.get(name, name)
    try:
        return ZoneInfo(iana)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _moment(event: Any, name: str, default_zone: tzinfo) -> tuple[datetime | None, bool]:
    """A DTSTART/DTEND as aware UTC, and whether it is a whole day (an all-day event)."""
    prop = event.get(name)
    if prop is None:
        return None, False
    value = prop.dt
    if isinstance(value, date) and not isinstance(value, datetime):
        local = datetime.combine(value, time(ALL_DAY_HOUR), tzinfo=default_zone)
        return local.astimezone(UTC), True
    tzid = prop.params.get("TZID")
    zone = _zone_named(str(tzid)) if tzid else None
    if zone is not None:
        # The wall time in the named zone: a Windows name maps to its IANA zone, whose
        # rules are right where Outlook's VTIMEZONE block may be a stale copy.
        value = value.replace(tzinfo=zone)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=default_zone)  # floating: X-WR-TIMEZONE, else the user's
    return value.astimezone(UTC).replace(microsecond=0), False


_ADDRESS = re.compile(r"^(?:mailto:)?(?P<address>[^\s@:]+@[^\s@]+)$", re.IGNORECASE)


def _person(prop: Any) -> Interviewer | None:
    if prop is None:
        return None
    match = _ADDRESS.match(_text(prop))
    email = match["address"] if match else ""
    name = _text(prop.params.get("CN", "")).strip('"').strip()
    if name.casefold() == email.casefold():
        name = ""
    if not name and not email:
        return None
    return Interviewer(name=name, email=email)


def _interviewers(
    event: Any, organiser: Interviewer | None, mine: set[str]
) -> tuple[Interviewer, ...]:
    """The organiser and each attendee, less the user, rooms and resources, declined people,
    scheduling robots (no-reply@), and repeats."""
    people: list[Interviewer] = []
    seen: set[str] = set()

    def add(person: Interviewer | None) -> None:
        if person is None:
            return
        key = (person.email or person.name).casefold()
        if key in seen or person.email.casefold() in mine:
            return
        if NO_REPLY.match(person.email.casefold()) or is_service(person.email):
            return
        seen.add(key)
        people.append(person)

    add(organiser)
    attendees = event.get("ATTENDEE") or []
    if not isinstance(attendees, list):
        attendees = [attendees]
    for attendee in attendees:
        cutype = str(attendee.params.get("CUTYPE", "INDIVIDUAL")).upper()
        status = str(attendee.params.get("PARTSTAT", "")).upper()
        if cutype in ("ROOM", "RESOURCE") or status == "DECLINED":
            continue
        add(_person(attendee))
    return tuple(people)
