"""The command line: open the board, or add, list, export and import cards from a shell.

Every command goes through the same Store (and lock) as the app. Errors are one line on
stderr, never a traceback. Exit codes: 0 success, 1 an error, 2 bad usage or invalid input.

Each command imports the parts of followup-tui it uses when it runs (the standard-library
modules below are loaded by Textual anyway): opening the board, the usual start, loads only
the app and what the app needs, and no command but that one loads Textual.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shlex
import sys
import time as clock
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from tui import __version__, paths
from tui.text_safety import clean_stored, escape_json, for_display

if TYPE_CHECKING:
    from tui import exporters, rules
    from tui.exchange.csv_import import CsvSource
    from tui.model import Application, Interviewer, Profile, Stage
    from tui.progress import Progress
    from tui.store import Store

PROG = "followup-tui"
LOCK_WAIT_SECONDS = 5.0
"""How long a command waits for the board while another followup-tui holds it."""

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
MAX_CELL = 30
"""Longest company or role shown in the table; longer ones end with '…'."""


class UsageError(Exception):
    """Bad arguments or invalid input: one line for the user, exit code 2."""


class CommandError(Exception):
    """A command could not be carried out: one line for the user, exit code 1."""


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (argparse prints the whole usage block otherwise)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


# --------------------------------------------------------------------------- the parser

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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``followup-tui`` and its commands."""
    from tui.model import InterviewFormat

    formatter = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog=PROG,
        description="A keyboard-driven board for following up after job interviews.",
        epilog=_EPILOG.format(board=paths.data_file(), config=paths.config_file()),
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("--db", metavar="PATH", help="the board file to use")
    parser.add_argument(
        "--demo", action="store_true", help="open a temporary copy of the demo board"
    )
    parser.add_argument(
        "--card",
        dest="open_card",
        type=_card_id,
        metavar="ID",
        help="open the board on this card, its draft shown (a reminder's click does this)",
    )
    parser.set_defaults(handler=_run_board)

    # --db is accepted after the command too; SUPPRESS keeps the main parser's value otherwise.
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="the board file")

    commands = parser.add_subparsers(title="commands", metavar="COMMAND")

    add = commands.add_parser(
        "add",
        parents=[common],
        help="add a card",
        description="Add a card for an interview.",
        formatter_class=formatter,
        epilog='example:\n  followup-tui add --company Acme --role "Data Analyst" '
        '--interviewer "Jordan Lee <jordan@acme.example>" --at "yesterday 14:30"',
    )
    add.add_argument("--company", required=True, help="the employer")
    add.add_argument("--role", required=True, help="the job")
    add.add_argument(
        "--interviewer",
        action="append",
        default=[],
        metavar='"NAME <EMAIL>"',
        help="someone you met (repeat for several); the form's \"NAME | TITLE | EMAIL | "
        'about: ..." works too',
    )
    add.add_argument(
        "--at",
        metavar="WHEN",
        help='when the interview was, e.g. "2026-11-24 14:30", "today 9am", "fri 10am" '
        "(default: now)",
    )
    add.add_argument("--stage", help="the column (default: interviewed)")
    add.add_argument("--round", type=int, default=1, help="the interview round (default: 1)")
    add.add_argument(
        "--format",
        dest="interview_format",
        choices=[f.value for f in InterviewFormat],
        default=InterviewFormat.VIDEO.value,
        help="how the interview took place (default: video)",
    )
    add.add_argument("--decision-by", metavar="DATE", help="when they said they would decide")
    add.add_argument("--follow-up-on", metavar="DATE", help="when they said to check in")
    add.add_argument("--notes", default="", help="anything worth remembering")
    add.set_defaults(handler=_run_add)

    listing = commands.add_parser(
        "list",
        parents=[common],
        help="list cards with their next action",
        description="List the cards with their next action.",
    )
    listing.add_argument("--stage", help="only this column")
    listing.add_argument(
        "--due", action="store_true", help="only what needs doing now, most urgent first"
    )
    listing.add_argument("--json", action="store_true", help="JSON for scripts")
    listing.set_defaults(handler=_run_list)

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
    export.set_defaults(handler=_run_export)

    importing = commands.add_parser(
        "import",
        parents=[common],
        help="add cards from a CSV file",
        description="Add cards from a CSV file (a followup-tui export or a spreadsheet).",
        epilog=_IMPORT_EPILOG,
        formatter_class=formatter,
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
    importing.set_defaults(handler=_run_import)

    from tui.remind.commands import register as register_reminders

    register_reminders(commands, common)  # remind, status

    from tui.cli_exchange import add_reply_parser

    add_reply_parser(commands, common)

    from tui.completion import add_completion_parser

    add_completion_parser(commands)

    from tui.serve import add_serve_parser

    add_serve_parser(commands, common)
    return parser


# --------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run followup-tui with these arguments (default: the command line); returns the exit code."""
    try:
        args = build_parser().parse_args(argv)
        handler: Callable[[argparse.Namespace], int] = args.handler
        return handler(args)
    except UsageError as error:
        _error(str(error))
        return EXIT_USAGE
    except SystemExit as leaving:  # --help and --version
        code = leaving.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_ERROR)
    except CommandError as error:
        _error(str(error))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`followup-tui list | head`): not an error worth a message.
        _silence_stdout()
        return EXIT_OK
    except Exception as error:
        _error(_describe_failure(error))
        return EXIT_ERROR


