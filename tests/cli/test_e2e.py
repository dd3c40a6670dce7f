"""End to end: the installed ``followup-tui`` in a real pseudo-terminal, driven by key presses.

A small terminal emulator (cursor moves and text; colours ignored) rebuilds the screen from
what the app writes, so the tests wait for what a person would see instead of sleeping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import (
    STARTUP_SECONDS,
    App,
    app_env,
    board_json,
    launched,
    quit_app,
)
from tui.store import Store

pytestmark = pytest.mark.e2e


def test_add_a_card_move_it_and_quit(tmp_path: Path) -> None:
    db = tmp_path / "board.json"
    with launched("--db", str(db)) as app:
        app.press("n", then="New interview")
        app.press("Acme Widgets", then="Acme Widgets")
        app.press("\t")
        app.press("Data Analyst", then="Data Analyst")
        app.press("\x13", then="Added Acme Widgets")  # ctrl+s
        app.wait_for("Interviewed 1 │ Thanked 0")
        app.press("L")
        app.wait_for("Interviewed 0 │ Thanked 1")
        quit_app(app)
    (card,) = board_json(db)["applications"].values()
    assert (card["company"], card["role"], card["stage"]) == (
        "Acme Widgets",
        "Data Analyst",
        "thanked",
    )
    assert [event["kind"] for event in card["history"]] == ["created", "moved"]
    assert card["history"][1]["details"] == {"from": "interviewed", "to": "thanked"}
    Store(db).close()  # the app let go of the lock: a new writer opens the board at once


def test_typed_ahead_keys_land_in_the_right_fields(tmp_path: Path) -> None:
    """A fast typist (or a slow link) delivers tab and the next letters in one read."""
    db = tmp_path / "board.json"
    with launched("--db", str(db)) as app:
        app.press("n", then="New interview")
        app.press("Birch Labs\tEngineer\x13", then="Added Birch Labs")
        quit_app(app)
    (card,) = board_json(db)["applications"].values()
    assert (card["company"], card["role"]) == ("Birch Labs", "Engineer")


def test_demo_shows_the_board_and_a_draft(tmp_path: Path) -> None:
    with launched("--demo", ready="Demo board: a temporary copy") as app:
        app.wait_for("Subject:")
        text = app.screen.text
        assert "followup-tui · demo" in text
        assert "Interviewed" in text and "Thanked" in text
        assert "Draft" in text
        assert "c copy" in text
        app.press("l")
        quit_app(app)
    # The user's own board was never created.
    assert not any(Path(os.environ["XDG_DATA_HOME"]).rglob("*.json"))


def test_an_editor_that_fails_gives_the_board_back(tmp_path: Path) -> None:
    # An editor quit with an error (vim's :cq) used to leave the app suspended for good:
    # a blank screen, keys echoed, only kill ended it.
    failing = tmp_path / "failing-editor"
    failing.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    failing.chmod(0o755)
    app = App("--demo", env={**app_env(), "EDITOR": str(failing), "VISUAL": ""})
    try:
        app.wait_for("Subject:", timeout=STARTUP_SECONDS)
        app.press("E", then="exited with status 1")
        assert "Demo board: a temporary copy" in app.screen.text
        quit_app(app)
    finally:
        app.kill()
