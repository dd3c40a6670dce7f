"""Not a keystroke is lost in the card form or the profile, however fast it is typed.

The real console script in a pseudo-terminal gets each burst in one write, with no delay
between keys, just as a fast typist over a slow link or a paste delivers it. What counts is
the board file the app writes. Editing keys (backspace, ctrl+u, ctrl+k) used to be matched
to a binding only after every key of the burst had been read, on whichever field had focus
by then: a ctrl+u typed in a date field cleared a line of the key points.

Then, in-process: the key points box edits whole lines however they wrap, and selects all.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from tests.cli.conftest import board_json, launched, quit_app
from tests.ui.conftest import running, seed_board, wait_for
from tui.screens.card_form import CardFormScreen

KEY_POINTS = (
    "They want to cut night-shift agency hours; the bedside handover checklist; "
    "the recovery bay they are expanding next spring"
)

BACKSPACE, CTRL_U, CTRL_K, CTRL_S, CTRL_A = "\x7f", "\x15", "\x0b", "\x13", "\x01"

WHAT_I_BRING = (
    "six years of running analytics for hospital wards, from the first dashboard to the "
    "nightly staffing forecast"
)


@pytest.mark.e2e
def test_a_whole_form_typed_in_one_burst_is_saved_whole(tmp_path: Path) -> None:
    db = tmp_path / "board.json"
    burst = "".join(
        [
            f"Acmf{BACKSPACE}e Corp",  # a typo put right
            "\tData Engineer",
            "\tSam Lee | CTO",
            f"\t{CTRL_U}2026-11-20 09:3{BACKSPACE}30",  # the date field edited
            "\t2",  # the round: the field's text is selected as it is entered
            "\t",  # over the format picker
            f"\t{KEY_POINTS}",
            f"\t{CTRL_U}2026-12-0x{BACKSPACE}4",
            f"\t{CTRL_U}2026-12-09",
            "\t",  # over the outcome picker
            f"\tShe liked the portfolio{CTRL_K}",
            CTRL_S,  # typed ahead too: it must save everything before it
        ]
    )
    with launched("--db", str(db)) as app:
        app.press("n", then="New interview")
        app.press(burst, then="Added Acme Corp")
        quit_app(app)
    (card,) = board_json(db)["applications"].values()
    assert card["company"] == "Acme Corp"
    assert card["role"] == "Data Engineer"
    assert [(p["name"], p["title"]) for p in card["interviewers"]] == [("Sam Lee", "CTO")]
    assert card["interviewed_at"].startswith("2026-11-20T")
    assert card["round"] == 2
    assert card["key_points"] == KEY_POINTS
    assert (card["decision_by"], card["follow_up_on"]) == ("2026-12-04", "2026-12-09")
    assert card["feedback"] == "She liked the portfolio"


@pytest.mark.e2e
def test_letters_right_after_tab_and_after_a_date_land_whole(tmp_path: Path) -> None:
    db = tmp_path / "board.json"
    with launched("--db", str(db)) as app:
        app.press("n", then="New interview")
        # Each field's keys and the tab after them in one write, date edits included.
        for part in ("Birch Labs\t", "Engineer\t\t", f"{CTRL_U}2026-11-19 14:00\t\t\t"):
            app.press(part)
        app.press(f"{KEY_POINTS}{CTRL_S}", then="Added Birch Labs")
        quit_app(app)
    (card,) = board_json(db)["applications"].values()
    assert (card["company"], card["role"]) == ("Birch Labs", "Engineer")
    assert card["interviewed_at"].startswith("2026-11-19T")
    assert card["key_points"] == KEY_POINTS


@pytest.mark.e2e
def test_the_whole_profile_typed_in_one_burst_is_saved_whole(tmp_path: Path) -> None:
    db = tmp_path / "board.json"
    burst = "".join(
        [
            f"{CTRL_U}Robin Parx{BACKSPACE}k",
            "\trobin@example.com",
            "\t+44 20 7946 0000",
            "\thttps://www.linkedin.com/in/robinpark",
            "\t@robinpark",
            f"\t{CTRL_U}Kind regards,",  # the sign-off had a default: cleared first
            f"\t{WHAT_I_BRING}",
            "\tgb",
            f"\t{CTRL_U}Europe/Londom{BACKSPACE}n",
            f"\t{CTRL_U}10",
            # The signature box: ctrl+u clears the whole line typed, though it wraps.
            f"\tRobin Park\r{WHAT_I_BRING} {WHAT_I_BRING}{CTRL_U}+44 20 7946 0000",
            CTRL_S,
        ]
    )
    with launched("--db", str(db)) as app:
        app.press("p", then="Your profile")
        app.press(burst, then="Profile saved")
        quit_app(app)
    (meta,) = board_json(db)["meta"].values()
    profile = meta["profile"]
    assert (profile["name"], profile["email"]) == ("Robin Park", "robin@example.com")
    assert (profile["phone"], profile["twitter"]) == ("+44 20 7946 0000", "@robinpark")
    assert profile["linkedin"] == "https://www.linkedin.com/in/robinpark"
    assert (profile["sign_off"], profile["what_i_bring"]) == ("Kind regards,", WHAT_I_BRING)
    assert (profile["country"], profile["timezone"]) == ("GB", "Europe/London")
    assert profile["follow_up_days"] == 10
    assert profile["signature"] == "Robin Park\n+44 20 7946 0000"


async def test_the_key_points_box_edits_whole_lines(tmp_path: Path) -> None:
    path = seed_board(tmp_path / "board.json")
    async with running(path, size=(80, 30)) as (pilot, app):
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, CardFormScreen))
        box = app.screen.query_one("#field-key_points", TextArea)
        box.focus()
        await pilot.pause()
        box.load_text(f"first line\n{KEY_POINTS}\nlast line")
        assert box.wrapped_document.height > 3  # the long line wraps in the box
        box.move_cursor((1, 40))
        await pilot.press("end")
        assert box.cursor_location == (1, len(KEY_POINTS))
        await pilot.press("home")
        assert box.cursor_location == (1, 0)
        box.move_cursor((1, 40))
        await pilot.press("ctrl+k")
        assert box.text == f"first line\n{KEY_POINTS[:40]}\nlast line"
        await pilot.press("ctrl+u")
        assert box.text == "first line\n\nlast line"
        await pilot.press("ctrl+a")
        assert box.selected_text == "first line\n\nlast line"
        await pilot.press("x")
        assert box.text == "x"
