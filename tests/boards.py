"""Test support: realistic cards and whole board files, built through the real model.

Used by the benchmark (boards of 0, 60, 600 and 6,000 cards) and by UI and store tests.
Every document is made with ``model_docs.application_to_doc`` so it always has the stored shape.
"""

from __future__ import annotations

import os
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

import orjson

from tui.model import (
    Application,
    Event,
    EventKind,
    Interviewer,
    InterviewFormat,
    Outcome,
    Profile,
    Stage,
)
from tui.model_docs import application_to_doc

SCHEMA_VERSION = 1

_COMPANY_FIRST = (
    "Amber", "Birch", "Cobalt", "Delta", "Ember", "Foxglove", "Granite", "Harbor", "Iris",
    "Juniper", "Kelp", "Lark", "Maple", "Nimbus", "Opal", "Pebble", "Quill", "Raven",
)  # fmt: skip
_COMPANY_SECOND = (
    "Analytics", "Labs", "Health", "Logistics", "Studios", "Systems", "Foods", "Robotics",
    "Insurance", "Media", "Energy", "Outfitters", "Software", "Partners",
)  # fmt: skip
_ROLES = (
    "Backend Engineer", "Product Designer", "Data Analyst", "Nurse Manager", "Marketing Lead",
    "Site Reliability Engineer", "Product Manager", "Financial Analyst", "UX Researcher",
    "Customer Success Manager", "Supply Chain Planner", "Frontend Engineer",
)  # fmt: skip
_FIRST_NAMES = (
    "Ana", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Imani", "Jonas", "Kira",
    "Liam", "Maya", "Noor", "Omar", "Priya", "Quinn", "Rosa", "Sam", "Tariq",
)  # fmt: skip
_LAST_NAMES = (
    "Alvarez", "Brennan", "Choi", "Dubois", "Eriksen", "Fofana", "Gupta", "Hartmann", "Ibarra",
    "Jensen", "Kowalski", "Lindgren", "Mensah", "Novak", "Okoro", "Petrov", "Quist", "Rossi",
)  # fmt: skip
_TITLES = (
    "Engineering Manager", "Recruiter", "Head of Design", "Staff Engineer", "Team Lead",
    "Director of Nursing", "VP Marketing", "Analytics Lead", "Product Director",
)  # fmt: skip
_TOPICS = (
    "the migration off the legacy billing system", "how the team runs its on-call rota",
    "onboarding for new customers", "next quarter's hiring plan", "a take-home exercise",
    "how success is measured in the first ninety days", "the move to a four-day week",
)  # fmt: skip
_NOTE_SENTENCES = (
    "The recruiter said the salary band is flexible for the right person.",
    "Hybrid role with two office days a week, which suits me.",
    "They mentioned a final round with the department head if this goes well.",
    "Remember to ask about the learning budget and conference travel.",
    "The team is small, so the role covers more ground than the posting suggests.",
    "Parking is free on site; the office is twenty minutes by train.",
    "They use a shared interview scorecard and promised feedback either way.",
)


def _person(rng: random.Random, index: int) -> Interviewer:
    """A made-up interviewer with a title and, sometimes, contact details."""
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    handle = f"{first}.{last}".lower()
    return Interviewer(
        name=f"{first} {last}",
        title=rng.choice(_TITLES),
        email=f"{handle}@example.com" if index == 0 or rng.random() < 0.5 else "",
        linkedin=f"https://www.linkedin.com/in/{handle.replace('.', '-')}"
        if rng.random() < 0.6
        else "",
        twitter=f"@{first.lower()}{last.lower()[:3]}" if rng.random() < 0.3 else "",
    )


def _history(
    rng: random.Random, stage: Stage, created_at: datetime, now: datetime, to: str
) -> tuple[Event, ...]:
    """Eight events from creation onwards, ending with the moves that reach ``stage``."""
    stages = list(Stage)
    moves = [
        Event(
            created_at,
            EventKind.MOVED,
            f"Moved from {source.label} to {target.label}",
            {"from": source.value, "to": target.value},
        )
        for source, target in pairwise(stages[: stages.index(stage) + 1])
    ]
    thanks = Event(
        created_at,
        EventKind.MESSAGE_SENT,
        f"Thank-you note sent to {to}",
        {"message": "thank_you", "to": to},
    )
    events = [
        Event(created_at, EventKind.CREATED, "Added to the board"),
        *([thanks] if moves else []),
        *moves,
    ]
    while len(events) < 8:
        events.append(Event(created_at, EventKind.EDITED, "Edited notes", {"fields": "notes"}))
    events = events[:8]
    # Spread the events between creation and now, in order, so the history reads forwards.
    span = max((now - created_at).total_seconds(), 8.0)
    offsets = sorted(rng.uniform(0, span) for _ in events[1:])
    times = [created_at, *(created_at + timedelta(seconds=int(s)) for s in offsets)]
    return tuple(replace(event, at=moment) for event, moment in zip(events, times, strict=True))


