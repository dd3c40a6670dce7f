"""Cards and their history entries as the JSON documents they are stored as, and back.

Board files and JSON exports hold these documents, CSV exports hold them in their history
cells. Opening a board reads every card through here, so the readers trade plainness for speed
(see ``_builder``). An interviewer writes its own document (``Interviewer.to_dict``) and
``interviewer_from_doc`` reads it. Nothing here knows about Textual, TinyDB or arrow.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from tui.model import (
    AUDIENCES,
    GREETINGS,
    Application,
    Event,
    EventKind,
    Interviewer,
    InterviewFormat,
    Outcome,
    Stage,
)

_Built = TypeVar("_Built")


class DocumentError(ValueError):
    """A stored document does not have the shape of a card."""


def _builder(cls: type[_Built]) -> Callable[..., _Built]:
    """A constructor for values the readers below have already converted and checked.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which
    was a third of the time spent reading 6,000 cards (48,000 events). This fills a plain
    class with the very same slots by ordinary attribute stores (which Python specialises),
    then makes the object a ``cls``: ``__class__`` may be assigned between classes of the
    same layout. The result is the object ``cls(...)`` makes, in a third of the time.
    It takes every field, positionally and in field order (keywords cost 0.6 us more per
    card): a field added to the class and not to its reader fails loudly, and the tests
    read back a card whose fields all differ, so a reader that swaps two fails too.
    The code is generated (as ``dataclasses`` itself does) so that no loop runs per field.
    """
    names = [item.name for item in fields(cls)]  # type: ignore[arg-type]
    draft = type(f"_{cls.__name__}Draft", (), {"__slots__": cls.__slots__})  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {"draft": draft, "cls": cls}
    lines = [f"def build({', '.join(names)}):", "    built = draft()"]
    lines += [f"    built.{name} = {name}" for name in names]
    lines += ["    built.__class__ = cls", "    return built"]
    exec("\n".join(lines), namespace)
    built: Callable[..., _Built] = namespace["build"]
    return built


_build_interviewer = _builder(Interviewer)
_build_event = _builder(Event)
_build_application = _builder(Application)


_from_iso = datetime.fromisoformat


def _utc(text: str) -> datetime:
    """Parse an ISO 8601 timestamp; one without an offset is read as UTC (documented)."""
    moment = _from_iso(text)
    # Stored times are UTC already: skip the conversion (54,000 of them at 6,000 cards).
    return moment if moment.tzinfo is UTC else _as_utc(moment)


def _as_utc(moment: datetime) -> datetime:
    """The same instant in UTC; a naive time is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("refusing to store a naive datetime")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _optional_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return date.fromisoformat(str(value)[:10])


def _text(value: Any) -> str:
    """An optional text field as stored: missing, null or empty is ''; anything else as text."""
    if type(value) is str:
        return value
    return str(value) if value else ""


# Reading 6,000 cards makes ~300,000 strings, most of them repeats: history summaries
# ("Edited notes"), details ({"from": "interviewed", "to": "thanked"}), interviewer titles.
# Sharing one object per distinct value roughly halves the memory the cards take.
_shared_text = sys.intern
"""One object per distinct short text (CPython frees interned strings nobody uses)."""

_SHARED_DETAILS: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}
"""Event details by content, so that equal details are one dict (events never change them)."""
_SHARED_DETAILS_LIMIT = 4096
"""Bounds the cache: a board with more distinct details just shares less."""

_DEFAULT_STAGE = Stage.INTERVIEWED.value
_DEFAULT_OUTCOME = Outcome.PENDING.value
_DEFAULT_FORMAT = InterviewFormat.VIDEO.value
_EVENT_KINDS: dict[str, EventKind] = {kind.value: kind for kind in EventKind}
"""Kinds by stored value: a dict lookup is 10x faster than EventKind(value) on 48,000 events."""
_STAGES: dict[str, Stage] = {stage.value: stage for stage in Stage}
_OUTCOMES: dict[str, Outcome] = {outcome.value: outcome for outcome in Outcome}
_FORMATS: dict[str, InterviewFormat] = {form.value: form for form in InterviewFormat}


def _details_from_doc(stored: Any) -> dict[str, str]:
    """Event details as text, one shared dict per distinct content."""
    if not stored:
        stored = {}
    try:
        key = tuple(stored.items())
        shared = _SHARED_DETAILS.get(key)
    except TypeError:  # an unhashable value (a hand-edited list, say): convert, do not share
        return {str(name): str(value) for name, value in stored.items()}
    if shared is not None:
        # Only all-text details are cached, and text equals only text: this is the same content.
        return shared
    if not all(type(name) is str and type(value) is str for name, value in key):
        return {str(name): str(value) for name, value in stored.items()}
    if len(_SHARED_DETAILS) >= _SHARED_DETAILS_LIMIT:
        _SHARED_DETAILS.clear()
    shared = {_shared_text(name): _shared_text(value) for name, value in key}
    _SHARED_DETAILS[key] = shared
    return shared


def event_to_doc(event: Event) -> dict[str, Any]:
    """The JSON form of a history entry."""
    return {
        "at": _iso(event.at),
        "kind": event.kind.value,
        "summary": event.summary,
        **({"details": dict(event.details)} if event.details else {}),
    }


def event_from_doc(data: dict[str, Any]) -> Event:
    """Read a history entry; unknown kinds are kept as edits so nothing is dropped."""
    stored = data.get("kind", "edited")
    kind = _EVENT_KINDS.get(stored, EventKind.EDITED) if type(stored) is str else EventKind.EDITED
    summary = data.get("summary", "")
    at = data["at"]
    moment = _from_iso(at if type(at) is str else str(at))  # _utc, inlined for 48,000 events
    return _build_event(
        moment if moment.tzinfo is UTC else _as_utc(moment),
        kind,
        _shared_text(summary if type(summary) is str else str(summary)),
        _details_from_doc(data.get("details")),
    )


