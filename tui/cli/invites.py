"""``followup-tui import invite.ics``: every interview in a calendar invite, planned, shown,
then added or applied to its card (moved, cancelled, the next round)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.base import EXIT_OK, UsageError, confirm, plain, read_file
from tui.cli.board import board_path, board_profile, card_summary, opened, user_addresses

if TYPE_CHECKING:
    from tui.exchange.invite import InvitePlan
    from tui.store import Store


def run(args: argparse.Namespace) -> int:
    """``followup-tui import FILE.ics``: every event in the file, planned, then applied."""
    from tui import dates
    from tui.exchange import invite

    source = Path(args.file).expanduser()
    data = read_file(source)
    board = board_path(args)

    def plan(store: Store) -> tuple[list[InvitePlan], list[str], str]:
        profile, mine = user_addresses(store)
        try:
            invites, problems = invite.read_invites(data, my_addresses=mine, tz=profile.timezone)
        except invite.InviteError as error:
            raise UsageError(f"{source}: {error}") from error
        plans = invite.plan_invites(invites, store.applications(), profile.timezone)
        return plans, problems, profile.timezone

    with opened(args, read_only=True) as store:
        plans, problems, tz = plan(store)
    for problem in problems:
        print(f"Left out: {plain(problem)}")
    for item in plans:
        print(_plan_line(item, tz))
    todo = [item for item in plans if item.action in invite.CHANGES]
    if not todo:
        print("Nothing to import.")
        return EXIT_OK
    if not args.yes:
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print("Dry run: nothing was changed. Run again with --yes to import.")
            return EXIT_OK
        if not confirm(f"Apply {len(todo)} change{'s' * (len(todo) > 1)} to {board}? [y/N] "):
            print("Nothing was changed.")
            return EXIT_OK
    with opened(args) as store:
        # The board may have changed while the user read the plan: plan again.
        plans, _problems, tz = plan(store)
        profile = board_profile(store)
        now = dates.now()
        for item in plans:
            if item.action not in invite.CHANGES:
                continue
            card = invite.apply_invite(item, now, tz)
            if card.doc_id is None:
                saved = store.add(card, summary=f"Imported {card.company}")
                print(f"Added card {saved.doc_id}: {card_summary(saved, profile, now)}")
            else:
                saved = store.put(card, summary=f"Invite for {card.company}")
                print(f"Updated card {saved.doc_id}: {card_summary(saved, profile, now)}")
    return EXIT_OK


def _plan_line(item: InvitePlan, tz: str) -> str:
    from tui.exchange import invite

    found = item.invite
    line = f"  {plain(item.words)}"
    if item.action is invite.Action.ADD:
        people = ", ".join(plain(p.shown_name) for p in found.interviewers)
        line += f" with {people}" if people else ""
        line += f" ({found.format.value})"
        if found.guessed:
            words = ", ".join(invite.GUESS_WORDS[name] for name in sorted(found.guessed))
            line += f"; guessed: {words}"
    return line
