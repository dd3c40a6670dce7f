"""A move while the app writes ``calendar_file`` for the first time after start.

The first rewrite renders every follow-up of the board (later ones only the changed card),
on its own thread; Python runs one thread at a time, so a key pressed during it could wait.
Each run starts the real app (headless, 160x48) on the 6,000-card board with calendar_file
set, moves a card (its save starts the first rewrite, 0.3 s later), and once the rewrite is
running moves it back: that key's repaint is the measure. The calendar file stays from one
run to the next, as a user's does (so the rewrite also reads it back for the SEQUENCE)."""

from __future__ import annotations

import asyncio
import gc
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tui.app import FollowupApp
from tui.config import Config
from tui.model import Stage
from tui.remind import calendar_file

from .keys import _FrameWatch, _until, frozen_store


@dataclass(frozen=True, slots=True)
class RewriteMove:
    repaint: float
    """Key to repaint, seconds, for the move made during the first rewrite."""
    rewrite: float
    """How long that first rewrite took."""
    overlapped: bool
    """Whether the rewrite was still running when the move was repainted."""


async def _one(board: Path, calendar: Path | None) -> RewriteMove:
    """One start; without ``calendar`` the same two moves with no calendar_file (the
    floor: the second pressed as long after the first save as the rewrite would start)."""
    store = frozen_store(board)
    config = Config(calendar_file=str(calendar) if calendar else "")
    app = FollowupApp(store, path=board, config=config)
    spans: list[list[float]] = []
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            watch = _FrameWatch(app.board_screen.board)
            app.post_display_hook = watch.frame_done  # type: ignore[method-assign]
            keeper = calendar_file._KEEPERS.get(store)
            if keeper is not None:
                rewrite = keeper._rewrite_in_child

                def timed_rewrite(*args: Any, **kwargs: Any) -> Any:
                    spans.append([time.perf_counter(), 0.0])
                    try:
                        return rewrite(*args, **kwargs)
                    finally:
                        spans[-1][1] = time.perf_counter()

                keeper._rewrite_in_child = timed_rewrite  # type: ignore[method-assign]
            card = app.board_screen.selected_card
            if card is None or app.board_screen.focused_stage is not Stage.INTERVIEWED:
                raise RuntimeError("the benchmark board needs cards in Interviewed")
            await pilot.press("L")  # its save starts the first rewrite
            if keeper is not None:
                await _until(lambda: bool(spans), "the first calendar rewrite")
            else:
                generation = store.generation
                await _until(lambda: store.saved_generation >= generation, "the save")
                await asyncio.sleep(calendar_file.CalendarKeeper.DELAY + 0.05)
            watch.arm(
                [app.board_screen.column(Stage.THANKED), app.board_screen.column(Stage.INTERVIEWED)]
            )
            started = time.perf_counter()
            await pilot.press("H")
            await _until(lambda: watch.seen is not None, "the repaint after a move")
            assert watch.seen is not None
            repaint = watch.seen - started
            if keeper is not None:
                overlapped = spans[0][1] == 0.0 or spans[0][1] > watch.seen
                # A background rewrite on a busy machine can take a while: not measured.
                deadline = time.monotonic() + 120
                while not (keeper.wait(0.001) and spans[-1][1] > 0):
                    if time.monotonic() > deadline:
                        raise TimeoutError("gave up waiting for the rewrites")
                    await asyncio.sleep(0.05)
            await _until(lambda: store.saved_generation >= store.generation, "the save")
    finally:
        store.close()
        gc.unfreeze()
    if not spans:
        return RewriteMove(repaint, 0.0, False)
    return RewriteMove(repaint, spans[0][1] - spans[0][0], overlapped)


def measure_rewrite_moves(
    board: Path, runs: int, warmups: int = 1
) -> tuple[list[RewriteMove], list[RewriteMove]]:
    """``runs`` app starts on ``board`` with calendar_file, and as many without (the floor),
    interleaved so that load falls on both alike. The board is moved and moved back: it is
    unchanged at the end."""
    calendar = board.parent / "follow-ups.ics"
    with_calendar: list[RewriteMove] = []
    floor: list[RewriteMove] = []
    for run in range(warmups + runs):
        pair = asyncio.run(_one(board, calendar)), asyncio.run(_one(board, None))
        if run >= warmups:
            with_calendar.append(pair[0])
            floor.append(pair[1])
    return with_calendar, floor
