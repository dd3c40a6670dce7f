"""The sentences that make a draft fit its situation: who the person is, what round it was,
how late the note is, which check-in this is, what the outcome was.

Templates stay plain text with fields (``tui.drafts``); the fields written here are whole
sentences, or '' when the situation does not call for one, so a template can drop them with a
``[[field]] ... [[/field]]`` section. Everything is pure: the caller passes ``now``.

Choices made here, so that a panel compares notes without embarrassment:

- The substance (what was discussed, what the user brings) goes to hiring managers and peers;
  a recruiter or HR partner gets a letter about the process (``names.audience``).
- A person's own "what we talked about" comes first; without it the card's shared key points
  are used, for those who get the substance. Both are the latest round's: a new round moves
  the earlier ones into its history (``changes.new_round``), and a later round with nothing
  said about it gets a sentence true of any later round, never the earlier round's again.
- "Again" is said only to someone the user met in an earlier round.
- The thank-you asks for the decision timeline, in one sentence, when no date is known, and
  only in one letter of a panel: the recruiter's if there is one, else the first person's.
- A rejection: the feedback request carries the final thanks; the letter asking to connect
  comes ``rules.CONNECT_AFTER_FEEDBACK`` business days later. Only the person who told the
  user (``told_the_decision``) is thanked for the decision; a feedback request drafted for
  anyone else says the user has heard it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tui import dates, names
from tui.date_parsing import MONTH_NAMES, WEEKDAY_NAMES
from tui.model import Application, Interviewer, InterviewFormat, Outcome
from tui.rules.round_history import sent_this_round

_LATE_AFTER = timedelta(hours=24)
_WEEKDAY_WITHIN = 6
"""Up to this many days after an interview, 'on Tuesday' is clear; later it takes the date."""

_LIST_BREAK = re.compile(r"\s*(?:;|\n|\u2022)\s*")


def joined(text: str) -> str:
    """Points typed as a list, joined as English: 'the churn dashboard; moving reports to dbt'
    -> 'the churn dashboard and moving reports to dbt'; three or more take commas.

    Parts are kept as typed, without bullets or trailing full stops; a single part is itself.
    """
    items = [item.strip(" \t-*.").strip() for item in _LIST_BREAK.split(text.strip())]
    items = [item for item in items if item]
    if len(items) <= 1:
        return items[0] if items else ""
    # Long items that hold an 'and' of their own need the serial comma to stay apart.
    serial = "," if len(items) > 2 and any(" and " in item for item in items) else ""
    return f"{', '.join(items[:-1])}{serial} and {items[-1]}"


@dataclass(frozen=True, slots=True)
class Situation:
    """What the sentences depend on, worked out once per draft."""

    card: Application
    person: Interviewer | None
    index: int
    now: datetime
    tz: str
    what_i_bring: str = ""

    @property
    def round(self) -> int:
        return max(self.card.round, 1)

    @property
    def met_before(self) -> bool:
        return self.person is not None and self.person.met_before(self.round)

    @property
    def process(self) -> bool:
        return self.person is not None and names.audience(self.person) == "process"

    def local_day(self, moment: datetime) -> date:
        try:
            return dates.local_date(moment, self.tz)
        except ValueError:
            return dates.local_date(moment)


def _day(day: date) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month]}"


def _when(situation: Situation) -> str:
    """'on Tuesday' for a recent interview, 'on 24 November' for an older one."""
    interview = situation.local_day(situation.card.interviewed_at)
    today = situation.local_day(situation.now)
    if abs((today - interview).days) <= _WEEKDAY_WITHIN:
        return f"on {WEEKDAY_NAMES[interview.weekday()]}"
    return f"on {interview.day} {MONTH_NAMES[interview.month]}"


def _talk(interview_format: InterviewFormat) -> str:
    return {
        InterviewFormat.PHONE: "speak with me",
        InterviewFormat.ONSITE: "meet with me",
    }.get(interview_format, "talk with me")


def format_phrase(card: Application) -> str:
    """'a video interview', 'a phone interview', 'an on-site interview'."""
    return {
        InterviewFormat.PHONE: "a phone interview",
        InterviewFormat.ONSITE: "an on-site interview",
    }.get(card.format, "a video interview")


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")


def ordinal(number: int) -> str:
    """A round as a word: 'second' for 2, '12th' for 12, '21st' for 21."""
    if number <= len(_ORDINALS):
        return _ORDINALS[number - 1]
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def is_late(situation: Situation) -> bool:
    """A thank-you written more than 24 hours after the interview."""
    return situation.now - situation.card.interviewed_at > _LATE_AFTER


def thank_you_opening(situation: Situation) -> str:
    """The thank-you's first paragraph, for the round, the person and the delay."""
    card = situation.card
    when = _when(situation)
    role = f"the {card.role.strip() or '[role]'} role at {card.company.strip() or '[company]'}"
    if situation.met_before:
        text = (
            f"Thank you for meeting with me again {when}. I'm grateful for the chance to "
            f"continue our conversation about {role}."
        )
    elif situation.round > 1:
        text = (
            f"Thank you for joining my {ordinal(situation.round)}-round interview {when} for "
            f"{role}. It was a pleasure to meet you."
        )
    else:
        text = f"Thank you for taking the time to {_talk(card.format)} {when} about {role}."
    if is_late(situation):
        return f"I'm sorry not to have written sooner. {text}"
    return text


