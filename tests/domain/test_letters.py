"""Letters as a hiring manager receives them: names, sign-offs, panels, rounds, situations,
channels. Each situation is a golden file in tests/domain/golden/ (regenerate with UPDATE_GOLDEN=1
and read every changed letter before committing), and hypothesis checks the promises over
generated cards.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui import changes, letters, names, paths
from tui.drafts import Draft, TemplateSet, render
from tui.model import (
    Application,
    Event,
    EventKind,
    Interviewer,
    InterviewFormat,
    Outcome,
    Profile,
    Stage,
    is_closing_phrase,
)

from .test_drafts import assert_golden

INTERVIEW = datetime(2026, 12, 8, 14, 0, tzinfo=UTC)  # Tuesday 8 December, 14:00 in London
SOON = INTERVIEW + timedelta(hours=4)

MAYA = Profile(
    name="Maya Chen",
    email="maya.chen@example.com",
    phone="+44 7700 900123",
    linkedin="https://www.linkedin.com/in/mayachen",
    signature="Maya Chen\nmaya.chen@example.com | +44 7700 900123",
    what_i_bring="six years of turning messy product data into decisions people act on",
    timezone="Europe/London",
    country="GB",
)

ALAN = Interviewer(
    "Dr. Alan Ortiz", "Analytics Manager", "alan@lumina.example", audience="", rounds=()
)
ROSA = Interviewer(
    "Rosa Delgado",
    "Director of Business Intelligence",
    "rosa@lumina.example",
    talked_about="how the BI team sets its quarterly priorities; the move to self-serve reporting",
)
KEN = Interviewer(
    "Kenji Watanabe",
    "Data Engineering Lead",
    "kenji@lumina.example",
    talked_about="the dbt migration; data contracts with the product teams",
)
PRIYA = Interviewer("Priya Raman", "HR Business Partner", "priya@lumina.example")

CARD = Application(
    company="Lumina Analytics",
    role="Senior Data Analyst",
    interviewed_at=INTERVIEW,
    interviewers=(ALAN,),
    key_points="the churn dashboard; moving reports to dbt",
)
PANEL = replace(CARD, interviewers=(ROSA, KEN, PRIYA))


BUNDLED = TemplateSet.load(user_dir=Path("/nonexistent-followup-templates"))
"""The shipped templates alone: whatever is in this machine's templates folder stays out."""
assert BUNDLED.errors == []


def sent(card: Application, kind: str, at: datetime, index: int = 0) -> Application:
    return changes.message_sent(card, kind, card.interviewers[index], at, interviewer_index=index)


def letter(
    card: Application,
    kind: str,
    index: int = 0,
    *,
    now: datetime = SOON,
    profile: Profile = MAYA,
    templates: TemplateSet = BUNDLED,
) -> Draft:
    return render(card, profile, kind, index, templates, now=now)


def first_paragraph(draft: Draft) -> str:
    return draft.body.split("\n\n")[1]


# --- names -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "greeting", "expected"),
    [
        ("Dr. Alan Ortiz", "", "Dr. Ortiz"),
        ("Dr Alan Ortiz", "", "Dr Ortiz"),
        ("Prof. María García-López", "", "Prof. García-López"),
        ("Ms. Chen", "", "Ms. Chen"),
        ("mx. sam lee", "", "Mx. lee"),
        ("Priya Raman", "", "Priya"),
        ("Priya", "", "Priya"),
        ("Priya", "formal", "Priya"),
        ("Ortiz, Alan", "", "Alan"),
        ("van der Berg, Anna", "formal", "Anna van der Berg"),
        ("Juan de la Vega Jr.", "formal", "Juan de la Vega"),
        ("Martin Luther King III", "", "Martin"),
        ("Dr. Alan Ortiz", "first", "Alan"),
        ("Alan Ortiz", "formal", "Alan Ortiz"),
        ("Anna-Lena Müller-Schmidt", "", "Anna-Lena"),
        ("Rev. Dr. Ann Lee", "", "Rev. Dr. Lee"),
        ("Dr.", "", ""),
        ("", "", ""),
    ],
)
def test_people_are_greeted_as_they_expect(name: str, greeting: str, expected: str) -> None:
    assert names.greeting_name(Interviewer(name, greeting=greeting)) == expected


