"""The board's upcoming follow-ups as iCalendar (RFC 5545): events with alarms, or to-dos.

Each follow-up is a ``VEVENT`` with a display ``VALARM``: a deadline with a time (the
thank-you, 24 hours after the interview) is a short timed event ending at the deadline, with
the alarm a lead time before it; a "from this day" action (a check-in, the decision date) is
an all-day event, with the alarm at a time of day on it. ``todo=True`` writes ``VTODO`` items
instead, for task lists. A follow-up that is done leaves the file.

The icalendar library writes every text value (escaping and folding) and the alarm blocks; it
is imported when a calendar is written, never at start-up. Dates, numbers and UIDs are fixed
ASCII forms that need neither. Control characters that RFC 5545 forbids in TEXT values are
removed first (line-break controls such as Word's vertical tab become line breaks).

Re-exporting updates a calendar instead of duplicating it: UIDs are stable, and when the
file written to holds an earlier export (``previous``), an unchanged follow-up keeps its
``SEQUENCE``, ``DTSTAMP`` and ``LAST-MODIFIED``, and a changed one gets SEQUENCE + 1 and the
time of this export. So the bytes change only when a follow-up does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from tui import __version__, dates, rules
from tui.collector import collector_paused
from tui.model import Application, Outcome, Profile, Stage

TIMED_EVENT_LENGTH = timedelta(minutes=30)
"""How long before its deadline a timed follow-up's event starts."""
CATEGORY = "Job search"
FOLD_AT = 75
"""The octet count a content line is folded before (RFC 5545 3.1)."""


@dataclass(frozen=True)
class Alarms:
    """When a follow-up's alarm rings (the ``alarm_minutes_before``/``alarm_day_time`` settings)."""

    minutes_before: int = 60
    """Before a deadline with a time."""
    day_time: time = time(9, 0)
    """Local time of day on a follow-up that is due from a day."""


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
    plan: the thank-you, the check-in (or the next one after checking in), the decision.
    Done ones are left out: a thank-you sent to everyone, a process with its outcome, a
    decision date now past."""
    if card.stage in (Stage.OUTCOME, Stage.NETWORKED) or card.outcome is not Outcome.PENDING:
        return []
    actions: list[CalendarAction] = []
    if card.stage is Stage.CHECKED_IN:
        # After a check-in the rules know when the next one is polite (or that it is time
        # to record no response, which has no place in a calendar).
        action = rules.next_action(card, profile, now)
        if action.kind == "check_in" and action.due_at is not None:
            day = dates.local_date(action.due_at, profile.timezone)
            actions.append(CalendarAction(card, "check_in", "Check in again", day))
    else:
        # In Interviewed with everyone thanked, the rules go on as in Thanked.
        if card.stage is Stage.INTERVIEWED and rules.next_action(card, profile, now).kind == (
            "thank_you"
        ):
            due = rules.thank_you_due_at(card)
            actions.append(CalendarAction(card, "thank_you", "Send thank-you", due))
        day = rules.follow_up_date(card, profile)
        actions.append(CalendarAction(card, "check_in", "Check in", day))
    # A decision date that has passed is no follow-up any more (the check-in after it is):
    # it leaves the file like a follow-up done.
    if card.decision_by is not None and card.decision_by >= dates.local_date(now, profile.timezone):
        actions.append(CalendarAction(card, "decision", "Decision expected", card.decision_by))
    return actions


def calendar_uid(action: CalendarAction) -> str:
    """Stable across exports, so re-importing updates a calendar instead of duplicating."""
    return f"{action.card.doc_id}-{action.kind.replace('_', '-')}-{action.card.round}@followup-tui"


# --------------------------------------------------------------------------- text values

# RFC 5545 3.3.11: a TEXT value holds no control character but HTAB (a line break is the
# escaped \n). These break a line in the editors people paste from (Word's vertical tab,
# form feed, the file/group/record separators, NEL, the Unicode line and paragraph
# separators); the rest, C1 included, are dropped.
_LINE_BREAKS = re.compile("\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CHANGED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""What either pattern changes (a lone LF stays an LF): most text has none of it."""