def points(situation: Situation) -> str:
    """What was discussed with this person: their own points, else the card's shared ones."""
    own = joined(situation.person.talked_about) if situation.person else ""
    return own or joined(situation.card.key_points)


def discussed(situation: Situation) -> str:
    """The sentence about the conversation; '' for a recruiter with nothing of their own."""
    own = joined(situation.person.talked_about) if situation.person else ""
    if situation.process:
        if own:
            return f"I appreciated our conversation about {own}."
        return (
            "I appreciated hearing how the process works, and how smoothly you arranged everything."
        )
    shared = joined(situation.card.key_points)
    if own:
        return (
            f"I especially enjoyed talking with you about {own}. It left me even more "
            "excited about the role."
        )
    if not shared and situation.round > 1:
        # Nothing said about this round (r leaves it optional): the earlier round's points
        # were that round's letters, so this one says only what is true of any later round.
        if situation.met_before:
            return (
                "I enjoyed learning more about the team and its work this time, and I came "
                "away even more excited about the role."
            )
        return "I enjoyed our conversation, and it left me even more excited about the role."
    subject = shared or "[what you discussed]"
    return (
        f"I especially enjoyed discussing {subject}. It left me even more excited about the role."
    )


def value_sentence(situation: Situation) -> str:
    """'I'd welcome the chance to bring ... to the team.' from the profile; '' without it, and
    for a recruiter (the substance is for the people who do the work)."""
    bring = situation.what_i_bring.strip().rstrip(".")
    if not bring or situation.process:
        return ""
    return f"I'd welcome the chance to bring my experience to the team: {bring}."


def asks_timeline(card: Application, index: int) -> bool:
    """Whether this person's thank-you asks for the decision timeline: no date is known, and
    they are the one person of the round to ask (``names.main_contact``)."""
    if card.decision_by is not None or card.follow_up_on is not None:
        return False
    return index == names.main_contact(card)


def timeline_ask(situation: Situation) -> str:
    if not asks_timeline(situation.card, situation.index):
        return ""
    return (
        "If it isn't too early to ask, when do you expect to decide, and what are the next steps?"
    )


# --- check-ins ---------------------------------------------------------------------------


def check_ins_sent(card: Application) -> list[datetime]:
    """When this round's check-ins were marked sent, oldest first."""
    return sorted(event.at for event in sent_this_round(card, "check_in"))


def check_in_number(card: Application) -> int:
    """1 for the first check-in of the round, 2 for the second..."""
    return len(check_ins_sent(card)) + 1


