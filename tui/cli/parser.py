"""The argument parser: the board's own options, then each command's, registered by the
command's module (each imports what it runs only when it runs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui import __version__, paths
from tui.cli.base import PROG, Parser, card_id

_EPILOG = """\
examples:
  followup-tui                         open the board
  followup-tui --demo                  try the app on a demo board (your board is untouched)
  followup-tui --card 12               open the board on card 12 (ids: followup-tui list)
  followup-tui add --company Acme --role "Data Analyst" \\
      --interviewer "Jordan Lee <jordan@acme.example>" --at "today 14:30"
  followup-tui list --due              what needs doing now, most urgent first
  followup-tui list --json             every card, for scripts
  followup-tui export --format ics -o follow-ups.ics
  followup-tui import tracker.csv      show what would be added (add --yes to import)
  followup-tui import invite.ics --yes add the interview from a calendar invite
  followup-tui reply message.eml       record the employer's reply on its card

files:
  board     {board}
            (--db PATH or $FOLLOWUP_TUI_DB chooses another)
  settings  {config}

exit codes: 0 success, 1 error, 2 bad usage or invalid input
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``followup-tui`` and its commands."""
    parser = Parser(
        prog=PROG,
        description="A keyboard-driven board for following up after job interviews.",
        epilog=_EPILOG.format(board=paths.data_file(), config=paths.config_file()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the board file to use")
    parser.add_argument(
        "--demo", action="store_true", help="open a temporary copy of the demo board"
    )
    parser.add_argument(
        "--card",
        dest="open_card",
        type=card_id,
        metavar="ID",
        help="open the board on this card, its draft shown (a reminder's click does this)",
    )
    parser.set_defaults(handler=_run_board)

    # --db is accepted after the command too; SUPPRESS keeps the main parser's value otherwise.
    common = Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the board file")

    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    # In the order --help lists them. Each module's own imports wait until its command runs.
    from tui.cli import add, export, importing, listing, reply
    from tui.completion import add_completion_parser
    from tui.remind.commands import register as register_reminders
    from tui.serve import add_serve_parser

    add.register(commands, common)
    listing.register(commands, common)
    export.register(commands, common)
    importing.register(commands, common)
    register_reminders(commands, common)  # remind, status
    reply.register(commands, common)
    add_completion_parser(commands)
    add_serve_parser(commands, common)
    return parser


def _run_board(args: argparse.Namespace) -> int:
    from tui.launch import run_tui  # Textual is heavy: load it only to open the board.

    return run_tui(
        Path(args.db).expanduser() if args.db else None, demo=args.demo, card=args.open_card
    )
