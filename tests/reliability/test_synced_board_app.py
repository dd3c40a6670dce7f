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
from tests.ui.conftest import screen_text, shown_notes
from tui.app import FollowupApp
from tui.model import Stage
from tui.model_docs import application_to_doc
from tui.store import Store

SIZE = (140, 40)


def seed(path: Path) -> Path:
    with Store(path) as store:
        for company in ("Acme", "Birch", "Cobalt"):
            store.add(make_application(company=company, stage=Stage.INTERVIEWED))
    return path


def running(path: Path) -> AbstractAsyncContextManager[tuple[Pilot[int], FollowupApp]]:
    return ui.running(path, SIZE, watch_interval=0.1)


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
        card = app.board_screen.selected_card
        assert card is not None and card.company == "Acme"
        await pilot.press("x")
        text = screen_text(app)
        assert "Acme: changed in two places" in text
        assert "here:  Acme" in text and "other: Acme Renamed" in text
        await pilot.press("2")
        await wait_for(pilot, app, "Acme Renamed")
        assert "Kept the other copy's version" in [str(n.message) for n in shown_notes(app)]
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


def conflict_copy(board: Path, name: str) -> Path:
    """A sync tool's conflict copy beside ``board``: the other machine's version, with one card
    only it has and card 2 ("Birch") given another role there."""
    copy = board.with_name(name)
    tables = orjson.loads(board.read_bytes())
    cards = tables["applications"]
    cards["4"] = {**cards["1"], "company": "Dunlin Elsewhere", "role": "Only in the copy"}
    cards["2"] = {**cards["2"], "role": "Changed in the copy"}
    copy.write_bytes(orjson.dumps(tables, option=orjson.OPT_INDENT_2))
    return copy


SYNCTHING = "board.sync-conflict-20261202-101500-ABCDEFG.json"
DROPBOX = "board (conflicted copy 2026-12-02).json"


async def test_a_conflict_copy_found_at_open_is_merged_flagged_and_set_aside(
    tmp_path: Path,
) -> None:
    board = seed(tmp_path / "board.json")
    copy = conflict_copy(board, SYNCTHING)
    async with running(board) as (pilot, app):
        await wait_for(pilot, app, "A sync tool left a copy of this board")
        assert SYNCTHING in screen_text(app) and "Syncthing kept this copy" in screen_text(app)
        await pilot.press("1")  # merge it
        await wait_for(pilot, app, f"Merged {SYNCTHING}")
        await wait_for(pilot, app, "It brought: 1 card added; 1 card changed on both sides")
        banner = f"{SYNCTHING} merged: 1 card added; 1 card changed on both sides: conflict to"
        await wait_for(pilot, app, banner)
        await pilot.press("1")  # keep it, renamed aside
        await wait_for(pilot, app, "Dunlin Elsewhere")
        # The card changed on both sides says so on the board; x resolves it.
        assert "! conflict: 2 versions" in screen_text(app)
        assert app.store is not None
        assert app.store.conflicts()[2].role == "Changed in the copy"
        app.store.flush(timeout=10)
        assert not copy.exists()
        assert copy.with_name(SYNCTHING + ".merged").read_bytes()  # kept, renamed
        await pilot.press("j")  # Birch
        assert (
            app.board_screen.selected_card is not None
            and app.board_screen.selected_card.company == "Birch"
        )
        await pilot.press("x", "2")
        await wait_for(pilot, app, "Changed in the copy")
        await pilot.pause(0.2)
        assert "! conflict" not in screen_text(app)
        await pilot.press("u")  # undo brings the conflict back, flag and all
        await wait_for(pilot, app, "! conflict: 2 versions")
        app.store.flush(timeout=10)
    cards = orjson.loads(board.read_bytes())["applications"]
    assert sorted(card["company"] for card in cards.values()) == [
        "Acme",
        "Birch",
        "Cobalt",
        "Dunlin Elsewhere",
    ]


async def test_a_conflict_copy_is_deleted_only_when_asked_and_left_when_put_off(
    tmp_path: Path,
) -> None:
    board = seed(tmp_path / "board.json")
    syncthing, dropbox = conflict_copy(board, SYNCTHING), conflict_copy(board, DROPBOX)
    async with running(board) as (pilot, app):
        await wait_for(pilot, app, "A sync tool left a copy of this board")
        first = SYNCTHING if SYNCTHING in screen_text(app) else DROPBOX
        await pilot.press("escape")  # decide later: left as it is, the next one is offered
        await wait_for(pilot, app, "Dropbox kept this copy" if first == SYNCTHING else "Syncthing")
        await pilot.press("1")
        await pilot.press("3")  # merged, but leave the copy as it is
        await pilot.pause(0.3)
        assert syncthing.exists() and dropbox.exists()
        assert app.store is not None
        app.store.flush(timeout=10)
    assert "Dunlin Elsewhere" in board.read_text()
    async with running(board) as (pilot, app):  # offered again at the next open
        await wait_for(pilot, app, "A sync tool left a copy of this board")
        await pilot.press("1")
        # What it holds is in the board already but for card 2, in conflict already.
        await wait_for(pilot, app, "It brought: 1 card changed on both sides")
        await pilot.press("2")  # delete it
        await pilot.pause(0.3)
        assert [syncthing.exists(), dropbox.exists()].count(True) == 1
        await pilot.press("escape")
        await pilot.pause(0.3)
    assert [syncthing.exists(), dropbox.exists()].count(True) == 1


async def test_a_conflict_copy_that_cannot_be_read_is_said_and_left(tmp_path: Path) -> None:
    board = seed(tmp_path / "board.json")
    copy = board.with_name(SYNCTHING)
    copy.write_bytes(b'{"applications": {"1": ')
    async with running(board) as (pilot, app):
        await wait_for(pilot, app, "A sync tool left a copy of this board")
        await pilot.press("1")
        await pilot.pause(0.3)
        messages = [str(n.message) for n in shown_notes(app)]
        assert any("the copy is left as it is" in message for message in messages), messages
    assert copy.read_bytes() == b'{"applications": {"1": '