@pytest.mark.parametrize(
    ("title", "audience"),
    [
        ("HR Business Partner", "process"),
        ("Senior Technical Recruiter", "process"),
        ("Talent Acquisition", "process"),
        ("People Partner", "process"),
        ("Analytics Manager", "substance"),
        ("Data Engineering Lead", "substance"),
        ("", "substance"),
    ],
)
def test_the_audience_is_judged_from_the_title(title: str, audience: str) -> None:
    assert names.audience(Interviewer("X", title)) == audience
    flipped = "substance" if audience == "process" else "process"
    assert names.audience(Interviewer("X", title, audience=flipped)) == flipped


def test_a_bare_title_greets_with_a_placeholder_never_dear_dr() -> None:
    draft = letter(
        replace(CARD, interviewers=(Interviewer("Dr.", email="x@y.example"),)), "thank_you"
    )
    assert draft.body.startswith("Dear [interviewer's name],")
    assert "Dear Dr.," not in draft.body


def test_importing_the_board_does_not_load_nameparser_or_holidays() -> None:
    import subprocess
    import sys

    code = (
        "import sys, tui.rules, tui.drafts, tui.store; "
        "print('nameparser' in sys.modules, 'holidays' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split() == ["False", "False"]


# --- the sign-off ------------------------------------------------------------------------------


def test_an_old_profile_migrates_its_closing_phrase_into_the_sign_off() -> None:
    old = {"name": "Maya Chen", "signature": "Best regards,\nMaya Chen\n+44 7700 900123"}
    profile = Profile.from_dict(old)
    assert (profile.sign_off, profile.signature) == ("Best regards,", "Maya Chen\n+44 7700 900123")
    assert Profile.from_dict(profile.to_dict()) == profile
    plain = Profile.from_dict({"signature": "Maya Chen"})
    assert (plain.sign_off, plain.signature) == ("Best regards,", "Maya Chen")
    cleared = Profile.from_dict({"signature": "Maya", "sign_off": ""})
    assert cleared.sign_off == ""


@pytest.mark.parametrize("line", ["Best regards,", "Kind regards", "Cheers!", "Thanks,", "Warmly,"])
def test_closing_phrases_are_recognised(line: str) -> None:
    assert is_closing_phrase(line)
    assert not is_closing_phrase(f"{line} Maya")


def test_a_signature_typed_with_its_own_closing_phrase_is_not_doubled() -> None:
    # Typed into the profile after the migration: 'Cheers,' then the name.
    profile = replace(MAYA, signature="Cheers,\nMaya")
    for kind in ("thank_you", "check_in", "final_thanks"):
        body = letter(CARD, kind, profile=profile).body
        assert body.endswith("\n\nCheers,\nMaya")
        assert "Best regards," not in body


def test_an_old_user_template_with_its_own_sign_off_still_reads_once(tmp_path: Path) -> None:
    (tmp_path / "thank_you.md").write_text(
        "Subject: Thanks\n\nDear {interviewer_first_name},\n\nThank you.\n\n"
        "Best regards,\n{signature_block}\n",
        encoding="utf-8",
    )
    templates = TemplateSet.load(user_dir=tmp_path)
    profile = replace(MAYA, signature="Best regards,\nMaya Chen")
    body = letter(CARD, "thank_you", profile=profile, templates=templates).body
    assert body == "Dear Alan,\n\nThank you.\n\nBest regards,\nMaya Chen"
    # Reported at start, with what to change; the template is still the one used.
    assert len(templates.errors) == 2
    assert "Write {greeting_name} instead" in templates.errors[0]
    assert "Write {sign_off} there" in templates.errors[1]
    assert templates.sources["thank_you"] == tmp_path / "thank_you.md"


def test_bundled_templates_copied_into_the_user_folder_give_the_same_letters(
    tmp_path: Path,
) -> None:
    for source in paths.bundled_templates_dir().glob("*.md"):
        shutil.copy(source, tmp_path / source.name)
    copied = TemplateSet.load(user_dir=tmp_path)
    assert copied.errors == []
    for kind in ("thank_you", "timeline_question", "check_in", "feedback_request", "final_thanks"):
        assert copied.sources[kind] == tmp_path / f"{kind}.md"
        for card in (CARD, PANEL, replace(PANEL, outcome=Outcome.OFFER_ACCEPTED)):
            assert letter(card, kind, templates=copied) == letter(card, kind)


# --- key points --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "joined"),
    [
        (
            "the churn dashboard; moving reports to dbt",
            "the churn dashboard and moving reports to dbt",
        ),
        ("a; b; c.", "a, b and c"),
        ("- one\n- two\n", "one and two"),
        ("just this.", "just this"),
        ("", ""),
    ],
)
def test_key_points_typed_as_a_list_read_as_english(typed: str, joined: str) -> None:
    assert letters.joined(typed) == joined


