"""Where a card moves by itself: after an edit, after a message is marked sent, and when
a move back reopens its outcome."""

from __future__ import annotations

from tui.model import Application, Outcome, Stage
from tui.rules.round_history import next_recipient

_PENDING = Outcome.PENDING
_OUTCOME = Stage.OUTCOME


def reopens_outcome(card: Application, stage: Stage) -> bool:
    """Whether moving the card back to ``stage`` reopens its recorded outcome.

    A card moved back to a stage before Outcome is waiting again: its outcome is not settled.
    A move forward (a rejection recorded in Checked In, walked on to Networked) keeps it.
    """
    return (
        card.outcome is not _PENDING
        and stage.position < card.stage.position
        and stage.position < _OUTCOME.position
    )


_BEFORE_CHECKING_IN = (Stage.INTERVIEWED, Stage.THANKED, Stage.AWAITING_DECISION)


def stage_after_edit(old: Application, new: Application) -> Stage | None:
    """Where an edit moves a card by itself, or None to leave it where the user put it.

    An outcome recorded on a card still before Outcome takes it to Outcome; a decision or
    check-in date given to a Thanked card (their timeline is known) takes it to Awaiting
    Decision. An edit that changes the stage itself is the user's choice and stands.
    """
    if new.stage is not old.stage:
        return None
    if (
        old.outcome is _PENDING
        and new.outcome is not _PENDING
        and new.stage.position < _OUTCOME.position
    ):
        return _OUTCOME
    timeline_given = old.decision_by is None and old.follow_up_on is None
    if new.stage is Stage.THANKED and timeline_given and (new.decision_by or new.follow_up_on):
        return Stage.AWAITING_DECISION
    return None


def stage_after_sent(card: Application, kind: str) -> Stage | None:
    """Where sending a message moves the card, or None to stay put.

    ``card`` has the message logged already (``changes.message_sent`` logs it first): a
    card with several interviewers moves on once the last of them has had its thank-you
    (or its final thank-you).
    """
    if len(card.interviewers) > 1 and next_recipient(card, kind) is not None:
        return None
    if kind == "thank_you" and card.stage is Stage.INTERVIEWED:
        return Stage.THANKED
    # A card in Interviewed whose interviewers are all thanked asks what Thanked would
    # (it was moved back by hand): its timeline question and check-in move it on too.
    if kind == "check_in" and card.stage in _BEFORE_CHECKING_IN:
        return Stage.CHECKED_IN
    if kind == "timeline_question" and card.stage is Stage.INTERVIEWED:
        return Stage.THANKED
    # A final thank-you closes the process, so it only moves a card whose outcome is known
    # or that already sits in Outcome.
    process_over = card.stage is Stage.OUTCOME or card.outcome is not Outcome.PENDING
    if kind == "final_thanks" and process_over and card.stage is not Stage.NETWORKED:
        return Stage.NETWORKED
    return None
