"""``followup-tui list``: the cards with their next action, as a table or JSON."""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from tui.cli.base import EXIT_OK, PROG, clip, refuse_demo
from tui.cli.board import board_profile, opened
from tui.cli.options import parse_stage
from tui.text_safety import escape_json

if TYPE_CHECKING:
    from tui import rules
    from tui.model import Application


@dataclass(frozen=True)
class _Line:
    card: Application
    action: rules.NextAction


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``list`` to the CLI's subparsers."""
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
    listing.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tui import dates, rules
    from tui.exchange.json_export import card_to_json_doc

    refuse_demo(args)
    stage = parse_stage(args.stage)
    with opened(args, read_only=True) as store:
        profile = board_profile(store)
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
            {**card_to_json_doc(line.card), "next_action": _next_action_doc(line.action)}
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
            clip(line.card.company),
            clip(line.card.role),
            line.card.stage.label,
            clip(line.action.label, 40),
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