# --- the situations, as golden letters ---------------------------------------------------------


def _round_two(card: Application, people: tuple[Interviewer, ...]) -> Application:
    thanked = sent(card, "thank_you", SOON)
    return changes.new_round(thanked, INTERVIEW + timedelta(days=7), SOON, people)


LEE = Interviewer("Lee Okafor", "Head of Data", "lee@lumina.example")
ROUND_TWO = _round_two(CARD, (Interviewer("Dr. Alan Ortiz"), LEE))
R2_SOON = INTERVIEW + timedelta(days=7, hours=4)


def _checked_in(card: Application, times: int) -> Application:
    for number in range(times):
        card = sent(card, "check_in", datetime(2026, 12, 21 + 7 * number, 10, tzinfo=UTC))
    return card


WAITING = replace(
    sent(CARD, "thank_you", SOON),
    stage=Stage.AWAITING_DECISION,
    decision_by=date(2026, 12, 18),
)
AFTER = datetime(2026, 12, 21, 9, tzinfo=UTC)

SCENARIOS: dict[str, Callable[[], Draft]] = {
    "panel_bi_director": lambda: letter(PANEL, "thank_you", 0),
    "panel_data_engineering_lead": lambda: letter(PANEL, "thank_you", 1),
    "panel_hr_partner": lambda: letter(PANEL, "thank_you", 2),
    "title_dr": lambda: letter(CARD, "thank_you"),
    "title_prof_hyphenated": lambda: letter(
        replace(
            CARD, interviewers=(Interviewer("Prof. María García-López", "Chief Data Officer"),)
        ),
        "thank_you",
    ),
    "name_last_first": lambda: letter(
        replace(CARD, interviewers=(Interviewer("Ortiz, Alan", "Analytics Manager"),)), "thank_you"
    ),
    "name_single": lambda: letter(
        replace(CARD, interviewers=(Interviewer("Priya", "Recruiter"),)), "thank_you"
    ),
    "name_suffix_compound": lambda: letter(
        replace(CARD, interviewers=(Interviewer("Juan de la Vega Jr.", greeting="formal"),)),
        "check_in",
    ),
    "name_first_chosen": lambda: letter(
        replace(CARD, interviewers=(replace(ALAN, greeting="first"),)), "thank_you"
    ),
    "name_non_ascii": lambda: letter(
        replace(CARD, interviewers=(Interviewer("Zoë Ní Bhriain-O'Sullivan", "Analyst"),)),
        "thank_you",
    ),
    "round2_returning": lambda: letter(ROUND_TWO, "thank_you", 0, now=R2_SOON),
    "round2_new_person": lambda: letter(ROUND_TWO, "thank_you", 1, now=R2_SOON),
    "late_thank_you": lambda: letter(CARD, "thank_you", now=INTERVIEW + timedelta(days=2)),
    "late_thank_you_a_week": lambda: letter(CARD, "thank_you", now=INTERVIEW + timedelta(days=9)),
    "what_i_bring_empty": lambda: letter(CARD, "thank_you", profile=replace(MAYA, what_i_bring="")),
    "phone_interview": lambda: letter(replace(CARD, format=InterviewFormat.PHONE), "thank_you"),
    "onsite_interview": lambda: letter(replace(CARD, format=InterviewFormat.ONSITE), "thank_you"),
    "long_key_points": lambda: letter(
        replace(
            CARD,
            key_points=(
                "the churn dashboard the retention team opens every Monday; moving the finance "
                "reports from spreadsheets to dbt models with tests; how analysts and product "
                "managers agree on one definition of an active customer"
            ),
        ),
        "thank_you",
    ),
    "timeline_question": lambda: letter(
        replace(CARD, stage=Stage.THANKED), "timeline_question", now=INTERVIEW + timedelta(days=2)
    ),
    "check_in_first": lambda: letter(WAITING, "check_in", now=AFTER),
    "check_in_second": lambda: letter(
        _checked_in(WAITING, 1), "check_in", now=AFTER + timedelta(days=7)
    ),
    "check_in_last": lambda: letter(
        _checked_in(WAITING, 2), "check_in", now=AFTER + timedelta(days=21)
    ),
    "check_in_follow_up_date": lambda: letter(
        replace(WAITING, decision_by=None, follow_up_on=date(2026, 12, 21)), "check_in", now=AFTER
    ),
    "offer_accepted_manager": lambda: letter(
        replace(PANEL, outcome=Outcome.OFFER_ACCEPTED), "final_thanks", 0
    ),
    "offer_accepted_recruiter": lambda: letter(
        replace(PANEL, outcome=Outcome.OFFER_ACCEPTED), "final_thanks", 2
    ),
    "offer_declined": lambda: letter(replace(CARD, outcome=Outcome.OFFER_DECLINED), "final_thanks"),
    "rejection_feedback_request": lambda: letter(
        replace(CARD, outcome=Outcome.REJECTED), "feedback_request"
    ),
    "rejection_final_thanks": lambda: letter(
        replace(CARD, outcome=Outcome.REJECTED), "final_thanks"
    ),
    "no_response": lambda: letter(replace(CARD, outcome=Outcome.NO_RESPONSE), "final_thanks"),
    "handle_only_linkedin_note": lambda: letter(
        replace(
            CARD,
            interviewers=(
                Interviewer(
                    "Priya Raman",
                    "Analytics Lead",
                    linkedin="https://www.linkedin.com/in/priyaraman",
                ),
            ),
        ),
        "thank_you",
    ),
    "handle_only_linkedin_connected": lambda: letter(
        replace(
            CARD,
            connected_via=("LinkedIn",),
            outcome=Outcome.REJECTED,
            interviewers=(
                Interviewer("Priya Raman", linkedin="https://www.linkedin.com/in/priyaraman"),
            ),
        ),
        "final_thanks",
    ),
    "handle_only_x": lambda: letter(
        replace(CARD, interviewers=(Interviewer("Sam Lee", twitter="@samlee"),)),
        "check_in",
        now=AFTER,
    ),
    "handle_only_long_note": lambda: letter(
        replace(
            CARD,
            role="Senior Product Analytics and Experimentation Platform Specialist",
            company="Lumina Analytics International Holdings",
            key_points="the churn dashboard the retention team opens every Monday; moving the "
            "finance reports from spreadsheets to dbt models",
            interviewers=(Interviewer("Prof. María García-López", linkedin="linkedin.com/in/mgl"),),
        ),
        "thank_you",
        now=INTERVIEW + timedelta(days=2),
    ),
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_letters_match_their_golden_files(name: str) -> None:
    draft = SCENARIOS[name]()
    assert_golden(name, draft)
    assert "Dear Dr.," not in draft.text
    assert "I'm confident I could add real value" not in draft.text


def test_there_are_at_least_thirty_golden_letters() -> None:
    assert len(list((Path(__file__).parent / "golden").glob("*.txt"))) >= 30


def test_a_panel_gets_three_different_letters() -> None:
    bodies = [letter(PANEL, "thank_you", index).body for index in range(3)]
    assert len(set(bodies)) == 3
    rosa, ken, priya = bodies
    assert "self-serve reporting" in rosa and "dbt migration" not in rosa
    assert "data contracts" in ken and "self-serve" not in ken
    # The HR partner hears about the process, not a technical conversation she was not in.
    assert "dbt" not in priya and "churn" not in priya and "six years" not in priya
    # Only one letter of the panel asks for the timeline: the HR partner's.
    asking = [body for body in bodies if "when do you expect to decide" in body]
    assert asking == [priya]


def test_round_two_again_only_to_those_met_before() -> None:
    returning = letter(ROUND_TWO, "thank_you", 0, now=R2_SOON)
    new = letter(ROUND_TWO, "thank_you", 1, now=R2_SOON)
    assert "meeting with me again" in returning.body
    assert "again" not in new.body
    assert "It was a pleasure to meet you." in new.body
    assert (
        returning.subject == "Thank you: Senior Data Analyst interview at Lumina Analytics, round 2"
    )
    assert letter(CARD, "thank_you").subject != returning.subject


def test_check_ins_differ_from_one_to_the_next() -> None:
    first = letter(WAITING, "check_in", now=AFTER)
    second = letter(_checked_in(WAITING, 1), "check_in", now=AFTER + timedelta(days=7))
    assert first.body != second.body and first.subject != second.subject
    assert "you had hoped to decide by Friday 18 December" in first.body
    assert "following my video interview on Tuesday 8 December" in first.body
    assert "my note of Monday 21 December" in second.body


def test_offer_accepted_looks_forward_and_does_not_ask_to_connect() -> None:
    body = letter(replace(CARD, outcome=Outcome.OFFER_ACCEPTED), "final_thanks").body
    assert "looking forward to working with you" in body
    assert "connect" not in body and "stay in touch" not in body


def test_a_connection_note_fits_linkedins_limit() -> None:
    draft = SCENARIOS["handle_only_long_note"]()
    assert draft.subject == "" and not draft.text.startswith("Subject:")
    assert len(draft.body) <= letters.CONNECTION_NOTE_LIMIT
    assert draft.channel == "linkedin_note"
    assert draft.destination == (
        "LinkedIn connection note to linkedin.com/in/mgl (300 characters at most)"
    )
    assert SCENARIOS["handle_only_x"]().destination == "X message to @samlee"
    assert letter(CARD, "thank_you").destination == "To alan@lumina.example"


# --- check-in dates: spaced out, never on a weekend or a public holiday ---------------------------


def test_check_ins_avoid_weekends_and_public_holidays() -> None:
    from tui import rules

    # They said they would decide by Thursday 24 December: the next working day in England is
    # Tuesday 29 December (Christmas Day, then Boxing Day moved to Monday 28).
    card = replace(WAITING, decision_by=date(2026, 12, 24))
    assert rules.follow_up_date(card, MAYA) == date(2026, 12, 29)
    assert rules.follow_up_date(card, replace(MAYA, country="")) == date(2026, 12, 25)
    # After a check-in on Tue 29 Dec, the next waits 5 working days (1 January is a holiday).
    first = sent(
        replace(card, stage=Stage.CHECKED_IN), "check_in", datetime(2026, 12, 29, 10, tzinfo=UTC)
    )
    assert rules.not_before(first, MAYA, "check_in", datetime(2026, 12, 30, tzinfo=UTC)) == date(
        2027, 1, 6
    )


# --- properties over generated cards -------------------------------------------------------------

_TITLES = st.sampled_from(["", "Dr.", "Prof.", "Ms.", "Mr.", "Mx.", "Dr"])
_FIRST = st.sampled_from(["", "Alan", "María", "Zoë", "Anna-Lena", "Kenji", "Priya"])
_LAST = st.sampled_from(["", "Ortiz", "García-López", "de la Vega", "O'Brien", "Ní Bhriain"])
_SUFFIX = st.sampled_from(["", "Jr.", "III", "PhD"])
_JOBS = st.sampled_from(["", "Recruiter", "HR Partner", "Analytics Manager", "Data Engineer"])
_POINTS = st.lists(
    st.sampled_from(["the churn dashboard", "moving reports to dbt", "on-call", "data contracts"]),
    max_size=3,
    unique=True,
).map("; ".join)


@st.composite
def _names(draw: st.DrawFn) -> str:
    title, first, last, suffix = draw(_TITLES), draw(_FIRST), draw(_LAST), draw(_SUFFIX)
    if draw(st.booleans()) and first and last:
        return f"{last}, {first}"
    return " ".join(part for part in (title, first, last, suffix if last else "") if part)


@st.composite
def _people(draw: st.DrawFn, round_number: int) -> Interviewer:
    first_round = draw(st.integers(1, round_number))
    return Interviewer(
        name=draw(_names()),
        title=draw(_JOBS),
        email=draw(st.sampled_from(["", "someone@lumina.example"])),
        linkedin=draw(st.sampled_from(["", "https://www.linkedin.com/in/someone"])),
        greeting=draw(st.sampled_from(["", "first", "formal"])),
        talked_about=draw(_POINTS),
        rounds=tuple(range(first_round, round_number + 1)),
    )


@st.composite
def _cards(draw: st.DrawFn) -> Application:
    round_number = draw(st.integers(1, 3))
    people = tuple(draw(st.lists(_people(round_number), min_size=1, max_size=3)))
    card = Application(
        company="Lumina",
        role="Data Analyst",
        interviewed_at=INTERVIEW,
        interviewers=people,
        round=round_number,
        key_points=draw(_POINTS),
        outcome=draw(st.sampled_from(list(Outcome))),
        decision_by=draw(st.sampled_from([None, date(2026, 12, 18)])),
        format=draw(st.sampled_from(list(InterviewFormat))),
    )
    for number in range(draw(st.integers(0, 2))):
        at = datetime(2026, 12, 14 + 7 * number, tzinfo=UTC)
        card = card.with_event(
            Event(at, EventKind.MESSAGE_SENT, "Sent", {"message": "check_in", "round": "1"})
        )
    return card


_PROFILES = st.builds(
    Profile,
    name=st.sampled_from(["Maya Chen"]),
    email=st.sampled_from(["maya@example.com"]),
    signature=st.sampled_from(["", "Maya Chen", "Best regards,\nMaya Chen", "Cheers,\nMaya"]),
    sign_off=st.sampled_from(["Best regards,", "Kind regards,", ""]),
    what_i_bring=st.sampled_from(["", "six years of product analytics"]),
    timezone=st.just("Europe/London"),
)
_KINDS = st.sampled_from(
    ["thank_you", "timeline_question", "check_in", "feedback_request", "final_thanks"]
)
_NOW = st.sampled_from([SOON, INTERVIEW + timedelta(days=3), INTERVIEW + timedelta(days=20)])
_BARE_TITLE = re.compile(r"^(?:Dear|Hi) (?:(?:Dr|Prof|Ms|Mr|Mrs|Mx)\.?)?,", re.M)
_PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_PROPERTY
@given(card=_cards(), profile=_PROFILES, kind=_KINDS, now=_NOW, data=st.data())
def test_no_letter_breaks_a_promise(
    card: Application, profile: Profile, kind: str, now: datetime, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(card.interviewers) - 1))
    person = card.interviewers[index]
    draft = render(card, profile, kind, index, BUNDLED, now=now)
    lines = draft.body.split("\n")
    # No doubled sign-off: a closing phrase is never followed by another, and said once.
    closings = [line for line in lines if is_closing_phrase(line)]
    assert len(closings) <= 1, draft.body
    # The greeting has a name, and never a bare title.
    assert not _BARE_TITLE.search(draft.body), draft.body
    greeting = names.greeting_name(person)
    if greeting:
        assert lines[0] in (f"Dear {greeting},", f"Hi {greeting},"), draft.body
    else:
        assert "[interviewer's name]" in lines[0]
    # "Again" only to someone met in an earlier round.
    if not person.met_before(card.round):
        assert "again" not in draft.text.lower(), draft.body
    # No placeholder where the card holds the data.
    if greeting and (card.key_points or person.talked_about) and profile.signature:
        assert draft.missing == (), draft.body


