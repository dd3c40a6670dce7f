"""The side panel: the selected card's message, its gaps highlighted, and editable."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from ..dates import short_day
from ..drafts import PLACEHOLDER_PATTERN, Draft
from .focus import focus_now
from .safe_text import for_editing, printable

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from .draft_editor import DraftEditor


def board_keys(key: Callable[[str], str]) -> str:
    """The panel's keys while the board has focus; ``key`` names the key of a binding id."""
    return (
        f"{key('draft.copy')} copy  {key('draft.sent')} sent  {key('draft.mail')} mail\n"
        f"{key('draft.kind_prev')} {key('draft.kind_next')} kind  "
        f"{key('draft.person_prev')} {key('draft.person_next')} who\n"
        f"{key('app.toggle_panel')} edit  {key('draft.external_editor')} $EDITOR"
    )


def editor_keys(key: Callable[[str], str]) -> str:
    """The panel's keys while the editor has focus."""
    return (
        f"{key('draft.copy_in_editor')} copy  {key('draft.reset')} reset\n"
        f"{key('draft.leave')} or {key('app.toggle_panel')}: back to board"
    )


BOARD_KEYS = "c copy  s sent  o mail\n[ ] kind  { } who\ntab edit  E $EDITOR"
"""``board_keys`` with the default keys (a test keeps the two in step)."""

EDITOR_KEYS = "ctrl+y copy  ctrl+r reset\nesc or tab: back to board"
"""``editor_keys`` with the default keys."""


NO_CARD = ("No card selected", "Add one with n, or pick one.", "")
"""What the panel says when the board has no card to show: heading, status, body."""


