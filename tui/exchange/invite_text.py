"""What an invite's text says: the interview's format (a video link, a street address, a phone
number), its notes without the calendar's boilerplate, and the company and role from the
event's title or the organiser's email domain. Pure text; no icalendar."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.model import Interviewer, InterviewFormat

MAX_NOTES = 2000
"""Characters of an event's description kept as the card's notes."""

NO_REPLY = re.compile(r"^(?:no-?reply|noreply|donotreply|do-not-reply|notifications?|calendar)@")
"""A scheduling robot's address: never an interviewer, and never names the company."""

_VIDEO = re.compile(
    r"zoom\.us/|zoomgov\.com/|meet\.google\.com/|teams\.microsoft\.com/|teams\.live\.com/"
    r"|webex\.com/|whereby\.com/|bluejeans\.com/|chime\.aws/|gotomeet|"
    r"\b(?:zoom|google meet|microsoft teams|teams meeting|webex|video call)\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?:tel:|\+)?\(?\d[\d\s().-]{6,}\d")
_PHONE_WORDS = re.compile(
    r"\b(?:phone (?:call|screen|interview)|will call you|call you at)\b", re.I
)
_STREET = re.compile(
    r"\b\d+[a-z]?\s+(?:[A-Z][\w'.-]*\s+){1,4}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Way|Lane|Ln|Dr|Drive|Pl|Place|Sq|Square"
    r"|Ct|Court|Pkwy|Parkway|Hwy|Strasse|Straße)\b\.?"
    r"|\b\w+(?:straße|strasse|str\.|weg|platz|gasse|allee|laan|gracht|vej|gatan|katu)\s+\d+"
    r"|\b(?:rue|avenue|via|calle|plaza|piazza)\s+\w+"
    r"|\b(?:Floor|Suite|Building)\s+\w+"
    r"|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b"  # a UK postcode
    r"|\b[A-Z]{2}\s+\d{5}(?:-\d{4})?\b",  # a US state and ZIP
)


def guess_format(location: str, links: str, description: str) -> InterviewFormat | None:
    """Video for a Zoom, Meet, Teams or Webex link; on-site for a street address; phone for
    a phone number. The location says it first, then the links, then the description; None
    when nothing does."""
    for text in (location, links):
        if _VIDEO.search(text):
            return InterviewFormat.VIDEO
        if _STREET.search(text):
            return InterviewFormat.ONSITE
        if _PHONE.fullmatch(text.strip()) or text.strip().lower().startswith("tel:"):
            return InterviewFormat.PHONE
    if _VIDEO.search(description):
        return InterviewFormat.VIDEO
    if _PHONE_WORDS.search(description) or _PHONE_WORDS.search(location):
        return InterviewFormat.PHONE
    if _STREET.search(description):
        return InterviewFormat.ONSITE
    return None


_GOOGLE_RULE = re.compile(r"^-::~[:~]+::-$")
_NOISE = re.compile(
    r"^(?:Invitation from Google Calendar.*|You are receiving this .*|Forwarding this invitation"
    r".*|Learn more about Meet at:.*|Learn more.*|Please do not edit this section\..*|_{10,}"
    r"|Reply for .*|View all guest info.*)$",
    re.IGNORECASE,
)


def event_notes(description: str, location: str, link: str) -> str:
    """The description, without the calendar's boilerplate, with the place or link when the
    description leaves it out."""
    lines: list[str] = []
    for raw in description.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if _GOOGLE_RULE.match(line) or _NOISE.match(line):
            continue
        if not line and (not lines or not lines[-1]):
            continue
        lines.append(line)
    text = "\n".join(lines).strip()
    extras = []
    if location and location not in text:
        extras.append(f"Where: {location}")
    if link and link not in text and link not in location:
        extras.append(f"Link: {link}")
    text = "\n".join([*extras, text] if text else extras)
    return text if len(text) <= MAX_NOTES else text[: MAX_NOTES - 1] + "…"


_PUBLIC_MAIL = frozenset(
    (
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.de",
        "web.de",
        "fastmail.com",
        "hey.com",
    )
)
_SERVICES = frozenset(
    (
        "greenhouse.io",
        "greenhouse-mail.io",
        "lever.co",
        "hire.lever.co",
        "calendly.com",
        "zoom.us",
        "google.com",
        "calendar.google.com",
        "goodtime.io",
        "ashbyhq.com",
        "workday.com",
        "myworkday.com",
        "smartrecruiters.com",
        "icims.com",
        "microsoft.com",
        "outlook.office365.com",
        "teams.microsoft.com",
        "gem.com",
    )
)
_SECOND_LEVEL = frozenset({"co", "com", "ac", "org", "net", "gov", "edu"})