def _points(text: str) -> set[str]:
    return {point.strip().lower() for point in text.split(";") if point.strip()}


@_PROPERTY
@given(card=_cards(), profile=_PROFILES, kind=_KINDS)
def test_panel_members_with_different_points_get_different_letters(
    card: Application, profile: Profile, kind: str
) -> None:
    people = card.interviewers
    for first in range(len(people)):
        for second in range(first + 1, len(people)):
            a, b = people[first], people[second]
            if kind != "thank_you" or not a.talked_about or a.talked_about == b.talked_about:
                continue
            if _points(a.talked_about) <= _points(card.key_points):
                continue  # their own points repeat the shared ones: no different facts
            if "substance" not in (names.audience(a), names.audience(b)):
                continue
            one = render(card, profile, kind, first, BUNDLED, now=SOON)
            two = render(card, profile, kind, second, BUNDLED, now=SOON)
            assert one.body.split("\n", 1)[1] != two.body.split("\n", 1)[1]


@pytest.mark.parametrize(
    "name",
    ["Sam Park", "Priya", "Anna-Lena Müller", "Zoë O'Brien", "Dean Smith", "Ma Long", "Kenji"],
)
def test_plain_names_read_as_nameparser_reads_them_without_importing_it(name: str) -> None:
    from nameparser import HumanName

    parsed = HumanName(name)
    assert names.parts(name) == (parsed.title, parsed.first, parsed.last, parsed.suffix)


