"""Which follow-ups to remind the user of, and the state file that makes each reminder once.

A reminder is for a dated follow-up (a thank-you, a check-in) that the rules call due or
overdue now. Each is known by its card, kind, round and due time, so a new check-in date
is a new reminder and the same one is never repeated, however often ``remind`` runs.

The state file (JSON, in the per-user state folder) keeps, per board, the follow-ups already
reminded of and when ``remind`` last ran. One that cannot be read is rebuilt (with a note):
the follow-ups due now are then reminded of once more, never lost.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tui import rules
from tui.model import Application, MessageKind, Profile

REMINDED_KINDS = frozenset({MessageKind.THANK_YOU, MessageKind.CHECK_IN})
"""The kinds of follow-up ``remind`` tells of: the dated ones."""
STATE_VERSION = 1


@dataclass(frozen=True)
class Reminder:
    """One follow-up to remind the user of."""

    key: str
    card: Application
    action: rules.NextAction

    @property
    def title(self) -> str:
        """'Thank-you due: Acme Analytics' (one line, no control characters)."""
        what = MessageKind(self.action.kind).heading
        state = "overdue" if self.action.severity is rules.Severity.OVERDUE else "due"
        return plain(f"{what} {state}: {self.card.company}")

    @property
    def body(self) -> str:
        """'Data Analyst: thank-you to Jordan overdue by 2h'."""
        return plain(f"{self.card.role}: {self.action.label}")


def plain(text: str) -> str:
    """One line without control characters: user text is data, never terminal control."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def reminder_key(card: Application, action: rules.NextAction) -> str:
    due = action.due_at.strftime("%Y%m%dT%H%M") if action.due_at else "-"
    return f"{card.doc_id}:{action.kind}:{card.round}:{due}"


def due_reminders(cards: Sequence[Application], profile: Profile, now: datetime) -> list[Reminder]:
    """Every dated follow-up due or overdue now, most urgent first."""
    return [
        Reminder(reminder_key(card, action), card, action)
        for card, action in rules.todays_actions(cards, profile, now)
        if action.kind in REMINDED_KINDS and action.due_at is not None
    ]


@dataclass
class BoardState:
    """What the state file knows of one board."""

    reminded: dict[str, str] = field(default_factory=dict)
    """Reminder key -> when it was shown (ISO 8601)."""
    last_run: str = ""


class ReminderState:
    """The state file: read once, changed in memory, written back atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""
        """Why the file could not be read (it is then rebuilt); '' when it was fine."""
        self._boards: dict[str, BoardState] = {}
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, ValueError) as error:
            self.problem = f"{path}: unreadable reminder state ({_why(error)}); starting afresh"
            return
        try:
            self._boards = _boards_from(data)
        except (TypeError, ValueError, KeyError, AttributeError) as error:
            self.problem = f"{path}: unreadable reminder state ({_why(error)}); starting afresh"

    def board(self, board: Path) -> BoardState:
        return self._boards.setdefault(_board_key(board), BoardState())

    def save(self) -> None:
        """Write the file atomically (OSError when it cannot be)."""
        from tui.exchange.output import write_file

        data = {
            "version": STATE_VERSION,
            "boards": {
                name: {"reminded": state.reminded, "last_run": state.last_run}
                for name, state in self._boards.items()
            },
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_file(self.path, (json.dumps(data, indent=1, sort_keys=True) + "\n").encode())


def _why(error: Exception) -> str:
    return error.strerror if isinstance(error, OSError) and error.strerror else str(error)


def _boards_from(data: Any) -> dict[str, BoardState]:
    if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
        raise ValueError("not a followup-tui reminder state file")
    boards: dict[str, BoardState] = {}
    for name, state in data["boards"].items():
        reminded = state.get("reminded", {})
        if not isinstance(reminded, dict):
            raise ValueError("reminded is not a table")
        boards[str(name)] = BoardState(
            {str(key): str(value) for key, value in reminded.items()},
            str(state.get("last_run", "")),
        )
    return boards


def _board_key(board: Path) -> str:
    try:
        return str(board.resolve())
    except OSError:
        return os.path.abspath(board)


def state_file() -> Path:
    """$XDG_STATE_HOME/followup-tui/reminders.json (or the platform's state folder)."""
    import platformdirs

    from tui.paths import APP_NAME

    return platformdirs.user_state_path(APP_NAME) / "reminders.json"


def new_reminders(reminders: Sequence[Reminder], state: BoardState) -> list[Reminder]:
    """The reminders not shown before."""
    return [reminder for reminder in reminders if reminder.key not in state.reminded]


def remember(
    state: BoardState, shown: Sequence[Reminder], due: Sequence[Reminder], now: str
) -> None:
    """Note the reminders shown; forget those no longer due (done, or moved to a new date),
    so the file stays the size of what is due."""
    still_due = {reminder.key for reminder in due}
    state.reminded = {key: at for key, at in state.reminded.items() if key in still_due}
    for reminder in shown:
        state.reminded[reminder.key] = now
