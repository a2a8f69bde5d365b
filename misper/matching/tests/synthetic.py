"""Small synthetic person data for the tests (no external files)."""

from __future__ import annotations

import random

GIVEN = [
    ("robert", "bob"),
    ("william", "bill"),
    ("elizabeth", "liz"),
    ("margaret", "peggy"),
    ("jonathan", "jon"),
    ("catherine", "kate"),
    ("thomas", "tom"),
    ("richard", "dick"),
    ("susan", "sue"),
    ("james", "jim"),
    ("patricia", "trish"),
    ("edward", "ted"),
    ("alexander", "alex"),
    ("deborah", "debbie"),
    ("michael", "mick"),
    ("rebecca", "becky"),
    ("anthony", "tony"),
    ("victoria", "vicky"),
    ("frederick", "fred"),
    ("dorothy", "dot"),
]
FAMILY = [
    "smith",
    "jones",
    "taylor",
    "brown",
    "williams",
    "wilson",
    "johnson",
    "davies",
    "robinson",
    "wright",
    "thompson",
    "evans",
    "walker",
    "white",
    "roberts",
    "green",
    "hall",
    "wood",
    "jackson",
    "clarke",
    "patel",
    "khan",
    "lewis",
    "harris",
    "martin",
    "cooper",
    "hughes",
    "edwards",
    "turner",
    "hill",
]
HEADER = ["record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "phone", "email"]


def _typo(rng: random.Random, word: str) -> str:
    i = rng.randrange(1, len(word))
    return word[:i] + word[i + 1 :]


def people(n: int, seed: int = 7) -> list[dict[str, str]]:
    """n distinct people with unique name/dob combinations."""
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    for i in range(n):
        given, nick = GIVEN[i % len(GIVEN)]
        family = FAMILY[(i * 7 + i // len(GIVEN)) % len(FAMILY)]
        year, month, day = 1940 + rng.randrange(60), rng.randrange(1, 13), rng.randrange(1, 29)
        out.append(
            {
                "person": str(i),
                "given_name": given,
                "nick": nick,
                "family_name": family,
                "date_of_birth": f"{year:04d}-{month:02d}-{day:02d}",
                "sex": "f"
                if given
                in {
                    "elizabeth",
                    "margaret",
                    "catherine",
                    "susan",
                    "patricia",
                    "deborah",
                    "rebecca",
                    "victoria",
                    "dorothy",
                }
                else "m",
                "postcode": f"LS{1 + i % 20} {rng.randrange(1, 9)}{chr(65 + i % 26)}{chr(65 + (i * 3) % 26)}",
                "phone": f"07700 9{i:05d}",
            }
        )
    return out


def variants(person: dict[str, str], rng: random.Random) -> list[dict[str, str]]:
    """Three records of one person: clean, nickname + typo'd surname, swapped day/month + no phone."""
    year, month, day = person["date_of_birth"].split("-")
    swapped = f"{year}-{day}-{month}" if int(day) <= 12 else f"{year}-{month}-{int(day) - 1:02d}"
    base = {k: person[k] for k in ("given_name", "family_name", "date_of_birth", "sex", "postcode", "phone")}
    return [
        base,
        {**base, "given_name": person["nick"], "family_name": _typo(rng, person["family_name"]), "phone": ""},
        {
            **base,
            "date_of_birth": swapped,
            "phone": "",
            "sex": "",
            "given_name": person["given_name"].title(),
        },
    ]


def dataset(n_people: int = 40, seed: int = 3) -> tuple[list[dict[str, str]], dict[str, str]]:
    """Records with record ids, and the true person of each record id."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    truth: dict[str, str] = {}
    for person in people(n_people):
        for record in variants(person, rng):
            record_id = f"r{len(rows):04d}"
            rows.append({"record_id": record_id, **record, "email": ""})
            truth[record_id] = person["person"]
    rng.shuffle(rows)
    return rows, truth