def test_a_message_sent_once_goes_to_the_recruiter_of_the_round() -> None:
    assert names.main_contact(PANEL) == 2  # Priya, the HR partner
    assert names.main_contact(CARD) == 0
    assert names.main_contact(ROUND_TWO) == 0  # Dr. Ortiz, at round 2; Lee is new
    assert names.main_contact(replace(CARD, interviewers=())) == 0


@pytest.mark.parametrize(("rounds", "words"), [(2, "second"), (9, "ninth"), (12, "12th")])
def test_a_later_round_is_named_as_a_reader_would_say_it(rounds: int, words: str) -> None:
    card, at = CARD, INTERVIEW
    for round_number in range(2, rounds + 1):
        card = sent(card, "thank_you", at + timedelta(hours=4))
        at += timedelta(days=7)
        people = card.interviewers[:1] + ((LEE,) if round_number == rounds else ())
        card = changes.new_round(card, at, at - timedelta(days=1), people)
    new_person = letter(card, "thank_you", 1, now=at + timedelta(hours=4))
    assert f"Thank you for joining my {words}-round interview on Tuesday" in new_person.body
    assert "round-" not in new_person.body


# --- a later round says what that round covered, never the earlier one's points again ----------


def test_a_later_round_with_nothing_said_about_it_does_not_repeat_round_ones_points() -> None:
    # Round 1's thank-you told Dr. Ortiz about the churn dashboard; r asked nothing new.
    returning = letter(ROUND_TWO, "thank_you", 0, now=R2_SOON).body
    new = letter(ROUND_TWO, "thank_you", 1, now=R2_SOON).body
    said = letter(CARD, "thank_you").body
    assert "churn dashboard" in said
    for body in (returning, new):
        assert "churn dashboard" not in body and "dbt" not in body
        assert "[what you discussed]" not in body
    assert "I enjoyed learning more about the team and its work this time" in returning
    assert "I enjoyed our conversation, and it left me even more excited" in new
    # What round 1 covered is kept, in the round's history entry.
    event = ROUND_TWO.history[-2]
    assert event.kind is EventKind.NEW_ROUND
    assert "round 1 covered: the churn dashboard and moving reports to dbt" in event.summary
    assert event.details["key_points_was"] == CARD.key_points
    assert ROUND_TWO.key_points == ""


