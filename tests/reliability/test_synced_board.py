"""A board in a synced folder: changes made elsewhere while the app is open are never lost.

Every outside change here is made by a real second process, the way the real producers make
them: a sync tool renames a finished file over the board (Syncthing, Dropbox), an editor
rewrites it in place, a newer followup-tui writes ``schema_version: 2``, a cleanup tool deletes
the lock file and the real ``followup-tui add`` then takes a fresh one. The Store under test is
the app's (``background=True``), and what counts is what is on disk at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import replace
from pathlib import Path

import orjson
import pytest

from tests.boards import make_application
from tui.model import Stage
from tui.store import Store
from tui.store.sync import DiskChange

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX renames and flock")

CLI = Path(sys.executable).with_name("followup-tui")

OTHER_MACHINE = textwrap.dedent(
    """
    import json, os, sys, tempfile
    path, how, action, doc_id, value = sys.argv[1:6]
    tables = json.loads(open(path, "rb").read())
    cards = tables["applications"]
    if action == "add":
        document = dict(cards[doc_id])
        document["company"] = value
        cards[str(max(int(key) for key in cards) + 1)] = document
    elif action == "company":
        cards[doc_id]["company"] = value
    elif action == "delete":
        del cards[doc_id]
    elif action == "schema":
        tables["meta"]["1"]["schema_version"] = int(value)
        tables["meta"]["1"]["reminders"] = {"from": "a newer version"}
    data = json.dumps(tables, indent=2, ensure_ascii=False).encode()
    if how == "rename":
        descriptor, temp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".syncthing.")
        os.write(descriptor, data)
        os.close(descriptor)
        os.rename(temp, path)
    else:
        with open(path, "r+b") as stream:
            stream.write(data)
            stream.truncate()
    """
)


def other_machine(board: Path, how: str, action: str, doc_id: int = 1, value: str = "") -> None:
    """Change the board as another process would (``how``: rename over, or in place)."""
    subprocess.run(
        [sys.executable, "-c", OTHER_MACHINE, str(board), how, action, str(doc_id), value],
        check=True,
        timeout=30,
    )


def on_disk(board: Path) -> dict[int, dict[str, object]]:
    """The cards in the file by id, read as plain JSON (not through the Store)."""
    tables = orjson.loads(board.read_bytes())
    return {int(key): document for key, document in tables["applications"].items()}


@pytest.fixture
def board(tmp_path: Path) -> Path:
    path = tmp_path / "sync" / "board.json"
    with Store(path) as store:
        store.add_many([make_application(company=f"Company {n}") for n in range(1, 4)])
    return path


def open_app_store(board: Path, **options: object) -> tuple[Store, list[DiskChange]]:
    store = Store(board, background=True, **options)  # type: ignore[arg-type]
    came_in: list[DiskChange] = []
    store.on_disk_change = came_in.append
    return store, came_in


@pytest.mark.parametrize("how", ["rename", "in-place"])
def test_a_card_added_elsewhere_survives_the_next_move(board: Path, how: str) -> None:
    store, came_in = open_app_store(board)
    try:
        other_machine(board, how, "add", 2, "Synced Co")
        store.put(replace(store.get(1), stage=Stage.THANKED))
        store.flush(timeout=10)
        cards = on_disk(board)
        assert [cards[n]["company"] for n in sorted(cards)] == [
            "Company 1",
            "Company 2",
            "Company 3",
            "Synced Co",
        ]
        assert cards[1]["stage"] == Stage.THANKED.value
        assert [change.message for change in came_in] == ["board changed on disk: 1 card added"]
        assert [card.company for card in store.applications()][-1] == "Synced Co"
    finally:
        store.close()


@pytest.mark.parametrize("how", ["rename", "in-place"])
def test_a_company_renamed_in_an_editor_is_not_reverted(board: Path, how: str) -> None:
    store, came_in = open_app_store(board)
    try:
        # Same length as before: only the content (not the size) tells the versions apart.
        other_machine(board, how, "company", 2, "Company X")
        store.put(replace(store.get(3), notes="called them"))
        store.flush(timeout=10)
        cards = on_disk(board)
        assert cards[2]["company"] == "Company X"
        assert cards[3]["notes"] == "called them"
        assert came_in[0].message == "board changed on disk: 1 card changed"
    finally:
        store.close()


def test_a_newer_schema_arriving_while_open_stops_writing(board: Path) -> None:
    store, came_in = open_app_store(board)
    failures: list[Exception] = []
    store.on_save_failed = failures.append
    try:
        other_machine(board, "rename", "schema", 1, "2")
        written_by_newer = board.read_bytes()
        store.put(replace(store.get(1), notes="kept in memory"))
        with pytest.raises(Exception, match="newer followup-tui"):
            store.flush(timeout=10)
        assert board.read_bytes() == written_by_newer
        assert store.read_only
        assert "file format 2" in (store.read_only_reason or "")
        assert store.get(1).notes == "kept in memory"  # still there, for an export
        assert came_in and came_in[0].read_only_reason == store.read_only_reason
        assert failures
    finally:
        store.close()
    assert board.read_bytes() == written_by_newer  # closing does not write either
    assert orjson.loads(written_by_newer)["meta"]["1"]["reminders"] == {"from": "a newer version"}


def test_a_deleted_lock_file_does_not_let_a_cli_add_be_lost(board: Path) -> None:
    store, _ = open_app_store(board)
    try:
        board.with_name("board.json.lock").unlink()  # a cleanup tool
        result = subprocess.run(
            [str(CLI), "add", "--db", str(board), "--company", "Via CLI", "--role", "Analyst"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("Added card 4: Via CLI")
        store.put(replace(store.get(2), stage=Stage.THANKED))
        store.flush(timeout=10)
        cards = on_disk(board)
        assert cards[4]["company"] == "Via CLI"
        assert cards[2]["stage"] == Stage.THANKED.value
        # The lock is this Store's again: a second CLI writer now waits its turn (refused).
        again = subprocess.run(
            [str(CLI), "add", "--db", str(board), "--company", "Later", "--role", "Analyst"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert again.returncode != 0
        assert "open in another followup-tui" in again.stderr
    finally:
        store.close()


def test_the_same_card_changed_on_both_sides_keeps_both_until_resolved(board: Path) -> None:
    store, came_in = open_app_store(board)
    try:
        store.flush(timeout=10)
        with store._write_order:  # hold the writer so the change here is not saved yet
            store.put(replace(store.get(2), company="Mine Ltd"))
            other_machine(board, "rename", "company", 2, "Theirs Ltd")
        store.flush(timeout=10)
        assert store.get(2).company == "Mine Ltd"
        assert store.conflicts()[2].company == "Theirs Ltd"
        assert came_in[-1].conflicts == (2,)
        assert "1 card changed on both sides: conflict to resolve" in came_in[-1].message
        stored = orjson.loads(board.read_bytes())
        assert stored["applications"]["2"]["company"] == "Mine Ltd"
        assert stored["conflicts"]["2"]["company"] == "Theirs Ltd"  # kept on disk too
    finally:
        store.close()
    with Store(board) as reopened:  # the conflict outlives the session
        assert reopened.conflicts()[2].company == "Theirs Ltd"
        reopened.resolve_conflict(2, "theirs")
        assert reopened.get(2).company == "Theirs Ltd"
        assert reopened.conflicts() == {}
    stored = orjson.loads(board.read_bytes())
    assert stored["applications"]["2"]["company"] == "Theirs Ltd"
    assert "conflicts" not in stored or stored["conflicts"] == {}


def test_deleted_on_one_side_and_changed_on_the_other_is_kept(board: Path) -> None:
    store, _ = open_app_store(board)
    try:
        store.flush(timeout=10)
        with store._write_order:
            store.put(replace(store.get(3), notes="still talking to them"))
            other_machine(board, "rename", "delete", 3)
        store.flush(timeout=10)
        assert on_disk(board)[3]["notes"] == "still talking to them"
        with store._write_order:
            store.delete(1)
            other_machine(board, "in-place", "company", 1, "Company Z")
        store.flush(timeout=10)
        assert on_disk(board)[1]["company"] == "Company Z"
    finally:
        store.close()


def test_a_card_added_on_both_sides_under_one_id_keeps_both(board: Path) -> None:
    store, _ = open_app_store(board)
    try:
        store.flush(timeout=10)
        with store._write_order:
            store.add(make_application(company="Added here"))
            other_machine(board, "rename", "add", 1, "Added there")
        store.flush(timeout=10)
        companies = sorted(str(card["company"]) for card in on_disk(board).values())
        assert companies == ["Added here", "Added there", "Company 1", "Company 2", "Company 3"]
        assert on_disk(board)[4]["company"] == "Added there"  # the id the other side gave it
    finally:
        store.close()


def test_two_cards_added_there_and_one_here_under_the_same_ids_are_all_kept(board: Path) -> None:
    """This side's new card moves to an id free on both sides, not just here (the soak lost
    'Outside 129' when the other side had added two cards: it moved onto the second's id)."""
    store, _ = open_app_store(board)
    try:
        store.flush(timeout=10)
        with store._write_order:
            store.add(make_application(company="Added here"))  # card 4 here
            other_machine(board, "rename", "add", 1, "Added there first")  # card 4 there
            other_machine(board, "rename", "add", 1, "Added there second")  # card 5 there
        store.flush(timeout=10)
        companies = sorted(str(card["company"]) for card in on_disk(board).values())
        assert companies == [
            "Added here",
            "Added there first",
            "Added there second",
            "Company 1",
            "Company 2",
            "Company 3",
        ]
        assert sorted(card.company for card in store.applications()) == companies
    finally:
        store.close()


