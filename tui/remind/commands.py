"""The commands of reminders: ``remind`` and ``status`` (``export --format ics`` is
tui/cli/export.py).

``tui.cli.parser`` calls ``register`` to add them to its parser; each part is imported when
its command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.remind.due import Reminder


# --------------------------------------------------------------------------- remind

EXIT_NOTHING_NEW, EXIT_NOTHING_DUE, EXIT_QUIET = 3, 4, 5
"""``remind``'s exit codes besides 0 (reminded of something new), 1 (error), 2 (usage)."""

_REMIND_EPILOG = """\
Shows one desktop notification for each follow-up that has become due or overdue since the
last reminder (a thank-you, a check-in), and never the same one twice. Without a
notification service the reminders are printed instead. It also rewrites calendar_file.

Clicking a notification opens the board on its card, in a terminal: the terminal setting,
else $TERMINAL, else one found on PATH. remind stays --wait seconds (60) to hear the click.

exit codes:
  0  reminded of something new     3  something is due, already reminded of
  4  nothing is due                5  quiet hours: reminders held until they end
  1  error                         2  bad usage

scheduling (every 30 minutes, with the platform's own scheduler):
  --install     a systemd user timer (Linux), a launchd agent (macOS), a task (Windows)
  --uninstall   remove it
  --status      whether it is installed, and when remind last ran

state file: {state}
"""


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``remind`` and ``status`` to the CLI's subparsers."""

    remind = commands.add_parser(
        "remind",
        parents=[common],
        help="desktop notifications for follow-ups that are due",
        description="Remind you of follow-ups that are due, as desktop notifications.",
        epilog=_REMIND_EPILOG.format(state="$XDG_STATE_HOME/followup-tui/reminders.json"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    remind.add_argument(
        "--quiet-hours",
        metavar="FROM-TO",
        help="hold reminders in these hours, e.g. 21-8 (default: the quiet_hours setting; "
        "'' for none)",
    )
    remind.add_argument(
        "--wait",
        metavar="SECONDS",
        type=_wait_seconds,
        help="stay this long after showing reminders, so that clicking one opens the board "
        "on its card (default: the remind_wait_seconds setting, 60; 0 to exit at once)",
    )
    scheduling = remind.add_mutually_exclusive_group()
    scheduling.add_argument("--install", action="store_true", help="run every 30 minutes")
    scheduling.add_argument("--uninstall", action="store_true", help="stop running it")
    scheduling.add_argument("--status", action="store_true", help="installed? last run?")
    remind.set_defaults(handler=run_remind)

    status = commands.add_parser(
        "status",
        parents=[common],
        help="one line for a shell prompt: '2 due · 1 overdue'",
        description="Print what is due, for a shell prompt or a tmux status bar: "
        "'2 due · 1 overdue', or nothing when nothing is due.",
    )
    status.add_argument(
        "--format",
        dest="status_format",
        metavar="FORMAT",
        help="the line's shape, with {due}, {overdue} and {total}; "
        "e.g. '[{total}]' (default: '{due} due · {overdue} overdue', leaving out a zero)",
    )
    status.set_defaults(handler=run_status)


def _wait_seconds(text: str) -> int:
    from tui.remind.settings import parse_wait

    try:
        return parse_wait(text.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def run_remind(args: argparse.Namespace) -> int:
    from tui.cli.base import refuse_demo

    refuse_demo(args)
    if args.install or args.uninstall or args.status:
        from tui.remind import scheduler

        return scheduler.run(args)
    return _remind(args)


def _remind(args: argparse.Namespace) -> int:
    from tui import dates
    from tui.cli.base import EXIT_OK, CommandError, UsageError, warn
    from tui.cli.board import board_path, board_profile, opened
    from tui.config import load_config
    from tui.remind import due as reminders
    from tui.remind.calendar_file import rewrite_for
    from tui.remind.notify import notify
    from tui.remind.settings import parse_quiet_hours

    config, _ = load_config()
    quiet = config.quiet_hours
    if args.quiet_hours is not None:
        try:
            quiet = parse_quiet_hours(args.quiet_hours)
        except ValueError as error:
            raise UsageError(f"--quiet-hours: {error}") from error
    board = board_path(args)
    if not board.exists():
        raise CommandError(f"{board}: no board yet (add a card first)")
    with opened(args, read_only=True) as store:
        profile = board_profile(store)
        cards = store.applications()
    now = dates.now()
    problem = rewrite_for(cards, profile, config)
    if problem:
        warn(problem)
    due = reminders.due_reminders(cards, profile, now)
    state = reminders.ReminderState(reminders.state_file())
    if state.problem:
        warn(state.problem)
    board_state = state.board(board)
    fresh = reminders.new_reminders(due, board_state)
    if quiet is not None and quiet.holds(dates.to_local(now, profile.timezone).hour):
        if fresh:
            print(f"Quiet hours ({quiet}): {len(fresh)} reminder(s) held until {quiet.end}:00")
        return EXIT_QUIET
    wait = config.remind_wait_seconds if args.wait is None else args.wait
    clicked = _click_handler(board, config.terminal) if fresh and wait > 0 else None
    saved: list[OSError] = []
    called: list[bool] = []

    def after_showing(unshown: list[Reminder]) -> None:
        called.append(True)
        # Before any wait for a click: a reminder shown is remembered even if remind is
        # stopped while it waits.
        for reminder in unshown:
            print(f"{reminder.title} - {reminder.body}", flush=True)
        reminders.remember(board_state, fresh, due, now.isoformat(timespec="seconds"))
        board_state.last_run = now.isoformat(timespec="seconds")
        try:
            state.save()
        except OSError as error:
            saved.append(error)
        if clicked is not None and len(unshown) < len(fresh) and sys.stdout.isatty():
            print(f"Click a reminder to open the board on it (waiting {wait} s; Ctrl+C stops).")

    unshown = notify(fresh, on_clicked=clicked, wait_for_clicks=wait, after_showing=after_showing)
    if not called:
        after_showing(unshown)  # nothing was shown (no bus): printed instead
    if saved:
        why = saved[0].strerror or saved[0]
        raise CommandError(f"could not save the reminder state {state.path}: {why}")
    if fresh:
        return EXIT_OK
    return EXIT_NOTHING_NEW if due else EXIT_NOTHING_DUE


def _click_handler(board: Path, setting: str) -> Callable[[Reminder], None] | None:
    """What a click on a reminder does: open a terminal on the board at that card. None
    (with one line saying so) when no terminal is found; the reminders are still shown."""
    from tui.cli.base import warn
    from tui.remind.notify import has_session_bus
    from tui.remind.open_board import find_terminal, open_board

    if not has_session_bus():
        return None  # printed, not shown: nothing to click
    terminal = find_terminal(setting)
    if terminal is None:
        warn(
            "no terminal found to open the board from a reminder: set terminal in the "
            "settings (or $TERMINAL); the reminders are shown all the same"
        )
        return None

    def clicked(reminder: Reminder) -> None:
        if reminder.card.doc_id is None:
            return
        problem = open_board(terminal, board.resolve(), reminder.card.doc_id)
        if problem:
            warn(problem)

    return clicked


def run_status(args: argparse.Namespace) -> int:
    from tui.remind.status import run

    return run(args)
