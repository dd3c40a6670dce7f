"""Stored times across daylight-saving changes, and times written without an offset.

Wall times typed in a zone are read by ``dates.parse_datetime``: one skipped by a
spring-forward change moves later by the size of the gap, one repeated by a fall-back change
is its first occurrence unless an offset says otherwise. Either way the Store keeps the UTC
instant, and ``dates.to_local`` shows the same wall time after the board is reopened.

A time in the file without an offset is UTC (README: "A time written without an offset is
read as UTC"), whatever the system's zone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest

from tui import dates
from tui.model import Application, Event, EventKind
from tui.model_docs import application_to_doc
from tui.store import Store


@dataclass(frozen=True)
class WallTime:
    """A local time typed by the user, and where it must land."""

    zone: str
    typed: str
    utc: datetime
    """The instant it must be stored as."""
    shown: str
    """The wall time to_local must show, with its offset: '2026-03-08 03:30 -0400'."""


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


DST_CASES = [
    # New York springs forward at 02:00 on 8 March 2026: 02:30 does not exist.
    WallTime("America/New_York", "2026-03-08 02:30", _utc("2026-03-08 07:30"), "03:30 -0400"),
    # and falls back at 02:00 on 1 November: 01:30 happens at -04:00, then again at -05:00.
    WallTime("America/New_York", "2026-11-01 01:30", _utc("2026-11-01 05:30"), "01:30 -0400"),
    WallTime("America/New_York", "2026-11-01 01:30-05:00", _utc("2026-11-01 06:30"), "01:30 -0500"),
    # Paris springs forward at 02:00 on 29 March 2026 and falls back at 03:00 on 25 October.
    WallTime("Europe/Paris", "2026-03-29 02:30", _utc("2026-03-29 01:30"), "03:30 +0200"),
    WallTime("Europe/Paris", "2026-10-25 02:30", _utc("2026-10-25 00:30"), "02:30 +0200"),
    WallTime("Europe/Paris", "2026-10-25 02:30+01:00", _utc("2026-10-25 01:30"), "02:30 +0100"),
]


@pytest.fixture
def system_zone() -> Iterator[Callable[[str], None]]:
    """Set the process's zone (TZ plus tzset, so the C library follows too); restored after."""
    with pytest.MonkeyPatch.context() as patch:

        def set_zone(name: str) -> None:
            patch.setenv("TZ", name)
            time.tzset()

        try:
            yield set_zone
        finally:
            patch.undo()
            time.tzset()


def _shown(moment: datetime, zone: str = "") -> str:
    return f"{dates.to_local(moment, zone):%H:%M %z}"


def _card(moment: datetime) -> Application:
    event = Event(moment, EventKind.CREATED, "Added: Interviewed", {"stage": "interviewed"})
    return Application("Acme", "Analyst", moment, history=(event,))


@pytest.mark.parametrize("case", DST_CASES, ids=lambda case: f"{case.zone}-{case.typed}")
def test_wall_times_round_trip_through_the_file(
    case: WallTime, tmp_path: Path, system_zone: Callable[[str], None]
) -> None:
    """The typed wall time is stored as its UTC instant and shown the same after reopening."""
    # A system zone on the other side of the world: the card's zone is the profile's.
    system_zone("Asia/Tokyo")
    moment = dates.parse_datetime(case.typed, case.zone)
    assert moment == case.utc
    path = tmp_path / "board.json"
    with Store(path) as store:
        doc_id = store.add(_card(moment)).doc_id
    assert doc_id is not None
    stored = orjson.loads(path.read_bytes())["applications"][str(doc_id)]
    assert stored["interviewed_at"] == case.utc.isoformat()
    assert stored["history"][0]["at"] == case.utc.isoformat()
    with Store(path) as reopened:
        card = reopened.get(doc_id)
    for read_back in (card.interviewed_at, card.history[0].at):
        assert read_back == case.utc
        assert read_back.utcoffset() == timedelta(0)
        assert _shown(read_back, case.zone) == case.shown
        assert f"{dates.to_local(read_back, case.zone):%Y-%m-%d}" == case.typed[:10]


