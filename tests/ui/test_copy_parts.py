"""c copies a draft's body, then its subject, in turn; C its subject. A real xclip on a
private Xvfb is read back after each copy: pasting the body into a mail must not bring the
Subject line along. LinkedIn and X messages have no subject: c and C copy the body.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Static

from tests.ui.conftest import BoardPage, card, running, seed_board, selected, shown_notes, wait_for
from tui.app import FollowupApp
from tui.model import Interviewer, Stage
from tui.text_safety import for_clipboard


def on_clipboard() -> str:
    """What a paste would bring: the X clipboard, read by xclip."""
    return subprocess.run(
        ["xclip", "-selection", "clipboard", "-o"],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    ).stdout


async def copy(pilot: Pilot[int], app: FollowupApp, key: str) -> tuple[str, str]:
    """Press ``key`` and wait for what the copy says: its title and its message."""
    app.clear_notifications()
    await pilot.press(key)
    await wait_for(pilot, lambda: any(True for _ in shown_notes(app)), timeout=10)
    (note,) = list(shown_notes(app))
    return note.title, str(note.message)


def keys_shown(app: FollowupApp) -> str:
    return str(app.query_one("#draft-keys", Static).render())


async def test_c_copies_the_body_then_the_subject_and_says_which(
    tmp_path: Path,
    xvfb: str,
) -> None:
    cards = [
        card("Acme Analytics", Stage.INTERVIEWED, 30, interviewers=(Interviewer("Sam Park"),)),
        card("Birch Labs", Stage.INTERVIEWED, 3),
    ]
    path = seed_board(tmp_path / "board.json", cards)
    async with running(path) as (pilot, app):
        assert selected(app) == "Acme Analytics"
        draft = BoardPage(app).draft
        assert draft is not None and draft.channel == "email" and draft.subject
        assert keys_shown(app).startswith("c copy  C subject  o mail\n")

        title, message = await copy(pilot, app, "c")
        assert on_clipboard() == for_clipboard(draft.body)
        assert "Subject" not in on_clipboard()
        assert title == "Copied: body"
        assert message.startswith("Copied the body of the thank-you to Sam Park at Acme Analytics")
        assert "copied to the system clipboard (xclip)" in message
        assert message.endswith("\nc again copies the subject.")

        title, message = await copy(pilot, app, "c")
        assert on_clipboard() == draft.subject
        assert title == "Copied: subject"
        assert message.startswith("Copied the subject of the thank-you to Sam Park")
        assert message.endswith("\nc again copies the body.")

        # And so on in turn; C is the subject whatever came before.
        title, _ = await copy(pilot, app, "c")
        assert (title, on_clipboard()) == ("Copied: body", for_clipboard(draft.body))
        title, _ = await copy(pilot, app, "C")
        assert (title, on_clipboard()) == ("Copied: subject", draft.subject)

        # Another draft in between: c starts again with the body.
        await pilot.press("j")
        await pilot.pause()
        assert selected(app) == "Birch Labs"
        await pilot.press("k")
        await pilot.pause()
        title, _ = await copy(pilot, app, "c")
        assert (title, on_clipboard()) == ("Copied: body", for_clipboard(draft.body))


async def test_a_linkedin_note_has_no_subject_so_c_and_c_copy_its_body(
    tmp_path: Path,
    xvfb: str,
) -> None:
    sam = Interviewer("Sam Park", linkedin="https://www.linkedin.com/in/sampark")
    acme = card("Acme Analytics", Stage.INTERVIEWED, 30, interviewers=(sam,))
    path = seed_board(tmp_path / "board.json", [acme])
    async with running(path) as (pilot, app):
        draft = BoardPage(app).draft
        assert draft is not None and draft.channel == "linkedin_note" and not draft.subject
        assert keys_shown(app).startswith("c copy  o mail\n")  # no subject key to offer
        for key in ("c", "c", "C"):
            title, message = await copy(pilot, app, key)
            assert on_clipboard() == for_clipboard(draft.body) == for_clipboard(draft.text)
            assert title == "Copied"
            assert message.startswith("Copied the thank-you to Sam Park at Acme Analytics")
            assert "subject" not in message and "body" not in message
