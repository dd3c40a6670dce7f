"""Drafts: the bundled templates against golden texts, overrides, broken and hostile templates.

Regenerate the golden files after a deliberate wording change with:
    UPDATE_GOLDEN=1 .venv/bin/pytest tests/domain/test_drafts.py
and review the diff of tests/domain/golden/ before committing it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tui import drafts, paths
from tui.drafts import KINDS, Draft, TemplateSet, render
from tui.model import Application, Interviewer, Outcome, Profile, Stage, draft_key

GOLDEN_DIR = Path(__file__).parent / "golden"

DANA = Interviewer(
    name="Dana Whitfield",
    title="Engineering Manager",
    email="dana.whitfield@acme.example",
    linkedin="https://www.linkedin.com/in/danawhitfield",
    twitter="danabuilds",
)
SAM = Interviewer(name="Sam Okafor", title="Staff Engineer", email="sam@acme.example")

PROFILE = Profile(
    name="Alex Morgan",
    email="alex.morgan@example.com",
    phone="+44 20 7946 0000",
    linkedin="https://www.linkedin.com/in/alexmorgan",
    twitter="@alexm",
    timezone="Europe/London",
)

FULL_CARD = Application(
    company="Acme Robotics",
    role="Senior Backend Engineer",
    interviewed_at=datetime(2026, 11, 24, 14, 30, tzinfo=UTC),
    stage=Stage.INTERVIEWED,
    interviewers=(DANA, SAM),
    key_points="your plans for the fleet telemetry pipeline and how the team runs on-call.",
    decision_by=date(2026, 12, 4),
    follow_up_on=date(2026, 12, 7),
)

# Nothing filled in but what a card cannot lack; UTC keeps the weekday independent of the host.
EMPTY_CARD = Application(
    company="", role="", interviewed_at=datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
)
EMPTY_PROFILE = Profile(timezone="UTC")


NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
"""Three and a half hours after FULL_CARD's interview: a thank-you on time."""


pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture(scope="module")
def bundled() -> TemplateSet:
    """The shipped templates, with no user overrides."""
    templates = TemplateSet.load(user_dir=Path("/nonexistent-followup-templates"))
    assert templates.errors == []
    return templates


def assert_golden(name: str, draft: Draft) -> None:
    """Compare a draft's text with tests/domain/golden/NAME.txt (UPDATE_GOLDEN=1 rewrites it)."""
    path = GOLDEN_DIR / f"{name}.txt"
    actual = draft.text + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN_DIR.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"{path} is missing; run UPDATE_GOLDEN=1 pytest {__file__} and review it")
    assert actual == path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_full_card_matches_golden_and_has_no_placeholders(bundled: TemplateSet, kind: str) -> None:
    draft = render(FULL_CARD, PROFILE, kind, templates=bundled)

    assert_golden(f"{kind}_full", draft)
    assert draft.missing == ()
    assert not draft.edited
    assert draft.recipient == DANA
    assert draft.title == drafts.KIND_TITLES[kind]
    assert "Dear Dana," in draft.body
    assert draft.body.endswith(
        "Alex Morgan\nalex.morgan@example.com\n+44 20 7946 0000\n"
        "https://www.linkedin.com/in/alexmorgan"
    )


@pytest.mark.parametrize("kind", KINDS)
def test_empty_card_shows_placeholders(bundled: TemplateSet, kind: str) -> None:
    draft = render(EMPTY_CARD, EMPTY_PROFILE, kind, templates=bundled)

    assert_golden(f"{kind}_empty", draft)
    assert draft.recipient is None
    assert "[interviewer's name]" in draft.missing
    assert "[your name and contact details]" in draft.missing
    assert "[company]" in draft.missing or "[role]" in draft.missing
    for placeholder in draft.missing:
        assert placeholder in draft.text


def test_thank_you_text_reads_well(bundled: TemplateSet) -> None:
    body = render(FULL_CARD, PROFILE, "thank_you", templates=bundled).body

    assert "taking the time to talk with me on Tuesday" in body
    # The card's trailing full stop does not double up inside the sentence.
    assert "how the team runs on-call. It left me" in body
    assert "Senior Backend Engineer role at Acme Robotics" in body


