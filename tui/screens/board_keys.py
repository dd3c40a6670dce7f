"""The board screen's keys, as data: users remap them by these ids ([keys] in config.toml,
KEYMAP.md), so the ids keep their names; the actions are BoardScreen's."""

from __future__ import annotations

from textual.binding import Binding, BindingType

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
