"""The nightly sweep queues the same pairs however many people it writes at a time."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from misper.core.timeutil import now
from misper.people.models import DuplicateCandidate, MatchModelVersion, Person
from misper.people.services import _linked_groups, dedupe_all_persons, name_key

PEOPLE = [
    # (given, family, date of birth, postcode): three records of one girl, two of one man, others alone.
    ("Callum", "Whitmore", date(2007, 3, 9), "DE3 9QQ"),
    ("Harriet", "Ollerenshaw", date(2009, 11, 23), "DE1 2AB"),
    ("Callum", "Whitmoore", date(2007, 3, 9), "DE3 9QQ"),
    ("Priya", "Chakraborty", date(1998, 6, 14), "NG7 1AA"),
    ("Harriet", "Ollerenshaw", date(2009, 11, 23), "DE1 2AB"),
    ("Hattie", "Ollerenshaw", date(2009, 11, 23), "DE1 2AB"),
    ("Tomasz", "Wisniewski", date(1985, 1, 30), "S1 4GH"),
]


def _rows() -> list[tuple[int, int, float, list[str]]]:
    return list(
        DuplicateCandidate.objects.filter(source=DuplicateCandidate.Source.BATCH)
        .order_by("id")
        .values_list("person_a_id", "person_b_id", "probability", "reasons")
    )


@pytest.mark.django_db
def test_the_sweep_writes_the_same_pairs_in_small_batches() -> None:
    at = now()
    Person.objects.bulk_create(
        Person(
            given_name=g, family_name=f, date_of_birth=d, postcode=p, name_key=name_key(g, f), created_at=at
        )
        for g, f, d, p in PEOPLE
    )
    ids = list(Person.objects.order_by("pk").values_list("pk", flat=True))
    queued = dedupe_all_persons(chunk_size=2, batch_persons=2)
    small = _rows()
    DuplicateCandidate.objects.all().delete()
    assert dedupe_all_persons() == queued
    assert _rows() != [] and [row[:2] for row in _rows()] == [row[:2] for row in small]
    assert [row[2:] for row in _rows()] == [row[2:] for row in small]
    pairs = {row[:2] for row in small}
    assert (ids[0], ids[2]) in pairs  # the surname typo
    assert {(ids[1], ids[4]), (ids[1], ids[5])} <= pairs  # ranked against the lowest id of the three
    assert queued == len(small)
    assert MatchModelVersion.objects.count() == 2


def test_linked_groups_are_clusters_of_two_or_more_in_order_of_their_first_record() -> None:
    labels = np.asarray([4, 1, 4, 3, 1, 5, 1, 3], dtype=np.int64)
    assert _linked_groups(labels) == [[0, 2], [1, 4, 6], [3, 7]]
    assert _linked_groups(np.arange(3, dtype=np.int64)) == []
