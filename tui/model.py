"""The domain: plain, immutable dataclasses for interview processes and the user's profile.

Nothing here knows about Textual, TinyDB or arrow. Datetimes are always timezone-aware
(UTC in memory and on disk); conversion to and from text lives in ``dates.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

# Closing phrases live in tui.sign_off; is_closing_phrase is re-exported for older callers.
from tui.sign_off import is_closing_phrase as is_closing_phrase
from tui.sign_off import split_sign_off

_Built = TypeVar("_Built")


class Stage(StrEnum):
    """A column of the board, in board order."""

    INTERVIEWED = "interviewed"
    THANKED = "thanked"
    AWAITING_DECISION = "awaiting_decision"
    CHECKED_IN = "checked_in"
    OUTCOME = "outcome"
    NETWORKED = "networked"

    @property
    def label(self) -> str:
        """The column title shown to the user."""
        return _STAGE_LABELS[self]

    @property
    def position(self) -> int:
        """Position of the stage on the board, from 0."""
        return list(Stage).index(self)

    @property
    def next(self) -> Stage | None:
        """The stage to the right, or None at the last column."""
        stages = list(Stage)
        position = stages.index(self)
        return stages[position + 1] if position + 1 < len(stages) else None

    @property
    def previous(self) -> Stage | None:
        """The stage to the left, or None at the first column."""
        stages = list(Stage)
        position = stages.index(self)
        return stages[position - 1] if position > 0 else None

    @classmethod
    def parse(cls, text: str) -> Stage:
        """Read a stage from its value or label, forgiving case, spaces and dashes."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        for stage in cls:
            if key in (stage.value, stage.label.lower().replace(" ", "_")):
                return stage
        names = ", ".join(stage.value for stage in cls)
        raise ValueError(f"unknown stage {text!r} (one of: {names})")


_STAGE_LABELS = {
    Stage.INTERVIEWED: "Interviewed",
    Stage.THANKED: "Thanked",
    Stage.AWAITING_DECISION: "Awaiting Decision",
    Stage.CHECKED_IN: "Checked In",
    Stage.OUTCOME: "Outcome",
    Stage.NETWORKED: "Networked",
}


class Outcome(StrEnum):
    """What the employer decided, or what became of the process."""

    PENDING = "pending"
    OFFER = "offer"
    """An offer not yet answered."""
    OFFER_ACCEPTED = "offer_accepted"
    OFFER_DECLINED = "offer_declined"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    NO_RESPONSE = "no_response"

    @property
    def label(self) -> str:
        """Human wording: 'no response' rather than 'no_response'."""
        return self.value.replace("_", " ")

    @property
    def is_offer(self) -> bool:
        """An offer, answered or not."""
        return self in (Outcome.OFFER, Outcome.OFFER_ACCEPTED, Outcome.OFFER_DECLINED)

    @classmethod
    def parse(cls, text: str) -> Outcome:
        """Read an outcome from its value or label ('accepted' and 'declined' are offers)."""
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        key = {"accepted": "offer_accepted", "declined": "offer_declined"}.get(key, key)
        for outcome in cls:
            if key == outcome.value:
                return outcome
        names = ", ".join(outcome.label for outcome in cls)
        raise ValueError(f"unknown outcome {text!r} (one of: {names})")


class InterviewFormat(StrEnum):
    """How the interview took place."""

    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "on-site"

    @classmethod
    def parse(cls, text: str) -> InterviewFormat:
        """Read a format from its value, forgiving 'onsite' and 'in person'."""
        key = text.strip().lower().replace("_", "-")
        if key in ("onsite", "in-person", "in person"):
            return cls.ONSITE
        for interview_format in cls:
            if key == interview_format.value:
                return interview_format
        names = ", ".join(f.value for f in cls)
        raise ValueError(f"unknown format {text!r} (one of: {names})")


class EventKind(StrEnum):
    """What a history entry records."""

    CREATED = "created"
    MOVED = "moved"
    EDITED = "edited"
    MESSAGE_SENT = "message_sent"
    NEW_ROUND = "new_round"
    CONNECTED = "connected"
    INVITE = "invite"
    """A calendar invite imported; its details hold uid, sequence, starts_at, ends_at."""
    CANCELLED = "cancelled"
    """The organiser cancelled the interview at details['starts_at']; the card stays."""
    REPLY = "reply"
    """A reply from the employer; waiting on the user until a later entry acts on it."""


