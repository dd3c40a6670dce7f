"""Save time against file size: one edited card, written by a foreground Store."""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.store import Store


@dataclass(slots=True)
class SaveResult:
    """Seconds per ``put`` (serialise, write, fsync, rename, fsync the folder) on one board."""

    cards: int
    file_bytes: int
    seconds: list[float] = field(default_factory=list)


def measure_save(board: Path, cards: int, runs: int, warmups: int = 1) -> SaveResult:
    """Time ``Store(background=False).put()`` of one edited card on a copy of ``board``."""
    with tempfile.TemporaryDirectory(prefix="followup-bench-save-") as folder:
        copy = Path(folder) / board.name
        shutil.copyfile(board, copy)
        with Store(copy, background=False) as store:
            card = store.applications()[0]
            result = SaveResult(cards, copy.stat().st_size)
            for run in range(warmups + runs):
                edited = replace(card, notes=f"{card.notes} (edit {run})")
                started = time.perf_counter()
                store.put(edited, summary="benchmark edit")
                elapsed = time.perf_counter() - started
                if run >= warmups:
                    result.seconds.append(elapsed)
            result.file_bytes = copy.stat().st_size
    return result
