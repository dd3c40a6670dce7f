"""The ``calendar_file`` setting: an .ics file rewritten after every saved change.

Calendar apps that subscribe to a file (or to a synced folder's URL) then always show the
board's follow-ups. The file is replaced atomically and only when its text changes (an
unchanged board leaves it, and a synced folder, alone); each follow-up keeps its SEQUENCE
and time stamps until it changes (``tui.exchange.ics``).
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui.exchange.ics import Alarms, CalendarExport, CalendarWriter

if TYPE_CHECKING:
    from tui.config import Config
    from tui.model import Application, Profile
    from tui.store import Store


class CalendarFileError(Exception):
    """The calendar file could not be written; the message is one line for the user."""


def alarms(config: Config) -> Alarms:
    """The alarm lead times the settings ask for."""
    return Alarms(config.alarm_minutes_before, config.alarm_day_time)


def calendar_path(config: Config) -> Path | None:
    """Where ``calendar_file`` points (~ expanded); None when it is not set."""
    if not config.calendar_file:
        return None
    try:
        return Path(config.calendar_file).expanduser()
    except RuntimeError as error:  # ~name of nobody
        raise CalendarFileError(f"calendar_file {config.calendar_file}: no such home") from error


@dataclass
class CalendarFile:
    """One calendar file, rewritten as the board changes (its writer keeps the rendered
    entries of unchanged cards, so a rewrite after one change renders one card)."""

    path: Path
    writer: CalendarWriter

    @classmethod
    def from_config(cls, config: Config) -> CalendarFile | None:
        path = calendar_path(config)
        return None if path is None else cls(path, CalendarWriter(alarms(config)))

    def rewrite(
        self, cards: Sequence[Application], profile: Profile, *, now: datetime
    ) -> CalendarExport:
        """Write the calendar for these cards; CalendarFileError when it cannot be written
        (the file as it was is left in place)."""
        from tui.exchange.output import write_file

        try:
            previous = self.path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            previous = ""
        except OSError as error:
            raise CalendarFileError(_reason(self.path, error)) from error
        result = self.writer.export(cards, profile, now=now, previous=previous)
        if result.text != previous:
            if not self.path.parent.is_dir():
                raise CalendarFileError(
                    f"could not write the calendar file {self.path}: "
                    f"the folder {self.path.parent} does not exist"
                )
            try:
                write_file(self.path, result.text.encode("utf-8"))
            except OSError as error:
                raise CalendarFileError(_reason(self.path, error)) from error
        return result


def _reason(path: Path, error: OSError) -> str:
    return f"could not write the calendar file {path}: {error.strerror or error}"


def rewrite_for(store_cards: Sequence[Application], profile: Profile, config: Config) -> str:
    """Rewrite the configured calendar file, if any, for a command that changed the board;
    returns '' or the one-line reason it could not be written (the old file stays)."""
    from tui import dates

    try:
        calendar = CalendarFile.from_config(config)
        if calendar is not None:
            calendar.rewrite(store_cards, profile, now=dates.now())
    except CalendarFileError as error:
        return str(error)
    return ""


class CalendarKeeper:
    """Rewrites a calendar file after each saved change, so the UI thread and the store's
    writer never wait for it; a burst of changes becomes one rewrite.

    With the board's path, each rewrite runs in a child process (``python -m
    tui.remind.calendar_file``) that reads the saved board from disk: Python runs one
    thread of a process at a time, and a rewrite on a thread of the app (1 s of work for
    the first one at 6,000 cards) made a key pressed meanwhile wait up to ten times as
    long for its repaint. This thread only waits for the child."""

    DELAY = 0.3
    """Seconds after a save before rewriting: the next keys go first, and a burst coalesces."""

    def __init__(
        self,
        calendar: CalendarFile,
        cards: Callable[[], Sequence[Application]],
        profile: Callable[[], Profile],
        report: Callable[[str], None],
        board: Path | None = None,
    ) -> None:
        self.calendar = calendar
        self.board = board
        self._cards, self._profile, self._report = cards, profile, report
        self._wanted = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._last_problem = ""
        self._thread = threading.Thread(target=self._run, name="calendar-file", daemon=True)
        self._thread.start()

    def changed(self) -> None:
        """The board was saved: rewrite soon."""
        self._idle.clear()
        self._wanted.set()

    def wait(self, timeout: float) -> bool:
        """Wait until no rewrite is pending (for tests and a clean exit); True when idle."""
        return self._idle.wait(timeout)

    def _run(self) -> None:
        from tui import dates

        while True:
            self._wanted.wait()
            time.sleep(self.DELAY)
            self._wanted.clear()
            try:
                if self.board is not None:
                    self._rewrite_in_child(self.board)
                else:
                    self.calendar.rewrite(self._cards(), self._profile(), now=dates.now())
                self._last_problem = ""
            except CalendarFileError as error:
                # Once per problem, not after every key press.
                if str(error) != self._last_problem:
                    self._last_problem = str(error)
                    self._report(str(error))
            except Exception as error:  # never the end of the thread, nor of the app
                self._report(f"could not write the calendar file: {error}")
            if not self._wanted.is_set():
                self._idle.set()

    def _rewrite_in_child(self, board: Path) -> None:
        """Rewrite from the saved board in a child process; CalendarFileError as it says."""
        alarms = self.calendar.writer.alarms
        command = [
            sys.executable,
            "-m",
            "tui.remind.calendar_file",
            str(board),
            str(self.calendar.path),
            str(alarms.minutes_before),
            alarms.day_time.strftime("%H:%M"),
        ]
        pipe = subprocess.PIPE
        try:
            child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=pipe, stderr=pipe)
        except OSError as error:
            raise CalendarFileError(f"could not write the calendar file: {error}") from error
        # Background work from its first instruction (its start-up too): on a busy machine
        # the app's keys come first.
        with contextlib.suppress(AttributeError, OSError):  # no setpriority on Windows
            os.setpriority(os.PRIO_PROCESS, child.pid, CHILD_NICENESS)
        try:
            out, err = (
                text.decode(errors="replace") for text in child.communicate(timeout=CHILD_TIMEOUT)
            )
        except subprocess.TimeoutExpired as error:
            child.kill()
            child.communicate()
            raise CalendarFileError(f"could not write the calendar file: {error}") from error
        if child.returncode != 0:
            said = " ".join((out or err).split())[:300]
            raise CalendarFileError(said or f"could not write the calendar file ({err})")


CHILD_NICENESS = 10
"""The child's priority: behind the app (and whatever else the user runs) on a busy machine,
yet not starved there as 19 would be."""
CHILD_TIMEOUT = 120.0
"""Seconds a child rewrite may take (a 50,000-card board takes about 10)."""


def main(argv: Sequence[str]) -> int:
    """The child: ``python -m tui.remind.calendar_file BOARD CALENDAR MINUTES HH:MM``. Reads
    the saved board (read-only, as ``list`` does while the app is open) and the settings'
    profile, rewrites the calendar if a follow-up changed; a problem is one line on stdout
    and exit code 1."""
    from tui import dates
    from tui.config import effective_profile, load_config
    from tui.remind.settings import parse_day_time
    from tui.store import Store, StoreError

    board, calendar, minutes, day_time = argv
    config, _problems = load_config()  # the app has said them
    try:
        with Store(Path(board), read_only=True) as store:
            cards, stored = store.applications(), store.profile()
        writer = CalendarWriter(Alarms(int(minutes), parse_day_time(day_time)))
        CalendarFile(Path(calendar), writer).rewrite(
            cards, effective_profile(stored, config), now=dates.now()
        )
    except CalendarFileError as error:
        print(error)
        return 1
    except (StoreError, OSError, ValueError) as error:
        print(f"could not write the calendar file: {error}")
        return 1
    return 0


_KEEPERS: weakref.WeakKeyDictionary[Store, CalendarKeeper] = weakref.WeakKeyDictionary()


def keep_calendar_current(
    store: Store,
    config: Config,
    profile: Callable[[], Profile],
    report: Callable[[str], None],
) -> CalendarKeeper | None:
    """Rewrite ``calendar_file`` (if set) after each of the store's saves: chains itself to
    ``store.on_saved`` (call it after setting that). None when the setting is not set, or
    names no usable path (reported)."""
    try:
        calendar = CalendarFile.from_config(config)
    except CalendarFileError as error:
        report(str(error))
        return None
    if calendar is None:
        return None
    keeper = _KEEPERS.get(store)
    if keeper is None:
        keeper = _KEEPERS[store] = CalendarKeeper(
            calendar, store.applications, profile, report, board=store.path
        )
    saved = store.on_saved

    def saved_then_calendar(generation: int) -> None:
        if saved is not None:
            saved(generation)
        keeper.changed()

    store.on_saved = saved_then_calendar
    return keeper


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
