"""One CSV row as a card: each cell read (dates, stage and outcome words, interviewers, the
lossless *_json columns of our own export), or the reason the row cannot be imported."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from tui import changes, dates
from tui.exchange.csv_columns import loose_key
from tui.model import Application, Interviewer, InterviewFormat, Outcome, Stage
from tui.model_docs import event_from_doc, interviewer_from_doc
from tui.people import format_interviewer, parse_interviewer, split_list
from tui.text_safety import clean_stored

_T = TypeVar("_T")


class RowError(ValueError):
    """A row cannot be imported; the message says why."""


def card_from_row(values: dict[str, str], *, tz: str, now: datetime) -> Application:
    """Build a card from one row's cells (field -> text); raises RowError with a reason."""
    company, role = values.get("company", ""), values.get("role", "")
    if not company.strip():
        raise RowError("empty company")
    if not role.strip():
        raise RowError("empty role")
    stage, outcome = _read_stage(values.get("stage", ""), values.get("outcome", ""))
    card = Application(
        company=company,
        role=role,
        interviewed_at=_read_moment(values.get("interviewed_at", ""), tz, now),
        stage=stage,
        interviewers=_read_interviewers(values),
        round=_read_round(values.get("round", "")),
        format=_parsed(InterviewFormat.parse, values.get("format", ""), InterviewFormat.VIDEO),
        key_points=values.get("key_points", ""),
        decision_by=_read_day(values.get("decision_by", ""), "decision date", tz, now),
        follow_up_on=_read_day(values.get("follow_up_on", ""), "check-in date", tz, now),
        outcome=outcome,
        feedback=values.get("feedback", ""),
        posting_url=values.get("posting_url", ""),
        notes=values.get("notes", ""),
        connected_via=_read_connected_via(values),
        drafts={
            str(key): str(value)
            for key, value in _read_json(values.get("drafts_json", ""), dict, "drafts_json").items()
        },
    )
    history = _read_json(values.get("history_json", ""), list, "history_json")
    if history:
        try:
            return replace(card, history=tuple(event_from_doc(event) for event in history))
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise RowError(f"unreadable history_json ({error})") from error
    return changes.created(card, now)


def _parsed(parse: Any, text: str, default: _T) -> _T:
    """Run an enum's forgiving ``parse``; '' gives the default, an unknown name a reason."""
    if not text:
        return default
    try:
        result: _T = parse(text)
    except ValueError as error:
        raise RowError(str(error)) from error
    return result


# Words spreadsheets use in a status column, beyond the stage names Stage.parse reads. An
# outcome word means the Outcome stage with that outcome. Keys as loose_key makes them.
_STATUS_WORDS: dict[str, Stage | Outcome] = {
    "interviewing": Stage.INTERVIEWED,
    "interviewed": Stage.INTERVIEWED,
    "phone screen": Stage.INTERVIEWED,
    "phone screen scheduled": Stage.INTERVIEWED,
    "phone screened": Stage.INTERVIEWED,
    "phone interview": Stage.INTERVIEWED,
    "screening": Stage.INTERVIEWED,
    "interview scheduled": Stage.INTERVIEWED,
    "technical interview": Stage.INTERVIEWED,
    "onsite": Stage.INTERVIEWED,
    "on site": Stage.INTERVIEWED,
    "onsite scheduled": Stage.INTERVIEWED,
    "final round": Stage.INTERVIEWED,
    "final interview": Stage.INTERVIEWED,
    "thank you sent": Stage.THANKED,
    "waiting": Stage.AWAITING_DECISION,
    "awaiting": Stage.AWAITING_DECISION,
    "followed up": Stage.CHECKED_IN,
    "connected": Stage.NETWORKED,
    "networking": Stage.NETWORKED,
    "offer": Outcome.OFFER,
    "offer extended": Outcome.OFFER,
    "offer received": Outcome.OFFER,
    "offered": Outcome.OFFER,
    "offer accepted": Outcome.OFFER_ACCEPTED,
    "accepted": Outcome.OFFER_ACCEPTED,
    "not selected": Outcome.REJECTED,
    "rejection": Outcome.REJECTED,
    "offer declined": Outcome.OFFER_DECLINED,
    "declined offer": Outcome.OFFER_DECLINED,
    "rejected": Outcome.REJECTED,
    "withdrawn": Outcome.WITHDRAWN,
    "no response": Outcome.NO_RESPONSE,
    "ghosted": Outcome.NO_RESPONSE,
}
# Words that look like a status but would be a guess.
_UNCLEAR_STATUS = {
    "declined": "could mean they turned you down or you turned them down: "
    "write rejected or withdrawn (beside 'Rejected' in the column it reads as withdrawn)",
    "applied": "is before an interview, and a card starts at the interview",
}