class MessageKind(StrEnum):
    """A kind of message the app drafts, in the order ``[`` and ``]`` cycle through them.

    The one table of message kinds: the rules, the drafts and the history take their lists,
    words and titles from here. Stored (history, edited drafts) by value.
    """

    THANK_YOU = "thank_you"
    TIMELINE_QUESTION = "timeline_question"
    CHECK_IN = "check_in"
    FEEDBACK_REQUEST = "feedback_request"
    FINAL_THANKS = "final_thanks"

    @property
    def label(self) -> str:
        """The kind in words, for history lines and notices: 'check-in'."""
        return _MESSAGE_WORDS[self][0]

    @property
    def heading(self) -> str:
        """The kind as the draft panel names it: 'Check-in'."""
        return _MESSAGE_WORDS[self][1]

    @property
    def per_person(self) -> bool:
        """Whether every interviewer gets one apiece before the card moves on."""
        return self in (MessageKind.THANK_YOU, MessageKind.FINAL_THANKS)


_MESSAGE_WORDS = {
    MessageKind.THANK_YOU: ("thank-you", "Thank-you"),
    MessageKind.TIMELINE_QUESTION: ("timeline question", "Timeline question"),
    MessageKind.CHECK_IN: ("check-in", "Check-in"),
    MessageKind.FEEDBACK_REQUEST: ("feedback request", "Feedback request"),
    MessageKind.FINAL_THANKS: ("final thank-you", "Final thanks"),
}


GREETINGS = ("first", "formal")
"""The greeting choices besides '' (decide from the name)."""
AUDIENCES = ("process", "substance")
"""The audience choices besides '' (judge from the title)."""


def _choice(value: Any, allowed: tuple[str, ...]) -> str:
    """A stored choice; anything unknown reads as '' (the default), never as an error."""
    return value if type(value) is str and value in allowed else ""


def _rounds(value: Any) -> tuple[int, ...]:
    """Stored round numbers, sorted, without repeats; anything else is dropped."""
    if not isinstance(value, list | tuple):
        return ()
    return tuple(sorted({item for item in value if type(item) is int and item > 0}))


@dataclass(frozen=True, slots=True)
class Interviewer:
    """One person the user met."""

    name: str
    title: str = ""
    email: str = ""
    linkedin: str = ""
    """A LinkedIn profile URL."""
    twitter: str = ""
    """A Twitter/X handle, with or without the leading @."""
    greeting: str = ""
    """How to greet them: 'first' (Dear Priya), 'formal' (Dear Dr. Ortiz), '' to decide
    from the name (a title such as Dr. or Ms. means formal)."""
    audience: str = ""
    """'process' (a recruiter or HR partner: the letter is about the process), 'substance'
    (a hiring manager or peer: the letter is about the work), '' to judge from the title."""
    talked_about: str = ""
    """What the user discussed with this person, on top of the card's shared key points."""
    rounds: tuple[int, ...] = ()
    """The rounds this person was at; () means every round so far (boards from before)."""

    @property
    def shown_name(self) -> str:
        """How the person is named on screen: the name, else the email, else ''."""
        return self.name.strip() or self.email.strip()

    @property
    def first_name(self) -> str:
        """The first word of the name, or '' when the name is empty (the board's short form;
        letters greet people through ``tui.names``)."""
        parts = self.name.split()
        return parts[0] if parts else ""

    def was_at(self, round_number: int) -> bool:
        """Whether this person was at that round."""
        return not self.rounds or round_number in self.rounds

    def met_before(self, round_number: int) -> bool:
        """Whether the user had met this person in a round before ``round_number``."""
        first = min(self.rounds) if self.rounds else 1
        return first < round_number

    def to_dict(self) -> dict[str, Any]:
        """The JSON document form; the optional fields only when set (old versions ignore them)."""
        doc: dict[str, Any] = {
            "name": self.name,
            "title": self.title,
            "email": self.email,
            "linkedin": self.linkedin,
            "twitter": self.twitter,
        }
        if self.greeting:
            doc["greeting"] = self.greeting
        if self.audience:
            doc["audience"] = self.audience
        if self.talked_about:
            doc["talked_about"] = self.talked_about
        if self.rounds:
            doc["rounds"] = list(self.rounds)
        return doc

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Interviewer:
        """Build from a document; missing keys take defaults."""
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


@dataclass(frozen=True, slots=True)
class Event:
    """One entry of a card's history."""

    at: datetime
    """When it happened (aware, UTC)."""
    kind: EventKind
    summary: str
    """One line for people: 'Moved from Interviewed to Thanked'."""
    details: dict[str, str] = field(default_factory=dict)
    """Machine-readable extras: from/to stage, message kind, recipient, ..."""


