"""A progress bar on the terminal for a long command (a large CSV import), with rich's
progress (installed with Textual): part of the front end, so the CLI loads it only when a
bar is shown, and the domain never does (tests/test_boundaries.py)."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator


class Progress:
    """Bars on stdout while a command works, gone when it is done; nothing at all unless
    ``shown`` (the caller says: stdout is a terminal and the work is large)."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown

    @contextlib.contextmanager
    def working(
        self, description: str, fraction: bool = False
    ) -> Iterator[Callable[[float], None]]:
        """A bar for ``description`` (the command's own words, never user text); yields a
        function that takes how far it is (0 to 1) when ``fraction``, else a spinner."""
        if not self.shown:
            yield lambda _done: None
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            ProgressColumn,
            SpinnerColumn,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )
        from rich.progress import Progress as Bars

        columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.description}")]
        columns.append(BarColumn())
        if fraction:
            columns.append(TaskProgressColumn())
        columns.append(TimeElapsedColumn())
        with Bars(*columns, console=Console(file=sys.stdout), transient=True) as bars:
            task = bars.add_task(description, total=1.0 if fraction else None)
            yield lambda done: bars.update(task, completed=done)