def calendar_text(text: str) -> str:
    """Text as it may stand in an iCalendar TEXT value: line breaks as \\n, no other control."""
    if _CHANGED.search(text) is None:
        return text
    return _FORBIDDEN.sub("", _LINE_BREAKS.sub("\n", text))


def _one_line(text: str) -> str:
    return " ".join(calendar_text(text).split())


@functools.cache
def _ical() -> Any:
    """icalendar's pieces, imported on first use (about 150 ms: never at start-up)."""
    import icalendar
    from icalendar.parser import Contentline, Parameters

    return icalendar, Contentline, Parameters()


def _text_line(name: str, text: str) -> str:
    """One TEXT property, escaped by icalendar and folded, CRLF-terminated."""
    return _escaped_line(name, _escaped([text])[0])


def _escaped(texts: list[str]) -> list[str]:
    """TEXT values escaped by icalendar, in one call for them all: a value costs icalendar an
    object and its parameters, which made half of a 6,000-card calendar. Escaping changes
    characters one at a time and never a NUL, which no value holds (``calendar_text`` removes
    it), so the values are joined with NULs and split again after."""
    escaped: bytes = _ical()[0].vText("\x00".join(texts)).to_ical()
    return escaped.decode("utf-8").split("\x00")


def _escaped_line(name: str, escaped: str) -> str:
    return fold(f"{name}:{escaped}") + "\r\n"


def fold(line: str) -> str:
    """A content line folded as icalendar folds it (at 75 octets, never inside a character or
    a backslash escape), byte for byte: icalendar does it itself for a line with non-ASCII
    text, and this does it for an ASCII one, which icalendar's character-at-a-time loop makes
    most of the cost of a 6,000-card calendar (2.8 of 3 seconds)."""
    if len(line) < FOLD_AT and line.isascii():
        return line
    if not line.isascii():
        _, contentline, _ = _ical()
        return str(contentline(line).to_ical().decode("utf-8"))
    pieces: list[str] = []
    start, end = 0, len(line)
    while end - start >= FOLD_AT:
        # Each piece holds FOLD_AT - 1 octets (a continuation's leading space makes FOLD_AT),
        # one fewer when it would end inside an escape ('\\,' or a parameter's '^').
        size = FOLD_AT - 1
        if line[start + size - 1] in "\\^":
            size -= 1
        pieces.append(line[start : start + size])
        start += size
    pieces.append(line[start:])
    return "\r\n ".join(pieces)


def ics_text(text: str) -> str:
    """A TEXT value as the file holds it (escaped by icalendar, not folded)."""
    return _text_line("X", calendar_text(text))[2:-2].replace("\r\n ", "")


@functools.cache
def _alarm(all_day: bool, alarms: Alarms, title: str) -> str:
    """A display alarm: ``minutes_before`` the end of a timed event, or at ``day_time`` on an
    all-day one (relative to its start, local midnight)."""
    icalendar = _ical()[0]
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", title)
    if all_day:
        alarm.add("trigger", timedelta(hours=alarms.day_time.hour, minutes=alarms.day_time.minute))
    else:
        alarm.add(
            "trigger", timedelta(minutes=-alarms.minutes_before), parameters={"RELATED": "END"}
        )
    return str(alarm.to_ical().decode("utf-8"))


def _stamp(moment: datetime) -> str:
    """'20261124T143000Z' (isoformat is C and 3x quicker than strftime: 14,000 of them)."""
    text = moment.astimezone(UTC).isoformat(timespec="seconds")  # 2026-11-24T14:30:00+00:00
    return f"{text[:4]}{text[5:7]}{text[8:13]}{text[14:16]}{text[17:19]}Z"


