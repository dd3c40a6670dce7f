"""One harness for the UI tests: a board on a real file, the real app under Textual's Pilot,
and a small page object that reads the board as a user would.

``running(path)`` opens the app on a board file with a background Store (closed, and so
saved, afterwards); ``BoardPage(app)`` says which column the user is in, which card is
selected and which draft the panel shows, so that a test asks the board, not the app's
internals. ``screen_text``, ``notifications`` and ``wait_for`` read what is on screen.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.notifications import Notification
from textual.pilot import Pilot
from textual.strip import Strip

from screenshots.render import DEMO_MOMENT
from tests.boards import make_application
from tui import dates
from tui.app import FollowupApp
from tui.demo import prepare_demo
from tui.drafts import Draft
from tui.model import Application, Outcome, Profile, Stage
from tui.store import Store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
"""The frozen 'now' of these tests: a Wednesday at noon, UTC."""

SIZE = (120, 36)
"""Wide enough for three columns and the draft panel."""


@pytest.fixture(autouse=True)
def _frozen(clock: datetime) -> datetime:
    """Every UI test runs at its module's NOW (tests/conftest.py: clock)."""
    return clock


def card(company: str, stage: Stage, hours_ago: float, **overrides: object) -> Application:
    """A card interviewed ``hours_ago`` hours before NOW, with no dates given by the employer."""
    base = make_application(
        company=company,
        stage=stage,
        interviewed_at=NOW - timedelta(hours=hours_ago),
        decision_by=None,
        follow_up_on=None,
    )
    return replace(base, **overrides)  # type: ignore[arg-type]


def seed_board(path: Path, cards: list[Application] | None = None) -> Path:
    """Write a board: a profile in UTC and, by default, the seven cards below."""
    if cards is None:
        cards = [
            card("Acme Analytics", Stage.INTERVIEWED, 3),  # thank-you due in 21h
            card("Birch Labs", Stage.INTERVIEWED, 48),  # thank-you overdue
            card("Granite Software", Stage.INTERVIEWED, 1),  # thank-you due in 23h
            card("Cobalt Systems", Stage.THANKED, 72),  # ask for their timeline
            card("Delta Health", Stage.AWAITING_DECISION, 48, follow_up_on=date(2026, 12, 2)),
            card("Ember Foods", Stage.OUTCOME, 300, outcome=Outcome.OFFER),
            card("Foxglove Media", Stage.NETWORKED, 900, connected_via=("LinkedIn",)),
        ]
    with Store(path) as store:
        store.save_profile(Profile(name="Alex Morgan", email="alex@example.com", timezone="UTC"))
        for each in cards:
            store.add(each)
    return path


def saved_cards(path: Path) -> dict[str, Application]:
    """The cards on disk by company, read by a fresh read-only Store."""
    store = Store(path, read_only=True)
    try:
        return {each.company: each for each in store.applications()}
    finally:
        store.close()


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """The standard seven-card board file."""
    return seed_board(tmp_path / "board.json")


@asynccontextmanager
async def running(
    path: Path, size: tuple[int, int] = SIZE, *, watch_interval: float | None = None
) -> AsyncIterator[tuple[Pilot[int], FollowupApp]]:
    """Run the app on ``path`` with a background Store, closed (and so saved) afterwards;
    ``watch_interval``: how often the Store looks for changes made elsewhere."""
    watching = {} if watch_interval is None else {"watch_interval": watch_interval}
    store = Store(path, background=True, **watching)
    app = FollowupApp(store, path=path)
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            yield pilot, app
    finally:
        store.close()


def screen_strips(app: FollowupApp) -> list[Strip]:
    """The (virtual) screen as drawn, one strip per row, dialogs included: the suite's one use
    of Textual's private compositor."""
    return list(app.screen._compositor.render_strips())


def screen_text(app: FollowupApp) -> str:
    """Every character on the (virtual) screen, one line per row, dialogs included."""
    return "\n".join(strip.text for strip in screen_strips(app))


def shown_notes(app: FollowupApp) -> list[Notification]:
    """Every notification currently shown: the suite's one use of Textual's private list."""
    return list(app._notifications)


def notifications(app: FollowupApp) -> list[str]:
    """The text of every notification currently shown."""
    return [str(note.message) for note in shown_notes(app)]


async def wait_for(
    pilot: Pilot[int], condition: Callable[[], object], timeout: float = 5.0
) -> None:
    """Pause until ``condition()`` is true (worker threads and call_from_thread need turns)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        await pilot.pause(0.05)


class BoardPage:
    """The board as the user sees it: each property reads the screen afresh."""

    def __init__(self, app: FollowupApp) -> None:
        self.app = app

    @property
    def stage(self) -> Stage:
        """The column the user is in."""
        return self.app.board_screen.focused_stage

    @property
    def selected(self) -> str:
        """The company of the card under the cursor ('' when none)."""
        chosen = self.app.board_screen.selected_card
        return chosen.company if chosen else ""

    @property
    def draft(self) -> Draft | None:
        """The draft the panel shows (None: no card, or nothing to send)."""
        return self.app.board_screen.draft_panel.current_draft()

    @property
    def draft_heading(self) -> str:
        """The panel's first line, as drawn."""
        return str(self.app.board_screen.query_one("#draft-heading").render())

    def card(self, company: str) -> Application:
        """The card of this company, as the board holds it now."""
        return next(
            each for each in self.app.board_screen.cards.values() if each.company == company
        )


def stage_of(app: FollowupApp) -> Stage:
    """The focused column's stage (a function, so each check reads it afresh)."""
    return BoardPage(app).stage


def selected(app: FollowupApp) -> str:
    """The company of the card under the cursor ('' when none)."""
    return BoardPage(app).selected


@pytest.fixture
def demo_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Store]:
    """A Store on a fresh demo copy, with the clock frozen and the zone pinned to UTC."""
    monkeypatch.setenv("TZ", "UTC")
    with dates.frozen_clock(DEMO_MOMENT):
        store = Store(prepare_demo(tmp_path / "demo", now=dates.now()), background=True)
        try:
            yield store
        finally:
            store.close()