def test_round_two_thank_you_thanks_them_for_meeting_again(bundled: TemplateSet) -> None:
    first = render(FULL_CARD, PROFILE, "thank_you", templates=bundled)
    second = render(replace(FULL_CARD, round=2), PROFILE, "thank_you", templates=bundled)

    assert_golden("thank_you_round2", second)
    assert "meeting with me again on Tuesday" in second.body
    assert "again" not in first.body.split("\n\n")[1]
    assert "taking the time" not in second.body
    assert second.subject.endswith(", round 2")


FINAL_THANKS_WORDING = {
    Outcome.OFFER: "I'm grateful for the offer",
    Outcome.REJECTED: "Although it didn't work out this time",
    Outcome.WITHDRAWN: "Although I decided to withdraw",
    Outcome.NO_RESPONSE: "I understand that things have moved on",
}


@pytest.mark.parametrize("outcome", list(FINAL_THANKS_WORDING))
def test_final_thanks_wording_follows_the_outcome(bundled: TemplateSet, outcome: Outcome) -> None:
    card = replace(FULL_CARD, stage=Stage.OUTCOME, outcome=outcome)

    draft = render(card, PROFILE, "final_thanks", templates=bundled)

    assert_golden(f"final_thanks_{outcome.value}", draft)
    assert FINAL_THANKS_WORDING[outcome] in draft.body
    for other, wording in FINAL_THANKS_WORDING.items():
        if other is not outcome:
            assert wording not in draft.body
    assert "pleasure to meet you" in draft.body
    # Their own profile links are not sent to them; the user's own LinkedIn is, once: the
    # signature shows it, so the body does not say it again.
    assert "connect with you on LinkedIn or X?" in draft.body
    assert "danawhitfield" not in draft.body and "@danabuilds" not in draft.body
    assert draft.body.count(PROFILE.linkedin) == 1 and "You'll find me at" not in draft.body


def test_final_thanks_without_known_profiles_asks_generally(bundled: TemplateSet) -> None:
    card = replace(FULL_CARD, outcome=Outcome.OFFER)

    draft = render(card, PROFILE, "final_thanks", interviewer_index=1, templates=bundled)

    assert "May I connect with you on LinkedIn?" in draft.body
    assert draft.missing == ()


def test_each_interviewer_gets_their_own_draft(bundled: TemplateSet) -> None:
    to_dana = render(FULL_CARD, PROFILE, "thank_you", 0, templates=bundled)
    to_sam = render(FULL_CARD, PROFILE, "thank_you", 1, templates=bundled)

    assert (to_dana.recipient, to_sam.recipient) == (DANA, SAM)
    assert (to_dana.interviewer_index, to_sam.interviewer_index) == (0, 1)
    assert to_dana.body.startswith("Dear Dana,")
    assert to_sam.body.startswith("Dear Sam,")
    assert drafts.mailto_url(to_sam).startswith("mailto:sam@acme.example?subject=")

    beyond = render(FULL_CARD, PROFILE, "thank_you", 2, templates=bundled)
    assert beyond.recipient is None
    assert beyond.body.startswith("Dear [interviewer's name],")


def test_weekday_is_taken_in_the_profile_timezone(bundled: TemplateSet) -> None:
    # 23:30 UTC on Tuesday is already Wednesday in Paris, still Tuesday in Los Angeles.
    late = replace(FULL_CARD, interviewed_at=datetime(2026, 11, 24, 23, 30, tzinfo=UTC))

    paris = render(late, replace(PROFILE, timezone="Europe/Paris"), "thank_you", templates=bundled)
    angeles = replace(PROFILE, timezone="America/Los_Angeles")
    la = render(late, angeles, "thank_you", templates=bundled)
    unknown = render(late, replace(PROFILE, timezone="Mars/Olympus"), "check_in", templates=bundled)

    assert "with me on Wednesday" in paris.body
    assert "with me on Tuesday" in la.body
    assert unknown.body  # an unknown zone falls back to the system's instead of failing