@pytest.mark.parametrize("case", DST_CASES, ids=lambda case: f"{case.zone}-{case.typed}")
def test_the_system_zone_gives_the_same_instants(
    case: WallTime, system_zone: Callable[[str], None]
) -> None:
    """With no zone in the profile, the system's zone (TZ) reads and shows the same times."""
    system_zone(case.zone)
    moment = dates.parse_datetime(case.typed)
    assert moment == case.utc
    assert _shown(moment) == case.shown


def test_the_two_occurrences_of_a_repeated_hour_stay_an_hour_apart(tmp_path: Path) -> None:
    """Both 01:30s of New York's fall-back night survive a save and show as 01:30."""
    zone = "America/New_York"
    first = dates.parse_datetime("2026-11-01 01:30", zone)
    second = dates.parse_datetime("2026-11-01 01:30-05:00", zone)
    path = tmp_path / "board.json"
    with Store(path) as store:
        ids = [store.add(_card(moment)).doc_id for moment in (first, second)]
    with Store(path, read_only=True) as reader:
        earlier, later = (reader.get(doc_id).interviewed_at for doc_id in ids if doc_id)
    assert later - earlier == timedelta(hours=1)
    assert [_shown(moment, zone) for moment in (earlier, later)] == ["01:30 -0400", "01:30 -0500"]


@pytest.mark.parametrize("case", [DST_CASES[2], DST_CASES[5]], ids=["new-york", "paris"])
def test_the_field_text_of_a_repeated_hour_reads_back_as_the_same_instant(
    case: WallTime,
) -> None:
    """What the edit form shows for an interview time must read back to that same time."""
    text = dates.datetime_field_text(case.utc, case.zone)
    assert dates.parse_datetime(text, case.zone) == case.utc


NAIVE_FILE_TIMES = [
    # Inside New York's spring gap and Paris's repeated hour, had they been read as local.
    ("2026-03-08T02:30:00", "2026-11-01T01:30:00"),
    ("2026-10-25T02:30:00", "2026-03-29T02:30:00"),
]


@pytest.mark.parametrize("local_zone", ["America/New_York", "Europe/Paris"])
@pytest.mark.parametrize(("interviewed_at", "event_at"), NAIVE_FILE_TIMES)
def test_a_time_without_an_offset_in_the_file_is_utc(
    local_zone: str,
    interviewed_at: str,
    event_at: str,
    tmp_path: Path,
    system_zone: Callable[[str], None],
) -> None:
    """Naive times are read as UTC, never shifted by the local zone, and saved with +00:00."""
    system_zone(local_zone)
    # The zone really is in force for the C library, which a naive-as-local reading would use.
    assert datetime(2026, 7, 1, 12).astimezone().utcoffset() != timedelta(0)
    document = application_to_doc(_card(datetime(2026, 1, 1, tzinfo=UTC)))
    document["interviewed_at"] = interviewed_at
    document["history"][0]["at"] = event_at
    board = {"applications": {"1": document}, "meta": {"1": {"schema_version": 1}}}
    path = tmp_path / "board.json"
    path.write_bytes(orjson.dumps(board))

    expected_interview = datetime.fromisoformat(interviewed_at).replace(tzinfo=UTC)
    expected_event = datetime.fromisoformat(event_at).replace(tzinfo=UTC)
    with Store(path) as store:
        card = store.get(1)
        assert card.interviewed_at == expected_interview
        assert card.history[0].at == expected_event
        assert _shown(card.interviewed_at) == _shown(expected_interview, local_zone)
        # Any save writes the whole board: the same instants, now with their offset.
        store.put(card)
    stored = orjson.loads(path.read_bytes())["applications"]["1"]
    assert stored["interviewed_at"] == expected_interview.isoformat()
    assert stored["history"][0]["at"] == expected_event.isoformat()
    with Store(path, read_only=True) as reader:
        assert reader.get(1).interviewed_at == expected_interview
        assert reader.get(1).history[0].at == expected_event
