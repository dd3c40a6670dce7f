"""Today: every follow-up due or overdue, most urgent first."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..model import Application, Profile
from ..rules import NextAction, Severity
from ..widgets.safe_text import printable

_MARKS = {
    Severity.OVERDUE: ("!! ", "bold $error"),
    Severity.WARNING: ("!  ", "bold $warning"),
    Severity.DUE: ("•  ", "bold $success"),
}


class TodayScreen(ModalScreen[int | None]):
    """The day's to-do list; enter jumps to the card on the board."""

    BINDINGS = [
        # A priority binding: the list's own enter is hidden from the footer, and this one
        # shows there what enter does.
        Binding("enter", "open_card", "Open card", id="today.open", priority=True),
        Binding("escape,t,q", "close", "Close", id="today.close"),
    ]

    def __init__(self, actions: list[tuple[Application, NextAction]], profile: Profile) -> None:
        super().__init__()
        self.actions = actions
        self.profile = profile

    def compose(self) -> ComposeResult:
        with Vertical(id="today"):
            count = len(self.actions)
            title = (
                "Today: nothing due. Enjoy your day."
                if not count
                else (f"Today: {count} follow-up{'s' if count != 1 else ''} to do")
            )
            yield Static(Content(title), id="today-title")
            options = [
                Option(
                    Content.assemble(
                        _MARKS.get(action.severity, ("   ", "")),
                        (printable(card.company), "bold"),
                        " · ",
                        printable(card.role),
                        "\n   ",
                        (action.label, "italic"),
                    ),
                    id=str(card.doc_id),
                )
                for card, action in self.actions
            ]
            yield OptionList(*options, id="today-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id) if event.option.id else None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # With nothing due there is no card to open: the key leaves the footer.
        return bool(self.actions) if action == "open_card" else True

    def action_open_card(self) -> None:
        """Jump to the highlighted action's card, as the list's own enter does."""
        self.query_one(OptionList).action_select()

    def action_close(self) -> None:
        """Back to the board."""
        self.dismiss(None)
