"""Changes to a card, each returning a new Application with its history entry appended.

Pure functions: no storage, no clock (the caller passes ``now``), no Textual.
"""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import datetime
from typing import TYPE_CHECKING

from tui import letters, rules
from tui.model import Application, Event, EventKind, Interviewer, Outcome, Profile, Stage, draft_key

# The new round's people line is read with the other interviewer text; re-exported here.
from tui.people import people_from_text as people_from_text
from tui.people import people_text_problem as people_text_problem

if TYPE_CHECKING:
    from tui.drafts import TemplateSet

FIELD_WORDS = {
    "company": "company",
    "role": "role",
    "interviewed_at": "interview date",
    "interviewers": "interviewers",
    "round": "round",
    "format": "format",
    "key_points": "key points",
    "decision_by": "decision date",
    "follow_up_on": "check-in date",
    "outcome": "outcome",
    "feedback": "feedback",
    "posting_url": "posting link",
    "notes": "notes",
    "connected_via": "connections",
}
"""Card fields in words, for 'Edited decision date, notes'."""

_NOT_EDITS = frozenset({"history", "drafts", "doc_id", "stage"})
"""Fields an edit does not report: history is the log itself, drafts are working text
(not worth a history line), the id is storage's, and a stage change is logged as a move."""


def created(card: Application, now: datetime) -> Application:
    """The card as first saved: 'Added: Interviewed'.

    A card created with a decision (or check-in) date goes where the same date given later
    would take it (``rules.stage_after_edit``): a Thanked card with their timeline is in
    Awaiting Decision, logged as a move right after it was added. (An outcome given at
    creation keeps the stage it was given: an import says where each card stands.)
    """
    event = Event(now, EventKind.CREATED, f"Added: {card.stage.label}", {"stage": card.stage.value})
    added = card.with_event(event)
    blank = replace(card, decision_by=None, follow_up_on=None)
    implied = rules.stage_after_edit(blank, card)
    return _moved(added, implied, now, reopen=False) if implied is not None else added


def moved(card: Application, stage: Stage, now: datetime) -> Application:
    """The card in another column: 'Moved from Interviewed to Thanked' (unchanged if same).

    Moving a card back before Outcome reopens a recorded outcome (``rules.reopens_outcome``):
    'Moved from Networked to Checked In; outcome rejected back to pending', with the old
    outcome in the event's details as ``outcome_was``.
    """
    return _moved(card, stage, now, reopen=True)


def _moved(card: Application, stage: Stage, now: datetime, *, reopen: bool) -> Application:
    if stage is card.stage:
        return card
    summary = f"Moved from {card.stage.label} to {stage.label}"
    details = {"from": card.stage.value, "to": stage.value}
    outcome = card.outcome
    if reopen and rules.reopens_outcome(card, stage):
        summary += f"; outcome {outcome.label} back to pending"
        details["outcome_was"] = outcome.value
        outcome = Outcome.PENDING
    event = Event(now, EventKind.MOVED, summary, details)
    return replace(card, stage=stage, outcome=outcome).with_event(event)


def changed_fields(old: Application, new: Application) -> list[str]:
    """Names of the fields an edit changed, in form order (drafts, history and stage aside)."""
    return [
        field.name
        for field in fields(Application)
        if field.name not in _NOT_EDITS and getattr(old, field.name) != getattr(new, field.name)
    ]


def _field_words(name: str, new: Application) -> str:
    """A changed field in words; the outcome with its new value ('outcome: rejected'), since
    the history is where the user looks up what happened."""
    words = FIELD_WORDS.get(name, name.replace("_", " "))
    return f"{words}: {new.outcome.label.lower()}" if name == "outcome" else words


def _same_person(old: Interviewer, new: Interviewer) -> bool:
    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    return bool(
        (old.name.strip() and key(old.name) == key(new.name))
        or (old.email.strip() and key(old.email) == key(new.email))
    )


