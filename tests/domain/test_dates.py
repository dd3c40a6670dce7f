"""dates.py: the clock, zones, parsing what people type, business days and display."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tui import dates
from tui.dates import DateInputError, parse_date, parse_datetime

PARIS = "Europe/Paris"
NEW_YORK = "America/New_York"
# Wednesday 25 November 2026, 19:00 in Paris.
REFERENCE = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def paris(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    """An aware Paris wall time, converted to UTC like the domain keeps it."""
    return datetime(year, month, day, hour, minute, second, tzinfo=ZoneInfo(PARIS)).astimezone(UTC)


# --- clock ---------------------------------------------------------------------------


def test_now_is_aware_utc() -> None:
    moment = dates.now()
    assert moment.tzinfo is UTC
    assert abs(moment - datetime.now(UTC)) < timedelta(seconds=5)


def test_frozen_clock_from_text_and_restored_after() -> None:
    with dates.frozen_clock("2026-11-24T14:30:00+01:00") as frozen:
        assert dates.now() == datetime(2026, 11, 24, 13, 30, tzinfo=UTC) == frozen
        assert dates.now().tzinfo is UTC
    assert abs(dates.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_frozen_clock_drives_parsing_defaults() -> None:
    with dates.frozen_clock(REFERENCE):
        assert parse_date("tomorrow", PARIS) == date(2026, 11, 26)


def test_frozen_clock_refuses_naive_time() -> None:
    with pytest.raises(ValueError, match="offset"), dates.frozen_clock("2026-11-24T14:30"):
        pass


def test_set_clock_and_reset() -> None:
    dates.set_clock(lambda: datetime(2030, 1, 1, tzinfo=UTC))
    try:
        assert dates.now().year == 2030
    finally:
        dates.set_clock(None)
    assert dates.now().year != 2030


# --- zones ---------------------------------------------------------------------------


def test_zone_names() -> None:
    assert dates.zone(PARIS) == ZoneInfo(PARIS)
    assert dates.zone("europe/paris") == ZoneInfo(PARIS)
    assert dates.zone("") is not None
    assert dates.is_valid_zone("UTC")
    assert dates.is_valid_zone("")
    assert not dates.is_valid_zone("Mars/Olympus_Mons")


def test_unknown_zone_explains() -> None:
    with pytest.raises(ValueError, match=r'unknown time zone "Paris".*Europe/Paris'):
        dates.zone("Paris")


def test_system_zone_follows_tz_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    assert dates.zone("") == ZoneInfo("Asia/Tokyo")
    assert dates.local_date(datetime(2026, 11, 25, 16, 0, tzinfo=UTC)) == date(2026, 11, 26)


def test_to_local_and_local_date() -> None:
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert dates.to_local(late, PARIS).hour == 0
    assert dates.local_date(late, PARIS) == date(2026, 11, 26)
    assert dates.local_date(late, NEW_YORK) == date(2026, 11, 25)


# --- parsing: accepted forms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-24 14:30", paris(2026, 11, 24, 14, 30)),
        ("2026-11-24T14:30", paris(2026, 11, 24, 14, 30)),
        ("2026-11-24 14:30:15", paris(2026, 11, 24, 14, 30, 15)),
        ("2026-11-24T14:30:00Z", datetime(2026, 11, 24, 14, 30, tzinfo=UTC)),
        ("2026-11-24 14:30+05:00", datetime(2026, 11, 24, 9, 30, tzinfo=UTC)),
        ("2026-11-24T14:30-0800", datetime(2026, 11, 24, 22, 30, tzinfo=UTC)),
        ("2026/11/24 2pm", paris(2026, 11, 24, 14, 0)),
        ("2026-11-24", paris(2026, 11, 24, 9, 0)),
        ("now", REFERENCE),
        ("today", paris(2026, 11, 25, 9, 0)),
        ("today 14:30", paris(2026, 11, 25, 14, 30)),
        ("Today at 14:30", paris(2026, 11, 25, 14, 30)),
        ("yesterday 9am", paris(2026, 11, 24, 9, 0)),
        ("tomorrow 2:30pm", paris(2026, 11, 26, 14, 30)),
        ("tomorrow 12am", paris(2026, 11, 26, 0, 0)),
        ("tomorrow 12pm", paris(2026, 11, 26, 12, 0)),
        ("tomorrow noon", paris(2026, 11, 26, 12, 0)),
        ("14:30", paris(2026, 11, 25, 14, 30)),
        ("14h30", paris(2026, 11, 25, 14, 30)),
        ("fri", paris(2026, 11, 27, 9, 0)),
        ("friday 10am", paris(2026, 11, 27, 10, 0)),
        ("wed", paris(2026, 12, 2, 9, 0)),  # today is Wednesday: the next one
        ("next mon", paris(2026, 11, 30, 9, 0)),
        ("last thu 16:00", paris(2026, 11, 19, 16, 0)),
        ("24 nov 14:30", paris(2026, 11, 24, 14, 30)),
        ("Tue 24 Nov 14:30", paris(2026, 11, 24, 14, 30)),
        ("nov 29, 2027", paris(2027, 11, 29, 9, 0)),
        ("2 jan", paris(2027, 1, 2, 9, 0)),  # the nearest 2 January
        ("+3d", paris(2026, 11, 28, 19, 0)),
        ("-2d", paris(2026, 11, 23, 19, 0)),
        ("in 3 days", paris(2026, 11, 28, 19, 0)),
        ("3 days ago", paris(2026, 11, 22, 19, 0)),
        ("a day ago", paris(2026, 11, 24, 19, 0)),
        ("+2w", paris(2026, 12, 9, 19, 0)),
        ("in 2 weeks", paris(2026, 12, 9, 19, 0)),
        ("in 5 hours", REFERENCE + timedelta(hours=5)),
        ("+5h", REFERENCE + timedelta(hours=5)),
        ("+30min", REFERENCE + timedelta(minutes=30)),
        ("  IN   5   HOURS ", REFERENCE + timedelta(hours=5)),
    ],
)
def test_parse_datetime_accepts(text: str, expected: datetime) -> None:
    result = parse_datetime(text, PARIS, now=REFERENCE)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "future", "past"),
    [
        ("mon", date(2026, 11, 30), date(2026, 11, 23)),
        ("wed", date(2026, 12, 2), date(2026, 11, 25)),  # past: today is Wednesday
        ("fri", date(2026, 11, 27), date(2026, 11, 20)),
        ("sunday", date(2026, 11, 29), date(2026, 11, 22)),
        ("last wed", date(2026, 11, 18), date(2026, 11, 18)),
        ("next wed", date(2026, 12, 2), date(2026, 12, 2)),
    ],
)
def test_weekdays_depend_on_past(text: str, future: date, past: date) -> None:
    assert parse_date(text, PARIS, now=REFERENCE) == future
    assert parse_date(text, PARIS, now=REFERENCE, past=True) == past
    assert dates.local_date(parse_datetime(text, PARIS, now=REFERENCE, past=True), PARIS) == past


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-29", date(2026, 11, 29)),
        ("today", date(2026, 11, 25)),
        ("tomorrow", date(2026, 11, 26)),
        ("yesterday", date(2026, 11, 24)),
        ("now", date(2026, 11, 25)),
        ("fri", date(2026, 11, 27)),
        ("29 nov", date(2026, 11, 29)),
        ("Sun 29 Nov", date(2026, 11, 29)),
        ("Sat 29 Nov", date(2025, 11, 29)),  # the nearest year where it is a Saturday
        ("+3d", date(2026, 11, 28)),
        ("in 2 weeks", date(2026, 12, 9)),
        ("2 days ago", date(2026, 11, 23)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text, PARIS, now=REFERENCE) == expected


def test_today_is_the_users_day_not_utcs() -> None:
    # 23:30 UTC on the 25th is already the 26th in Paris and still the 25th in New York.
    late = datetime(2026, 11, 25, 23, 30, tzinfo=UTC)
    assert parse_date("today", PARIS, now=late) == date(2026, 11, 26)
    assert parse_date("today", NEW_YORK, now=late) == date(2026, 11, 25)


def test_short_forms_read_back() -> None:
    with dates.frozen_clock(REFERENCE):
        moment = paris(2026, 11, 24, 14, 30)
        assert parse_datetime(dates.short_datetime(moment, PARIS), PARIS) == moment
        assert parse_datetime(dates.datetime_field_text(moment, PARIS), PARIS) == moment
        assert parse_date(dates.short_day(date(2027, 2, 5)), PARIS) == date(2027, 2, 5)
        assert parse_date(dates.date_field_text(date(2026, 12, 1)), PARIS) == date(2026, 12, 1)


# --- parsing: rejections ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "no date was given"),
        ("tomorrowish", 'could not read "tomorrowish" as a date'),
        ("2026-13-40", "there is no month 13: months go from 1 to 12"),
        ("2026-02-30", "30 February 2026 is not a real date: February 2026 has 28 days"),
        ("2028-02-30", "February 2028 has 29 days"),
        ("2026-04-31", "31 April 2026 is not a real date: April has 30 days"),
        ("2026-11-00", "there is no day 0"),
        ("0226-11-24", "the year 0226 looks mistyped"),
        ("fri 25:00", '"25:00" is not a time of day: hours go from 0 to 23'),
        ("today 9:75", "minutes go from 00 to 59"),
        ("tomorrow 13pm", "with am/pm, hours go from 1 to 12"),
        ("fri 14", 'could not read "14" as a time of day'),
        ("today 14:30z", "a UTC offset is only accepted after a full date"),
        ("2026-11-24 14:30+25:00", "impossible UTC offset"),
        ("Fri 29 Nov 2026", "29 November 2026 is a Sunday, not a Friday"),
        ("Fri 29 Nov", "is a Sunday, not a Friday"),
        ("29 feb", "29 February only exists in leap years"),
        ("31 apr", "April has 30 days, not 31"),
        ("+2m", '"m" could mean minutes or months'),
        ("in 3 months", "months vary in length"),
        ("+3y", '"y" is not a unit of time'),
        ("in 99999 days", "too far away"),
        ("next", "could not read"),
        ("2026-11-24 14:30 and more", "could not read"),
    ],
)
def test_parse_datetime_rejects_with_reason(text: str, problem: str) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_datetime(text, PARIS, now=REFERENCE)
    assert problem in str(caught.value)
    assert problem in caught.value.problem
    # Every message also shows what would have worked.
    assert "Accepted forms include: 2026-11-24 14:30, today 9am" in str(caught.value)


@pytest.mark.parametrize("text", ["tomorrow 2pm", "2026-11-24 10:00", "14:30", "fri at 9am"])
def test_parse_date_refuses_a_time(text: str) -> None:
    with pytest.raises(DateInputError, match="a date without a time of day is expected"):
        parse_date(text, PARIS, now=REFERENCE)


def test_parse_date_refuses_hours() -> None:
    with pytest.raises(DateInputError, match="count in days or weeks") as caught:
        parse_date("in 5 hours", PARIS, now=REFERENCE)
    assert "Accepted forms include: 2026-11-24, today" in str(caught.value)


def test_reference_time_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        parse_date("today", PARIS, now=datetime(2026, 11, 25, 12, 0))


def test_date_input_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_date("someday", PARIS, now=REFERENCE)


# --- parsing: what spreadsheets write (the CSV import) -----------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24/11/2026 14:30", paris(2026, 11, 24, 14, 30)),  # day first: 24 is no month
        ("11/24/2026", paris(2026, 11, 24, 9, 0)),  # month first: 24 is no month
        ("11/24/2026 2:30 PM", paris(2026, 11, 24, 14, 30)),
        ("05/05/2026", paris(2026, 5, 5, 9, 0)),  # both readings are the same day
        ("20.11.2026", paris(2026, 11, 20, 9, 0)),  # dots: always day.month.year
        ("05.06.2026 09:15", paris(2026, 6, 5, 9, 15)),
        ("24-11-2026 10:00", paris(2026, 11, 24, 10, 0)),
        ("46350", paris(2026, 11, 24, 9, 0)),  # days since 1899-12-30
        ("46350.6041666667", paris(2026, 11, 24, 14, 30)),  # the fraction is the time
        ("46350,5", paris(2026, 11, 24, 12, 0)),  # a decimal comma
        ("2026-11-24 14:30", paris(2026, 11, 24, 14, 30)),  # the usual forms still work
        ("yesterday 9am", paris(2026, 11, 24, 9, 0)),
    ],
)
def test_spreadsheet_forms_are_read_when_asked(text: str, expected: datetime) -> None:
    assert parse_datetime(text, PARIS, now=REFERENCE, spreadsheet=True) == expected


@pytest.mark.parametrize("text", ["24/11/2026 14:30", "11/24/2026", "20.11.2026", "46350"])
def test_spreadsheet_forms_are_for_the_import_only(text: str) -> None:
    # The form and `add --at` keep the forms their hints and messages list.
    with pytest.raises(DateInputError, match="could not read"):
        parse_datetime(text, PARIS, now=REFERENCE)


def test_spreadsheet_forms_as_a_date_alone() -> None:
    assert parse_date("46350", PARIS, now=REFERENCE, spreadsheet=True) == date(2026, 11, 24)
    assert parse_date("20.11.2026", PARIS, now=REFERENCE, spreadsheet=True) == date(2026, 11, 20)
    with pytest.raises(DateInputError, match="a date without a time of day is expected"):
        parse_date("46350.5", PARIS, now=REFERENCE, spreadsheet=True)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "05/06/2026 14:30",
            '"05/06/2026" could be 5 June 2026 (day/month) or 6 May 2026 (month/day): '
            "write it as 2026-06-05 or 2026-05-06",
        ),
        ("13/14/2026", '"13/14/2026" has no month in it: months go from 1 to 12'),
        ("31/02/2026", "31 February 2026 is not a real date: February 2026 has 28 days"),
        ("31.04.2026", "31 April 2026 is not a real date"),
        ("24/11/26", '"24/11/26" has a two-digit year: write it in full, like 24/11/2026'),
        ("24/11/2026 25:00", '"25:00" is not a time of day'),
        ("12345", "12345 as a spreadsheet day number is 18 October 1933, which looks mistyped"),
        ("99999", "day numbers are read from 1990 to 2100"),
    ],
)
def test_spreadsheet_forms_refuse_with_reason(text: str, problem: str) -> None:
    with pytest.raises(DateInputError) as caught:
        parse_datetime(text, PARIS, now=REFERENCE, spreadsheet=True)
    assert problem in caught.value.problem
    assert str(caught.value).endswith(f"{dates.SPREADSHEET_EXAMPLES}.")


# --- parsing: 18/12 typed, in the order of the profile's country --------------------------


@pytest.mark.parametrize(
    ("text", "country", "expected"),
    [
        ("18/12", "GB", date(2026, 12, 18)),  # the nearest 18 December, as "18 dec" is
        ("18/12/2026", "gb", date(2026, 12, 18)),
        ("05/06", "DE", date(2026, 6, 5)),
        ("12/18", "US", date(2026, 12, 18)),  # the US keeps month/day
        ("06/05/2027", "US", date(2027, 6, 5)),
        ("18.12", "US", date(2026, 12, 18)),  # dots are day.month everywhere
    ],
)
def test_slash_dates_follow_the_countrys_order(text: str, country: str, expected: date) -> None:
    assert parse_date(text, PARIS, now=REFERENCE, country=country) == expected


def test_a_slash_date_the_countrys_order_cannot_read_says_the_order() -> None:
    with pytest.raises(DateInputError) as caught:
        parse_date("12/18", PARIS, now=REFERENCE, country="GB")
    assert (
        caught.value.problem == '"12/18" has no month 18: with country GB, dates are read day/month'
    )
    assert str(caught.value).endswith(", 18/12.")


@pytest.mark.parametrize("country", ["", "CA"])
def test_without_a_known_order_slash_dates_stay_refused(country: str) -> None:
    # No country, or one that writes both orders: 05/06 could be either month.
    with pytest.raises(DateInputError, match="could not read"):
        parse_date("18/12", PARIS, now=REFERENCE, country=country)


# --- DST ---------------------------------------------------------------------------------


def test_time_skipped_by_spring_forward_moves_later() -> None:
    # New York skips 02:00-03:00 on Sunday 8 March 2026.
    moment = parse_datetime("2026-03-08 02:30", NEW_YORK, now=REFERENCE)
    assert dates.to_local(moment, NEW_YORK).strftime("%H:%M %Z") == "03:30 EDT"


def test_time_repeated_by_fall_back_is_the_first() -> None:
    # New York repeats 01:00-02:00 on Sunday 1 November 2026.
    moment = parse_datetime("2026-11-01 01:30", NEW_YORK, now=REFERENCE)
    assert moment == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_relative_days_keep_wall_time_across_dst() -> None:
    before_change = datetime(2026, 10, 24, 8, 0, tzinfo=UTC)  # 10:00 in Paris, summer time
    later = parse_datetime("+2d", PARIS, now=before_change)
    assert dates.to_local(later, PARIS).strftime("%d %H:%M") == "26 10:00"
    assert later - before_change == timedelta(hours=49)


def test_start_of_local_day_across_dst() -> None:
    assert dates.start_of_local_day(date(2026, 10, 25), PARIS) == datetime(
        2026, 10, 24, 22, 0, tzinfo=UTC
    )
    assert dates.start_of_local_day(date(2026, 10, 26), PARIS) == datetime(
        2026, 10, 25, 23, 0, tzinfo=UTC
    )
    assert dates.start_of_local_day(date(2026, 11, 2), NEW_YORK) == datetime(
        2026, 11, 2, 5, 0, tzinfo=UTC
    )
    # Sao Paulo once began summer time at midnight: that day started at 01:00.
    start = dates.start_of_local_day(date(2018, 11, 4), "America/Sao_Paulo")
    assert dates.to_local(start, "America/Sao_Paulo").strftime("%d %H:%M") == "04 01:00"


# --- business days -----------------------------------------------------------------------

MON, FRI, SAT, SUN = date(2026, 11, 23), date(2026, 11, 27), date(2026, 11, 28), date(2026, 11, 29)


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (MON, 0, MON),
        (MON, 1, date(2026, 11, 24)),
        (MON, 5, date(2026, 11, 30)),
        (FRI, 1, date(2026, 11, 30)),
        (SAT, 1, date(2026, 11, 30)),
        (SUN, 1, date(2026, 11, 30)),
        (FRI, 3, date(2026, 12, 2)),
        (MON, -1, date(2026, 11, 20)),
        (SAT, -1, FRI),
        (SUN, -2, date(2026, 11, 26)),
        (MON, 10, date(2026, 12, 7)),
    ],
)
def test_add_business_days(start: date, n: int, expected: date) -> None:
    assert dates.add_business_days(start, n) == expected


def test_first_business_day_after_skips_the_weekend() -> None:
    assert dates.first_business_day_after(FRI) == date(2026, 11, 30)
    assert dates.first_business_day_after(date(2026, 11, 25)) == date(2026, 11, 26)
    assert dates.next_business_day_from(SAT) == date(2026, 11, 30)
    assert dates.next_business_day_from(FRI) == FRI


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (MON, MON, 0),
        (MON, date(2026, 11, 25), 2),
        (FRI, date(2026, 11, 30), 1),
        (FRI, SUN, 0),
        (MON, date(2026, 11, 30), 5),
        (date(2026, 11, 25), MON, -2),
    ],
)
def test_business_days_between(start: date, end: date, expected: int) -> None:
    assert dates.business_days_between(start, end) == expected


def test_business_day_helpers_agree() -> None:
    start = date(2026, 1, 1)
    for offset in range(30):
        day = start + timedelta(days=offset)
        for n in range(-12, 13):
            moved = dates.add_business_days(day, n)
            assert dates.is_business_day(moved) or n == 0
            if dates.is_business_day(day):
                assert dates.business_days_between(day, moved) == n


# --- display -----------------------------------------------------------------------------


def test_short_day_adds_the_year_only_when_needed() -> None:
    with dates.frozen_clock(REFERENCE):
        assert dates.short_day(date(2026, 11, 29)) == "Sun 29 Nov"
        assert dates.short_day(date(2027, 1, 4)) == "Mon 4 Jan 2027"


def test_short_day_and_to_local_match_arrow() -> None:
    """The standard-library versions give what arrow gave (arrow is still the reference)."""
    import arrow

    day = date(2027, 12, 25)
    for _ in range(800):
        assert dates.short_day(day) == arrow.Arrow(day.year, day.month, day.day).format(
            "ddd D MMM"
        ) + (f" {day.year}" if day.year != dates.now().year else "")
        day += timedelta(days=1)
    # Every half hour around both 2026 DST changes, in zones on both sides of UTC.
    for tz in (PARIS, NEW_YORK, "Australia/Lord_Howe", "Asia/Kolkata"):
        for start in (datetime(2026, 3, 7, tzinfo=UTC), datetime(2026, 10, 24, tzinfo=UTC)):
            for step in range(9 * 48):
                moment = start + timedelta(minutes=30 * step, seconds=7, microseconds=11)
                local = dates.to_local(moment, tz)
                expected = arrow.get(moment).to(ZoneInfo(tz)).datetime
                assert (local, local.utcoffset(), local.fold) == (
                    expected,
                    expected.utcoffset(),
                    expected.fold,
                )


def test_short_datetime_in_local_zone() -> None:
    with dates.frozen_clock(REFERENCE):
        moment = datetime(2026, 11, 24, 13, 30, tzinfo=UTC)
        assert dates.short_datetime(moment, PARIS) == "Tue 24 Nov 14:30"
        assert dates.short_datetime(moment, NEW_YORK) == "Tue 24 Nov 08:30"
        assert dates.datetime_field_text(moment, PARIS) == "2026-11-24 14:30"
        assert dates.date_field_text(None) == ""


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "<1m"),
        (59, "<1m"),
        (60, "1m"),
        (45 * 60, "45m"),
        (5 * 3600 + 59 * 60, "5h"),
        (-3 * 3600, "3h"),
        (23 * 3600 + 59 * 60, "23h"),
        (86400, "1d"),
        (3 * 86400 + 7, "3d"),
        (13 * 86400, "13d"),
        (14 * 86400, "2w"),
    ],
)
def test_compact_delta(seconds: float, text: str) -> None:
    assert dates.compact_delta(seconds) == text


def test_humanize_and_days_phrase() -> None:
    assert dates.humanize(REFERENCE + timedelta(hours=5), now=REFERENCE) == "in 5 hours"
    assert dates.humanize(REFERENCE - timedelta(days=2), now=REFERENCE) == "2 days ago"
    today = date(2026, 11, 25)
    assert dates.days_phrase(today, today) == "today"
    assert dates.days_phrase(date(2026, 11, 26), today) == "tomorrow"
    assert dates.days_phrase(date(2026, 11, 28), today) == "in 3 days"
    assert dates.days_phrase(date(2026, 11, 24), today) == "yesterday"
    assert dates.days_phrase(date(2026, 11, 20), today) == "5 days ago"


# --- boundaries ---------------------------------------------------------------------------


def test_dates_does_not_import_textual() -> None:
    code = "import sys, tui.dates; assert 'textual' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_rules_and_the_board_labels_do_not_import_arrow() -> None:
    # arrow and dateutil take ~15 ms to import: opening the board must not pay for them.
    code = """
import sys
from tests.boards import make_application
from tui import dates, rules
from tui.model import Profile, Stage
profile = Profile(timezone="Europe/Paris")
now = dates.now()
for stage in Stage:
    card = make_application(stage=stage)
    rules.next_action(card, profile, now)
    rules.urgency_key(card, profile, now)
dates.short_datetime(now, "America/New_York")
dates.parse_datetime("2026-11-24 14:30", "Europe/Paris")
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("arrow", "dateutil"))
assert not loaded, loaded
"""
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)
