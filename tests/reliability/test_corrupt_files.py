"""Damaged board files: the Store either opens them validly or raises a StoreError.

Never another exception type, and never a write to a file it refused: its bytes, and the
folder around it, are exactly as they were.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from pathlib import Path

import orjson
import pytest

from tests.boards import make_application
from tui.model import Interviewer, Profile, Stage
from tui.store import SCHEMA_VERSION, NewerSchemaError, Store, StoreError


@pytest.fixture(scope="module")
def valid_board(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a small board written by the Store itself."""
    path = tmp_path_factory.mktemp("valid") / "board.json"
    with Store(path) as store:
        store.add(make_application())
        store.add(
            make_application(
                company="Birch Labs",
                stage=Stage.THANKED,
                interviewers=(Interviewer(name="Ana Choi"),),
                drafts={"thank_you:0": "Dear Ana"},
            )
        )
        store.save_profile(Profile(name="Robin", follow_up_days=5))
    return path.read_bytes()


PYTHON_WORDS = re.compile(r"[A-Z][a-z]+Error\b|NoneType|\bdict\b|object has no attribute")
"""What a message for the user must not contain: the program's insides, not the file's."""


def open_or_refuse(folder: Path, raw: bytes, *, read_only: bool = False) -> str:
    """Put ``raw`` in a fresh folder and open it; 'opened' or the StoreError's class name.

    Any exception that is not a StoreError escapes and fails the test.
    """
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    path = folder / "board.json"
    path.write_bytes(raw)
    try:
        store = Store(path, read_only=read_only)
    except StoreError as error:
        assert path.read_bytes() == raw, "a refused file was changed"
        leftovers = {p.name for p in folder.iterdir()} - {"board.json", "board.json.lock"}
        assert not leftovers, f"refusing left files behind: {leftovers}"
        assert str(path) in str(error) and "\n" not in str(error)
        assert not PYTHON_WORDS.search(str(error).replace(str(path), "")), str(error)
        return type(error).__name__
    with store:
        cards = store.applications()
        store.profile()
        if not read_only:
            # What opened must be a working board: a change is saved and reads back.
            store.add(make_application(company="After"))
    if not read_only:
        with Store(path) as reopened:
            assert len(reopened.applications()) == len(cards) + 1
    return "opened"


def test_every_truncation(valid_board: bytes, tmp_path: Path) -> None:
    outcomes = Counter(
        open_or_refuse(tmp_path / "case", valid_board[:length])
        for length in range(len(valid_board))
    )
    # Only the empty file (a new board) and the copy without its final newline open.
    assert outcomes["opened"] == 2, outcomes
    assert outcomes["CorruptFileError"] == len(valid_board) - 2


def test_random_byte_flips(valid_board: bytes, tmp_path: Path) -> None:
    rng = random.Random(1125)
    outcomes: Counter[str] = Counter()
    for _ in range(1000):
        damaged = bytearray(valid_board)
        position = rng.randrange(len(damaged))
        if rng.random() < 0.5:
            damaged[position] ^= 1 << rng.randrange(8)
        else:
            damaged[position] = rng.choice([b for b in range(256) if b != damaged[position]])
        outcomes[open_or_refuse(tmp_path / "case", bytes(damaged))] += 1
    # Both kinds must occur, or the test is not exercising what it claims to.
    assert outcomes["opened"] > 50 and outcomes["CorruptFileError"] > 50, outcomes


def test_nul_bytes(valid_board: bytes, tmp_path: Path) -> None:
    rng = random.Random(7)
    samples = [b"\0", b"\0" * 4096, valid_board + b"\0", b"\0" + valid_board]
    for _ in range(100):
        position = rng.randrange(len(valid_board))
        samples.append(valid_board[:position] + b"\0" + valid_board[position:])
        samples.append(valid_board[:position] + b"\0" * 16 + valid_board[position + 16 :])
    for raw in samples:
        assert open_or_refuse(tmp_path / "case", raw) == "CorruptFileError"