def _day(day: date) -> str:
    """'20261124'."""
    text = day.isoformat()
    return f"{text[:4]}{text[5:7]}{text[8:10]}"


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
    return calendar_text("\n".join(lines))


def _summary(action: CalendarAction) -> str:
    card = action.card
    people = _people(card)
    return _one_line(
        f"{action.title}: {card.company} - {card.role}" + (f" ({people})" if people else "")
    )


# --------------------------------------------------------------------------- the file


@dataclass(frozen=True)
class _Entry:
    uid: str
    body: str
    """Every line after the time stamps: what decides whether the entry changed."""


class _Stamped(NamedTuple):
    """An entry of the previous file (a tuple: 7,000 are read at 6,000 cards)."""

    sequence: int
    stamp: str
    body: str


_PREVIOUS_HEAD = re.compile(
    r"BEGIN:(?P<kind>VEVENT|VTODO)\r\nUID:(?P<uid>[^\r\n]*)\r\nSEQUENCE:(?P<sequence>\d+)\r\n"
    r"DTSTAMP:(?P<stamp>\d{8}T\d{6}Z)\r\nLAST-MODIFIED:\d{8}T\d{6}Z\r\n"
)
"""The lines our entries start with; the body runs to the first ``END:<kind>`` after them."""


def _previous_entries(previous: str) -> dict[str, _Stamped]:
    """UID -> what an earlier export of ours wrote for it; {} for anything else.

    The body is found with ``str.find``, not with the pattern (a lazy ``.*?`` tried the end
    line at every character: 0.1 s of a 6,000-card export); a head without its end line is
    skipped, and the search goes on after it, as a whole-entry pattern's would.
    """
    if "PRODID:-//followup-tui//" not in previous[:500]:
        return {}
    entries: dict[str, _Stamped] = {}
    position = 0
    while (head := _PREVIOUS_HEAD.search(previous, position)) is not None:
        end_line = f"END:{head['kind']}\r\n"
        end = previous.find(end_line, head.end())
        if end < 0:
            position = head.start() + 1
            continue
        body = previous[head.end() : end]
        entries[head["uid"]] = _Stamped(int(head["sequence"]), head["stamp"], body)
        position = end + len(end_line)
    return entries


@dataclass(frozen=True)
class CalendarExport:
    """An iCalendar file and what it holds."""

    text: str
    entries: int
    """Follow-ups written."""
    cards: int
    """Cards they come from."""

    def summary(self) -> str:
        """'5 follow-ups from 3 cards'."""
        follow_ups = "follow-up" if self.entries == 1 else "follow-ups"
        cards = "card" if self.cards == 1 else "cards"
        return f"{self.entries} {follow_ups} from {self.cards} {cards}"