@dataclass(frozen=True, slots=True)
class Application:
    """One interview process with one employer for one role: a card on the board."""

    company: str
    role: str
    interviewed_at: datetime
    """Date and time of the latest interview round (aware, UTC)."""
    stage: Stage = Stage.INTERVIEWED
    interviewers: tuple[Interviewer, ...] = ()
    round: int = 1
    format: InterviewFormat = InterviewFormat.VIDEO
    key_points: str = ""
    """What was discussed; personalises the thank-you."""
    decision_by: date | None = None
    """The date the employer said they would decide by."""
    follow_up_on: date | None = None
    """The date the employer said it was fine to check in."""
    outcome: Outcome = Outcome.PENDING
    feedback: str = ""
    posting_url: str = ""
    notes: str = ""
    connected_via: tuple[str, ...] = ()
    """Where the user connected with the interviewers: 'LinkedIn', 'Twitter/X'."""
    history: tuple[Event, ...] = ()
    drafts: dict[str, str] = field(default_factory=dict)
    """Drafts the user edited, keyed by ``draft_key(kind, interviewer_index)``."""
    doc_id: int | None = None
    """The storage id; None until the card is saved."""

    @property
    def main_interviewer(self) -> Interviewer | None:
        """The first interviewer, the one the card shows."""
        return self.interviewers[0] if self.interviewers else None

    def with_event(self, event: Event) -> Application:
        """A copy with one more history entry."""
        return replace(self, history=(*self.history, event))

    def messages_sent(self, kind: str) -> list[Event]:
        """History entries for messages of one kind that were marked sent."""
        return [
            event
            for event in self.history
            if event.kind is EventKind.MESSAGE_SENT and event.details.get("message") == kind
        ]

    def search_text(self) -> str:
        """Lower-cased text that the board filter matches against."""
        people = " ".join(f"{person.name} {person.title}" for person in self.interviewers)
        return f"{self.company} {self.role} {people} {self.notes}".lower()


def draft_key(kind: str, interviewer_index: int) -> str:
    """The key under which an edited draft is kept on a card."""
    return f"{kind}:{interviewer_index}"


@dataclass(frozen=True, slots=True)
class Profile:
    """The user: signs every message, and sets their timezone and follow-up habit."""

    name: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    twitter: str = ""
    signature: str = ""
    """The lines under the sign-off: name, contact details (no closing phrase)."""
    sign_off: str = "Best regards,"
    """The closing phrase before the signature: 'Best regards,', 'Kind regards,'."""
    what_i_bring: str = ""
    """What the user brings, for the thank-you's value sentence ('' leaves it out)."""
    country: str = ""
    """An ISO country code ('GB', 'DE', 'US'): check-ins avoid its public holidays."""
    timezone: str = ""
    """An IANA name such as 'Europe/Paris'; '' means the system's."""
    follow_up_days: int = 7
    """Days after the interview to check in when the employer gave no date."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON document form."""
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "linkedin": self.linkedin,
            "twitter": self.twitter,
            "signature": self.signature,
            "sign_off": self.sign_off,
            "what_i_bring": self.what_i_bring,
            "country": self.country,
            "timezone": self.timezone,
            "follow_up_days": self.follow_up_days,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """Build from a document; missing keys take defaults."""
        defaults = cls()
        days = data.get("follow_up_days", defaults.follow_up_days)
        signature = str(data.get("signature", "") or "")
        if "sign_off" in data:
            sign_off = str(data.get("sign_off") or "")
        else:
            # A profile from before the sign-off had its own field: a signature that opens
            # with a closing phrase gives it up, so that no letter says it twice.
            sign_off, signature = split_sign_off(signature)
            sign_off = sign_off or defaults.sign_off
        return cls(
            name=str(data.get("name", "") or ""),
            email=str(data.get("email", "") or ""),
            phone=str(data.get("phone", "") or ""),
            linkedin=str(data.get("linkedin", "") or ""),
            twitter=str(data.get("twitter", "") or ""),
            signature=signature,
            sign_off=sign_off,
            what_i_bring=str(data.get("what_i_bring", "") or ""),
            country=str(data.get("country", "") or "").strip().upper(),
            timezone=str(data.get("timezone", "") or ""),
            follow_up_days=int(days) if isinstance(days, int | str) and str(days).isdigit() else 7,
        )


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


def _interviewer_from_doc(person: Any) -> Interviewer:
    """One entry of a card's interviewers: a document, or bare text taken as the name."""
    if isinstance(person, dict):
        return Interviewer.from_dict(person)
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
