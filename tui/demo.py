"""The demo board: a temporary copy of ``data/demo.json`` with its dates moved up to today.

The shipped board is written around a fixed ``demo_anchor`` moment. Copying it moves every
date by the whole number of days between the anchor's day and today, keeping times of day,
so "thank-you due in 5 hours" and "check in today" stay true whenever the demo is opened.
This module works on the JSON document directly: only ``store.py`` knows TinyDB.
"""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tui import paths

DEMO_FILE_NAME = "board.json"
ANCHOR_KEY = "demo_anchor"
_DATETIME_FIELDS = ("interviewed_at",)
_DATE_FIELDS = ("decision_by", "follow_up_on")


class DemoError(ValueError):
    """The demo board could not be read or has the wrong shape."""


def prepare_demo(
    target_dir: Path, *, now: datetime | None = None, source: Path | None = None
) -> Path:
    """Write a date-shifted copy of the demo board to ``target_dir/board.json`` (mode 0600).

    ``now`` defaults to the local time; the shift is ``now.date() - anchor.date()`` in days,
    each date read in its own offset. The source file is never modified.
    """
    source_file = source if source is not None else paths.demo_board_file()
    try:
        board = json.loads(source_file.read_text(encoding="utf-8"))
    except OSError as error:
        raise DemoError(f"Could not read the demo board {source_file}: {error.strerror}") from error
    except ValueError as error:
        raise DemoError(f"The demo board {source_file} is not valid JSON: {error}") from error
    if not isinstance(board, dict):
        raise DemoError(f"The demo board {source_file} is not a board file.")
    moment = now if now is not None else datetime.now().astimezone()
    anchor = _pop_anchor(board)
    # Without an anchor there is nothing to line up with: the copy keeps its dates.
    shift = timedelta(days=(moment.date() - anchor).days if anchor else 0)
    applications = board.get("applications") or {}
    if not isinstance(applications, dict):
        raise DemoError(f"The demo board {source_file} has no table of cards.")
    try:
        for doc in applications.values():
            if isinstance(doc, dict):
                _shift_card(doc, shift)
    except (TypeError, ValueError) as error:
        raise DemoError(f"The demo board {source_file} has a malformed date: {error}") from error
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / DEMO_FILE_NAME
    _write_private(target, json.dumps(board, ensure_ascii=False, indent=1))
    return target


def _pop_anchor(board: dict[str, Any]) -> date | None:
    """Remove ``demo_anchor`` from the meta documents and return its day, if there was one."""
    anchor: date | None = None
    meta = board.get("meta")
    if isinstance(meta, dict):
        for doc in meta.values():
            if isinstance(doc, dict) and ANCHOR_KEY in doc:
                text = doc.pop(ANCHOR_KEY)
                try:
                    anchor = datetime.fromisoformat(str(text)).date()
                except ValueError as error:
                    raise DemoError(f"The demo anchor {text!r} is not a date and time.") from error
    return anchor


def _shift_card(doc: dict[str, Any], shift: timedelta) -> None:
    """Move one card document's datetimes and dates by ``shift``, in place."""
    for name in _DATETIME_FIELDS:
        if doc.get(name):
            doc[name] = _shift_datetime(doc[name], shift)
    for name in _DATE_FIELDS:
        if doc.get(name):
            doc[name] = (date.fromisoformat(str(doc[name])[:10]) + shift).isoformat()
    for event in doc.get("history") or ():
        if isinstance(event, dict) and event.get("at"):
            event["at"] = _shift_datetime(event["at"], shift)


def _shift_datetime(text: Any, shift: timedelta) -> str:
    """Shift an ISO 8601 timestamp, keeping its offset and its time of day."""
    return (datetime.fromisoformat(str(text)) + shift).isoformat(timespec="seconds")


def _write_private(target: Path, text: str) -> None:
    """Write ``text`` to ``target`` readable by the owner only, even if it already existed."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(target, 0o600)
