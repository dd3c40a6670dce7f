"""Spreadsheets as people keep them: US dates decided per column, status words of their own,
trailing empty rows; through plan_import and the real command line."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import cards_in, run
from tui.exchange.csv_import import decode_csv, plan_import
from tui.model import Outcome, Stage

SHEETS = Path(__file__).parent.parent / "data" / "sheets"
NOW = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def sheet(name: str) -> str:
    return decode_csv((SHEETS / name).read_bytes())


def test_the_column_proves_month_first() -> None:
    plan = plan_import(sheet("us-excel.csv"), [], tz="UTC", now=NOW)
    assert plan.date_orders == {"Interview Date": "mdy"}
    assert plan.skipped == []  # 12/7/2026 and 01/12/2027 are no longer 'ambiguous'
    when = {item.card.company: item.card.interviewed_at for item in plan.to_add}
    assert when["Acme Corp"] == datetime(2026, 12, 30, 10, 0, tzinfo=UTC)
    assert when["Globex"] == datetime(2027, 1, 4, 14, 30, tzinfo=UTC)
    assert when["Initech"].date() == date(2026, 12, 7)
    assert when["Hooli"].date() == date(2027, 1, 12)


def test_common_status_words_are_mapped_and_unknown_ones_reported_once() -> None:
    plan = plan_import(sheet("us-excel.csv"), [], tz="UTC", now=NOW)
    stages = {item.card.company: (item.card.stage, item.card.outcome) for item in plan.to_add}
    assert stages["Acme Corp"] == (Stage.INTERVIEWED, Outcome.PENDING)
    assert stages["Globex"] == (Stage.INTERVIEWED, Outcome.PENDING)
    assert stages["Initech"] == (Stage.INTERVIEWED, Outcome.PENDING)
    assert stages["Hooli"] == (Stage.OUTCOME, Outcome.OFFER)
    # Beside 'Rejected' in the same column, 'Declined' is the user's own no.
    assert stages["Umbrella"] == (Stage.OUTCOME, Outcome.WITHDRAWN)
    assert stages["Vandelay"] == (Stage.OUTCOME, Outcome.REJECTED)
    assert plan.unknown_stages == {"Ghosting me?": [8, 9], "Hired!!": [10]}


def test_declined_alone_is_still_asked() -> None:
    text = "company,role,date,status\nAcme,Engineer,2026-03-01,Declined\n"
    plan = plan_import(text, [], tz="UTC", now=NOW)
    assert "could mean they turned you down" in plan.skipped[0].reason


def test_trailing_empty_rows_are_not_rows() -> None:
    plan = plan_import(sheet("us-excel.csv"), [], tz="UTC", now=NOW)
    assert all(skipped.reason != "empty row" for skipped in plan.skipped)


def test_a_wholly_ambiguous_column_is_asked_once_and_answered_by_date_order() -> None:
    plan = plan_import(sheet("ambiguous.csv"), [], tz="UTC", now=NOW)
    assert plan.ambiguous_dates == ["Date"] and plan.to_add == []
    us = plan_import(sheet("ambiguous.csv"), [], tz="UTC", now=NOW, date_order="mdy")
    assert [item.card.interviewed_at.date() for item in us.to_add] == [
        date(2026, 5, 6),
        date(2026, 7, 8),
    ]
    eu = plan_import(sheet("ambiguous.csv"), [], tz="UTC", now=NOW, date_order="dmy")
    assert [item.card.interviewed_at.date() for item in eu.to_add] == [
        date(2026, 6, 5),
        date(2026, 8, 7),
    ]


def test_a_column_that_contradicts_itself_reads_each_value_alone() -> None:
    text = "company,role,date\nA,R,24/11/2026\nB,R,11/20/2026\nC,R,05/06/2026\n"
    plan = plan_import(text, [], tz="UTC", now=NOW)
    assert plan.date_orders == {}
    assert [item.row for item in plan.to_add] == [2, 3]
    assert [skipped.row for skipped in plan.skipped] == [4]


def test_cli_reports_the_sheet_once(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "board.json"
    code, out, _ = run(capsys, "import", "--db", str(db), "--yes", str(SHEETS / "us-excel.csv"))
    assert code == 0
    lines = out.splitlines()
    assert "Skipped rows" not in out
    assert (
        "Unknown stage words, 3 rows left out: 'Ghosting me?' (rows 8, 9); 'Hired!!' (row 10)"
        in lines
    )
    assert "Dates in 'Interview Date' read month first (US)." in lines
    assert len(cards_in(db)) == 6


def test_cli_dates_option_answers_an_ambiguous_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "board.json"
    code, out, _ = run(capsys, "import", "--db", str(db), "--yes", str(SHEETS / "ambiguous.csv"))
    assert code == 2 and "run again with --dates mdy (month first) or --dates dmy" in out
    assert cards_in(db) == []
    code, out, _ = run(
        capsys, "import", "--db", str(db), "--yes", "--dates", "dmy", str(SHEETS / "ambiguous.csv")
    )
    assert code == 0
    assert [c.interviewed_at.date() for c in cards_in(db)] == [date(2026, 6, 5), date(2026, 8, 7)]