def interview_reminder(situation: Situation) -> str:
    """'my video interview on Tuesday 24 November' ('my second-round phone interview ...')."""
    card = situation.card
    interview = situation.local_day(card.interviewed_at)
    kind = format_phrase(card).split(" ", 1)[1]  # 'video interview'
    round_words = f"{ordinal(situation.round)}-round " if situation.round > 1 else ""
    return f"my {round_words}{kind} on {_day(interview)}"


def their_date(situation: Situation) -> str:
    """The date the employer gave, as they gave it; '' when they gave none."""
    card = situation.card
    if card.follow_up_on is not None:
        return f"You mentioned it would be fine to check in from {_day(card.follow_up_on)}."
    if card.decision_by is not None:
        today = situation.local_day(situation.now)
        if card.decision_by < today:
            return (
                f"I know you had hoped to decide by {_day(card.decision_by)}, and timelines "
                "often move."
            )
        return f"You mentioned you hoped to decide by {_day(card.decision_by)}."
    return ""


def last_check_in_day(situation: Situation) -> str:
    sent = check_ins_sent(situation.card)
    return _day(situation.local_day(sent[-1])) if sent else ""


# --- after the outcome -------------------------------------------------------------------


def final_thanks_opening(situation: Situation) -> str:
    """The final thank-you's first paragraph, for the outcome and the person."""
    card = situation.card
    role = f"the {card.role.strip() or '[role]'} role"
    company = card.company.strip() or "[company]"
    outcome = card.outcome
    if outcome is Outcome.OFFER_ACCEPTED:
        if situation.process:
            return (
                f"Thank you for guiding me through the process for {role} so smoothly. I'm "
                f"delighted to have accepted the offer, and I look forward to joining {company}."
            )
        return (
            f"I'm delighted to have accepted the offer for {role}, and I wanted to thank you "
            "for your part in the process. I'm looking forward to working with you."
        )
    if outcome is Outcome.OFFER_DECLINED:
        return (
            f"Thank you for the offer for {role}, and for the time you gave me during the "
            "process. After careful thought I have decided to decline it. It was not an easy "
            "decision: I enjoyed meeting you, and I came away with a great impression of "
            f"{company}."
        )
    if outcome is Outcome.OFFER:
        return (
            f"Thank you for your part in the process for {role}. I'm grateful for the offer, "
            "and it was a real pleasure to meet you."
        )
    if outcome is Outcome.REJECTED:
        return (
            f"Thank you for considering me for {role}. Although it didn't work out this time, it "
            f"was a real pleasure to meet you and to learn about your work at {company}."
        )
    if outcome is Outcome.WITHDRAWN:
        return (
            f"Thank you for your time during the process for {role}. Although I decided to "
            f"withdraw, it was a real pleasure to meet you, and I came away with a great "
            f"impression of {company}."
        )
    if outcome is Outcome.NO_RESPONSE:
        return (
            f"Thank you for your time during the process for {role}. I understand that things "
            "have moved on, and I wanted to say that it was a real pleasure to meet you."
        )
    return (
        f"Thank you for your time during the process for {role}. It was a real pleasure to "
        "meet you."
    )


def told_the_decision(card: Application, index: int) -> bool:
    """Whether this person is taken to have told the user the decision: the one person a
    message sent once goes to (``names.main_contact``), whom the feedback request asks. The
    others on the panel did not, so their letters never thank them for it."""
    return index == names.main_contact(card)


def connect_question(situation: Situation) -> str:
    """Asking to stay in touch where the person can be found; '' for future colleagues."""
    if situation.card.outcome is Outcome.OFFER_ACCEPTED:
        return ""
    person = situation.person
    places = []
    if person is None or person.linkedin.strip() or not person.twitter.strip():
        places.append("LinkedIn")
    if person is not None and person.twitter.strip():
        places.append("X")
    return f"I'd be glad to stay in touch. May I connect with you on {' or '.join(places)}?"


# --- channels ----------------------------------------------------------------------------

CONNECTION_NOTE_LIMIT = 300
"""LinkedIn's limit on the note sent with a connection request, in characters."""


