"""stats.py: the figures count "this round" as the rules do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from tui import changes, dates, rules, stats
from tui.model import Application, Interviewer, Outcome, Profile, Stage

INTERVIEW = datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
DANA = Interviewer(name="Dana Smith", email="dana@example.com")


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with dates.frozen_clock("2026-11-25T12:00:00+00:00"):
        yield


def card(**fields: object) -> Application:
    base = Application(
        company="Acme", role="Engineer", interviewed_at=INTERVIEW, interviewers=(DANA,)
    )
    return replace(changes.created(base, INTERVIEW), **fields)  # type: ignore[arg-type]


def test_a_round_number_raised_without_a_new_round_event_keeps_its_thank_you() -> None:
    # Round 1's thank-you (logged with round "1"), then the round edited up to 2 by hand:
    # no new-round event, so for the rules the thank-you is still this round's.
    thanked = changes.message_sent(card(), "thank_you", DANA, INTERVIEW + timedelta(hours=3))
    edited = changes.edited(thanked, replace(thanked, round=2), INTERVIEW + timedelta(days=1))
    assert edited.messages_sent("thank_you")[0].details["round"] == "1"
    assert len(rules.sent_this_round(edited, "thank_you")) == 1
    figures = stats.compute([edited])
    assert (figures.thank_yous, figures.thank_yous_on_time) == (1, 1)


def test_a_thank_you_from_before_the_new_round_does_not_count() -> None:
    first = changes.message_sent(card(), "thank_you", DANA, INTERVIEW + timedelta(hours=3))
    second = changes.new_round(first, INTERVIEW + timedelta(days=7), INTERVIEW + timedelta(days=2))
    assert stats.compute([second]).thank_yous == 0
    sent = changes.message_sent(second, "thank_you", DANA, INTERVIEW + timedelta(days=7, hours=30))
    figures = stats.compute([sent])
    assert (figures.thank_yous, figures.thank_yous_on_time) == (1, 0)


def test_on_time_is_the_rules_thank_you_window() -> None:
    due = rules.thank_you_due_at(card())
    just_in = changes.message_sent(card(), "thank_you", DANA, due)
    just_late = changes.message_sent(card(), "thank_you", DANA, due + timedelta(minutes=1))
    figures = stats.compute([just_in, just_late])
    assert (figures.thank_yous, figures.thank_yous_on_time) == (2, 1)


def test_days_to_decision_count_from_this_rounds_move_into_outcome() -> None:
    first = changes.moved(
        card(stage=Stage.CHECKED_IN), Stage.OUTCOME, INTERVIEW + timedelta(days=3)
    )
    second = changes.new_round(first, INTERVIEW + timedelta(days=7), INTERVIEW + timedelta(days=5))
    decided = changes.moved(
        replace(second, stage=Stage.CHECKED_IN, outcome=Outcome.OFFER),
        Stage.OUTCOME,
        INTERVIEW + timedelta(days=9),
    )
    assert stats.compute([decided]).days_to_decision == [2.0]


def test_the_stats_screen_says_it_counts_each_cards_latest_round() -> None:
    from rich.console import Console

    from tui.screens.stats import stats_tables

    # Two thank-yous sent in all, one in each round: the screen counts the latest round's
    # and says so, rather than "1 of 1 thank-yous" beside a history showing two.
    first = changes.message_sent(card(), "thank_you", DANA, INTERVIEW + timedelta(hours=3))
    again = changes.new_round(first, INTERVIEW + timedelta(days=7), INTERVIEW + timedelta(days=7))
    second = changes.message_sent(again, "thank_you", DANA, INTERVIEW + timedelta(days=7, hours=2))
    assert len(second.messages_sent("thank_you")) == 2
    console = Console(width=140, record=True)
    console.print(stats_tables(stats.compute([second]))[2])
    assert "1 of 1 thank-yous, latest round of each card" in console.export_text()


SAM = Interviewer(name="Sam Park", email="sam@example.com")


def test_a_thank_you_whose_window_passed_unsent_is_a_miss() -> None:
    two = card(interviewers=(DANA, SAM))
    one_sent = changes.message_sent(two, "thank_you", DANA, INTERVIEW + timedelta(hours=3))
    due = rules.thank_you_due_at(two)
    # Within the 24 hours nothing is missed yet; after them Sam's thank-you is.
    before = stats.compute([one_sent], Profile(timezone="UTC"), due - timedelta(minutes=1))
    assert (before.thank_yous, before.thank_yous_missed, before.on_time_share) == (1, 0, 1.0)
    after = stats.compute([one_sent], Profile(timezone="UTC"), due + timedelta(days=10))
    assert (after.thank_yous, after.thank_yous_on_time, after.thank_yous_missed) == (1, 1, 1)
    assert after.on_time_share == 0.5
    # Nobody thanked: both are misses.
    nobody = stats.compute([two], Profile(timezone="UTC"), due + timedelta(days=10))
    assert (nobody.thank_yous_due, nobody.on_time_share) == (2, 0.0)


def test_a_card_moved_on_without_a_logged_thank_you_is_no_miss() -> None:
    # The board no longer asks for a thank-you (the user said they sent it some other way),
    # so the stats do not count one against them either.
    moved = changes.moved(card(), Stage.THANKED, INTERVIEW + timedelta(hours=2))
    figures = stats.compute([moved], Profile(timezone="UTC"), INTERVIEW + timedelta(days=10))
    assert (figures.thank_yous_due, figures.on_time_share) == (0, None)
