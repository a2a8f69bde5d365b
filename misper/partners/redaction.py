"""The redacted missing report: everything a partner could be told, cut down to what the policy allows."""

from __future__ import annotations

import re
from typing import Any

from misper.core.policy import get_policy
from misper.core.timeutil import iso
from misper.episodes.models import Episode, FoundRecord

FREE_TEXT = ("circumstances", "clothing", "description", "harm_details", "last_seen_location")
WHEREABOUTS = ("found_location", "home_address", "postcode")
WITHHELD = "Withheld at the person's request"

_POLICE_MARKED = re.compile(r"\[police:[^\]]*\]", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\w)\+?\d[\d ()-]{8,}\d")


def scrub(text: str) -> str:
    """Free text may name third parties and carry police-only passages: both stay with the police."""
    text = _POLICE_MARKED.sub("[removed]", text)
    text = _EMAIL.sub("[e-mail removed]", text)
    return _PHONE.sub("[phone removed]", text)


def full_report(episode: Episode) -> dict[str, Any]:
    """Every field a report can carry (policy.REPORT_FIELDS), before redaction. Needs person,
    care home and authority loaded; the found record is read if the person was found."""
    person = episode.person
    found: FoundRecord | None = getattr(episode, "found_record", None) if episode.found_at else None
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
        "age": episode.age_at_missing,
        "sex": person.sex,
        "description": person.description,
        "home_address": person.address,
        "postcode": person.postcode,
        "missing_since": iso(episode.missing_since),
        "reported_at": iso(episode.reported_at),
        "risk_grade": episode.risk_grade,
        "status": episode.status,
        "last_seen_location": episode.last_seen_location,
        "circumstances": episode.circumstances,
        "clothing": episode.clothing,
        "care_status": episode.care_status,
        "care_home": person.care_home.name if person.care_home else None,
        "responsible_authority": episode.responsible_authority.name
        if episode.responsible_authority
        else None,
        "found_at": iso(episode.found_at),
        "found_location": found.found_location if found else None,
        "condition": found.condition if found else None,
        "harm_details": found.harm_details if found else None,
        "exploitation_indicators": list(found.exploitation_indicators) if found else None,
        "closed_at": iso(episode.closed_at),
        # Never shared, listed so that the policy's promise is checked against the real source.
        "police_only_notes": episode.police_only_notes,
        "reporting_person_name": episode.reporting_person_name,
        "reporting_person_contact": episode.reporting_person_contact,
        "last_seen_by": episode.last_seen_by,
    }


def whereabouts_withheld(episode: Episode) -> bool:
    found: FoundRecord | None = getattr(episode, "found_record", None) if episode.found_at else None
    return episode.person.whereabouts_withheld or bool(found and found.whereabouts_withheld)


def redact(report: dict[str, Any], *, kind: str, withheld: bool) -> dict[str, Any]:
    """The report for one kind of partner: only the fields the policy shares with that kind."""
    rules = get_policy().redaction
    allowed = set(rules.shared.get(kind, [])) - set(rules.never_shared)  # type: ignore[call-overload]
    out: dict[str, Any] = {}
    for name in allowed:
        value = report.get(name)
        if withheld and name in WHEREABOUTS and value:
            value = WITHHELD
        elif rules.scrub_free_text and name in FREE_TEXT and isinstance(value, str):
            value = scrub(value)
        out[name] = value
    return out
