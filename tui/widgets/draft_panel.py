"""The side panel: the selected card's message, its gaps highlighted, and editable."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import ContentSwitcher, Static, TextArea

from ..drafts import PLACEHOLDER_PATTERN, Draft
from .safe_text import printable

BOARD_KEYS = "c copy  s sent  o mail\n[ ] kind  { } who\ntab edit  E $EDITOR"
"""The panel's keys while the board has focus."""

EDITOR_KEYS = "ctrl+y copy  ctrl+r reset\nescape or tab: back to board"
"""The panel's keys while the editor has focus."""


class DraftEditor(TextArea):
    """The draft as editable text; letters are typed, so its keys use ctrl."""

    BINDINGS = [
        Binding("ctrl+y", "app.copy_draft", "Copy", id="draft.copy_in_editor"),
        Binding("ctrl+r", "app.reset_draft", "Reset to template", id="draft.reset"),
        Binding("escape", "leave", "Back to board", id="draft.leave"),
    ]

    def action_leave(self) -> None:
        """Return to the board; the panel keeps what was typed."""
        self.post_message(DraftPanel.EditorLeft(self.text))


class DraftPanel(Vertical):
    """Shows the draft for the card selected on the board."""

    DEFAULT_CSS = """
    DraftPanel { width: 46; border: round $panel-lighten-2; padding: 0 1; }
    DraftPanel:focus-within { border: round $accent; }
    DraftPanel #draft-heading { text-style: bold; }
    DraftPanel #draft-status { color: $text-muted; }
    DraftPanel #draft-status.-missing { color: $warning; }
    DraftPanel #draft-preview-scroll { height: 1fr; margin-top: 1; }
    DraftPanel #draft-editor { height: 1fr; margin-top: 1; border: none; padding: 0; }
    DraftPanel #draft-switcher { height: 1fr; }
    DraftPanel #draft-keys { color: $text-muted; height: auto; }
    """

    class EditorLeft(Message):
        """The user pressed escape in the editor; ``text`` is what it holds."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class DraftEdited(Message):
        """The user changed the draft text in the editor."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.draft: Draft | None = None
        """The draft on show, or None when no card is selected."""
        self._loaded_text = ""

    def compose(self) -> ComposeResult:
        yield Static(id="draft-heading")
        yield Static(id="draft-status")
        with ContentSwitcher(initial="draft-preview-scroll", id="draft-switcher"):
            with VerticalScroll(id="draft-preview-scroll"):
                yield Static(id="draft-preview")
            yield DraftEditor(id="draft-editor", soft_wrap=True, show_line_numbers=False)
        yield Static(BOARD_KEYS, id="draft-keys", markup=False)

    def show(self, draft: Draft | None, *, people: int = 0) -> None:
        """Show a draft (None: nothing selected). ``people`` is how many it could be sent to."""
        self.draft = draft
        heading = self.query_one("#draft-heading", Static)
        status = self.query_one("#draft-status", Static)
        preview = self.query_one("#draft-preview", Static)
        self.border_title = "Draft"
        if draft is None:
            heading.update("No card selected")
            status.update("Add a card with n, or pick one on the board.")
            status.remove_class("-missing")
            preview.update("")
            self._set_editor_text("")
            return
        recipient = draft.recipient.name if draft.recipient and draft.recipient.name else ""
        to = f" to {printable(recipient)}" if recipient else ""
        counter = f" ({draft.interviewer_index + 1}/{people})" if people > 1 else ""
        edited = " · edited" if draft.edited else ""
        heading.update(Content(f"{draft.title}{to}{counter}{edited}"))
        text = draft.text
        if draft.missing:
            count = len(draft.missing)
            fields = "field" if count == 1 else "fields"
            status.update(Content(f"{count} {fields} to fill in before sending"))
            status.add_class("-missing")
        else:
            status.update(Content(f"Ready to copy · {len(text)} characters"))
            status.remove_class("-missing")
        preview.update(self._highlighted(text))
        if not self.query_one(DraftEditor).has_focus:
            self._set_editor_text(text)

    def _highlighted(self, text: str) -> Text:
        """The draft as plain text, with the unfilled placeholders in reverse warning colour."""
        shown = Text(printable(text, keep_newlines=True))
        for match in PLACEHOLDER_PATTERN.finditer(shown.plain):
            shown.stylize("bold reverse yellow", match.start(), match.end())
        return shown

    def _set_editor_text(self, text: str) -> None:
        editor = self.query_one(DraftEditor)
        self._loaded_text = text
        if editor.text != text:
            editor.load_text(text)

    @property
    def editing(self) -> bool:
        """True while the editor has focus."""
        return self.query_one(DraftEditor).has_focus

    def start_editing(self) -> None:
        """Swap the preview for the editor and focus it."""
        self.query_one(ContentSwitcher).current = "draft-editor"
        self.query_one(DraftEditor).focus()
        self.query_one("#draft-keys", Static).update(EDITOR_KEYS)

    def stop_editing(self) -> None:
        """Swap the editor back for the preview."""
        self.query_one(ContentSwitcher).current = "draft-preview-scroll"
        self.query_one("#draft-keys", Static).update(BOARD_KEYS)

    @on(TextArea.Changed, "#draft-editor")
    def _editor_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if event.text_area.text != self._loaded_text:
            self.post_message(self.DraftEdited(event.text_area.text))
