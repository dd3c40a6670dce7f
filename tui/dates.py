"""Dates and times: the clock, time zones, business days, display, and the typed-date parser.

Every arrow call in the project lives here. The rest of the code keeps timezone-aware UTC
datetimes and asks this module to read, shift and show them in the user's zone.

arrow is imported only inside the functions that need it (humanize, a last-resort local
zone): the clock, zones, business days, parsing and the board's labels use the standard
library, so opening the board never pays the ~15 ms arrow and dateutil take to import.

The parser itself lives in date_parsing.py; ``parse_datetime``, ``parse_date``,
``DateInputError`` and the example texts are re-exported here, so callers import them
from this module.

Conventions:

- ``tz`` arguments are IANA names ('Europe/Paris'); '' means the system's zone. Where the
  code loops over cards it may pass the zone itself (from ``zone()``) instead: looking the
  system's zone up reads the environment each time.
- Due dates are computed in calendar days (or business days, Monday to Friday) in the
  user's zone, so a daylight-saving change never moves them by an hour.
- A wall time that does not exist (skipped by a spring-forward change) moves forward by
  the size of the gap; an ambiguous one (repeated by a fall-back change) is the first.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Re-exported (``X as X``): callers keep importing the parser's names from tui.dates.
from tui.date_parsing import DATE_EXAMPLES as DATE_EXAMPLES
from tui.date_parsing import DATETIME_EXAMPLES as DATETIME_EXAMPLES
from tui.date_parsing import DEFAULT_TIME as DEFAULT_TIME
from tui.date_parsing import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    at_wall_time,
    read_date,
    read_datetime,
)
from tui.date_parsing import SPREADSHEET_EXAMPLES as SPREADSHEET_EXAMPLES
from tui.date_parsing import DateInputError as DateInputError

# --- the clock ---------------------------------------------------------------------------

_clock: Callable[[], datetime] | None = None


def _read_clock() -> datetime:
    moment = _clock() if _clock is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("the clock returned a naive datetime")
    return moment.astimezone(UTC)


def now() -> datetime:
    """The current moment, aware UTC, from the injectable clock."""
    return _read_clock()


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Replace the clock (None restores the system clock); it must return aware datetimes."""
    global _clock
    _clock = clock


@contextmanager
def frozen_clock(at: datetime | str) -> Iterator[datetime]:
    """Stop the clock at one moment (a datetime, or ISO text with an offset) for a test."""
    moment = datetime.fromisoformat(at) if isinstance(at, str) else at
    if moment.tzinfo is None:
        raise ValueError(f"a frozen clock needs an offset: {at!s}")
    moment = moment.astimezone(UTC)
    previous = _clock
    set_clock(lambda: moment)
    try:
        yield moment
    finally:
        set_clock(previous)


# --- time zones --------------------------------------------------------------------------


def _system_zone() -> tzinfo:
    return _system_zone_for(os.environ.get("TZ", ""))


@functools.lru_cache(maxsize=8)
def _system_zone_for(tz_variable: str) -> tzinfo:
    # Cached: the board asks for the zone once per card per redraw, and looking at
    # /etc/localtime each time costs more than all the rules together.
    # A named zone keeps the full DST history; arrow's local zone (dateutil's tzlocal,
    # which follows the C library) is the fallback when no IANA name can be found.
    candidates = [tz_variable.lstrip(":")]
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    import arrow  # rarely needed: only when no IANA name can be found

    return arrow.now().tzinfo


def zone(name: str | tzinfo = "") -> tzinfo:
    """The zone for an IANA name ('' = the system's); an unknown name raises ValueError.

    A zone given instead of a name is returned as it is.
    """
    if isinstance(name, tzinfo):
        return name
    name = name.strip()
    if not name:
        return _system_zone()
    return _named_zone(name)


@functools.lru_cache(maxsize=64)
def _named_zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    # People type 'europe/paris'; the zone database is case-sensitive on most systems.
    folded = name.casefold()
    for known in available_timezones():
        if known.casefold() == folded:
            return ZoneInfo(known)
    raise ValueError(
        f'unknown time zone "{name}": use a name like Europe/Paris, America/New_York or UTC, '
        "or leave it empty for the system's zone"
    )


