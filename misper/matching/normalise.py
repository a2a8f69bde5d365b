"""Cleaning of the raw person fields used by the matching engine.

Every function here takes a raw value (possibly ``None`` or blank) and returns either a
normalised string or ``""`` for *unknown*.  Unknown is always the empty string so that the
engine can treat "missing" and "unreadable" identically (both carry no evidence).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from importlib import resources

import jellyfish

__all__ = [
    "clean_email",
    "clean_name",
    "clean_text",
    "name_groups",
    "nickname_canonicals",
    "nickname_equivalent",
    "normalise_phone",
    "normalise_postcode",
    "normalise_sex",
    "parse_date",
    "phonetic",
    "postcode_parts",
]

_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_SPACES = re.compile(r"\s+")
# Honorifics and suffixes carry no identity and differ between sources.
# Honorifics, titles and ranks: never part of the name itself.
_NAME_NOISE = frozenset(
    {
        *("mr", "mrs", "ms", "mx", "miss", "dr", "sir", "lady", "lord", "dame", "jr", "sr", "snr", "jnr"),
        *("rt", "hon", "rev", "revd", "reverend", "venerable", "prof", "professor"),
        *("archbishop", "bishop", "baron", "baroness", "viscount", "earl", "marquess", "countess"),
        *("admiral", "maj", "gen", "capt", "col", "colonel", "lieutenant", "lt", "sgt", "sergeant", "cpl"),
    }
)
# Titles that are also names ("Dean", "Major", "King"): dropped only before another name.
_LEADING_TITLES = frozenset(
    {"major", "general", "captain", "master", "canon", "dean", "father", "king", "prince"}
)
_ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$")


def clean_text(value: str | None) -> str:
    """Lower-case, strip accents and punctuation, collapse whitespace."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    # Apostrophes join (O'Neil -> oneil) while hyphens separate (Smith-Jones -> smith jones).
    text = text.replace("'", "").replace("\u2019", "")
    text = _NON_ALNUM.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


@lru_cache(maxsize=500_000)  # names repeat a lot across a population
def clean_name(value: str | None) -> str:
    """Clean a personal name; honorifics dropped, digits removed (they are typing noise)."""
    tokens = [
        t
        for t in clean_text(value).split()
        if t not in _NAME_NOISE and not t.isdigit() and not _ORDINAL.match(t)
    ]
    while len(tokens) > 1 and tokens[0] in _LEADING_TITLES:
        tokens.pop(0)
    return " ".join(tokens)


