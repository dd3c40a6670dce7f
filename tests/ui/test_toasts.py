"""Toasts sit over the bottom of the board, never over the draft panel or the footer.

The real app on a fresh demo board (a real Store, the clock frozen at the demo's moment) with
Textual's notifications switched on, as they are outside tests; the regions are the real
widgets' regions on the virtual screen.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget

from screenshots.render import SHOWN_PATH
from tests.ui.conftest import BoardPage, shown_notes
from tui.app import FollowupApp
from tui.model import Stage
from tui.store import Store


@pytest.fixture(autouse=True)
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """No graphical display: a copy goes to the draft file at once (what it says is not
    the point here: where it is shown is)."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


async def toast_titled(pilot: Pilot[Any], title: str) -> Widget:
    """The toast whose title starts with ``title``, once it is on screen."""
    app = pilot.app
    deadline = time.monotonic() + 10
    while True:
        for toast in app.screen.query("Toast"):
            notification = getattr(toast, "_notification", None)
            shown = str(getattr(notification, "title", ""))
            if shown.startswith(title) and toast.region.area:
                return toast
        assert time.monotonic() < deadline, f"no {title!r} toast came up"
        await pilot.pause(0.05)


def assert_clear_of_panel_and_footer(app: FollowupApp, toast: Widget) -> None:
    panel = app.query_one("#draft-panel").region
    footer = app.screen.query_one("BoardFooter").region
    board = app.query_one("#board").region
    assert panel.area and footer.area
    assert not toast.region.overlaps(panel), (toast.region, panel)
    assert not toast.region.overlaps(footer), (toast.region, footer)
    assert board.contains_region(toast.region), (toast.region, board)


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_copied_and_sent_toasts_leave_the_draft_panel_and_footer_clear(
    demo_store: Store,
    size: tuple[int, int],
) -> None:
    app = FollowupApp(demo_store, path=SHOWN_PATH, demo=True)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        assert BoardPage(app).draft is not None
        await pilot.press("c")
        copied = await toast_titled(pilot, "Copied")
        assert_clear_of_panel_and_footer(app, copied)
        # The focused column is the board's first: the toast takes the other side.
        # (Two cells short of it: the rack's hidden scrollbar.)
        assert app.query_one("#board").region.right - copied.region.right <= 2
        app.clear_notifications()
        await pilot.pause()

        # Sent from a column on the right: the toast moves to the left of the board.
        app.board_screen.focus_stage(Stage.AWAITING_DECISION)
        await pilot.pause()
        assert BoardPage(app).draft is not None
        await pilot.press("s")
        await pilot.pause()
        sent = await toast_titled(pilot, "Sent")
        assert_clear_of_panel_and_footer(app, sent)
        assert sent.region.x == app.query_one("#board").region.x
        # The panel is still all there to read, its key hints included.
        keys = app.query_one("#draft-keys")
        assert "c copy" in str(keys.render())
        assert not keys.region.overlaps(sent.region)


async def test_the_footer_dims_the_draft_keys_when_there_is_nothing_to_send(
    demo_store: Store,
) -> None:
    app = FollowupApp(demo_store, path=SHOWN_PATH, demo=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        screen = app.board_screen
        assert screen.check_action("copy_draft", ()) is True
        screen.focus_stage(Stage.NETWORKED)
        await pilot.pause()
        assert "Nothing to send" in str(app.query_one("#draft-heading").render())
        for action in ("copy_draft", "mark_sent", "open_mail", "external_editor"):
            assert screen.check_action(action, ()) is None, action
        assert screen.check_action("cycle_kind", (1,)) is True  # [ ] still drafts one
        await pilot.press("c")
        await pilot.pause()
        assert not any(note.title.startswith("Copied") for note in shown_notes(app))
