"""Cards the exchange tests share: realistic boards and one that every format can get wrong."""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime

from tests.boards import make_application, realistic_card_doc
from tui.model import Application, Interviewer, InterviewFormat, Outcome, Profile, Stage
from tui.model_docs import application_from_doc

NOW = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
PROFILE = Profile(name="Ana Test", timezone="UTC", follow_up_days=7)


def realistic_cards(count: int) -> list[Application]:
    rng = random.Random(3)
    return [
        application_from_doc(realistic_card_doc(i, rng, NOW), doc_id=i) for i in range(1, count + 1)
    ]


def tricky_card() -> Application:
    """Everything a CSV can get wrong: formulas, quotes, separators, newlines, accents."""
    return make_application(
        doc_id=42,
        company='=HYPERLINK("http://evil.example","Acme")',
        role='+Senior, "Data"; Analyst',
        interviewers=(
            Interviewer(name="@Zoë Çelik", title="-Head", email="zoe@example.com"),
            Interviewer(name="Doe, Jane", linkedin="https://linkedin.example/jd"),
        ),
        notes="- first line\n\ttabbed second line\r\n'quoted' and trailing  ",
        key_points="\tstarts with a tab",
        feedback="'=already guarded",
        connected_via=("LinkedIn", "Twitter/X"),
        drafts={"thank_you:0": "Dear Zoë,\n\nThanks!"},
        outcome=Outcome.NO_RESPONSE,
        stage=Stage.AWAITING_DECISION,
        format=InterviewFormat.ONSITE,
        round=3,
    )


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))