@lru_cache(maxsize=1)
def _nickname_table() -> dict[str, frozenset[str]]:
    """Map each known name to the set of canonical names of the groups it belongs to."""
    table: dict[str, set[str]] = {}
    text = resources.files("misper.matching").joinpath("data/nicknames.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        names = [clean_name(n) for n in line.split(",")]
        names = [n for n in names if n]
        canonical = names[0]
        for name in names:
            table.setdefault(name, set()).add(canonical)
    return {name: frozenset(groups) for name, groups in table.items()}


@lru_cache(maxsize=200_000)
def nickname_canonicals(name: str) -> frozenset[str]:
    """Canonical forms of a cleaned given name (the name itself when it is in no group).

    Only the first token is looked up: "mary ann" is filed under Mary.
    """
    first = name.split(" ", 1)[0] if name else ""
    if not first:
        return frozenset()
    return _nickname_table().get(first, frozenset({first}))


def nickname_equivalent(a: str, b: str) -> bool:
    """True when two cleaned given names share a nickname group (Jon ~ Jonathan)."""
    if not a or not b:
        return False
    return not nickname_canonicals(a).isdisjoint(nickname_canonicals(b))


def name_groups(names: Iterable[str]) -> list[str]:
    """Sorted canonical names for a collection of cleaned names (stable blocking keys)."""
    out: set[str] = set()
    for name in names:
        out |= nickname_canonicals(name)
    return sorted(out)


@lru_cache(maxsize=200_000)
def phonetic(name: str) -> str:
    """Phonetic key (Metaphone) of the first token of a cleaned name.

    Metaphone was preferred to NYSIIS/Soundex: it maps Smith/Smyth and Chudleigh/Chydleigh
    together while keeping the first letter less dominant than Soundex does.
    """
    first = name.split(" ", 1)[0] if name else ""
    if not first:
        return ""
    return jellyfish.metaphone(first)


@lru_cache(maxsize=200_000)
def parse_date(value: str | None) -> tuple[str, bool]:
    """Parse an ISO date (YYYY-MM-DD; also YYYYMMDD and DD/MM/YYYY).

    Returns ``(yyyymmdd, unreadable)``: the date as 8 digits or "" when unknown, and whether
    the cell held something that could not be read (an impossible date such as 1955-11-92).
    """
    raw = (value or "").strip()
    if not raw:
        return "", False
    parts = _date_parts(raw)
    if parts is None:
        return "", True
    year, month, day = parts
    try:
        date(year, month, day)
    except ValueError:
        return "", True
    return f"{year:04d}{month:02d}{day:02d}", False


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_UK = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def _date_parts(raw: str) -> tuple[int, int, int] | None:
    for pattern, order in ((_ISO, (0, 1, 2)), (_COMPACT, (0, 1, 2)), (_UK, (2, 1, 0))):
        found = pattern.match(raw)
        if found:
            groups = found.groups()
            return int(groups[order[0]]), int(groups[order[1]]), int(groups[order[2]])
    return None


_SEX = {
    "f": "female",
    "female": "female",
    "woman": "female",
    "girl": "female",
    "m": "male",
    "male": "male",
    "man": "male",
    "boy": "male",
    "other": "other",
    "o": "other",
    "x": "other",
    "non binary": "other",
    "nonbinary": "other",
    "u": "unknown",
    "unknown": "unknown",
    "not known": "unknown",
}


@lru_cache(maxsize=1_000)
def normalise_sex(value: str | None) -> tuple[str, bool]:
    """Return ``(sex, unreadable)``; sex is female/male/other, or "" when unknown."""
    text = clean_text(value)
    if not text:
        return "", False
    sex = _SEX.get(text)
    if sex is None:
        return "", True
    # "unknown" is a valid answer but carries no evidence for matching.
    return ("" if sex == "unknown" else sex), False


_POSTCODE = re.compile(r"^([a-z]{1,2}[0-9][a-z0-9]?)([0-9][a-z]{2})$")


@lru_cache(maxsize=500_000)
def normalise_postcode(value: str | None) -> str:
    """UK postcode as "OUTWARD INWARD" upper-case; unparseable text is kept compacted."""
    compact = clean_text(value).replace(" ", "")
    if not compact:
        return ""
    found = _POSTCODE.match(compact)
    if found is None:
        # A mistyped postcode still carries evidence via fuzzy comparison, so keep it.
        return compact.upper()
    return f"{found.group(1)} {found.group(2)}".upper()


def postcode_parts(postcode: str) -> tuple[str, str]:
    """Split a normalised postcode into (outward, sector) e.g. ("SW1A", "SW1A 2")."""
    if " " not in postcode:
        return postcode, postcode
    outward, inward = postcode.split(" ", 1)
    return outward, f"{outward} {inward[:1]}"


def normalise_phone(value: str | None) -> str:
    """Digits only, international UK prefix rewritten to the national 0 form."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("0044"):
        digits = digits[4:]
    elif digits.startswith("44") and len(digits) >= 11:
        digits = digits[2:]
    else:
        return digits if len(digits) >= 6 else ""
    # "+44 (0)7700 ..." already carries the trunk zero.
    digits = digits if digits.startswith("0") else "0" + digits
    # Fewer than 6 digits is an extension or junk: no evidence.
    return digits if len(digits) >= 6 else ""


def clean_email(value: str | None) -> str:
    """Lower-cased trimmed e-mail; anything without an "@" is unknown."""
    text = (value or "").strip().lower()
    return text if "@" in text else ""
