"""The Store against real files in tmp_path: CRUD, undo, validation, lock, backups, failures."""

from __future__ import annotations

import dataclasses
import errno
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from tests.boards import make_application, realistic_card_doc, write_board
from tui import files
from tui import store as store_module
from tui.model import Profile, Stage
from tui.model_docs import application_from_doc, application_to_doc
from tui.store import (
    SCHEMA_VERSION,
    CorruptFileError,
    LockedError,
    NewerSchemaError,
    ReadOnlyError,
    SaveError,
    Store,
    StoreError,
    UnknownCardError,
    UnwritableFolderError,
    _decode_by_document,
    _decode_whole,
    _document_keys,
)

OPT_NEWLINE = orjson.OPT_APPEND_NEWLINE


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """Where the board file goes (not created yet)."""
    return tmp_path / "data" / "board.json"


def temp_files(path: Path) -> list[str]:
    """Leftover temp files of the atomic writer beside ``path``."""
    return [name for name in os.listdir(path.parent) if name.endswith(".tmp")]


def folder_snapshot(path: Path) -> dict[str, bytes]:
    """Every file beside ``path`` (except the lock) with its bytes."""
    return {
        entry.name: entry.read_bytes()
        for entry in path.parent.iterdir()
        if entry.is_file() and not entry.name.endswith(".lock")
    }


