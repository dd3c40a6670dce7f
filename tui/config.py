"""The user's settings file (TOML): theme, key remapping, follow-up habit, timezone.

Reading never fails: a broken file or a wrong value gives a plain-English message and the
default for that part, so a typo in one setting never stops the board from opening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import time
from pathlib import Path
from typing import Any

from tui import dates, files, paths
from tui.model import Profile
from tui.remind import settings as reminder_settings
from tui.remind.settings import QuietHours

DEFAULT_THEME = "textual-dark"
MAX_FOLLOW_UP_DAYS = 365


@dataclass(frozen=True)
class Config:
    """Settings from config.toml; each field keeps its default when the file does not set it."""

    theme: str = DEFAULT_THEME
    """A Textual theme name; the app checks that it exists."""
    keys: dict[str, str] = field(default_factory=dict)
    """Binding id -> key string, e.g. {"move_right": "ctrl+l"}."""
    follow_up_days: int | None = None
    """Days after an interview to check in; None leaves it to the profile."""
    timezone: str = ""
    """An IANA zone name; '' leaves it to the profile (or the system)."""
    my_addresses: tuple[str, ...] = ()
    """The user's other email addresses (the profile's is one already): an imported invite
    never makes the user an interviewer, and a reply from them is not the employer's."""
    board_columns: str = "readable"
    """'readable': as many columns as fit at a readable width; 'all': all six, however narrow
    (the key board.columns switches, and the choice is saved here)."""
    # Reminders (tui/remind/settings.py reads them).
    calendar_file: str = ""
    """An .ics file rewritten after every saved change; '' for none."""
    quiet_hours: QuietHours | None = None
    alarm_minutes_before: int = 60
    alarm_day_time: time = time(9, 0)
    terminal: str = ""
    """The terminal a clicked reminder opens the board in; '' finds one (tui/remind/open_board)."""
    remind_wait_seconds: int = 60
    """How long remind stays to hear a click on a notification; 0 for not at all."""


BOARD_COLUMNS = ("readable", "all")
"""The values of board_columns."""


def effective_profile(profile: Profile, config: Config) -> Profile:
    """The profile with the settings the config file sets explicitly laid over it, and the
    system's zone in place of one this machine does not know (see ``zone_problem``)."""
    changes: dict[str, Any] = {}
    if config.follow_up_days is not None:
        changes["follow_up_days"] = config.follow_up_days
    if config.timezone:
        changes["timezone"] = config.timezone
    elif zone_problem(profile):
        changes["timezone"] = ""
    return replace(profile, **changes) if changes else profile


def my_addresses(profile: Profile, config: Config) -> tuple[str, ...]:
    """Every address of the user's: the profile's email and the config's my_addresses."""
    found = (profile.email, *config.my_addresses)
    return tuple(dict.fromkeys(address.strip() for address in found if address.strip()))


def zone_problem(profile: Profile) -> str | None:
    """What to tell the user when the profile names a zone unknown here (a board copied from
    another machine, a hand edit, a zone gone from tzdata); None when the zone is fine."""
    if not profile.timezone or dates.is_valid_zone(profile.timezone):
        return None
    return f"Unknown time zone {profile.timezone!r} in your profile; using the system's."


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """Read the settings; returns the config and one message per problem found.

    A missing file is not a problem (all defaults). Invalid TOML gives all defaults and one
    message; a wrong value gives the default for that setting and one message naming it.
    """
    path = path or paths.config_file()
    try:
        # utf-8-sig: a byte-order mark (Notepad writes one) is not part of the TOML.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Config(), []
    except (OSError, UnicodeDecodeError) as error:
        return Config(), [f"{path}: could not read the settings file ({error}); using defaults"]
    import tomllib  # only when there is a settings file to read

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Config(), [f"{path}: not valid TOML ({error}); using defaults"]
    return _config_from_data(data, path)


