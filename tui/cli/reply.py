"""``followup-tui reply message.eml``: the employer's reply recorded on its card, and what it
says when an option tells (a decision date, the outcome, the next round, or nothing)."""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.base import EXIT_OK, CommandError, UsageError, plain, read_file, refuse_demo
from tui.cli.board import card_summary, opened, user_addresses
from tui.cli.options import read_day_from, read_when

if TYPE_CHECKING:
    from tui.model import Application
    from tui.store import Store


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


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """``followup-tui reply FILE.eml``: wired into the main parser by ``tui.cli.parser``."""
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
    reply.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Record a reply on its card, and what it says when an option tells."""
    from tui import changes, dates
    from tui.exchange import reply as replies

    refuse_demo(args)
    source = Path(args.file).expanduser()
    data = read_file(source)
    try:
        message = replies.read_reply(data)
    except replies.ReplyError as error:
        raise UsageError(f"{source}: {error}") from error
    with opened(args) as store:
        profile, mine = user_addresses(store)
        tz, country = profile.timezone, profile.country
        if message.email.casefold() in {address.casefold() for address in mine}:
            raise UsageError(
                f"{source}: the message is from you ({message.email}); save their reply, "
                "or forward it to yourself and save that"
            )
        card = _reply_card(store, message, args.card)
        now = dates.now()
        before = card
        if not replies.already_recorded(card, message):
            card = replies.reply_received(card, message, now, tz)
        if args.decision_by:
            day = read_day_from(
                "--decision-by", args.decision_by, card.interviewed_at, tz, now, country=country
            )
            card = changes.edited(card, replace(card, decision_by=day), now)
        elif args.outcome:
            from tui.model import Outcome

            card = changes.edited(card, replace(card, outcome=Outcome(args.outcome)), now)
        elif args.next_round:
            when = read_when("--next-round", args.next_round, tz, now, country=country)
            card = changes.new_round(card, when, now)
        elif args.noted:
            card = replies.noted(card, now)
        if card == before:
            print(f"Already recorded on card {card.doc_id}; nothing changed.")
            return EXIT_OK
        saved = store.put(card, summary=f"Reply for {card.company}")
    title = f"{plain(saved.company)} - {plain(saved.role)}"
    recorded = next(e for e in reversed(saved.history) if e.kind.value == "reply")
    print(f"Card {saved.doc_id} ({title}): {plain(recorded.summary)}")
    if note := recorded.details.get("note"):
        print(f"  {plain(note)}")
    if not (args.decision_by or args.outcome or args.next_round or args.noted):
        _suggest(message, tz, source)
    print(f"Next: {card_summary(saved, profile, dates.now()).split('; next: ')[-1]}")
    return EXIT_OK


def _reply_card(store: Store, message: Any, chosen: int | None) -> Application:
    from tui.exchange import reply as replies

    cards = store.applications()
    if chosen is not None:
        for card in cards:
            if card.doc_id == chosen:
                return card
        raise UsageError(f"--card {chosen}: no such card (see 'followup-tui list')")
    found = replies.match_cards(message, cards)
    if not found:
        raise CommandError(
            f"no card has {message.email} or their domain; choose one with --card ID "
            "(see 'followup-tui list')"
        )
    if len(found) > 1:
        choices = ", ".join(
            f"{card.doc_id} {plain(card.company)} - {plain(card.role)}" for card in found[:6]
        )
        raise UsageError(f"several cards match {message.email} ({choices}); choose with --card ID")
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
            f'  {dates.short_day(item.day)} ("{plain(item.words)}"): '
            f"--decision-by {item.day.isoformat()}"
        )
    print(f"  or --next-round WHEN, or --noted; e.g. followup-tui reply {source} --noted")
