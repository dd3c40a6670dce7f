"""``followup-tui import FILE.csv``: cards from a spreadsheet or an export, planned, shown,
then added (``FILE.ics`` goes to tui.cli.invites)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.base import (
    EXIT_OK,
    EXIT_USAGE,
    CommandError,
    UsageError,
    clip,
    confirm,
    plain,
    refuse_demo,
    warn,
)
from tui.cli.board import board_path, board_profile, opened

if TYPE_CHECKING:
    from tui.exchange.csv_import import CsvSource, ImportPlan
    from tui.model import Application, Profile
    from tui.progress import Progress
    from tui.store import Store


_IMPORT_EPILOG = """\
Columns are matched by name, in any order and case: company (employer, organisation),
role (position, title, job), interviewer (contact), email, date (interview date,
interviewed at), stage (status), notes (comments), and every column that
'followup-tui export --format csv' writes, so an exported board imports back exactly.

Nothing is written until you agree: with --yes the cards are added at once; in a
terminal you are asked first; otherwise (a script, a pipe) it is a dry run that only
reports. Rows with the same company and role as a card on the board (or an earlier row)
are reported and left out unless --allow-duplicates is given.

invites: FILE.ics (saved from your mail or calendar) adds a card per interview: time,
people (not you, rooms or those who declined), company and role from the title, format
from the link or address. The same invite updated moves the interview; a cancellation is
recorded on the card; a new invite for a card's company and role is its next round. Your
addresses: the profile's email and my_addresses in the settings file.
"""


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``import`` to the CLI's subparsers."""
    importing = commands.add_parser(
        "import",
        parents=[common],
        help="add cards from a CSV file or an .ics invite",
        description=(
            "Add cards from a CSV file (a followup-tui export or a spreadsheet), or from an "
            ".ics invite saved from your mail or calendar."
        ),
        epilog=_IMPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    importing.add_argument(
        "file", metavar="FILE", help="a CSV file, or an .ics invite (see 'invites' below)"
    )
    importing.add_argument("--yes", "-y", action="store_true", help="import without asking")
    importing.add_argument(
        "--dates",
        choices=["mdy", "dmy"],
        help="read dates such as 05/06/2026 month first (mdy, US) or day first (dmy); "
        "needed only when no date in the column decides it",
    )
    importing.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="also add rows that look like cards already on the board",
    )
    importing.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """``import FILE.csv``: the file is streamed (read row by row, in two passes), so only
    the board itself is whole in memory; a large one shows a progress bar on a terminal."""
    from tui.exchange import csv_import

    refuse_demo(args)
    source = Path(args.file).expanduser()
    if source.suffix.lower() == ".ics":
        from tui.cli import invites

        return invites.run(args)
    try:
        encoding = csv_import.file_encoding(source)
        if encoding is not None:
            rows = csv_import.CsvSource.from_file(source, encoding)
        else:  # a byte that is not UTF-8: the whole file is read to say where
            text, problems = csv_import.decode_csv_reporting(source.read_bytes())
            for problem in problems:
                warn(f"{source.name}: {problem}")
            rows = csv_import.CsvSource.from_text(text)
    except OSError as error:
        raise CommandError(f"could not read {source}: {error.strerror or error}") from error
    board = board_path(args)
    from tui.progress import Progress

    progress = Progress(rows.size >= PROGRESS_BYTES and sys.stdout.isatty())
    if not args.yes:
        with opened(args, read_only=True) as store:
            profile = board_profile(store)
            plan = _plan(rows, source, store, profile, args.dates, progress)
        _report(plan, args.allow_duplicates)
        planned = plan.to_add_total + (plan.duplicates_total if args.allow_duplicates else 0)
        if not planned:
            return _nothing_to_import(plan)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print("Dry run: nothing was added. Run again with --yes to import.")
            return EXIT_OK
        if not confirm(f"Add {_cards(planned)} to {board}? [y/N] "):
            print("Nothing was added.")
            return EXIT_OK
    with opened(args) as store:
        # Under the lock: the board may have changed while the user read the plan, so the
        # duplicates are checked again (with --yes this is the only pass).
        profile = board_profile(store)
        plan = _plan(rows, source, store, profile, args.dates, progress, keep_cards=True)
        if args.yes:
            _report(plan, args.allow_duplicates)
        cards = plan.cards + (plan.duplicate_cards if args.allow_duplicates else [])
        if not cards:
            return _nothing_to_import(plan)
        with progress.working(f"Saving {_cards(len(cards))}"):
            store.add_many(cards, summary=f"Imported {_cards(len(cards))}")
    print(f"Added {_cards(len(cards))} to {board}.")
    return EXIT_OK


