"""Text shaping: the editor's text read back, the placeholders left in a draft, a sign-off
written twice, and a mailto: link."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from tui.drafts.language import PLACEHOLDER_PATTERN, SUBJECT_PREFIX
from tui.sign_off import is_closing_phrase
from tui.text_safety import for_clipboard

if TYPE_CHECKING:
    from tui.drafts.draft import Draft


def without_doubled_sign_off(body: str) -> str:
    """Drop a closing phrase directly followed by another ('Best regards,' / 'Cheers,'): a
    template of the user's that writes its own sign-off over one from the signature."""
    lines = body.split("\n")
    kept = [
        line
        for position, line in enumerate(lines)
        if not (
            is_closing_phrase(line)
            and position + 1 < len(lines)
            and is_closing_phrase(lines[position + 1])
        )
    ]
    return "\n".join(kept)


def parse_text(text: str) -> tuple[str, str]:
    """Split editor text 'Subject: ...' + blank line + body; no Subject line means no subject."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line, _, rest = text.partition("\n")
    if not first_line.strip().lower().startswith(SUBJECT_PREFIX):
        return "", text.strip("\n")
    subject = first_line.strip()[len(SUBJECT_PREFIX) :].strip()
    return subject, rest.strip("\n")


def find_placeholders(text: str) -> list[str]:
    """The known placeholder texts present in ``text``, each once, in order of appearance."""
    found: list[str] = []
    for match in PLACEHOLDER_PATTERN.finditer(text):
        if match.group() not in found:
            found.append(match.group())
    return found


def mailto_url(draft: Draft) -> str:
    """A mailto: link to the recipient with the subject and body, percent-encoded (RFC 6068)."""
    address = draft.recipient.email.strip() if draft.recipient else ""
    # Mail clients expect CRLF line breaks in a mailto body.
    body = for_clipboard(draft.body).replace("\n", "\r\n")  # no control characters
    return (
        f"mailto:{quote(for_clipboard(address), safe='@')}"
        f"?subject={quote(for_clipboard(draft.subject), safe='')}&body={quote(body, safe='')}"
    )