def write_json(path: Path, data: object) -> bytes:
    """Write ``data`` as JSON to ``path`` and return the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = orjson.dumps(data, option=orjson.OPT_INDENT_2)
    path.write_bytes(raw)
    return raw


def fail_with_enospc(*_args: object, **_kwargs: object) -> None:
    """Stands in for an OS call on a full disk."""
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


# --------------------------------------------------------------------------- basics


def test_first_open_creates_folder_and_file_with_meta_and_private_modes(board: Path) -> None:
    with Store(board) as store:
        assert store.applications() == []
        assert store.profile() == Profile()
        assert not store.read_only
    data = orjson.loads(board.read_bytes())
    assert data["applications"] == {}
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert data["meta"]["1"]["profile"] == Profile().to_dict()
    assert board.stat().st_mode & 0o777 == 0o600
    assert board.parent.stat().st_mode & 0o777 == 0o700


def test_crud_and_reload(board: Path) -> None:
    with Store(board) as store:
        first = store.add(make_application(company="Acme"))
        second = store.add(make_application(company="Birch"))
        assert (first.doc_id, second.doc_id) == (1, 2)
        assert store.get(1) == first
        edited = store.put(replace(first, stage=Stage.THANKED, notes="sent"))
        assert store.get(1).stage is Stage.THANKED
        removed = store.delete(2)
        assert removed == second
        store.save_profile(Profile(name="Robin", follow_up_days=5))
        assert store.applications() == [edited]
    with Store(board) as store:
        assert store.applications() == [edited]
        assert store.profile() == Profile(name="Robin", follow_up_days=5)
        # Ids are never handed out twice in a session, and continue after the highest on reopen.
        assert store.add(make_application()).doc_id == 2


def test_unknown_ids_raise_a_store_error_that_is_also_a_key_error(board: Path) -> None:
    with Store(board) as store:
        with pytest.raises(UnknownCardError) as caught:
            store.get(42)
        assert isinstance(caught.value, KeyError)
        assert str(board) in str(caught.value)
        with pytest.raises(UnknownCardError):
            store.put(make_application(doc_id=42))
        with pytest.raises(UnknownCardError):
            store.put(make_application())
        with pytest.raises(UnknownCardError):
            store.delete(42)
        assert store.generation == 0


def test_a_card_that_cannot_be_stored_changes_nothing(board: Path) -> None:
    naive = make_application(interviewed_at=datetime(2026, 3, 10, 14, 0))
    with Store(board) as store:
        with pytest.raises(ValueError, match="naive"):
            store.add_many([make_application(), naive])
        assert store.applications() == []
        assert store.generation == 0


def test_add_many_is_one_write_and_one_undo(board: Path) -> None:
    saved: list[int] = []
    with Store(board, on_saved=saved.append) as store:
        cards = store.add_many([make_application(company=f"Co {i}") for i in range(5)])
        assert [card.doc_id for card in cards] == [1, 2, 3, 4, 5]
        assert saved == [1]
        assert store.undo() == "Added 5 cards"
        assert store.applications() == []


def test_doc_without_optional_keys_loads_with_defaults(board: Path) -> None:
    minimal = {"company": "Acme", "role": "Analyst", "interviewed_at": "2026-03-10T14:00:00Z"}
    meta = {"schema_version": SCHEMA_VERSION, "profile": {"name": "Robin"}}
    write_json(board, {"applications": {"7": minimal}, "meta": {"1": meta}})
    with Store(board) as store:
        (card,) = store.applications()
        assert card.doc_id == 7
        assert card.stage is Stage.INTERVIEWED
        assert card.interviewers == () and card.history == () and card.notes == ""
        assert card.interviewed_at == datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
        assert store.profile().name == "Robin"
        assert store.profile().follow_up_days == 7


def test_mutation_after_close_is_refused_and_close_is_idempotent(board: Path) -> None:
    store = Store(board)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.add(make_application())


# --------------------------------------------------------------------------- undo


def test_undo_of_each_kind_is_saved(board: Path) -> None:
    with Store(board) as store:
        assert not store.can_undo()
        assert store.undo() is None
        card = store.add(make_application(company="Acme"), summary="Added Acme")
        store.put(replace(card, notes="edited"), summary="Edited Acme")
        store.save_profile(Profile(name="Robin"))
        store.delete(card.doc_id or 0, summary="Deleted Acme")
        generation = store.generation

        assert store.undo() == "Deleted Acme"
        assert store.get(1).notes == "edited"
        assert store.undo() == "Edited profile"
        assert store.profile() == Profile()
        assert store.undo() == "Edited Acme"
        assert store.get(1) == card
        assert store.generation == generation + 3
    with Store(board) as store:
        # Undo is per session; the undone state is what reached the disk.
        assert store.applications() == [card]
        assert store.profile() == Profile()
        assert not store.can_undo()
        assert store.undo() is None


def test_undo_of_add_and_of_delete_keeps_the_doc_id(board: Path) -> None:
    with Store(board) as store:
        store.add_many([make_application(company=name) for name in ("A", "B", "C")])
        store.delete(2)
        assert [c.company for c in store.applications()] == ["A", "C"]
        store.undo()
        assert [(c.doc_id, c.company) for c in store.applications()] == [
            (1, "A"),
            (2, "B"),
            (3, "C"),
        ]
        added = store.add(make_application(company="D"))
        assert added.doc_id == 4
        assert store.undo() == "Added card"
        with pytest.raises(UnknownCardError):
            store.get(4)
    with Store(board) as store:
        assert [c.doc_id for c in store.applications()] == [1, 2, 3]


def test_undo_stack_is_bounded(board: Path) -> None:
    with Store(board) as store:
        store.add_many([make_application()])
        card = store.get(1)
        for round_number in range(105):
            store.put(replace(card, round=round_number + 2))
        undone = 0
        while store.undo() is not None:
            undone += 1
        assert undone == 100
        # The oldest six changes (the add and five edits) fell off the stack.
        assert store.get(1).round == 6


# --------------------------------------------------------------------------- migration


def test_version_0_file_is_migrated_after_a_backup(board: Path) -> None:
    old_card = {"company": "Acme", "role": "Analyst", "interviewed_at": "2026-03-10T14:00:00+00:00"}
    raw = write_json(board, {"applications": {"1": old_card, "2": {**old_card, "company": "B"}}})
    with Store(board) as store:
        assert [card.company for card in store.applications()] == ["Acme", "B"]
        assert store.profile() == Profile()
        store.save_profile(Profile(name="Robin"))
    backup = board.with_name("board.json.pre-migration-v0.bak")
    assert backup.read_bytes() == raw
    assert backup.stat().st_mode & 0o777 == 0o600
    data = orjson.loads(board.read_bytes())
    assert data["meta"]["1"]["schema_version"] == SCHEMA_VERSION
    assert data["meta"]["1"]["profile"]["name"] == "Robin"
    assert Store.backups(board)[-1] == backup
    with Store(board) as store:
        assert len(store.applications()) == 2


# --------------------------------------------------------------------------- bad files


def _assert_refused(board: Path, error_type: type[StoreError]) -> StoreError:
    """Opening raises ``error_type``, with a one-line message naming the file; nothing changes."""
    before = folder_snapshot(board)
    with pytest.raises(error_type) as caught:
        Store(board)
    assert folder_snapshot(board) == before
    message = str(caught.value)
    assert str(board) in message
    assert "\n" not in message
    # The lock was released: a read-only look gives the same answer, and a valid file opens.
    with pytest.raises(error_type):
        Store(board, read_only=True)
    return caught.value


def test_bad_json_reports_line_and_column_and_leaves_the_file_alone(board: Path) -> None:
    board.parent.mkdir(parents=True)
    board.write_bytes(b'{\n  "applications": {\n    "1": {"company": "Acme",,}\n  }\n}\n')
    error = _assert_refused(board, CorruptFileError)
    assert isinstance(error, CorruptFileError)
    assert (error.line, error.column) == (3, 29)  # the second comma
    assert "line 3, column 29" in str(error)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([1, 2], "found a list"),
        ({"applications": []}, "'applications' is a list"),
        ({"applications": {"1": "Acme"}}, "card 1"),
        ({"applications": {"1": {"company": "Acme"}}}, "card 1"),
        ({"applications": {"x": {}}}, "card id 'x'"),
        ({"applications": {}, "meta": {"1": {"schema_version": "1"}}}, "schema_version"),
        ({"applications": {}, "meta": {"1": {"schema_version": 1, "profile": []}}}, "profile"),
        ({"applications": {}, "meta": {"1": 5}}, "meta document"),
    ],
)
def test_wrong_shapes_are_refused_with_a_reason(board: Path, data: object, reason: str) -> None:
    write_json(board, data)
    error = _assert_refused(board, CorruptFileError)
    assert reason in str(error)


CARD_DOC = {"company": "Acme", "role": "Analyst", "interviewed_at": "2026-03-10T14:00:00+00:00"}


@pytest.mark.parametrize(
    ("card", "reason"),
    [
        (None, "card 1 is null, not an object"),
        ({"company": "Acme", "interviewed_at": "2026-03-10"}, "card 1 has no role"),
        ({**CARD_DOC, "stage": "bogus"}, "card 1 has an unknown stage 'bogus'"),
        ({**CARD_DOC, "outcome": "won"}, "card 1 has an unknown outcome 'won'"),
        ({**CARD_DOC, "round": "first"}, "card 1 has a round that is not a whole number: 'first'"),
        (
            {**CARD_DOC, "interviewed_at": "yesterday"},
            "card 1 has an interview time (interviewed_at) that cannot be read: 'yesterday'",
        ),
        (
            {**CARD_DOC, "history": [{"kind": "moved"}]},
            'card 1 has a history that cannot be read: [{"kind":"moved"}]',
        ),
        ({**CARD_DOC, "drafts": ["x"]}, 'card 1 has drafts that cannot be read: ["x"]'),
    ],
)
def test_a_card_that_does_not_read_is_described_in_plain_words(
    board: Path, card: object, reason: str
) -> None:
    write_json(board, {"applications": {"1": card}, "meta": {"1": {"schema_version": 1}}})
    error = _assert_refused(board, CorruptFileError)
    assert str(error) == f"{board} is damaged: {reason}"


def test_newer_schema_is_refused(board: Path) -> None:
    write_json(board, {"applications": {}, "meta": {"1": {"schema_version": SCHEMA_VERSION + 1}}})
    error = _assert_refused(board, NewerSchemaError)
    assert "newer" in str(error)


@pytest.mark.parametrize("content", [b"", b"  \n\t\n"])
def test_empty_file_beside_backups_is_refused(board: Path, content: bytes) -> None:
    write_board(board, 2)
    Store(board).close()  # takes today's backup
    board.write_bytes(content)
    error = _assert_refused(board, CorruptFileError)
    assert "empty file where a board used to be" in str(error)


def test_empty_file_without_backups_becomes_a_new_board(board: Path) -> None:
    board.parent.mkdir(parents=True)
    board.write_bytes(b"")
    with Store(board) as store:
        assert store.applications() == []
    assert orjson.loads(board.read_bytes())["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_unreadable_path_is_a_store_error(board: Path) -> None:
    board.mkdir(parents=True)
    with pytest.raises(StoreError, match="Cannot read"):
        Store(board)


# --------------------------------------------------------------------------- lock


def test_second_writer_is_locked_out_and_read_only_refuses_changes(board: Path) -> None:
    with Store(board) as writer:
        card = writer.add(make_application())
        with pytest.raises(LockedError) as caught:
            Store(board)
        assert str(board) in str(caught.value)
        with Store(board, read_only=True) as reader:
            assert reader.read_only
            assert reader.applications() == [card]
            refused = [
                lambda: reader.add(make_application()),
                lambda: reader.add_many([make_application()]),
                lambda: reader.put(card),
                lambda: reader.delete(1),
                lambda: reader.save_profile(Profile(name="x")),
                reader.undo,
                reader.retry,
            ]
            for attempt in refused:
                with pytest.raises(ReadOnlyError):
                    attempt()
            assert not reader.can_undo()
    with Store(board) as writer:
        assert writer.applications() == [card]


def test_read_only_open_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    board = tmp_path / "nothing" / "board.json"
    with Store(board, read_only=True) as reader:
        assert reader.applications() == []
    assert not board.parent.exists()


def deny_writes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``folder`` read-only (mode 555); root, whom the mode does not stop, is told so by
    ``os.access`` as a user would be."""
    folder.chmod(0o555)
    if os.geteuid() == 0:
        real_access = os.access

        def access(path: object, mode: int, **kwargs: object) -> bool:
            if Path(str(path)) == folder and mode & os.W_OK:
                return False
            return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "access", access)


