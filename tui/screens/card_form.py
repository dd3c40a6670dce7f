"""The new-card and edit-card form."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Select, Static, TextArea

from .. import dates, rules
from ..model import Application, InterviewFormat, Outcome, Profile
from ..people import format_interviewers, parse_interviewers
from ..widgets.focus import focus_now
from ..widgets.form_fields import FormInput, FormTextArea
from ..widgets.safe_text import clean_stored, for_editing
from .dialogs import ConfirmScreen

INTERVIEWER_HELP = "One per line: Name | Title | email | LinkedIn URL or @handle"


class CardFormScreen(ModalScreen[Application | None]):
    """Add or edit a card; nothing is returned until every field is valid."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        profile: Profile,
        card: Application | None = None,
        *,
        title: str = "",
        guessed: frozenset[str] = frozenset(),
    ) -> None:
        """``card`` is the card to edit, or a new card filled in from elsewhere (an invite:
        no doc_id), whose ``guessed`` fields are marked for the user to check."""
        super().__init__()
        self._profile = profile
        self._card = card
        self._title = title
        self._guessed = guessed
        self._initial: dict[str, str] = {}

    # -- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        card = self._card
        tz = self._profile.timezone
        title = self._title or ("New interview" if card is None else "Edit card")
        when = dates.now() if card is None else card.interviewed_at
        with Vertical(id="form"):
            yield Static(Content(title), id="form-title")
            with VerticalScroll(id="form-fields"):
                yield from self._field(
                    "company", "Company *", FormInput(card.company if card else "")
                )
                yield from self._field("role", "Role *", FormInput(card.role if card else ""))
                yield from self._field(
                    "interviewers",
                    "Interviewers",
                    FormTextArea(format_interviewers(card.interviewers) if card else ""),
                    hint=INTERVIEWER_HELP,
                )
                yield from self._field(
                    "interviewed_at",
                    "Interview date and time",
                    FormInput(dates.datetime_field_text(when, tz)),
                    hint="2026-11-24 14:30, today 14:30, yesterday 9am",
                )
                with Horizontal(classes="form-row"):
                    with Vertical():
                        yield from self._field(
                            "round", "Round", FormInput(str(card.round if card else 1))
                        )
                    with Vertical():
                        yield from self._field(
                            "format",
                            "Format",
                            Select(
                                [(f.value, f.value) for f in InterviewFormat],
                                value=(card.format if card else InterviewFormat.VIDEO).value,
                                allow_blank=False,
                            ),
                        )
                yield from self._field(
                    "key_points",
                    "Key points discussed",
                    FormTextArea(card.key_points if card else ""),
                    hint="They personalise the thank-you.",
                )
                with Horizontal(classes="form-row"):
                    with Vertical():
                        yield from self._field(
                            "decision_by",
                            "Decision by",
                            FormInput(_day(card.decision_by if card else None)),
                            hint=f"fri, {_example_day(tz)}, +7d",
                        )
                    with Vertical():
                        yield from self._field(
                            "follow_up_on",
                            "Follow up on",
                            FormInput(_day(card.follow_up_on if card else None)),
                            hint="the date they said to check in",
                        )
                yield from self._field(
                    "outcome",
                    "Outcome",
                    Select(
                        [(o.label, o.value) for o in Outcome],
                        value=(card.outcome if card else Outcome.PENDING).value,
                        allow_blank=False,
                    ),
                )
                yield from self._field(
                    "feedback", "Feedback received", FormTextArea(card.feedback if card else "")
                )
                yield from self._field(
                    "connected_via",
                    "Connected on",
                    FormInput(", ".join(card.connected_via) if card else ""),
                    hint="Where you now stay in touch: LinkedIn, Twitter/X",
                )
                yield from self._field(
                    "posting_url", "Job posting URL", FormInput(card.posting_url if card else "")
                )
                yield from self._field("notes", "Notes", FormTextArea(card.notes if card else ""))
        yield Footer()

    def _field(
        self, name: str, label: str, widget: Input | TextArea | Select[str], hint: str = ""
    ) -> ComposeResult:
        widget.id = f"field-{name}"
        if isinstance(widget, Input):
            widget.value = for_editing(widget.value)
        if isinstance(widget, TextArea):
            widget.load_text(for_editing(widget.text))
            widget.show_line_numbers = False
            widget.soft_wrap = True
        if name in self._guessed:
            label += "  · guessed: check it"
        classes = "form-label form-guessed" if name in self._guessed else "form-label"
        yield Label(Content(label), classes=classes)
        yield widget
        if hint:
            yield Static(Content(hint), classes="form-hint")
        yield Static("", id=f"error-{name}", classes="form-error")

    def on_mount(self) -> None:
        self._initial = self._values()
        # At once, so that letters typed right after n land here (see FollowupApp.on_key);
        # no scrolling, which would hide the field's label.
        focus_now(self.query_one("#field-company", Input), scroll_visible=False)

    # -- reading and checking --------------------------------------------------------------

    def _values(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for widget in self.query("#form-fields Input, #form-fields TextArea, #form-fields Select"):
            name = (widget.id or "").removeprefix("field-")
            if isinstance(widget, Input):
                values[name] = clean_stored(widget.value)
            elif isinstance(widget, TextArea):
                values[name] = clean_stored(widget.text)
            elif isinstance(widget, Select):
                values[name] = str(widget.value)
        return values

    def _build(self) -> tuple[Application | None, dict[str, str]]:
        """The card the form describes, or the errors that stop it, by field."""
        values = self._values()
        errors: dict[str, str] = {}
        tz = self._profile.timezone
        company = values["company"].strip()
        role = values["role"].strip()
        if not company:
            errors["company"] = "Enter the company's name."
        if not role:
            errors["role"] = "Enter the role you interviewed for."
        interviewed_at: datetime | None = None
        if self._card is not None and values["interviewed_at"] == self._initial["interviewed_at"]:
            interviewed_at = self._card.interviewed_at  # untouched: keep it to the second
        else:
            try:
                interviewed_at = dates.parse_datetime(
                    values["interviewed_at"], tz, country=self._profile.country
                )
            except dates.DateInputError as error:
                errors["interviewed_at"] = str(error)
        round_number = 1
        text = values["round"].strip() or "1"
        if text.isdigit() and int(text) >= 1:
            round_number = int(text)
        else:
            errors["round"] = "The round is a whole number: 1, 2, 3…"
        decision_by = self._date(values, "decision_by", errors)
        follow_up_on = self._date(values, "follow_up_on", errors)
        if interviewed_at is not None:
            for name, day in (("decision_by", decision_by), ("follow_up_on", follow_up_on)):
                # Only dates this edit sets: an old card with such a date (imported, or from
                # before this check) can still be saved when something else is edited.
                touched = (name, "interviewed_at")
                if any(values[field] != self._initial.get(field) for field in touched) and (
                    problem := rules.date_before_interview_problem(day, interviewed_at, tz)
                ):
                    errors[name] = problem
        url = values["posting_url"].strip()
        if url and " " in url:
            errors["posting_url"] = "A web address has no spaces."
        problems: list[str] = []
        if self._card is not None and values["interviewers"] == self._initial["interviewers"]:
            # Untouched: keep the people exactly as stored (reading the box back normalises).
            interviewers = self._card.interviewers
        else:
            interviewers, problems = parse_interviewers(values["interviewers"])
        if problems:
            errors["interviewers"] = " ".join(problems) + f" ({INTERVIEWER_HELP})"
        if errors or interviewed_at is None:
            return None, errors
        base = self._card or Application(company, role, interviewed_at)
        card = replace(
            base,
            company=company,
            role=role,
            interviewed_at=interviewed_at,
            interviewers=interviewers,
            round=round_number,
            format=InterviewFormat(values["format"]),
            key_points=values["key_points"].strip(),
            decision_by=decision_by,
            follow_up_on=follow_up_on,
            outcome=Outcome(values["outcome"]),
            feedback=values["feedback"].strip(),
            posting_url=url,
            notes=values["notes"].strip(),
            connected_via=tuple(
                place.strip() for place in values["connected_via"].split(",") if place.strip()
            ),
        )
        return card, errors

    def _date(self, values: dict[str, str], name: str, errors: dict[str, str]) -> date | None:
        text = values[name].strip()
        if not text:
            return None
        try:
            return dates.parse_date(text, self._profile.timezone, country=self._profile.country)
        except dates.DateInputError as error:
            errors[name] = str(error)
            return None

    def _show_errors(self, errors: dict[str, str]) -> None:
        for label in self.query(".form-error").results(Static):
            name = (label.id or "").removeprefix("error-")
            label.update(Content(errors.get(name, "")))
            label.display = name in errors
        if errors:
            first = next(iter(errors))
            self.query_one(f"#field-{first}").focus()

    # -- actions ---------------------------------------------------------------------------

    def action_save(self) -> None:
        """Save when valid; otherwise explain next to each field what is wrong."""
        card, errors = self._build()
        self._show_errors(errors)
        if card is not None:
            self.dismiss(card)

    def action_cancel(self) -> None:
        """Close; ask first if something was typed."""
        if self._values() == self._initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard changes?", "You typed something in this form.", yes="Discard"),
            answered,
        )

    @on(Input.Submitted)
    def _next_on_enter(self) -> None:
        self.focus_next()


def _example_day(timezone: str) -> str:
    """A date to show as an example of a decision date: two weeks from today, never past."""
    today = dates.local_date(dates.now(), timezone)
    return (today + timedelta(days=14)).isoformat()


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""
