"""The typed-date parser: what people type into a date field, read against a moment and a zone.

Split out of dates.py, which keeps the clock and zones and re-exports ``parse_datetime``,
``parse_date``, ``DateInputError`` and the example texts, so callers import them from there.
This module is pure: it is handed the zone and the reference moment, and imports nothing
from tui, so dates.py depends on it and never the other way round.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import TypedDict, Unpack

DEFAULT_TIME = time(9, 0)
"""The time given to a bare date in a date-and-time field: interviews rarely start at midnight."""

DATETIME_EXAMPLES = (
    "2026-11-24 14:30, today 9am, yesterday 16:00, tomorrow 2:30pm, fri 10am, 24 nov 14:30, "
    "now, +3d, -2d, in 5 hours, 3 days ago"
)
"""Accepted forms for a date and time, shown in error messages and form hints."""

DATE_EXAMPLES = "2026-11-24, today, tomorrow, fri, next mon, 29 nov, +3d, in 2 weeks, 2 days ago"
"""Accepted forms for a date alone."""

SPREADSHEET_EXAMPLES = "24/11/2026, 11/24/2026, 24.11.2026, 46350 (a spreadsheet day number)"
"""The forms read only with ``spreadsheet=True``, added to the others in its error messages."""

MONTH_FIRST_COUNTRIES = frozenset(
    {"US", "PR", "GU", "VI", "AS", "MP", "UM", "PH", "FM", "MH", "PW"}
)
"""Countries that write 12/18 for 18 December (the US and its territories, and the countries
that took its habit). Everywhere else writes the day first, 18/12; Canada writes both."""
_EITHER_ORDER = frozenset({"CA"})


def day_first(country: str) -> bool | None:
    """Whether people in ``country`` (an ISO code) write the day before the month, as in
    18/12; None when nobody can tell: no country, or one that writes both."""
    code = country.strip().upper()
    if not code or code in _EITHER_ORDER:
        return None
    return code not in MONTH_FIRST_COUNTRIES


class DateInputError(ValueError):
    """Text that could not be read as a date; str() says why and shows accepted forms."""

    def __init__(self, text: str, problem: str, examples: str = DATETIME_EXAMPLES) -> None:
        self.text = text
        """What the user typed."""
        self.problem = problem
        """The reason alone, without the examples."""
        self.examples = examples
        super().__init__(f"{problem}. Accepted forms include: {examples}.")


_WEEKDAYS = {
    "mon": 0, "monday": 0,
    "tue": 1, "tues": 1, "tuesday": 1,
    "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3,
    "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5,
    "sun": 6, "sunday": 6,
}  # fmt: skip

# English names, whatever the process locale (calendar.month_name follows LC_TIME).
MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

_MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (MONTH_NAMES[number], MONTH_NAMES[number][:3])
} | {"sept": 9}

_DAY_WORDS = {"today": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}

_UNITS = {
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("d", "day", "days"), "days"),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks"), "weeks"),
}

_LIMITS = {"minutes": 60 * 24 * 3660, "hours": 24 * 3660, "days": 3660, "weeks": 523}

_FIRST_YEAR, _LAST_YEAR = 1900, 2199

# Spreadsheets count days from 30 December 1899 (Excel's, and LibreOffice's default). Only
# numbers landing in these years are taken as dates: anything else is more likely a typo.
_SERIAL_EPOCH = date(1899, 12, 30)
_FIRST_SERIAL_YEAR, _LAST_SERIAL_YEAR = 1990, 2100

_WEEKDAY_WORDS = "|".join(sorted(_WEEKDAYS, key=len, reverse=True))
_MONTH_WORDS = "|".join(sorted(_MONTHS, key=len, reverse=True))
_REST = r"(?:\s+(?:at\s+)?(?P<time>.+))?"

# Pattern texts, compiled on first use (_fullmatch): compiling them all at import took
# ~1.5 ms of every start, and most runs open the board without parsing a date.
_RELATIVE = (
    r"(?P<sign>[+-])\s*(?P<n1>\d+)\s*(?P<u1>[a-z]+)"
    r"|in\s+(?P<n2>\d+|an?)\s*(?P<u2>[a-z]+)"
    r"|(?P<n3>\d+|an?)\s*(?P<u3>[a-z]+)\s+ago"
)
_DAY_WORD = rf"(?P<word>{'|'.join(_DAY_WORDS)}){_REST}"
_WEEKDAY = rf"(?:(?P<which>next|last)\s+)?(?P<weekday>{_WEEKDAY_WORDS}){_REST}"
_ISO = (
    r"(?P<year>\d{4})(?P<sep>[-/])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?:(?:t|\s+(?:at\s+)?)(?P<time>.+))?"
)
# Spreadsheet forms (spreadsheet=True only): 24/11/2026, 11/24/2026, 24-11-2026, 24.11.2026
# with an optional time, and day numbers like 46350 or 46350.604 (a fraction is the time).
_NUMERIC_DATE = (
    r"(?P<date>(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2}))"
    r"(?:,?\s+(?:at\s+)?(?P<time>.+))?"
)
_SERIAL = r"(?P<days>\d{5})(?:[.,](?P<fraction>\d+))?"
# Typed with a country known (its order, day_first): 18/12, 18/12/2026, 18.12 with a time.
_TYPED_NUMERIC = (
    r"(?P<date>(?P<first>\d{1,2})(?P<sep>[/.])(?P<second>\d{1,2})(?:(?P=sep)(?P<year>\d{4}))?)"
    r"(?:,?\s+(?:at\s+)?(?P<time>.+))?"
)
_DAY_MONTH = (
    rf"(?:(?P<weekday>{_WEEKDAY_WORDS}),?\s+)?"
    rf"(?:(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_WORDS})\.?"
    rf"|(?P<month2>{_MONTH_WORDS})\.?\s+(?P<day2>\d{{1,2}}))"
    rf"(?:,?\s+(?P<year>\d{{4}}))?{_REST}"
)
_CLOCK = (
    r"(?P<hour>\d{1,2})(?:(?::|h)(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,6}))?)?)?"
    r"\s*(?P<meridiem>am|pm|a\.m\.|p\.m\.|h)?"
    r"(?:\s*(?P<offset>z|utc|[+-]\d{2}(?::?\d{2})?))?"
)


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _fullmatch(pattern: str, text: str) -> re.Match[str] | None:
    return _compiled(pattern).fullmatch(text)


@dataclass(frozen=True)
class _Reading:
    """What the text said: either an exact moment, or a local day with an optional time."""

    day: date
    clock: time | None = None
    exact: datetime | None = None
    offset: tzinfo | None = None
    """A UTC offset written in the text, which overrides the user's zone for its time."""
    in_hours: bool = False
    """Given relative to now in hours or minutes: a moment, not a day."""