def deny_lock(monkeypatch: pytest.MonkeyPatch, code: int = errno.EACCES) -> None:
    """Make taking the lock fail as opening ``<board>.lock`` would with ``code``."""

    def acquire(path: Path) -> None:
        raise OSError(code, os.strerror(code), str(path))

    monkeypatch.setattr(store_module.locking, "acquire", acquire)


@pytest.fixture
def restore_folder_mode(board: Path) -> Iterator[None]:
    yield
    board.parent.chmod(0o700)


@pytest.mark.usefixtures("restore_folder_mode")
def test_a_folder_without_write_permission_refuses_a_writer_but_reads(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_board(board, 2)
    before = folder_snapshot(board)
    deny_writes(board.parent, monkeypatch)
    with pytest.raises(UnwritableFolderError) as caught:
        Store(board)
    assert f"the folder {board.parent} is not writable" in str(caught.value)
    assert caught.value.read_only_reason.startswith(f"the folder {board.parent} is not writable")
    assert "damaged" not in str(caught.value)
    with Store(board, read_only=True) as reader:
        assert len(reader.applications()) == 2
    assert folder_snapshot(board) == before


@pytest.mark.usefixtures("restore_folder_mode")
def test_a_new_board_in_a_folder_without_write_permission_is_an_error(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    board.parent.mkdir()
    deny_writes(board.parent, monkeypatch)
    with pytest.raises(StoreError, match=r"Cannot create .*not writable") as caught:
        Store(board)
    # Nothing to read: no read-only board to fall back on.
    assert not isinstance(caught.value, UnwritableFolderError)


def test_a_lock_file_that_cannot_be_opened_refuses_a_writer(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_board(board, 1)
    Store(board).close()  # leaves board.json.lock behind, as every run does
    deny_lock(monkeypatch)
    with pytest.raises(
        UnwritableFolderError, match=r"lock file board\.json\.lock cannot be opened"
    ):
        Store(board)
    deny_lock(monkeypatch, errno.EIO)
    with pytest.raises(StoreError, match="Cannot lock") as caught:
        Store(board)
    assert not isinstance(caught.value, UnwritableFolderError)


def test_lock_of_a_killed_process_does_not_block(board: Path) -> None:
    write_board(board, 1)
    script = (
        "import sys, time; from pathlib import Path; from tui.store import Store; "
        "s = Store(Path(sys.argv[1])); print('ready', flush=True); time.sleep(60)"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(board)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    with pytest.raises(LockedError):
        Store(board)
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    with Store(board) as store:
        assert len(store.applications()) == 1


# --------------------------------------------------------------------------- backups


def test_daily_backups_rotate_to_seven(board: Path) -> None:
    write_board(board, 2)
    today = date.today()
    for days_ago in range(1, 10):
        stamp = (today - timedelta(days=days_ago)).isoformat()
        board.with_name(f"board.json.{stamp}.bak").write_bytes(b"{}")
    raw = board.read_bytes()
    Store(board).close()
    backups = Store.backups(board)
    assert [b.name for b in backups] == [
        f"board.json.{(today - timedelta(days=n)).isoformat()}.bak" for n in range(7)
    ]
    assert backups[0].read_bytes() == raw
    assert backups[0].stat().st_mode & 0o777 == 0o600
    # A second open on the same day keeps the morning's copy.
    with Store(board) as store:
        store.add(make_application())
    Store(board).close()
    assert Store.backups(board)[0].read_bytes() == raw


def today_backup(path: Path) -> Path:
    """Where today's daily backup of ``path`` goes."""
    return path.with_name(f"{path.name}.{date.today().isoformat()}.bak")


def test_background_open_leaves_the_backup_to_the_writer_before_its_first_save(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_board(board, 3)
    raw = board.read_bytes()
    release = threading.Event()
    writes: list[str] = []
    real_atomic_write = files.atomic_write

    def slow_backup(path: Path, content: object, **options: object) -> os.stat_result:
        if path.name.endswith(".bak"):
            assert release.wait(10)
        writes.append(path.name)
        return real_atomic_write(path, content, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "atomic_write", slow_backup)
    store = Store(board, background=True)  # returns while the backup is still held up
    try:
        assert not today_backup(board).exists()
        store.add(make_application(company="New"))
        time.sleep(store_module.WRITE_DELAY * 3)
        assert board.read_bytes() == raw  # the save waits for the backup
        release.set()
        store.flush(timeout=10)
        assert writes == [today_backup(board).name, board.name]
        assert today_backup(board).read_bytes() == raw
        assert today_backup(board).stat().st_mode & 0o777 == 0o600
        assert store.warnings == []
    finally:
        release.set()
        store.close()
    with Store(board) as reopened:
        assert len(reopened.applications()) == 4


def test_background_backup_is_written_by_flush_or_close_without_changes(board: Path) -> None:
    write_board(board, 2)
    raw = board.read_bytes()
    with Store(board, background=True) as store:
        store.flush(timeout=10)
        assert today_backup(board).read_bytes() == raw
    today_backup(board).unlink()
    Store(board, background=True).close()
    assert today_backup(board).read_bytes() == raw
    assert board.read_bytes() == raw


def test_background_backup_keeps_seven(board: Path) -> None:
    write_board(board, 1)
    for days_ago in range(1, 10):
        stamp = (date.today() - timedelta(days=days_ago)).isoformat()
        board.with_name(f"board.json.{stamp}.bak").write_bytes(b"{}")
    Store(board, background=True).close()
    assert len(Store.backups(board)) == 7
    assert Store.backups(board)[0] == today_backup(board)


def test_background_backup_failure_is_a_warning_and_saving_goes_on(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_board(board, 1)
    real_atomic_write = files.atomic_write

    def no_room_for_backups(path: Path, content: object, **options: object) -> os.stat_result:
        if path.name.endswith(".bak"):
            fail_with_enospc()
        return real_atomic_write(path, content, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(files, "atomic_write", no_room_for_backups)
    with Store(board, background=True) as store:
        store.add(make_application(company="Saved"))
        store.flush(timeout=10)
        assert store.warnings == [
            f"Could not write the backup {today_backup(board)}: {os.strerror(errno.ENOSPC)}"
        ]
    assert not today_backup(board).exists()
    with Store(board) as reopened:
        assert [card.company for card in reopened.applications()][-1] == "Saved"


def test_foreground_open_writes_the_backup_before_returning(board: Path) -> None:
    write_board(board, 1)
    raw = board.read_bytes()
    with Store(board):
        assert today_backup(board).read_bytes() == raw


def test_restore_backup_moves_the_damaged_file_aside(board: Path) -> None:
    write_board(board, 3)
    Store(board).close()
    good = Store.backups(board)[0]
    # A newer but damaged backup is skipped by newest_good_backup.
    board.with_name(f"board.json.{date.today() + timedelta(days=1)}.bak").write_bytes(b"{")
    board.write_bytes(b'{"applications": ')
    with pytest.raises(CorruptFileError):
        Store(board)
    assert Store.newest_good_backup(board) == good
    aside = Store.restore_backup(board, good)
    assert aside is not None
    assert aside.name.startswith("board.json.damaged-")
    assert aside.read_bytes() == b'{"applications": '
    assert board.read_bytes() == good.read_bytes()
    assert board.stat().st_mode & 0o777 == 0o600
    with Store(board) as store:
        assert len(store.applications()) == 3


def test_restore_backup_is_refused_while_the_board_is_open(board: Path) -> None:
    with Store(board):
        pass
    Store(board).close()
    with Store(board), pytest.raises(LockedError):
        Store.restore_backup(board, Store.backups(board)[0])


def test_newest_good_backup_is_none_without_backups(board: Path) -> None:
    with Store(board):
        pass
    assert Store.backups(board) == []
    assert Store.newest_good_backup(board) is None


def test_stale_temp_files_of_ours_are_removed_on_open(board: Path) -> None:
    write_board(board, 1)
    ours = board.with_name(".board.json.k2j4x9_a.tmp")
    other = board.with_name(".notes.txt.abc.tmp")
    ours.write_bytes(b"half a write")
    other.write_bytes(b"not ours")
    Store(board).close()
    assert not ours.exists()
    assert other.exists()


# --------------------------------------------------------------------------- symbolic links


@pytest.fixture
def linked_board(tmp_path: Path) -> tuple[Path, Path]:
    """``home/board.json``, a link to ``sync/jobs.json`` (a synced folder; not created yet)."""
    link, target = tmp_path / "home" / "board.json", tmp_path / "sync" / "jobs.json"
    link.parent.mkdir()
    target.parent.mkdir()
    link.symlink_to(target)
    return link, target


def test_saves_through_a_link_keep_the_link_and_reach_its_target(
    linked_board: tuple[Path, Path],
) -> None:
    link, target = linked_board
    write_board(target, 1)
    with Store(link) as store:
        store.add(make_application(company="Globex"))
        with Store(link, read_only=True) as reader:
            assert [c.company for c in reader.applications()][-1] == "Globex"
    assert link.is_symlink()
    assert link.resolve() == target.resolve()
    with Store(target, read_only=True) as reader:
        assert len(reader.applications()) == 2
    # Lock, backups and temp files live beside the target; only the link is beside itself.
    assert os.listdir(link.parent) == ["board.json"]
    assert temp_files(target) == []


@pytest.mark.parametrize("relative", [True, False], ids=["relative", "absolute"])
def test_a_chain_of_links_is_followed_to_the_file(tmp_path: Path, relative: bool) -> None:
    target = tmp_path / "sync" / "board.json"
    write_board(target, 1)
    middle, link = tmp_path / "dotfiles" / "board.json", tmp_path / "home" / "board.json"
    middle.parent.mkdir()
    link.parent.mkdir()
    middle.symlink_to(Path("../sync/board.json") if relative else target)
    link.symlink_to(Path("../dotfiles/board.json") if relative else middle)
    with Store(link) as store:
        store.add(make_application())
    assert link.is_symlink()
    assert middle.is_symlink()
    with Store(target, read_only=True) as reader:
        assert len(reader.applications()) == 2


def test_the_lock_through_a_link_is_the_lock_of_its_target(
    linked_board: tuple[Path, Path],
) -> None:
    link, target = linked_board
    with Store(link):
        with pytest.raises(LockedError) as caught:
            Store(target)
        assert str(caught.value).startswith(str(target))
    with Store(target):
        with pytest.raises(LockedError) as caught:
            Store(link)
        # The message names the path the user gave, not where the link leads.
        assert str(caught.value).startswith(str(link))
        with pytest.raises(LockedError):
            Store.restore_backup(link, Store.backups(target)[0])


def test_backups_of_a_linked_board_are_beside_its_target(
    linked_board: tuple[Path, Path],
) -> None:
    link, target = linked_board
    write_board(target, 2)
    raw = target.read_bytes()
    with Store(link) as store:
        store.add(make_application())
    backup = today_backup(target)
    assert backup.read_bytes() == raw
    assert Store.backups(link) == Store.backups(target) == [backup]
    assert Store.newest_good_backup(link) == backup


def test_a_version_0_board_behind_a_link_is_migrated_in_place(
    linked_board: tuple[Path, Path],
) -> None:
    link, target = linked_board
    raw = write_json(target, {"applications": {"1": application_to_doc(make_application())}})
    with Store(link) as store:
        assert len(store.applications()) == 1
    assert link.is_symlink()
    assert target.with_name("jobs.json.pre-migration-v0.bak").read_bytes() == raw
    assert json.loads(target.read_bytes())["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_restoring_a_backup_through_a_link_keeps_the_link(
    linked_board: tuple[Path, Path],
) -> None:
    link, target = linked_board
    write_board(target, 3)
    Store(link).close()
    good = Store.backups(link)[0]
    target.write_bytes(b'{"applications": ')
    aside = Store.restore_backup(link, good)
    assert aside is not None
    assert aside.parent == target.parent
    assert aside.name.startswith("jobs.json.damaged-")
    assert link.is_symlink()
    assert target.read_bytes() == good.read_bytes()


def test_a_link_to_a_missing_file_creates_the_file_where_it_points(
    linked_board: tuple[Path, Path],
) -> None:
    link, target = linked_board
    with Store(link, read_only=True) as reader:
        assert reader.applications() == []
    assert not target.exists()
    with Store(link) as store:
        store.add(make_application())
    assert link.is_symlink()
    with Store(target, read_only=True) as reader:
        assert len(reader.applications()) == 1


def test_a_link_into_a_missing_folder_is_refused_and_nothing_is_created(tmp_path: Path) -> None:
    link, target = tmp_path / "home" / "board.json", tmp_path / "unmounted" / "board.json"
    link.parent.mkdir()
    link.symlink_to(target)
    with pytest.raises(StoreError) as caught:
        Store(link)
    assert str(caught.value).startswith(f"{link} is a link to ")
    assert link.is_symlink()
    assert not target.parent.exists()
    assert os.listdir(link.parent) == ["board.json"]


def test_a_loop_of_links_is_a_store_error_and_stays_a_link(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(StoreError, match="Cannot read"):
        Store(first)
    assert first.is_symlink()
    assert second.is_symlink()


# --------------------------------------------------------------------------- failures


@pytest.mark.parametrize("call", ["fsync", "replace"])
def test_full_disk_keeps_the_old_file_and_the_change_and_retry_saves(
    board: Path, monkeypatch: pytest.MonkeyPatch, call: str
) -> None:
    with Store(board) as store:
        card = store.add(make_application(company="Acme"))
        before = board.read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(os, call, fail_with_enospc)
            if call == "replace":  # the board is put in place by swapping, where it can be
                patch.setattr(files, "renameat2", fail_with_enospc)
            with pytest.raises(SaveError) as caught:
                store.put(replace(card, notes="after"))
            # A second change while the disk is still full fails too, and is kept as well.
            with pytest.raises(SaveError):
                store.add(make_application(company="Birch"))
            with pytest.raises(SaveError):
                store.retry()
        message = str(caught.value)
        assert str(board) in message and "No space left on device" in message
        assert "\n" not in message
        assert board.read_bytes() == before
        assert temp_files(board) == []
        assert store.get(1).notes == "after"
        with pytest.raises(SaveError):
            store.flush()
        store.retry()
        store.flush()
        assert store.last_save_error is None
    with Store(board) as store:
        assert store.get(1).notes == "after"
        assert store.get(2).company == "Birch"


def test_a_later_change_saves_what_a_failed_write_kept(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store(board) as store:
        with monkeypatch.context() as patch:
            patch.setattr(os, "fsync", fail_with_enospc)
            with pytest.raises(SaveError):
                store.add(make_application(company="Kept"))
        store.add(make_application(company="Next"))
    with Store(board) as store:
        assert [card.company for card in store.applications()] == ["Kept", "Next"]


def test_close_makes_a_last_attempt_to_save(board: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store(board)
    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", fail_with_enospc)
        patch.setattr(files, "renameat2", fail_with_enospc)
        with pytest.raises(SaveError):
            store.add(make_application(company="Kept"))
    store.close()
    with Store(board) as reopened:
        assert [card.company for card in reopened.applications()] == ["Kept"]


# --------------------------------------------------------------------------- background


def test_background_writes_report_increasing_generations(board: Path) -> None:
    saved: list[int] = []
    threads: set[str] = set()

    def on_saved(generation: int) -> None:
        saved.append(generation)
        threads.add(threading.current_thread().name)

    with Store(board, background=True, on_saved=on_saved) as store:
        card = store.add(make_application())
        for index in range(20):
            store.put(replace(card, notes=f"note {index}"))
        store.flush(timeout=10)
        assert saved == sorted(saved)
        assert len(set(saved)) == len(saved)
        assert saved[-1] == store.generation == 21
        assert threading.current_thread().name not in threads
    with Store(board) as store:
        assert store.get(1).notes == "note 19"


def test_background_failure_is_reported_and_retry_saves(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures: list[Exception] = []
    failed = threading.Event()

    def on_save_failed(error: Exception) -> None:
        failures.append(error)
        failed.set()

    with Store(board, background=True, on_save_failed=on_save_failed) as store:
        before = board.read_bytes()
        with monkeypatch.context() as patch:
            patch.setattr(os, "fsync", fail_with_enospc)
            store.add(make_application(company="Kept"))  # returns at once
            assert failed.wait(10)
            with pytest.raises(SaveError):
                store.flush(timeout=10)
        assert isinstance(failures[0], SaveError)
        assert board.read_bytes() == before
        assert temp_files(board) == []
        assert store.get(1).company == "Kept"
        store.retry()
        store.flush(timeout=10)
    with Store(board) as store:
        assert store.get(1).company == "Kept"


def test_background_close_writes_pending_changes(board: Path) -> None:
    store = Store(board, background=True)
    store.add_many([make_application(company=f"Co {i}") for i in range(50)])
    store.save_profile(Profile(name="Robin"))
    store.close()
    with Store(board) as reopened:
        assert len(reopened.applications()) == 50
        assert reopened.profile().name == "Robin"


def test_stored_document_is_the_model_document(board: Path) -> None:
    with Store(board) as store:
        card = store.add(make_application())
    stored = orjson.loads(board.read_bytes())["applications"][str(card.doc_id)]
    assert stored == application_to_doc(card)


def test_store_does_not_import_textual() -> None:
    code = "import sys, tui.store; assert 'textual' not in sys.modules; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_a_raising_on_saved_callback_does_not_stop_the_writer(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reported: list[type[BaseException] | None] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: reported.append(args.exc_type))

    def broken(_generation: int) -> None:
        raise RuntimeError("callback bug")

    with Store(board, background=True, on_saved=broken) as store:
        store.add(make_application(company="First"))
        store.flush(timeout=10)
        store.add(make_application(company="Second"))
        store.flush(timeout=10)
    assert RuntimeError in reported
    with Store(board) as store:
        assert len(store.applications()) == 2


def test_close_does_not_wait_for_a_callback_that_waits_for_the_closing_thread(board: Path) -> None:
    entered = threading.Event()
    release = threading.Event()

    def on_saved(_generation: int) -> None:
        # Like App.call_from_thread while the UI thread is busy closing the store.
        entered.set()
        release.wait(10)

    store = Store(board, background=True, on_saved=on_saved)
    store.add(make_application(company="First"))
    assert entered.wait(10)
    store.add(make_application(company="Second"))  # pending while the writer is stuck
    started = time.monotonic()
    store.close()
    elapsed = time.monotonic() - started
    release.set()
    assert elapsed < 5
    with Store(board) as reopened:
        assert [card.company for card in reopened.applications()] == ["First", "Second"]


def test_callbacks_can_be_set_after_opening(board: Path) -> None:
    saved: list[int] = []
    with Store(board, background=True) as store:
        store.on_saved = saved.append
        store.add(make_application())
        store.flush(timeout=10)
    assert saved == [1]


def test_store_error_takes_a_message_alone() -> None:
    error = StoreError("Cannot open /x/board.json: Permission denied")
    assert str(error) == "Cannot open /x/board.json: Permission denied"
    assert error.path is None


# --------------------------------------------------------------------------- reading by document

BOARD_NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def tricky_board(nested_ids: bool = False) -> dict[str, object]:
    """Three cards whose text looks like the file's own structure, plus keys we do not know
    (with ``nested_ids``, one that looks like a document id: the file is then read whole)."""
    rng = random.Random(3)
    cards = {str(i): realistic_card_doc(i, rng, BOARD_NOW) for i in (1, 2, 5)}
    cards["1"]["notes"] = 'ends },"7":{"company":"x" and\n    "9": {'
    cards["2"]["extra"] = {"5": {"kept": True}} if nested_ids else {"kept": True}
    cards["5"]["drafts"] = {"12": '"3": {}'}
    meta = {"schema_version": SCHEMA_VERSION, "profile": Profile(name="Ann").to_dict()}
    return {"_default": {}, "applications": cards, "meta": {"1": meta}, "other": {}}


LAYOUTS = {
    "compact": lambda data: orjson.dumps(data),
    "ours": lambda data: orjson.dumps(data, option=orjson.OPT_INDENT_2),
    "indent 4": lambda data: json.dumps(data, indent=4).encode(),
    "tabs, spaced": lambda data: json.dumps(data, indent="\t", separators=(" ,", " : ")).encode(),
}


@pytest.mark.parametrize("nested_ids", [False, True])
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_reads_the_same_and_saves_unchanged_cards_as_they_were(
    board: Path, layout: str, nested_ids: bool
) -> None:
    data = tricky_board(nested_ids)
    board.parent.mkdir(parents=True)
    board.write_bytes(LAYOUTS[layout](data))
    # Read document by document unless an id-like key inside a card makes that unsafe.
    assert (_decode_by_document(board, board.read_bytes()) is None) is nested_ids
    cards = data["applications"]
    assert isinstance(cards, dict)
    with Store(board) as store:
        expected = [application_from_doc(cards[key], int(key)) for key in ("1", "2", "5")]
        assert store.applications() == expected
        assert store.profile().name == "Ann"
        store.put(replace(store.get(5), notes="edited"))
    saved = orjson.loads(board.read_bytes())
    assert list(saved) == ["_default", "applications", "meta", "other"]
    assert saved["applications"]["1"] == cards["1"]
    assert saved["applications"]["2"] == cards["2"]
    assert saved["applications"]["5"]["notes"] == "edited"
    with Store(board) as store:
        assert store.get(5).notes == "edited"
        assert store.get(1) == expected[0]


def test_a_saved_board_is_indented_like_orjson_and_reads_back_by_document(board: Path) -> None:
    with Store(board) as store:
        store.add_many([make_application(company=f"Co {i}") for i in range(20)])
    with Store(board) as store:
        store.put(replace(store.get(3), notes="changed"))
        store.delete(4)
        store.add(make_application())
        cards = store.applications()
    raw = board.read_bytes()
    assert raw == orjson.dumps(orjson.loads(raw), option=orjson.OPT_INDENT_2 | OPT_NEWLINE)
    with Store(board) as store:
        assert store.applications() == cards


def test_reading_by_document_agrees_with_reading_the_whole_file(tmp_path: Path) -> None:
    """Damaged, reordered and odd files: the fast reading gives the whole reading's board, or
    steps aside (None) so that the whole reading decides (and words the error)."""
    rng = random.Random(11)
    path = tmp_path / "board.json"
    agreed = 0
    for _ in range(400):
        data = tricky_board(nested_ids=rng.random() < 0.2)
        if rng.random() < 0.3:
            data = {name: data[name] for name in reversed(list(data))}
        raw = bytearray(LAYOUTS[rng.choice(list(LAYOUTS))](data))
        for _ in range(rng.randint(0, 2)):
            position = rng.randrange(len(raw))
            if rng.random() < 0.5:
                del raw[position]
            else:
                raw[position:position] = bytes([rng.choice(b'{}[],:" \n\\1a')])
        fast = _decode_by_document(path, bytes(raw))
        if fast is None:
            continue
        whole = _decode_whole(path, bytes(raw))
        texts = {
            name: {
                key: orjson.loads(doc) if isinstance(doc, bytes | memoryview) else doc
                for key, doc in t.items()
            }
            for name, t in fast.tables.items()
        }
        assert list(texts.items()) == list(whole.tables.items())
        assert list(fast.cards.items()) == list(whole.cards.items())
        assert (fast.profile, fast.meta_doc_id) == (whole.profile, whole.meta_doc_id)
        agreed += 1
    assert agreed > 100


def test_document_keys_found_backwards_are_those_a_forward_search_finds() -> None:
    """The reversed search (see _document_keys) finds exactly the keys of the plain one."""
    forward = re.compile(rb'"([1-9][0-9]{0,17})"[ \t\n\r]*:[ \t\n\r]*(?=\{)')
    rng = random.Random(5)
    texts = [
        bytes(LAYOUTS[layout](tricky_board(nested)))
        for layout in LAYOUTS
        for nested in (False, True)
    ]
    texts += [b'"1": {', b'"01": {', b'"1234567890123456789": {', b'x"12"1" :\n{"7":{}']
    pieces = [b'"', b"1", b"0", b"12", b":", b" ", b"\n", b"{", b"}", b",", b"a", b'"3"', b'"45": ']
    texts += [b"".join(rng.choices(pieces, k=rng.randrange(40))) for _ in range(3000)]
    for text in texts:
        expected = [(m.start(), m.end(), m.group(1)) for m in forward.finditer(text)]
        assert _document_keys(text) == expected, text


def test_equal_history_details_are_read_as_one_dict_and_odd_ones_as_text(board: Path) -> None:
    moved = {"at": "2026-03-11T09:00:00+00:00", "kind": "moved", "summary": "Moved"}
    cards = {
        str(i): {
            **application_to_doc(make_application()),
            "history": [
                {**moved, "details": {"from": "interviewed", "to": "thanked"}},
                {**moved, "details": {"n": [1, 2]}},
                {**moved, "details": {"flag": True} if i == 1 else {"flag": 1}},
            ],
        }
        for i in (1, 2)
    }
    meta = {"schema_version": SCHEMA_VERSION, "profile": {}}
    write_json(board, {"applications": cards, "meta": {"1": meta}})
    with Store(board) as store:
        first, second = (card.history for card in store.applications())
    assert first[0].details == {"from": "interviewed", "to": "thanked"}
    assert first[0].details is second[0].details  # 48,000 events share a few hundred dicts
    assert first[1].details == {"n": "[1, 2]"}
    assert (first[2].details, second[2].details) == ({"flag": "True"}, {"flag": "1"})


def test_cards_read_back_are_the_cards_saved(board: Path) -> None:
    """The readers build cards without the dataclass constructors; nothing may tell."""
    card = make_application(drafts={"thank_you:0": "Dear Jordan"}, connected_via=("LinkedIn",))
    with Store(board) as store:
        saved = store.add(card)
    with Store(board) as store:
        read = store.get(1)
    assert read == saved and repr(read) == repr(saved)
    assert [hash(person) for person in read.interviewers] == [
        hash(person) for person in saved.interviewers
    ]
    assert replace(read, notes="x") == replace(saved, notes="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        read.notes = "changed"  # type: ignore[misc]


def test_short_writes_resume_where_they_stopped(
    board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is written as many pieces; a write that stops mid-piece must lose nothing."""

    def short_writev(descriptor: int, buffers: list[memoryview]) -> int:
        return os.write(descriptor, b"".join(buffers)[:777])

    monkeypatch.setattr(os, "writev", short_writev)
    with Store(board) as store:
        saved = store.add_many([make_application(company=f"Co {i}") for i in range(30)])
    raw = board.read_bytes()
    assert raw == orjson.dumps(orjson.loads(raw), option=orjson.OPT_INDENT_2 | OPT_NEWLINE)
    with Store(board) as store:
        assert store.applications() == saved
