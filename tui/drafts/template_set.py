"""The templates in use: for each kind the user's own where it is valid, else the bundled
one; a note on user templates written for an earlier version."""

from __future__ import annotations

import re
from pathlib import Path

from tui import paths
from tui.drafts.language import Template, TemplateError, parse_template
from tui.rules import MESSAGE_KINDS
from tui.sign_off import is_closing_phrase

KINDS: tuple[str, ...] = MESSAGE_KINDS
"""Message kinds, in the order the draft panel cycles through them (``model.MessageKind``)."""

_MAX_TEMPLATE_BYTES = 100_000


class TemplateSet:
    """The template for each kind: the user's override where it is valid, else the bundled one."""

    def __init__(
        self, templates: dict[str, Template], sources: dict[str, Path], errors: list[str]
    ) -> None:
        self._templates = templates
        self.sources = sources
        """Where each kind's template was read from."""
        self.errors = errors
        """One plain-English message per template that could not be used."""

    @classmethod
    def load(cls, user_dir: Path | None = None, bundled_dir: Path | None = None) -> TemplateSet:
        """Read every kind's template; a broken user template is reported and skipped."""
        user_dir = paths.user_templates_dir() if user_dir is None else user_dir
        bundled_dir = paths.bundled_templates_dir() if bundled_dir is None else bundled_dir
        templates: dict[str, Template] = {}
        sources: dict[str, Path] = {}
        errors: list[str] = []
        for kind in KINDS:
            user_file = user_dir / f"{kind}.md"
            if user_file.is_file():
                try:
                    templates[kind] = _read_template(user_file)
                    sources[kind] = user_file
                    errors.extend(_advice(user_file, templates[kind].source))
                    continue
                except TemplateError as error:
                    errors.append(f"{error} Using the built-in {kind}.md instead.")
            bundled_file = bundled_dir / f"{kind}.md"
            try:
                templates[kind] = _read_template(bundled_file)
            except TemplateError as error:
                # A broken installation must not stop the app: the draft says what went wrong.
                errors.append(str(error))
                templates[kind] = _broken_template(kind, bundled_file)
            sources[kind] = bundled_file
        return cls(templates, sources, errors)

    def get(self, kind: str) -> str:
        """The template text in use for a kind."""
        return self.parsed(kind).source

    def parsed(self, kind: str) -> Template:
        """The parsed template in use for a kind."""
        return self._templates[check_kind(kind)]


_OLD_GREETING = re.compile(r"^\s*(?:dear|hi|hello)\s+\{interviewer_first_name\}", re.I | re.M)


def _advice(path: Path, source: str) -> list[str]:
    """What to change in a user template written for an earlier version (it still works)."""
    found = []
    if _OLD_GREETING.search(source):
        found.append(
            f"Template {path.name} ({path}): it greets with {{interviewer_first_name}}, which "
            "says 'Alan' to 'Dr. Alan Ortiz'. Write {greeting_name} instead to greet people "
            "as they expect ('Dear Dr. Ortiz', or the first name you chose for them)."
        )
    lines = source.splitlines()
    for position, line in enumerate(lines[1:], start=1):
        if "{signature_block}" in line and is_closing_phrase(lines[position - 1]):
            found.append(
                f"Template {path.name} ({path}): it writes its own sign-off "
                f"({lines[position - 1].strip()!r}) before {{signature_block}}. Write "
                "{sign_off} there to use the sign-off from your profile."
            )
            break
    return found


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown message kind {kind!r} (one of: {', '.join(KINDS)})")
    return kind


def _broken_template(kind: str, path: Path) -> Template:
    text = f"The {kind}.md template could not be read from {path}."
    return Template(source="", subject=(), body=(text,))


def _read_template(path: Path) -> Template:
    """Read and parse one template file, raising TemplateError with a clear message."""
    label = f"Template {path.name} ({path}):"
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise TemplateError(f"{label} cannot be read ({error.strerror or error}).") from None
    if len(raw) > _MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{label} is larger than {_MAX_TEMPLATE_BYTES // 1000} kB.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TemplateError(f"{label} is not UTF-8 text.") from None
    try:
        return parse_template(text)
    except TemplateError as error:
        raise TemplateError(f"{label} {error}") from None
