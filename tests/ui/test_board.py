"""Pilot tests for every board key in KEYMAP.md, through a real Store on a file in tmp_path.

Each test opens the app on a board of seven cards spread over the stages, presses keys the way a
user would, and checks both what the app shows and what reached the file (read back with a
fresh Store after the app has closed its own).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.containers import VerticalScroll
from textual.events import Key, MouseScrollDown
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Static

from tests.ui.conftest import (
    NOW,
    BoardPage,
    card,
    notifications,
    running,
    saved_cards,
    screen_text,
    seed_board,
    selected,
    shown_notes,
    stage_of,
    wait_for,
)
from tui import paths, rules
from tui.app import FollowupApp
from tui.model import EventKind, Interviewer, Outcome, Profile, Stage
from tui.screens.card_detail import CardDetailScreen
from tui.screens.card_form import CardFormScreen
from tui.screens.dialogs import AskScreen, ConfirmScreen, StagePickerScreen
from tui.screens.help import HelpScreen
from tui.screens.profile import ProfileScreen
from tui.screens.today import TodayScreen
from tui.store import Store
from tui.widgets.board_view import CARD_HEIGHT
from tui.widgets.draft_editor import DraftEditor
from tui.widgets.draft_panel import DraftPanel


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """The standard seven-card board file (tests/ui/conftest.py: seed_board)."""
    return seed_board(tmp_path / "board.json")


def focus_of(app: FollowupApp) -> object:
    """The focused widget."""
    return app.focused


def on_column(app: FollowupApp, stage: Stage) -> bool:
    """True when the board has focus and the keys act on ``stage``'s column."""
    return (
        app.focused is app.board_screen.board
        and app.board_screen.board.current is app.board_screen.column(stage)
    )


async def opens_and_closes(
    pilot: Pilot[int],
    app: FollowupApp,
    keys: tuple[str, ...],
    screen: type[Screen[Any]],
    check: Callable[[str], None] | None = None,
) -> None:
    """Each key opens ``screen`` (whose text passes ``check``) and escape closes it."""
    for key in keys:
        await pilot.press(key)
        assert isinstance(app.screen, screen), key
        if check is not None:
            check(screen_text(app))
        await pilot.press("escape")
        assert not isinstance(app.screen, screen), key


# -- what the board shows ----------------------------------------------------------------


async def test_status_lines_and_header_summary(board: Path) -> None:
    # Wide enough for all six columns, each status on one line (220: 28 cells a column).
    async with running(board, size=(220, 40)) as (_pilot, app):
        text = screen_text(app)
        assert "thank-you due in 21h" in text
        assert "thank-you overdue by 1d" in text
        # The header counts due and overdue actions, as rules.summary says.
        expected = rules.summary(
            list(app.board_screen.cards.values()), app.board_screen.profile, NOW
        )
        assert expected == "4 due today, 1 overdue"
        assert expected in text.splitlines()[0]
        assert str(app.query_one("#save-status", Static).render()) == "all saved"
        # The column titles count their cards; the most urgent card comes first.
        assert "Interviewed 3" in text
        assert [c.company for c in app.board_screen.column(Stage.INTERVIEWED).cards] == [
            "Birch Labs",
            "Acme Analytics",
            "Granite Software",
        ]


async def test_the_top_bar_says_saved_once_a_change_is_on_disk(board: Path) -> None:
    # The session knowing the change is saved is not enough: the top bar has to say so.
    async with running(board) as (pilot, app):
        status = app.query_one("#save-status", Static)
        assert str(status.render()) == "all saved"
        await pilot.press("L")
        await wait_for(pilot, lambda: app.save_status.startswith("saved "))
        await wait_for(pilot, lambda: str(status.render()) == app.save_status)
        assert app.save_status in screen_text(app).splitlines()[0]


# -- moving around -----------------------------------------------------------------------


async def test_mouse_picks_a_card_opens_it_and_scrolls_a_column(tmp_path: Path) -> None:
    many = [card(f"Company {n:02}", Stage.THANKED, 72 + n) for n in range(12)]
    path = seed_board(
        tmp_path / "board.json", [card("Acme Analytics", Stage.INTERVIEWED, 3), *many]
    )
    async with running(path) as (pilot, app):
        thanked = app.board_screen.column(Stage.THANKED)
        x = thanked.x + 3  # inside the second column, past its border
        # A click on the second card of Thanked (line 1 is the first card, 7 the second).
        await pilot.click(app.board_screen.board, offset=(x, 1 + CARD_HEIGHT))
        await pilot.pause()
        assert stage_of(app) is Stage.THANKED and on_column(app, Stage.THANKED)
        assert thanked.cursor == 1
        assert selected(app) == thanked.cards[1].company
        # A second click on the same card opens it.
        await pilot.double_click(app.board_screen.board, offset=(x, 1 + CARD_HEIGHT))
        await wait_for(pilot, lambda: isinstance(app.screen, CardDetailScreen))
        assert thanked.cards[1].company in str(app.screen.query_one("#detail-title").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.screen_stack[0])
        # The wheel over a column scrolls it and leaves its cursor where it was.
        first_shown = thanked.cards[0].company
        assert first_shown in screen_text(app)
        for _ in range(4):
            app.board_screen.board.post_message(
                MouseScrollDown(app.board_screen.board, x, 5, 0, 0, 0, False, False, False)
            )
        await pilot.pause()
        assert thanked.top > 0
        assert thanked.cursor == 1
        assert first_shown not in screen_text(app)


async def test_a_click_on_a_narrow_board_leaves_the_columns_in_place(board: Path) -> None:
    # 120 columns show three of the six stages. A click on the rightmost one used to centre
    # it, sliding the board under the pointer: the second click of a double-click then
    # landed on another card and nothing opened.
    async with running(board) as (pilot, app):
        shown = [column.stage for column in app.board_screen.board.shown_columns]
        assert shown == list(Stage)[:3]  # Interviewed to Awaiting Decision
        awaiting = app.board_screen.column(Stage.AWAITING_DECISION)  # the rightmost, with a card
        await pilot.double_click(app.board_screen.board, offset=(awaiting.x + 3, 1))
        await wait_for(pilot, lambda: isinstance(app.screen, CardDetailScreen))
        assert "Delta Health" in str(app.screen.query_one("#detail-title").render())
        await pilot.press("escape")
        assert [column.stage for column in app.board_screen.board.shown_columns] == shown
        # Keys move the window only past its edge, and by one column.
        await pilot.press("h", "l")
        assert [column.stage for column in app.board_screen.board.shown_columns] == shown
        await pilot.press("l")
        assert [column.stage for column in app.board_screen.board.shown_columns] == [
            *shown[1:],
            Stage.CHECKED_IN,
        ]


