"""The reminder settings in config.toml, read without failing (see ``tui.config``).

calendar_file = "~/Dropbox/follow-ups.ics"   # rewritten after every saved change
quiet_hours = "21-8"                          # remind holds reminders from 21:00 to 8:00
alarm_minutes_before = 60                     # a calendar alarm before a timed deadline
alarm_day_time = "09:00"                      # and on a day a follow-up is due from
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time
from typing import Any

KEYS = frozenset({"calendar_file", "quiet_hours", "alarm_minutes_before", "alarm_day_time"})
MAX_ALARM_MINUTES = 7 * 24 * 60


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
    calendar_file = data.get("calendar_file")
    if calendar_file is not None:
        if isinstance(calendar_file, str):
            values["calendar_file"] = calendar_file.strip()
        else:
            problem("calendar_file", "expected a file name in quotes")
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
    return values
