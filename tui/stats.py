"""Figures about the job search: where the cards are, and how the follow-ups went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from . import dates, rules
from .model import Application, EventKind, MessageKind, Outcome, Profile, Stage


@dataclass(frozen=True, slots=True)
class Stats:
    """What the stats screen shows."""

    per_stage: dict[Stage, int]
    thank_yous: int
    """Thank-yous logged for the card's current round (``rules.this_round``)."""
    thank_yous_on_time: int
    """Of those, how many were sent within 24 hours of the interview."""
    thank_yous_missed: int
    """This round's thank-yous not sent though their 24 hours have passed (one per person
    the board still shows a thank-you overdue for): each is a miss, like a late one."""
    decided: int
    """Processes that ended: offer, rejected or no response (withdrawn ones are left out)."""
    responded: int
    """Of those, how many got an answer from the employer."""
    days_to_decision: list[float]
    """For each answered process, days from the latest interview to this round's first move
    into Outcome."""
    outcomes: dict[Outcome, int]

    @property
    def thank_yous_due(self) -> int:
        """Thank-yous whose time has come: those sent and those overdue."""
        return self.thank_yous + self.thank_yous_missed

    @property
    def on_time_share(self) -> float | None:
        """Share of the thank-yous due that went within 24 hours, or None when none is due."""
        due = self.thank_yous_due
        return self.thank_yous_on_time / due if due else None

    @property
    def response_rate(self) -> float | None:
        """Share of ended processes where the employer answered."""
        return self.responded / self.decided if self.decided else None

    @property
    def median_days_to_decision(self) -> float | None:
        """Median days from interview to decision, or None without data."""
        return median(self.days_to_decision) if self.days_to_decision else None


def compute(
    cards: Iterable[Application], profile: Profile | None = None, now: datetime | None = None
) -> Stats:
    """Count everything in one pass over the cards, as the rules see them at ``now`` (the
    clock's time when not given)."""
    profile = profile if profile is not None else Profile()
    now = now if now is not None else dates.now()
    per_stage = dict.fromkeys(Stage, 0)
    outcomes = dict.fromkeys(Outcome, 0)
    thank_yous = on_time = missed = decided = responded = 0
    days: list[float] = []
    for card in cards:
        per_stage[card.stage] += 1
        outcomes[card.outcome] += 1
        # The round as the rules count it (since the latest new-round event), not the round
        # number an event carries: an imported or edited card can have one without the other.
        for event in rules.sent_this_round(card, MessageKind.THANK_YOU):
            thank_yous += 1
            if card.interviewed_at <= event.at <= rules.thank_you_due_at(card):
                on_time += 1
        # A thank-you whose window passed unsent is a miss: the same test as the board's
        # "thank-you overdue", so the two never disagree. Only Interviewed owes one.
        if card.stage is Stage.INTERVIEWED:
            action = rules.next_action(card, profile, now)
            if action.kind == MessageKind.THANK_YOU and action.severity is rules.Severity.OVERDUE:
                missed += rules.how_many_left(card, MessageKind.THANK_YOU)
        offer = card.outcome.is_offer  # accepted or declined, it was an offer
        if offer or card.outcome in (Outcome.REJECTED, Outcome.NO_RESPONSE):
            decided += 1
        if offer or card.outcome is Outcome.REJECTED:
            responded += 1
            decision = next(
                (
                    event.at
                    for event in rules.this_round(card)
                    if event.kind is EventKind.MOVED
                    and event.details.get("to") == Stage.OUTCOME.value
                ),
                None,
            )
            if decision is not None and decision >= card.interviewed_at:
                days.append((decision - card.interviewed_at).total_seconds() / 86400)
    return Stats(per_stage, thank_yous, on_time, missed, decided, responded, days, outcomes)
