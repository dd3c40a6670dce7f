"""The settings are kept once: what the app chose (the theme) and what the board chose (v's
columns) are both in the one config the open board's session holds."""

from __future__ import annotations

from pathlib import Path

from tui.app import FollowupApp
from tui.config import Config
from tui.store import Store


async def test_a_theme_and_the_columns_chosen_are_both_in_the_one_config(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    with Store(board, background=True) as store:
        app = FollowupApp(store, path=board, config=Config(board_columns="readable"))
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.press("v")
            app.theme = "nord"
            await pilot.pause()
            assert app.config is app.board_screen.session_config
            assert (app.config.theme, app.config.board_columns) == ("nord", "all")
