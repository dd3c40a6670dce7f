"""A card changed both here and in another copy of the board: what differs, and which to keep."""

from __future__ import annotations

from typing import Any

from ..model import Application, application_to_doc
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
