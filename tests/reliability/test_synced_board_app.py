"""The running app and a board changed elsewhere: what came in is drawn and said, and a card
changed in two places is resolved with a key, through real key presses."""

from __future__ import annotations

import subprocess
import sys
import time
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import orjson
from textual.pilot import Pilot

from tests.boards import make_application
from tests.reliability.test_synced_board import other_machine
from tests.ui import conftest as ui
from tui.app import FollowupApp
from tui.model import Stage, application_to_doc
from tui.store import Store

SIZE = (140, 40)


def seed(path: Path) -> Path:
    with Store(path) as store:
        for company in ("Acme", "Birch", "Cobalt"):
            store.add(make_application(company=company, stage=Stage.INTERVIEWED))
    return path


def running(path: Path) -> AbstractAsyncContextManager[tuple[Pilot[int], FollowupApp]]:
    return ui.running(path, SIZE, watch_interval=0.1)


def screen_text(app: FollowupApp) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def wait_for(pilot: Pilot[int], app: FollowupApp, text: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while text not in screen_text(app):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never appeared:\n{screen_text(app)}")
        await pilot.pause(0.05)


async def test_a_card_synced_in_shows_up_and_the_top_bar_says_so(tmp_path: Path) -> None:
    board = seed(tmp_path / "board.json")
    async with running(board) as (pilot, app):
        other_machine(board, "rename", "add", 1, "Dunlin Synced")
        await wait_for(pilot, app, "board changed on disk: 1 card added")
        await wait_for(pilot, app, "Dunlin Synced")
        await pilot.press("L")  # a move after it keeps the card that came in
        await pilot.pause(0.5)
        app.store.flush(timeout=10) if app.store else None
    companies = sorted(
        document["company"]
        for document in orjson.loads(board.read_bytes())["applications"].values()
    )
    assert companies == ["Acme", "Birch", "Cobalt", "Dunlin Synced"]


async def test_x_shows_both_versions_and_keeps_the_other(tmp_path: Path) -> None:
    board = seed(tmp_path / "board.json")
    tables = orjson.loads(board.read_bytes())
    other = application_to_doc(make_application(company="Acme Renamed", stage=Stage.INTERVIEWED))
    tables["conflicts"] = {"1": other}  # as a merge records it
    board.write_bytes(orjson.dumps(tables, option=orjson.OPT_INDENT_2))
    async with running(board) as (pilot, app):
        card = app.selected_card
        assert card is not None and card.company == "Acme"
        await pilot.press("x")
        text = screen_text(app)
        assert "Acme: changed in two places" in text
        assert "here:  Acme" in text and "other: Acme Renamed" in text
        await pilot.press("2")
        await wait_for(pilot, app, "Acme Renamed")
        assert "Kept the other copy's version" in [str(n.message) for n in app._notifications]
        assert app.store is not None
        app.store.flush(timeout=10)
        assert app.store.conflicts() == {}
    stored = orjson.loads(board.read_bytes())
    assert stored["applications"]["1"]["company"] == "Acme Renamed"


def test_the_real_app_sees_a_cli_add_made_after_its_lock_was_deleted(tmp_path: Path) -> None:
    """The issue's scenario end to end: app open in a pty, lock deleted, real CLI add, a move."""
    import pexpect

    board = seed(tmp_path / "board.json")
    cli = Path(sys.executable).with_name("followup-tui")
    app = pexpect.spawn(
        str(cli), ["--db", str(board)], dimensions=(40, 140), env={"TERM": "xterm-256color",
        "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=30,
    )  # fmt: skip
    try:
        app.expect("Acme")
        time.sleep(1)
        board.with_name("board.json.lock").unlink()
        added = subprocess.run(
            [str(cli), "add", "--db", str(board), "--company", "Via CLI", "--role", "Analyst"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert added.stdout.startswith("Added card 4: Via CLI"), added.stderr
        app.expect("board changed on disk: 1 card added")
        app.send("L")  # move the first card: the save must keep card 4
        time.sleep(1.5)
        app.send("q")
        app.expect(pexpect.EOF)
    finally:
        app.close(force=True)
    cards = orjson.loads(board.read_bytes())["applications"]
    assert cards["4"]["company"] == "Via CLI"
    assert sorted(card["stage"] for card in cards.values()).count("thanked") == 1