class _Reader:
    """Reads one piece of text against a reference moment and zone."""

    def __init__(
        self,
        text: str,
        where: tzinfo,
        reference: datetime,
        examples: str,
        *,
        past: bool = False,
        spreadsheet: bool = False,
        country: str = "",
    ):
        self.original = text
        self.text = " ".join(text.strip().lower().split())
        self.where = where
        if reference.tzinfo is None:
            raise ValueError("expected a timezone-aware datetime")
        self.reference = reference.astimezone(where)
        self.today = self.reference.date()
        self.past = past
        self.spreadsheet = spreadsheet
        self.examples = f"{examples}, {SPREADSHEET_EXAMPLES}" if spreadsheet else examples
        self.country = country.strip().upper()
        self.day_first = day_first(country)
        if self.day_first is not None:
            self.examples += ", 18/12" if self.day_first else ", 12/18"

    def fail(self, problem: str) -> DateInputError:
        return DateInputError(self.original, problem, self.examples)

    def read(self) -> _Reading:
        text = self.text
        if not text:
            raise self.fail("no date was given")
        if text in ("now", "right now"):
            return _Reading(day=self.today, exact=self.reference)
        if text in ("noon", "midnight"):
            return self._with_time(self.today, text)
        forms: list[tuple[str, Callable[[re.Match[str]], _Reading]]] = [
            (_RELATIVE, self._relative),
            (_DAY_WORD, self._day_word),
            (_ISO, self._iso),
            # Before plain weekdays, so 'fri 29 nov' is a date and not Friday at '29 nov'.
            (_DAY_MONTH, self._day_month),
            (_WEEKDAY, self._weekday),
            (_CLOCK, self._time_today),
        ]
        if self.day_first is not None:
            forms.append((_TYPED_NUMERIC, self._typed_numeric))
        if self.spreadsheet:
            forms += [(_NUMERIC_DATE, self._numeric_date), (_SERIAL, self._serial)]
        for pattern, handler in forms:
            match = _fullmatch(pattern, text)
            if match:
                return handler(match)
        raise self.fail(f'could not read "{self.original.strip()}" as a date')

    # -- forms --

    def _relative(self, match: re.Match[str]) -> _Reading:
        sign = match["sign"]
        if sign is not None:
            amount_text, unit_text = match["n1"], match["u1"]
        elif match["n2"] is not None:
            sign, amount_text, unit_text = "+", match["n2"], match["u2"]
        else:
            sign, amount_text, unit_text = "-", match["n3"], match["u3"]
        amount = 1 if amount_text in ("a", "an") else int(amount_text)
        unit = _UNITS.get(unit_text)
        if unit is None:
            if unit_text == "m":
                raise self.fail('"m" could mean minutes or months: write minutes as "min" (+30min)')
            if unit_text in ("mo", "mon", "month", "months"):
                raise self.fail("months vary in length: count in weeks instead (in 4 weeks)")
            raise self.fail(
                f'"{unit_text}" is not a unit of time: use min, h (hours), d (days) or w (weeks)'
            )
        if amount > _LIMITS[unit]:
            raise self.fail(f"{amount} {unit} is too far away (at most about ten years)")
        signed = amount if sign == "+" else -amount
        if unit in ("minutes", "hours"):
            moment = self.reference + timedelta(**{unit: signed})
            return _Reading(day=moment.date(), exact=moment, in_hours=True)
        # Days and weeks are calendar days in the user's zone: the wall time stays put
        # across a DST change, and a skipped one moves forward by the gap.
        days = signed * 7 if unit == "weeks" else signed
        shifted = _shift_days(self.reference, days)
        return _Reading(day=shifted.date(), exact=shifted)

    def _day_word(self, match: re.Match[str]) -> _Reading:
        day = self.today + timedelta(days=_DAY_WORDS[match["word"]])
        return self._with_time(day, match["time"])

    def _weekday(self, match: re.Match[str]) -> _Reading:
        target = _WEEKDAYS[match["weekday"]]
        which = match["which"]
        ahead = (target - self.today.weekday()) % 7
        if which == "last" or (which is None and self.past):
            behind = (self.today.weekday() - target) % 7
            if which == "last" and behind == 0:
                behind = 7
            day = self.today - timedelta(days=behind)
        else:
            # The next such day after today: "fri" said on a Friday means next week.
            day = self.today + timedelta(days=ahead or 7)
        return self._with_time(day, match["time"])

    def _time_today(self, match: re.Match[str]) -> _Reading:
        return self._with_time(self.today, match[0])

    def _iso(self, match: re.Match[str]) -> _Reading:
        day = self._checked_date(int(match["year"]), int(match["month"]), int(match["day"]))
        return self._with_time(day, match["time"], allow_offset=True)

    def _day_month(self, match: re.Match[str]) -> _Reading:
        day_number = int(match["day"] or match["day2"])
        month = _MONTHS[match["month"] or match["month2"]]
        weekday = _WEEKDAYS[match["weekday"]] if match["weekday"] else None
        if match["year"]:
            day = self._checked_date(int(match["year"]), month, day_number)
            if weekday is not None and day.weekday() != weekday:
                raise self.fail(
                    f"{_day_name(day)} is a {WEEKDAY_NAMES[day.weekday()]}, "
                    f"not a {WEEKDAY_NAMES[weekday]}"
                )
        else:
            day = self._nearest_year(month, day_number, weekday)
        return self._with_time(day, match["time"])

    def _numeric_date(self, match: re.Match[str]) -> _Reading:
        first, second, separator = int(match["first"]), int(match["second"]), match["sep"]
        if len(match["year"]) == 2:
            raise self.fail(
                f'"{match["date"]}" has a two-digit year: write it in full, like '
                f"{match['first']}{separator}{match['second']}{separator}20{match['year']}"
            )
        year = int(match["year"])
        if separator == ".":
            # Dots are the European day.month.year; nobody writes month.day.year.
            day_number, month = first, second
        elif first > 12 and second > 12:
            raise self.fail(f'"{match["date"]}" has no month in it: months go from 1 to 12')
        elif first > 12 or first == second:
            day_number, month = first, second
        elif second > 12:
            month, day_number = first, second
        else:
            # 05/06/2026 is 5 June in Europe and 6 May in the US: guessing would move the
            # interview by a month without a word.
            day_first = self._checked_date(year, second, first)
            month_first = self._checked_date(year, first, second)
            raise self.fail(
                f'"{match["date"]}" could be {_day_name(day_first)} (day/month) or '
                f"{_day_name(month_first)} (month/day): write it as {day_first.isoformat()} "
                f"or {month_first.isoformat()}"
            )
        day = self._checked_date(year, month, day_number)
        return self._with_time(day, match["time"])

    def _typed_numeric(self, match: re.Match[str]) -> _Reading:
        first, second = int(match["first"]), int(match["second"])
        # Dots are the European day.month; nobody writes month.day.
        day_first_here = self.day_first or match["sep"] == "."
        day_number, month = (first, second) if day_first_here else (second, first)
        if not 1 <= month <= 12:
            order = "day/month" if day_first_here else "month/day"
            raise self.fail(
                f'"{match["date"]}" has no month {month}: with country {self.country}, dates '
                f"are read {order}"
            )
        if match["year"]:
            day = self._checked_date(int(match["year"]), month, day_number)
        else:
            day = self._nearest_year(month, day_number, None)
        return self._with_time(day, match["time"])

    def _serial(self, match: re.Match[str]) -> _Reading:
        day = _SERIAL_EPOCH + timedelta(days=int(match["days"]))
        if not _FIRST_SERIAL_YEAR <= day.year <= _LAST_SERIAL_YEAR:
            raise self.fail(
                f"{match['days']} as a spreadsheet day number is {_day_name(day)}, which looks "
                f"mistyped (day numbers are read from {_FIRST_SERIAL_YEAR} to {_LAST_SERIAL_YEAR})"
            )
        # The fraction is the time of day, rounded to the second (it is stored as a binary
        # float: 14:30 comes out as 0.6041666...). A zero fraction is a date alone.
        seconds = round(float(f"0.{match['fraction'] or 0}") * 86400)
        if not seconds:
            return _Reading(day=day)
        extra_days, seconds = divmod(seconds, 86400)
        clock = time(seconds // 3600, seconds // 60 % 60, seconds % 60)
        return _Reading(day=day + timedelta(days=extra_days), clock=clock)

    # -- pieces --

    def _nearest_year(self, month: int, day_number: int, weekday: int | None) -> date:
        # Without a year, the occurrence closest to today: last month's interview and next
        # week's decision date both read as people mean them, and 'Fri 29 Nov' as shown
        # by short_day reads back to the same day.
        if not 1 <= day_number <= _month_length(month):
            raise self.fail(
                f"{MONTH_NAMES[month]} has {_month_length(month)} days, not {day_number}"
            )
        candidates = [
            date(year, month, day_number)
            for year in (self.today.year - 1, self.today.year, self.today.year + 1)
            if day_number <= calendar.monthrange(year, month)[1]
        ]
        if not candidates:
            raise self.fail("29 February only exists in leap years: add the year, like 29 feb 2028")
        matching = [day for day in candidates if weekday is None or day.weekday() == weekday]
        if not matching:
            assert weekday is not None
            nearest = min(candidates, key=lambda day: abs((day - self.today).days))
            raise self.fail(
                f"{_day_name(nearest)} is a {WEEKDAY_NAMES[nearest.weekday()]}, "
                f"not a {WEEKDAY_NAMES[weekday]}"
            )
        return min(matching, key=lambda day: abs((day - self.today).days))

    def _checked_date(self, year: int, month: int, day: int) -> date:
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise self.fail(f"the year {year:04d} looks mistyped")
        if not 1 <= month <= 12:
            raise self.fail(f"there is no month {month}: months go from 1 to 12")
        if day < 1:
            raise self.fail("there is no day 0: days of the month start at 1")
        length = calendar.monthrange(year, month)[1]
        if day > length:
            # February depends on the year; other months always have the same length.
            month_name = MONTH_NAMES[month] + (f" {year}" if month == 2 else "")
            raise self.fail(
                f"{day} {MONTH_NAMES[month]} {year} is not a real date: "
                f"{month_name} has {length} days"
            )
        return date(year, month, day)

    def _with_time(self, day: date, clock_text: str | None, allow_offset: bool = False) -> _Reading:
        if clock_text is None:
            return _Reading(day=day)
        clock, offset = self._clock(clock_text, allow_offset)
        return _Reading(day=day, clock=clock, offset=offset)

    def _clock(self, text: str, allow_offset: bool) -> tuple[time, tzinfo | None]:
        text = text.strip()
        if text == "noon":
            return time(12, 0), None
        if text == "midnight":
            return time(0, 0), None
        match = _fullmatch(_CLOCK, text)
        if not match or (match["minute"] is None and match["meridiem"] is None):
            raise self.fail(
                f'could not read "{text}" as a time of day: write it like 14:30, 9am or 2:30pm'
            )
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        second = int(match["second"] or 0)
        fraction = int((match["fraction"] or "0").ljust(6, "0"))
        meridiem = (match["meridiem"] or "").replace(".", "")
        if meridiem in ("am", "pm"):
            if not 1 <= hour <= 12:
                raise self.fail(f'"{text}" is not a time of day: with am/pm, hours go from 1 to 12')
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
        elif hour > 23:
            raise self.fail(f'"{text}" is not a time of day: hours go from 0 to 23')
        if minute > 59:
            raise self.fail(f'"{text}" is not a time of day: minutes go from 00 to 59')
        if second > 59:
            raise self.fail(f'"{text}" is not a time of day: seconds go from 00 to 59')
        offset = self._offset(match["offset"], text) if match["offset"] else None
        if offset is not None and not allow_offset:
            raise self.fail("a UTC offset is only accepted after a full date, like 2026-11-24")
        return time(hour, minute, second, fraction), offset

    def _offset(self, text: str, whole: str) -> tzinfo:
        if text in ("z", "utc"):
            return UTC
        digits = text[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:] or 0)
        if hours > 23 or minutes > 59:
            raise self.fail(f'"{whole}" has an impossible UTC offset')
        span = timedelta(hours=hours, minutes=minutes)
        return timezone(span if text[0] == "+" else -span)


