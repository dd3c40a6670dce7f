"""``followup-tui status``: '2 due · 1 overdue', or nothing, for a shell prompt or tmux.

It runs on every prompt. ``tui.__main__`` sends it here before the command line is even
imported; it answers from ``status_cache`` (one small file, valid while the board and the
settings are unchanged) and otherwise reads the board file itself (orjson and the card
decoder, not the Store: no TinyDB, no lock, no Textual; the board is replaced atomically,
so a read sees a whole file). A file it does not recognise goes through the Store, as every
other command does, with its one-line messages.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse
    from datetime import datetime

    from tui.model import Application, Profile

DEFAULT_FORMAT = "{due} due · {overdue} overdue"


def _read_fast(path: Path) -> tuple[list[Application], Profile] | None:
    """The cards and profile of a board file in the current layout; None for anything else."""
    import orjson

    from tui.model import Profile
    from tui.model_docs import application_from_doc

    try:
        tables: Any = orjson.loads(path.read_bytes())
        meta = tables["meta"]
        (document,) = meta.values()
        if document.get("schema_version") != 1:
            return None
        profile = Profile.from_dict(document.get("profile", {}))
        cards = [application_from_doc(doc, int(key)) for key, doc in tables["applications"].items()]
    except Exception:  # damaged or another layout: the Store says what is wrong
        return None
    return cards, profile


def counts(cards: list[Application], profile: Profile) -> tuple[int, int]:
    """(due, overdue) follow-ups now, as the board's header counts them."""
    from tui import dates

    return counts_at(cards, profile, dates.now())


def counts_at(cards: list[Application], profile: Profile, now: datetime) -> tuple[int, int]:
    """(due, overdue) follow-ups at ``now``."""
    from tui import rules

    due = overdue = 0
    for _card, action in rules.todays_actions(cards, profile, now):
        if action.severity is rules.Severity.OVERDUE:
            overdue += 1
        else:
            due += 1
    return due, overdue


def fast_main(board: str, shape: str | None) -> int | None:
    """``status`` from the board file itself, the result cached for the next prompt; None
    when the file needs the Store (damaged, another layout) or ``shape`` does not fill in."""
    import os

    from tui import dates
    from tui.remind import prompt, status_cache

    if not os.path.exists(board):
        return 0
    read = _read_fast(Path(board))
    if read is None:
        return None
    steps = status_cache.timeline(read[0], _profile(read[1]), dates.now())
    status_cache.save(board, steps)
    return prompt.show(steps[0][1], steps[0][2], shape)


def _profile(stored: Profile) -> Profile:
    from tui.config import effective_profile, load_config

    config, _ = load_config()  # a prompt is no place for settings problems: the board says them
    return effective_profile(stored, config)


def run(args: argparse.Namespace) -> int:
    from tui import paths
    from tui.cli.base import EXIT_OK, UsageError, refuse_demo
    from tui.cli.board import opened
    from tui.remind.prompt import line

    refuse_demo(args)
    if args.status_format is not None:
        try:
            line(1, 1, args.status_format)
        except ValueError as error:
            raise UsageError(
                f"--format: {error} (use {{due}}, {{overdue}} and {{total}})"
            ) from error
    path = paths.data_file(args.db)
    if not path.exists():
        return EXIT_OK  # no board yet: nothing is due
    read = _read_fast(path)
    if read is None:
        with opened(args, read_only=True) as store:
            read = store.applications(), store.profile()
    cards, stored = read
    text = line(*counts(cards, _profile(stored)), args.status_format)
    if text:
        sys.stdout.write(text + "\n")
    return EXIT_OK
