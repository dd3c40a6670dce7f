"""Everything about one card: its fields and its history."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from .. import dates, rules
from ..model import Application, Profile
from ..widgets.safe_text import printable


def card_table(card: Application, profile: Profile) -> Table:
    """The card's fields as a two-column table of plain text."""
    tz = profile.timezone
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    action = rules.next_action(card, profile, dates.now())

    def row(label: str, value: str) -> None:
        if value:
            table.add_row(label, Text(printable(value, keep_newlines=True)))

    row("Company", card.company)
    row("Role", card.role)
    row("Stage", card.stage.label)
    row("Next", action.label)
    row(
        "Interviewed",
        f"{dates.short_datetime(card.interviewed_at, tz)} · round {card.round}"
        f" · {card.format.value}",
    )
    for number, person in enumerate(card.interviewers, 1):
        details = " · ".join(
            part for part in (person.title, person.email, person.linkedin, person.twitter) if part
        )
        row(f"Interviewer {number}", person.name + (f" ({details})" if details else ""))
    row("Key points", card.key_points)
    row("Decision by", dates.short_day(card.decision_by) if card.decision_by else "")
    row("Follow up on", dates.short_day(card.follow_up_on) if card.follow_up_on else "")
    row("Check in from", dates.short_day(rules.follow_up_date(card, profile)))
    row("Outcome", card.outcome.label)
    row("Feedback", card.feedback)
    row("Connected", ", ".join(card.connected_via))
    row("Posting", card.posting_url)
    row("Notes", card.notes)
    return table


def history_table(card: Application, profile: Profile) -> Table:
    """Every move, edit and message, oldest first."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for event in card.history:
        table.add_row(
            dates.short_datetime(event.at, profile.timezone),
            Text(printable(event.summary)),
        )
    if not card.history:
        table.add_row("", Text("No history yet.", style="dim"))
    return table


class CardDetailScreen(ModalScreen[str | None]):
    """A card in full, with its history; e edits it (the screen returns "edit")."""

    BINDINGS = [
        Binding("escape,q,enter", "dismiss", "Close", id="detail.close"),
        Binding("e", "edit", "Edit", id="detail.edit"),
    ]

    def __init__(self, card: Application, profile: Profile) -> None:
        super().__init__()
        self.card = card
        self.profile = profile

    def compose(self) -> ComposeResult:
        with Vertical(id="detail"):
            yield Static(
                Content(printable(f"{self.card.company} · {self.card.role}")), id="detail-title"
            )
            with VerticalScroll(id="detail-body"):
                yield Static(card_table(self.card, self.profile))
                yield Static("History", classes="section-title")
                yield Static(history_table(self.card, self.profile))
        yield Footer()

    def action_edit(self) -> None:
        """Close this view; whoever opened it opens the edit form."""
        self.dismiss("edit")