PROGRESS_BYTES = 1_000_000
"""A CSV this large (about 4,000 rows) shows a progress bar while it is imported."""


def _nothing_to_import(plan: ImportPlan) -> int:
    print("Nothing to import.")
    bad = plan.skipped_total or plan.unknown_stages or plan.ambiguous_dates
    return EXIT_USAGE if bad and not plan.duplicates_total else EXIT_OK


def _cards(count: int) -> str:
    return f"{count:,} card" if count == 1 else f"{count:,} cards"


def _plan(
    rows: CsvSource,
    source: Path,
    store: Store,
    profile: Profile,
    date_order: str | None,
    progress: Progress,
    *,
    keep_cards: bool = False,
) -> ImportPlan:
    from tui import dates
    from tui.exchange.csv_import import ImportFormatError, plan_file

    try:
        with progress.working("Reading rows", fraction=True) as advance:
            return plan_file(
                rows,
                store.applications(),
                tz=profile.timezone,
                now=dates.now(),
                date_order=date_order,
                keep_cards=keep_cards,
                progress=advance,
            )
    except ImportFormatError as error:
        raise UsageError(f"{source}: {error}") from error


def _report(plan: ImportPlan, allow_duplicates: bool) -> None:
    """Say what the import will do, row by row."""
    if plan.ignored_columns:
        ignored = ", ".join(repr(header) for header in plan.ignored_columns)
        print(f"Ignoring columns: {ignored}")
    if plan.to_add_total:
        print(f"To add ({plan.to_add_total:,}):")
        for item in plan.to_add:
            print(f"  row {item.row}: {_row_text(item.card)}")
        _more(plan.to_add_total - len(plan.to_add))
    if plan.duplicates_total:
        what = "added anyway" if allow_duplicates else "left out; --allow-duplicates adds them"
        print(f"Possible duplicates ({plan.duplicates_total:,}, {what}):")
        for item in plan.duplicates:
            print(f"  row {item.row}: {_row_text(item.card)}: {item.duplicate_of}")
        _more(plan.duplicates_total - len(plan.duplicates))
    if plan.skipped_total:
        print(f"Skipped rows ({plan.skipped_total:,}):")
        for skipped in plan.skipped:
            print(f"  row {skipped.row}: {plain(skipped.reason)}")
        _more(plan.skipped_total - len(plan.skipped))
    _report_sheet(plan)


def _more(count: int) -> None:
    if count > 0:
        print(f"  ... and {count:,} more")


def _report_sheet(plan: ImportPlan) -> None:
    """What the import read from the sheet as a whole: unknown status words (once each),
    the date order of each column, and columns whose order only the user can give."""
    from tui.exchange.csv_import import known_stage_words

    if plan.unknown_stages:
        words = "; ".join(
            f"{plain(word)!r} (row{'s' * (len(rows) > 1)} {', '.join(map(str, rows))})"
            for word, rows in plan.unknown_stages.items()
        )
        count = sum(len(rows) for rows in plan.unknown_stages.values())
        print(f"Unknown stage words, {_cards(count).replace('card', 'row')} left out: {words}")
        print(f"  (a stage is {known_stage_words()})")
    for header, order in plan.date_orders.items():
        words = "month first (US)" if order == "mdy" else "day first"
        print(f"Dates in {plain(header)!r} read {words}.")
    for header in plan.ambiguous_dates:
        print(
            f"Every date in {plain(header)!r} reads both ways (05/06/2026): "
            "run again with --dates mdy (month first) or --dates dmy (day first)."
        )


def _row_text(card: Application) -> str:
    return f"{clip(card.company, 60)} - {clip(card.role, 60)} ({card.stage.label})"