class DraftPreview(ScrollView):
    """The draft as wrapped text with its gaps highlighted, drawn line by line.

    A line-API widget rather than a Static: showing another draft changes only what is drawn
    here, never the layout of the screen (a relayout redraws every column of the board).
    """

    DEFAULT_CSS = """
    DraftPreview { overflow-x: hidden; scrollbar-size-vertical: 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.shown = Text()
        """What the preview holds, highlighted."""
        self._lines: list[Strip] = []
        self._wrapped_for = -1

    def show_text(self, text: Text) -> None:
        """Replace the text (nothing happens when it is the same)."""
        if text == self.shown and self._wrapped_for >= 0:
            return
        self.shown = text
        self._wrapped_for = -1
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._wrap()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        console = self.app.console
        options = console.options.update_width(width)
        self._lines = [Strip(line) for line in console.render_lines(self.shown, options, pad=False)]
        self._wrapped_for = width
        size = Size(width, len(self._lines))
        if size != self.virtual_size:
            # The box keeps its size, so no relayout of the screen.
            self.set_reactive(DraftPreview.virtual_size, size)
            self._scroll_update(size)
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._wrap()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._wrapped_for != width:
            self._wrap()
        index = round(self.scroll_offset.y) + y
        style = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, style)
        return self._lines[index].crop_extend(0, width, style).apply_style(style)


class DraftPanel(Vertical):
    """Shows the draft for the card selected on the board."""

    DEFAULT_CSS = """
    DraftPanel { width: 46; border: round $panel-lighten-2; padding: 0 1; }
    DraftPanel:focus-within { border: round $accent; }
    DraftPanel #draft-heading {
        text-style: bold; height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    DraftPanel #draft-status {
        color: $text-muted; height: 1; text-wrap: nowrap; text-overflow: ellipsis;
    }
    DraftPanel #draft-status.-missing { color: $warning; }
    DraftPanel #draft-preview { height: 1fr; margin-top: 1; }
    DraftPanel #draft-editor { height: 1fr; margin-top: 1; border: none; padding: 0; }
    DraftPanel #draft-keys { color: $text-muted; height: auto; }
    """

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
        self._people = 0
        self._shown: tuple[object, ...] | None = None
        self._editor: DraftEditor | None = None
        self._keys = (BOARD_KEYS, EDITOR_KEYS)

    def compose(self) -> ComposeResult:
        yield Static(id="draft-heading")
        yield Static(id="draft-status")
        yield DraftPreview(id="draft-preview")
        # The editor (draft_editor.py) is mounted here, before the keys, on first use.
        yield Static(BOARD_KEYS, id="draft-keys", markup=False)

    def show_keys(self, on_board: str, in_editor: str) -> None:
        """Name other keys than the defaults (the user remapped some in config.toml)."""
        self._keys = (on_board, in_editor)
        self._show_keys()

    def _show_keys(self, editing: bool | None = None) -> None:
        """The keys that apply now: none without a draft (no card, or nothing to send)."""
        editing = self.editing if editing is None else editing
        keys = self._keys[1] if editing else self._keys[0] if self.draft else ""
        self.query_one("#draft-keys", Static).update(keys, layout=False)

    def show(
        self,
        draft: Draft | None,
        *,
        people: int = 0,
        instead: tuple[str, str, str] = NO_CARD,
    ) -> None:
        """Show a draft; ``people`` is how many it could be sent to. Without a draft, show
        ``instead`` (a heading, a line and a body): no card selected, or nothing to send.

        Heading and status have a fixed height, and the preview scrolls on its own, so
        nothing here needs a relayout of the screen.
        """
        shown = (draft, people, None if draft else instead)
        if shown == self._shown:
            return
        self._shown = shown
        self.draft = draft
        self._people = people
        self._show_keys()
        heading = self.query_one("#draft-heading", Static)
        status = self.query_one("#draft-status", Static)
        preview = self.query_one(DraftPreview)
        self.border_title = "Draft"
        if draft is None:
            heading.update(Content(printable(instead[0])), layout=False)
            status.update(Content(printable(instead[1])), layout=False)
            status.remove_class("-missing")
            preview.show_text(Text(printable(instead[2], keep_newlines=True)))
            return
        to = f" to {printable(draft.recipient_name)}" if draft.recipient_name else ""
        counter = f" ({draft.interviewer_index + 1}/{people})" if people > 1 else ""
        edited = " · edited" if draft.edited else ""
        # An early draft says so first, where a narrow panel never cuts it off; copying it
        # asks before it goes.
        early = f"Not before {short_day(draft.not_before)} · " if draft.not_before else ""
        heading.update(Content(f"{early}{draft.title}{to}{counter}{edited}"), layout=False)
        text = draft.text
        if draft.missing:
            count = len(draft.missing)
            fields = "field" if count == 1 else "fields"
            status.update(Content(f"{count} {fields} to fill in before sending"), layout=False)
            status.add_class("-missing")
        else:
            # Where it goes, for pasting into webmail: the address, when the card has one.
            address = draft.recipient.email.strip() if draft.recipient else ""
            if draft.channel != "email":  # LinkedIn or X: where, and the note's limit
                ready = f"{printable(draft.destination)} · {len(text)} characters"
            elif address:
                ready = f"To {printable(address)}"
            else:
                ready = f"Ready to copy · {len(text)} characters"
            status.update(Content(ready), layout=False)
            status.remove_class("-missing")
        preview.show_text(self._highlighted(text))

    @property
    def preview_text(self) -> str:
        """The plain text of the preview, as shown."""
        return self.query_one(DraftPreview).shown.plain

    def _highlighted(self, text: str) -> Text:
        """The draft as plain text, with the unfilled placeholders in reverse warning colour."""
        shown = Text(printable(text, keep_newlines=True))
        for match in PLACEHOLDER_PATTERN.finditer(shown.plain):
            shown.stylize("bold reverse yellow", match.start(), match.end())
        return shown

    @property
    def editor(self) -> DraftEditor | None:
        """The editor, once the user has edited a draft (None before)."""
        return self._editor

    def load_editor(self, text: str) -> None:
        """Put ``text`` in the editor (nothing happens before it exists)."""
        text = for_editing(text)  # what the editor shows and would save: no control at all
        self._loaded_text = text
        if self._editor is not None and self._editor.text != text:
            self._editor.load_text(text)

    @property
    def editing(self) -> bool:
        """True while the editor has focus."""
        return self._editor is not None and self._editor.has_focus

    def start_editing(self) -> None:
        """Swap the preview for the editor, loaded with the draft, and focus it."""
        # The editor is filled only now: loading it on every cursor move would cost a
        # text layout each time for a widget nobody is looking at.
        text = for_editing(self.draft.text) if self.draft else ""
        if self._editor is None:
            from .draft_editor import DraftEditor

            self._loaded_text = text
            self._editor = DraftEditor(
                text, id="draft-editor", soft_wrap=True, show_line_numbers=False
            )
            self.mount(self._editor, before="#draft-keys")
        else:
            self.load_editor(text)
            self._editor.display = True
        self.query_one(DraftPreview).display = False
        focus_now(self._editor)
        self._show_keys(editing=True)

    def stop_editing(self) -> None:
        """Swap the editor back for the preview."""
        if self._editor is not None:
            self._editor.display = False
        self.query_one(DraftPreview).display = True
        self._show_keys(editing=False)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        # Handled by name: a decorator would need TextArea imported with this module.
        if event.text_area is not self._editor:
            return
        event.stop()
        text = event.text_area.text
        if text != self._loaded_text:
            # The card now holds this text: typing back to what was loaded is an edit too.
            self._loaded_text = text
            self.post_message(self.DraftEdited(text))