async def test_at_80_columns_the_footer_still_offers_help_and_quit(board: Path) -> None:
    async with running(board, size=(80, 24)) as (pilot, app):
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "? Help" in footer and "q Quit" in footer and "L Move →" in footer
        assert "H Move ←" not in footer  # left out to make room; the key still works
        await pilot.press("L", "H")
        assert stage_of(app) is Stage.INTERVIEWED


async def test_at_60_columns_the_header_keeps_the_whole_count(board: Path) -> None:
    async with running(board, size=(60, 15)) as (pilot, app):
        await pilot.pause()
        header = screen_text(app).splitlines()[0]
        assert "4 due today, 1 overdue" in header and "all saved" in header


async def test_arrows_and_h_l_change_the_focused_column(board: Path) -> None:
    async with running(board) as (pilot, app):
        assert stage_of(app) is Stage.INTERVIEWED
        assert on_column(app, Stage.INTERVIEWED)
        for key, stage in [
            ("l", Stage.THANKED),
            ("right", Stage.AWAITING_DECISION),
            ("h", Stage.THANKED),
            ("left", Stage.INTERVIEWED),
            ("left", Stage.INTERVIEWED),  # nothing left of the first column
            ("h", Stage.INTERVIEWED),
        ]:
            await pilot.press(key)
            assert stage_of(app) is stage, key
            assert on_column(app, stage), key
        for _ in range(7):
            await pilot.press("l")
        assert stage_of(app) is Stage.NETWORKED
        assert selected(app) == "Foxglove Media"


async def test_cursor_keys_move_within_the_column(board: Path) -> None:
    async with running(board) as (pilot, app):
        assert selected(app) == "Birch Labs"
        steps = [
            ("j", "Acme Analytics"),
            ("down", "Granite Software"),
            ("j", "Granite Software"),  # the last card stays selected
            ("k", "Acme Analytics"),
            ("up", "Birch Labs"),
            ("up", "Birch Labs"),
            ("G", "Granite Software"),
            ("g", "Birch Labs"),
        ]
        for key, company in steps:
            await pilot.press(key)
            assert selected(app) == company, key
        # The draft panel follows the cursor.
        await pilot.press("j")
        draft = app.query_one(DraftPanel).preview_text
        assert "Acme Analytics" in str(draft)


# -- moving cards ------------------------------------------------------------------------


