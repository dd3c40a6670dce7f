"""Snapshot tests: the demo board's main screens, as SVG, compared with approved baselines.

The screens, key presses and steadying come from ``screenshots/render.py``, so the README
pictures and these baselines show the same thing. Each test runs the real FollowupApp on a
real Store over a fresh copy of the demo board, with the clock frozen at the demo's anchor
moment and the time zone pinned to UTC. After an intended change to the look, regenerate
with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the new SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from screenshots.render import SHOTS, SHOWN_PATH, Shot, perform
from tui.app import FollowupApp
from tui.store import Store

SnapCompare = Callable[..., bool]


@pytest.mark.parametrize("shot", SHOTS, ids=[shot.name for shot in SHOTS])
def test_screen_matches_snapshot(snap_compare: SnapCompare, demo_store: Store, shot: Shot) -> None:
    app = FollowupApp(demo_store, path=SHOWN_PATH, demo=True)
    problems: list[str] = []

    async def run_before(pilot: Pilot[Any]) -> None:
        problem = await perform(pilot, shot)
        if problem:
            problems.append(problem)

    matches = snap_compare(app, terminal_size=shot.size, run_before=run_before)
    # The keys must reach the screen they promise before its picture means anything.
    assert not problems
    assert matches
