"""The draft panel through its keys: [ ] pick the kind, { } the person, s logs it sent.

Read through the page object (tests/ui/conftest.py): the column, the selected card and the
draft on show, as the user sees them.
"""

from __future__ import annotations

from pathlib import Path

from tests.ui.conftest import (
    NOW,
    BoardPage,
    card,
    notifications,
    running,
    saved_cards,
    seed_board,
)
from tui import rules
from tui.model import EventKind, Interviewer, Stage


async def test_brackets_change_the_kind_of_draft(board: Path) -> None:
    async with running(board) as (pilot, app):
        page = BoardPage(app)
        kinds = list(rules.MESSAGE_KINDS)
        first = page.draft
        assert first is not None and first.kind == "thank_you"
        await pilot.press("right_square_bracket")
        second = page.draft
        assert second is not None
        assert second.kind == kinds[(kinds.index("thank_you") + 1) % len(kinds)]
        assert second.title in page.draft_heading
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert page.draft is not None
        assert page.draft.kind == kinds[kinds.index("thank_you") - 1]


async def test_a_kind_picked_with_brackets_gives_way_when_the_card_moves(board: Path) -> None:
    # Picked by hand in Interviewed, the thank-you must not follow the card to Thanked,
    # where it needs the timeline question (c and s would act on the wrong message).
    async with running(board) as (pilot, app):
        page = BoardPage(app)
        await pilot.press("j")
        assert page.selected == "Acme Analytics"
        await pilot.press("right_square_bracket", "left_square_bracket")
        assert page.draft is not None and page.draft.kind == "thank_you"
        await pilot.press("L")
        await pilot.pause()
        assert page.stage is Stage.THANKED and page.selected == "Acme Analytics"
        assert page.draft is not None and page.draft.kind == "timeline_question"
        assert "Timeline question" in page.draft_heading


async def test_s_marks_the_thank_you_sent_and_moves_the_card(board: Path) -> None:
    async with running(board) as (pilot, app):
        page = BoardPage(app)
        await pilot.press("j")
        assert page.selected == "Acme Analytics"
        acme = page.card("Acme Analytics")
        # One thank-you per interviewer; the last one moves the card on.
        await pilot.press(*"s" * len(acme.interviewers))
        assert page.stage is Stage.THANKED
        assert page.selected == "Acme Analytics"
        assert any("moved to Thanked" in note for note in notifications(app))
    acme = saved_cards(board)["Acme Analytics"]
    assert acme.stage is Stage.THANKED
    sent = [event for event in acme.history if event.kind is EventKind.MESSAGE_SENT]
    assert len(sent) == len(acme.interviewers) > 1
    assert {event.details["message"] for event in sent} == {"thank_you"}
    assert sent[0].at == NOW
    assert acme.history[-1].kind is EventKind.MOVED


async def test_each_interviewer_is_thanked_before_the_card_moves_on(tmp_path: Path) -> None:
    people = (Interviewer("Sam Park", email="sam@acme.example"), Interviewer("Ana Ruiz"))
    path = seed_board(
        tmp_path / "board.json", [card("Acme Analytics", Stage.INTERVIEWED, 3, interviewers=people)]
    )
    async with running(path) as (pilot, app):
        page = BoardPage(app)
        await pilot.press("j", "right_curly_bracket")  # the panel on Ana Ruiz
        assert page.draft is not None and page.draft.recipient == people[1]
        await pilot.press("s")
        await pilot.pause()
        # Still in Interviewed; the card and the panel turn to Sam Park.
        assert page.stage is Stage.INTERVIEWED and page.selected == "Acme Analytics"
        assert "Ana Ruiz; Sam Park next" in notifications(app)[-1]
        assert page.draft is not None and page.draft.recipient == people[0]
        label = rules.next_action(page.card("Acme Analytics"), app.board_screen.profile, NOW).label
        assert label.startswith("thank-you to Sam Park due in")
        await pilot.press("s")
        assert page.stage is Stage.THANKED
        # A new kind of message starts again with the first person, not where { } left it.
        timeline = page.draft
        assert timeline is not None and timeline.kind == "timeline_question"
        assert timeline.recipient == people[0]
    sent = [e for e in saved_cards(path)["Acme Analytics"].history if e.details.get("message")]
    assert [e.details["interviewer"] for e in sent] == ["1", "0"]