def test_user_text_that_looks_like_markup_or_fields_stays_literal(bundled: TemplateSet) -> None:
    card = replace(
        FULL_CARD,
        company="[bold]Acme[/bold]",
        key_points="{your_email} {{ }} [[offer]] {0} {company.__class__}",
        interviewers=(Interviewer(name="[red]Dana"),),
    )

    draft = render(card, PROFILE, "thank_you", templates=bundled)

    assert "role at [bold]Acme[/bold]." in draft.body
    assert "discussing {your_email} {{ }} [[offer]] {0} {company.__class__}. It" in draft.body
    assert draft.body.startswith("Dear [red]Dana,")
    assert draft.subject == "Thank you: Senior Backend Engineer interview at [bold]Acme[/bold]"
    assert draft.missing == ()  # [bold] and [red] are not placeholders


def test_subject_stays_on_one_line(bundled: TemplateSet) -> None:
    card = replace(FULL_CARD, role="Senior\nBackend   Engineer")

    draft = render(card, PROFILE, "check_in", templates=bundled)

    assert draft.subject == "Checking in: Senior Backend Engineer role at Acme Robotics"


def test_signature_from_the_profile_replaces_the_contact_lines(bundled: TemplateSet) -> None:
    profile = replace(PROFILE, signature="Alex Morgan\nPortfolio: alexmorgan.dev")

    draft = render(FULL_CARD, profile, "check_in", templates=bundled)

    assert draft.body.endswith("Best regards,\nAlex Morgan\nPortfolio: alexmorgan.dev")


def test_edited_draft_on_the_card_is_used(bundled: TemplateSet) -> None:
    edited_text = "Subject: Quick question\n\nHi Sam,\n\nAny news? [your phone]\n"
    card = replace(FULL_CARD, drafts={draft_key("check_in", 1): edited_text})

    draft = render(card, PROFILE, "check_in", 1, templates=bundled)
    untouched = render(card, PROFILE, "check_in", 0, templates=bundled)

    assert draft.edited
    assert draft.subject == "Quick question"
    assert draft.body == "Hi Sam,\n\nAny news? [your phone]"
    assert draft.missing == ("[your phone]",)
    assert draft.recipient == SAM
    assert not untouched.edited
    assert untouched.body.startswith("Dear Dana,")


def test_rendered_text_reads_back_through_parse_text(bundled: TemplateSet) -> None:
    draft = render(FULL_CARD, PROFILE, "timeline_question", templates=bundled)

    assert drafts.parse_text(draft.text) == (draft.subject, draft.body)


def test_a_draft_without_a_subject_is_its_body_alone(bundled: TemplateSet) -> None:
    edited = replace(FULL_CARD, drafts={"thank_you:0": "Dear Dana,\n\nThanks."})
    draft = render(edited, PROFILE, "thank_you", templates=bundled)
    assert (draft.subject, draft.text) == ("", "Dear Dana,\n\nThanks.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Subject: Hello\n\nBody\nline", ("Hello", "Body\nline")),
        ("subject:Hello\r\n\r\nBody\r\n", ("Hello", "Body")),
        ("Subject: Hello\nBody right away", ("Hello", "Body right away")),
        ("Dear Dana,\n\nNo subject here.", ("", "Dear Dana,\n\nNo subject here.")),
        ("", ("", "")),
    ],
)
def test_parse_text_is_forgiving(text: str, expected: tuple[str, str]) -> None:
    assert drafts.parse_text(text) == expected


def test_mailto_url_is_percent_encoded() -> None:
    draft = Draft(
        kind="check_in",
        interviewer_index=0,
        recipient=Interviewer(name="Dana", email="dana+jobs@acme.example"),
        subject="Hi & bye? 100%",
        body="Line one,\nline two = café",
        missing=(),
        edited=False,
    )

    assert drafts.mailto_url(draft) == (
        "mailto:dana%2Bjobs@acme.example"
        "?subject=Hi%20%26%20bye%3F%20100%25"
        "&body=Line%20one%2C%0D%0Aline%20two%20%3D%20caf%C3%A9"
    )
    assert drafts.mailto_url(replace(draft, recipient=None)).startswith("mailto:?subject=Hi%20")


def test_find_placeholders_lists_known_placeholders_once_in_order() -> None:
    text = "Dear [interviewer's first name], [bold]x[/bold] [company] [interviewer's first name]"

    assert drafts.find_placeholders(text) == ["[interviewer's first name]", "[company]"]


