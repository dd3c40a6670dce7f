"""Reading stored documents into model objects: the fast constructors and the readers."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from tui import model_docs
from tui.model import (
    Application,
    Event,
    EventKind,
    Interviewer,
    InterviewFormat,
    Outcome,
    Stage,
)
from tui.model_docs import (
    DocumentError,
    _build_application,
    _build_event,
    _build_interviewer,
    application_from_doc,
    application_to_doc,
    event_from_doc,
    event_to_doc,
)

AT = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)


def every_field_different() -> Application:
    """A card whose fields all hold different, non-default values (a swap cannot go unseen)."""
    return Application(
        company="Acme Analytics",
        role="Data Analyst",
        interviewed_at=AT,
        stage=Stage.NETWORKED,
        interviewers=(
            Interviewer(
                "Jordan Lee",
                "Manager",
                "j@acme.example",
                "https://li/j",
                "@jl",
                greeting="first",
                audience="substance",
                talked_about="the churn dashboard; dbt",
                rounds=(1, 2),
            ),
            Interviewer("Sam Patel", "Scientist", "s@acme.example", "https://li/s", "@sp"),
        ),
        round=3,
        format=InterviewFormat.ONSITE,
        key_points="the roadmap",
        decision_by=date(2026, 3, 20),
        follow_up_on=date(2026, 3, 24),
        outcome=Outcome.OFFER,
        feedback="Strong on SQL",
        posting_url="https://jobs.example/1",
        notes="Ask about the budget",
        connected_via=("LinkedIn", "Twitter/X"),
        history=(
            Event(AT, EventKind.CREATED, "Added to the board"),
            Event(
                AT + timedelta(days=1),
                EventKind.MOVED,
                "Moved from Interviewed to Thanked",
                {"from": "interviewed", "to": "thanked"},
            ),
        ),
        drafts={"thank_you:0": "Dear Jordan"},
        doc_id=42,
    )


def test_the_test_card_really_has_every_field_different() -> None:
    card = every_field_different()
    values = [repr(getattr(card, item.name)) for item in dataclasses.fields(card)]
    assert len(set(values)) == len(values)
    defaults = Application(company="", role="", interviewed_at=AT)
    for item in dataclasses.fields(card):
        if item.name not in ("interviewed_at",):
            assert getattr(card, item.name) != getattr(defaults, item.name), item.name


def test_a_card_reads_back_field_for_field() -> None:
    card = every_field_different()
    read = application_from_doc(application_to_doc(card), card.doc_id)
    assert read == card
    for item in dataclasses.fields(card):
        assert getattr(read, item.name) == getattr(card, item.name), item.name


def test_an_event_and_an_interviewer_read_back() -> None:
    card = every_field_different()
    for event in card.history:
        assert event_from_doc(event_to_doc(event)) == event
    for person in card.interviewers:
        assert model_docs.interviewer_from_doc(person.to_dict()) == person


@pytest.mark.parametrize(
    ("build", "cls", "values"),
    [
        (
            _build_interviewer,
            Interviewer,
            ("Jordan Lee", "Manager", "j@x", "li", "@jl", "formal", "process", "dbt", (1, 2)),
        ),
        (_build_event, Event, (AT, EventKind.EDITED, "Edited notes", {"fields": "notes"})),
        (
            _build_application,
            Application,
            tuple(
                getattr(every_field_different(), item.name)
                for item in dataclasses.fields(Application)
            ),
        ),
    ],
)
def test_the_fast_constructors_make_the_same_objects_as_the_classes(
    build: object, cls: type, values: tuple[object, ...]
) -> None:
    built = build(*values)  # type: ignore[operator]
    made = cls(*values)
    assert type(built) is cls
    assert built == made
    assert repr(built) == repr(made)
    assert dataclasses.astuple(built) == dataclasses.astuple(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(built, dataclasses.fields(cls)[0].name, "changed")
    assert not hasattr(built, "__dict__")
    assert dataclasses.replace(built) == made
    if cls is Interviewer:
        assert hash(built) == hash(made)


def test_the_fast_constructors_take_every_field() -> None:
    with pytest.raises(TypeError):
        _build_event(AT, EventKind.EDITED, "Edited notes")  # type: ignore[call-arg]


def test_a_time_with_another_offset_or_none_is_read_as_utc() -> None:
    document = {"at": "2026-03-10T16:00:00+02:00", "kind": "moved", "summary": "Moved"}
    assert event_from_doc(document).at == AT
    assert event_from_doc(document).at.tzinfo is UTC
    assert event_from_doc({**document, "at": "2026-03-10T14:00:00"}).at == AT
    assert event_from_doc({**document, "at": "2026-03-10T14:00:00Z"}).at.tzinfo is UTC
    east = datetime(2026, 3, 10, 16, 0, tzinfo=timezone(timedelta(hours=2)))
    assert (
        application_from_doc(
            {"company": "A", "role": "B", "interviewed_at": east.isoformat()}
        ).interviewed_at
        == AT
    )


def test_the_first_problem_of_a_card_is_the_one_reported() -> None:
    good = application_to_doc(every_field_different())
    broken = {**good, "stage": "nowhere", "interviewed_at": "someday", "round": "x"}
    with pytest.raises(DocumentError, match="'nowhere' is not a valid Stage"):
        application_from_doc(broken, 7)
    with pytest.raises(DocumentError, match=r"card 7: ValueError: Invalid isoformat string"):
        application_from_doc({**broken, "stage": "thanked"}, 7)
    with pytest.raises(DocumentError, match=r"card 7: ValueError: invalid literal for int"):
        application_from_doc(
            {**broken, "stage": "thanked", "interviewed_at": good["interviewed_at"]}, 7
        )


def test_odd_but_readable_values_are_converted_as_before() -> None:
    document = {
        "company": "A",
        "role": "B",
        "interviewed_at": "2026-03-10T14:00:00+00:00",
        "interviewers": ["Bare Name", {"name": 7, "title": None, "email": 0, "twitter": 5}],
        "round": "2",
        "format": "in person",
        "key_points": 12,
        "notes": None,
        "connected_via": ["LinkedIn", 3],
        "history": [{"at": "2026-03-10T14:00:00+00:00", "kind": "renamed", "summary": 9}],
        "drafts": {"k": 1},
    }
    card = application_from_doc(document)
    assert card.interviewers == (
        Interviewer(name="Bare Name"),
        Interviewer(name="7", twitter="5"),
    )
    assert (card.round, card.format, card.key_points, card.notes) == (
        2,
        InterviewFormat.ONSITE,
        "12",
        "",
    )
    assert card.connected_via == ("LinkedIn", "3")
    assert card.history == (Event(AT, EventKind.EDITED, "9", {}),)
    assert card.drafts == {"k": "1"}
