"""The domain: plain, immutable dataclasses for interview processes and the user's profile.

Nothing here knows about Textual, TinyDB or arrow. Datetimes are always timezone-aware
(UTC in memory and on disk); conversion to and from text lives in ``dates.py``, to and from
the stored documents in ``model_docs.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any

# Closing phrases live in tui.sign_off; is_closing_phrase is re-exported for older callers.
from tui.sign_off import is_closing_phrase as is_closing_phrase
from tui.sign_off import split_sign_off


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


def duplicate_key(card: Application) -> tuple[str, str]:
    """Cards with equal keys are the same process: same company and role, any case."""
    return (" ".join(card.company.casefold().split()), " ".join(card.role.casefold().split()))


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
