"""changes.py: each change returns a new card with the right history entry."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tui import changes
from tui.model import Application, Event, EventKind, Interviewer, Outcome, Stage, draft_key
from tui.model_docs import application_from_doc, application_to_doc
from tui.store import Store

INTERVIEW = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
DANA = Interviewer(name="Dana Smith", title="Engineering Manager", email="dana@example.com")


def fresh() -> Application:
    return Application(
        company="Acme", role="Engineer", interviewed_at=INTERVIEW, interviewers=(DANA,)
    )


def last(card: Application) -> Event:
    return card.history[-1]


def test_created() -> None:
    card = changes.created(fresh(), NOW)
    assert card.history == (
        Event(NOW, EventKind.CREATED, "Added: Interviewed", {"stage": "interviewed"}),
    )
    assert changes.created(replace(fresh(), stage=Stage.THANKED), NOW).history[0].summary == (
        "Added: Thanked"
    )


def test_moved() -> None:
    card = changes.moved(fresh(), Stage.THANKED, NOW)
    assert card.stage is Stage.THANKED
    assert last(card) == Event(
        NOW,
        EventKind.MOVED,
        "Moved from Interviewed to Thanked",
        {"from": "interviewed", "to": "thanked"},
    )
    assert changes.moved(card, Stage.THANKED, NOW) is card


def decided(outcome: Outcome = Outcome.REJECTED, stage: Stage = Stage.NETWORKED) -> Application:
    return replace(changes.created(fresh(), NOW), stage=stage, outcome=outcome)


def test_moving_back_before_outcome_reopens_it() -> None:
    back = changes.moved(decided(), Stage.CHECKED_IN, NOW)
    assert (back.stage, back.outcome) == (Stage.CHECKED_IN, Outcome.PENDING)
    assert last(back) == Event(
        NOW,
        EventKind.MOVED,
        "Moved from Networked to Checked In; outcome rejected back to pending",
        {"from": "networked", "to": "checked_in", "outcome_was": "rejected"},
    )
    # Within the earlier stages too: moved back, the card is waiting again.
    earlier = changes.moved(decided(Outcome.OFFER, Stage.CHECKED_IN), Stage.THANKED, NOW)
    assert earlier.outcome is Outcome.PENDING
    assert last(earlier).details["outcome_was"] == "offer"


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Stage.NETWORKED, Stage.OUTCOME),  # still in the outcome's columns
        (Stage.CHECKED_IN, Stage.OUTCOME),  # forward: a rejection recorded while checking in
        (Stage.THANKED, Stage.AWAITING_DECISION),
    ],
)
def test_moves_that_keep_the_outcome(start: Stage, to: Stage) -> None:
    result = changes.moved(decided(stage=start), to, NOW)
    assert result.outcome is Outcome.REJECTED
    assert "outcome_was" not in last(result).details
    assert "pending" not in last(result).summary


def test_moving_back_a_pending_card_says_nothing_of_the_outcome() -> None:
    result = changes.moved(decided(Outcome.PENDING), Stage.CHECKED_IN, NOW)
    assert last(result).details == {"from": "networked", "to": "checked_in"}


def test_an_edit_that_moves_back_and_sets_the_outcome_keeps_it() -> None:
    old = decided()
    new = replace(old, stage=Stage.CHECKED_IN, outcome=Outcome.OFFER)
    result = changes.edited(old, new, NOW)
    assert result.outcome is Outcome.OFFER
    assert [event.summary for event in result.history[-2:]] == [
        "Moved from Networked to Checked In",
        "Edited outcome: offer",
    ]
    reopened = changes.edited(old, replace(old, stage=Stage.CHECKED_IN), NOW)
    assert reopened.outcome is Outcome.PENDING


def test_undo_brings_back_the_outcome_a_move_reopened(tmp_path: Path) -> None:
    with Store(tmp_path / "board.json") as store:
        saved = store.add(decided())
        store.put(changes.moved(saved, Stage.CHECKED_IN, NOW))
        assert store.applications()[0].outcome is Outcome.PENDING
        store.undo()
        (restored,) = store.applications()
    assert (restored.stage, restored.outcome) == (Stage.NETWORKED, Outcome.REJECTED)


def test_changes_leave_the_original_alone() -> None:
    original = fresh()
    changes.moved(original, Stage.OUTCOME, NOW)
    changes.with_draft(original, "thank_you:0", "Hi")
    assert original.stage is Stage.INTERVIEWED
    assert original.history == ()
    assert original.drafts == {}


def test_edited_lists_changed_fields_in_words() -> None:
    old = changes.created(fresh(), NOW)
    new = replace(old, decision_by=date(2026, 12, 4), notes="Hybrid role")
    result = changes.edited(old, new, NOW)
    assert last(result) == Event(
        NOW, EventKind.EDITED, "Edited decision date, notes", {"fields": "decision_by,notes"}
    )
    assert result.decision_by == date(2026, 12, 4)
    assert len(result.history) == 2


def test_edited_every_field_has_words() -> None:
    old = fresh()
    new = replace(
        old,
        company="Acme Ltd",
        interviewed_at=INTERVIEW + timedelta(hours=1),
        follow_up_on=date(2026, 12, 1),
        key_points="queues",
        posting_url="https://example.com/job",
        outcome=Outcome.OFFER,
        connected_via=("LinkedIn",),
    )
    edited = changes.edited(old, new, NOW)
    assert edited.history[-2].summary == (
        "Edited company, interview date, key points, check-in date, outcome: offer, posting link, "
        "connections"
    )
    # The outcome recorded takes the card to Outcome, after the edit that caused it.
    assert last(edited).summary == "Moved from Interviewed to Outcome"


def test_an_edit_moves_the_card_where_it_implies() -> None:
    thanked = replace(fresh(), stage=Stage.THANKED)
    with_date = changes.edited(thanked, replace(thanked, decision_by=date(2026, 12, 4)), NOW)
    assert with_date.stage is Stage.AWAITING_DECISION
    checked_in = replace(fresh(), stage=Stage.CHECKED_IN)
    rejected = changes.edited(checked_in, replace(checked_in, outcome=Outcome.REJECTED), NOW)
    assert (rejected.stage, rejected.outcome) == (Stage.OUTCOME, Outcome.REJECTED)
    # A stage chosen in the same edit stands; a card already past Outcome stays.
    chosen = replace(thanked, stage=Stage.CHECKED_IN, decision_by=date(2026, 12, 4))
    assert changes.edited(thanked, chosen, NOW).stage is Stage.CHECKED_IN
    networked = replace(fresh(), stage=Stage.NETWORKED)
    later = changes.edited(networked, replace(networked, outcome=Outcome.OFFER), NOW)
    assert later.stage is Stage.NETWORKED


def test_edit_of_drafts_alone_is_not_history() -> None:
    old = changes.created(fresh(), NOW)
    new = replace(old, drafts={"thank_you:0": "Dear Dana"})
    assert changes.edited(old, new, NOW) is new
    assert changes.edited(old, old, NOW) is old


def test_edit_that_changes_the_stage_logs_a_move() -> None:
    old = changes.created(fresh(), NOW)
    new = replace(old, stage=Stage.AWAITING_DECISION, decision_by=date(2026, 12, 4))
    result = changes.edited(old, new, NOW)
    assert result.stage is Stage.AWAITING_DECISION
    assert [event.summary for event in result.history] == [
        "Added: Interviewed",
        "Moved from Interviewed to Awaiting Decision",
        "Edited decision date",
    ]


def test_message_sent_logs_and_moves() -> None:
    card = changes.created(fresh(), NOW)
    result = changes.message_sent(card, "thank_you", DANA, NOW)
    sent, move = result.history[-2:]
    assert sent == Event(
        NOW,
        EventKind.MESSAGE_SENT,
        "Sent the thank-you to Dana Smith",
        {"message": "thank_you", "round": "1", "to": "Dana Smith", "email": "dana@example.com"},
    )
    assert move.summary == "Moved from Interviewed to Thanked"
    assert result.stage is Stage.THANKED
    assert result.messages_sent("thank_you") == [sent]


def test_message_sent_without_a_recipient_and_without_a_move() -> None:
    card = replace(changes.created(fresh(), NOW), stage=Stage.THANKED, interviewers=())
    result = changes.message_sent(card, "timeline_question", None, NOW)
    assert result.stage is Stage.THANKED
    assert last(result) == Event(
        NOW,
        EventKind.MESSAGE_SENT,
        "Sent the timeline question",
        {"message": "timeline_question", "round": "1"},
    )
    no_email = changes.message_sent(card, "check_in", Interviewer(name="Sam"), NOW)
    assert no_email.history[-2].details == {"message": "check_in", "round": "1", "to": "Sam"}
    assert no_email.stage is Stage.CHECKED_IN


def test_a_thank_you_to_one_of_two_interviewers_stays_in_interviewed() -> None:
    sam = Interviewer(name="Sam Park")
    card = replace(changes.created(fresh(), NOW), interviewers=(sam, DANA))
    result = changes.message_sent(card, "thank_you", DANA, NOW, interviewer_index=1)
    assert result.stage is Stage.INTERVIEWED
    assert last(result) == Event(
        NOW,
        EventKind.MESSAGE_SENT,
        "Sent the thank-you to Dana Smith",
        {
            "message": "thank_you",
            "round": "1",
            "to": "Dana Smith",
            "email": "dana@example.com",
            "interviewer": "1",
            "of": "2",
        },
    )
    done = changes.message_sent(result, "thank_you", sam, NOW, interviewer_index=0)
    assert done.stage is Stage.THANKED
    assert last(done).summary == "Moved from Interviewed to Thanked"
    # No recipient, no index: there is nobody to point at.
    anonymous = changes.message_sent(card, "thank_you", None, NOW, interviewer_index=0)
    assert "interviewer" not in anonymous.history[-1].details


def test_new_round() -> None:
    card = changes.message_sent(changes.created(fresh(), NOW), "thank_you", DANA, NOW)
    second_interview = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)
    later = NOW + timedelta(days=4)
    result = changes.new_round(card, second_interview, later)
    assert (result.round, result.stage, result.interviewed_at) == (
        2,
        Stage.INTERVIEWED,
        second_interview,
    )
    assert [(event.kind, event.summary, event.details) for event in result.history[-2:]] == [
        (
            EventKind.NEW_ROUND,
            "Round 2 interview with Dana Smith",
            {"round": "2", "people": "Dana Smith"},
        ),
        (
            EventKind.MOVED,
            "Moved from Thanked to Interviewed",
            {"from": "thanked", "to": "interviewed"},
        ),
    ]
    sent_again = changes.message_sent(result, "thank_you", DANA, later)
    assert sent_again.history[-2].details["round"] == "2"


def test_new_round_clears_the_earlier_rounds_timeline() -> None:
    # They said "decision by Tue 24 Nov, check in from Wed 25 Nov" after round 1: that was
    # round 1's timeline, and round 2 needs its own.
    card = replace(
        changes.created(fresh(), NOW),
        stage=Stage.AWAITING_DECISION,
        decision_by=date(2026, 11, 24),
        follow_up_on=date(2026, 11, 25),
    )
    result = changes.new_round(card, NOW, NOW)
    assert (result.decision_by, result.follow_up_on) == (None, None)
    round_event = result.history[-2]
    assert (round_event.kind, round_event.summary, round_event.details) == (
        EventKind.NEW_ROUND,
        "Round 2 interview with Dana Smith; decision date 2026-11-24 and check-in date "
        "2026-11-25 cleared",
        {
            "round": "2",
            "people": "Dana Smith",
            "decision_by_was": "2026-11-24",
            "follow_up_on_was": "2026-11-25",
        },
    )
    only_decision = changes.new_round(replace(card, follow_up_on=None), NOW, NOW)
    assert only_decision.history[-2].summary == (
        "Round 2 interview with Dana Smith; decision date 2026-11-24 cleared"
    )
    assert (card.decision_by, card.follow_up_on) == (date(2026, 11, 24), date(2026, 11, 25))


def test_new_round_drops_drafts_edited_for_the_earlier_round(tmp_path: Path) -> None:
    key = draft_key("thank_you", 0)
    edited = changes.with_draft(changes.created(fresh(), NOW), key, "Dear Dana, round 1 ...")
    result = changes.new_round(edited, INTERVIEW + timedelta(days=7), NOW)
    assert result.drafts == {}
    assert edited.drafts == {key: "Dear Dana, round 1 ..."}
    # Undo restores the card as it was before the change, drafts included.
    with Store(tmp_path / "board.json") as store:
        saved = store.add(edited)
        store.put(changes.new_round(saved, INTERVIEW + timedelta(days=7), NOW))
        assert store.applications()[0].drafts == {}
        store.undo()
        (restored,) = store.applications()
    assert (restored.round, restored.drafts) == (1, {key: "Dear Dana, round 1 ..."})


def test_new_round_while_interviewed_adds_no_move() -> None:
    result = changes.new_round(fresh(), INTERVIEW + timedelta(days=7), NOW)
    assert [event.kind for event in result.history] == [EventKind.NEW_ROUND]


def test_connected() -> None:
    card = changes.connected(fresh(), " LinkedIn ", NOW)
    assert card.connected_via == ("LinkedIn",)
    assert last(card) == Event(
        NOW, EventKind.CONNECTED, "Connected on LinkedIn", {"via": "LinkedIn"}
    )
    assert changes.connected(card, "linkedin", NOW) is card
    both = changes.connected(card, "Twitter/X", NOW)
    assert both.connected_via == ("LinkedIn", "Twitter/X")
    with pytest.raises(ValueError, match="LinkedIn"):
        changes.connected(card, "  ", NOW)


def test_with_draft_sets_and_clears_without_history() -> None:
    key = draft_key("thank_you", 0)
    card = changes.with_draft(fresh(), key, "Dear Dana,\nThank you.")
    assert card.drafts == {key: "Dear Dana,\nThank you."}
    assert card.history == ()
    assert changes.with_draft(card, key, "Dear Dana,\nThank you.") is card
    cleared = changes.with_draft(card, key, None)
    assert cleared.drafts == {}
    assert changes.with_draft(cleared, key, None) is cleared


def test_history_survives_the_document_round_trip() -> None:
    card = changes.created(fresh(), NOW)
    card = changes.message_sent(card, "thank_you", DANA, NOW)
    card = changes.new_round(card, INTERVIEW + timedelta(days=8), NOW + timedelta(days=3))
    card = changes.connected(card, "Twitter/X", NOW + timedelta(days=3))
    assert application_from_doc(application_to_doc(card)) == card


def test_history_survives_the_store(tmp_path: Path) -> None:
    path = tmp_path / "board.json"
    with Store(path) as store:
        saved = store.add(changes.created(fresh(), NOW))
        store.put(changes.message_sent(saved, "thank_you", DANA, NOW))
    with Store(path, read_only=True) as store:
        (reopened,) = store.applications()
    assert reopened.stage is Stage.THANKED
    assert [event.summary for event in reopened.history] == [
        "Added: Interviewed",
        "Sent the thank-you to Dana Smith",
        "Moved from Interviewed to Thanked",
    ]


def test_a_round_records_who_was_there_and_keeps_everyone_met() -> None:
    alan = Interviewer(name="Dr. Alan Ortiz", email="alan@lumina.example")
    priya = Interviewer(name="Priya Raman", title="HR Partner")
    first = changes.created(replace(fresh(), interviewers=(alan, priya)), NOW)
    lee = Interviewer(name="Lee Chen", title="Head of Data")
    # Round 2: Alan again (typed with different spacing), and Lee for the first time.
    second = changes.new_round(
        first, NOW + timedelta(days=7), NOW, (Interviewer(name="Dr.  Alan Ortiz"), lee)
    )
    people = {person.name: person.rounds for person in second.interviewers}
    assert people == {"Dr. Alan Ortiz": (1, 2), "Priya Raman": (1,), "Lee Chen": (2,)}
    assert second.history[-1].summary == "Round 2 interview with Dr. Alan Ortiz, Lee Chen"
    alan_now, priya_now, lee_now = second.interviewers
    assert alan_now.email == "alan@lumina.example"  # nothing known is lost
    assert alan_now.met_before(2) and not lee_now.met_before(2)
    assert not priya_now.was_at(2)
    # Round 3 without naming anyone: the people of round 2.
    third = changes.new_round(second, NOW + timedelta(days=14), NOW)
    assert [person.rounds for person in third.interviewers] == [(1, 2, 3), (1,), (2, 3)]


def test_an_edit_keeps_what_the_form_does_not_show() -> None:
    alan = Interviewer(name="Dr. Alan Ortiz", greeting="first", talked_about="dbt", rounds=(1, 2))
    card = replace(fresh(), interviewers=(alan,), round=2)
    # The form gives the person back as text: rounds and letter settings are not in it.
    edited = changes.edited(
        card, replace(card, interviewers=(Interviewer(name="Dr. Alan Ortiz", title="Lead"),)), NOW
    )
    assert edited.interviewers == (replace(alan, title="Lead"),)


def test_a_card_created_with_a_decision_date_goes_where_a_later_date_would() -> None:
    thanked = replace(fresh(), stage=Stage.THANKED)
    later = changes.edited(thanked, replace(thanked, decision_by=date(2026, 12, 4)), NOW)
    at_once = changes.created(replace(thanked, decision_by=date(2026, 12, 4)), NOW)
    assert at_once.stage is later.stage is Stage.AWAITING_DECISION
    assert [event.kind for event in at_once.history] == [EventKind.CREATED, EventKind.MOVED]
    # An outcome given at creation keeps the stage given (an import says where a card is).
    decided = changes.created(replace(fresh(), outcome=Outcome.REJECTED), NOW)
    assert decided.stage is Stage.INTERVIEWED
    assert changes.created(fresh(), NOW).stage is Stage.INTERVIEWED