class CalendarWriter:
    """Writes calendars, remembering each card's entries while the card object is the same
    (cards are immutable), so rewriting a 6,000-card calendar after one change renders one."""

    def __init__(self, alarms: Alarms = Alarms(), *, todo: bool = False) -> None:
        self.alarms = alarms
        self.todo = todo
        self._cache: dict[int, tuple[Application, Profile, list[_Entry]]] = {}

    def export(
        self,
        cards: Iterable[Application],
        profile: Profile,
        *,
        now: datetime,
        previous: str = "",
    ) -> CalendarExport:
        """The calendar for these cards; ``previous`` is the text the file holds now."""
        earlier = _previous_entries(previous) if previous else {}
        kind = "VTODO" if self.todo else "VEVENT"
        parts = [_header()]
        seen: dict[int, tuple[Application, Profile, list[_Entry]]] = {}
        entries = with_entries = 0
        with collector_paused():  # text for every card, none of it in a cycle
            for card in cards:
                cached = self._cache.get(id(card))
                if cached is None or cached[0] is not card or cached[1] != profile:
                    cached = (card, profile, self._entries(card, profile, now))
                seen[id(card)] = cached
                if cached[2]:
                    with_entries += 1
                for entry in cached[2]:
                    entries += 1
                    parts.append(self._stamped(kind, entry, card, earlier.get(entry.uid), now))
        self._cache = seen
        parts.append("END:VCALENDAR\r\n")
        return CalendarExport("".join(parts), entries, with_entries)

    def _stamped(
        self, kind: str, entry: _Entry, card: Application, earlier: _Stamped | None, now: datetime
    ) -> str:
        if earlier is None:
            # First written: stamped with the card's last change, so that exporting the same
            # board twice gives the same file.
            sequence, stamp = 0, _stamp(card.history[-1].at if card.history else now)
        elif earlier.body == entry.body:
            sequence, stamp = earlier.sequence, earlier.stamp
        else:
            sequence, stamp = earlier.sequence + 1, _stamp(now)
        return (
            f"BEGIN:{kind}\r\nUID:{entry.uid}\r\nSEQUENCE:{sequence}\r\nDTSTAMP:{stamp}\r\n"
            f"LAST-MODIFIED:{stamp}\r\n{entry.body}END:{kind}\r\n"
        )

    def _entries(self, card: Application, profile: Profile, now: datetime) -> list[_Entry]:
        actions = calendar_actions(card, profile, now)
        if not actions:
            return []
        description, *summaries = _escaped(
            [_description(card, profile.timezone)] + [_summary(action) for action in actions]
        )
        common = _escaped_line("DESCRIPTION", description) + _categories()
        return [
            _Entry(
                calendar_uid(action),
                _escaped_line("SUMMARY", summary)
                + common
                + (self._todo(action) if self.todo else self._event(action)),
            )
            for action, summary in zip(actions, summaries, strict=True)
        ]

    def _event(self, action: CalendarAction) -> str:
        due = action.due
        if isinstance(due, datetime):
            times = f"DTSTART:{_stamp(due - TIMED_EVENT_LENGTH)}\r\nDTEND:{_stamp(due)}\r\n"
            all_day = False
        else:
            times = (
                f"DTSTART;VALUE=DATE:{_day(due)}\r\n"
                f"DTEND;VALUE=DATE:{_day(due + timedelta(days=1))}\r\n"
            )
            all_day = True
        # A reminder, not a meeting: the time shows as free.
        return times + "TRANSP:TRANSPARENT\r\n" + _alarm(all_day, self.alarms, action.title)

    @staticmethod
    def _todo(action: CalendarAction) -> str:
        due = action.due
        if isinstance(due, datetime):
            line = f"DUE:{_stamp(due)}\r\n"
        else:
            line = f"DUE;VALUE=DATE:{_day(due)}\r\n"
        return line + "STATUS:NEEDS-ACTION\r\n"


@functools.cache
def _categories() -> str:
    return _text_line("CATEGORIES", CATEGORY)


@functools.cache
def _header() -> str:
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + _text_line("PRODID", f"-//followup-tui//followup-tui {__version__}//EN")
        + "CALSCALE:GREGORIAN\r\n"
        + _text_line("X-WR-CALNAME", "Interview follow-ups")
        # How often a subscribed calendar is read again (RFC 7986, and Apple's and Google's).
        + "REFRESH-INTERVAL;VALUE=DURATION:PT30M\r\nX-PUBLISHED-TTL:PT30M\r\n"
    )


def export_calendar(
    cards: Sequence[Application],
    profile: Profile,
    *,
    now: datetime,
    alarms: Alarms = Alarms(),
    todo: bool = False,
    previous: str = "",
) -> CalendarExport:
    """The cards' upcoming follow-ups as one iCalendar file (see the module's docstring)."""
    return CalendarWriter(alarms, todo=todo).export(cards, profile, now=now, previous=previous)


def export_ics(
    cards: Sequence[Application],
    profile: Profile,
    *,
    now: datetime,
    alarms: Alarms = Alarms(),
    todo: bool = False,
) -> str:
    """The text of ``export_calendar``."""
    return export_calendar(cards, profile, now=now, alarms=alarms, todo=todo).text
