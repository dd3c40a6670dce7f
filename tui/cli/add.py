"""``followup-tui add``: a card for an interview, checked as the form checks it."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli.base import EXIT_OK, UsageError, refuse_demo
from tui.cli.board import board_profile, card_summary, opened
from tui.cli.options import parse_stage, read_day_from, read_interviewer, read_when
from tui.text_safety import clean_stored

if TYPE_CHECKING:
    from tui.model import Application


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``add`` to the CLI's subparsers."""
    from tui.model import InterviewFormat

    add = commands.add_parser(
        "add",
        parents=[common],
        help="add a card",
        description="Add a card for an interview.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
    add.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="add the card even if one with the same company and role is on the board",
    )
    add.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from tui import changes, dates
    from tui.model import Application, InterviewFormat, Stage

    refuse_demo(args)
    company, role = clean_stored(args.company).strip(), clean_stored(args.role).strip()
    if not company:
        raise UsageError("--company must not be empty")
    if not role:
        raise UsageError("--role must not be empty")
    stage = parse_stage(args.stage) or Stage.INTERVIEWED
    if args.round < 1:
        raise UsageError("--round must be 1 or more")
    interviewers = tuple(
        read_interviewer(clean_stored(text)) for text in args.interviewer if text.strip()
    )
    with opened(args) as store:
        profile = board_profile(store)
        now = dates.now()
        tz, country = profile.timezone, profile.country
        interviewed_at = read_when("--at", args.at, tz, now, country=country) if args.at else now
        card = Application(
            company=company,
            role=role,
            interviewed_at=interviewed_at,
            stage=stage,
            interviewers=interviewers,
            round=args.round,
            format=InterviewFormat(args.interview_format),
            decision_by=read_day_from(
                "--decision-by", args.decision_by, interviewed_at, tz, now, country=country
            ),
            follow_up_on=read_day_from(
                "--follow-up-on", args.follow_up_on, interviewed_at, tz, now, country=country
            ),
            notes=clean_stored(args.notes),
        )
        if not args.allow_duplicates:
            _refuse_a_duplicate(store.applications(), card)
        saved = store.add(changes.created(card, now), summary=f"Added {company}")
        print(f"Added card {saved.doc_id}: {card_summary(saved, profile, now)}")
    return EXIT_OK


def _refuse_a_duplicate(cards: list[Application], card: Application) -> None:
    """A card with the same company and role is the same process, as the import judges it."""
    from tui.model import duplicate_key

    key = duplicate_key(card)
    same = next((other for other in cards if duplicate_key(other) == key), None)
    if same is not None:
        raise UsageError(
            f"card {same.doc_id} is already {same.company} · {same.role} ({same.stage.label}); "
            "nothing added (--allow-duplicates adds another)"
        )
