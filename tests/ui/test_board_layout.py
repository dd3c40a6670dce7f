"""The board is readable at the sizes people use: whole next actions, whole companies, full
stage titles where they fit, and columns chosen by width.

The layout functions are tested on their own, then the real app on the demo board (a real
Store on a fresh copy, the clock frozen at the demo's moment) is read off the virtual screen
at each common terminal size.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len

from screenshots.render import SHOWN_PATH
from tests.ui.conftest import screen_strips
from tui import dates, rules
from tui.app import FollowupApp
from tui.config import load_config
from tui.model import Stage
from tui.store import Store
from tui.widgets.board_view import (
    CARD_HEIGHT,
    CARD_LINES,
    MIN_COLUMN_WIDTH,
    CardFace,
    card_lines,
    fit_columns,
    wrap_keeping_end,
)

SIZES = [(80, 24), (100, 30), (120, 36), (160, 48), (220, 55)]

STATUSES = [
    "thank-you overdue by 10h",
    "thank-you to Priya Raman due in 12m",
    "check in from Fri 11 Dec (in 9 days)",
    "check in again from Mon 7 Dec (in 5 days)",
    "ask for their decision timeline",
    "send a final thank-you to Hannah Park and connect",
    "no answer after 2 check-ins: record no response and move on",
    "no answer yet after 2 check-ins; record no response from Mon 7 Dec",
    "interview on Thu 26 Nov 14:30",
]


def face(
    status: str, company: str = "Acme", role: str = "Analyst", person: str = "Sam"
) -> CardFace:
    return CardFace(title=company, subtitle=role, person=person, status=status, tone="due")


def words(lines: object) -> str:
    """Lines of text as one string of single-spaced words."""
    assert isinstance(lines, list | tuple)
    return " ".join(" ".join(str(line) for line in lines).split())


# -- the pure parts ------------------------------------------------------------------------


@pytest.mark.parametrize("width", [18, 20, 22, 23, 24, 26, 30, 40])
@pytest.mark.parametrize("status", STATUSES)
def test_a_next_action_is_never_cut(status: str, width: int) -> None:
    lines = card_lines(face(status, company="Cedar Valley Medical Center"), width)
    assert len(lines) == CARD_LINES
    shown = [text for text, part in lines if part == "card--due"]
    assert 1 <= len(shown) <= 3
    if width >= 23:  # a column of 27 or more: every status the rules write fits whole
        assert words(shown) == status
    elif words(shown) != status:  # too long for three lines: the end is kept whole
        assert len(shown) == 3 and shown[-1].startswith("… ")
        assert status.endswith(shown[-1][2:])
    assert all(cell_len(text) <= width for text in shown)
    # The company comes whole too, on two lines, and the role keeps a line.
    titles = [text for text, part in lines if part == "card--title"]
    if len(shown) < 3:
        assert words(titles) == "Cedar Valley Medical Center"
        assert any(part == "card--subtitle" for _, part in lines)


def test_a_status_too_long_for_three_lines_loses_its_middle_not_its_due_part() -> None:
    status = "thank-you to Hannah Park, Victor Hale, Dana Whitfield and Gwen Moss overdue by 2h"
    shown = wrap_keeping_end(status, 22)
    assert len(shown) == 3
    assert shown[-1].startswith("…") and shown[-1].endswith("overdue by 2h")
    assert shown[0] == "thank-you to Hannah"


def test_a_due_phrase_is_not_split_over_two_lines() -> None:
    assert wrap_keeping_end("thank-you overdue by 6h", 22) == ["thank-you overdue", "by 6h"]
    assert wrap_keeping_end("check in from Fri 4 Dec (in 9 days)", 22) == [
        "check in from Fri",
        "4 Dec (in 9 days)",
    ]


def test_when_lines_run_short_the_person_goes_before_the_company_or_role() -> None:
    long = "no answer after 2 check-ins: record no response and move on"  # three lines at 22
    lines = card_lines(face(long, company="Fernhill", role="SRE", person="Marcus Silva"), 22)
    assert [part for _, part in lines] == [
        "card--title",
        "card--subtitle",
        "card--due",
        "card--due",
        "card--due",
    ]
    # A company on two lines, a role, and a two-line status: the person's line goes.
    lines = card_lines(
        face("check in from Fri 4 Dec (in 9 days)", company="Cedar Valley Medical Center"), 22
    )
    assert [text for text, _ in lines][:3] == ["Cedar Valley Medical", "Center", "Analyst"]
    assert "Sam" not in words([text for text, _ in lines])


def test_user_text_on_a_card_is_shown_literally() -> None:
    lines = card_lines(face("due in 2h", company="[bold]Evil\x1b[31m Corp"), 30)
    # Markup stays text; an escape sequence shows as one mark.
    assert lines[0][0].startswith("[bold]Evil") and lines[0][0].endswith(" Corp")
    assert "\x1b" not in "".join(text for text, _ in lines)


@pytest.mark.parametrize("width", range(60, 260, 7))
def test_columns_are_chosen_so_each_is_readable(width: int) -> None:
    fit = fit_columns(width)
    assert 1 <= fit.columns <= len(Stage)
    assert fit.panel >= 30
    column = (width - fit.panel) / fit.columns
    assert column >= MIN_COLUMN_WIDTH
    # No room left over for one more readable column.
    if fit.columns < len(Stage):
        assert (width - fit.panel) < (fit.columns + 1) * MIN_COLUMN_WIDTH


def test_the_common_sizes_get_columns_of_about_28() -> None:
    assert fit_columns(80) == fit_columns(80, panel=True)
    layouts = {width: fit_columns(width) for width in (80, 100, 120, 160, 220)}
    assert {width: fit.columns for width, fit in layouts.items()} == {
        80: 2,
        100: 2,
        120: 3,
        160: 4,
        220: 6,
    }
    assert fit_columns(160).panel == 48
    assert fit_columns(160, every_stage=True).columns == len(Stage)
    assert fit_columns(100, panel=False).columns == 4
    # A tiny terminal still shows one column, at most a sliver of a panel.
    tiny = fit_columns(40)
    assert tiny.columns == 1 and tiny.panel == 40 - MIN_COLUMN_WIDTH


# -- the demo board on screen ---------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_card_on_screen_shows_its_whole_next_action(
    demo_store: Store,
    size: tuple[int, int],
) -> None:
    app = FollowupApp(demo_store, path=SHOWN_PATH, demo=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        rows = [strip.text for strip in screen_strips(app)]
        board = app.board_screen.board.region
        checked = 0
        for column in app.board_screen.board.shown_columns:
            assert column.width >= MIN_COLUMN_WIDTH, (column.stage, column.width)
            left, right = board.x + column.x, board.x + column.x + column.width
            border = rows[board.y][left:right]
            full = f"{column.stage.label} {len(column.cards)}"
            if cell_len(full) <= column.width - 4:
                assert f" {full} " in border, (size, border)
            body = column.body_height
            for index, card in enumerate(column.cards):
                first = index * CARD_HEIGHT - column.top
                if first < 0 or first + CARD_LINES > body:
                    continue  # not wholly on screen
                lines = [
                    rows[board.y + 1 + first + row][left + 1 : right - 1]
                    for row in range(CARD_LINES)
                ]
                label = rules.next_action(card, app.board_screen.profile, dates.now()).label
                assert label in words(lines), (size, card.company, lines)
                assert card.company in words(lines), (size, card.company, lines)
                checked += 1
        # Every demo column holds two or three cards, and every size has room for two.
        assert checked >= 2 * len(app.board_screen.board.shown_columns), (size, checked)


async def test_v_shows_all_six_columns_and_the_choice_is_remembered(
    demo_store: Store,
) -> None:
    app = FollowupApp(demo_store, path=SHOWN_PATH, demo=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert len(app.board_screen.board.shown_columns) == 3
        # The top bar says what today is: due times are relative to it.
        assert str(app.query_one("#summary").render()).startswith("Wed 25 Nov · ")
        await pilot.press("v")
        await pilot.pause()
        assert len(app.board_screen.board.shown_columns) == len(Stage)
        assert not app.query_one("#stage-tabs").display
    config, problems = load_config()
    assert (config.board_columns, problems) == ("all", [])
    # The next start opens with all six; v goes back to readable cards, and that is saved.
    app = FollowupApp(demo_store, path=SHOWN_PATH, demo=True, config=config)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert len(app.board_screen.board.shown_columns) == len(Stage)
        await pilot.press("v")
        await pilot.pause()
        assert len(app.board_screen.board.shown_columns) == 3
    assert load_config()[0].board_columns == "readable"


def test_a_wrong_board_columns_setting_is_named_and_ignored(tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text('board_columns = "some"\ntheme = "nord"\n', encoding="utf-8")
    config, problems = load_config(settings)
    assert config.board_columns == "readable" and config.theme == "nord"
    assert problems == [
        f'{settings}: board_columns: expected "readable" or "all", found \'some\'; '
        "using the default"
    ]


async def test_the_draft_panel_names_only_keys_that_apply(
    demo_store: Store,
) -> None:
    app = FollowupApp(demo_store, path=SHOWN_PATH, demo=True)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        keys = app.query_one("#draft-keys")
        assert "c copy" in str(keys.render())  # a thank-you to send
        # Networked: nothing to send, so no copy, sent or kind keys.
        app.board_screen.focus_stage(Stage.NETWORKED)
        await pilot.pause()
        assert "Nothing to send" in str(app.query_one("#draft-heading").render())
        assert str(keys.render()).strip() == ""
        # An empty filter result: no card selected, no keys either.
        await pilot.press("slash", *"zzzz")
        await pilot.pause()
        assert "No card selected" in str(app.query_one("#draft-heading").render())
        assert str(keys.render()).strip() == ""
        await pilot.press("escape")
        app.board_screen.focus_stage(Stage.INTERVIEWED)
        await pilot.pause()
        assert "c copy" in str(keys.render())
