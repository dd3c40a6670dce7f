"""The new-card form: errors are explained next to their fields and nothing is saved until valid."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from tests.ui.conftest import card, running, saved_cards, screen_text, seed_board, wait_for
from tui.app import FollowupApp
from tui.model import Interviewer, Stage
from tui.people import format_interviewers, parse_interviewers
from tui.screens.card_form import CardFormScreen
from tui.screens.dialogs import ConfirmScreen

pytestmark = pytest.mark.usefixtures("clock")

BAD_DAY = "30 February 2026 is not a real date: February 2026 has 28 days."


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """The standard seven-card board (see tests/ui/test_board.py)."""
    return seed_board(tmp_path / "board.json")


def error_of(app: FollowupApp, field: str) -> str:
    """The error shown under a field ('' when it is hidden)."""
    label = app.screen.query_one(f"#error-{field}", Static)
    return str(label.render()) if label.display else ""


async def go_to(pilot: Pilot[int], app: FollowupApp, field: str) -> Input:
    """Tab from field to field, as a user would, until ``field`` has focus."""
    target = app.screen.query_one(f"#field-{field}", Input)
    for _ in range(20):
        if app.focused is target:
            return target
        await pilot.press("tab")
    raise AssertionError(f"tab never reached {field}")


async def new_card_interviewed(pilot: Pilot[int], app: FollowupApp, when: str) -> None:
    """Open the form for Ivy, Teller, and type ``when`` over the interview time it suggests."""
    await pilot.press("n", *"Ivy", "tab", *"Teller")
    await go_to(pilot, app, "interviewed_at")
    await pilot.press("home", "shift+end", *when)


async def test_empty_company_and_role_are_explained_and_nothing_is_saved(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("n")
        await pilot.pause()
        assert "Company *" in screen_text(app)  # the first field's label is not scrolled off
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CardFormScreen)
        assert error_of(app, "company") == "Enter the company's name."
        assert error_of(app, "role") == "Enter the role you interviewed for."
        assert error_of(app, "interviewed_at") == ""
        text = screen_text(app)
        assert "Enter the company's name." in text
        assert "Enter the role you interviewed for." in text
        # The first field with a problem gets the cursor.
        assert app.focused is app.screen.query_one("#field-company")
        # Spaces alone are not a name either.
        await pilot.press(*"   ", "tab", *"Analyst", "ctrl+s")
        assert isinstance(app.screen, CardFormScreen)
        assert error_of(app, "company") == "Enter the company's name."
        assert error_of(app, "role") == ""
        assert len(app.board_screen.cards) == 7
    assert len(saved_cards(board)) == 7


async def test_an_impossible_date_is_explained(board: Path) -> None:
    async with running(board) as (pilot, app):
        await new_card_interviewed(pilot, app, "2026-02-30 10:00")
        await go_to(pilot, app, "decision_by")
        await pilot.press(*"2026-02-30", "ctrl+s")
        assert isinstance(app.screen, CardFormScreen)
        assert error_of(app, "interviewed_at").startswith(BAD_DAY)
        assert error_of(app, "decision_by").startswith(BAD_DAY)
        assert "Accepted forms include" in error_of(app, "decision_by")
        assert BAD_DAY in screen_text(app)
        # Fixing both dates saves the card.
        field = await go_to(pilot, app, "interviewed_at")
        await pilot.press("home", "shift+end", *"2026-11-24 10:00")
        assert field.value == "2026-11-24 10:00"
        await go_to(pilot, app, "decision_by")
        await pilot.press("home", "shift+end", *"2026-12-04", "ctrl+s")
        assert not isinstance(app.screen, CardFormScreen)
    ivy = saved_cards(board)["Ivy"]
    assert ivy.role == "Teller"
    assert ivy.interviewed_at.isoformat() == "2026-11-24T10:00:00+00:00"
    assert ivy.decision_by is not None and ivy.decision_by.isoformat() == "2026-12-04"


async def test_escape_with_typed_text_asks_first(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("n", *"Juniper")
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Discard changes?" in screen_text(app)
        await pilot.press("n")  # keep typing
        assert isinstance(app.screen, CardFormScreen)
        assert app.screen.query_one("#field-company", Input).value == "Juniper"
        await pilot.press("escape", "y")
        assert not isinstance(app.screen, (CardFormScreen, ConfirmScreen))
        assert len(app.board_screen.cards) == 7
    assert "Juniper" not in saved_cards(board)


async def test_escape_on_an_untouched_form_closes_at_once(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("n", "escape")
        assert not isinstance(app.screen, (CardFormScreen, ConfirmScreen))
        assert (
            app.focused is app.board_screen.board
            and app.board_screen.board.current
            is app.board_screen.column(app.board_screen.focused_stage)
        )


async def test_a_round_that_is_not_a_number_is_explained(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("n", *"Kelp", "tab", *"Dev")
        await go_to(pilot, app, "round")
        await pilot.press("backspace", *"two", "ctrl+s")
        assert error_of(app, "round") == "The round is a whole number: 1, 2, 3…"
        assert isinstance(app.screen, CardFormScreen)
    assert "Kelp" not in saved_cards(board)


async def test_saving_an_edit_keeps_an_interview_time_to_the_second(tmp_path: Path) -> None:
    """A time with seconds (from the CLI or an import) survives an edit of something else."""
    from datetime import UTC, datetime

    from tests.ui.conftest import card
    from tui.model import Stage

    precise = datetime(2026, 11, 24, 14, 30, 45, tzinfo=UTC)
    db = seed_board(
        tmp_path / "board.json", [card("Exact Co", Stage.INTERVIEWED, 2, interviewed_at=precise)]
    )
    async with running(db) as (pilot, app):
        await pilot.press("e", "e")
        assert isinstance(app.screen, CardFormScreen)
        await pilot.press("ctrl+s")  # nothing typed: the card must come back unchanged
        assert not isinstance(app.screen, CardFormScreen)
    saved = saved_cards(db)["Exact Co"]
    assert saved.interviewed_at == precise
    assert all("interview date" not in event.summary for event in saved.history)


PEOPLE = (
    Interviewer(name="", email="jordan@acme.example"),  # `add --interviewer jordan@...`
    Interviewer("Jane Doe", "CTO", twitter="janedoe"),  # a handle stored without its @
    Interviewer("Sam Roy", "Head of Data | Platform", "sam@acme.example"),  # '|' in a title
    Interviewer("Ana", "", "", "https://linkedin.com/in/ana", "@ana"),  # both profiles
)


def test_the_interviewers_box_reads_back_what_it_shows() -> None:
    people, problems = parse_interviewers(format_interviewers(PEOPLE))
    assert problems == []
    assert people == (PEOPLE[0], replace(PEOPLE[1], twitter="@janedoe"), *PEOPLE[2:])


@pytest.mark.parametrize(
    ("line", "person"),
    [
        (
            "Jordan Lee | jordan@acme.example",
            Interviewer("Jordan Lee", email="jordan@acme.example"),
        ),
        ("Jordan | Head of Data | @jlee", Interviewer("Jordan", "Head of Data", twitter="@jlee")),
        ("jordan@acme.example", Interviewer("", email="jordan@acme.example")),
        ("  Jordan  |  ", Interviewer("Jordan")),
    ],
)
def test_interviewer_fields_are_placed_by_what_they_look_like(
    line: str, person: Interviewer
) -> None:
    assert parse_interviewers(line) == ((person,), [])


def test_a_field_that_cannot_be_placed_is_an_error_not_dropped() -> None:
    people, problems = parse_interviewers(
        "Ana\nJordan | | not-an-email | ftp://x\nBo | a@x.io | b@x.io"
    )
    assert problems == [
        "Line 2: 'not-an-email' is not an email address.",
        "Line 2: 'ftp://x' is not a LinkedIn URL or @handle.",
        "Line 3: two of email ('a@x.io', 'b@x.io').",
    ]
    assert people[0] == Interviewer("Ana")


def test_the_box_and_the_command_line_agree_on_what_an_email_is() -> None:
    # "jane@" is not an address for `add --interviewer` or CSV import, nor here.
    assert parse_interviewers("Jo | Lead | jane@") == (
        (Interviewer("Jo", "Lead"),),
        ["Line 1: 'jane@' is not an email address."],
    )


async def edit_notes_of_the_only_card(path: Path, note: str) -> None:
    """Open the board's one card in the edit form, put ``note`` before its notes, save."""
    async with running(path) as (pilot, app):
        app.board_screen.jump_to(next(iter(app.board_screen.cards)))
        await pilot.press("e", "e")  # details, then the edit form
        await wait_for(pilot, lambda: isinstance(app.screen, CardFormScreen))
        app.screen.query_one("#field-notes", TextArea).insert(note)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CardFormScreen))