def is_valid_zone(name: str) -> bool:
    """True when ``zone(name)`` would succeed."""
    try:
        zone(name)
    except ValueError:
        return False
    return True


def to_local(moment: datetime, tz: str | tzinfo = "") -> datetime:
    """The same moment in the user's zone."""
    return _aware(moment).astimezone(zone(tz))


def local_date(moment: datetime, tz: str | tzinfo = "") -> date:
    """The calendar day a moment falls on in the user's zone."""
    return to_local(moment, tz).date()


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("expected a timezone-aware datetime")
    return moment


def start_of_local_day(day: date, tz: str | tzinfo = "") -> datetime:
    """The first moment of a local calendar day, aware UTC (DST-correct)."""
    return at_wall_time(day, time(0, 0), zone(tz))


# --- business days -----------------------------------------------------------------------


def _weekdays_through(day: date) -> int:
    # Ordinal 1 (1 January of year 1) is a Monday, so every block of 7 ordinals holds
    # 5 weekdays followed by a weekend; this counts weekdays from ordinal 1 to ``day``.
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def _nth_weekday(count: int) -> date:
    # The inverse of _weekdays_through for weekdays.
    weeks, rest = divmod(count - 1, 5)
    return date.fromordinal(weeks * 7 + rest + 1)


def is_business_day(day: date) -> bool:
    """Monday to Friday."""
    return day.weekday() < 5


def add_business_days(day: date, n: int) -> date:
    """The n-th business day after ``day`` (before it when n < 0); n = 0 gives ``day``."""
    if n == 0:
        return day
    count = _weekdays_through(day) + n
    if n < 0 and not is_business_day(day):
        # The count already stops at the Friday before a weekend day.
        count += 1
    return _nth_weekday(count)


def first_business_day_after(day: date) -> date:
    """The next Monday-to-Friday day strictly after ``day``."""
    return add_business_days(day, 1)


def next_business_day_from(day: date) -> date:
    """``day`` itself when it is a business day, else the Monday after."""
    return day if is_business_day(day) else first_business_day_after(day)


def business_days_between(start: date, end: date) -> int:
    """Business days after ``start`` up to and including ``end`` (negative when end < start)."""
    return _weekdays_through(end) - _weekdays_through(start)


# --- public holidays ---------------------------------------------------------------------

# The holidays library (well kept, 150+ countries) is imported on first use: ~90 ms, paid only
# by a profile with a country, when the first check-in date is worked out.


@functools.lru_cache(maxsize=32)
def public_holidays(country: str, year: int) -> frozenset[date]:
    """The public holidays of a country (ISO code: 'GB', 'DE', 'US') in one year; none for
    '' or a code the holidays library does not know (the profile screen says so)."""
    code = country.strip().upper()
    if not code:
        return frozenset()
    import holidays  # first use only: see above

    try:
        return frozenset(holidays.country_holidays(code, years=year))
    except (NotImplementedError, KeyError, ValueError):
        return frozenset()


def is_known_country(country: str) -> bool:
    """Whether ``country`` is '' or a code the holidays library knows ('GB', 'FR')."""
    code = country.strip().upper()
    if not code:
        return True
    import holidays

    return code in holidays.list_supported_countries()


def is_working_day(day: date, country: str = "") -> bool:
    """Monday to Friday, and not a public holiday in ``country`` ('' = weekends only)."""
    return is_business_day(day) and (not country or day not in public_holidays(country, day.year))


def next_working_day_from(day: date, country: str = "") -> date:
    """``day`` itself when it is a working day, else the next one."""
    if not country:
        return next_business_day_from(day)
    while not is_working_day(day, country):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, n: int, country: str = "") -> date:
    """The n-th working day after ``day`` (n >= 0), skipping weekends and public holidays."""
    if not country:
        return add_business_days(day, n)
    for _ in range(n):
        day += timedelta(days=1)
        while not is_working_day(day, country):
            day += timedelta(days=1)
    return day


# --- display -----------------------------------------------------------------------------


def short_day(day: date) -> str:
    """'Fri 29 Nov', with the year added when it is not the current year."""
    # English names whatever the locale, as arrow's "ddd D MMM" gave; strftime follows LC_TIME.
    text = f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month][:3]}"
    return text if day.year == now().year else f"{text} {day.year}"


