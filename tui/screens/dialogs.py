"""Small modal dialogs: confirm, pick a stage, ask for one value."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..model import Stage
from ..widgets.safe_text import printable

if TYPE_CHECKING:
    from ..widgets.draft_panel import Question

DIALOG_CSS = """
{name} {{ align: center middle; background: $background 60%; }}
{name} > Vertical {{
    width: 64; max-width: 95%; height: auto; max-height: 90%;
    border: thick $accent; background: $surface; padding: 1 2;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} .dialog-buttons {{ height: auto; align-horizontal: right; margin-top: 1; }}
{name} .dialog-buttons Button {{ margin-left: 2; }}
{name} .dialog-error {{ color: $error; height: auto; }}
"""


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question; y or enter confirms, n or escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmScreen")
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self._title = title
        self._question = question
        self._yes = yes
        self._no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(printable(self._title)), classes="dialog-title")
            yield Static(Content(printable(self._question, keep_newlines=True)))
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self._no} (n)", id="no")
                yield Button(f"{self._yes} (y)", id="yes", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)


class StagePickerScreen(ModalScreen[Stage | None]):
    """Pick any stage for the card."""

    DEFAULT_CSS = DIALOG_CSS.format(name="StagePickerScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="picker.cancel")]

    def __init__(self, current: Stage, company: str) -> None:
        super().__init__()
        self._current = current
        self._company = company

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(f"Move {printable(self._company)} to…"), classes="dialog-title")
            yield OptionList(
                *[
                    Option(
                        f"{stage.position + 1}  {stage.label}"
                        + ("  (now)" if stage is self._current else ""),
                        id=stage.value,
                    )
                    for stage in Stage
                ],
                id="stage-options",
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        # Start on the next stage: enter then does the most common move.
        options.highlighted = min(self._current.position + 1, len(Stage) - 1)
        options.focus()

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key in {"1", "2", "3", "4", "5", "6"}:
            self.dismiss(list(Stage)[int(key) - 1])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Stage(event.option.id or self._current.value))

    def action_cancel(self) -> None:
        """Close without moving."""
        self.dismiss(None)


class AskScreen(ModalScreen[str | None]):
    """Ask for one line of text, checked by ``validate`` (which returns an error or None)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AskScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask.cancel")]

    def __init__(
        self,
        title: str,
        prompt: str,
        *,
        value: str = "",
        placeholder: str = "",
        validate: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self._title = title
        self._prompt = prompt
        self._value = value
        self._placeholder = placeholder
        self._validate = validate

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(printable(self._title)), classes="dialog-title")
            yield Static(Content(self._prompt), id="ask-prompt")
            yield Input(self._value, placeholder=self._placeholder, id="ask-input")
            yield Static("", classes="dialog-error", id="ask-error")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        error = self._validate(event.value) if self._validate else None
        if error:
            self.query_one("#ask-error", Static).update(Content(error))
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


async def confirm_all(app: App[Any], questions: Sequence[Question]) -> bool:
    """Ask each (title, question, yes) in turn, each dialog once the one before is answered;
    True only when every one is answered yes (the first no asks no more).

    Awaits the dialogs' answers (``push_screen_wait``), so it runs in a worker.
    """
    for title, question, yes in questions:
        if not await app.push_screen_wait(ConfirmScreen(title, question, yes=yes)):
            return False
    return True


def quit_unsaved_question(error: Exception) -> ConfirmScreen:
    """Asked by q while the last change is only in memory (``error``: why it is not saved)."""
    return ConfirmScreen(
        "Quit without saving?",
        f"Your last change is not on disk: {error}\n"
        "Quitting loses it. Stay (n), free some space or fix the folder, "
        "and ctrl+s tries again.",
        yes="Quit and lose it",
        no="Stay",
    )