def _describe_failure(error: Exception) -> str:
    """One line for an error no command turned into a message: the store's, the system's,
    or (the last resort, never a traceback) anything else."""
    # The store's errors can only come from a loaded store: looking it up rather than
    # importing it keeps it off the start-up path, and cannot fail a second time here.
    store = sys.modules.get("tui.store")
    if store is not None and isinstance(error, store.SaveError):
        # The store's own message promises a retry from memory, which a command that is
        # about to exit cannot keep.
        cause = error.cause
        reason = cause.strerror if isinstance(cause, OSError) and cause.strerror else cause
        return f"could not save {error.path}: {reason}"
    if store is not None and isinstance(error, store.StoreError):
        return str(error)
    if isinstance(error, OSError):
        return _describe_os_error(error)
    return f"unexpected error: {error.__class__.__name__}: {error}"


def _error(message: str) -> None:
    print(f"{PROG}: {_one_line(message)}", file=sys.stderr)


def _warn(message: str) -> None:
    print(f"{PROG}: warning: {_one_line(message)}", file=sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(for_display(text).split())


def _describe_os_error(error: OSError) -> str:
    where = f"{error.filename}: " if error.filename else ""
    return f"{where}{error.strerror or error}"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# --------------------------------------------------------------------------- shared parts


def _board_path(args: argparse.Namespace) -> Path:
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
            # Jitter so two waiting commands do not retry in lockstep.
            clock.sleep(random.uniform(0.02, 0.08))
            continue
        for warning in store.warnings:
            _warn(warning)
        if copies := store.conflict_copies():
            # Merging asks questions, so it is the app's: the CLI only says they are there.
            names = ", ".join(copy.name for copy in copies)
            _warn(
                f"a sync tool left {len(copies)} conflict "
                f"{'copy' if len(copies) == 1 else 'copies'} of the board beside it ({names}); "
                f"open the board in the app ({PROG} --db {shlex.quote(str(path))}) to merge "
                f"{'it' if len(copies) == 1 else 'them'}"
            )
        return store


@contextlib.contextmanager
def _board(args: argparse.Namespace, *, read_only: bool = False) -> Iterator[Store]:
    store = open_store(_board_path(args), read_only=read_only)
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
        _warn(f"{problem}; the board was saved")


def _profile(store: Store) -> Profile:
    """The profile as the app sees it: settings from config.toml laid over the stored one."""
    from tui.config import effective_profile, load_config, zone_problem

    config, problems = load_config()
    stored = store.profile()
    if not config.timezone and (problem := zone_problem(stored)):
        problems.append(problem)
    for problem in problems:
        _warn(problem)
    return effective_profile(stored, config)


def _plain(text: str) -> str:
    """Text safe on one terminal line: newlines become spaces; escapes and controls are shown
    as a mark, bidi overrides become isolates (tui.text_safety.for_display)."""
    return for_display(text).strip()


def _clip(text: str, width: int = MAX_CELL) -> str:
    text = _plain(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _when(moment: datetime | date | None, tz: str) -> str:
    from tui import dates

    if moment is None:
        return ""
    if isinstance(moment, datetime):
        local = dates.to_local(moment, tz)
        # Check-ins are due from the start of a day: the day alone says it better than 00:00.
        if local.time() != time(0, 0):
            return dates.short_datetime(moment, tz)
        moment = local.date()
    return dates.short_day(moment)


def _next_action_doc(action: rules.NextAction) -> dict[str, Any]:
    due = action.due_at
    return {
        "kind": str(action.kind),
        "label": action.label,
        "due_at": due.isoformat() if due is not None else None,
        "severity": action.severity.name.lower(),
    }


def card_summary(card: Application, profile: Profile, now: datetime) -> str:
    """One line about a card: 'Acme - Analyst (Interviewed, Tue 24 Nov 14:30 with Jo Lee);
    next: thank-you due in 23h'."""
    from tui import dates, rules

    action = rules.next_action(card, profile, now)
    people = ", ".join(_plain(p.name or p.email) for p in card.interviewers)
    with_people = f" with {people}" if people else ""
    return (
        f"{_plain(card.company)} - {_plain(card.role)} ({card.stage.label}, "
        f"{dates.short_datetime(card.interviewed_at, profile.timezone)}{with_people}); "
        f"next: {_plain(action.label)}"
    )


def _parse_stage(text: str | None) -> Stage | None:
    from tui.model import Stage

    if text is None:
        return None
    try:
        return Stage.parse(text)
    except ValueError as error:
        raise UsageError(f"--stage: {error}") from error


# --------------------------------------------------------------------------- commands


def _run_board(args: argparse.Namespace) -> int:
    from tui.app import run_tui  # Textual is heavy: load it only to open the board.

    return run_tui(
        Path(args.db).expanduser() if args.db else None, demo=args.demo, card=args.open_card
    )


def _card_id(text: str) -> int:
    """A card id as ``list`` shows it: a whole number from 1."""
    if not text.strip().isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a card id such as 12, found {text!r}")
    return int(text)


def _refuse_demo(args: argparse.Namespace) -> None:
    """--demo and --card open the board: a command cannot take them."""
    for option, given in (("--demo", args.demo), ("--card", args.open_card is not None)):
        if given:
            raise UsageError(f"{option} opens the board; it cannot be used with a command")


def _run_add(args: argparse.Namespace) -> int:
    from tui import changes, dates
    from tui.model import Application, InterviewFormat, Stage

    _refuse_demo(args)
    company, role = clean_stored(args.company).strip(), clean_stored(args.role).strip()
    if not company:
        raise UsageError("--company must not be empty")
    if not role:
        raise UsageError("--role must not be empty")
    stage = _parse_stage(args.stage) or Stage.INTERVIEWED
    if args.round < 1:
        raise UsageError("--round must be 1 or more")
    interviewers = tuple(
        _read_interviewer(clean_stored(text)) for text in args.interviewer if text.strip()
    )
    with _board(args) as store:
        profile = _profile(store)
        now = dates.now()
        tz = profile.timezone
        interviewed_at = _read_when("--at", args.at, tz, now) if args.at else now
        card = Application(
            company=company,
            role=role,
            interviewed_at=interviewed_at,
            stage=stage,
            interviewers=interviewers,
            round=args.round,
            format=InterviewFormat(args.interview_format),
            decision_by=_read_day_from("--decision-by", args.decision_by, interviewed_at, tz, now),
            follow_up_on=_read_day_from(
                "--follow-up-on", args.follow_up_on, interviewed_at, tz, now
            ),
            notes=clean_stored(args.notes),
        )
        saved = store.add(changes.created(card, now), summary=f"Added {company}")
        print(f"Added card {saved.doc_id}: {card_summary(saved, profile, now)}")
    return EXIT_OK


def _read_interviewer(text: str) -> Interviewer:
    """One --interviewer; text whose <...> holds no email address is refused, not stored."""
    from tui.people import read_person

    person, problem = read_person(text)
    if problem is not None:
        raise UsageError(
            f'--interviewer {text!r}: {problem} (write "NAME <EMAIL>", NAME, or the form\'s '
            '"NAME | TITLE | EMAIL | about: ...")'
        )
    return person


def _read_when(option: str, text: str, tz: str, now: datetime) -> datetime:
    from tui import dates

    try:
        return dates.parse_datetime(text, tz, now=now, past=True)
    except dates.DateInputError as error:
        raise UsageError(f"{option} {text!r}: {error}") from error


def _read_day_from(
    option: str, text: str | None, interviewed_at: datetime, tz: str, now: datetime
) -> date | None:
    """A decision or check-in date, refused when it falls before the interview (as the form
    refuses it)."""
    from tui import dates, rules

    if not text:
        return None
    try:
        day = dates.parse_date(text, tz, now=now)
    except dates.DateInputError as error:
        raise UsageError(f"{option} {text!r}: {error}") from error
    problem = rules.date_before_interview_problem(day, interviewed_at, tz)
    if problem is not None:
        raise UsageError(f"{option} {text!r}: {problem}")
    return day


@dataclass(frozen=True)
class _Line:
    card: Application
    action: rules.NextAction


def _run_list(args: argparse.Namespace) -> int:
    from tui import dates, exporters, rules

    _refuse_demo(args)
    stage = _parse_stage(args.stage)
    with _board(args, read_only=True) as store:
        profile = _profile(store)
        cards = [c for c in store.applications() if stage is None or c.stage is stage]
    now = dates.now()
    if args.due:
        lines = [_Line(card, action) for card, action in rules.todays_actions(cards, profile, now)]
    else:

        def board_order(card: Application) -> tuple[int, tuple[int, float, float, str]]:
            return (card.stage.position, rules.urgency_key(card, profile, now))

        ordered = sorted(cards, key=board_order)
        lines = [_Line(card, rules.next_action(card, profile, now)) for card in ordered]
    if args.json:
        documents = [
            {**exporters.card_to_json_doc(line.card), "next_action": _next_action_doc(line.action)}
            for line in lines
        ]
        print(escape_json(json.dumps(documents, ensure_ascii=False, indent=2)))
        return EXIT_OK
    if not lines:
        if args.due:
            print("Nothing needs doing now.")
        elif cards or stage is not None:
            print("No cards in this column.")
        else:
            print(f'No cards yet. Add one with: {PROG} add --company ACME --role "ROLE"')
        return EXIT_OK
    print(_table(lines, profile.timezone, due=args.due))
    return EXIT_OK


def _table(lines: list[_Line], tz: str, *, due: bool) -> str:
    """Aligned columns: id, company, role, stage, next action, when (and how urgent)."""
    header = ["ID", "COMPANY", "ROLE", "STAGE", "NEXT ACTION", "DUE"]
    if due:
        header.append("URGENCY")
    rows = [header]
    for line in lines:
        row = [
            str(line.card.doc_id),
            _clip(line.card.company),
            _clip(line.card.role),
            line.card.stage.label,
            _clip(line.action.label, 40),
            _when(line.action.due_at, tz),
        ]
        if due:
            row.append(line.action.severity.name.lower())
        rows.append(row)
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


_EXPORT_SUFFIXES = {".csv": "csv", ".json": "json", ".ics": "ics"}


def _run_export(args: argparse.Namespace) -> int:
    from tui import dates, exporters

    _refuse_demo(args)
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
    with _board(args, read_only=True) as store:
        profile = _profile(store)
        cards = store.applications()
    if export_format == "ics":
        from tui.remind.commands import export_calendar

        return export_calendar(args, cards, profile)
    data = exporters.export_bytes(export_format, cards, profile, now=dates.now())
    if args.output is None:
        # The byte-order mark is for a file that Excel opens, not for a pipe.
        _write_stdout(data.removeprefix(b"\xef\xbb\xbf"))
        return EXIT_OK
    try:
        target = exporters.output_path(args.output, _board_path(args))
    except ValueError as error:
        raise UsageError(str(error)) from error
    exporters.write_file(target, data)
    noun = "card" if len(cards) == 1 else "cards"
    print(f"Exported {len(cards)} {noun} as {export_format.upper()} to {target}")
    return EXIT_OK


def _write_stdout(data: bytes) -> None:
    """Bytes as they are (CRLF stays CRLF on every platform), else text."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:
        sys.stdout.write(data.decode("utf-8"))


def _run_import(args: argparse.Namespace) -> int:
    """``import FILE.csv``: the file is streamed (read row by row, in two passes), so only
    the board itself is whole in memory; a large one shows a progress bar on a terminal."""
    from tui.exchange import csv_import

    _refuse_demo(args)
    source = Path(args.file).expanduser()
    if source.suffix.lower() == ".ics":
        from tui.cli_exchange import run_invite_import

        return run_invite_import(args)
    try:
        encoding = csv_import.file_encoding(source)
        if encoding is not None:
            rows = csv_import.CsvSource.from_file(source, encoding)
        else:  # a byte that is not UTF-8: the whole file is read to say where
            text, problems = csv_import.decode_csv_reporting(source.read_bytes())
            for problem in problems:
                _warn(f"{source.name}: {problem}")
            rows = csv_import.CsvSource.from_text(text)
    except OSError as error:
        raise CommandError(f"could not read {source}: {error.strerror or error}") from error
    board_path = _board_path(args)
    from tui.progress import Progress

    progress = Progress(rows.size >= PROGRESS_BYTES and sys.stdout.isatty())
    if not args.yes:
        with _board(args, read_only=True) as store:
            profile = _profile(store)
            plan = _plan(rows, source, store, profile, args.dates, progress)
        _report(plan, args.allow_duplicates)
        planned = plan.to_add_total + (plan.duplicates_total if args.allow_duplicates else 0)
        if not planned:
            return _nothing_to_import(plan)
        if not (sys.stdin.isatty() and sys.stdout.isatty()):
            print("Dry run: nothing was added. Run again with --yes to import.")
            return EXIT_OK
        if not _confirm(f"Add {_cards(planned)} to {board_path}? [y/N] "):
            print("Nothing was added.")
            return EXIT_OK
    with _board(args) as store:
        # Under the lock: the board may have changed while the user read the plan, so the
        # duplicates are checked again (with --yes this is the only pass).
        profile = _profile(store)
        plan = _plan(rows, source, store, profile, args.dates, progress, keep_cards=True)
        if args.yes:
            _report(plan, args.allow_duplicates)
        cards = plan.cards + (plan.duplicate_cards if args.allow_duplicates else [])
        if not cards:
            return _nothing_to_import(plan)
        with progress.working(f"Saving {_cards(len(cards))}"):
            store.add_many(cards, summary=f"Imported {_cards(len(cards))}")
    print(f"Added {_cards(len(cards))} to {board_path}.")
    return EXIT_OK


PROGRESS_BYTES = 1_000_000
"""A CSV this large (about 4,000 rows) shows a progress bar while it is imported."""


def _nothing_to_import(plan: exporters.ImportPlan) -> int:
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
) -> exporters.ImportPlan:
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


def _report(plan: exporters.ImportPlan, allow_duplicates: bool) -> None:
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
            print(f"  row {skipped.row}: {_plain(skipped.reason)}")
        _more(plan.skipped_total - len(plan.skipped))
    _report_sheet(plan)


def _more(count: int) -> None:
    if count > 0:
        print(f"  ... and {count:,} more")


def _report_sheet(plan: exporters.ImportPlan) -> None:
    """What the import read from the sheet as a whole: unknown status words (once each),
    the date order of each column, and columns whose order only the user can give."""
    from tui.exchange.csv_import import known_stage_words

    if plan.unknown_stages:
        words = "; ".join(
            f"{_plain(word)!r} (row{'s' * (len(rows) > 1)} {', '.join(map(str, rows))})"
            for word, rows in plan.unknown_stages.items()
        )
        count = sum(len(rows) for rows in plan.unknown_stages.values())
        print(f"Unknown stage words, {_cards(count).replace('card', 'row')} left out: {words}")
        print(f"  (a stage is {known_stage_words()})")
    for header, order in plan.date_orders.items():
        words = "month first (US)" if order == "mdy" else "day first"
        print(f"Dates in {_plain(header)!r} read {words}.")
    for header in plan.ambiguous_dates:
        print(
            f"Every date in {_plain(header)!r} reads both ways (05/06/2026): "
            "run again with --dates mdy (month first) or --dates dmy (day first)."
        )


def _row_text(card: Application) -> str:
    return f"{_clip(card.company, 60)} - {_clip(card.role, 60)} ({card.stage.label})"


def _confirm(question: str) -> bool:
    try:
        answer = input(question)
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")
