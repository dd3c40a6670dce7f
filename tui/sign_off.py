"""Closing phrases: 'Best regards,' and the like, told apart from the name under them.

A profile's signature may open with one (old profiles kept it there); a user template may
write its own. Drafts use these to write the sign-off once, never twice.
"""

from __future__ import annotations

import re

_CLOSING = re.compile(
    r"(?:(?:best|kind|warm|warmest|many|with)\s+(?:regards|wishes|thanks)"
    r"|regards|best|all the best|thanks|many thanks|thank you|cheers|sincerely|yours sincerely"
    r"|yours truly|yours faithfully|yours|respectfully|with gratitude|with thanks|warmly"
    r"|mit freundlichen gr(?:ü|ue)(?:ß|ss)en|cordialement|bien cordialement|saludos|un saludo)"
    r"\s*[,.!\u2014-]*",
    re.IGNORECASE,
)


def is_closing_phrase(line: str) -> bool:
    """Whether a line is a closing phrase alone: 'Best regards,', 'Thanks!', 'Cheers'."""
    return _CLOSING.fullmatch(line.strip()) is not None


def split_sign_off(signature: str) -> tuple[str, str]:
    """('Best regards,', 'Maya Chen...') from a signature whose first line is a closing
    phrase; ('', signature) when it does not start with one."""
    text = signature.strip("\n")
    first, _, rest = text.partition("\n")
    if is_closing_phrase(first):
        return first.strip(), rest.strip("\n")
    return "", signature
