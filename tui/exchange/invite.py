"""Interview invites (.ics files) read into cards. No Textual, no TinyDB.

``read_invites`` reads every VEVENT of a calendar file with the icalendar library (loaded
when a file is read: importing it takes 0.3-0.8 s, measured with -X importtime).
``plan_invites`` then decides, for each event, what it means for the board: a new card, a
reschedule or a cancellation of a card imported before (matched by the event's UID), or a
next round of a process already on it (same company and role). ``apply_invite`` makes the
change. Nothing here writes a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, tzinfo
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tui import changes, dates, rules
from tui.model import Application, Event, EventKind, Interviewer, InterviewFormat
from tui.text_safety import clean_stored, without_controls

MAX_INVITE_BYTES = 2_000_000
"""A bigger .ics is not an invite (a whole calendar export, or not a calendar at all)."""
MAX_NOTES = 2000
"""Characters of an event's description kept as the card's notes."""
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


# --- reading -----------------------------------------------------------------------------


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
        notes=_notes(description, location, url or links.strip()),
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
_NO_REPLY = re.compile(r"^(?:no-?reply|noreply|donotreply|do-not-reply|notifications?|calendar)@")


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
        if _NO_REPLY.match(person.email.casefold()) or _is_service(person.email):
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


# --- what the event says -----------------------------------------------------------------

_VIDEO = re.compile(
    r"zoom\.us/|zoomgov\.com/|meet\.google\.com/|teams\.microsoft\.com/|teams\.live\.com/"
    r"|webex\.com/|whereby\.com/|bluejeans\.com/|chime\.aws/|gotomeet|"
    r"\b(?:zoom|google meet|microsoft teams|teams meeting|webex|video call)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:tel:|\+)?\(?\d[\d\s().-]{6,}\d")
_PHONE_WORDS = re.compile(
    r"\b(?:phone (?:call|screen|interview)|will call you|call you at)\b", re.I
)
_STREET = re.compile(
    r"\b\d+[a-z]?\s+(?:[A-Z][\w'.-]*\s+){1,4}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Way|Lane|Ln|Dr|Drive|Pl|Place|Sq|Square"
    r"|Ct|Court|Pkwy|Parkway|Hwy|Strasse|Straße)\b\.?"
    r"|\b\w+(?:straße|strasse|str\.|weg|platz|gasse|allee|laan|gracht|vej|gatan|katu)\s+\d+"
    r"|\b(?:rue|avenue|via|calle|plaza|piazza)\s+\w+"
    r"|\b(?:Floor|Suite|Building)\s+\w+"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"  # a UK postcode
    r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",  # a US state and ZIP
)


def guess_format(location: str, links: str, description: str) -> InterviewFormat | None:
    """Video for a Zoom, Meet, Teams or Webex link; on-site for a street address; phone for
    a phone number. The location says it first, then the links, then the description; None
    when nothing does."""
    for text in (location, links):
        if _VIDEO.search(text):
            return InterviewFormat.VIDEO
        if _STREET.search(text):
            return InterviewFormat.ONSITE
        if _PHONE.fullmatch(text.strip()) or text.strip().lower().startswith("tel:"):
            return InterviewFormat.PHONE
    if _VIDEO.search(description):
        return InterviewFormat.VIDEO
    if _PHONE_WORDS.search(description) or _PHONE_WORDS.search(location):
        return InterviewFormat.PHONE
    if _STREET.search(description):
        return InterviewFormat.ONSITE
    return None


_GOOGLE_RULE = re.compile(r"^-::~[:~]+::-$")
_NOISE = re.compile(
    r"^(?:Invitation from Google Calendar.*|You are receiving this .*|Forwarding this invitation"
    r".*|Learn more about Meet at:.*|Learn more.*|Please do not edit this section\..*|_{10,}"
    r"|Reply for .*|View all guest info.*)$",
    re.IGNORECASE,
)


def _notes(description: str, location: str, link: str) -> str:
    """The description, without the calendar's boilerplate, with the place or link when the
    description leaves it out."""
    lines: list[str] = []
    for raw in description.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if _GOOGLE_RULE.match(line) or _NOISE.match(line):
            continue
        if not line and (not lines or not lines[-1]):
            continue
        lines.append(line)
    text = "\n".join(lines).strip()
    extras = []
    if location and location not in text:
        extras.append(f"Where: {location}")
    if link and link not in text and link not in location:
        extras.append(f"Link: {link}")
    text = "\n".join([*extras, text] if text else extras)
    return text if len(text) <= MAX_NOTES else text[: MAX_NOTES - 1] + "…"


_PUBLIC_MAIL = frozenset(
    (
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "fastmail.com",
        "hey.com",
    )
)
_SERVICES = frozenset(
    (
        "greenhouse.io",
        "greenhouse-mail.io",
        "lever.co",
        "hire.lever.co",
        "calendly.com",
        "zoom.us",
        "google.com",
        "calendar.google.com",
        "goodtime.io",
        "ashbyhq.com",
        "workday.com",
        "myworkday.com",
        "smartrecruiters.com",
        "icims.com",
        "microsoft.com",
        "outlook.office365.com",
        "teams.microsoft.com",
        "gem.com",
    )
)
_SECOND_LEVEL = frozenset({"co", "com", "ac", "org", "net", "gov", "edu"})


def _is_service(email: str) -> bool:
    domain = email.rpartition("@")[2].casefold()
    return any(domain == service or domain.endswith(f".{service}") for service in _SERVICES)


def company_from_address(email: str) -> str:
    """'Acme' for 'priya@acme.example' or 'sam@mail.acme.co.uk'; '' for a personal mailbox
    (gmail.com, ...) or a scheduling service's."""
    domain = email.rpartition("@")[2].casefold().strip(".")
    if not domain or domain in _PUBLIC_MAIL or _is_service(email):
        return ""
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]
    name = labels[-2] if len(labels) >= 2 else labels[0]
    return name.replace("-", " ").title() if name.islower() else name


