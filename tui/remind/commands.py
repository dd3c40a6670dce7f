"""The commands of reminders: ``export --format ics``, ``remind`` and ``status``.

``tui.cli`` calls ``register`` to add ``remind`` and ``status`` to its parser, and hands the
iCalendar export here; each part is imported when its command runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.model import Application, Profile


def export_calendar(
    args: argparse.Namespace, cards: Sequence[Application], profile: Profile
) -> int:
    """``export --format ics [--todo] [-o FILE]``: events with alarms (or to-dos). Written to
    a file that holds an earlier export, unchanged follow-ups keep their SEQUENCE and stamps."""
    from tui import cli, dates, exporters
    from tui.config import load_config
    from tui.exchange.ics import export_calendar as render
    from tui.remind.calendar_file import alarms

    config, _ = load_config()
    now = dates.now()
    if args.output is None:
        result = render(cards, profile, now=now, alarms=alarms(config), todo=args.todo)
        cli._write_stdout(result.text.encode("utf-8"))
        return cli.EXIT_OK
    try:
        target = exporters.output_path(args.output, cli._board_path(args))
    except ValueError as error:
        raise cli.UsageError(str(error)) from error
    try:
        previous = target.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        previous = ""
    result = render(
        cards, profile, now=now, alarms=alarms(config), todo=args.todo, previous=previous
    )
    exporters.write_file(target, result.text.encode("utf-8"))
    print(f"Exported {result.summary()} as ICS to {target}")
    return cli.EXIT_OK