def short_datetime(moment: datetime, tz: str | tzinfo = "") -> str:
    """'Tue 24 Nov 14:30' in the user's zone (with the year when not the current one)."""
    local = to_local(moment, tz)
    return f"{short_day(local.date())} {local:%H:%M}"


def datetime_field_text(moment: datetime, tz: str = "") -> str:
    """'2026-11-24 14:30' in the user's zone: what a form field shows; parse_datetime reads it.

    The shortest text that reads back as the same instant: seconds are added when the time
    has them, and the offset when the wall time happens twice (the hour repeated at the end
    of daylight saving time), so saving a form never moves an interview.
    """
    moment = moment.replace(microsecond=0)  # stored times keep whole seconds
    local = to_local(moment, tz)
    candidates = (
        f"{local:%Y-%m-%d %H:%M}",
        f"{local:%Y-%m-%d %H:%M:%S}",
        f"{local:%Y-%m-%d %H:%M:%S}{local.isoformat()[19:]}",
    )
    for text in candidates:
        try:
            if parse_datetime(text, tz) == moment:
                return text
        except DateInputError:
            continue
    return candidates[-1]


def date_field_text(day: date | None) -> str:
    """'2026-11-29' (or '' for no date): what a form field shows; parse_date reads it."""
    return day.isoformat() if day else ""


def compact_delta(seconds: float) -> str:
    """A short length of time: '45m', '5h', '3d', '2w' (rounded down; under a minute '<1m')."""
    seconds = abs(seconds)
    minutes = int(seconds // 60)
    if minutes < 1:
        return "<1m"
    if minutes < 60:
        return f"{minutes}m"
    hours = minutes // 60
    if hours < 24:
        return f"{hours}h"
    days = hours // 24
    if days < 14:
        return f"{days}d"
    return f"{days // 7}w"


def humanize(moment: datetime, *, now: datetime | None = None) -> str:
    """'in 5 hours', '2 days ago': for display only, never for deciding anything."""
    import arrow  # display only; kept off the start-up path

    reference = now if now is not None else _read_clock()
    return str(arrow.get(_aware(moment)).humanize(arrow.get(_aware(reference))))


def days_phrase(day: date, today: date) -> str:
    """'today', 'tomorrow', 'in 3 days', 'yesterday', '2 days ago': calendar days apart."""
    gap = (day - today).days
    if gap == 0:
        return "today"
    if gap == 1:
        return "tomorrow"
    if gap == -1:
        return "yesterday"
    return f"in {gap} days" if gap > 0 else f"{-gap} days ago"


def parse_datetime(
    text: str,
    tz: str = "",
    *,
    now: datetime | None = None,
    past: bool = False,
    spreadsheet: bool = False,
    country: str = "",
) -> datetime:
    """Read a date and time typed by the user, as aware UTC.

    Without an offset the time is in ``tz``. A bare date means 09:00 local
    (``DEFAULT_TIME``). Weekday names mean the next such day after today, or with
    ``past=True`` (interview dates) the most recent one, today included. Raises
    DateInputError for anything not read in full.

    ``spreadsheet=True`` (the CSV import) also reads what spreadsheets write: 24/11/2026 and
    11/24/2026 (refused when both readings are dates, like 05/06/2026), 24.11.2026, and day
    numbers like 46350.604 (days since 1899-12-30, the fraction is the time).

    ``country`` (the profile's, an ISO code) also reads 18/12 and 18/12/2026 in the order
    that country writes them (``date_parsing.day_first``): day first, or month first in the US.
    """
    reference = now if now is not None else _read_clock()
    return read_datetime(
        text, zone(tz), reference, past=past, spreadsheet=spreadsheet, country=country
    )


def parse_date(
    text: str,
    tz: str = "",
    *,
    now: datetime | None = None,
    past: bool = False,
    spreadsheet: bool = False,
    country: str = "",
) -> date:
    """Read a calendar date typed by the user (no time of day allowed).

    Same forms as parse_datetime (``spreadsheet`` and ``country`` too); ``today`` and
    weekdays are taken in ``tz``. Raises DateInputError for anything not read in full, or
    when a time is given.
    """
    reference = now if now is not None else _read_clock()
    return read_date(text, zone(tz), reference, past=past, spreadsheet=spreadsheet, country=country)
