"""Dates at the ends of the calendar (year 9999, year 1) never crash anything.

Python's dates end at 9999-12-31 and begin at 0001-01-01, so such a date overflows as soon
as the rules add a week to it or a profile zone west of UTC shifts it. The store refuses
them on the way in (every entry point goes through it) and sets a stored one aside as a
damaged card: named, kept in the file byte for byte, and the rest of the board opens.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import orjson
import pytest

from tests.boards import make_application
from tui.store import Store, StoreError

CLI = Path(sys.executable).with_name("followup-tui")


def board_with(tmp_path: Path, field: str, value: str) -> Path:
    board = tmp_path / "board.json"
    with Store(board) as store:
        store.add(make_application(company="Fine Co"))
        store.add(make_application(company="Far Future Inc"))
        store.add(make_application(company="Also Fine"))
    tables = orjson.loads(board.read_bytes())
    tables["applications"]["2"][field] = value
    tables["meta"]["1"]["profile"]["timezone"] = "America/Los_Angeles"
    board.write_bytes(orjson.dumps(tables, option=orjson.OPT_INDENT_2))
    return board


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("interviewed_at", "9999-12-31T23:00:00+00:00", "an interview time in the year 9999"),
        ("interviewed_at", "0001-01-01T00:00:00+00:00", "an interview time in the year 1"),
        ("decision_by", "9999-12-31", "a decision date in the year 9999"),
    ],
)
def test_a_stored_impossible_date_is_a_damaged_card_and_the_board_opens(
    tmp_path: Path, field: str, value: str, problem: str
) -> None:
    board = board_with(tmp_path, field, value)
    damaged = orjson.loads(board.read_bytes())["applications"]["2"]
    listed = subprocess.run(
        [str(CLI), "list", "--db", str(board)], capture_output=True, text=True, timeout=60
    )
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr
    assert f"card 2 ('Far Future Inc') has {problem}" in listed.stderr
    assert "Fine Co" in listed.stdout and "Also Fine" in listed.stdout
    for export in ("ics", "json", "csv"):
        out = tmp_path / f"exported.{export}"
        exported = subprocess.run(
            [str(CLI), "export", "--db", str(board), "--format", export, "-o", str(out)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert exported.returncode == 0, exported.stderr
    with Store(board) as store:  # a change elsewhere keeps the damaged card as it was
        assert [card.company for card in store.applications()] == ["Fine Co", "Also Fine"]
        store.put(replace(store.get(1), notes="edited"))
        added = store.add(make_application(company="New"))
        assert added.doc_id == 4
    assert orjson.loads(board.read_bytes())["applications"]["2"] == damaged


@pytest.mark.parametrize(
    "card",
    [
        make_application(interviewed_at=datetime(9999, 12, 31, 23, tzinfo=UTC)),
        make_application(interviewed_at=datetime(1, 1, 1, tzinfo=UTC)),
        make_application(decision_by=date(9999, 12, 31)),
        make_application(follow_up_on=date(1, 1, 2)),
    ],
)
def test_the_store_refuses_an_impossible_date_and_changes_nothing(
    tmp_path: Path, card: object
) -> None:
    board = tmp_path / "board.json"
    with Store(board) as store:
        store.add(make_application(company="Fine Co"))
        before = board.read_bytes()
        with pytest.raises(StoreError, match=r"dates must fall between 1900 and 2999"):
            store.add(card)  # type: ignore[arg-type]
        with pytest.raises(StoreError, match=r"nothing changed"):
            store.put(replace(card, doc_id=1))  # type: ignore[type-var]
        assert [c.company for c in store.applications()] == ["Fine Co"]
    assert board.read_bytes() == before


def test_the_cli_refuses_year_9999_with_one_line(tmp_path: Path) -> None:
    board = tmp_path / "board.json"
    result = subprocess.run(
        [str(CLI), "add", "--db", str(board), "--company", "A", "--role", "B",
         "--at", "9999-12-31T23:00:00+00:00"],
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
