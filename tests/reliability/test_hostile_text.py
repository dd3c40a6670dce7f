"""Hostile text in every field is shown literally, and saved without its controls.

Rich markup must not style or link anything, escape sequences and control characters must never
reach the terminal (a board file holding them is cleaned as it is read, see tui.text_safety),
and markup, emoji, right-to-left text and a 10,000-character note must neither crash a screen
nor be changed on disk. tests/reliability/test_pty_bytes.py checks the bytes at a real pty.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from rich.segment import Segment

from tests.ui.conftest import card, running, saved_cards, screen_strips, screen_text, seed_board
from tui.app import FollowupApp
from tui.model import Application, Interviewer, Outcome, Stage
from tui.model_docs import application_from_doc, application_to_doc
from tui.screens.card_detail import CardDetailScreen
from tui.screens.dialogs import ConfirmScreen, StagePickerScreen
from tui.screens.today import TodayScreen
from tui.text_safety import clean_document, clean_stored
from tui.widgets.draft_panel import DraftPanel

pytestmark = pytest.mark.usefixtures("clock")

MARKUP = "[bold red]x[/]"
LINK = "[link=file:///etc/passwd]click me[/link]"
ANSI = "\x1b[31mred\x1b[0m"
CONTROL = "bell\x07 nul\x00 bs\x08 del\x7f csi\x9b"
EMOJI = "🎉 👩‍💻"
RTL = "שלום مرحبا"
BIDI = "\u202etxt.exe"
HOSTILE = " ".join([MARKUP, LINK, ANSI, CONTROL, EMOJI, RTL, BIDI])
"""Everything at once, for the long fields."""

LONG_NOTE = (HOSTILE + " ") + "n" * (10_000 - len(HOSTILE) - 1)

SIZE = (250, 70)
"""Wide enough that a column shows a hostile company name without cutting it."""


def hostile_card() -> Application:
    """A card with hostile text in every text field."""
    return card(
        f"{MARKUP} Acme {EMOJI}",
        Stage.INTERVIEWED,
        2,
        role=f"{LINK} {RTL}",
        interviewers=(
            Interviewer(
                name=f"{ANSI} Jo {BIDI}",
                title=CONTROL,
                email="jo@example.com",
                linkedin=f"https://www.linkedin.com/in/{MARKUP}",
                twitter="@[reverse]jo",
            ),
        ),
        key_points=HOSTILE,
        feedback=HOSTILE,
        posting_url="https://example.com/[blink]job",
        notes=LONG_NOTE,
        connected_via=(MARKUP,),
        outcome=Outcome.PENDING,
    )


def assert_safe(app: FollowupApp) -> str:
    """No escape or control character and no link reaches the screen; return its text."""
    strips = screen_strips(app)
    for strip in strips:
        for segment in strip:
            assert isinstance(segment, Segment)
            assert "\x1b" not in segment.text
            assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in segment.text), repr(
                segment.text
            )
            style = segment.style
            assert style is None or not style.link, f"a link on the screen: {style.link}"
    svg = app.export_screenshot()
    assert "\x1b" not in svg
    assert "file:///etc/passwd" not in svg.split("<style")[0]  # never an href
    return screen_text(app)


def test_the_long_note_is_ten_thousand_characters() -> None:
    assert len(LONG_NOTE) == 10_000


async def test_hostile_text_is_shown_literally_everywhere(tmp_path: Path) -> None:
    original = hostile_card()
    db = seed_board(tmp_path / "board.json", [original])
    async with running(db, size=SIZE) as (pilot, app):
        board = assert_safe(app)
        assert f"{MARKUP} Acme {EMOJI}" in board
        assert "[link=file:///etc/passwd]click" in board  # the column cuts the rest
        # Escape sequences were removed whole as the board was read; the text around stays.
        assert " red Jo" in board
        # The draft panel: the key points, literally.
        preview = app.query_one(DraftPanel).preview_text
        assert f"{MARKUP} {LINK} red bell nul bs del csi {EMOJI} {RTL}" in preview

        await pilot.press("e")
        assert isinstance(app.screen, CardDetailScreen)
        detail = assert_safe(app)
        for text in (
            MARKUP,
            LINK,
            "bell nul bs del csi",
            RTL,
            "@[reverse]jo",
            "https://example.com/[blink]job",
        ):
            assert text in detail, text
        await pilot.press("escape")

        for key, screen in (("m", StagePickerScreen), ("d", ConfirmScreen), ("t", TodayScreen)):
            await pilot.press(key)
            assert isinstance(app.screen, screen), key
            assert MARKUP in assert_safe(app), key
            await pilot.press("escape")

        await pilot.press("L")  # a change, so the card is written back
        assert app.board_screen.focused_stage is Stage.THANKED  # the cursor followed the card
        assert MARKUP in assert_safe(app)
    cleaned = application_from_doc(clean_document(application_to_doc(original)))
    saved = saved_cards(db)[original.company]
    assert saved.stage is Stage.THANKED
    assert replace(saved, stage=original.stage, history=original.history) == replace(
        cleaned, doc_id=saved.doc_id
    )
    assert saved.interviewers[0].name == "red Jo \u2067txt.exe\u2069"  # RLO made an isolate
    assert saved.key_points.startswith(f"{MARKUP} {LINK} red bell nul bs del csi {EMOJI} {RTL}")
    assert len(saved.notes) == len(clean_stored(LONG_NOTE)) > 9_900


async def test_markup_typed_into_the_form_is_kept_as_typed(tmp_path: Path) -> None:
    db = seed_board(tmp_path / "board.json", [])
    company = "[b]B[/b] [link=file:///etc]x"
    role = "שלום [/] مرحبا"  # pilot.press cannot type emoji; the board test has them
    async with running(db, size=SIZE) as (pilot, app):
        await pilot.press("n", *company, "tab", *role, "ctrl+s")
        text = assert_safe(app)
        assert company in text
        assert role in text
    saved = saved_cards(db)[company]
    assert saved.role == role
