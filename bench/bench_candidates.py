"""Report-time candidate lookup with 1,000,000 persons on record: median and 95th percentile.

    .venv/bin/python bench/bench_candidates.py                          # embedded SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/misper_cand .venv/bin/python bench/bench_candidates.py

Fills a separate database once (persons with the engine's blocking keys, loaded in bulk), then times
`people.selectors.match_candidates` for phoned-in variants of known people (typos, nicknames, swapped
day and month). Goal (issue 3): 95th percentile at most 50 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MISPER_DATA_DIR", str(ROOT / "bench" / "data" / "candidates"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misper.settings")

SUFFIXES = ["", "son", "ley", "ton", "field", "wood", "er", "s", "well", "by", "ham", "more"]
NICKNAMES = {"William": "Bill", "Robert": "Bob", "Jonathan": "Jon", "Elizabeth": "Liz", "Thomas": "Tom"}


def keys_for(rows: list[tuple[str, str, str, str, str]]) -> list[list[str]]:
    """Blocking keys of raw rows (run in worker processes: the engine needs no Django)."""
    from misper.matching import PersonRecord, record_blocking_keys

    return [
        record_blocking_keys(
            PersonRecord(record_id="x", given_name=g, family_name=f, date_of_birth=d, sex=s, postcode=p)
        )
        for g, f, d, s, p in rows
    ]


def fill(total: int, rng: random.Random) -> None:
    from multiprocessing import Pool

    from django.db import connection, transaction

    from misper.core.timeutil import now
    from misper.demo.generator import GIVEN_F, GIVEN_M, SURNAMES
    from misper.people.models import Person, PersonKey
    from misper.people.services import name_key

    given = [*GIVEN_F, *GIVEN_M, *NICKNAMES]
    stamp = now()
    started = time.perf_counter()
    batch = 20_000
    with Pool(os.cpu_count() or 2) as pool:
        for offset in range(0, total, batch):
            rows = [
                (
                    rng.choice(given),
                    rng.choice(SURNAMES) + rng.choice(SUFFIXES),
                    (date(1940, 1, 1) + timedelta(days=rng.randrange(30_000))).isoformat(),
                    rng.choice(["female", "male"]),
                    postcode(rng),
                )
                for _ in range(min(batch, total - offset))
            ]
            chunks = [rows[i : i + 2000] for i in range(0, len(rows), 2000)]
            keys = [k for part in pool.map(keys_for, chunks) for k in part]
            people = [
                Person(
                    given_name=g,
                    family_name=f,
                    name_key=name_key(g, f),
                    date_of_birth=date.fromisoformat(d),
                    sex=s,
                    postcode=p,
                    created_at=stamp,
                )
                for g, f, d, s, p in rows
            ]
            with transaction.atomic():
                Person.objects.bulk_create(people, batch_size=5000)
                PersonKey.objects.bulk_create(
                    (PersonKey(person=p, key=k) for p, ks in zip(people, keys, strict=True) for k in ks),
                    batch_size=10_000,
                )
            done = offset + len(people)
            print(
                f"\r  loaded {done:,} persons ({done / (time.perf_counter() - started):,.0f}/s)",
                end="",
                flush=True,
            )
    print()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE people_person; ANALYZE people_personkey;")


def postcode(rng: random.Random) -> str:
    return f"DE{rng.randint(1, 75)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRS')}"


def variant(person: object, rng: random.Random) -> dict[str, object]:
    """A phoned-in version of a known person: a typo, a nickname or a swapped day and month."""
    given, family, dob = person.given_name, person.family_name, person.date_of_birth  # type: ignore[attr-defined]
    roll = rng.random()
    if roll < 0.3 and len(family) > 3:
        at = rng.randrange(1, len(family))
        family = family[:at] + family[at + 1 :]
    elif roll < 0.5:
        given = NICKNAMES.get(given, given)
    elif roll < 0.7 and dob.day <= 12:
        dob = dob.replace(month=dob.day, day=dob.month)
    return {"given_name": given, "family_name": family, "date_of_birth": dob, "sex": person.sex}  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=300)
    args = parser.parse_args()
    Path(os.environ["MISPER_DATA_DIR"]).mkdir(parents=True, exist_ok=True)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from misper.people.models import Person, PersonKey
    from misper.people.selectors import match_candidates
    from misper.people.services import PersonDetails

    call_command("migrate", verbosity=0)
    rng = random.Random(11)
    have = Person.objects.count()
    if have < args.persons:
        if have:
            raise SystemExit(f"the bench database has {have} persons; remove it to refill")
        print(f"filling {args.persons:,} persons ({connection.vendor}); this runs once")
        fill(args.persons, rng)
    ids = rng.sample(range(1, Person.objects.order_by("-pk").values_list("pk", flat=True)[0]), args.lookups)
    targets = list(Person.objects.filter(pk__in=ids))
    print(
        f"database: {connection.vendor}, persons: {Person.objects.count():,}, "
        f"keys: {PersonKey.objects.count():,}"
    )
    timings, found, sizes = [], 0, []
    for person in targets[:20]:
        match_candidates(details=PersonDetails(**variant(person, rng)))  # type: ignore[arg-type]
    for person in targets:
        details = PersonDetails(**variant(person, rng))  # type: ignore[arg-type]
        start = time.perf_counter()
        candidates = match_candidates(details=details)
        timings.append((time.perf_counter() - start) * 1000)
        sizes.append(len(candidates))
        found += any(c.person.pk == person.pk for c in candidates)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"lookups: {len(timings)}, median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {timings[-1]:.1f} ms (goal: p95 <= 50 ms)"
    )
    print(
        f"the known person was among the candidates in {found}/{len(targets)} lookups "
        f"(mean {statistics.mean(sizes):.1f} candidates shown)"
    )


if __name__ == "__main__":
    main()
