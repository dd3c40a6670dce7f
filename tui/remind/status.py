"""``followup-tui status``: '2 due · 1 overdue', or nothing, for a shell prompt or tmux.

It runs on every prompt, so it reads the board file itself (orjson and the card decoder,
not the Store: no TinyDB, no lock, no Textual); the board is replaced atomically, so a read
always sees a whole file. A file it does not recognise goes through the Store as every
other command does, with its one-line messages.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui.model import Application, Profile

DEFAULT_FORMAT = "{due} due · {overdue} overdue"


def _read_fast(path: Path) -> tuple[list[Application], Profile] | None:
    """The cards and profile of a board file in the current layout; None for anything else."""
    import orjson

    from tui.model import Profile, application_from_doc

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
    from tui import dates, rules

    due = overdue = 0
    for _card, action in rules.todays_actions(cards, profile, dates.now()):
        if action.severity is rules.Severity.OVERDUE:
            overdue += 1
        else:
            due += 1
    return due, overdue


def line(due: int, overdue: int, shape: str | None) -> str:
    """The status line: the default leaves out a zero part ('1 overdue'), and says nothing
    when nothing is due; a --format shape is filled in as given."""
    if shape is None:
        parts = ([f"{due} due"] if due else []) + ([f"{overdue} overdue"] if overdue else [])
        return " · ".join(parts)
    if not due and not overdue:
        return ""
    return shape.format(due=due, overdue=overdue, total=due + overdue)


def run(args: argparse.Namespace) -> int:
    from tui import cli, paths

    cli._refuse_demo(args)
    if args.status_format is not None:
        try:
            line(1, 1, args.status_format)
        except (KeyError, IndexError, ValueError) as error:
            raise cli.UsageError(
                f"--format: {error} (use {{due}}, {{overdue}} and {{total}})"
            ) from error
    path = paths.data_file(args.db)
    if not path.exists():
        return cli.EXIT_OK  # no board yet: nothing is due
    read = _read_fast(path)
    if read is None:
        with cli._board(args, read_only=True) as store:
            read = store.applications(), store.profile()
    cards, stored = read
    from tui.config import effective_profile, load_config

    config, _ = load_config()  # a prompt is no place for settings problems: the board says them
    text = line(*counts(cards, effective_profile(stored, config)), args.status_format)
    if text:
        sys.stdout.write(cli._plain(text) + "\n")
    return cli.EXIT_OK
