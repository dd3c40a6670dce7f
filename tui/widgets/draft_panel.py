"""The side panel: the selected card's message, its gaps highlighted, and editable."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Static

from .. import clipboard, names, rules
from ..dates import short_datetime, short_day
from ..drafts import PLACEHOLDER_PATTERN, Draft, TemplateSet, mailto_url, render
from ..model import Application, Profile
from .draft_preview import DraftPreview
from .focus import focus_now
from .notice import tell
from .safe_text import for_editing, printable

if TYPE_CHECKING:
    from textual.widgets import TextArea

    from .draft_editor import DraftEditor


DEFAULT_KEY_NAMES = {
    "draft.copy": "c",
    "draft.copy_subject": "C",
    "draft.sent": "s",
    "draft.mail": "o",
    "draft.kind_prev": "[",
    "draft.kind_next": "]",
    "draft.person_prev": "{",
    "draft.person_next": "}",
    "app.toggle_panel": "tab",
    "draft.external_editor": "E",
    "draft.copy_in_editor": "ctrl+y",
    "draft.reset": "ctrl+r",
    "draft.leave": "esc",
}
"""How the panel names each binding's key until the app says otherwise (a test keeps
these the bindings' own)."""


def board_keys(key: Callable[[str], str], *, subject: bool = True) -> str:
    """The panel's keys while the board has focus; ``key`` names the key of a binding id.
    ``subject``: the draft has one (LinkedIn and X messages do not), so it has a key."""
    copy_subject = f"{key('draft.copy_subject')} subject  " if subject else ""
    return (
        f"{key('draft.copy')} copy  {copy_subject}{key('draft.mail')} mail\n"
        f"{key('draft.sent')} sent  {key('draft.kind_prev')} {key('draft.kind_next')} kind  "
        f"{key('draft.person_prev')} {key('draft.person_next')} who\n"
        f"{key('app.toggle_panel')} edit  {key('draft.external_editor')} $EDITOR"
    )


def editor_keys(key: Callable[[str], str]) -> str:
    """The panel's keys while the editor has focus."""
    return (
        f"{key('draft.copy_in_editor')} copy  {key('draft.reset')} reset\n"
        f"{key('draft.leave')} or {key('app.toggle_panel')}: back to board"
    )


BOARD_KEYS = "c copy  C subject  o mail\ns sent  [ ] kind  { } who\ntab edit  E $EDITOR"
"""``board_keys`` with the default keys (a test keeps the two in step)."""

EDITOR_KEYS = "ctrl+y copy  ctrl+r reset\nesc or tab: back to board"
"""``editor_keys`` with the default keys."""


NO_CARD = ("No card selected", "Add one with n, or pick one.", "")
"""What the panel says when the board has no card to show: heading, status, body."""


Question = tuple[str, str, str]
"""A question asked before an action goes ahead: its title, the question, the yes button."""