async def test_L_and_H_move_the_card_and_save_the_move(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("L")
        assert stage_of(app) is Stage.THANKED  # the cursor follows the card
        assert selected(app) == "Birch Labs"
        await pilot.press("shift+right")
        assert stage_of(app) is Stage.AWAITING_DECISION
        await pilot.press("H")
        await pilot.press("shift+left")
        await pilot.press("L")
        assert app.board_screen.cards[_id(app, "Birch Labs")].stage is Stage.THANKED
    birch = saved_cards(board)["Birch Labs"]
    assert birch.stage is Stage.THANKED
    moves = [event.details for event in birch.history if event.kind is EventKind.MOVED]
    assert moves == [
        {"from": "interviewed", "to": "thanked"},
        {"from": "thanked", "to": "awaiting_decision"},
        {"from": "awaiting_decision", "to": "thanked"},
        {"from": "thanked", "to": "interviewed"},
        {"from": "interviewed", "to": "thanked"},
    ]


async def test_a_move_past_the_first_or_last_stage_is_disabled(board: Path) -> None:
    async with running(board) as (pilot, app):
        before = saved_cards(board)
        # First column: moving left does not apply. None means "shown dimmed, not enabled".
        assert app.board_screen.check_action("move_card", (-1,)) is None
        assert app.board_screen.check_action("move_card", (1,)) is True
        active = app.screen.active_bindings
        assert active["H"].enabled is False
        assert active["L"].enabled is True
        await pilot.press("H", "shift+left")
        assert stage_of(app) is Stage.INTERVIEWED
        assert app.board_screen.cards == {c.doc_id: c for c in before.values()}
        # Last column: moving right does not apply.
        for _ in range(5):
            await pilot.press("l")
        assert selected(app) == "Foxglove Media"
        assert app.board_screen.check_action("move_card", (1,)) is None
        assert app.screen.active_bindings["L"].enabled is False
        await pilot.press("L", "shift+right")
        assert app.board_screen.cards[_id(app, "Foxglove Media")].stage is Stage.NETWORKED
        assert not any(note.severity == "error" for note in shown_notes(app))
        assert app.store is not None and not app.store.can_undo()
    assert saved_cards(board) == before


async def test_m_opens_the_stage_picker_and_picking_moves(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("m")
        assert isinstance(app.screen, StagePickerScreen)
        # The picker starts on the next stage: one down is Awaiting Decision.
        await pilot.press("down", "enter")
        assert not isinstance(app.screen, StagePickerScreen)
        assert stage_of(app) is Stage.AWAITING_DECISION
        assert selected(app) == "Birch Labs"
        # escape leaves the card where it is; a number picks a stage directly.
        await pilot.press("m", "escape")
        assert stage_of(app) is Stage.AWAITING_DECISION
        await pilot.press("m", "5")
        assert stage_of(app) is Stage.OUTCOME
    assert saved_cards(board)["Birch Labs"].stage is Stage.OUTCOME


async def test_early_check_in_asks_first_and_cancelling_leaves_the_card(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("l", "l")
        assert selected(app) == "Delta Health"
        await pilot.press("L")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Too early to check in?" in screen_text(app)
        assert "Wed 2 Dec" in screen_text(app)
        await pilot.press("n")
        assert not isinstance(app.screen, ConfirmScreen)
        assert stage_of(app) is Stage.AWAITING_DECISION
        assert selected(app) == "Delta Health"
        # Confirming goes ahead.
        await pilot.press("L")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert stage_of(app) is Stage.CHECKED_IN
        assert app.store is not None
        app.store.flush(5)
        mid_run = saved_cards(board)["Delta Health"]
    assert mid_run.stage is Stage.CHECKED_IN


async def test_moving_back_from_outcome_to_checked_in_early_asks_first(tmp_path: Path) -> None:
    # Moving back reopens the outcome, so the card is a pending one checking in early.
    rejected = card(
        "Delta Health",
        Stage.OUTCOME,
        48,
        follow_up_on=date(2026, 12, 2),
        outcome=Outcome.REJECTED,
    )
    path = seed_board(tmp_path / "board.json", [rejected])
    async with running(path) as (pilot, app):
        app.board_screen.jump_to(_id(app, "Delta Health"))
        await pilot.pause()
        assert selected(app) == "Delta Health"
        await pilot.press("H")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Too early to check in?" in screen_text(app)
        await pilot.press("y")
        assert stage_of(app) is Stage.CHECKED_IN
    moved = saved_cards(path)["Delta Health"]
    assert (moved.stage, moved.outcome) == (Stage.CHECKED_IN, Outcome.PENDING)


async def test_cancelled_early_check_in_writes_nothing(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("l", "l", "L", "escape")
        assert app.store is not None and not app.store.can_undo()
    assert saved_cards(board)["Delta Health"].stage is Stage.AWAITING_DECISION


# -- adding, opening, deleting, undoing ----------------------------------------------------


async def test_n_adds_a_card_through_the_form(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("n")
        assert isinstance(app.screen, CardFormScreen)
        assert focus_of(app) is app.screen.query_one("#field-company")
        await pilot.press(*"Hollow Pines", "tab", *"Data Engineer", "ctrl+s")
        assert not isinstance(app.screen, CardFormScreen)
        assert selected(app) == "Hollow Pines"
        assert stage_of(app) is Stage.INTERVIEWED
        await wait_for(pilot, lambda: app.save_status.startswith("saved"))
    added = saved_cards(board)["Hollow Pines"]
    assert added.role == "Data Engineer"
    assert added.stage is Stage.INTERVIEWED
    assert added.interviewed_at == NOW  # the form starts at "now"
    assert [event.kind for event in added.history] == [EventKind.CREATED]
    assert len(saved_cards(board)) == 8


async def test_e_and_enter_open_the_card_with_its_history(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("L", "H")  # two moves, so the history has something to show

        def shows_card_and_history(text: str) -> None:
            assert "Birch Labs · Data Analyst" in text
            assert "History" in text
            assert "Added to the board" in text
            assert "Moved from Interviewed to Thanked" in text
            assert "Moved from Thanked to Interviewed" in text
            assert "thank-you overdue by 1d" in text

        await opens_and_closes(pilot, app, ("e", "enter"), CardDetailScreen, shows_card_and_history)


async def test_d_asks_then_deletes_and_u_brings_it_back(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Delete this card?" in screen_text(app)
        await pilot.press("n")
        assert selected(app) == "Birch Labs"
        await pilot.press("d", "y")
        assert selected(app) == "Acme Analytics"
        assert "Birch Labs" not in {c.company for c in app.board_screen.cards.values()}
        assert app.store is not None
        app.store.flush(5)
        assert "Birch Labs" not in saved_cards(board)
        await pilot.press("u")
        assert "Birch Labs" in {c.company for c in app.board_screen.cards.values()}
        assert any("Undone" in note for note in notifications(app))
    assert "Birch Labs" in saved_cards(board)
    assert len(saved_cards(board)) == 7


async def test_u_undoes_moves_and_edits(board: Path) -> None:
    async with running(board) as (pilot, app):
        assert app.store is not None and not app.store.can_undo()  # nothing to undo yet
        await pilot.press("L")
        assert stage_of(app) is Stage.THANKED
        await pilot.press("u")
        assert app.board_screen.cards[_id(app, "Birch Labs")].stage is Stage.INTERVIEWED
        # The cursor follows the card back to its column.
        assert stage_of(app) is Stage.INTERVIEWED
        assert selected(app) == "Birch Labs"
        # An edit through the form: e opens the card, e again edits it.
        await pilot.press("e", "e")
        assert isinstance(app.screen, CardFormScreen)
        company = app.screen.query_one("#field-company", Input)
        assert company.value == "Birch Labs"
        await pilot.press("end", *" Europe", "ctrl+s")
        assert app.board_screen.cards[_id(app, "Birch Labs Europe")].company == "Birch Labs Europe"
        app.store.flush(5)  # type: ignore[union-attr]
        edited = saved_cards(board)["Birch Labs Europe"]
        assert edited.history[-1].kind is EventKind.EDITED
        await pilot.press("u")
        assert "Birch Labs" in {c.company for c in app.board_screen.cards.values()}
        # Nothing left to undo: u says so (it used to do nothing at all) and changes nothing.
        await pilot.press("u")
        assert "Birch Labs" in {c.company for c in app.board_screen.cards.values()}
        assert notifications(app)[-1] == "Nothing to undo."
    final = saved_cards(board)
    assert "Birch Labs Europe" not in final
    assert final["Birch Labs"].stage is Stage.INTERVIEWED


def _id(app: FollowupApp, company: str) -> int:
    """The storage id of the card with this company."""
    return next(
        doc_id
        for doc_id, each in app.board_screen.cards.items()
        if each.company == company and doc_id
    )


# -- filter, today, profile, help, palette, quit ---------------------------------------------


async def test_letters_read_with_the_slash_go_into_the_filter(board: Path) -> None:
    # A fast typist or a paste: the terminal hands "/acme" over in one read, so the app has
    # all five keys queued before "/" has opened the box.
    async with running(board) as (pilot, app):
        for key, character in [("slash", "/"), *[(letter, letter) for letter in "acme"]]:
            app.post_message(Key(key, character))
        await wait_for(
            pilot,
            lambda: (
                app.board_screen._filter_box is not None and app.board_screen.filter_text == "acme"
            ),
        )
        assert [c.company for c in app.board_screen.column(Stage.INTERVIEWED).cards] == [
            "Acme Analytics"
        ]
        # None of the letters reached the board's keys: m did not open the stage picker,
        # e no card, c copied nothing.
        assert app.screen is app.screen_stack[0]
        assert notifications(app) == []
        # The same after tab: the letters land in the draft editor.
        await pilot.press("escape")
        for key, character in [("tab", "\t"), *[(letter, letter) for letter in "Hi"]]:
            app.post_message(Key(key, character))
        await wait_for(pilot, lambda: app.board_screen.draft_panel.editing)
        editor = app.board_screen.draft_panel.editor
        assert editor is not None
        await wait_for(pilot, lambda: editor.text.startswith("Hi"))


async def test_letters_read_with_n_go_into_the_new_card(board: Path) -> None:
    # "nAcme" in one read: the letters must wait for the form, not fall on the board's keys
    # (A, c, m and e all mean something there) or vanish while the form is being built.
    async with running(board) as (pilot, app):
        for key, character in [("n", "n"), *[(letter, letter) for letter in "Zeta"]]:
            app.post_message(Key(key, character))
        await wait_for(pilot, lambda: isinstance(app.screen, CardFormScreen))
        company = app.screen.query_one("#field-company", Input)
        await wait_for(pilot, lambda: company.value == "Zeta")
        assert app.focused is company
        assert notifications(app) == []


async def test_slash_filters_and_escape_clears(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("slash")
        box = app.query_one("#filter", Input)
        assert box.display and app.focused is box
        await pilot.press(*"acme")
        assert [c.company for c in app.board_screen.column(Stage.INTERVIEWED).cards] == [
            "Acme Analytics"
        ]
        for stage in list(Stage)[1:]:
            assert (
                app.board_screen.column(stage).cards == ()
                or list(app.board_screen.column(stage).cards) == []
            )
        text = screen_text(app)
        # The title fits the column's width, cutting the name but never the count.
        column = app.board_screen.column(Stage.INTERVIEWED)
        assert column.title() == "Interviewed 1/3"
        assert column.title(room=15) == "Interviewed 1/3"
        assert column.title(room=12) == "Intervi… 1/3"
        assert any(title in text for title in ("Interviewed 1/3", "… 1/3"))
        assert "no matches" in text
        assert "Birch Labs" not in text
        await pilot.press("enter")  # back to the board, filter kept
        assert on_column(app, Stage.INTERVIEWED)
        assert selected(app) == "Acme Analytics"
        await pilot.press("escape")
        assert app.board_screen.filter_text == ""
        assert not box.display
        assert len(app.board_screen.column(Stage.INTERVIEWED).cards) == 3
        assert "Birch Labs" in screen_text(app)


async def test_the_filter_takes_the_cursor_to_a_match_in_another_column(board: Path) -> None:
    # The new user's `/kenji` in Checked In: the match was in the next column, and the panel
    # said "No card selected". The cursor goes to the first match; the typing goes on.
    async with running(board) as (pilot, app):
        page = BoardPage(app)
        await pilot.press("l")
        assert page.stage is Stage.THANKED
        await pilot.press("slash", *"delta")
        await wait_for(pilot, lambda: app.board_screen.filter_text == "delta")
        assert (page.stage, page.selected) == (Stage.AWAITING_DECISION, "Delta Health")
        assert page.draft is not None
        assert "No card selected" not in screen_text(app)
        assert app.focused is app.query_one("#filter", Input)
        await pilot.press(*" health", "enter")
        assert (page.stage, page.selected) == (Stage.AWAITING_DECISION, "Delta Health")
        # A column that has a match keeps the cursor, and nothing moves when nothing matches.
        await pilot.press("slash", "ctrl+u", *"e")
        await wait_for(pilot, lambda: app.board_screen.filter_text == "e")
        assert page.stage is Stage.AWAITING_DECISION
        await pilot.press(*"zzz")
        await wait_for(pilot, lambda: app.board_screen.filter_text == "ezzz")
        assert page.stage is Stage.AWAITING_DECISION


async def test_a_card_added_while_a_filter_hides_it_clears_the_filter(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("slash", *"acme", "enter", "n", *"Zeta", "tab", *"Dev", "ctrl+s")
        await wait_for(pilot, lambda: app.screen is app.screen_stack[0])
        assert app.board_screen.filter_text == ""
        assert selected(app) == "Zeta"
        assert BoardPage(app).draft is not None


async def test_escape_in_the_filter_box_clears_it(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("slash", *"delta", "escape")
        assert app.board_screen.filter_text == ""
        assert len(app.board_screen.column(Stage.INTERVIEWED).cards) == 3
        assert on_column(app, app.board_screen.focused_stage)


async def test_t_opens_today_and_enter_jumps_to_the_card(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("t")
        assert isinstance(app.screen, TodayScreen)
        order = [each.company for each, _ in app.screen.actions]
        # Most urgent first: the overdue thank-you, then the due ones by due time.
        assert order[0] == "Birch Labs"
        assert set(order) == {
            "Birch Labs",
            "Acme Analytics",
            "Granite Software",
            "Cobalt Systems",
            "Ember Foods",
        }
        text = screen_text(app)
        assert "Today: 5 follow-ups to do" in text
        # The footer says what enter does, not only "esc Close".
        assert "⏎ Open card" in text.splitlines()[-1]
        target = order.index("Ember Foods")
        await pilot.press(*["down"] * target, "enter")
        assert not isinstance(app.screen, TodayScreen)
        assert stage_of(app) is Stage.OUTCOME
        assert selected(app) == "Ember Foods"
        assert on_column(app, Stage.OUTCOME)


async def test_today_with_nothing_due_shows_no_enter_key(tmp_path: Path) -> None:
    path = seed_board(tmp_path / "board.json", [card("Foxglove Media", Stage.NETWORKED, 900)])
    async with running(path) as (pilot, app):
        await pilot.press("t")
        assert isinstance(app.screen, TodayScreen)
        footer = screen_text(app).splitlines()[-1]
        assert "Close" in footer and "Open card" not in footer
        await pilot.press("enter")  # nothing to open: the view stays
        assert isinstance(app.screen, TodayScreen)


async def test_p_opens_the_profile_and_ctrl_s_saves_it(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("p")
        assert isinstance(app.screen, ProfileScreen)
        await pilot.press(*"Robin Park", "tab", *"robin@example.com", "ctrl+s")
        assert not isinstance(app.screen, ProfileScreen)
        assert app.board_screen.profile.name == "Robin Park"
        # The draft is signed with the new name at once.
        assert BoardPage(app).draft is not None
        assert "Robin Park" in BoardPage(app).draft.text
    store = Store(board, read_only=True)
    try:
        profile = store.profile()
    finally:
        store.close()
    assert (profile.name, profile.email, profile.timezone) == (
        "Robin Park",
        "robin@example.com",
        "UTC",
    )


async def test_question_mark_and_f1_open_help(board: Path) -> None:
    async with running(board) as (pilot, app):
        await opens_and_closes(pilot, app, ("question_mark", "f1"), HelpScreen)


async def test_help_scrolls_to_its_end(board: Path) -> None:
    # The help is longer than the screen: its last section must be reachable by key.
    async with running(board) as (pilot, app):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help", VerticalScroll)
        assert box.max_scroll_y > 0
        await pilot.press("j", "j")
        assert box.scroll_y == 2
        await pilot.press("k")
        assert box.scroll_y == 1
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y
        assert "Your files" in screen_text(app)


async def test_ctrl_p_opens_the_command_palette(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"today")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, TodayScreen))


async def test_the_palette_shows_a_card_s_brackets_as_written(tmp_path: Path) -> None:
    # Textual's palette reads its prompts and help as markup: "[/]" alone used to end the
    # app with a MarkupError, and "[b]" made the rest bold.
    hostile = "[/]Evil [b]Corp"
    path = seed_board(tmp_path / "board.json", [card(hostile, Stage.INTERVIEWED, 3)])
    async with running(path) as (pilot, app):
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)  # discovery: "Move [/]Evil [b]Corp to Thanked"
        assert f"Move {hostile} to Thanked" in screen_text(app)
        await pilot.press(*"evil")
        await wait_for(pilot, lambda: f"go: {hostile}" in screen_text(app))
        assert app.is_running


async def test_undoing_a_profile_change_redraws_every_status(board: Path) -> None:
    # Cobalt Systems (Thanked, interviewed 3 days ago) asks for the timeline while the
    # check-in date is a week away; with a 1-day delay its check-in is already due.
    def cobalt_on_screen() -> str:
        line = next(row for row in screen_text(app).splitlines() if "Cobalt Systems" in row)
        rows = screen_text(app).splitlines()
        start = rows.index(line)
        return " ".join(rows[start : start + 5])

    async with running(board) as (pilot, app):
        assert "ask for their" in cobalt_on_screen()
        await pilot.press("p")
        app.screen.query_one("#field-follow_up_days", Input).value = "1"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "check-in due" in cobalt_on_screen()
        await pilot.press("u")
        await pilot.pause()
        assert app.board_screen.profile.follow_up_days == 7
        assert "ask for their" in cobalt_on_screen()  # not the undone profile's status


async def test_the_footer_under_a_dialog_offers_no_board_keys(board: Path) -> None:
    # The delete question has its own keys (y, n); ? and q do nothing there, so the
    # board's footer beneath it must not offer them.
    async with running(board) as (pilot, app):
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert "Help" not in footer and "Quit" not in footer
        await pilot.press("n")
        await pilot.pause()
        assert "q Quit" in screen_text(app).splitlines()[-1]
        # ctrl+q, Textual's quit, still ends the app from a dialog (help, here).
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


async def test_the_palette_does_not_open_over_a_dialog(board: Path) -> None:
    # Its commands act on the board: a move made from it while the edit form was open was
    # written back to the old card when the form was saved.
    async with running(board) as (pilot, app):
        await pilot.press("j", "e", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, CardFormScreen))
        assert app.check_action("command_palette", ()) is False
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        assert isinstance(app.screen, CardFormScreen)


async def test_a_profile_zone_unknown_here_opens_with_a_warning(tmp_path: Path) -> None:
    # A board copied from another machine, or hand-edited: the app used to end with a
    # traceback from the first rule that looked the zone up.
    path = seed_board(tmp_path / "board.json")
    with Store(path) as store:
        store.save_profile(Profile(name="Robin", timezone="Mars/Olympus_Mons"))
    async with running(path) as (pilot, app):
        assert app.board_screen.profile.timezone == ""
        assert "Unknown time zone 'Mars/Olympus_Mons'" in " ".join(notifications(app))
        assert "Acme Analytics" in screen_text(app)
        await pilot.press("L")
        assert app.is_running and stage_of(app) is Stage.THANKED


async def export_to(pilot: Pilot[int], app: FollowupApp, fmt: str, name: str) -> None:
    """Export as the palette's 'export:' commands do, typing ``name`` as the file."""
    app.board_screen.export(fmt)
    await wait_for(pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.is_mounted)
    app.screen.query_one("#ask-input", Input).value = name
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, AskScreen))


async def test_export_writes_the_file_and_explains_a_name_it_cannot_use(
    board: Path, tmp_path: Path
) -> None:
    async with running(board) as (pilot, app):
        await export_to(pilot, app, "csv", str(tmp_path / "out.csv"))
        written = (tmp_path / "out.csv").read_bytes()
        assert written.startswith(b"\xef\xbb\xbfid,company,") and b"Birch Labs" in written
        assert "Exported 7 cards" in " ".join(notifications(app))
        # A home folder that does not exist, a missing folder, the board itself: a message
        # each, and the app carries on (the first used to end it with a traceback).
        for name, told in [
            ("~nosuchuser-here/out.csv", "no such home folder"),
            (str(tmp_path / "missing" / "out.json"), f"{tmp_path / 'missing' / 'out.json'}"),
            (str(board), "the board's own file"),
        ]:
            await export_to(pilot, app, "json", name)
            assert told in notifications(app)[-1]
            assert app.is_running
    assert len(saved_cards(board)) == 7
    assert not list((tmp_path).glob(".out*"))


async def test_export_asks_before_replacing_a_file(board: Path, tmp_path: Path) -> None:
    existing = tmp_path / "notes.csv"
    existing.write_text("my own spreadsheet\n")
    async with running(board) as (pilot, app):
        app.board_screen.export("csv")
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.is_mounted)
        app.screen.query_one("#ask-input", Input).value = str(existing)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Replace notes.csv?" in screen_text(app)
        await pilot.press("n")
        assert existing.read_text() == "my own spreadsheet\n"
        await export_to(pilot, app, "csv", str(existing))  # asked again: this time yes
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: "Exported 7 cards" in " ".join(notifications(app)))
    assert existing.read_bytes().startswith(b"\xef\xbb\xbfid,company,")


def _asking(app: FollowupApp, words: str) -> bool:
    """Whether the screen on top is a question whose prompt holds ``words``."""
    screen = app.screen
    return (
        isinstance(screen, AskScreen)
        and screen.is_mounted
        and words in str(screen.query_one("#ask-prompt", Static).render())
    )


async def test_r_records_the_next_round_after_the_last_one_only(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("j")
        assert selected(app) == "Acme Analytics"  # interviewed today at 09:00
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.is_mounted)
        box = app.screen.query_one("#ask-input", Input)
        box.value = "today 8am"
        await pilot.press("enter")
        error = app.screen.query_one("#ask-error", Static)
        assert "Round 1 was on" in str(error.render()) and "comes after it" in str(error.render())
        assert isinstance(app.screen, AskScreen)
        box.value = "2026-11-27 10:00"
        await pilot.press("enter")
        # Then who was there: the last round's people, as the default.
        await wait_for(pilot, lambda: _asking(app, "Who will you meet"))
        people = app.screen.query_one("#ask-input", Input)
        before = app.board_screen.cards[_id(app, "Acme Analytics")]
        assert people.value == "; ".join(person.name for person in before.interviewers)
        people.value += "; Lee Okafor | Head of Data"
        await pilot.press("enter")
        # Then what the round covers (optional): its thank-yous say it, not round 1's points.
        await wait_for(pilot, lambda: _asking(app, "What will this round cover"))
        covered = app.screen.query_one("#ask-input", Input)
        assert covered.value == ""
        covered.value = "the team's roadmap; a live SQL exercise"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.screen_stack[0])
        acme = app.board_screen.cards[_id(app, "Acme Analytics")]
        assert (acme.round, acme.interviewed_at) == (2, datetime(2026, 11, 27, 10, tzinfo=UTC))
        assert acme.key_points == "the team's roadmap; a live SQL exercise"
        assert before.key_points  # round 1's, kept in the round's history entry
        (entry,) = [event for event in acme.history if event.kind is EventKind.NEW_ROUND]
        assert "round 1 covered: " in entry.summary
        assert acme.interviewers[-1].name == "Lee Okafor"
        assert [person.rounds for person in acme.interviewers][-1] == (2,)
        # The thank-you for an interview that has not happened cannot be marked sent.
        await pilot.press("s")
        assert "thank them after it" in notifications(app)[-1]
        assert app.board_screen.cards[_id(app, "Acme Analytics")] == acme


async def test_q_quits(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("L", "q")
        await pilot.pause()
        assert not app.is_running
        assert app.return_code == 0
    assert saved_cards(board)["Birch Labs"].stage is Stage.THANKED


async def test_board_keys_wait_while_a_dialog_is_open(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("t", "L", "d", "n")
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("escape")
        assert selected(app) == "Birch Labs"
        assert app.store is not None and not app.store.can_undo()


# -- the draft panel -----------------------------------------------------------------------


async def test_tab_goes_to_the_draft_editor_and_escape_or_tab_back(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("tab")
        assert isinstance(focus_of(app), DraftEditor)
        await pilot.press("escape")
        assert on_column(app, Stage.INTERVIEWED)
        await pilot.press("tab")
        assert isinstance(focus_of(app), DraftEditor)
        await pilot.press("tab")
        assert on_column(app, Stage.INTERVIEWED)
        await pilot.press("shift+tab")
        assert isinstance(focus_of(app), DraftEditor)
        await pilot.press("shift+tab")
        assert on_column(app, Stage.INTERVIEWED)


async def test_an_edited_draft_is_kept_on_the_card(board: Path) -> None:
    async with running(board) as (pilot, app):
        # TextArea has no ctrl+end: page down to the last line, then to its end.
        await pilot.press("tab", *["pagedown"] * 3, "end", "enter", *"PS.", "escape")
        draft = BoardPage(app).draft
        assert draft is not None and draft.edited
        assert draft.text.endswith("\nPS.")
        assert draft.text.startswith("Subject: Thank you")
        assert "edited" in str(app.query_one("#draft-heading", Static).render())
    birch = saved_cards(board)["Birch Labs"]
    assert any(text.endswith("\nPS.") for text in birch.drafts.values())
    # Draft edits are not history: only the card's creation is recorded.
    assert [event.kind for event in birch.history] == [EventKind.CREATED]


async def test_a_draft_typed_back_to_the_template_is_no_longer_an_edit(board: Path) -> None:
    # "X" then backspace: the card must not keep "X..." (c, s and o use what it keeps).
    async with running(board) as (pilot, app):
        template = BoardPage(app).draft
        assert template is not None and not template.edited
        await pilot.press("tab", "X")
        await wait_for(pilot, lambda: BoardPage(app).draft.edited)  # type: ignore[union-attr]
        await pilot.press("backspace", "escape")
        await wait_for(pilot, lambda: not BoardPage(app).draft.edited)  # type: ignore[union-attr]
        assert BoardPage(app).draft == template
        assert "edited" not in str(app.query_one("#draft-heading", Static).render())
    assert all(not each.drafts for each in saved_cards(board).values())


async def test_an_edit_is_kept_on_the_card_it_was_typed_for(board: Path) -> None:
    # "x", tab, "j" read at once: the edit reaches the app after the cursor has moved on,
    # and must still land on the card whose draft was being edited, never on the next one.
    async with running(board) as (pilot, app):
        await pilot.press("tab")
        edited = app.board_screen.selected_card
        assert edited is not None and app.board_screen.draft_panel.editing
        app.post_message(Key("x", "x"))
        # Queued behind the key, so it runs before the editor's change comes back.
        app.call_later(app.board_screen.select_card, _id(app, "Acme Analytics"))
        await wait_for(pilot, lambda: any(card.drafts for card in app.board_screen.cards.values()))
        await pilot.pause()
        assert [card.company for card in app.board_screen.cards.values() if card.drafts] == [
            edited.company
        ]
        assert (
            app.board_screen.selected_card is not None
            and app.board_screen.selected_card.company != edited.company
        )
    on_disk = saved_cards(board)
    assert [name for name, card in on_disk.items() if card.drafts] == [edited.company]


async def test_a_draft_without_its_subject_line_is_copied_as_typed(board: Path) -> None:
    async with running(board) as (pilot, app):
        # Type at the very start, so the first line no longer begins with "Subject:".
        await pilot.press("tab", *"Hi ", "escape")
        draft = BoardPage(app).draft
        assert draft is not None and draft.edited and draft.subject == ""
        assert draft.text.startswith("Hi Subject: Thank you")


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    """No graphical display: a copy falls back to OSC 52 and the draft file."""
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


@pytest.mark.usefixtures("no_display")
async def test_c_copies_to_the_fallback_file_without_a_display(board: Path) -> None:
    async with running(board) as (pilot, app):
        draft = BoardPage(app).draft
        assert draft is not None
        await pilot.press("c")
        await wait_for(pilot, lambda: any("Copied" in n for n in notifications(app)))
        message = next(n for n in notifications(app) if "Copied" in n)
        assert "Birch Labs" in message
        assert "last-draft.txt" in message
    # The body: pasted into a mail, it must not bring the Subject line along.
    saved = paths.fallback_clipboard_file()
    assert draft.text.startswith("Subject: ") and draft.subject
    assert saved.read_text(encoding="utf-8") == draft.body


async def test_after_the_last_thank_you_the_next_message_is_for_the_first_person(
    tmp_path: Path,
) -> None:
    people = (Interviewer("Sam Park"), Interviewer("Ana Ruiz"))
    path = seed_board(
        tmp_path / "board.json", [card("Acme Analytics", Stage.INTERVIEWED, 3, interviewers=people)]
    )
    async with running(path) as (pilot, app):
        await pilot.press("j", "s", "s")  # Sam, then Ana: the card moves to Thanked
        assert stage_of(app) is Stage.THANKED
        timeline = BoardPage(app).draft
        assert timeline is not None and timeline.kind == "timeline_question"
        assert timeline.recipient == people[0]  # not Ana, the last one thanked


async def test_thanking_the_same_person_twice_asks_first(tmp_path: Path) -> None:
    people = (Interviewer("Sam Park"), Interviewer("Ana Ruiz"))
    path = seed_board(
        tmp_path / "board.json", [card("Acme Analytics", Stage.INTERVIEWED, 3, interviewers=people)]
    )
    async with running(path) as (pilot, app):
        await pilot.press("j", "s")  # Sam thanked; the panel turns to Ana
        await pilot.press("left_curly_bracket")  # back to Sam, on purpose
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Already sent?" in screen_text(app) and "Sam Park" in screen_text(app)
        await pilot.press("n")
        acme = app.board_screen.cards[_id(app, "Acme Analytics")]
        assert len([e for e in acme.history if e.kind is EventKind.MESSAGE_SENT]) == 1


async def test_the_panel_says_where_the_draft_goes(tmp_path: Path) -> None:
    people = (Interviewer("Sam Park", email="sam@acme.example"), Interviewer("Ana Ruiz"))
    path = seed_board(
        tmp_path / "board.json", [card("Acme Analytics", Stage.INTERVIEWED, 3, interviewers=people)]
    )
    async with running(path) as (pilot, app):
        await pilot.press("j")
        await pilot.pause()
        status = app.query_one("#draft-status", Static)
        assert str(status.render()) == "To sam@acme.example"
        await pilot.press("right_curly_bracket")  # Ana: no address on the card
        await pilot.pause()
        assert str(status.render()).startswith("Ready to copy · ")


async def test_an_interviewer_known_only_by_email_is_named_by_it(tmp_path: Path) -> None:
    people = (Interviewer("", email="a@acme.example"), Interviewer("", email="b@acme.example"))
    path = seed_board(
        tmp_path / "board.json", [card("Acme Analytics", Stage.INTERVIEWED, 3, interviewers=people)]
    )
    async with running(path) as (pilot, app):
        await pilot.press("j")
        assert "a@acme.example +1" in screen_text(app)
        assert "Thank-you to a@acme.example (1/2)" in str(
            app.query_one("#draft-heading", Static).render()
        )
        await pilot.press("s")  # the greeting has no first name to fill: asked, then sent
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Not filled in?" in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: bool(notifications(app)))
        assert "thank-you to a@acme.example; b@acme.example next" in notifications(app)[-1]


async def test_a_card_with_nothing_left_to_send_drafts_nothing(board: Path) -> None:
    # Foxglove Media is in Networked, its final thanks long sent: the panel used to offer
    # it again, "Ready to copy", and s logged it a second time.
    async with running(board) as (pilot, app):
        app.board_screen.jump_to(_id(app, "Foxglove Media"))
        await pilot.pause()
        assert BoardPage(app).draft is None
        heading = str(app.query_one("#draft-heading", Static).render())
        status = str(app.query_one("#draft-status", Static).render())
        assert heading == "Nothing to send"
        assert status == "Connected on LinkedIn."
        assert "[ or ] shows a message anyway" in app.board_screen.draft_panel.preview_text
        before = app.board_screen.cards[_id(app, "Foxglove Media")]
        await pilot.press("s", "c")
        assert app.board_screen.cards[_id(app, "Foxglove Media")] == before
        # ] shows a message anyway, should the user want one.
        await pilot.press("right_square_bracket")
        assert BoardPage(app).draft is not None
        assert BoardPage(app).draft.kind == rules.MESSAGE_KINDS[0]  # type: ignore[union-attr]


async def test_a_card_waiting_for_its_outcome_says_to_record_it(tmp_path: Path) -> None:
    # In Outcome with nothing recorded yet there is nothing to send: the final thank-you
    # comes once the outcome is known.
    path = seed_board(tmp_path / "board.json", [card("Ember Foods", Stage.OUTCOME, 300)])
    async with running(path) as (pilot, app):
        app.board_screen.jump_to(_id(app, "Ember Foods"))
        await pilot.pause()
        assert BoardPage(app).draft is None
        assert "Record the outcome first" in app.board_screen.draft_panel.preview_text
        assert str(app.query_one("#draft-status", Static).render()) == "Record the outcome."


async def test_final_thanks_go_to_each_interviewer_in_turn(tmp_path: Path) -> None:
    people = (Interviewer("Marcus Silva"), Interviewer("Funmi Adeyemi"))
    done = card("Fernhill Software", Stage.OUTCOME, 300, outcome=Outcome.REJECTED)
    path = seed_board(
        tmp_path / "board.json",
        [replace(done, interviewers=people, history=done.history)],
    )
    async with running(path) as (pilot, app):
        app.board_screen.jump_to(_id(app, "Fernhill Software"))
        await pilot.pause()
        # Rejected: feedback first, then the final thanks to each in turn.
        await pilot.press("s")
        assert BoardPage(app).draft.kind == "final_thanks"  # type: ignore[union-attr]
        assert BoardPage(app).draft.recipient == people[0]  # type: ignore[union-attr]
        await pilot.press("s")
        assert stage_of(app) is Stage.OUTCOME
        assert BoardPage(app).draft.recipient == people[1]  # type: ignore[union-attr]
        await pilot.press("s")
        assert stage_of(app) is Stage.NETWORKED
        assert BoardPage(app).draft is None


@pytest.mark.usefixtures("no_display")
async def test_ctrl_r_resets_and_ctrl_y_copies_inside_the_editor(board: Path) -> None:
    async with running(board) as (pilot, app):
        template = BoardPage(app).draft
        assert template is not None and not template.edited
        await pilot.press("tab", "x", "ctrl+r")
        draft = BoardPage(app).draft
        assert draft is not None and not draft.edited
        assert draft.text == template.text
        assert isinstance(focus_of(app), DraftEditor)
        await pilot.press("ctrl+y")
        await wait_for(pilot, lambda: any("Copied" in n for n in notifications(app)))
    assert paths.fallback_clipboard_file().read_text(encoding="utf-8") == template.body
    assert saved_cards(board)["Birch Labs"].drafts == {}


async def test_c_on_an_early_draft_asks_before_copying(tmp_path: Path) -> None:
    # They will decide by Friday 11 December: the check-in is right from Monday 14 December.
    waiting = card(
        "Acme Analytics",
        Stage.AWAITING_DECISION,
        20,
        decision_by=date(2026, 12, 11),
        interviewers=(Interviewer("Dr. Sam Park", email="sam@acme.example"),),
    )
    path = seed_board(tmp_path / "board.json", [waiting])
    async with running(path) as (pilot, app):
        while selected(app) != "Acme Analytics":
            await pilot.press("l")
        await pilot.pause()
        heading = str(app.query_one("#draft-heading", Static).render())
        assert heading == "Not before Mon 14 Dec · Check-in to Dr. Sam Park"
        assert "Dear Dr. Park," in app.query_one(DraftPanel).preview_text
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "Not before Mon 14 Dec" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert not any(note.startswith("Copied") for note in notifications(app))
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        copied = "Copied the body of the check-in"
        await wait_for(pilot, lambda: any(copied in n for n in notifications(app)))
        # Its subject next: asked once is enough for the one draft.
        await pilot.press("c")
        copied = "Copied the subject of the check-in"
        await wait_for(pilot, lambda: any(copied in n for n in notifications(app)))
        assert not isinstance(app.screen, ConfirmScreen)


async def enter_decision_date(pilot: Pilot[int], app: FollowupApp, company: str, text: str) -> None:
    """Go to the company's card, press D, type the text and enter."""
    while selected(app) != company:
        await pilot.press("l")
    await pilot.press("D")
    await wait_for(pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.is_mounted)
    app.screen.query_one("#ask-input", Input).value = text
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen is app.screen_stack[0])


async def test_d_reads_day_month_in_the_profiles_country_and_says_the_day(tmp_path: Path) -> None:
    # A UK user types 18/12 (refused before: only 2026-12-18 and the like were read), and
    # the toast says which day was understood.
    path = seed_board(tmp_path / "board.json", [card("Acme Analytics", Stage.THANKED, 20)])
    with Store(path) as store:
        store.save_profile(replace(store.profile(), country="GB"))
    async with running(path) as (pilot, app):
        await enter_decision_date(pilot, app, "Acme Analytics", "18/12")
        assert BoardPage(app).card("Acme Analytics").decision_by == date(2026, 12, 18)
        assert "Decision date: Fri 18 Dec" in notifications(app)


async def test_d_and_o_enter_the_decision_date_and_the_outcome_in_one_key(tmp_path: Path) -> None:
    thanked = card("Acme Analytics", Stage.THANKED, 20)
    path = seed_board(tmp_path / "board.json", [thanked])
    async with running(path) as (pilot, app):
        await enter_decision_date(pilot, app, "Acme Analytics", "2026-12-04")
        acme = app.board_screen.cards[_id(app, "Acme Analytics")]
        assert (acme.decision_by, acme.stage) == (date(2026, 12, 4), Stage.AWAITING_DECISION)
        await pilot.press("O")
        await wait_for(pilot, lambda: len(app.screen_stack) > 1 and app.screen.is_mounted)
        await pilot.press("3")  # pending, offer, offer accepted
        await wait_for(pilot, lambda: app.screen is app.screen_stack[0])
        acme = app.board_screen.cards[_id(app, "Acme Analytics")]
        assert (acme.outcome, acme.stage) == (Outcome.OFFER_ACCEPTED, Stage.OUTCOME)


async def test_a_long_question_in_a_dialog_wraps_instead_of_being_cut(board: Path) -> None:
    prompt = "What did this round cover? Separate points with ';', or leave it empty."
    async with running(board, (100, 30)) as (pilot, app):
        app.push_screen(AskScreen("Round 2 at Acme", prompt))
        await wait_for(pilot, lambda: isinstance(app.screen, AskScreen) and app.screen.is_mounted)
        await pilot.pause()
        # The dialog's rows, inside its thick border, read as one text.
        rows = [row for row in screen_text(app).splitlines() if row.count("█") >= 2]
        inside = [row[row.index("█") + 1 : row.rindex("█")].strip() for row in rows]
        assert prompt in " ".join(text for text in inside if text)


async def test_r_reads_the_next_rounds_day_in_the_profiles_country(tmp_path: Path) -> None:
    path = seed_board(tmp_path / "board.json", [card("Acme Analytics", Stage.THANKED, 20)])
    with Store(path) as store:
        store.save_profile(replace(store.profile(), country="GB"))
    async with running(path) as (pilot, app):
        while selected(app) != "Acme Analytics":
            await pilot.press("l")
        await pilot.press("r")
        await wait_for(pilot, lambda: _asking(app, "next interview"))
        app.screen.query_one("#ask-input", Input).value = "2/12 10:00"
        await pilot.press("enter")
        await wait_for(pilot, lambda: _asking(app, "Who will you meet"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: _asking(app, "round cover"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.screen_stack[0])
        acme = BoardPage(app).card("Acme Analytics")
        assert (acme.round, acme.interviewed_at.date()) == (2, date(2026, 12, 2))
