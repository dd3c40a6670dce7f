"""The board's footer: restyled in place when only a key's enabled state changes, rebuilt
when the keys change, and blank under a dialog. Runs the real app on a real board file."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from tests.ui.conftest import running, screen_text, seed_board
from tui.widgets.footer import BoardFooter


def footer_keys(footer: BoardFooter) -> dict[str, Widget]:
    return {str(getattr(key, "action", "")): key for key in footer.query("FooterKey")}


async def test_a_key_that_becomes_usable_is_restyled_without_a_rebuild(tmp_path: Path) -> None:
    async with running(seed_board(tmp_path / "board.json")) as (pilot, app):
        footer = app.query_one(BoardFooter)
        keys = footer_keys(footer)
        # On an Interviewed card there is no column to the left: H is shown, dimmed.
        assert keys["move_card(-1)"].has_class("-disabled")
        assert not keys["move_card(1)"].has_class("-disabled")
        await pilot.press("l")  # to the Thanked column
        await pilot.pause()
        after = footer_keys(footer)
        assert not after["move_card(-1)"].has_class("-disabled")
        # The very same widgets: no rebuild, so no layout of the whole screen.
        assert all(after[action] is key for action, key in keys.items())
        assert "H Move ←" in screen_text(app).splitlines()[-1]


async def test_a_dialog_empties_the_footer_and_closing_it_brings_the_keys_back(
    tmp_path: Path,
) -> None:
    async with running(seed_board(tmp_path / "board.json")) as (pilot, app):
        footer = app.query_one(BoardFooter)
        before = set(footer_keys(footer))
        assert {"move_card(1)", "help", "quit"} <= before
        await pilot.press("question_mark")
        await pilot.pause()
        assert footer_keys(footer) == {}
        await pilot.press("escape")
        await pilot.pause()
        assert set(footer_keys(footer)) == before
        assert "q Quit" in screen_text(app).splitlines()[-1]


async def test_a_narrow_screen_rebuilds_the_footer_without_the_twin_keys(tmp_path: Path) -> None:
    async with running(seed_board(tmp_path / "board.json")) as (pilot, app):
        footer = app.query_one(BoardFooter)
        assert "move_card(-1)" in footer_keys(footer)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        keys = footer_keys(footer)
        assert "move_card(-1)" not in keys and {"help", "quit"} <= set(keys)