def test_the_watch_picks_up_a_change_without_a_save(board: Path) -> None:
    arrived = threading.Event()
    store, came_in = open_app_store(board, watch_interval=0.1)
    store.on_disk_change = lambda change: (came_in.append(change), arrived.set())
    try:
        store.flush(timeout=10)
        before = board.stat().st_mtime_ns
        other_machine(board, "rename", "add", 1, "Seen without saving")
        assert arrived.wait(10)
        assert came_in[0].message == "board changed on disk: 1 card added"
        assert store.applications()[-1].company == "Seen without saving"
        time.sleep(0.3)
        assert board.stat().st_mtime_ns != before  # the other side's file, not rewritten
        assert on_disk(board)[4]["company"] == "Seen without saving"
    finally:
        store.close()


def test_sync_conflict_copies_are_found_merged_and_never_deleted(board: Path) -> None:
    folder = board.parent
    syncthing = folder / "board.sync-conflict-20261202-101500-ABCDEFG.json"
    dropbox = folder / "board (conflicted copy 2026-12-02).json"
    shutil.copyfile(board, syncthing)
    other_machine(syncthing, "rename", "add", 1, "Only in the copy")
    other_machine(syncthing, "rename", "company", 2, "Renamed in the copy")
    shutil.copyfile(board, dropbox)
    (folder / "board.sync-conflict-notes.txt").write_text("not a copy")
    store, _ = open_app_store(board)
    try:
        assert store.conflict_copies() == [syncthing, dropbox]
        change = store.merge_copy(syncthing)
        store.flush(timeout=10)
        assert change.message.startswith(f"{syncthing.name} merged: 1 card added")
        assert store.conflicts()[2].company == "Renamed in the copy"
        companies = sorted(str(card["company"]) for card in on_disk(board).values())
        assert companies == ["Company 1", "Company 2", "Company 3", "Only in the copy"]
        assert store.merge_copy(dropbox).message.endswith("nothing new")
    finally:
        store.close()
    assert syncthing.exists() and dropbox.exists()


