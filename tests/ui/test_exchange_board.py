"""Invites and replies on the board, driven through Pilot on a real board file: I, R, and a
path pasted onto the board. The key counts here are the ones the issue asks for."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

from tests.ui.conftest import notifications, running, saved_cards, screen_text, wait_for
from tui.app import FollowupApp
from tui.model import Application, EventKind, Interviewer, Profile, Stage
from tui.screens.card_form import CardFormScreen
from tui.screens.exchange import ChoiceScreen, FilePromptScreen, pasted_path
from tui.store import Store

DATA = Path(__file__).parents[1] / "data"
NOW = datetime(2026, 12, 2, 17, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def downloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home folder whose Downloads holds what the user just saved; the app runs elsewhere."""
    home = tmp_path / "home"
    folder = home / "Downloads"
    folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return folder


def board(tmp_path: Path, *cards: Application) -> Path:
    path = tmp_path / "board.json"
    with Store(path) as store:
        store.save_profile(
            Profile(name="Alex Morgan", email="alex.morgan@gmail.com", timezone="America/New_York")
        )
        store.add_many(cards)
    return path


async def press(pilot: object, app: FollowupApp, *keys: str) -> int:
    """Press keys as a user would; returns how many."""
    for key in keys:
        await pilot.press(key)  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]
    return len(keys)


async def test_invite_to_card_in_three_keys(tmp_path: Path, downloads: Path) -> None:
    shutil.copy(DATA / "invites" / "google.ics", downloads / "invite.ics")
    path = board(tmp_path)
    async with running(path) as (pilot, app):
        keys = await press(pilot, app, "I")
        assert isinstance(app.screen, FilePromptScreen)
        # The invite just saved is filled in.
        assert app.screen.query_one(Input).value == "~/Downloads/invite.ics"
        keys += await press(pilot, app, "enter")
        assert isinstance(app.screen, CardFormScreen)
        text = screen_text(app)
        assert "New interview from an invite" in text
        assert "Priya Shah" in text and "Jordan Lee" in text
        assert "alex.morgan@gmail.com" not in text  # the user is no interviewer
        assert "guessed" not in text  # nothing was guessed in this invite
        keys += await press(pilot, app, "ctrl+s")
        await wait_for(pilot, lambda: "Acme" in saved_cards(path))
        assert keys == 3
    saved = saved_cards(path)["Acme"]
    assert saved.role == "Data Analyst"
    assert saved.interviewed_at == datetime(2026, 12, 8, 15, 0, tzinfo=UTC)
    assert [p.name for p in saved.interviewers] == ["Priya Shah", "Jordan Lee"]
    assert [e.kind for e in saved.history] == [EventKind.CREATED, EventKind.INVITE]


async def test_guessed_fields_are_marked(tmp_path: Path, downloads: Path) -> None:
    shutil.copy(DATA / "invites" / "zoom.ics", downloads / "zoom.ics")
    async with running(board(tmp_path)) as (pilot, app):
        await press(pilot, app, "I", "enter")
        assert isinstance(app.screen, CardFormScreen)
        text = screen_text(app)
        assert "Company *  · guessed: check it" in text
        assert "Role *  · guessed" not in text


async def test_pasting_an_invite_path_opens_the_form(tmp_path: Path, downloads: Path) -> None:
    invite = downloads / "Interview invite.ics"
    shutil.copy(DATA / "invites" / "outlook.ics", invite)
    path = board(tmp_path)
    async with running(path) as (pilot, app):
        # What a terminal pastes when a file is dragged onto it: a quoted path.
        app.post_message(events.Paste(f"'{invite}'"))
        await wait_for(pilot, lambda: isinstance(app.screen, CardFormScreen))
        keys = 1 + await press(pilot, app, "ctrl+s")
        await wait_for(pilot, lambda: "Globex" in saved_cards(path))
        assert keys == 2
    assert saved_cards(path)["Globex"].interviewed_at == datetime(2026, 12, 9, 22, 0, tzinfo=UTC)


async def test_pasted_reschedule_and_cancel_update_the_card(tmp_path: Path) -> None:
    path = board(tmp_path)
    async with running(path) as (pilot, app):
        app.post_message(events.Paste(str(DATA / "invites" / "google.ics")))
        await wait_for(pilot, lambda: isinstance(app.screen, CardFormScreen))
        await press(pilot, app, "ctrl+s")
        await wait_for(pilot, lambda: "Acme" in saved_cards(path))
        app.post_message(events.Paste(str(DATA / "invites" / "google-reschedule.ics")))
        await wait_for(pilot, lambda: any("rescheduled" in n for n in notifications(app)))
        moved = datetime(2026, 12, 9, 19, 0, tzinfo=UTC)
        await wait_for(pilot, lambda: saved_cards(path)["Acme"].interviewed_at == moved)
        app.post_message(events.Paste(str(DATA / "invites" / "google-cancel.ics")))
        await wait_for(
            pilot, lambda: saved_cards(path)["Acme"].history[-1].kind is EventKind.CANCELLED
        )
        await pilot.pause()
        assert "Interview Wed 9 Dec cancelled." in screen_text(app)  # the draft panel says it


