"""Key press to repaint, and key press to disk, measured inside the real app.

The real FollowupApp runs under ``App.run_test`` (headless, 160x48) on a real background
Store and a real board file. The repaint is the first screen update (``post_display_hook``,
called after each ``_display``) in which the board has been drawn again (``render_line``)
after every column whose cards changed after the key (``set_cards``). A frame that merely
follows the change does not count: Textual may send a small update (the filter box echoing
the letter) before it draws the columns. Headless Textual skips only the last step, turning
the update into escape codes (a few milliseconds); ``pty_keys.py`` includes that and tmux,
coarsely.
"""

from __future__ import annotations

import asyncio
import gc
import operator
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from textual.strip import Strip

from tui.app import FollowupApp
from tui.model import Stage
from tui.store import Store
from tui.widgets.board_view import BoardColumn, BoardView

WAIT_SECONDS = 10.0
FILTER_QUERY = "maple"
"""Typed one letter at a time; each letter is one measured keystroke."""


@dataclass(slots=True)
class KeyResults:
    """Seconds per run for each measured interaction."""

    move_repaint: list[float] = field(default_factory=list)
    move_on_disk: list[float] = field(default_factory=list)
    filter_repaint: list[float] = field(default_factory=list)
    first_filter_repaint: list[float] = field(default_factory=list)
    """The first letter only: it changes every column, the most work of any keystroke."""


class _FrameWatch:
    """Notes the first frame in which the board was drawn again after some columns changed."""

    def __init__(self, board: BoardView) -> None:
        self.changed: dict[BoardColumn, float] = {}
        self.drawn = 0.0
        self.waiting_for: list[BoardColumn] = []
        self.armed_at = 0.0
        self.seen: float | None = None
        for column in board.columns.values():
            self._instrument(column)
        # Instance attributes shadow the methods the app and Textual call.
        render_line = board.render_line

        def render_line_noted(y: int) -> Strip:
            self.drawn = time.perf_counter()
            return render_line(y)

        board.render_line = render_line_noted  # type: ignore[method-assign]

    def _instrument(self, column: BoardColumn) -> None:
        set_cards = column.set_cards

        def set_cards_noted(*args: Any, **kwargs: Any) -> None:
            set_cards(*args, **kwargs)
            self.changed[column] = time.perf_counter()

        column.set_cards = set_cards_noted  # type: ignore[method-assign]

    def arm(self, columns: list[BoardColumn]) -> None:
        """Wait for these columns; call just before the key."""
        self.waiting_for = columns
        self.armed_at = time.perf_counter()
        self.seen = None

    def frame_done(self) -> None:
        """Called by Textual after each screen update."""
        if (
            self.seen is None
            and self.waiting_for
            and all(
                self.armed_at < self.changed.get(column, 0.0) < self.drawn
                for column in self.waiting_for
            )
        ):
            self.seen = time.perf_counter()
            self.waiting_for = []


async def _until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError(f"gave up waiting for {what}")
        await asyncio.sleep(0.0005)


async def _settle(app: FollowupApp, store: Store) -> None:
    """Let saves and repaints finish so the next measurement starts from quiet."""
    await _until(lambda: store.saved_generation >= store.generation, "the save")
    await asyncio.sleep(0.15)


def frozen_store(board: Path) -> Store:
    """As run_tui opens it: the board's objects live as long as the app, so they are frozen
    out of the garbage collector's full passes (``gc.unfreeze`` after)."""
    gc.disable()
    try:
        return Store(board, background=True)
    finally:
        gc.enable()
        gc.freeze()


async def _measure(board: Path, runs: int, warmups: int) -> KeyResults:
    results = KeyResults()
    store = frozen_store(board)
    app = FollowupApp(store, path=board)
    saved_at: dict[int, float] = {}
    try:
        async with app.run_test(size=(160, 48)) as pilot:
            await pilot.pause()
            watch = _FrameWatch(app.board_screen.board)
            # An instance attribute shadows the method Textual calls after every frame.
            app.post_display_hook = watch.frame_done  # type: ignore[method-assign]
            app_on_saved = store.on_saved

            def on_saved(generation: int) -> None:
                saved_at.setdefault(generation, time.perf_counter())
                if app_on_saved is not None:
                    app_on_saved(generation)

            store.on_saved = on_saved
            if (
                app.board_screen.selected_card is None
                or app.board_screen.focused_stage is not Stage.INTERVIEWED
            ):
                raise RuntimeError("the benchmark board needs cards in Interviewed")

            # A stage move: L takes the card to Thanked (focus follows it), H brings it back.
            for run in range(warmups + runs):
                card = app.board_screen.selected_card
                assert card is not None
                key, target = ("L", Stage.THANKED) if run % 2 == 0 else ("H", Stage.INTERVIEWED)
                watch.arm([app.board_screen.column(card.stage), app.board_screen.column(target)])
                started = time.perf_counter()
                await pilot.press(key)
                await _until(lambda: watch.seen is not None, "the repaint after a move")
                generation = store.generation
                await _until(partial(operator.contains, saved_at, generation), "the save")
                if run >= warmups:
                    assert watch.seen is not None
                    results.move_repaint.append(watch.seen - started)
                    results.move_on_disk.append(saved_at[generation] - started)
                await _settle(app, store)

            # A filter: open the box, type the query letter by letter, clear it.
            for run in range(warmups + runs):
                await pilot.press("slash")
                await pilot.pause()
                for typed in range(1, len(FILTER_QUERY) + 1):
                    watch.arm(app.board_screen.board.shown_columns)
                    started = time.perf_counter()
                    await pilot.press(FILTER_QUERY[typed - 1])
                    await _until(lambda: watch.seen is not None, "the repaint after a letter")
                    assert watch.seen is not None
                    if run >= warmups:
                        results.filter_repaint.append(watch.seen - started)
                        if typed == 1:
                            results.first_filter_repaint.append(watch.seen - started)
                    await asyncio.sleep(0.05)
                await pilot.press("escape")
                await pilot.pause()
                await _settle(app, store)
    finally:
        store.close()
        gc.unfreeze()
    return results


def measure_keys(board: Path, runs: int, warmups: int = 1) -> KeyResults:
    """Move and filter timings on ``board`` (which is changed: pass a copy)."""
    return asyncio.run(_measure(board, runs, warmups))