def test_the_cli_names_conflict_copies_and_leaves_them_alone(board: Path) -> None:
    copy = board.with_name("board (conflicted copy 2026-12-02).json")
    shutil.copyfile(board, copy)
    before = copy.read_bytes()
    listed = subprocess.run(
        [str(CLI), "list", "--db", str(board)], capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0, listed.stderr
    assert listed.stderr == (
        "followup-tui: warning: a sync tool left 1 conflict copy of the board beside it "
        f"({copy.name}); open the board in the app (followup-tui --db {board}) to merge it\n"
    )
    assert copy.read_bytes() == before


def test_two_machines_diverge_then_sync_and_nothing_is_lost(tmp_path: Path, board: Path) -> None:
    laptop = tmp_path / "laptop" / "board.json"
    laptop.parent.mkdir()
    shutil.copyfile(board, laptop)
    with Store(laptop) as offline:  # the laptop works offline
        offline.put(replace(offline.get(1), stage=Stage.THANKED))
        offline.add(make_application(company="Met at the laptop"))
    desktop, _ = open_app_store(board)
    try:
        desktop.put(replace(desktop.get(3), notes="desktop note"))
        desktop.add(make_application(company="Met at the desktop"))
        desktop.flush(timeout=10)
        # The laptop comes online: the sync tool renames its version over the desktop's.
        temp = board.with_name(".syncthing.board.json.tmp")
        shutil.copyfile(laptop, temp)
        os.replace(temp, board)
        desktop.put(replace(desktop.get(2), notes="after the sync"))
        desktop.flush(timeout=10)
    finally:
        desktop.close()
    cards = on_disk(board)
    companies = sorted(str(card["company"]) for card in cards.values())
    assert companies == [
        "Company 1",
        "Company 2",
        "Company 3",
        "Met at the desktop",
        "Met at the laptop",
    ]
    by_company = {card["company"]: card for card in cards.values()}
    assert by_company["Company 1"]["stage"] == Stage.THANKED.value
    assert by_company["Company 3"]["notes"] == "desktop note"
    assert by_company["Company 2"]["notes"] == "after the sync"