CARD = {"company": "Acme", "role": "Analyst", "interviewed_at": "2026-03-10T14:00:00+00:00"}
META = {"1": {"schema_version": SCHEMA_VERSION, "profile": {}}}
WRONG_SHAPES: list[object] = [
    None,
    1,
    "board",
    [],
    [CARD],
    {"applications": None},
    {"applications": [CARD], "meta": META},
    {"applications": {"1": None}, "meta": META},
    {"applications": {"1": [CARD]}, "meta": META},
    {"applications": {"0": CARD}, "meta": META},
    {"applications": {"-1": CARD}, "meta": META},
    {"applications": {"01": CARD}, "meta": META},
    {"applications": {"1": {**CARD, "company": 5}}, "meta": META},
    {"applications": {"1": {**CARD, "interviewed_at": "yesterday"}}, "meta": META},
    {"applications": {"1": {**CARD, "interviewed_at": "0001-01-01T00:00:00+05:00"}}, "meta": META},
    {"applications": {"1": {**CARD, "stage": "won"}}, "meta": META},
    {"applications": {"1": {**CARD, "round": "first"}}, "meta": META},
    {"applications": {"1": {**CARD, "interviewers": 3}}, "meta": META},
    {"applications": {"1": {**CARD, "history": "none"}}, "meta": META},
    {"applications": {"1": {**CARD, "history": [{"kind": "moved"}]}}, "meta": META},
    {"applications": {"1": {**CARD, "history": [{"at": "x", "details": [1]}]}}, "meta": META},
    {"applications": {"1": {**CARD, "drafts": ["x"]}}, "meta": META},
    {"applications": {"1": {**CARD, "decision_by": "soon"}}, "meta": META},
    {"applications": {"1": {**CARD, "connected_via": 5}}, "meta": META},
    {"applications": {}, "meta": []},
    {"applications": {}, "meta": {"1": []}},
    {"applications": {}, "meta": {"x": {"schema_version": 1}}},
    {"applications": {}, "meta": {"1": {"schema_version": None}}},
    {"applications": {}, "meta": {"1": {"schema_version": True}}},
    {"applications": {}, "meta": {"1": {"schema_version": -1}}},
    {"applications": {}, "meta": {"1": {"schema_version": 1.5}}},
    {"applications": {}, "meta": {"1": {"schema_version": 1, "profile": "Robin"}}},
    {"applications": {}, "meta": META, "_default": []},
]


@pytest.mark.parametrize("read_only", [False, True])
def test_wrong_shapes(tmp_path: Path, read_only: bool) -> None:
    for index, data in enumerate(WRONG_SHAPES):
        raw = orjson.dumps(data)
        outcome = open_or_refuse(tmp_path / "case", raw, read_only=read_only)
        assert outcome == "CorruptFileError", (index, data)


def test_pathological_json(tmp_path: Path) -> None:
    samples = [
        b"[" * 100_000,
        b'{"applications": ' * 50_000,
        b'{"applications": {"1": {"round": 1e400}}}',
        b'{"applications": {"1": {"round": 123456789012345678901234567890}}}',
        b'{"applications": {}, "meta": {"1": {"schema_version": 1}}} trailing',
        b"\xef\xbb\xbf{}",
        b"\xff\xfe{\x00}\x00",
        '{"applications": {"1": {"company": "\ud800"}}}'.encode("utf-8", "surrogatepass"),
    ]
    for raw in samples:
        assert open_or_refuse(tmp_path / "case", raw) == "CorruptFileError", raw[:40]


@pytest.mark.parametrize("version", [SCHEMA_VERSION + 1, 99, 10**15])
def test_newer_schema(tmp_path: Path, version: int) -> None:
    data = {"applications": {"1": {"anything": "goes"}}, "meta": {"1": {"schema_version": version}}}
    assert open_or_refuse(tmp_path / "case", orjson.dumps(data)) == NewerSchemaError.__name__
