"""What ``status`` prints, worked out once per change of the board and kept for a week.

A card's severity changes only at moments the rules name: its interview, its thank-you's
warning and deadline, and the user's local midnights (every day-based rule: check-ins,
overdue after business days). So the counts are a step function of time; ``timeline``
evaluates each card just after each of those moments and keeps the steps, and
``tui.remind.prompt`` looks the time up in the file ``save`` writes (no card decoding, no
rules), which is what lets ``status`` run on every shell prompt. The file is used only
while the board file, the settings file and $TZ are those it was made from, for a week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from tui.model import Application, Profile
from tui.remind import prompt

DAYS = 7


def timeline(
    cards: Sequence[Application], profile: Profile, now: datetime
) -> list[tuple[float, int, int]]:
    """[(from this moment, due, overdue), ...] from ``now`` for DAYS local days; the last
    entry says when the timeline ends."""
    from tui import dates, rules

    where = dates.zone(profile.timezone)
    today = dates.local_date(now, where)
    midnights = [
        dates.start_of_local_day(today + timedelta(days=n), where) for n in range(1, DAYS + 1)
    ]
    until = midnights[-1]
    just_after = timedelta(seconds=prompt.JUST_AFTER)
    deltas: dict[float, list[int]] = {}
    due = overdue = 0

    def kind(card: Application, at: datetime) -> int:
        severity = rules.urgency_key(card, profile, at)[0]
        if severity == rules.Severity.OVERDUE:
            return 2
        return 1 if severity <= rules.Severity.DUE else 0

    for card in cards:
        before = kind(card, now)
        due += before == 1
        overdue += before == 2
        deadline = rules.thank_you_due_at(card)
        moments = {card.interviewed_at, deadline - rules.THANK_YOU_WARNING, deadline}
        for moment in sorted({m for m in moments if now < m < until} | set(midnights[:-1])):
            after = kind(card, moment + just_after)
            if after != before:
                step = deltas.setdefault((moment + just_after).timestamp(), [0, 0])
                step[0] += (after == 1) - (before == 1)
                step[1] += (after == 2) - (before == 2)
                before = after
    steps = [(now.timestamp(), due, overdue)]
    for at in sorted(deltas):
        due += deltas[at][0]
        overdue += deltas[at][1]
        steps.append((at, due, overdue))
    steps.append((until.timestamp(), due, overdue))
    return steps


def save(board: str, steps: list[tuple[float, int, int]]) -> None:
    """Keep the steps for ``prompt.lookup``; a cache that cannot be written is only slower."""
    from tui.exchange.output import write_file

    lines = [prompt.MAGIC, prompt.cache_key(board), f"{steps[0][0]!r} {steps[-1][0]!r}"]
    lines += [f"{at!r} {due} {overdue}" for at, due, overdue in steps[:-1]]
    path = Path(prompt.cache_file(board))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_file(path, ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape"))
    except OSError:
        pass
