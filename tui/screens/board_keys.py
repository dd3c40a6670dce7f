"""The board screen's keys: the bindings, as data, and the actions that only hand a key on.

Users remap the keys by these ids ([keys] in config.toml, KEYMAP.md), so the ids keep their
names. The actions are BoardScreen's; those whose work lives in one of its helpers are here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from ..model import Application
    from ..widgets.draft_panel import DraftPanel
    from .board_views import BoardViews
    from .card_actions import CardActions
    from .incoming import Incoming

BOARD_BINDINGS: list[BindingType] = [
    Binding("left,h", "focus_column(-1)", "Column", show=False, id="board.column_left"),
    Binding("right,l", "focus_column(1)", "Column", show=False, id="board.column_right"),
    Binding("L,shift+right", "move_card(1)", "Move →", id="board.move_right"),
    Binding("H,shift+left", "move_card(-1)", "Move ←", id="board.move_left"),
    Binding("m", "move_to", "Move to…", id="board.move_to"),
    Binding("n", "new_card", "New", id="board.new"),
    Binding("e,enter", "open_card", "Open", id="board.open"),
    Binding("d", "delete_card", "Delete", show=False, id="board.delete"),
    Binding("u", "undo", "Undo", show=False, id="board.undo"),
    Binding("ctrl+s", "retry_save", "Save again", id="board.retry_save"),
    Binding("r", "new_round", "Next round", show=False, id="board.new_round"),
    Binding("D", "decision_date", "Decision date", show=False, id="board.decision_date"),
    Binding("O", "record_outcome", "Outcome", show=False, id="board.outcome"),
    Binding("slash", "filter", "Filter", id="board.filter"),
    Binding("escape", "clear_filter", "Clear filter", id="board.clear_filter"),
    Binding("t", "today", "Today", id="board.today"),
    Binding("p", "profile", "Profile", show=False, id="board.profile"),
    Binding("i", "stats", "Stats", show=False, id="board.stats"),
    Binding("v", "toggle_columns", "All columns", show=False, id="board.columns"),
    Binding("I", "import_invite", "Invite", show=False, id="board.import_invite"),
    Binding("R", "record_reply", "Reply", show=False, id="board.record_reply"),
    Binding("x", "resolve_conflict", "Conflict", id="board.resolve_conflict"),
    Binding("c", "copy_draft", "Copy", id="draft.copy"),
    Binding("C", "copy_subject", "Copy subject", show=False, id="draft.copy_subject"),
    Binding("left_square_bracket", "cycle_kind(-1)", "Kind", show=False, id="draft.kind_prev"),
    Binding("right_square_bracket", "cycle_kind(1)", "Kind", show=False, id="draft.kind_next"),
    Binding("left_curly_bracket", "cycle_person(-1)", "Person", show=False, id="draft.person_prev"),
    Binding("right_curly_bracket", "cycle_person(1)", "Person", show=False, id="draft.person_next"),
    Binding("s", "mark_sent", "Sent", id="draft.sent"),
    Binding("E", "external_editor", "$EDITOR", show=False, id="draft.external_editor"),
    Binding("o", "open_mail", "Mail", show=False, id="draft.mail"),
    # priority: a text box would take tab for itself. The ids keep their names from when
    # these were the app's (users remap them by id).
    Binding(
        "tab", "toggle_panel(1)", "Edit draft", show=False, priority=True, id="app.toggle_panel"
    ),
    Binding(
        "shift+tab",
        "toggle_panel(-1)",
        "Board",
        show=False,
        priority=True,
        id="app.toggle_panel_back",
    ),
]

BOARD_ACTIONS = frozenset(
    binding.action.split("(")[0]
    for binding in BOARD_BINDINGS
    if isinstance(binding, Binding) and binding.id and binding.id.startswith(("board.", "draft."))
)
"""The actions of the board's own keys (board.* and draft.*): off while letters are typed."""

CARD_ACTIONS = frozenset(
    {
        "move_card",
        "move_to",
        "open_card",
        "delete_card",
        "new_round",
        "copy_draft",
        "copy_subject",
        "cycle_kind",
        "cycle_person",
        "mark_sent",
        "external_editor",
        "open_mail",
    }
)
"""The keys that act on the selected card: off while no card is selected."""


