"""The employer's reply: saved emails as mail clients write them, read and recorded through the
command line on a real board."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import cards_in, one_line, run, run_script
from tui import rules
from tui.exchange import reply as replies
from tui.model import Application, EventKind, Interviewer, Outcome, Profile, Stage
from tui.store import Store

REPLIES = Path(__file__).parents[1] / "data" / "replies"
NOW = datetime(2026, 12, 18, 17, 0, tzinfo=UTC)
NEW_YORK = Profile(timezone="America/New_York")


pytestmark = pytest.mark.usefixtures("clock")


def card(company: str, role: str, *people: tuple[str, str], day: int = 8) -> Application:
    return Application(
        company=company,
        role=role,
        interviewed_at=datetime(2026, 12, day, 15, 0, tzinfo=UTC),
        stage=Stage.THANKED,
        interviewers=tuple(Interviewer(name=name, email=email) for name, email in people),
    )


BOARD = (
    card("Acme", "Data Analyst", ("Priya Shah", "priya.shah@acme.example")),
    card("Globex", "Senior Product Manager", ("Sam Lee", "sam.lee@globex.example"), day=9),
    card("Hooli", "Data Analyst", ("Jordan Kim", "jordan.kim@hooli.example"), day=14),
    card("Initech", "Data Engineer", ("Marcus Bell", "marcus.bell@initech.example"), day=7),
    card("Soylent", "Platform Engineer", ("Lena Vogel", "lena.vogel@soylent.example"), day=10),
    card("Umbrella Corp", "Backend Engineer", ("Tomás Ruiz", "tomas.ruiz@umbrella-corp.example")),
)


@pytest.fixture
def db(tmp_path: Path, isolated_home: Path) -> Path:
    config = isolated_home / "config"
    config.mkdir(parents=True, exist_ok=True)
    (config / "config.toml").write_text('timezone = "America/New_York"\n', encoding="utf-8")
    path = tmp_path / "board.json"
    with Store(path) as store:
        store.save_profile(Profile(name="Alex Morgan", email="alex.morgan@gmail.com"))
        store.add_many(BOARD)
    return path


def read(name: str) -> replies.Reply:
    return replies.read_reply((REPLIES / name).read_bytes())


@pytest.mark.parametrize(
    ("name", "sender", "subject", "words"),
    [
        ("plain.eml", "Priya Shah", "Re: Thank you - Data Analyst interview", "decision by Friday"),
        ("alternative.eml", "Sam Lee", "RE: Senior Product Manager - next steps", "December 18"),
        ("html-only.eml", "Hooli Talent", "Your Data Analyst application", "We\u2019re still"),
        ("quoted-printable.eml", "Tomás Ruiz", "Umbrella Corp \u2013 your onsite", "We\u2019ll"),
        ("latin1.eml", "Zoë Müller", "Rückmeldung Platform Engineer", "vielen Dank für das"),
        ("forwarded.eml", "Marcus Bell", "Your application at Initech", "make you an offer"),
        ("attachment.eml", "Art Vandelay", "Logistics Analyst - schedule for the", "enjoyed"),
    ],
)
def test_reads_what_mail_clients_save(name: str, sender: str, subject: str, words: str) -> None:
    message = read(name)
    assert message.sender == sender
    assert message.subject.startswith(subject)
    assert words in message.first_lines()


def test_html_only_keeps_text_not_markup_or_scripts() -> None:
    text = read("html-only.eml").text
    assert "next week" in text
    assert "<" not in text and "trackOpen" not in text and "font-family" not in text


def test_quoted_history_is_not_the_reply() -> None:
    message = read("plain.eml")
    assert "SQL take-home" not in message.first_lines()
    # 'next week' is in the quoted message, not in Priya's words.
    assert [(d.day, d.words) for d in replies.decision_dates(message, "America/New_York")] == [
        (date(2026, 12, 11), "by Friday")
    ]


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("alternative.eml", [(date(2026, 12, 18), "December 18")]),
        ("html-only.eml", [(date(2026, 12, 25), "next week")]),
        ("quoted-printable.eml", [(date(2026, 12, 30), "within two weeks")]),
        ("attachment.eml", [(date(2026, 12, 25), "end of next week")]),
    ],
)
def test_decision_dates_found_in_the_text(name: str, found: list[tuple[date, str]]) -> None:
    message = read(name)
    assert [(d.day, d.words) for d in replies.decision_dates(message, "America/New_York")] == found


def test_offers_and_rejections_are_recognised() -> None:
    assert replies.suggested_outcome(read("forwarded.eml")) is Outcome.OFFER
    assert replies.suggested_outcome(read("latin1.eml")) is Outcome.REJECTED
    assert replies.suggested_outcome(read("plain.eml")) is None


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"\x00\x01PK\x03\x04 binary", "binary"),
        (b"just some words, no headers at all", "no From: header"),
        (
            b"From: a@b.example\r\nContent-Type: text/plain; charset=x-klingon\r\n\r\nqapla",
            "unknown",
        ),
        (b"From: a@b.example\r\nSubject: x\r\n" + b"A" * (replies.MAX_REPLY_BYTES + 1), "MB"),
        (
            b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
            b"Content-Type: application/pdf\r\n\r\n%PDF\r\n--b--\r\n",
            "no text",
        ),
    ],
)
def test_hostile_messages_are_one_clear_error(data: bytes, words: str) -> None:
    with pytest.raises(replies.ReplyError, match=words):
        replies.read_reply(data)


def test_matching_by_address_then_domain() -> None:
    board = [replace_id(c, i + 1) for i, c in enumerate(BOARD)]
    assert [c.company for c in replies.match_cards(read("plain.eml"), board)] == ["Acme"]
    # talent@hooli.example is no interviewer: the domain finds Hooli's card.
    assert [c.company for c in replies.match_cards(read("html-only.eml"), board)] == ["Hooli"]
    two = [*board, replace_id(card("Acme", "BI Engineer", ("Riley", "riley@acme.example")), 9)]
    other = replies.Reply("Casey", "casey@acme.example", "Hello", NOW, "Hi")
    assert [c.role for c in replies.match_cards(other, two)] == ["Data Analyst", "BI Engineer"]


def replace_id(item: Application, doc_id: int) -> Application:
    from dataclasses import replace

    return replace(item, doc_id=doc_id)


# --------------------------------------------------------------------------- the command line


def test_reply_stops_the_clock_until_it_is_answered(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = rules.next_action(cards_in(db)[0], NEW_YORK, NOW)
    assert before.kind == "check_in"
    code, out, err = run(capsys, "--db", str(db), "reply", str(REPLIES / "plain.eml"))
    assert code == 0, err
    assert out.startswith(
        "Card 1 (Acme - Data Analyst): Reply from Priya Shah, Tue 8 Dec: "
        "Re: Thank you - Data Analyst interview\n"
    )
    assert 'Fri 11 Dec ("by Friday"): --decision-by 2026-12-11' in out
    acme = cards_in(db)[0]
    assert acme.history[-1].kind is EventKind.REPLY
    assert "expect to make a decision by Friday" in acme.notes
    waiting = rules.next_action(acme, NEW_YORK, NOW)
    assert (waiting.kind, waiting.label) == ("answer_reply", "reply from Priya Shah: press R")
    assert rules.message_to_send(acme, NEW_YORK, NOW) is None
    # Saying what it said records it once, and the clock runs from the decision date.
    code, out, _ = run(
        capsys, "--db", str(db), "reply", str(REPLIES / "plain.eml"), "--decision-by", "2026-12-11"
    )
    assert code == 0
    acme = cards_in(db)[0]
    assert [e.kind for e in acme.history].count(EventKind.REPLY) == 1
    assert acme.decision_by == date(2026, 12, 11) and acme.stage is Stage.AWAITING_DECISION
    assert rules.next_action(acme, NEW_YORK, NOW).kind == "check_in"


def test_offer_and_rejection_move_the_card(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "--db", str(db), "reply", str(REPLIES / "forwarded.eml"), "--outcome", "offer"
    )
    assert code == 0, err
    initech = cards_in(db)[3]
    assert initech.outcome is Outcome.OFFER and initech.stage is Stage.OUTCOME
    assert rules.next_action(initech, NEW_YORK, NOW).kind == "final_thanks"
    code, out, _ = run(capsys, "--db", str(db), "reply", str(REPLIES / "latin1.eml"))
    assert code == 0 and "it reads like a rejection: --outcome rejected" in out
    code, _, _ = run(capsys, "--db", str(db), "reply", str(REPLIES / "latin1.eml"), "--noted")
    soylent = cards_in(db)[4]
    assert soylent.history[-1].summary == "Noted the reply"
    assert rules.next_action(soylent, NEW_YORK, NOW).kind != "answer_reply"


def test_hostile_reply_adds_nothing(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (db.read_bytes(), cards_in(db))
    code, out, err = run(capsys, "--db", str(db), "reply", str(REPLIES / "wrong-encoding.eml"))
    assert code == 2 and out == ""
    assert "wrong encoding" in one_line(err)
    assert cards_in(db) == before[1]


def test_unmatched_and_ambiguous_senders_ask(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(db), "reply", str(REPLIES / "attachment.eml"))
    assert code == 1 and "choose one with --card ID" in one_line(err)
    code, out, _ = run(
        capsys, "--db", str(db), "reply", str(REPLIES / "attachment.eml"), "--card", "2"
    )
    assert code == 0 and out.startswith("Card 2 (Globex")
    with Store(db) as store:
        store.add(card("Acme", "BI Engineer", ("Riley", "riley.chen@acme.example")))
    message = REPLIES / "plain.eml"
    data = message.read_bytes().replace(b"priya.shah@acme.example>", b"casey@acme.example>")
    other = db.parent / "casey.eml"
    other.write_bytes(data)
    code, _, err = run(capsys, "--db", str(db), "reply", str(other))
    assert code == 2 and "several cards match casey@acme.example (1 Acme" in one_line(err)


def test_console_script_records_a_reply(db: Path) -> None:
    done = run_script(
        "reply", str(REPLIES / "quoted-printable.eml"), env={"FOLLOWUP_TUI_DB": str(db)}
    )
    assert done.returncode == 0, done.stderr
    assert "Card 6 (Umbrella Corp - Backend Engineer): Reply from Tomás Ruiz" in done.stdout


def test_pasted_text_with_a_from_line_names_the_sender() -> None:
    text = (
        "From: Priya Shah <priya.shah@acme.example>\n"
        "Sent: Tuesday, December 8, 2026 4:12 PM\n\n"
        "Hi Alex, we will decide by December 18.\n"
    )
    message = replies.reply_from_text(text, now=NOW)
    assert (message.name, message.email) == ("Priya Shah", "priya.shah@acme.example")
    assert [d.day for d in replies.decision_dates(message, "America/New_York")] == [
        date(2026, 12, 18)
    ]


def test_pasted_body_alone_has_no_sender_and_a_whole_message_is_read_as_email() -> None:
    bare = replies.reply_from_text("Thanks Alex!\nWe'll be in touch next week.", now=NOW)
    assert (bare.email, bare.sender) == ("", "")
    whole = replies.reply_from_text((REPLIES / "plain.eml").read_text(encoding="utf-8"))
    assert whole.email == "priya.shah@acme.example" and whole.subject.startswith("Re: Thank")
    with pytest.raises(replies.ReplyError, match="nothing was pasted"):
        replies.reply_from_text("  \n ")