def application_to_doc(card: Application) -> dict[str, Any]:
    """The JSON document stored for a card (without its id, which is the document id)."""
    return {
        "company": card.company,
        "role": card.role,
        "stage": card.stage.value,
        "interviewers": [person.to_dict() for person in card.interviewers],
        "interviewed_at": _iso(card.interviewed_at),
        "round": card.round,
        "format": card.format.value,
        "key_points": card.key_points,
        "decision_by": card.decision_by.isoformat() if card.decision_by else None,
        "follow_up_on": card.follow_up_on.isoformat() if card.follow_up_on else None,
        "outcome": card.outcome.value,
        "feedback": card.feedback,
        "posting_url": card.posting_url,
        "notes": card.notes,
        "connected_via": list(card.connected_via),
        "history": [event_to_doc(event) for event in card.history],
        "drafts": dict(card.drafts),
    }


def _choice(value: Any, allowed: tuple[str, ...]) -> str:
    """A stored choice; anything unknown reads as '' (the default), never as an error."""
    return value if type(value) is str and value in allowed else ""


def _rounds(value: Any) -> tuple[int, ...]:
    """Stored round numbers, sorted, without repeats; anything else is dropped."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(sorted({item for item in value if type(item) is int and item > 0}))


def interviewer_from_doc(data: dict[str, Any]) -> Interviewer:
    """Read one interviewer document; missing keys take defaults."""
    name = data.get("name", "")
    title = data.get("title")
    email = data.get("email")
    linkedin = data.get("linkedin")
    twitter = data.get("twitter")
    greeting = data.get("greeting")
    audience = data.get("audience")
    talked_about = data.get("talked_about")
    rounds = data.get("rounds")
    # _text() inlined for the usual case, text: 18,000 interviewers at 6,000 cards.
    return _build_interviewer(
        _shared_text(name if type(name) is str else str(name)),
        _shared_text(title if type(title) is str else _text(title)),
        _shared_text(email if type(email) is str else _text(email)),
        _shared_text(linkedin if type(linkedin) is str else _text(linkedin)),
        _shared_text(twitter if type(twitter) is str else _text(twitter)),
        _choice(greeting, GREETINGS),
        _choice(audience, AUDIENCES),
        talked_about if type(talked_about) is str else _text(talked_about),
        _rounds(rounds) if rounds else (),
    )


def _interviewer_from_doc(person: Any) -> Interviewer:
    """One entry of a card's interviewers: a document, or bare text taken as the name."""
    if isinstance(person, dict):
        return interviewer_from_doc(person)
    return Interviewer(name=str(person))


def application_from_doc(data: Any, doc_id: int | None = None) -> Application:
    """Read a card document; optional keys take defaults, a wrong shape raises DocumentError."""
    if not isinstance(data, dict):
        raise DocumentError(f"card {doc_id}: expected an object, found {type(data).__name__}")
    try:
        company = data["company"]
        role = data["role"]
        if not isinstance(company, str) or not isinstance(role, str):
            raise DocumentError(f"card {doc_id}: company and role must be text")
        people = data.get("interviewers") or []
        if not isinstance(people, list):
            raise DocumentError(f"card {doc_id}: interviewers must be a list")
        stage = data.get("stage", _DEFAULT_STAGE)
        outcome = data.get("outcome") or _DEFAULT_OUTCOME
        form = data.get("format") or _DEFAULT_FORMAT
        round_ = data.get("round", 1)
        key_points = data.get("key_points")
        feedback = data.get("feedback")
        posting_url = data.get("posting_url")
        notes = data.get("notes")
        via = data.get("connected_via")
        drafts = data.get("drafts")
        # In the order of the fields' checks before (the first failure names the same field).
        company = _shared_text(company)
        role = _shared_text(role)
        # Dict lookups first: the enum constructors and parse() cost ~10 ms per 6,000 cards.
        stage = (_STAGES.get(stage) if type(stage) is str else None) or Stage(stage)
        interviewers = tuple(map(_interviewer_from_doc, people))
        interviewed_at = _utc(str(data["interviewed_at"]))
        round_ = round_ if type(round_) is int and round_ else int(round_ or 1)
        form = (_FORMATS.get(form) if type(form) is str else None) or InterviewFormat.parse(
            str(form)
        )
        decision_by = _optional_date(data.get("decision_by"))
        follow_up_on = _optional_date(data.get("follow_up_on"))
        outcome = (_OUTCOMES.get(outcome) if type(outcome) is str else None) or Outcome(outcome)
        return _build_application(  # every field, in field order
            company,
            role,
            interviewed_at,
            stage,
            interviewers,
            round_,
            form,
            key_points if type(key_points) is str else _text(key_points),
            decision_by,
            follow_up_on,
            outcome,
            feedback if type(feedback) is str else _text(feedback),
            posting_url if type(posting_url) is str else _text(posting_url),
            notes if type(notes) is str else _text(notes),
            tuple([_shared_text(v if type(v) is str else str(v)) for v in via]) if via else (),
            tuple(map(event_from_doc, data.get("history") or ())),
            {str(k): str(v) for k, v in drafts.items()} if drafts else {},
            doc_id,
        )
    except DocumentError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise DocumentError(f"card {doc_id}: {error.__class__.__name__}: {error}") from error