async def test_editing_a_card_keeps_every_interviewer_detail(tmp_path: Path) -> None:
    # Opening a card and changing only its notes used to drop the nameless interviewer and
    # the bare handle, and cut the title at its '|'.
    path = seed_board(
        tmp_path / "board.json", [replace(card("Opal", Stage.INTERVIEWED, 3), interviewers=PEOPLE)]
    )
    await edit_notes_of_the_only_card(path, "call back")
    saved = saved_cards(path)["Opal"]
    assert saved.notes.startswith("call back")
    assert saved.interviewers == PEOPLE


async def test_an_interviewer_line_that_cannot_be_read_is_explained(board: Path) -> None:
    async with running(board) as (pilot, app):
        await pilot.press("n", *"Quill", "tab", *"Dev")
        app.screen.query_one("#field-interviewers", TextArea).insert("Jordan | | not-an-email")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, CardFormScreen)
        assert "Line 1: 'not-an-email' is not an email address." in error_of(app, "interviewers")
    assert "Quill" not in saved_cards(board)


async def test_a_decision_date_before_the_interview_is_explained(board: Path) -> None:
    async with running(board) as (pilot, app):
        await new_card_interviewed(pilot, app, "2026-11-24 10:00")
        await go_to(pilot, app, "decision_by")
        await pilot.press(*"2026-11-01")
        await go_to(pilot, app, "follow_up_on")
        await pilot.press(*"2026-11-23", "ctrl+s")
        assert isinstance(app.screen, CardFormScreen)
        assert error_of(app, "decision_by") == "Sun 1 Nov is before the interview (Tue 24 Nov)."
        assert error_of(app, "follow_up_on") == "Mon 23 Nov is before the interview (Tue 24 Nov)."
    assert "Ivy" not in saved_cards(board)


