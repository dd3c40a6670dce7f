"""Figures about the job search: where the cards are, and how the follow-ups went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from statistics import median

from . import rules
from .model import Application, EventKind, Outcome, Stage


@dataclass(frozen=True, slots=True)
class Stats:
    """What the stats screen shows."""

    per_stage: dict[Stage, int]
    thank_yous: int
    """Thank-yous logged for the card's current round (``rules.this_round``)."""
    thank_yous_on_time: int
    """Of those, how many were sent within 24 hours of the interview."""
    decided: int
    """Processes that ended: offer, rejected or no response (withdrawn ones are left out)."""
    responded: int
    """Of those, how many got an answer from the employer."""
    days_to_decision: list[float]
    """For each answered process, days from the latest interview to this round's first move
    into Outcome."""
    outcomes: dict[Outcome, int]

    @property
    def on_time_share(self) -> float | None:
        """Share of thank-yous sent within 24 hours, or None when none were sent."""
        return self.thank_yous_on_time / self.thank_yous if self.thank_yous else None

    @property
    def response_rate(self) -> float | None:
        """Share of ended processes where the employer answered."""
        return self.responded / self.decided if self.decided else None

    @property
    def median_days_to_decision(self) -> float | None:
        """Median days from interview to decision, or None without data."""
        return median(self.days_to_decision) if self.days_to_decision else None


def compute(cards: Iterable[Application]) -> Stats:
    """Count everything in one pass over the cards."""
    per_stage = dict.fromkeys(Stage, 0)
    outcomes = dict.fromkeys(Outcome, 0)
    thank_yous = on_time = decided = responded = 0
    days: list[float] = []
    for card in cards:
        per_stage[card.stage] += 1
        outcomes[card.outcome] += 1
        # The round as the rules count it (since the latest new-round event), not the round
        # number an event carries: an imported or edited card can have one without the other.
        for event in rules.sent_this_round(card, "thank_you"):
            thank_yous += 1
            if card.interviewed_at <= event.at <= rules.thank_you_due_at(card):
                on_time += 1
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
    return Stats(per_stage, thank_yous, on_time, decided, responded, days, outcomes)