def _month_length(month: int) -> int:
    return 29 if month == 2 else calendar.monthrange(2001, month)[1]


def _day_name(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def at_wall_time(day: date, clock: time, where: tzinfo) -> datetime:
    """A wall-clock time on a local day, as aware UTC.

    With fold=0 (PEP 495) a time repeated by a fall-back change is its first occurrence,
    and a time skipped by a spring-forward change is read with the offset from before
    the change, which lands it later by the size of the gap (02:30 -> 03:30).
    """
    if clock.fold:
        clock = clock.replace(fold=0)
    return datetime.combine(day, clock, where).astimezone(UTC)


def _shift_days(moment: datetime, days: int) -> datetime:
    """The same wall time ``days`` calendar days later in the moment's own zone.

    The fold of ``moment`` is kept, so a repeated hour stays on the same side of the change;
    a wall time that does not exist on the target day moves forward by the gap.
    """
    where = moment.tzinfo
    assert where is not None
    shifted = (moment.replace(tzinfo=None) + timedelta(days=days)).replace(tzinfo=where)
    round_trip = shifted.astimezone(UTC).astimezone(where)
    if round_trip.replace(tzinfo=None) != shifted.replace(tzinfo=None):
        return at_wall_time(shifted.date(), shifted.time(), where).astimezone(where)
    return shifted


class ReadOptions(TypedDict, total=False):
    """How to read: ``past`` (weekdays mean the last one), ``spreadsheet`` (also what
    spreadsheets write) and ``country`` (its order for 18/12); see ``dates.parse_datetime``."""

    past: bool
    spreadsheet: bool
    country: str


def read_datetime(
    text: str, where: tzinfo, reference: datetime, **options: Unpack[ReadOptions]
) -> datetime:
    """``text`` as an aware UTC moment; see ``dates.parse_datetime``."""
    reading = _Reader(text, where, reference, DATETIME_EXAMPLES, **options).read()
    if reading.exact is not None:
        return reading.exact.astimezone(UTC)
    clock = reading.clock if reading.clock is not None else DEFAULT_TIME
    return at_wall_time(reading.day, clock, reading.offset or where)


def read_date(
    text: str, where: tzinfo, reference: datetime, **options: Unpack[ReadOptions]
) -> date:
    """``text`` as a calendar date without a time; see ``dates.parse_date``."""
    reader = _Reader(text, where, reference, DATE_EXAMPLES, **options)
    reading = reader.read()
    if reading.in_hours:
        raise reader.fail("a date is expected here, so count in days or weeks (e.g. +3d)")
    if reading.clock is not None:
        raise reader.fail(f'a date without a time of day is expected here, not "{text.strip()}"')
    return reading.day