async def test_a_recurring_invite_is_refused_on_the_board(tmp_path: Path) -> None:
    path = board(tmp_path)
    async with running(path) as (pilot, app):
        app.post_message(events.Paste(str(DATA / "invites" / "recurring.ics")))
        await wait_for(pilot, lambda: any("recurring" in n for n in notifications(app)))
        assert not isinstance(app.screen, CardFormScreen)
    assert saved_cards(path) == {}


async def test_tab_completes_file_names(tmp_path: Path, downloads: Path) -> None:
    shutil.copy(DATA / "invites" / "lever.ics", downloads / "lever-final.ics")
    (downloads / "notes.txt").write_text("x", encoding="utf-8")
    async with running(board(tmp_path)) as (pilot, app):
        await press(pilot, app, "I")
        box = app.screen.query_one(Input)
        box.value = ""
        await press(pilot, app, *"~/Dow", "tab")
        assert box.value == "~/Downloads/"
        await press(pilot, app, "l", "tab")
        assert box.value == "~/Downloads/lever-final.ics"
        await press(pilot, app, "enter")
        assert isinstance(app.screen, CardFormScreen)


def test_pasted_path_forms() -> None:
    invite = DATA / "invites" / "google.ics"
    assert pasted_path(f"'{invite}'", (".ics",)) == invite
    assert pasted_path(f"file://{invite}", (".ics",)) == invite
    assert pasted_path(str(invite), (".eml",)) is None
    assert pasted_path("some words\nmore words.ics", (".ics",)) is None
    assert pasted_path("/no/such/file.ics", (".ics",)) is None


# --------------------------------------------------------------------------- replies


def acme() -> Application:
    return Application(
        company="Acme",
        role="Data Analyst",
        interviewed_at=datetime(2026, 11, 24, 15, 0, tzinfo=UTC),
        stage=Stage.THANKED,
        interviewers=(Interviewer(name="Priya Shah", email="priya.shah@acme.example"),),
    )


async def test_reply_records_and_offers_the_date_it_names(tmp_path: Path, downloads: Path) -> None:
    shutil.copy(DATA / "replies" / "plain.eml", downloads / "Re Thank you.eml")
    path = board(tmp_path, acme())
    async with running(path) as (pilot, app):
        keys = await press(pilot, app, "R", "enter")
        assert isinstance(app.screen, ChoiceScreen)
        text = screen_text(app)
        assert "What does Priya Shah's reply say?" in text
        assert 'Decision by Fri 11 Dec ("by Friday")' in text
        waiting = saved_cards(path)["Acme"]
        assert waiting.history[-1].kind is EventKind.REPLY
        keys += await press(pilot, app, "1")
        await wait_for(pilot, lambda: saved_cards(path)["Acme"].decision_by is not None)
        assert keys == 3
    done = saved_cards(path)["Acme"]
    assert done.decision_by == date(2026, 12, 11) and done.stage is Stage.AWAITING_DECISION


async def test_reply_left_for_later_stops_the_check_in(tmp_path: Path, downloads: Path) -> None:
    shutil.copy(DATA / "replies" / "plain.eml", downloads / "reply.eml")
    path = board(tmp_path, acme())
    async with running(path) as (pilot, app):
        await press(pilot, app, "R", "enter", "escape")
        await pilot.pause()
        text = screen_text(app)
        assert "Reply from Priya Shah: press R." in text
        assert "R says what the reply says; no" in text
        assert any("waiting" in note for note in notifications(app))


async def test_a_hostile_reply_adds_nothing(tmp_path: Path) -> None:
    path = board(tmp_path, acme())
    before = path.read_bytes()
    async with running(path) as (pilot, app):
        app.post_message(events.Paste(str(DATA / "replies" / "wrong-encoding.eml")))
        await wait_for(pilot, lambda: any("wrong encoding" in n for n in notifications(app)))
    assert saved_cards(path)["Acme"].history == acme().history or path.read_bytes() == before
    assert saved_cards(path)["Acme"].notes == ""


async def test_reply_text_pasted_into_the_prompt(tmp_path: Path, downloads: Path) -> None:
    path = board(tmp_path, acme())
    async with running(path) as (pilot, app):
        await press(pilot, app, "R")
        assert isinstance(app.screen, FilePromptScreen)
        # Copied from the mail without its headers: the sender is unknown, so it asks which
        # card, the selected one first.
        app.screen.post_message(events.Paste("Hi Alex,\nWe will decide by December 18.\n"))
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceScreen))
        await wait_for(pilot, lambda: "Which card is it?" in screen_text(app))
        await press(pilot, app, "1")
        await wait_for(pilot, lambda: "What does the reply say?" in screen_text(app))
        assert 'Decision by Fri 18 Dec ("December 18")' in screen_text(app)
        await press(pilot, app, "1")
        await wait_for(pilot, lambda: saved_cards(path)["Acme"].decision_by is not None)
    done = saved_cards(path)["Acme"]
    assert done.decision_by == date(2026, 12, 18)
    assert EventKind.REPLY in [event.kind for event in done.history]