@pytest.mark.parametrize(("round_number", "word"), [(2, "second"), (12, "12th"), (22, "22nd")])
def test_round_ordinal_reads_as_english(round_number: int, word: str) -> None:
    card = replace(FULL_CARD, round=round_number)

    assert drafts.field_values(card, PROFILE)["round_ordinal"] == word


def test_every_field_is_documented_and_has_a_placeholder() -> None:
    values = drafts.field_values(FULL_CARD, PROFILE)

    assert list(values) == list(drafts.FIELDS) == list(drafts.PLACEHOLDERS)
    assert len(set(drafts.PLACEHOLDERS.values())) == len(drafts.PLACEHOLDERS)
    assert all(description.strip() for description in drafts.FIELDS.values())


def test_unknown_kind_is_refused(bundled: TemplateSet) -> None:
    with pytest.raises(ValueError, match="unknown message kind"):
        render(FULL_CARD, PROFILE, "love_letter", templates=bundled)


def test_load_defaults_to_the_config_and_bundled_folders() -> None:
    templates = TemplateSet.load()

    assert templates.errors == []
    assert templates.sources["thank_you"] == paths.bundled_templates_dir() / "thank_you.md"
    assert templates.get("check_in").startswith("Subject: ")


# --- user templates ---------------------------------------------------------------------------


def test_user_template_overrides_the_bundled_one(tmp_path: Path, bundled: TemplateSet) -> None:
    (tmp_path / "check_in.md").write_text(
        "Subject: Still keen on {role}\n\n"
        "Hi {interviewer_first_name},\n"
        "[[later_round]]\nThanks for round {round}.\n[[/later_round]]\n"
        "[[first_round]]Thanks for the chat.[[else]]Thanks for the chats.[[/first_round]]\n"
        "[[interviewer_title]]\nAs {interviewer_title}, [[offer]]no[[else]]yes[[/offer]].\n"
        "[[/interviewer_title]]\n"
        "Braces: {{literal}}\n\n{your_name}\n",
        encoding="utf-8",
    )

    templates = TemplateSet.load(user_dir=tmp_path)
    draft = render(replace(FULL_CARD, round=3), PROFILE, "check_in", 1, templates=templates)

    # Still used, and reported at start with what to change for a better greeting.
    (advice,) = templates.errors
    assert "it greets with {interviewer_first_name}" in advice
    assert "Write {greeting_name} instead" in advice
    assert templates.sources["check_in"] == tmp_path / "check_in.md"
    assert templates.sources["thank_you"] == bundled.sources["thank_you"]
    assert draft.subject == "Still keen on Senior Backend Engineer"
    assert draft.body == (
        "Hi Sam,\nThanks for round 3.\nThanks for the chats.\n"
        "As Staff Engineer, yes.\nBraces: {literal}\n\nAlex Morgan"
    )


BROKEN_TEMPLATES = {
    "unknown field": (
        "Subject: Hello\n\nDear {interviewer_first_name},\nAt {compny}.\n",
        "line 4: unknown field {compny}. Did you mean {company}?",
    ),
    "no subject line": ("Dear {interviewer_first_name},\n", "must start with 'Subject:'"),
    "unclosed section": ("Subject: Hi\n\n[[offer]]\nYay\n", "line 3: [[offer]] is never closed"),
    "unknown section": ("Subject: Hi\n\n[[ofer]]x[[/ofer]]\n", "unknown section [[ofer]]"),
    "mismatched close": (
        "Subject: Hi\n\n[[offer]]x[[/rejected]]\n",
        "[[/rejected]] found where [[/offer]] was expected",
    ),
    "stray else": ("Subject: Hi\n\n[[else]]\n", "[[else]] outside a [[section]]"),
    "single brace": ("Subject: Hi\n\nA { here\n", "a single '{' is not allowed"),
    "attribute access": ("Subject: {company.__class__}\n\nx\n", "{company.__class__} is not a"),
    "positional field": ("Subject: Hi\n\n{0}\n", "{0} is not a field"),
    "index access": ("Subject: Hi\n\n{company[0]}\n", "{company[0]} is not a field"),
    "format spec": ("Subject: Hi\n\n{company!r:>40}\n", "{company!r:>40} is not a field"),
    "empty braces": ("Subject: Hi\n\n{}\n", "{} is not a field"),
    "deep nesting": ("Subject: Hi\n\n" + "[[offer]]" * 500, "nested more than 20 deep"),
}


