"""``followup-tui export``: the board as CSV, JSON or iCalendar, to a file or standard output."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli.base import EXIT_OK, UsageError, refuse_demo, write_stdout
from tui.cli.board import board_path, board_profile, opened

if TYPE_CHECKING:
    from tui.model import Application, Profile


_EXPORT_SUFFIXES = {".csv": "csv", ".json": "json", ".ics": "ics"}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``export`` to the CLI's subparsers."""
    export = commands.add_parser(
        "export",
        parents=[common],
        help="write the board as CSV, JSON or iCalendar",
        description="Write the board as CSV (spreadsheets), JSON (scripts) or iCalendar "
        "(an event with an alarm per upcoming follow-up; --todo for to-dos). "
        "Without -o it goes to standard output. "
        "A CSV file written with -o starts with a byte-order mark so that Excel shows "
        "accents correctly; every cell a spreadsheet would run as a formula starts with '.",
    )
    export.add_argument(
        "--format",
        dest="export_format",
        choices=["csv", "json", "ics"],
        help="the format (default: from the -o file's extension)",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    export.add_argument(
        "--todo", action="store_true", help="iCalendar to-dos (VTODO) instead of events"
    )
    export.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tui import dates
    from tui.exchange import output

    refuse_demo(args)
    export_format = args.export_format
    if export_format is None and args.output:
        export_format = _EXPORT_SUFFIXES.get(Path(args.output).suffix.lower())
    if export_format is None:
        raise UsageError("choose a format with --format csv, json or ics")
    if args.todo and export_format != "ics":
        raise UsageError("--todo is for --format ics")
    if args.output is None and export_format != "json" and sys.stdout.isatty():
        raise UsageError(
            f"{export_format.upper()} is not written to a terminal: add -o FILE, or pipe it"
        )
    with opened(args, read_only=True) as store:
        profile = board_profile(store)
        cards = store.applications()
    if export_format == "ics":
        return _export_calendar(args, cards, profile)
    data = output.export_bytes(export_format, cards, profile, now=dates.now())
    if args.output is None:
        # The byte-order mark is for a file that Excel opens, not for a pipe.
        write_stdout(data.removeprefix(b"\xef\xbb\xbf"))
        return EXIT_OK
    try:
        target = output.output_path(args.output, board_path(args))
    except ValueError as error:
        raise UsageError(str(error)) from error
    output.write_file(target, data)
    noun = "card" if len(cards) == 1 else "cards"
    print(f"Exported {len(cards)} {noun} as {export_format.upper()} to {target}")
    return EXIT_OK


def _export_calendar(
    args: argparse.Namespace, cards: Sequence[Application], profile: Profile
) -> int:
    """``export --format ics [--todo] [-o FILE]``: events with alarms (or to-dos). Written to
    a file that holds an earlier export, unchanged follow-ups keep their SEQUENCE and stamps."""
    from tui import dates
    from tui.config import load_config
    from tui.exchange.ics import export_calendar as render
    from tui.exchange.output import output_path, write_file
    from tui.remind.calendar_file import alarms

    config, _ = load_config()
    now = dates.now()
    if args.output is None:
        result = render(cards, profile, now=now, alarms=alarms(config), todo=args.todo)
        write_stdout(result.text.encode("utf-8"))
        return EXIT_OK
    try:
        target = output_path(args.output, board_path(args))
    except ValueError as error:
        raise UsageError(str(error)) from error
    previous = ""
    # Only a file holds an earlier export: reading a pipe (-o /dev/stdout) would wait forever.
    if target.is_file():
        with contextlib.suppress(OSError):  # unreadable: written afresh, or the write says why
            previous = target.read_bytes().decode("utf-8", errors="replace")
    result = render(
        cards, profile, now=now, alarms=alarms(config), todo=args.todo, previous=previous
    )
    write_file(target, result.text.encode("utf-8"))
    print(f"Exported {result.summary()} as ICS to {target}")
    return EXIT_OK
