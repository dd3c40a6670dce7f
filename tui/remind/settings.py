"""The reminder settings in config.toml, read without failing (see ``tui.config``).

calendar_file = "~/Dropbox/follow-ups.ics"   # rewritten after every saved change
quiet_hours = "21-8"                          # remind holds reminders from 21:00 to 8:00
alarm_minutes_before = 60                     # a calendar alarm before a timed deadline
alarm_day_time = "09:00"                      # and on a day a follow-up is due from
terminal = "kitty"                            # opens the board when a reminder is clicked
remind_wait_seconds = 60                      # remind waits this long for a click
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

KEYS = frozenset(
    {
        "calendar_file",
        "quiet_hours",
        "alarm_minutes_before",
        "alarm_day_time",
        "terminal",
        "remind_wait_seconds",
    }
)
MAX_ALARM_MINUTES = 7 * 24 * 60
MAX_WAIT_SECONDS = 3600
"""remind waits at most an hour for a click (it runs every 30 minutes)."""


@dataclass(frozen=True)
class QuietHours:
    """Hours of the day when no reminder is shown: from ``start`` up to (not including) ``end``,
    across midnight when start > end ('21-8' is 21:00 to 7:59)."""

    start: int
    end: int

    def holds(self, hour: int) -> bool:
        """Whether a reminder at this local hour waits."""
        if self.start <= self.end:
            return self.start <= hour < self.end
        return hour >= self.start or hour < self.end

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"


_QUIET = re.compile(r"^\s*(\d{1,2})(?::00)?\s*-\s*(\d{1,2})(?::00)?\s*$")
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


def parse_quiet_hours(text: str) -> QuietHours | None:
    """'21-8' (or '21:00-08:00'); '' means none. ValueError says what is wrong."""
    if not text.strip():
        return None
    match = _QUIET.match(text)
    if match is None:
        raise ValueError(f"expected hours such as '21-8', found {text!r}")
    start, end = int(match[1]), int(match[2])
    if start > 23 or end > 24 or start == end % 24:
        raise ValueError(f"expected two different hours from 0 to 23, found {text!r}")
    return QuietHours(start, end % 24)


def parse_day_time(text: str) -> time:
    """'09:00' -> 09:00; ValueError otherwise."""
    match = _CLOCK.match(text)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"expected a time such as '09:00', found {text!r}")
    return time(int(match[1]), int(match[2]))


def read_settings(data: dict[str, Any], problem: Callable[[str, str], None]) -> dict[str, Any]:
    """The Config fields these settings set (a wrong value is reported and left out)."""
    values: dict[str, Any] = {}
    for name, hint in (
        ("calendar_file", "expected a file name in quotes"),
        ("terminal", 'expected a command in quotes, such as "kitty"'),
    ):
        text = data.get(name)
        if isinstance(text, str):
            values[name] = text.strip()
        elif text is not None:
            problem(name, hint)
    quiet = data.get("quiet_hours")
    if quiet is not None:
        try:
            if not isinstance(quiet, str):
                raise ValueError(f"expected hours in quotes such as '21-8', found {quiet!r}")
            values["quiet_hours"] = parse_quiet_hours(quiet)
        except ValueError as error:
            problem("quiet_hours", str(error))
    minutes = data.get("alarm_minutes_before")
    if minutes is not None:
        if isinstance(minutes, int) and not isinstance(minutes, bool):
            if 0 <= minutes <= MAX_ALARM_MINUTES:
                values["alarm_minutes_before"] = minutes
            else:
                problem("alarm_minutes_before", f"expected 0 to {MAX_ALARM_MINUTES}")
        else:
            problem("alarm_minutes_before", f"expected a whole number, found {minutes!r}")
    day_time = data.get("alarm_day_time")
    if day_time is not None:
        try:
            values["alarm_day_time"] = parse_day_time(str(day_time) if day_time else "")
        except ValueError as error:
            problem("alarm_day_time", str(error))
    wait = data.get("remind_wait_seconds")
    if wait is not None:
        try:
            values["remind_wait_seconds"] = parse_wait(wait)
        except ValueError as error:
            problem("remind_wait_seconds", str(error))
    return values


def parse_wait(value: object) -> int:
    """Seconds remind waits for a click: a whole number from 0 (do not wait) to an hour."""
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected a whole number of seconds, found {value!r}")
    if not 0 <= value <= MAX_WAIT_SECONDS:
        raise ValueError(f"expected 0 to {MAX_WAIT_SECONDS} seconds, found {value}")
    return value
