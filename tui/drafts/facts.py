"""The personalisation facts: the value of every template field for one card and one
interviewer, and which of the template's sections hold for them."""

from __future__ import annotations

from datetime import date, datetime

from tui import dates, letters, names
from tui.date_parsing import MONTH_NAMES, WEEKDAY_NAMES
from tui.model import Application, Interviewer, Profile
from tui.sign_off import split_sign_off


def _local_time(moment: datetime, timezone_name: str) -> datetime:
    """The moment in the profile's timezone, or the system's when unset or unknown."""
    try:
        return dates.to_local(moment, timezone_name)
    except ValueError:
        # An unknown zone name must not stop a draft; the profile screen reports it.
        return dates.to_local(moment)


def _day_text(day: date | None) -> str:
    """'Friday 4 December', always in English, whatever the C locale says."""
    if day is None:
        return ""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month]}"


def _twitter_handle(handle: str) -> str:
    handle = handle.strip()
    if not handle or "/" in handle:
        return handle
    return "@" + handle.lstrip("@")


def _profiles_text(person: Interviewer | None) -> str:
    if person is None:
        return ""
    profiles = []
    if person.linkedin.strip():
        profiles.append(f"LinkedIn ({person.linkedin.strip()})")
    if person.twitter.strip():
        profiles.append(f"Twitter/X ({_twitter_handle(person.twitter)})")
    return " or ".join(profiles)


def _sign_off_and_signature(profile: Profile) -> tuple[str, str]:
    """The closing phrase and the lines under it. A signature that itself opens with a
    closing phrase ('Cheers,' then the name) brings its own: it is used once, never twice."""
    own, rest = split_sign_off(profile.signature)
    if own:
        return own, rest.strip()
    if profile.signature.strip():
        return profile.sign_off.strip(), profile.signature.strip()
    lines = (profile.name, profile.email, profile.phone, profile.linkedin)
    return profile.sign_off.strip(), "\n".join(line.strip() for line in lines if line.strip())


def field_values(
    card: Application,
    profile: Profile,
    interviewer_index: int = 0,
    *,
    now: datetime | None = None,
) -> dict[str, str]:
    """The value of every field for one card and one interviewer; '' where unknown.

    ``now`` (default: the clock) decides the wording that depends on time: a late thank-you,
    a decision date that has passed.
    """
    person = interviewer(card, interviewer_index)
    interviewed = _local_time(card.interviewed_at, profile.timezone)
    round_number = max(card.round, 1)
    situation = letters.Situation(
        card,
        person,
        interviewer_index,
        now if now is not None else dates.now(),
        profile.timezone,
        profile.what_i_bring,
    )
    sign_off, signature_block = _sign_off_and_signature(profile)
    greeting = names.greeting_name(person) if person else ""
    values = {
        "company": card.company.strip(),
        "role": card.role.strip(),
        "interviewer_name": person.name.strip() if person else "",
        "greeting_name": greeting,
        # Old templates greet with this: a name without a first name greets as it can.
        "interviewer_first_name": (names.first_name(person) or greeting) if person else "",
        "interviewer_title": person.title.strip() if person else "",
        "interviewer_email": person.email.strip() if person else "",
        "interviewer_linkedin": person.linkedin.strip() if person else "",
        "interviewer_twitter": _twitter_handle(person.twitter) if person else "",
        "interviewer_profiles": _profiles_text(person),
        "interview_weekday": WEEKDAY_NAMES[interviewed.weekday()],
        "interview_date": f"{interviewed.day} {MONTH_NAMES[interviewed.month]}",
        "round": str(round_number),
        "round_ordinal": letters.ordinal(round_number),
        "key_points": letters.joined(card.key_points),
        "points": letters.points(situation),
        "interview_format": letters.format_phrase(card),
        "interview_reminder": letters.interview_reminder(situation),
        "thank_you_opening": letters.thank_you_opening(situation),
        "discussed": letters.discussed(situation),
        "value_sentence": letters.value_sentence(situation),
        "timeline_ask": letters.timeline_ask(situation),
        "their_date": letters.their_date(situation),
        "last_check_in_day": letters.last_check_in_day(situation),
        "final_thanks_opening": letters.final_thanks_opening(situation),
        "connect_question": letters.connect_question(situation),
        "decision_by": _day_text(card.decision_by),
        "follow_up_on": _day_text(card.follow_up_on),
        "your_name": profile.name.strip(),
        "your_email": profile.email.strip(),
        "your_phone": profile.phone.strip(),
        "your_linkedin": profile.linkedin.strip(),
        "your_twitter": _twitter_handle(profile.twitter),
        "what_i_bring": profile.what_i_bring.strip(),
        "sign_off": sign_off,
        "signature": profile.signature.strip(),
        "signature_block": signature_block,
    }
    return values


def _situation_conditions(card: Application, values: dict[str, str], index: int) -> set[str]:
    person = interviewer(card, index)
    met = person is not None and person.met_before(max(card.round, 1))
    found = {"met_before" if met else "first_meeting"}
    if person is not None and names.audience(person) == "process":
        found.add("process_audience")
    if values["thank_you_opening"].startswith("I'm sorry not to have written sooner"):
        found.add("late")
    sent = letters.check_in_number(card) - 1
    found.add(("first_check_in", "second_check_in")[sent] if sent < 2 else "final_check_in")
    if card.outcome.is_offer:
        found.add("offer")
    if letters.told_the_decision(card, index):
        found.add("told_the_decision")
    signature = values["signature_block"]
    if values["your_linkedin"] and values["your_linkedin"] not in signature:
        found.add("linkedin_not_signed")
    return found


def interviewer(card: Application, index: int) -> Interviewer | None:
    """The card's interviewer at ``index``; None outside the list."""
    if 0 <= index < len(card.interviewers):
        return card.interviewers[index]
    return None


def true_conditions(card: Application, values: dict[str, str], index: int) -> set[str]:
    """The names of the sections that hold for this card and interviewer (``CONDITIONS``),
    given the fields' ``values``."""
    conditions = {name for name, value in values.items() if value}
    conditions.add(card.outcome.value)
    conditions.add("first_round" if card.round <= 1 else "later_round")
    return conditions | _situation_conditions(card, values, index)
