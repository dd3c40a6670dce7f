"""Stats: the job search at a glance, as small bar charts."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ..model import Outcome, Stage
from ..stats import Stats

BAR_WIDTH = 30


def bar(value: float, maximum: float, style: str = "cyan") -> Text:
    """A horizontal bar in eighth-blocks, scaled so ``maximum`` fills the width."""
    if maximum <= 0:
        return Text("")
    eighths = round(value / maximum * BAR_WIDTH * 8)
    full, part = divmod(eighths, 8)
    return Text("█" * full + ("▏▎▍▌▋▊▉"[part - 1] if part else ""), style=style)


def share_row(table: Table, label: str, share: float | None, detail: str) -> None:
    """A percentage with its bar, or a dash when there is nothing to measure yet."""
    if share is None:
        table.add_row(label, Text("—", style="dim"), Text(detail, style="dim"))
        return
    bar_text = bar(share, 1.0, "green" if share >= 0.5 else "yellow")
    bar_text.append(f" {share:.0%}", style="bold")
    table.add_row(label, bar_text, Text(detail, style="dim"))


def stats_tables(stats: Stats) -> list[Table]:
    """The three charts: stages, outcomes, and how the follow-ups went."""
    stages = Table.grid(padding=(0, 2))
    stages.add_column(no_wrap=True, style="bold", width=18)
    stages.add_column()
    top = max(stats.per_stage.values(), default=0)
    for stage in Stage:
        count = stats.per_stage[stage]
        line = bar(count, top)
        line.append(f" {count}")
        stages.add_row(stage.label, line)

    outcomes = Table.grid(padding=(0, 2))
    outcomes.add_column(no_wrap=True, style="bold", width=18)
    outcomes.add_column()
    top = max(stats.outcomes.values(), default=0)
    colours = {Outcome.OFFER: "green", Outcome.REJECTED: "red", Outcome.PENDING: "cyan"}
    for outcome in Outcome:
        count = stats.outcomes[outcome]
        line = bar(count, top, colours.get(outcome, "magenta"))
        line.append(f" {count}")
        outcomes.add_row(outcome.label.capitalize(), line)

    habits = Table.grid(padding=(0, 2))
    habits.add_column(no_wrap=True, style="bold", width=18)
    habits.add_column(width=BAR_WIDTH + 6)
    habits.add_column()
    missed = stats.thank_yous_missed
    unsent = f" ({missed} overdue)" if missed else ""
    share_row(
        habits,
        "Thank-you in 24h",
        stats.on_time_share,
        # Only each card's latest round counts (an earlier round's interview time is not
        # kept, so its thank-you cannot be timed): the label says so.
        f"{stats.thank_yous_on_time} of {stats.thank_yous_due} thank-yous{unsent}, "
        "latest round of each card",
    )
    share_row(
        habits,
        "Response rate",
        stats.response_rate,
        f"{stats.responded} of {stats.decided} finished processes got an answer",
    )
    median_days = stats.median_days_to_decision
    if median_days is None:
        habits.add_row(
            "Days to decision", Text("—", style="dim"), Text("no answers yet", style="dim")
        )
    else:
        line = bar(min(median_days, 30), 30, "cyan")
        line.append(f" {median_days:.1f} days", style="bold")
        habits.add_row(
            "Days to decision", line, Text(f"median of {len(stats.days_to_decision)}", style="dim")
        )
    return [stages, outcomes, habits]


class StatsScreen(ModalScreen[None]):
    """Counts per stage and outcome, thank-yous on time, response rate, time to decision."""

    BINDINGS = [Binding("escape,q,i", "dismiss", "Close", id="stats.close")]

    def __init__(self, stats: Stats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        stages, outcomes, habits = stats_tables(self.stats)
        with Vertical(id="stats"):
            yield Static("Your job search", id="stats-title")
            with VerticalScroll(id="stats-body"):
                yield Static("Cards per stage", classes="section-title")
                yield Static(stages)
                yield Static("Outcomes", classes="section-title")
                yield Static(outcomes)
                yield Static("Follow-up habits", classes="section-title")
                yield Static(habits)
        yield Footer()