def _config_from_data(data: dict[str, Any], path: Path) -> tuple[Config, list[str]]:
    errors: list[str] = []
    values: dict[str, Any] = {}

    def problem(key: str, message: str) -> None:
        errors.append(f"{path}: {key}: {message}; using the default")

    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme.strip():
            values["theme"] = theme.strip()
        else:
            problem("theme", "expected a theme name in quotes")

    keys = data.get("keys")
    if keys is not None:
        if isinstance(keys, dict):
            good: dict[str, str] = {}
            for binding_id, key in keys.items():
                if isinstance(key, str) and key.strip():
                    good[binding_id] = key.strip()
                else:
                    errors.append(
                        f"{path}: keys.{binding_id}: expected a key in quotes such as "
                        f'"ctrl+l"; keeping the default key'
                    )
            values["keys"] = good
        else:
            problem("keys", 'expected a table such as [keys] with move_right = "ctrl+l"')

    days = data.get("follow_up_days")
    if days is not None:
        # bool is an int in Python, but `follow_up_days = true` is certainly a mistake.
        if isinstance(days, int) and not isinstance(days, bool):
            if 1 <= days <= MAX_FOLLOW_UP_DAYS:
                values["follow_up_days"] = days
            else:
                problem("follow_up_days", f"expected 1 to {MAX_FOLLOW_UP_DAYS}, found {days}")
        else:
            problem("follow_up_days", f"expected a whole number of days, found {days!r}")

    timezone = data.get("timezone")
    if timezone is not None:
        if not isinstance(timezone, str):
            problem("timezone", f"expected a zone name in quotes, found {timezone!r}")
        elif timezone.strip() and not dates.is_valid_zone(timezone):
            problem("timezone", f"unknown time zone {timezone!r} (try e.g. 'Europe/Paris')")
        else:
            values["timezone"] = timezone.strip()

    addresses = data.get("my_addresses")
    if addresses is not None:
        if isinstance(addresses, list) and all(isinstance(item, str) for item in addresses):
            values["my_addresses"] = tuple(item.strip() for item in addresses if item.strip())
        else:
            problem("my_addresses", 'expected a list such as ["me@work.example"]')

    columns = data.get("board_columns")
    if columns is not None:
        if columns in BOARD_COLUMNS:
            values["board_columns"] = columns
        else:
            problem("board_columns", f'expected "readable" or "all", found {columns!r}')

    values.update(reminder_settings.read_settings(data, problem))

    known = {"theme", "keys", "follow_up_days", "timezone", "my_addresses", "board_columns"}
    known |= reminder_settings.KEYS
    for unknown in sorted(set(data) - known):
        errors.append(f"{path}: unknown setting {unknown!r} ignored")
    return Config(**values), errors


def save_theme(theme: str, path: Path | None = None) -> None:
    """Set the theme in the settings file (see ``save_setting``)."""
    save_setting("theme", theme, path)


def save_setting(name: str, value: str, path: Path | None = None) -> None:
    """Set one setting in the settings file, keeping everything else as the user wrote it.

    The file is edited with tomlkit, which keeps comments, layout, quoting and key order; a
    byte-order mark and Windows line endings are kept too. The file is replaced atomically
    so a crash never leaves half a settings file behind. Raises OSError when the file cannot
    be read or written, and when it is not valid TOML: rewriting a file the app could not
    read would lose what the user wrote in it.
    """
    path = path or paths.config_file()
    try:
        # Bytes, not read_text: universal newlines would hide the file's CRLF endings.
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        text = ""
    except UnicodeDecodeError as error:
        raise OSError(f"{path}: not UTF-8 text, so the {name} was not saved") from error
    bom = _BOM if text.startswith(_BOM) else ""
    body = text.removeprefix(_BOM)
    # tomlkit is only needed to write, which is rare: keep it off the start-up path.
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(body)
        document[name] = value
        edited = tomlkit.dumps(document)
    except TOMLKitError as error:
        raise OSError(f"{path}: not valid TOML ({error}), so the {name} was not saved") from error
    if "\r\n" in body:
        edited = _LONE_NEWLINE.sub("\r\n", edited)
    _write_atomically(path, bom + edited)


_BOM = "\ufeff"
_LONE_NEWLINE = re.compile(r"(?<!\r)\n")


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    files.atomic_write(path, text, durable=True)