@pytest.mark.parametrize("case", list(BROKEN_TEMPLATES))
def test_broken_user_template_is_reported_and_the_bundled_one_used(
    case: str, tmp_path: Path, bundled: TemplateSet
) -> None:
    text, expected_message = BROKEN_TEMPLATES[case]
    (tmp_path / "feedback_request.md").write_text(text, encoding="utf-8")

    templates = TemplateSet.load(user_dir=tmp_path)
    draft = render(FULL_CARD, PROFILE, "feedback_request", templates=templates)

    assert len(templates.errors) == 1
    message = templates.errors[0]
    assert message.startswith(f"Template feedback_request.md ({tmp_path / 'feedback_request.md'}):")
    assert expected_message in message
    assert message.endswith("Using the built-in feedback_request.md instead.")
    assert templates.sources["feedback_request"] == bundled.sources["feedback_request"]
    assert draft == render(FULL_CARD, PROFILE, "feedback_request", templates=bundled)
    # Nothing of Python's internals leaks into the draft.
    assert "__" not in draft.text
    assert "<class" not in draft.text


def test_non_utf8_user_template_is_reported(tmp_path: Path, bundled: TemplateSet) -> None:
    (tmp_path / "thank_you.md").write_bytes("Subject: Merci\n\nD\u00e9j\u00e0\n".encode("latin-1"))

    templates = TemplateSet.load(user_dir=tmp_path)

    assert templates.errors == [
        f"Template thank_you.md ({tmp_path / 'thank_you.md'}): is not UTF-8 text. "
        "Using the built-in thank_you.md instead."
    ]
    assert templates.get("thank_you") == bundled.get("thank_you")


def test_user_template_with_bom_and_windows_line_endings_is_accepted(tmp_path: Path) -> None:
    (tmp_path / "check_in.md").write_bytes(b"\xef\xbb\xbfSubject: Hi {role}\r\n\r\nBody\r\n")

    templates = TemplateSet.load(user_dir=tmp_path)
    draft = render(FULL_CARD, PROFILE, "check_in", templates=templates)

    assert templates.errors == []
    assert (draft.subject, draft.body) == ("Hi Senior Backend Engineer", "Body")


def test_missing_bundled_templates_do_not_crash(tmp_path: Path) -> None:
    templates = TemplateSet.load(user_dir=tmp_path, bundled_dir=tmp_path / "gone")

    draft = render(FULL_CARD, PROFILE, "thank_you", templates=templates)

    assert len(templates.errors) == len(KINDS)
    assert "cannot be read" in templates.errors[0]
    assert "could not be read" in draft.body


def test_drafts_and_clipboard_do_not_import_textual() -> None:
    code = "import sys, tui.drafts, tui.clipboard; print('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"


def test_a_template_that_would_make_a_huge_draft_is_cut_short_with_one_line(
    tmp_path: Path,
) -> None:
    """A 96 kB template (under the 100 kB cap) that repeats a field 8,000 times, on a card
    whose key points are 10,000 characters: 80 MB of draft, which froze the app at 1.3 GB."""
    import time
    import tracemalloc

    template = tmp_path / "thank_you.md"
    template.write_text("Subject: Thanks\n\n" + "{key_points}" * 8_000)
    assert template.stat().st_size < 100_000
    templates = TemplateSet.load(user_dir=tmp_path)
    assert templates.errors == []
    card = replace(FULL_CARD, key_points="x" * 10_000)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        draft = render(card, PROFILE, "thank_you", templates=templates, now=NOW)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1
    assert peak < 5_000_000
    assert draft.subject == ""
    assert draft.body == (
        f"This draft would be longer than 200,000 characters, so it is not shown: the "
        f"thank_you.md template ({template}) repeats a field too often for this card's text. "
        "Shorten the template."
    )
    # The same template on a card with short key points makes its (long) draft as usual.
    short = replace(FULL_CARD, key_points="telemetry")
    ordinary = render(short, PROFILE, "thank_you", templates=templates, now=NOW)
    assert ordinary.body == "telemetry" * 8_000
