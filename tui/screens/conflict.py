"""A card changed both here and in another copy of the board: what differs, and which to keep;
and the conflict copies sync tools leave beside the board, offered for merging at open."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import App

from .. import dates
from ..model import Application
from ..model_docs import application_to_doc
from ..store import Store, StoreError
from ..store.sync import MERGED_SUFFIX, DiskChange, copy_maker
from ..widgets.notice import tell
from .exchange import ChoiceScreen

_SHOWN = 60


def conflict_choice(mine: Application, theirs: Application) -> ChoiceScreen:
    """The dialog: each field that differs, this copy's value above the other's."""
    here, there = application_to_doc(mine), application_to_doc(theirs)
    lines = []
    for field in sorted(here.keys() | there.keys()):
        if here.get(field) != there.get(field):
            name = field.replace("_", " ")
            lines.append(
                f"{name}\n  here:  {_short(here.get(field))}\n  other: {_short(there.get(field))}"
            )
    text = "\n".join(lines) or "The two versions read the same."
    choices = [("mine", "Keep this version"), ("theirs", "Keep the other copy's version")]
    return ChoiceScreen(f"{mine.company}: changed in two places", text, choices)


def _short(value: Any) -> str:
    text = "" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def offer_copies(
    app: App[Any],
    store: Store,
    merged: Callable[[DiskChange], None],
    zone: str = "",
) -> None:
    """Offer each sync-tool conflict copy beside the board for merging, one dialog at a time
    (at open). A copy is never deleted unasked: after a merge the user chooses to rename it
    aside (``<name>.merged``), delete it, or leave it (offered again next time). ``merged`` is
    called with what each merge brought in."""
    if store.read_only:
        return
    pending = store.conflict_copies()

    def next_copy() -> None:
        if pending:
            copy = pending.pop(0)
            app.push_screen(_merge_question(copy, zone), lambda answer: answered(copy, answer))

    def answered(copy: Path, answer: str | None) -> None:
        if answer != "merge":
            next_copy()  # left as it is: offered again next time
            return
        try:
            change = store.merge_copy(copy)
        except StoreError as error:
            tell(app, f"{error}; the copy is left as it is", title="Not merged", severity="error")
            next_copy()
            return
        merged(change)
        app.push_screen(_tidy_question(copy, change), lambda answer: tidied(copy, answer))

    def tidied(copy: Path, answer: str | None) -> None:
        try:
            if answer == "aside":
                kept = store.set_copy_aside(copy)
                tell(app, f"Renamed {copy.name} to {kept.name}", title="Conflict copy")
            elif answer == "delete":
                store.delete_copy(copy)
                tell(app, f"Deleted {copy.name}", title="Conflict copy")
        except StoreError as error:
            tell(app, str(error), title="Conflict copy", severity="error")
        next_copy()

    next_copy()


def _merge_question(copy: Path, zone: str) -> ChoiceScreen:
    try:
        changed = datetime.fromtimestamp(copy.stat().st_mtime, UTC)
        when = f", last changed {dates.short_datetime(changed, zone)}"
    except (OSError, ValueError, OverflowError):
        when = ""
    text = (
        f"{copy.name}\n"
        f"{copy_maker(copy)} kept this copy when the board was changed on two machines at "
        f"once{when}.\n\n"
        "Merging takes in its cards one by one: a card only the copy has is added, and a card "
        "that reads differently there is marked as a conflict on the board (x compares the two "
        "and keeps one). Nothing is deleted."
    )
    choices = [("merge", "Merge it into the board"), ("later", "Not now (asked again next time)")]
    return ChoiceScreen("A sync tool left a copy of this board", text, choices)


def _tidy_question(copy: Path, change: DiskChange) -> ChoiceScreen:
    text = (
        f"It brought: {change.summary}.\n\n"
        "What it held is in the board now (a conflict stays marked until you resolve it), so "
        "the copy is no longer needed."
    )
    choices = [
        ("aside", f"Keep it, renamed to end in {MERGED_SUFFIX} (not offered again)"),
        ("delete", "Delete it"),
        ("leave", "Leave it as it is (offered again next time)"),
    ]
    return ChoiceScreen(f"Merged {copy.name}", text, choices)