DRAFT_ACTIONS = frozenset(
    {"copy_draft", "copy_subject", "cycle_person", "mark_sent", "external_editor", "open_mail"}
)
"""The keys that act on the draft on show (the brackets pick one, so they stay)."""


class BoardKeyActions:
    """The board screen's actions that hand a key (or a paste) to the part that does the work.

    Textual looks a key up along the focus chain and runs its action on the widget that
    declares it, or, with a prefix, on the app, the screen or the focused widget
    (``App._action_targets``): never on a widget that is only shown. The board's keys act on
    the draft panel and the dialogs while a column has focus, so the screen declares them and
    passes each one on.
    """

    card_actions: CardActions
    incoming: Incoming
    views: BoardViews
    draft_panel: DraftPanel

    # -- the selected card: dialogs and forms (card_actions.py) ----------------------------

    def action_move_to(self) -> None:
        """Pick any stage for the selected card."""
        self.card_actions.move_to()

    def action_new_card(self) -> None:
        """Add an interview through the form."""
        self.card_actions.new_card()

    def edit_card(self, card: Application) -> None:
        """Edit a card through the form."""
        self.card_actions.edit_card(card)

    def action_open_card(self) -> None:
        """Show the whole card and its history."""
        self.card_actions.open_card()

    def action_delete_card(self) -> None:
        """Delete the selected card after asking; u brings it back."""
        self.card_actions.delete_card()

    def action_decision_date(self) -> None:
        """Enter the date they said they would decide by, in one key: the card moves on."""
        self.card_actions.decision_date()

    def action_record_outcome(self) -> None:
        """Record the outcome in one key: offer accepted or declined, rejected, ..."""
        self.card_actions.record_outcome()

    def action_new_round(self) -> None:
        """Record another interview round: a new thank-you becomes due."""
        self.card_actions.new_round()

    def action_resolve_conflict(self) -> None:
        """Show how this card differs from the other copy's version, and keep one of them."""
        self.card_actions.resolve_conflict()

    # -- invites and replies coming in (incoming.py) ---------------------------------------

    def on_paste(self, event: events.Paste) -> None:
        """A path pasted (or a file dragged) onto the board: an .ics is imported, an .eml
        recorded as a reply."""
        if self.incoming.paste(event.text):
            event.stop()

    def action_import_invite(self) -> None:
        """Ask for a saved invite (.ics), the newest one filled in, and import it."""
        self.incoming.import_invite()

    def action_record_reply(self) -> None:
        """Ask for a saved reply (.eml), the newest one filled in, and record it."""
        self.incoming.record_reply()

    # -- views over the board (board_views.py) ---------------------------------------------

    def action_today(self) -> None:
        """Every action due or overdue, most urgent first."""
        self.views.today()

    def action_profile(self) -> None:
        """Edit the user's profile."""
        self.views.profile()

    def action_stats(self) -> None:
        """Counts, response rate and time to decision, as bar charts."""
        self.views.stats()

    def export(self, fmt: str) -> None:
        """Write the board to a file the user names (ICS, CSV or JSON)."""
        self.views.export(fmt)

    # -- the draft on show (draft_panel.py) ------------------------------------------------

    def copy_kind(self, kind: str) -> None:
        """Show a kind of message for the selected card and copy it."""
        self.draft_panel.copy_kind(kind)

    def action_copy_draft(self) -> None:
        """Copy the draft's body to the clipboard; again, its subject (and so on in turn)."""
        self.draft_panel.copy_draft()

    def action_copy_subject(self) -> None:
        """Copy the draft's subject to the clipboard."""
        self.draft_panel.copy_subject()

    def action_cycle_kind(self, step: int) -> None:
        """Show the previous or next kind of message for this card."""
        self.draft_panel.cycle_kind(step)

    def action_cycle_person(self, step: int) -> None:
        """Show the draft for the previous or next interviewer."""
        self.draft_panel.cycle_person(step)

    def action_reset_draft(self) -> None:
        """Throw away edits: the draft comes from the template again."""
        self.draft_panel.reset_draft()

    def action_external_editor(self) -> None:
        """Edit the draft in $EDITOR; the result is kept on the card."""
        self.draft_panel.edit_externally()

    def action_open_mail(self) -> None:
        """Open the mail client with this draft."""
        self.draft_panel.open_mail()