def test_a_later_round_thanks_them_for_what_that_round_covered() -> None:
    thanked = sent(CARD, "thank_you", SOON)
    second = changes.new_round(
        thanked,
        INTERVIEW + timedelta(days=7),
        SOON,
        (Interviewer("Dr. Alan Ortiz"), LEE),
        key_points="the team's roadmap; a live SQL exercise",
    )
    for index in (0, 1):
        body = letter(second, "thank_you", index, now=R2_SOON).body
        assert "I especially enjoyed discussing the team's roadmap and a live SQL exercise." in body
        assert "churn" not in body


def test_a_returning_persons_own_points_are_not_repeated_in_the_next_round() -> None:
    card = replace(CARD, interviewers=(KEN,), key_points="")
    assert "data contracts" in letter(card, "thank_you").body
    second = changes.new_round(sent(card, "thank_you", SOON), INTERVIEW + timedelta(days=7), SOON)
    body = letter(second, "thank_you", now=R2_SOON).body
    assert "data contracts" not in body and "dbt" not in body
    assert second.interviewers[0].talked_about == ""
    assert "with Kenji Watanabe: the dbt migration and data contracts" in second.history[-2].summary


# --- after a rejection, only the person who told the user is thanked for the decision ----------


def test_only_the_person_who_gave_the_decision_is_thanked_for_it() -> None:
    rejected = replace(PANEL, outcome=Outcome.REJECTED, stage=Stage.OUTCOME)
    told = names.main_contact(rejected)
    assert told == 2  # the HR partner, whom the feedback request goes to
    bodies = [letter(rejected, "feedback_request", index).body for index in range(3)]
    assert "Thank you for letting me know your decision" in bodies[told]
    for index in (0, 1):
        assert "letting me know your decision" not in bodies[index]
        assert (
            "I've heard that the team decided not to go ahead with my application"
            in (bodies[index])
        )
    assert bodies[0] != bodies[told]
    # The same in a short note, for someone found only on LinkedIn.
    on_linkedin = replace(ROSA, email="", linkedin="https://www.linkedin.com/in/rosa")
    noted = replace(rejected, interviewers=(on_linkedin, KEN, PRIYA))
    note = letter(noted, "feedback_request", 0).body
    assert "letting me know your decision" not in note and "I've heard" in note


# --- the final thanks gives the user's LinkedIn once ---------------------------------------------


def test_the_final_thanks_gives_the_linkedin_url_once() -> None:
    signed = replace(MAYA, signature=f"Maya Chen\n{MAYA.linkedin}")
    rejected = replace(CARD, outcome=Outcome.REJECTED)
    body = letter(rejected, "final_thanks", profile=signed).body
    assert body.count(MAYA.linkedin) == 1 and body.endswith(MAYA.linkedin)
    assert "You'll find me at" not in body
    # A signature without it: the letter says where to find the user.
    unsigned = letter(rejected, "final_thanks").body
    assert unsigned.count(MAYA.linkedin) == 1
    assert f"You'll find me at {MAYA.linkedin}." in unsigned
