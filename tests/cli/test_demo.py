"""The shipped demo board, its date-shifted copy, and the generated test boards."""

from __future__ import annotations

import json
import stat
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.boards import make_application, write_board
from tui import paths
from tui.demo import DemoError, prepare_demo
from tui.model import Application, Outcome, Stage
from tui.model_docs import application_from_doc

ANCHOR = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _cards(board: dict[str, Any]) -> dict[int, Application]:
    return {
        int(key): application_from_doc(doc, int(key)) for key, doc in board["applications"].items()
    }


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(scope="module")
def demo_board() -> dict[str, Any]:
    return _load(paths.demo_board_file())


def _by_company(cards: dict[int, Application], company: str) -> Application:
    return next(card for card in cards.values() if card.company == company)


def test_every_demo_card_loads_with_the_model(demo_board: dict[str, Any]) -> None:
    cards = _cards(demo_board)
    assert len(cards) >= 12
    assert {card.stage for card in cards.values()} == set(Stage)
    for card in cards.values():
        assert card.interviewers and card.key_points and card.history
        assert card.interviewed_at.tzinfo is not None


def test_demo_meta_has_profile_schema_and_anchor(demo_board: dict[str, Any]) -> None:
    meta = demo_board["meta"]["1"]
    assert meta["schema_version"] == 1
    assert meta["profile"]["name"] == "Alex Morgan"
    assert meta["profile"]["timezone"] == ""
    assert datetime.fromisoformat(meta["demo_anchor"]) == ANCHOR


def test_demo_histories_end_in_the_cards_stage(demo_board: dict[str, Any]) -> None:
    for card in _cards(demo_board).values():
        moves = [event for event in card.history if event.kind.value == "moved"]
        last_stage = moves[-1].details["to"] if moves else Stage.INTERVIEWED.value
        assert last_stage == card.stage.value, card.company
        assert [event.at for event in card.history] == sorted(event.at for event in card.history)
        assert card.history[-1].at <= ANCHOR


def test_demo_timing_is_interesting_around_the_anchor(demo_board: dict[str, Any]) -> None:
    cards = list(_cards(demo_board).values())
    hours_since = sorted(
        (ANCHOR - card.interviewed_at) / timedelta(hours=1)
        for card in cards
        if card.stage is Stage.INTERVIEWED
    )
    assert any(18 <= hours <= 20 for hours in hours_since)  # thank-you due in about 5 hours
    assert any(hours > 24 for hours in hours_since)  # thank-you overdue
    check_ins = {card.follow_up_on for card in cards if card.stage is Stage.AWAITING_DECISION}
    assert {ANCHOR.date(), ANCHOR.date() + timedelta(days=3)} <= check_ins
    outcomes = {card.outcome for card in cards if card.stage is Stage.OUTCOME}
    assert {Outcome.OFFER, Outcome.REJECTED} <= outcomes
    assert all(card.connected_via for card in cards if card.stage is Stage.NETWORKED)


def test_prepare_demo_shifts_dates_to_now(tmp_path: Path, demo_board: dict[str, Any]) -> None:
    now = ANCHOR + timedelta(days=40, hours=5)
    target = prepare_demo(tmp_path / "demo", now=now)
    assert target == tmp_path / "demo" / "board.json"
    shifted = _load(target)
    assert "demo_anchor" not in shifted["meta"]["1"]
    assert shifted["meta"]["1"]["profile"] == demo_board["meta"]["1"]["profile"]
    before, after = _cards(demo_board), _cards(shifted)
    assert before.keys() == after.keys()
    days = timedelta(days=40)
    for key, original in before.items():
        moved = after[key]
        assert moved.interviewed_at == original.interviewed_at + days
        assert [e.at for e in moved.history] == [e.at + days for e in original.history]
        for name in ("decision_by", "follow_up_on"):
            value: date | None = getattr(original, name)
            assert getattr(moved, name) == (value + days if value else None)
        assert (moved.company, moved.notes, moved.stage) == (
            original.company,
            original.notes,
            original.stage,
        )
    # The card due for a check-in "today" at the anchor is due on the new today.
    assert now.date() in {card.follow_up_on for card in after.values()}


def test_prepare_demo_leaves_source_alone_and_is_private(tmp_path: Path) -> None:
    source = tmp_path / "source.json"
    source.write_bytes(paths.demo_board_file().read_bytes())
    original = source.read_bytes()
    target = prepare_demo(tmp_path / "out", now=ANCHOR - timedelta(days=3), source=source)
    assert source.read_bytes() == original
    assert _mode(target) == 0o600
    shifted, original_cards = _cards(_load(target)), _cards(_load(source))
    assert shifted[1].interviewed_at == original_cards[1].interviewed_at - timedelta(days=3)


def test_prepare_demo_on_the_anchor_day_changes_no_dates(tmp_path: Path) -> None:
    target = prepare_demo(tmp_path, now=ANCHOR.replace(hour=23))
    shifted = _load(target)
    original = _load(paths.demo_board_file())
    assert shifted["applications"] == original["applications"]


def test_prepare_demo_makes_an_existing_file_private(tmp_path: Path) -> None:
    (tmp_path / "board.json").write_text("old")
    (tmp_path / "board.json").chmod(0o644)
    target = prepare_demo(tmp_path, now=ANCHOR)
    assert _mode(target) == 0o600
    assert "applications" in _load(target)


def test_prepare_demo_reports_a_broken_source_plainly(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(DemoError, match="not valid JSON"):
        prepare_demo(tmp_path / "out", source=broken)
    with pytest.raises(DemoError, match="Could not read"):
        prepare_demo(tmp_path / "out", source=tmp_path / "missing.json")


def test_write_board_600_cards_all_load(tmp_path: Path) -> None:
    now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    path = write_board(tmp_path / "board.json", 600, seed=7, now=now)
    assert _mode(path) == 0o600
    board = _load(path)
    assert board["meta"]["1"]["schema_version"] == 1
    cards = _cards(board)
    assert sorted(cards) == list(range(1, 601))
    assert {card.stage for card in cards.values()} == set(Stage)
    for card in cards.values():
        assert len(card.interviewers) == 3 and len(card.history) == 8
        assert now - timedelta(days=60) <= card.interviewed_at <= now
        assert all(event.at <= now for event in card.history)


def test_write_board_is_reproducible_and_handles_empty(tmp_path: Path) -> None:
    now = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    first = write_board(tmp_path / "a.json", 20, seed=3, now=now).read_bytes()
    second = write_board(tmp_path / "b.json", 20, seed=3, now=now).read_bytes()
    assert first == second
    assert _load(write_board(tmp_path / "empty.json", 0))["applications"] == {}


def test_make_application_is_filled_and_overridable() -> None:
    card = make_application(company="Globex", stage=Stage.THANKED)
    assert (card.company, card.role, card.stage) == ("Globex", "Data Analyst", Stage.THANKED)
    assert card.main_interviewer is not None and card.main_interviewer.name == "Jordan Lee"
    assert card.interviewed_at.utcoffset() == timedelta(0)
    assert make_application().company == "Acme Analytics"
