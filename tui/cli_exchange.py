"""The command line's invite import (``followup-tui import invite.ics``) and reply reading
(``followup-tui reply message.eml``), kept apart from ``tui.cli``, which wires them in.

The same rules as every command: the same Store and lock as the app, one-line errors,
nothing written until the user agrees (``--yes``, or 'y' in a terminal).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui import cli

if TYPE_CHECKING:
    from tui.exchange.invite import InvitePlan
    from tui.model import Application, Profile
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


# --------------------------------------------------------------------------- replies

_REPLY_EPILOG = """\
The message is matched to its card by the sender's address, then by their domain (an
interviewer's, or the company's); --card ID chooses when several match. The reply goes in
the card's history ("Reply from Priya Shah, Tue 8 Dec: <subject>") with its first lines as a
note, and no check-in is due until you say what it said:
  --decision-by DATE   they will decide by then (dates found in the text are suggested)
  --outcome OUTCOME    offer or rejected: the card moves to Outcome
  --next-round WHEN    another interview (the invite, imported, does this too)
  --noted              nothing to record: the follow-up clock runs again
No inbox access: save the message as .eml (every mail client can) and pass the file.

example:
  followup-tui reply ~/Downloads/Re-Thank-you.eml --decision-by fri
"""


def add_reply_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """``followup-tui reply FILE.eml``: wired into the main parser by ``tui.cli``."""
    from tui.model import Outcome

    reply = commands.add_parser(
        "reply",
        parents=[common],
        help="record the employer's reply from a saved email (.eml)",
        description="Record the employer's reply, from a saved email, on its card.",
        epilog=_REPLY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reply.add_argument("file", metavar="FILE.eml", help="the saved message")
    reply.add_argument("--card", type=int, metavar="ID", help="the card it answers")
    act = reply.add_mutually_exclusive_group()
    act.add_argument("--decision-by", metavar="DATE", help="the date they will decide by")
    act.add_argument(
        "--outcome",
        choices=[Outcome.OFFER.value, Outcome.REJECTED.value],
        help="what they decided",
    )
    act.add_argument("--next-round", metavar="WHEN", help="the next interview's date and time")
    act.add_argument("--noted", action="store_true", help="nothing to record")
    reply.set_defaults(handler=run_reply)


def run_reply(args: argparse.Namespace) -> int:
    """Record a reply on its card, and what it says when an option tells."""
    from tui import changes, dates
    from tui.exchange import reply as replies

    cli._refuse_demo(args)
    source = Path(args.file).expanduser()
    data = _read(source)
    try:
        message = replies.read_reply(data)
    except replies.ReplyError as error:
        raise cli.UsageError(f"{source}: {error}") from error
    with cli._board(args) as store:
        profile, mine = user_addresses(store)
        tz = profile.timezone
        if message.email.casefold() in {address.casefold() for address in mine}:
            raise cli.UsageError(
                f"{source}: the message is from you ({message.email}); save their reply, "
                "or forward it to yourself and save that"
            )
        card = _reply_card(store, message, args.card)
        now = dates.now()
        before = card
        if not replies.already_recorded(card, message):
            card = replies.reply_received(card, message, now, tz)
        if args.decision_by:
            day = cli._read_day_from(
                "--decision-by", args.decision_by, card.interviewed_at, tz, now
            )
            card = changes.edited(card, replace(card, decision_by=day), now)
        elif args.outcome:
            from tui.model import Outcome

            card = changes.edited(card, replace(card, outcome=Outcome(args.outcome)), now)
        elif args.next_round:
            when = cli._read_when("--next-round", args.next_round, tz, now)
            card = changes.new_round(card, when, now)
        elif args.noted:
            card = replies.noted(card, now)
        if card == before:
            print(f"Already recorded on card {card.doc_id}; nothing changed.")
            return cli.EXIT_OK
        saved = store.put(card, summary=f"Reply for {card.company}")
    title = f"{cli._plain(saved.company)} - {cli._plain(saved.role)}"
    recorded = next(e for e in reversed(saved.history) if e.kind.value == "reply")
    print(f"Card {saved.doc_id} ({title}): {cli._plain(recorded.summary)}")
    if note := recorded.details.get("note"):
        print(f"  {cli._plain(note)}")
    if not (args.decision_by or args.outcome or args.next_round or args.noted):
        _suggest(message, tz, source)
    print(f"Next: {cli.card_summary(saved, profile, dates.now()).split('; next: ')[-1]}")
    return cli.EXIT_OK


def _reply_card(store: Store, message: Any, chosen: int | None) -> Application:
    from tui.exchange import reply as replies

    cards = store.applications()
    if chosen is not None:
        for card in cards:
            if card.doc_id == chosen:
                return card
        raise cli.UsageError(f"--card {chosen}: no such card (see 'followup-tui list')")
    found = replies.match_cards(message, cards)
    if not found:
        raise cli.CommandError(
            f"no card has {message.email} or their domain; choose one with --card ID "
            "(see 'followup-tui list')"
        )
    if len(found) > 1:
        choices = ", ".join(
            f"{card.doc_id} {cli._plain(card.company)} - {cli._plain(card.role)}"
            for card in found[:6]
        )
        raise cli.UsageError(
            f"several cards match {message.email} ({choices}); choose with --card ID"
        )
    return found[0]


def _suggest(message: Any, tz: str, source: Path) -> None:
    from tui import dates
    from tui.exchange import reply as replies

    found = replies.decision_dates(message, tz)
    outcome = replies.suggested_outcome(message)
    print("No check-in is due until you say what it says:")
    if outcome is not None:
        print(
            f"  it reads like {'an offer' if outcome.value == 'offer' else 'a rejection'}: "
            f"--outcome {outcome.value}"
        )
    for item in found:
        print(
            f'  {dates.short_day(item.day)} ("{cli._plain(item.words)}"): '
            f"--decision-by {item.day.isoformat()}"
        )
    print(f"  or --next-round WHEN, or --noted; e.g. followup-tui reply {source} --noted")