def kept_details(
    old: tuple[Interviewer, ...], new: tuple[Interviewer, ...]
) -> tuple[Interviewer, ...]:
    """``new`` with what text does not say carried over from the same person in ``old``
    (matched by name or email): their rounds, and their greeting, audience and own points
    when ``new`` sets none of the three."""
    result = []
    for person in new:
        match = next((before for before in old if _same_person(before, person)), None)
        if match is not None:
            person = replace(person, rounds=person.rounds or match.rounds)
            if not (person.greeting or person.audience or person.talked_about):
                # Text that knows nothing of the letter settings (an import, an older
                # form) keeps them; the form shows them, so there they can be cleared.
                person = replace(
                    person,
                    greeting=match.greeting,
                    audience=match.audience,
                    talked_about=match.talked_about,
                )
        result.append(person)
    return tuple(result)


def edited(old: Application, new: Application, now: datetime) -> Application:
    """``new`` with 'Edited decision date, notes' logged, and a move if the stage changed
    (or if the edit implies one: ``rules.stage_after_edit``).

    People kept through the edit keep their rounds and letter settings (``kept_details``).
    Returns ``new`` as it is when nothing worth logging changed (a draft edit alone is not).
    """
    if new.interviewers != old.interviewers:
        new = replace(new, interviewers=kept_details(old.interviewers, new.interviewers))
    result = new
    if new.stage is not old.stage:
        # An outcome set in this same edit stands, even on a move back before Outcome.
        reopen = new.outcome is old.outcome
        result = _moved(replace(new, stage=old.stage), new.stage, now, reopen=reopen)
    names = changed_fields(old, new)
    if names:
        words = ", ".join(_field_words(name, new) for name in names)
        event = Event(now, EventKind.EDITED, f"Edited {words}", {"fields": ",".join(names)})
        result = result.with_event(event)
    implied = rules.stage_after_edit(old, new)
    return _moved(result, implied, now, reopen=False) if implied is not None else result


def message_sent(
    card: Application,
    kind: str,
    interviewer: Interviewer | None,
    now: datetime,
    *,
    interviewer_index: int | None = None,
) -> Application:
    """Log a message as sent, then move the card on when the rules say so.

    ``interviewer_index`` says which of the card's interviewers it went to, so that a
    thank-you counts for that person even if two share a name or one is renamed later.
    """
    label = rules.message_label(kind)
    details = {"message": kind, "round": str(card.round)}
    summary = f"Sent the {label}"
    if interviewer is not None and interviewer.name:
        summary += f" to {interviewer.name}"
        details["to"] = interviewer.name
    if interviewer is not None and interviewer.email:
        details["email"] = interviewer.email
    if interviewer is not None and interviewer_index is not None:
        details["interviewer"] = str(interviewer_index)
        # How many interviewers the card had then: an index means the same person later
        # only while that count holds (a removed person must not pass it to the next).
        details["of"] = str(len(card.interviewers))
    updated = card.with_event(Event(now, EventKind.MESSAGE_SENT, summary, details))
    stage = rules.stage_after_sent(updated, kind)
    return moved(updated, stage, now) if stage is not None else updated


def round_people(
    card: Application, number: int, people: tuple[Interviewer, ...] | None
) -> tuple[Interviewer, ...]:
    """The card's interviewers once round ``number`` had ``people`` (None: the same people
    as the round before). Everyone met stays on the card, with the rounds they were at:
    a person at this round gains it, one who was not keeps their earlier rounds, and a
    new person is added with this round alone."""
    earlier = tuple(range(1, number))
    before = [replace(person, rounds=person.rounds or earlier) for person in card.interviewers]
    if people is None:
        return tuple(
            replace(person, rounds=(*person.rounds, number))
            if person.was_at(number - 1)
            else person
            for person in before
        )
    result = list(before)
    for person in people:
        position = next(
            (index for index, known in enumerate(result) if _same_person(known, person)), None
        )
        if position is None:
            result.append(replace(person, rounds=(number,)))
            continue
        known = result[position]
        result[position] = replace(
            known,
            title=person.title or known.title,
            email=person.email or known.email,
            linkedin=person.linkedin or known.linkedin,
            twitter=person.twitter or known.twitter,
            rounds=(*known.rounds, number),
        )
    return tuple(result)


