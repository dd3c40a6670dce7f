"""The board a command works on: the same Store and lock as the app, and what follows a change.

A command waits a few seconds for the board while the app or another command holds it, says
the store's warnings and any conflict copies a sync tool left in one line each, and after a
change keeps the calendar file current (tui/remind).
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import time as clock
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tui import paths
from tui.cli.base import PROG, CommandError, plain, warn

if TYPE_CHECKING:
    from tui.model import Application, Profile
    from tui.store import Store

LOCK_WAIT_SECONDS = 5.0
"""How long a command waits for the board while another followup-tui holds it."""


def board_path(args: argparse.Namespace) -> Path:
    return paths.data_file(args.db)


def open_store(path: Path, *, read_only: bool = False) -> Store:
    """Open the board, waiting up to LOCK_WAIT_SECONDS while another followup-tui holds it."""
    from tui.store import LockedError, Store

    deadline = clock.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            store = Store(path, read_only=read_only)
        except LockedError as error:
            if clock.monotonic() >= deadline:
                raise CommandError(
                    f"{path} is open in another followup-tui (the app or a command) and "
                    f"stayed busy for {LOCK_WAIT_SECONDS:g} seconds; close it and try again"
                ) from error
            import random  # only while waiting: random costs every command's start

            # Jitter so two waiting commands do not retry in lockstep.
            clock.sleep(random.uniform(0.02, 0.08))
            continue
        for warning in store.warnings:
            warn(warning)
        if copies := store.conflict_copies():
            # Merging asks questions, so it is the app's: the CLI only says they are there.
            names = ", ".join(copy.name for copy in copies)
            warn(
                f"a sync tool left {len(copies)} conflict "
                f"{'copy' if len(copies) == 1 else 'copies'} of the board beside it ({names}); "
                f"open the board in the app ({PROG} --db {shlex.quote(str(path))}) to merge "
                f"{'it' if len(copies) == 1 else 'them'}"
            )
        return store


@contextlib.contextmanager
def opened(args: argparse.Namespace, *, read_only: bool = False) -> Iterator[Store]:
    store = open_store(board_path(args), read_only=read_only)
    try:
        yield store
        if store.generation:  # the command changed the board
            _after_change(store)
    finally:
        store.close()


def _after_change(store: Store) -> None:
    """Keep what follows the board current: the calendar file (tui/remind)."""
    from tui.config import effective_profile, load_config
    from tui.remind.calendar_file import rewrite_for

    config, _ = load_config()  # its problems were reported when the command read it
    problem = rewrite_for(store.applications(), effective_profile(store.profile(), config), config)
    if problem:
        warn(f"{problem}; the board was saved")


def board_profile(store: Store) -> Profile:
    """The profile as the app sees it: settings from config.toml laid over the stored one."""
    from tui.config import effective_profile, load_config, zone_problem

    config, problems = load_config()
    stored = store.profile()
    if not config.timezone and (problem := zone_problem(stored)):
        problems.append(problem)
    for problem in problems:
        warn(problem)
    return effective_profile(stored, config)


def card_summary(card: Application, profile: Profile, now: datetime) -> str:
    """One line about a card: 'Acme - Analyst (Interviewed, Tue 24 Nov 14:30 with Jo Lee);
    next: thank-you due in 23h'."""
    from tui import dates, rules

    action = rules.next_action(card, profile, now)
    people = ", ".join(plain(p.name or p.email) for p in card.interviewers)
    with_people = f" with {people}" if people else ""
    return (
        f"{plain(card.company)} - {plain(card.role)} ({card.stage.label}, "
        f"{dates.short_datetime(card.interviewed_at, profile.timezone)}{with_people}); "
        f"next: {plain(action.label)}"
    )


def user_addresses(store: Store) -> tuple[Profile, tuple[str, ...]]:
    """The profile as the app sees it, and every address of the user's."""
    from tui.config import load_config, my_addresses

    profile = board_profile(store)
    config, _problems = load_config()  # board_profile has reported them
    return profile, my_addresses(profile, config)