class DraftPanel(Vertical):
    """The draft for the card selected on the board, and what the user does with it.

    The panel owns the draft's state (the kind and person picked with [ ] { }, the card an
    edit belongs to) and its actions: copy, cycle, edit, reset, $EDITOR, mail, mark sent.
    It changes no card itself: it posts ``DraftEdited`` and ``MarkSent`` to the board
    screen, the only caller of ``Session.apply``, and ``Ask`` for a question to confirm.
    The keys stay the screen's (``draft.*`` ids), since they act while the board has focus.
    """

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
        """The user changed the text of a card's draft: keep it on the card.

        ``text`` None means back to the template (the user reset the draft).
        """

        def __init__(self, doc_id: int, kind: str, person: int, text: str | None) -> None:
            super().__init__()
            self.doc_id = doc_id
            self.kind = kind
            self.person = person
            self.text = text

    class MarkSent(Message):
        """The user sent ``draft`` (every question answered yes): log it on ``card``."""

        def __init__(self, card: Application, draft: Draft) -> None:
            super().__init__()
            self.card = card
            self.draft = draft

    class Ask(Message):
        """Ask each question in turn; run ``then`` only if all are answered yes."""

        def __init__(self, questions: list[Question], then: Callable[[], object]) -> None:
            super().__init__()
            self.questions = questions
            self.then = then

    def __init__(
        self,
        *,
        selected: Callable[[], Application | None],
        profile: Callable[[], Profile],
        templates: Callable[[], TemplateSet],
        now: Callable[[], datetime],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._selected = selected
        self._profile = profile
        self._templates = templates
        self._now = now
        self.draft: Draft | None = None
        """The draft on show, or None when no card is selected."""
        self._kinds: dict[int, str] = {}
        """The kind of message the user picked for a card (by id) with [ ]."""
        self._people: dict[int, int] = {}
        """The interviewer the user picked for a card (by id) with { }."""
        self._edit_target: tuple[int, str, int] | None = None
        """The card (id), kind and person the editor's text belongs to."""
        self._pending = False
        self._loaded_text = ""
        self._shown: tuple[object, ...] | None = None
        self._editor: DraftEditor | None = None
        self._key: Callable[[str], str] = DEFAULT_KEY_NAMES.__getitem__
        """Names the key of a binding id, as the user mapped it."""
        self._copied: tuple[tuple[int, str, int] | None, str, str] | None = None
        """The last part copied ('body' or 'subject') of which draft: its target and text.
        The next copy of the same draft takes the other part."""

    # -- which draft -----------------------------------------------------------------------

    def current_kind(self, card: Application) -> str | None:
        """The message kind on show for a card: the user's pick, else the one its next action
        needs; None when there is nothing left to send (a card that is done)."""
        assert card.doc_id is not None
        return self._kinds.get(card.doc_id) or rules.message_to_send(
            card, self._profile(), self._now()
        )

    def current_person(self, card: Application) -> int:
        """Which interviewer the draft is for: the user's pick, else the first one who has
        not had this message yet (a thank-you or final thanks goes to each)."""
        assert card.doc_id is not None
        index = self._people.get(card.doc_id)
        if index is None:
            kind = self.current_kind(card)
            found = rules.next_recipient(card, kind) if kind else None
            # A message sent once goes to the one the thank-you asked: the recruiter, if any.
            index = found if found is not None else names.main_contact(card)
        return index if index < max(1, len(card.interviewers)) else 0

    def current_draft(self) -> Draft | None:
        """The draft for the selected card (None: no card, or nothing left to send)."""
        card = self._selected()
        kind = self.current_kind(card) if card is not None else None
        if card is None or kind is None:
            return None
        return render(card, self._profile(), kind, self.current_person(card), self._templates())

    def draft_target(self) -> tuple[int, str, int] | None:
        """The selected card's id, with the kind and person of the draft it shows."""
        card = self._selected()
        kind = self.current_kind(card) if card is not None else None
        if card is None or card.doc_id is None or kind is None:
            return None
        return card.doc_id, kind, self.current_person(card)

    def forget_choice(self, doc_id: int) -> None:
        """The kind and person picked with [ ] { } were for where the card was: after a
        move, an outcome, a new round or an undo, the panel follows the next action again."""
        self._kinds.pop(doc_id, None)
        self._people.pop(doc_id, None)

    def card_changed(self, old: Application | None, new: Application) -> None:
        """A card was saved: a pick made for its old stage, outcome or round (what decides
        which message it needs) is forgotten."""
        situation = (new.stage, new.outcome, new.round)
        if old is None or (old.stage, old.outcome, old.round) != situation:
            assert new.doc_id is not None
            self.forget_choice(new.doc_id)

    def refresh_draft(self) -> None:
        """Show the selected card's draft, once, after the current key is handled.

        One key can change the selection several times (a move redraws two columns, then
        follows the card); only the last one matters.
        """
        if not self._pending:
            self._pending = True
            self.call_later(self._show_draft)

    def _show_draft(self) -> None:
        self._pending = False
        card = self._selected()
        if card is None:
            self.show(None)
            return
        draft = self.current_draft()
        if draft is not None:
            self.show(draft, people=len(card.interviewers))
            return
        # Nothing to send: say why, from the card's next action (worked out only here).
        action = rules.next_action(card, self._profile(), self._now())
        if action.kind.startswith("record_"):
            why = "Record the outcome first: e opens the card, and e again edits it (Outcome)."
        elif action.kind == "answer_reply":
            why = "R says what the reply says; no check-in is due until then."
        elif action.kind == "cancelled":
            why = "The card stays: an invite for a new time (I) reschedules it."
        else:
            why = "Every message this card needs has been sent."
        self.show(
            None,
            instead=(
                "Nothing to send",
                f"{action.label[:1].upper()}{action.label[1:]}.",
                f"{why}\n\n[ or ] shows a message anyway: the panel drafts any kind on request.",
            ),
        )

    def cycle_kind(self, step: int) -> None:
        """Show the previous or next kind of message for the selected card."""
        card = self._selected()
        if card is None or card.doc_id is None:
            return
        kinds = list(rules.MESSAGE_KINDS)
        kind = self.current_kind(card)
        if kind in kinds:
            self._kinds[card.doc_id] = kinds[(kinds.index(kind) + step) % len(kinds)]
        else:  # nothing to send: ] starts at the first kind, [ at the last
            self._kinds[card.doc_id] = kinds[0] if step > 0 else kinds[-1]
        self.refresh_draft()

    def cycle_person(self, step: int) -> None:
        """Show the draft for the previous or next interviewer."""
        card = self._selected()
        if card is None or card.doc_id is None or len(card.interviewers) < 2:
            return
        index = (self.current_person(card) + step) % len(card.interviewers)
        self._people[card.doc_id] = index
        self.refresh_draft()

    # -- what the user does with it --------------------------------------------------------

    def _asking(self, questions: list[Question], then: Callable[[], object]) -> None:
        """Run ``then`` now, or once the screen has had every question answered yes."""
        if questions:
            self.post_message(self.Ask(questions, then))
        else:
            then()

    def copy_kind(self, kind: str) -> None:
        """Show a kind of message for the selected card and copy it."""
        card = self._selected()
        if card is None or card.doc_id is None:
            return
        self._kinds[card.doc_id] = kind
        self.refresh_draft()
        self.copy_draft()

    def copy_draft(self) -> None:
        """Copy the draft's body to the clipboard; copied again, its subject, and so on in
        turn (pasting the body into a mail must not bring a Subject line along)."""
        draft, target = self.current_draft(), self.draft_target()
        last = self._copied
        body_was_copied = last is not None and last == (target, draft.text if draft else "", "body")
        self._copy_part("subject" if body_was_copied else "body")

    def copy_subject(self) -> None:
        """Copy the draft's subject (a draft without one: its body)."""
        self._copy_part("subject")

    def _copy_part(self, part: str) -> None:
        """Copy the body or the subject of the draft on show; an early draft asks first,
        once (copying its other part later asks no more)."""
        draft, card, target = self.current_draft(), self._selected(), self.draft_target()
        if draft is None or card is None:
            return
        if not draft.subject:
            part = "body"  # LinkedIn and X: the body is all there is
        company = card.company
        asked_already = self._copied is not None and self._copied[:2] == (target, draft.text)

        def copy() -> None:
            self._copied = (target, draft.text, part)
            self._copy(draft, company, part)

        questions: list[Question] = []
        if draft.not_before is not None and not asked_already:
            # The guard comes before the mail goes: copying is what the user does to send it.
            day = short_day(draft.not_before)
            question = (
                f"This {draft.title.lower()} is early: it is right to send from {day}. "
                "Sending it sooner can cost you points. Copy it anyway?"
            )
            questions.append((f"Not before {day}", question, "Copy anyway"))
        self._asking(questions, copy)

    @work(thread=True, exclusive=True, group="clipboard")
    def _copy(self, draft: Draft, company: str, part: str) -> None:
        """Copy off the UI thread: clipboard tools can hang."""
        app = self.app
        text = draft.subject if part == "subject" else draft.body

        def osc52(text: str) -> None:
            app.call_from_thread(app.copy_to_clipboard, text)

        # In a browser (followup-tui serve) the server's clipboard is not the user's.
        if app.is_web:
            result = clipboard.copy_in_browser(text, osc52)
        else:
            result = clipboard.copy(text, osc52=osc52)
        who = f" to {draft.recipient_name}" if draft.recipient_name else ""
        which = f"{part} of the " if draft.subject else ""
        message = (
            f"Copied the {which}{draft.title.lower()}{who} at {company}, "
            f"{len(text)} characters: {result.detail}."
        )
        if draft.subject:
            other = "body" if part == "subject" else "subject"
            message += f"\n{self._key('draft.copy')} again copies the {other}."
        if draft.missing:
            message += f"\nStill {len(draft.missing)} placeholder(s) to fill in."
        severity: SeverityLevel = "information" if result.confirmed else "warning"
        title = f"Copied: {part}" if draft.subject else "Copied"
        app.call_from_thread(tell, self, message, title=title, severity=severity, timeout=6)

    def mark_sent(self) -> None:
        """Log the draft as sent (asking first when it looks wrong): posts ``MarkSent``."""
        card, draft = self._selected(), self.current_draft()
        if card is None or draft is None:
            return
        kind, now, profile = draft.kind, self._now(), self._profile()
        if kind == "thank_you" and card.interviewed_at > now:
            when = short_datetime(card.interviewed_at, profile.timezone)
            tell(self, f"The interview is on {when}: thank them after it.", title="Not yet")
            return
        questions: list[Question] = []
        if draft.missing:
            gaps = ", ".join(draft.missing)
            questions.append(
                ("Not filled in?", f"The draft still has {gaps}. Mark it sent anyway?", "Sent")
            )
        if rules.already_sent_to(card, kind, draft.interviewer_index):
            who = draft.recipient_name or "this person"
            again = f"The {draft.title.lower()} to {who} is logged for this round already."
            questions.append(("Already sent?", f"{again} Log it again?", "Log again"))
        if kind == "check_in" and (early := rules.check_in_warning(card, profile, now)):
            questions.append(("Too early to check in?", early, "Check in anyway"))
        self._asking(questions, lambda: self.post_message(self.MarkSent(card, draft)))

    def logged(self, card: Application, updated: Application, draft: Draft) -> None:
        """``draft`` is logged as sent (``card`` became ``updated``): the panel follows the
        card's next action again, and says what comes next."""
        assert card.doc_id is not None
        self.forget_choice(card.doc_id)
        to = f" to {draft.recipient_name}" if draft.recipient_name else ""
        if updated.stage is not card.stage:
            after = f"; moved to {updated.stage.label}"
        elif (person := rules.next_recipient(updated, draft.kind)) is not None:
            # Every interviewer gets a thank-you and final thanks: the panel, left to
            # choose for itself, turns to the next one (see current_person).
            after = f"; {updated.interviewers[person].shown_name or 'the next person'} next"
        else:
            after = ""
        message = f"Logged the {draft.title.lower()}{to}{after}. u undoes it."
        tell(self, message, title="Sent", timeout=4)

    def reset_draft(self) -> None:
        """Throw away edits: the draft comes from the template again (``reset_done`` follows,
        once the card is saved)."""
        target = self.draft_target()
        if target is not None:
            self.post_message(self.DraftEdited(*target, None))

    def reset_done(self) -> None:
        """The reset is saved (or refused, and the user told why): show what the draft is."""
        draft = self.current_draft()
        if draft is not None:
            self.load_editor(draft.text)
        tell(self, "Draft reset to the template.", timeout=3)

    def edit_externally(self) -> None:
        """Edit the draft in $EDITOR; the result is posted to be kept on the card."""
        from ..editor import edit_text, editor_command

        draft, target = self.current_draft(), self.draft_target()
        if draft is None or target is None:
            return
        failed: Exception | None = None
        text: str | None = None
        try:
            command = editor_command()  # before the screen is handed over, to explain here
            with self.app.suspend():
                # Nothing may leave this block by an exception: Textual takes the screen
                # back only when it ends normally (an editor quit with :cq froze the app).
                try:
                    text = edit_text(draft.text, command)
                except Exception as error:
                    failed = error
        except Exception as error:  # EditorError, or a terminal that cannot be suspended
            failed = error
        if failed is not None:
            tell(self, f"Could not run the editor: {failed}", severity="error")
            return
        if text is not None and text != draft.text:
            self.post_message(self.DraftEdited(*target, text))
            self.refresh_draft()

    def open_mail(self) -> None:
        """Open the mail client with this draft."""
        draft = self.current_draft()
        if draft is None:
            return
        tell(self, "Opening your mail client…", timeout=3)
        self._open_mail(mailto_url(draft))

    @work(thread=True, exclusive=True, group="mail")
    def _open_mail(self, url: str) -> None:
        """The platform opener only, detached, output kept off the screen (tui.opener)."""
        from ..opener import open_link

        opened = open_link(url)
        app = self.app
        if opened.ok:
            app.call_from_thread(tell, self, opened.message.capitalize() + ".", timeout=4)
        else:
            message = f"Could not open a mail client: {opened.message}. c copies the draft."
            app.call_from_thread(tell, self, message, title="Mail", severity="error", timeout=10)

    # -- the view --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="draft-heading")
        yield Static(id="draft-status")
        yield DraftPreview(id="draft-preview")
        # The editor (draft_editor.py) is mounted here, before the keys, on first use.
        yield Static(BOARD_KEYS, id="draft-keys", markup=False)

    def show_keys(self, key: Callable[[str], str]) -> None:
        """Name the keys as ``key`` does: the user remapped some in config.toml."""
        self._key = key
        self._show_keys()

    def _show_keys(self, editing: bool | None = None) -> None:
        """The keys that apply now: none without a draft (no card, or nothing to send), no
        subject key for a draft without a subject."""
        editing = self.editing if editing is None else editing
        if editing:
            keys = editor_keys(self._key)
        elif self.draft is not None:
            keys = board_keys(self._key, subject=bool(self.draft.subject))
        else:
            keys = ""
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
        if draft != self.draft:
            self._copied = None  # another draft: c starts again with the body
        self.draft = draft
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

    def fit_width(self, cells: int) -> None:
        """Take ``cells`` of the screen's width (a hidden panel keeps its width)."""
        if self.display and (self.styles.width is None or self.styles.width.value != cells):
            self.styles.width = cells

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
        """Swap the preview for the editor, loaded with the draft, and focus it (nothing
        happens when the selected card has no draft)."""
        target = self.draft_target()
        if target is None:
            return
        # Edits made in this session belong to this card, kind and person, whatever is
        # selected by the time they arrive (keys read at once: "x", tab, "j").
        self._edit_target = target
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
            if self._edit_target is not None:
                self.post_message(self.DraftEdited(*self._edit_target, text))