def new_round(
    card: Application,
    interviewed_at: datetime,
    now: datetime,
    people: tuple[Interviewer, ...] | None = None,
    key_points: str = "",
) -> Application:
    """Another interview: round + 1, back to Interviewed so a new thank-you is due.

    ``people`` are those at the new round (None: the last round's); see ``round_people``.
    ``key_points`` are what the new round covered ('' when not known yet). The card's key
    points, and the ``about:`` of the people at the new round, were the earlier round's:
    its thank-yous said them, so they move into the round's history entry ('round 1
    covered: ...', 'key_points_was' in its details) and the letters no longer repeat them.

    The process is open again: a decision recorded earlier goes back to pending, the
    decision and check-in dates (the earlier round's timeline) are cleared so that the card
    asks for the new one, and drafts edited for the earlier round are dropped. The round's
    history entry names the dates it cleared ('decision_by_was', 'follow_up_on_was' in its
    details); undo, which restores the whole card, brings everything back.
    """
    number = card.round + 1
    interviewers = round_people(card, number, people)
    present = [person.shown_name for person in interviewers if number in person.rounds]
    summary = f"Round {number} interview"
    if present:
        summary += f" with {', '.join(name for name in present if name) or 'them'}"
    details = {"round": str(number), "people": "; ".join(present)}
    covered = [letters.joined(card.key_points)] if card.key_points.strip() else []
    if covered:
        details["key_points_was"] = card.key_points
    told = [person for person in interviewers if number in person.rounds and person.talked_about]
    for person in told:
        covered.append(f"with {person.shown_name or 'them'}: {letters.joined(person.talked_about)}")
    if told:
        details["talked_about_was"] = "\n".join(
            f"{person.shown_name}: {person.talked_about}" for person in told
        )
    interviewers = tuple(
        replace(person, talked_about="") if number in person.rounds else person
        for person in interviewers
    )
    cleared = [
        (name, day)
        for name, day in (("decision_by", card.decision_by), ("follow_up_on", card.follow_up_on))
        if day is not None
    ]
    if cleared:
        # ISO dates: the line is stored, and a day without its year would not stay clear.
        words = " and ".join(f"{FIELD_WORDS[name]} {day.isoformat()}" for name, day in cleared)
        summary += f"; {words} cleared"
        details.update({f"{name}_was": day.isoformat() for name, day in cleared})
    if covered:
        summary += f"; round {card.round} covered: {'; '.join(covered)}"
    event = Event(now, EventKind.NEW_ROUND, summary, details)
    updated = replace(
        card,
        round=number,
        interviewers=interviewers,
        interviewed_at=interviewed_at,
        key_points=key_points.strip(),
        outcome=Outcome.PENDING,
        decision_by=None,
        follow_up_on=None,
        drafts={},
    ).with_event(event)
    return moved(updated, Stage.INTERVIEWED, now)


def connected(card: Application, via: str, now: datetime) -> Application:
    """Record a connection ('LinkedIn', 'Twitter/X'); a place already listed changes nothing."""
    via = via.strip()
    if not via:
        raise ValueError("say where you connected, for example LinkedIn")
    if via.casefold() in (known.casefold() for known in card.connected_via):
        return card
    event = Event(now, EventKind.CONNECTED, f"Connected on {via}", {"via": via})
    return replace(card, connected_via=(*card.connected_via, via)).with_event(event)


def with_draft(card: Application, key: str, text: str | None) -> Application:
    """Keep an edited draft on the card (None clears it back to the template); no history."""
    drafts = dict(card.drafts)
    if text is None:
        drafts.pop(key, None)
    else:
        drafts[key] = text
    return card if drafts == card.drafts else replace(card, drafts=drafts)


def with_draft_text(
    card: Application,
    kind: str,
    person: int,
    text: str | None,
    profile: Profile,
    templates: TemplateSet,
) -> Application:
    """``card`` keeping ``text`` as its draft of this kind for this person (None, or the
    template's own text: no edit kept)."""
    # Loaded here: the commands that change cards (add, reply, a CSV import) render no draft.
    from tui.drafts import render

    key = draft_key(kind, person)
    unedited = with_draft(card, key, None)
    if text == render(unedited, profile, kind, person, templates).text:
        text = None  # typed back to the template: not an edit
    return with_draft(card, key, text)