_INTERVIEW_WORDS = re.compile(
    r"\b(?:interview(?:ing)?|invitation|invite|phone screen(?:ing)?|screening call|screen"
    r"|on-?site|final round|(?:first|second|third|1st|2nd|3rd|next) round|round \d+"
    r"|technical|hiring manager|chat|call|meeting|conversation|panel|video)\b",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"\b(?:analyst|engineer|developer|manager|designer|scientist|lead|director|specialist"
    r"|consultant|coordinator|intern|associate|architect|administrator|officer|representative"
    r"|researcher|writer|editor|accountant|assistant|head|vp|president|product|sales"
    r"|marketing|recruiter|programmer|technician|advisor|strategist|owner|executive)\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s+[|\u2013\u2014-]\s+|\s*:\s+|\s+at\s+|\s+@\s+|\s*\|\s*")


def company_and_role(
    summary: str, organiser: Interviewer | None, people: Sequence[Interviewer]
) -> tuple[str, str, set[str]]:
    """Company and role from an event title, with which of the two were guessed.

    Reads 'Interview: Data Analyst - Acme' (any dash), 'Acme | Data Analyst interview',
    'Data Analyst Interview with Priya Shah', 'Backend Engineer at Umbrella'; the company
    falls back to the organiser's (or an interviewer's) email domain.
    """
    guessed: set[str] = set()
    everyone = ([organiser] if organiser else []) + list(people)
    addresses = [p.email for p in everyone if p.email and not _NO_REPLY.match(p.email.casefold())]
    from_domain = next((c for c in map(company_from_address, addresses) if c), "")
    title = re.sub(r"\s+(?:with|between)\s+.*$", "", summary.strip(), flags=re.IGNORECASE)
    title = re.sub(r"^\s*(?:re|fwd?|updated invitation|invitation|canceled|cancelled)\s*:\s*",
                   "", title, flags=re.IGNORECASE)  # fmt: skip
    starts_with_word = bool(re.match(r"^\s*\w+(?:\s+\w+)?\s*:", title)) and bool(
        _INTERVIEW_WORDS.match(title.strip())
    )
    parts = [part.strip(" -\u2013\u2014|:,()") for part in _SEPARATORS.split(title)]
    kept: list[tuple[str, bool]] = []
    for part in parts:
        bare = " ".join(_INTERVIEW_WORDS.sub(" ", part).split()).strip(" -\u2013\u2014|:,()")
        if bare:
            kept.append((bare, bare != part))
    company = role = ""
    if from_domain:
        for index, (part, _) in enumerate(kept):
            if _loose(part).startswith(_loose(from_domain)) or _loose(from_domain).startswith(
                _loose(part)
            ):
                company = part
                del kept[index]
                break
    if company:
        role = kept[0][0] if kept else ""
    elif len(kept) == 1:
        role = kept[0][0]
    elif len(kept) >= 2:
        first, second = kept[0], kept[1]
        if " at " in f" {title.lower()} " or starts_with_word:
            role, company = first[0], second[0]
        elif second[1] and not first[1]:  # 'Acme | Data Analyst interview'
            company, role = first[0], second[0]
        elif _ROLE_WORDS.search(first[0]) and not _ROLE_WORDS.search(second[0]):
            role, company = first[0], second[0]
        elif _ROLE_WORDS.search(second[0]) and not _ROLE_WORDS.search(first[0]):
            company, role = first[0], second[0]
        else:
            role, company = first[0], second[0]
            guessed |= {"company", "role"}
    if not company:
        company = from_domain
        guessed.add("company")
    if not role:
        role = "Interview"
        guessed.add("role")
    return company, role, guessed


def _loose(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


# --- what it means for the board ---------------------------------------------------------


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
    key = (_loose(invite.company), _loose(invite.role))
    for card in cards:
        if (_loose(card.company), _loose(card.role)) == key:
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