def _read_stage(stage_text: str, outcome_text: str) -> tuple[Stage, Outcome]:
    """The stage and outcome from a row's stage (or status) and outcome cells."""
    outcome = _parsed(Outcome.parse, outcome_text, Outcome.PENDING)
    if not stage_text:
        return Stage.INTERVIEWED, outcome
    key = loose_key(stage_text)
    try:
        return Stage.parse(key), outcome
    except ValueError:
        pass
    meaning = _STATUS_WORDS.get(key)
    if isinstance(meaning, Stage):
        return meaning, outcome
    if isinstance(meaning, Outcome):
        if outcome not in (Outcome.PENDING, meaning):
            raise RowError(f"stage {stage_text!r} and outcome {outcome_text!r} disagree")
        return Stage.OUTCOME, meaning
    if key in _UNCLEAR_STATUS:
        raise RowError(f"stage {stage_text!r} {_UNCLEAR_STATUS[key]}")
    raise UnknownStageError(stage_text)


class UnknownStageError(RowError):
    """A status word nobody knows; the plan lists these together."""

    def __init__(self, word: str) -> None:
        super().__init__(f"unknown stage {word!r}")
        self.word = word


def known_stage_words() -> str:
    """What a status cell may say, for the message about unknown ones."""
    stages = ", ".join(stage.label.lower() for stage in Stage)
    outcomes = ", ".join(each.label for each in Outcome if each is not Outcome.PENDING)
    return f"one of: {stages}; or an outcome: {outcomes}"


DECLINED_CONTEXT = frozenset({"rejected", "rejection", "not selected", "turned down"})
"""Status words for the employer's no: beside one of them in the column, 'Declined' is the
user's own no (see ``csv_import``)."""


def _read_moment(text: str, tz: str, now: datetime) -> datetime:
    if not text:
        raise RowError("no interview date")
    try:
        # Our own export writes ISO 8601 with an offset: read that exactly, to the second.
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            return moment.astimezone(UTC)
    except ValueError:
        pass
    try:
        return dates.parse_datetime(text, tz, now=now, past=True, spreadsheet=True)
    except dates.DateInputError as error:
        raise RowError(f"unreadable date {text!r} ({error.problem})") from error


def _read_day(text: str, what: str, tz: str, now: datetime) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dates.parse_date(text, tz, now=now, spreadsheet=True)
    except dates.DateInputError as error:
        raise RowError(f"unreadable {what} {text!r} ({error.problem})") from error


def _read_round(text: str) -> int:
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise RowError(f"round must be a whole number from 1, found {text!r}")
    return int(text)


def _read_json(text: str, kind: type[_T], column: str) -> _T:
    if not text:
        return kind()
    try:
        value = json.loads(text)
    except ValueError as error:
        raise RowError(f"unreadable {column} ({error})") from error
    if not isinstance(value, kind):
        raise RowError(f"unreadable {column} (expected a {kind.__name__})")
    return value


def _read_connected_via(values: dict[str, str]) -> tuple[str, ...]:
    """The places from connected_via_json (our own export: an entry may hold ';' or '|')
    while it agrees with the readable column, else the readable column split."""
    readable = values.get("connected_via", "")
    exact = _read_json(values.get("connected_via_json", ""), list, "connected_via_json")
    agrees = not readable or readable == "; ".join(map(str, exact))
    if exact and agrees and all(isinstance(place, str) for place in exact):
        return tuple(clean_stored(place) for place in exact)
    return tuple(split_list(readable))


def _read_interviewers(values: dict[str, str]) -> tuple[Interviewer, ...]:
    """People from the readable columns, or the exact ones from interviewers_json.

    The JSON column (our own export) keeps titles and links; it is used only while it still
    agrees with the readable column, so an edit made in a spreadsheet wins.
    """
    readable = values.get("interviewers", "")
    from_json = _read_json(values.get("interviewers_json", ""), list, "interviewers_json")
    if from_json:
        try:
            people = tuple(interviewer_from_doc(person) for person in from_json)
        except AttributeError as error:
            raise RowError("unreadable interviewers_json (expected objects)") from error
        if not readable or readable == "; ".join(format_interviewer(p) for p in people):
            return people
    people_list = [parse_interviewer(part) for part in split_list(readable)]
    emails = split_list(values.get("emails", ""))
    if len(emails) == len(people_list):
        # One email per person: pair them by position, keeping any 'Name <email>' given.
        people_list = [
            person if person.email else replace(person, email=email)
            for person, email in zip(people_list, emails, strict=True)
        ]
        emails = []
    # Otherwise emails fill in, in order, the people who have none; the rest become people.
    for index, person in enumerate(people_list):
        if not person.email and emails:
            people_list[index] = replace(person, email=emails.pop(0))
    people_list += [Interviewer(name="", email=email) for email in emails]
    return tuple(people_list)
