"""Odd terminal sizes with 600 cards: no crash, the focused card stays in view, and narrow
terminals show fewer columns plus the stage tab strip."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.boards import write_board
from tests.ui.conftest import NOW, running, screen_text
from tui.app import FollowupApp
from tui.model import Stage
from tui.widgets.board_view import CARD_HEIGHT

pytestmark = pytest.mark.usefixtures("clock")

SIZES = [(40, 12), (80, 24), (250, 70)]


@pytest.fixture(scope="module")
def big_board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 realistic cards (written once; each test works on its own copy)."""
    return write_board(tmp_path_factory.mktemp("big") / "board.json", 600, seed=3, now=NOW)


@pytest.fixture
def board(big_board: Path, tmp_path: Path) -> Path:
    """A private copy of the 600-card board."""
    copy = tmp_path / "board.json"
    copy.write_bytes(big_board.read_bytes())
    return copy


def visible_columns(app: FollowupApp) -> list[Stage]:
    """The stages whose columns are shown."""
    return [stage for stage in Stage if app.board_screen.column(stage).shown]


def assert_focused_card_visible(app: FollowupApp) -> None:
    """The focused column is shown and its highlighted card is inside its scrolled window."""
    column = app.board_screen.column(app.board_screen.focused_stage)
    assert column.shown, app.board_screen.focused_stage
    assert app.focused is app.board_screen.board and app.board_screen.board.current is column
    chosen = column.highlighted_card
    assert chosen is not None
    top = column.cursor * CARD_HEIGHT
    window = column.body_height
    assert window > 0, f"no room for cards at {app.size}"
    first_line = column.top
    assert first_line <= top < first_line + window, (top, first_line, window, app.size)
    # And a person can read (the start of) its company on the screen.
    assert chosen.company[:6] in screen_text(app), (chosen.company, app.size)


async def check_size(pilot: Pilot[int], app: FollowupApp, size: tuple[int, int]) -> None:
    """Resize live and check the layout for that size."""
    await pilot.resize_terminal(*size)
    await pilot.pause()
    assert app.size == size
    assert_focused_card_visible(app)
    shown = visible_columns(app)
    assert app.board_screen.focused_stage in shown
    tabs = app.query_one("#stage-tabs")
    if size[0] >= 250:
        assert shown == list(Stage)
        assert not tabs.display
    else:
        assert 1 <= len(shown) < len(Stage)
        assert tabs.display
        assert "Interviewed" in screen_text(app) or size[0] < 80


async def test_live_resizes_keep_the_focused_card_in_view(board: Path) -> None:
    async with running(board, size=(120, 36)) as (pilot, app):
        await pilot.press("l", "G")  # the last card of a long column
        assert app.board_screen.column(app.board_screen.focused_stage).cursor > 50
        for size in [*SIZES, *reversed(SIZES)]:
            await check_size(pilot, app, size)
        # Moving around at the smallest size keeps working and keeps the card in view.
        await pilot.resize_terminal(40, 12)
        for key in ("k", "k", "l", "l", "l", "G", "g", "h"):
            await pilot.press(key)
            assert_focused_card_visible(app)
        await pilot.press("L")  # a move at 40x12 follows the card into view
        assert_focused_card_visible(app)


async def test_80x24_shows_fewer_columns_and_the_stage_tabs(board: Path) -> None:
    async with running(board, size=(80, 24)) as (pilot, app):
        shown = visible_columns(app)
        assert 1 < len(shown) < len(Stage)
        text = screen_text(app)
        # The tab strip names every stage with its count, the hidden ones too.
        counts = {
            stage: sum(c.stage is stage for c in app.board_screen.cards.values()) for stage in Stage
        }
        strip = str(app.query_one("#stage-tabs").render())
        assert app.query_one("#stage-tabs").display
        for stage in Stage:
            assert str(counts[stage]) in strip
        assert text.count("╭") >= len(shown)
        # Walking right brings each hidden column into view.
        for _ in Stage:
            await pilot.press("l")
            assert_focused_card_visible(app)
        assert app.board_screen.focused_stage is Stage.NETWORKED


async def test_starting_in_a_tiny_terminal_works(board: Path) -> None:
    async with running(board, size=(40, 12)) as (pilot, app):
        assert_focused_card_visible(app)
        await pilot.press("j", "j", "n")  # a form in 40x12
        await pilot.press("escape")
        assert_focused_card_visible(app)
