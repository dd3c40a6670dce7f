"""Reading what the user typed into a command's options: stages, people, moments and days.

Text that does not read is a UsageError naming the option and what was typed, as the form
says it; nothing is stored from it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from tui.cli.base import UsageError

if TYPE_CHECKING:
    from tui.model import Interviewer, Stage


def parse_stage(text: str | None) -> Stage | None:
    from tui.model import Stage

    if text is None:
        return None
    try:
        return Stage.parse(text)
    except ValueError as error:
        raise UsageError(f"--stage: {error}") from error


def read_interviewer(text: str) -> Interviewer:
    """One --interviewer; text whose <...> holds no email address is refused, not stored."""
    from tui.people import read_person

    person, problem = read_person(text)
    if problem is not None:
        raise UsageError(
            f'--interviewer {text!r}: {problem} (write "NAME <EMAIL>", NAME, or the form\'s '
            '"NAME | TITLE | EMAIL | about: ...")'
        )
    return person


def read_when(option: str, text: str, tz: str, now: datetime, *, country: str = "") -> datetime:
    from tui import dates

    try:
        return dates.parse_datetime(text, tz, now=now, past=True, country=country)
    except dates.DateInputError as error:
        raise UsageError(f"{option} {text!r}: {error}") from error


def read_day_from(
    option: str,
    text: str | None,
    interviewed_at: datetime,
    tz: str,
    now: datetime,
    *,
    country: str = "",
) -> date | None:
    """A decision or check-in date, refused when it falls before the interview (as the form
    refuses it)."""
    from tui import dates, rules

    if not text:
        return None
    try:
        day = dates.parse_date(text, tz, now=now, country=country)
    except dates.DateInputError as error:
        raise UsageError(f"{option} {text!r}: {error}") from error
    problem = rules.date_before_interview_problem(day, interviewed_at, tz)
    if problem is not None:
        raise UsageError(f"{option} {text!r}: {problem}")
    return day
