"""The command line's invite import (``followup-tui import invite.ics``) and reply reading
(``followup-tui reply message.eml``), kept apart from ``tui.cli``, which wires them in.

The same rules as every command: the same Store and lock as the app, one-line errors,
nothing written until the user agrees (``--yes``, or 'y' in a terminal).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui import cli

if TYPE_CHECKING:
    from tui.exchange.invite import InvitePlan
    from tui.model import Profile
    from tui.store import Store


def _read(source: Path) -> bytes:
    try:
        return source.read_bytes()
    except OSError as error:
        raise cli.CommandError(f"could not read {source}: {error.strerror or error}") from error


def user_addresses(store: Store) -> tuple[Profile, tuple[str, ...]]:
    """The profile as the app sees it, and every address of the user's."""
    from tui.config import load_config, my_addresses

    profile = cli._profile(store)
    config, _problems = load_config()  # _profile has reported them
    return profile, my_addresses(profile, config)


# --------------------------------------------------------------------------- invites


def run_invite_import(args: argparse.Namespace) -> int:
    """``followup-tui import FILE.ics``: every event in the file, planned, then applied."""
    from tui import dates
    from tui.exchange import invite

    source = Path(args.file).expanduser()
    data = _read(source)
    board_path = cli._board_path(args)

    def plan(store: Store) -> tuple[list[InvitePlan], list[str], str]:
        profile, mine = user_addresses(store)
        try:
            invites, problems = invite.read_invites(data, my_addresses=mine, tz=profile.timezone)
        except invite.InviteError as error:
            raise cli.UsageError(f"{source}: {error}") from error
        plans = invite.plan_invites(invites, store.applications(), profile.timezone)
        return plans, problems, profile.timezone

    with cli._board(args, read_only=True) as store:
        plans, problems, tz = plan(store)
    for problem in problems:
        print(f"Left out: {cli._plain(problem)}")
    for item in plans:
        print(_plan_line(item, tz))
    todo = [item for item in plans if item.action in invite.CHANGES]
    if not todo:
        print("Nothing to import.")
        return cli.EXIT_OK
    if not args.yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print("Dry run: nothing was changed. Run again with --yes to import.")
            return cli.EXIT_OK
        if not cli._confirm(
            f"Apply {len(todo)} change{'s' * (len(todo) > 1)} to {board_path}? [y/N] "
        ):
            print("Nothing was changed.")
            return cli.EXIT_OK
    with cli._board(args) as store:
        # The board may have changed while the user read the plan: plan again.
        plans, _problems, tz = plan(store)
        profile = cli._profile(store)
        now = dates.now()
        for item in plans:
            if item.action not in invite.CHANGES:
                continue
            card = invite.apply_invite(item, now, tz)
            if card.doc_id is None:
                saved = store.add(card, summary=f"Imported {card.company}")
                print(f"Added card {saved.doc_id}: {cli.card_summary(saved, profile, now)}")
            else:
                saved = store.put(card, summary=f"Invite for {card.company}")
                print(f"Updated card {saved.doc_id}: {cli.card_summary(saved, profile, now)}")
    return cli.EXIT_OK


def _plan_line(item: InvitePlan, tz: str) -> str:
    from tui.exchange import invite

    found = item.invite
    line = f"  {cli._plain(item.words)}"
    if item.action is invite.Action.ADD:
        people = ", ".join(cli._plain(p.shown_name) for p in found.interviewers)
        line += f" with {people}" if people else ""
        line += f" ({found.format.value})"
        if found.guessed:
            words = ", ".join(invite.GUESS_WORDS[name] for name in sorted(found.guessed))
            line += f"; guessed: {words}"
    return line