async def test_an_old_date_before_the_interview_does_not_block_other_edits(
    tmp_path: Path,
) -> None:
    # A card imported (or saved before the check) with such a date can still be edited.
    old = replace(card("Opal", Stage.THANKED, 72), decision_by=date(2026, 11, 1))
    path = seed_board(tmp_path / "board.json", [old])
    await edit_notes_of_the_only_card(path, "call back ")
    assert saved_cards(path)["Opal"].notes.startswith("call back")


async def test_saving_an_edit_keeps_an_untouched_interviewer_as_stored(tmp_path: Path) -> None:
    # An address at linkedin.com is an address, and the untouched box is not read back at
    # all: editing the notes must not change the people.
    people = (Interviewer("Sam Park", email="sam@linkedin.com"), Interviewer("Ana", "@Home lead"))
    path = seed_board(
        tmp_path / "board.json", [replace(card("Opal", Stage.INTERVIEWED, 3), interviewers=people)]
    )
    await edit_notes_of_the_only_card(path, "call back ")
    saved = saved_cards(path)["Opal"]
    assert saved.interviewers == people
    assert saved.history[-1].summary == "Edited notes"
    assert parse_interviewers("Sam | | sam@linkedin.com")[0][0].email == "sam@linkedin.com"


async def test_a_decision_date_moves_a_thanked_card_to_awaiting_and_focus_follows(
    tmp_path: Path,
) -> None:
    path = seed_board(tmp_path / "board.json", [card("Opal", Stage.THANKED, 72)])
    async with running(path) as (pilot, app):
        app.board_screen.jump_to(next(iter(app.board_screen.cards)))
        await pilot.press("e", "e")
        await wait_for(pilot, lambda: isinstance(app.screen, CardFormScreen))
        await go_to(pilot, app, "decision_by")
        await pilot.press(*"2026-12-04", "ctrl+s")
        await wait_for(pilot, lambda: not isinstance(app.screen, CardFormScreen))
        assert app.board_screen.focused_stage is Stage.AWAITING_DECISION
        assert (
            app.board_screen.selected_card is not None
            and app.board_screen.selected_card.company == "Opal"
        )
    assert saved_cards(path)["Opal"].stage is Stage.AWAITING_DECISION
