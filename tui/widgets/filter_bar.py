"""The filter box: shown by /, mounted on first use."""

from __future__ import annotations

from textual.widgets import Input


class FilterBar(Input):
    """Cards must contain what is typed here (case-insensitive) to be shown."""

    def __init__(self) -> None:
        super().__init__(placeholder="Filter: company, role, interviewer, notes", id="filter")