def is_service(email: str) -> bool:
    domain = email.rpartition("@")[2].casefold()
    return any(domain == service or domain.endswith(f".{service}") for service in _SERVICES)


def company_from_address(email: str) -> str:
    """'Acme' for 'priya@acme.example' or 'sam@mail.acme.co.uk'; '' for a personal mailbox
    (gmail.com, ...) or a scheduling service's."""
    domain = email.rpartition("@")[2].casefold().strip(".")
    if not domain or domain in _PUBLIC_MAIL or is_service(email):
        return ""
    labels = domain.split(".")
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL:
        labels = labels[:-1]
    name = labels[-2] if len(labels) >= 2 else labels[0]
    return name.replace("-", " ").title() if name.islower() else name


_INTERVIEW_WORDS = re.compile(
    r"\b(?:interview(?:ing)?|invitation|invite|phone screen(?:ing)?|screening call|screen"
    r"|on-?site|final round|(?:first|second|third|1st|2nd|3rd|next) round|round \d+"
    r"|technical|hiring manager|chat|call|meeting|conversation|panel|video)\b",
    re.IGNORECASE,
)
_ROLE_WORDS = re.compile(
    r"\b(?:analyst|engineer|developer|manager|designer|scientist|lead|director|specialist"
    r"|consultant|coordinator|intern|associate|architect|administrator|officer|representative"
    r"|researcher|writer|editor|accountant|assistant|head|vp|president|product|sales"
    r"|marketing|recruiter|programmer|technician|advisor|strategist|owner|executive)\b",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s+[|\u2013\u2014-]\s+|\s*:\s+|\s+at\s+|\s+@\s+|\s*\|\s*")


def company_and_role(
    summary: str, organiser: Interviewer | None, people: Sequence[Interviewer]
) -> tuple[str, str, set[str]]:
    """Company and role from an event title, with which of the two were guessed.

    Reads 'Interview: Data Analyst - Acme' (any dash), 'Acme | Data Analyst interview',
    'Data Analyst Interview with Priya Shah', 'Backend Engineer at Umbrella'; the company
    falls back to the organiser's (or an interviewer's) email domain.
    """
    guessed: set[str] = set()
    everyone = ([organiser] if organiser else []) + list(people)
    addresses = [p.email for p in everyone if p.email and not NO_REPLY.match(p.email.casefold())]
    from_domain = next((c for c in map(company_from_address, addresses) if c), "")
    title = re.sub(r"\s+(?:with|between)\s+.*$", "", summary.strip(), flags=re.IGNORECASE)
    title = re.sub(r"^\s*(?:re|fwd?|updated invitation|invitation|canceled|cancelled)\s*:\s*",
                   "", title, flags=re.IGNORECASE)  # fmt: skip
    starts_with_word = bool(re.match(r"^\s*\w+(?:\s+\w+)?\s*:", title)) and bool(
        _INTERVIEW_WORDS.match(title.strip())
    )
    parts = [part.strip(" -\u2013\u2014|:,()") for part in _SEPARATORS.split(title)]
    kept: list[tuple[str, bool]] = []
    for part in parts:
        bare = " ".join(_INTERVIEW_WORDS.sub(" ", part).split()).strip(" -\u2013\u2014|:,()")
        if bare:
            kept.append((bare, bare != part))
    company = role = ""
    if from_domain:
        for index, (part, _) in enumerate(kept):
            if loose(part).startswith(loose(from_domain)) or loose(from_domain).startswith(
                loose(part)
            ):
                company = part
                del kept[index]
                break
    if company:
        role = kept[0][0] if kept else ""
    elif len(kept) == 1:
        role = kept[0][0]
    elif len(kept) >= 2:
        first, second = kept[0], kept[1]
        if " at " in f" {title.lower()} " or starts_with_word:
            role, company = first[0], second[0]
        elif second[1] and not first[1]:  # 'Acme | Data Analyst interview'
            company, role = first[0], second[0]
        elif _ROLE_WORDS.search(first[0]) and not _ROLE_WORDS.search(second[0]):
            role, company = first[0], second[0]
        elif _ROLE_WORDS.search(second[0]) and not _ROLE_WORDS.search(first[0]):
            company, role = first[0], second[0]
        else:
            role, company = first[0], second[0]
            guessed |= {"company", "role"}
    if not company:
        company = from_domain
        guessed.add("company")
    if not role:
        role = "Interview"
        guessed.add("role")
    return company, role, guessed


def loose(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())
