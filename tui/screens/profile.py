"""The user's profile: who signs the messages, their timezone and follow-up habit."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, Static, TextArea

from .. import dates
from ..model import Profile
from ..widgets.focus import focus_now
from ..widgets.form_fields import FormInput, FormTextArea
from ..widgets.safe_text import clean_stored, for_editing

_FIELDS = (
    ("name", "Your name"),
    ("email", "Email"),
    ("phone", "Phone"),
    ("linkedin", "LinkedIn URL"),
    ("twitter", "Twitter/X handle"),
    ("sign_off", "Sign-off (the closing phrase above your signature: Best regards,)"),
    (
        "what_i_bring",
        "What I bring (ends 'I'd welcome the chance to bring my experience to the team: ...')",
    ),
    ("country", "Country code for public holidays (GB, DE, US; empty = weekends only)"),
    ("timezone", "Timezone (IANA name such as Europe/Paris; empty = this computer's)"),
    ("follow_up_days", "Days after an interview to check in when they gave no date"),
)


class ProfileScreen(ModalScreen[Profile | None]):
    """Edit the profile; ctrl+s saves, escape cancels."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="profile.save"),
        Binding("escape", "cancel", "Cancel", id="profile.cancel"),
    ]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        values = self.profile.to_dict()
        with Vertical(id="form"):
            yield Static("Your profile", id="form-title")
            with VerticalScroll(id="form-fields"):
                for name, label in _FIELDS:
                    yield Label(Content(label), classes="form-label")
                    yield FormInput(for_editing(str(values[name])), id=f"field-{name}")
                    yield Static("", id=f"error-{name}", classes="form-error")
                yield Label(
                    "Signature (under the sign-off: your name and contact details)",
                    classes="form-label",
                )
                yield FormTextArea(
                    for_editing(self.profile.signature), id="field-signature", soft_wrap=True
                )
        yield Footer()

    def on_mount(self) -> None:
        for error in self.query(".form-error"):
            error.display = False
        focus_now(
            self.query_one("#field-name", Input), scroll_visible=False
        )  # letters typed right after p land here

    def _value(self, name: str) -> str:
        return clean_stored(self.query_one(f"#field-{name}", Input).value).strip()

    def action_save(self) -> None:
        """Check the fields and return the new profile."""
        errors: dict[str, str] = {}
        timezone = self._value("timezone")
        if timezone and not dates.is_valid_zone(timezone):
            errors["timezone"] = (
                f"Unknown timezone {timezone!r}: try Europe/Paris or America/New_York."
            )
        country = self._value("country").upper()
        if not dates.is_known_country(country):
            errors["country"] = f"Unknown country code {country!r}: try GB, DE, FR or US."
        days_text = self._value("follow_up_days") or "7"
        if not days_text.isdigit() or not 1 <= int(days_text) <= 60:
            errors["follow_up_days"] = "A number of days from 1 to 60."
        for name, _ in _FIELDS:
            label = self.query_one(f"#error-{name}", Static)
            label.update(Content(errors.get(name, "")))
            label.display = name in errors
        if errors:
            return
        self.dismiss(
            replace(
                self.profile,
                name=self._value("name"),
                email=self._value("email"),
                phone=self._value("phone"),
                linkedin=self._value("linkedin"),
                twitter=self._value("twitter"),
                sign_off=self._value("sign_off"),
                what_i_bring=self._value("what_i_bring"),
                country=country,
                timezone=timezone,
                follow_up_days=int(days_text),
                signature=clean_stored(self.query_one("#field-signature", TextArea).text).strip(),
            )
        )

    @on(Input.Submitted)
    def _next_on_enter(self) -> None:
        """Enter moves on to the next field, as in the card form."""
        self.focus_next()

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