def channel(card: Application, person: Interviewer | None) -> str:
    """Where a message to this person goes: 'email', 'linkedin_note' (a connection request:
    they are not connected yet), 'linkedin' (a message) or 'x'. An email address wins."""
    if person is None or person.email.strip():
        return "email"
    if person.linkedin.strip():
        connected = any(place.casefold() == "linkedin" for place in card.connected_via)
        return "linkedin" if connected else "linkedin_note"
    if person.twitter.strip():
        return "x"
    return "email"


def short_note(kind: str, situation: Situation, greeting: str, your_name: str) -> str:
    """A message for LinkedIn or X: no subject, a few sentences, signed with the name.

    A connection note keeps within CONNECTION_NOTE_LIMIT: sentences are added in order of
    importance while they fit, so the note never ends mid-sentence.
    """
    card = situation.card
    role = card.role.strip() or "[role]"
    company = card.company.strip() or "[company]"
    sentences: list[str]
    if kind == "thank_you":
        sentences = [thank_you_opening(situation)]
        if not situation.process and points(situation):
            sentences.append(f"I especially enjoyed discussing {points(situation)}.")
        sentences.append(value_sentence(situation))
    elif kind == "timeline_question":
        sentences = [
            f"I'm writing about the {role} role at {company}: could you share when you expect "
            "to decide, and what the next steps are?"
        ]
    elif kind == "check_in":
        number = check_in_number(card)
        opening = (
            f"I'm checking in about the {role} role at {company}"
            if number == 1
            else f"I'm following up on my last note about the {role} role at {company}"
        )
        sentences = [
            f"{opening}, after {interview_reminder(situation)}.",
            their_date(situation),
            "I'm still very interested: is there any news?",
        ]
    elif kind == "feedback_request":
        sentences = [
            f"Thank you for letting me know your decision on the {role} role at {company}."
            if told_the_decision(card, situation.index)
            else f"I've heard that the team decided not to go ahead with my application for "
            f"the {role} role at {company}, and I wanted to thank you for your time.",
            "If you have a moment, I'd be grateful for any feedback on how I could improve.",
        ]
    else:
        sentences = [final_thanks_opening(situation)]
    if channel(card, situation.person) == "linkedin_note" and kind != "final_thanks":
        sentences.append("I'd be glad to connect.")
    head = f"Hi {greeting}," if greeting else "Hello,"
    tail = your_name.strip()
    limit = (
        CONNECTION_NOTE_LIMIT
        if channel(card, situation.person) == "linkedin_note"
        else 10 * CONNECTION_NOTE_LIMIT
    )
    kept: list[str] = []
    for sentence in filter(None, sentences):
        trial = _note(head, [*kept, sentence], tail)
        if len(trial) <= limit or not kept:
            kept.append(sentence)
    note = _note(head, kept, tail)
    if len(note) > limit:
        # Even the first sentence alone is too long (a very long role): cut at a word.
        room = limit - len(_note(head, [""], tail)) - 1
        cut = " ".join(kept[0][:room].split(" ")[:-1]).rstrip(",;:") + "…"
        note = _note(head, [cut], tail)
    return note


def _note(head: str, sentences: list[str], tail: str) -> str:
    body = " ".join(sentences).strip()
    return "\n\n".join(part for part in (head, body, tail) if part)


def destination(card: Application, person: Interviewer | None) -> str:
    """Where the draft goes, in words: 'To alan@lumina.example', 'LinkedIn connection note to
    linkedin.com/in/priya (300 characters at most)', 'X message to @sam'."""
    where = channel(card, person)
    if person is None:
        return "No recipient: add an interviewer to the card"
    if where == "linkedin_note":
        return (
            f"LinkedIn connection note to {person.linkedin.strip()} "
            f"({CONNECTION_NOTE_LIMIT} characters at most)"
        )
    if where == "linkedin":
        return f"LinkedIn message to {person.linkedin.strip()}"
    if where == "x":
        return f"X message to @{person.twitter.strip().lstrip('@')}"
    if person.email.strip():
        return f"To {person.email.strip()}"
    return f"To {person.shown_name or 'them'}: no email address on the card yet"
