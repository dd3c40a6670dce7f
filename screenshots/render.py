"""Render the README screenshots: ``python screenshots/render.py`` writes ``screenshots/*.svg``.

Each screen is the real FollowupApp on a real Store, opened on a fresh copy of the demo board
with the clock frozen at the demo's anchor moment, driven by key presses through
``App.run_test()`` and saved with ``App.save_screenshot()``. Settings, templates and the time
zone are pinned too, so running the script twice gives the same files.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Run as a script from anywhere: make the source tree importable before importing tui.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import TextArea  # noqa: E402

from tui import dates  # noqa: E402
from tui.app import FollowupApp  # noqa: E402
from tui.demo import prepare_demo  # noqa: E402
from tui.store import Store  # noqa: E402

DEMO_MOMENT = "2026-11-25T12:00:00+00:00"
"""The demo board's anchor: the statuses on the cards are written for this moment."""

OUTPUT_DIR = Path(__file__).resolve().parent

SHOWN_PATH = Path("~/.local/share/followup-tui/board.json")
"""The board path the screens show: the usual Linux location, not the temporary copy's."""


@dataclass(frozen=True)
class Shot:
    """One screenshot: a file name, a terminal size and the keys pressed after start."""

    name: str
    size: tuple[int, int]
    keys: tuple[str, ...] = ()
    focus: str = ""
    """The id of the widget the keys should leave focused ('' when any will do)."""


SHOTS = (
    Shot("board", (160, 48)),
    Shot("board-120x36", (120, 36)),
    Shot("board-100x30", (100, 30)),
    Shot("board-220x55", (220, 55)),
    Shot("draft-editor", (160, 48), ("tab",), focus="draft-editor"),
    Shot("card-details", (160, 48), ("enter",)),
    Shot("today", (160, 48), ("t",)),
    Shot("help", (160, 48), ("question_mark",)),
    Shot("narrow-80x24", (80, 24)),
)


@contextmanager
def pinned_environment(home: Path) -> Iterator[None]:
    """UTC, no user settings or templates, and a stopped clock, for the duration."""
    saved = {name: os.environ.get(name) for name in ("TZ", "FOLLOWUP_TUI_CONFIG_DIR")}
    os.environ["TZ"] = "UTC"
    # An empty config folder: the user's theme or templates must not leak into the README.
    os.environ["FOLLOWUP_TUI_CONFIG_DIR"] = str(home / "config")
    time.tzset()
    try:
        with dates.frozen_clock(DEMO_MOMENT):
            yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        time.tzset()


def steady(app: FollowupApp) -> None:
    """Make the picture independent of timing: no blinking cursors, no toasts."""
    for text_area in app.query(TextArea):
        text_area.cursor_blink = False
    for screen in app.screen_stack:
        for text_area in screen.query(TextArea):
            text_area.cursor_blink = False
    app.clear_notifications()


async def perform(pilot: Pilot[int], shot: Shot) -> str:
    """Press the shot's keys and steady the screen; say what is wrong ('' when all is well)."""
    app = pilot.app
    await pilot.pause()
    for key in shot.keys:
        await pilot.press(key)
        await pilot.pause()
    assert isinstance(app, FollowupApp)
    steady(app)
    focused = app.focused.id if app.focused else None
    if shot.focus and focused != shot.focus:
        return f"expected #{shot.focus} to have focus after {' '.join(shot.keys)}, got #{focused}"
    return ""


async def render(shot: Shot, work: Path, problems: list[str]) -> Path:
    """Run the app on a fresh demo copy, press the shot's keys and save the SVG."""
    board = prepare_demo(work / shot.name, now=dates.now())
    store = Store(board, background=True)
    app = FollowupApp(store, path=SHOWN_PATH, demo=True)
    try:
        async with app.run_test(size=shot.size) as pilot:
            problem = await perform(pilot, shot)
            if problem:
                # Still write the picture, so it can be looked at, but make the run fail.
                problems.append(f"{shot.name}: {problem}")
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            written = Path(app.save_screenshot(f"{shot.name}.svg", str(OUTPUT_DIR)))
    finally:
        store.close()
    make_stable(written, shot.name)
    return written


def make_stable(svg: Path, name: str) -> None:
    """Replace Rich's per-run id prefix with the shot's name, so unchanged screens diff clean.

    Rich hashes the segments' reprs, which include per-run link ids; the prefix only has to
    be unique among SVGs placed in one page, which the shot names are.
    """
    text = svg.read_text(encoding="utf-8")
    svg.write_text(re.sub(r"\bterminal-\d+", f"terminal-{name}", text), encoding="utf-8")


async def render_all(problems: list[str]) -> list[Path]:
    """Render every shot, one app at a time; what went wrong is added to ``problems``."""
    with tempfile.TemporaryDirectory(prefix="followup-tui-shots-") as temp:
        work = Path(temp)
        with pinned_environment(work):
            return [await render(shot, work, problems) for shot in SHOTS]


def main() -> int:
    """Write the screenshots and list them; exit 1 if a screen was not what its keys promise."""
    problems: list[str] = []
    for written in asyncio.run(render_all(problems)):
        print(written.relative_to(ROOT))
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
