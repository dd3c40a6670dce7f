"""``followup-tui --card N``: the board opens on that card, its draft shown (a reminder's
click runs it). Through Pilot on a real board file, and the console script in a pty."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.boards import make_application
from tests.cli.conftest import launched, quit_app
from tests.ui.conftest import BoardPage, screen_text, shown_notes
from tui import changes
from tui.app import FollowupApp
from tui.model import Application, Interviewer, Profile, Stage
from tui.store import Store

SCRIPT = Path(sys.executable).parent / "followup-tui"


def seed(path: Path) -> list[Application]:
    """Cards in three columns; the one to open is the last in its column."""
    now = datetime.now(UTC).replace(microsecond=0)

    def card(company: str, stage: Stage, hours_ago: float, person: str) -> Application:
        made = make_application(
            company=company,
            stage=stage,
            interviewed_at=now - timedelta(hours=hours_ago),
            interviewers=(Interviewer(name=person, email=f"{person.lower()}@x.example"),),
            decision_by=None,
            follow_up_on=None,
        )
        return changes.created(made, now)

    cards = [
        card("Acme Analytics", Stage.INTERVIEWED, 2, "Jordan"),
        card("Birch Labs", Stage.INTERVIEWED, 3, "Priya"),
        card("Cobalt Systems", Stage.THANKED, 100, "Sam"),
        card("Delta Health", Stage.THANKED, 110, "Kim"),
        card("Ember Foods", Stage.THANKED, 120, "Noor"),
    ]
    with Store(path) as store:
        store.save_profile(Profile(name="Alex Morgan", email="alex@example.com", timezone="UTC"))
        return [store.add(each) for each in cards]


async def test_card_opens_the_board_on_that_card_with_its_draft(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    cards = seed(path)
    wanted = next(card for card in cards if card.company == "Ember Foods")
    assert wanted.doc_id is not None
    store = Store(path, background=True)
    app = FollowupApp(store, path=path, open_card=wanted.doc_id)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.pause()
            assert app.board_screen.focused_stage is Stage.THANKED
            assert app.board_screen.selected_card is not None
            assert app.board_screen.selected_card.company == "Ember Foods"
            draft = BoardPage(app).draft
            assert draft is not None and "Noor" in draft.body
            assert "Noor" in screen_text(app)  # the panel shows that draft
            # The keys act on it: the cursor is on it, not just the panel.
            await pilot.press("up")
            assert app.board_screen.selected_card.company == "Delta Health"
    finally:
        store.close()


async def test_a_card_that_is_not_there_is_one_line_and_the_board_opens(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    seed(path)
    store = Store(path, background=True)
    app = FollowupApp(store, path=path, open_card=99)
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await pilot.pause()
            (notice,) = list(shown_notes(app))
            assert notice.message == (
                "There is no card 99 on this board (deleted?); here is the whole board."
            )
            assert app.board_screen.focused_stage is Stage.INTERVIEWED
            assert app.board_screen.selected_card is not None  # the board as it opens every day
    finally:
        store.close()


def test_the_console_script_opens_on_the_card(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    cards = seed(path)
    wanted = next(card for card in cards if card.company == "Delta Health")
    # The draft panel addresses Kim (the card face alone only names her).
    with launched("--db", str(path), "--card", str(wanted.doc_id), ready="Dear Kim,") as app:
        assert "To kim@x.example" in app.screen.text
        assert "Subject: Next steps for the Data" in app.screen.text
        quit_app(app)
    with launched("--db", str(path), "--card", "99", ready="There is no card 99") as app:
        quit_app(app)


def test_card_takes_an_id_and_no_command(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    seed(path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(SCRIPT), "--db", str(path), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    bad = run("--card", "twelve")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "expected a card id such as 12, found 'twelve'" in bad.stderr
    with_command = run("--card", "1", "list")
    assert with_command.returncode == 2
    assert "--card opens the board; it cannot be used with a command" in with_command.stderr
    # reply's own --card (the card a reply answers) is a different option.
    assert run("reply", "--help").returncode == 0