def realistic_card_doc(i: int, rng: random.Random, now: datetime) -> dict[str, Any]:
    """A stored card document: 3 interviewers, a paragraph of notes, 8 history events."""
    stage = rng.choice(list(Stage))
    interviewed_at = (now - timedelta(days=rng.uniform(0.2, 60))).replace(microsecond=0)
    interviewers = tuple(_person(rng, index) for index in range(3))
    outcome = Outcome.PENDING
    if stage in (Stage.OUTCOME, Stage.NETWORKED):
        outcome = rng.choice([o for o in Outcome if o is not Outcome.PENDING])
    today = now.date()
    decision_by: date | None = None
    if rng.random() < 0.5:
        decision_by = (interviewed_at + timedelta(days=rng.randint(3, 21))).date()
    follow_up_on = today + timedelta(days=rng.randint(-5, 10)) if rng.random() < 0.4 else None
    card = Application(
        company=f"{rng.choice(_COMPANY_FIRST)} {rng.choice(_COMPANY_SECOND)} #{i}",
        role=rng.choice(_ROLES),
        stage=stage,
        interviewers=interviewers,
        interviewed_at=interviewed_at,
        round=rng.randint(1, 3),
        format=rng.choice(list(InterviewFormat)),
        key_points=f"{rng.choice(_TOPICS)} and {rng.choice(_TOPICS)}",
        decision_by=decision_by,
        follow_up_on=follow_up_on,
        outcome=outcome,
        feedback="They chose a candidate with more domain experience."
        if outcome is Outcome.REJECTED
        else "",
        posting_url=f"https://jobs.example.com/postings/{i}",
        notes=" ".join(rng.sample(_NOTE_SENTENCES, 4)),
        connected_via=("LinkedIn",) if stage is Stage.NETWORKED else (),
        history=_history(rng, stage, interviewed_at, now, interviewers[0].name),
    )
    return application_to_doc(card)


def write_board(path: Path, n: int, *, seed: int = 0, now: datetime | None = None) -> Path:
    """Write a valid TinyDB board file of ``n`` random cards (mode 0600) and return its path."""
    moment = now if now is not None else datetime.now(UTC)
    rng = random.Random(seed)
    board = {
        "applications": {str(i): realistic_card_doc(i, rng, moment) for i in range(1, n + 1)},
        "meta": {
            "1": {
                "schema_version": SCHEMA_VERSION,
                "profile": Profile(name="Test User", email="test.user@example.com").to_dict(),
            }
        },
    }
    return _write_private(path, board)


def write_raw_board(path: Path, cards: list[Application], profile: Profile) -> Path:
    """Write cards and a profile straight to the file, as a hand edit or a sync tool would:
    no Store on the way, so nothing is cleaned or checked."""
    board = {
        "applications": {
            str(doc_id): application_to_doc(card) for doc_id, card in enumerate(cards, start=1)
        },
        "meta": {"1": {"schema_version": SCHEMA_VERSION, "profile": profile.to_dict()}},
    }
    return _write_private(path, board)


def _write_private(path: Path, board: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(orjson.dumps(board))
    os.chmod(path, 0o600)
    return path


def make_application(**overrides: Any) -> Application:
    """A fully filled card for tests; keyword arguments replace any field."""
    interviewed_at = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    card = Application(
        company="Acme Analytics",
        role="Data Analyst",
        stage=Stage.INTERVIEWED,
        interviewers=(
            Interviewer(
                name="Jordan Lee",
                title="Analytics Manager",
                email="jordan.lee@acme-analytics.example",
                linkedin="https://www.linkedin.com/in/jordan-lee-analytics",
                twitter="@jordanlee",
            ),
            Interviewer(name="Sam Patel", title="Senior Data Scientist"),
        ),
        interviewed_at=interviewed_at,
        round=1,
        format=InterviewFormat.VIDEO,
        key_points="the churn dashboard and moving the weekly reports to dbt",
        decision_by=date(2026, 3, 20),
        follow_up_on=date(2026, 3, 23),
        posting_url="https://jobs.example.com/acme/data-analyst",
        notes="Recruiter: Casey. Hybrid, three days in the office.",
        history=(
            Event(
                at=interviewed_at + timedelta(hours=1),
                kind=EventKind.CREATED,
                summary="Added to the board",
            ),
        ),
    )
    return replace(card, **overrides)
