"""Writes for people: creating a person from a report, and deciding if a report is about someone known."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction

from misper.accounts.models import User
from misper.audit.models import Operation
from misper.audit.services import audit_record
from misper.core.errors import InvalidInput, StateConflict
from misper.core.timeutil import now
from misper.people.models import (
    CareStatus,
    DuplicateCandidate,
    MatchModelVersion,
    Person,
    PersonAlias,
    PersonKey,
    PersonMerge,
    Sex,
)

_log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class PersonDetails:
    """What a report says about the missing person."""

    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = Sex.UNKNOWN
    postcode: str = ""
    address: str = ""
    phone: str = ""
    description: str = ""
    aliases: tuple[str, ...] = ()


def name_key(given_name: str, family_name: str) -> str:
    return " ".join(f"{given_name} {family_name}".lower().split())


def validate_person_details(details: PersonDetails, *, prefix: str = "person.") -> None:
    if details.date_of_birth and details.date_of_birth > now().date():
        raise InvalidInput("the date of birth cannot be in the future", field=prefix + "date_of_birth")
    if not (details.given_name.strip() or details.family_name.strip()):
        raise InvalidInput("give at least a given name or a family name", field=prefix + "given_name")
    if details.sex not in Sex.values:
        raise InvalidInput(f"choose one of {', '.join(Sex.values)}", field=prefix + "sex")


def person_create(*, details: PersonDetails, care_status: str, actor: User | None) -> Person:
    person = Person(
        given_name=details.given_name.strip(),
        family_name=details.family_name.strip(),
        date_of_birth=details.date_of_birth,
        sex=details.sex,
        postcode=details.postcode.strip().upper(),
        address=details.address.strip(),
        phone=details.phone.strip(),
        description=details.description.strip(),
        care_status=care_status or CareStatus.NONE,
        created_at=now(),
        name_key=name_key(details.given_name, details.family_name),
    )
    person.full_clean()
    person.save()
    for alias in {a.strip() for a in details.aliases if a.strip()}:
        person.aliases.create(name=alias)
    person_keys_refresh(person=person)
    audit_record(
        object_type="person",
        object_id=person.pk,
        operation=Operation.COLLECTION,
        event="person.created",
        actor=actor,
        summary=f"Person record created for {person.full_name}",
    )
    return person


def person_identity_lock(*, details: PersonDetails) -> None:
    """Hold, until the transaction ends, a lock on this identity, so that concurrent reports about the
    same person find the one that the first creates instead of each creating their own.

    SQLite needs none: its IMMEDIATE transactions already run one writer at a time.
    """
    if connection.vendor != "postgresql":
        return
    # By name alone: the matching engine may link reports whose dates of birth differ or are missing.
    identity = name_key(details.given_name, details.family_name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [identity])


def person_update_from_report(*, person: Person, details: PersonDetails, care_status: str) -> None:
    """Fill in what the new report knows and the record lacks; keep what staff recorded before."""
    changed: list[str] = []
    for field in ("postcode", "address", "phone", "description"):
        new = getattr(details, field).strip()
        if new and new != getattr(person, field):
            setattr(person, field, new.upper() if field == "postcode" else new)
            changed.append(field)
    if care_status and care_status != person.care_status:
        person.care_status = care_status
        changed.append("care_status")
    if changed:
        person.save(update_fields=changed)
        person_keys_refresh(person=person)


# ---- identity: match keys, duplicates, merge and unmerge ---------------------------------------------


def person_keys_refresh(*, person: Person) -> None:
    """Store the engine's blocking keys for the person (and for any records merged into them)."""
    from misper.matching import record_blocking_keys
    from misper.people.selectors import person_record

    records = [person, *Person.objects.filter(merged_into=person)]
    keys = {key for record in records for key in record_blocking_keys(person_record(record))}
    PersonKey.objects.filter(person=person).delete()
    PersonKey.objects.bulk_create(PersonKey(person=person, key=key[:120]) for key in sorted(keys))


def duplicate_flag(
    *, person: Person, candidates: Sequence[tuple[Person, float, list[str]]], source: str
) -> None:
    """Queue (person, candidate) pairs for a supervisor, in one statement; a pair already queued or
    dismissed is left as it is (the unique pair constraint ignores the repeat)."""
    at = now()
    rows = []
    for other, probability, reasons in candidates:
        if other.pk == person.pk:
            continue
        low, high = sorted((person, other), key=lambda p: p.pk)
        rows.append(
            DuplicateCandidate(
                person_a=low,
                person_b=high,
                probability=probability,
                reasons=reasons,
                source=source,
                created_at=at,
            )
        )
    DuplicateCandidate.objects.bulk_create(rows, ignore_conflicts=True)


def person_merge(*, survivor: Person, merged: Person, actor: User, reason: str) -> PersonMerge:
    """Fold a duplicate into the surviving record: its episodes, meetings and names move; it is kept,
    pointing at the survivor, so that the merge can be undone."""
    from misper.accounts.permissions import Can, require
    from misper.episodes.models import Episode
    from misper.meetings.models import ReviewMeeting

    require(actor, Can.MERGE)
    if survivor.pk == merged.pk:
        raise InvalidInput("choose two different people", field="merged")
    if not reason.strip():
        raise InvalidInput("say why these are the same person", field="reason")
    with transaction.atomic():
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])}
        if any(p.merged_into_id is not None for p in locked.values()):
            raise StateConflict("one of these records has already been merged")
        episode_ids = list(Episode.objects.filter(person=merged).values_list("pk", flat=True))
        meeting_ids = list(ReviewMeeting.objects.filter(person=merged).values_list("pk", flat=True))
        Episode.objects.filter(pk__in=episode_ids).update(person=survivor)
        ReviewMeeting.objects.filter(pk__in=meeting_ids).update(person=survivor)
        alias_ids = _merge_names(survivor, merged)
        Person.objects.filter(pk=merged.pk).update(merged_into=survivor)
        record = PersonMerge.objects.create(
            survivor=survivor,
            merged=merged,
            moved={"episodes": episode_ids, "meetings": meeting_ids, "aliases": alias_ids},
            reason=reason.strip()[:500],
            merged_at=now(),
            merged_by=actor,
        )
        DuplicateCandidate.objects.filter(
            person_a_id__in=[survivor.pk, merged.pk], person_b_id__in=[survivor.pk, merged.pk]
        ).update(status=DuplicateCandidate.Status.MERGED, decided_at=now(), decided_by=actor)
        PersonKey.objects.filter(person=merged).delete()
        person_keys_refresh(person=survivor)
        for person, summary in (
            (survivor, f"Absorbed person {merged.pk} ({merged.full_name}): {len(episode_ids)} episodes"),
            (merged, f"Merged into person {survivor.pk} ({survivor.full_name})"),
        ):
            audit_record(
                object_type="person",
                object_id=person.pk,
                operation=Operation.COMBINATION,
                event="person.merged",
                actor=actor,
                summary=f"{summary}. Reason: {reason.strip()[:200]}",
            )
    return record


def _merge_names(survivor: Person, merged: Person) -> list[int]:
    """The merged record's names become aliases of the survivor (so later reports find them)."""
    names = {merged.full_name, *merged.aliases.values_list("name", flat=True)} - {survivor.full_name}
    existing = set(survivor.aliases.values_list("name", flat=True))
    created = [
        PersonAlias.objects.create(person=survivor, name=name, kind=PersonAlias.Kind.ALIAS)
        for name in sorted(names - existing)
        if name and name != "(name unknown)"
    ]
    return [alias.pk for alias in created]


def person_unmerge(*, merge: PersonMerge, actor: User) -> None:
    """Undo a merge: what moved goes back, the names added to the survivor are removed."""
    from misper.accounts.permissions import Can, require
    from misper.episodes.models import Episode
    from misper.meetings.models import ReviewMeeting

    require(actor, Can.MERGE)
    with transaction.atomic():
        if not PersonMerge.objects.filter(pk=merge.pk, undone_at__isnull=True).update(
            undone_at=now(), undone_by=actor
        ):
            raise StateConflict("this merge has already been undone")
        survivor, merged = merge.survivor, merge.merged
        Episode.objects.filter(pk__in=merge.moved.get("episodes", []), person=survivor).update(person=merged)
        ReviewMeeting.objects.filter(pk__in=merge.moved.get("meetings", []), person=survivor).update(
            person=merged
        )
        PersonAlias.objects.filter(pk__in=merge.moved.get("aliases", []), person=survivor).delete()
        Person.objects.filter(pk=merged.pk).update(merged_into=None)
        merged.merged_into = None
        person_keys_refresh(person=survivor)
        person_keys_refresh(person=merged)
        DuplicateCandidate.objects.filter(
            person_a_id__in=[survivor.pk, merged.pk], person_b_id__in=[survivor.pk, merged.pk]
        ).update(status=DuplicateCandidate.Status.DISMISSED, decided_at=now(), decided_by=actor)
        for person in (survivor, merged):
            audit_record(
                object_type="person",
                object_id=person.pk,
                operation=Operation.ALTERATION,
                event="person.unmerged",
                actor=actor,
                summary=f"Merge of person {merged.pk} into {survivor.pk} undone",
            )


def duplicate_dismiss(*, candidate: DuplicateCandidate, actor: User) -> None:
    from misper.accounts.permissions import Can, require

    require(actor, Can.MERGE)
    if not DuplicateCandidate.objects.filter(pk=candidate.pk, status=DuplicateCandidate.Status.OPEN).update(
        status=DuplicateCandidate.Status.DISMISSED, decided_at=now(), decided_by=actor
    ):
        raise StateConflict("this pair has already been decided")


def _keep_model(model_json: str, *, persons: int) -> None:
    """Store the model the sweep trained, for report-time matching; keep the last three."""
    MatchModelVersion.objects.create(trained_at=now(), persons=persons, model_json=model_json)
    stale = MatchModelVersion.objects.order_by("-trained_at", "-id").values_list("pk", flat=True)[3:]
    MatchModelVersion.objects.filter(pk__in=list(stale)).delete()


RECORD_FIELDS = ("pk", "given_name", "family_name", "date_of_birth", "sex", "postcode", "address", "phone")


def dedupe_all_persons(*, chunk_size: int = 50_000, batch_persons: int = 5_000) -> int:
    """The batch duplicate sweep: cluster every current person record with the engine and queue each
    pair it links that nobody has decided yet, with the engine's probability and reasons.
    Returns the number of new queue entries.

    It streams, so that a million people fit in a few GB: rows are read as tuples, chunk by chunk,
    straight into the engine's columnar table and blocking keys (no list of records is built). The
    linked clusters are then ranked from that table and queued ``batch_persons`` people at a time.
    """
    from misper.matching import PersonRecord, build_batch, link_table, prepare_record
    from misper.people.selectors import match_index

    current = Person.objects.filter(merged_into__isnull=True).order_by("pk").values_list(*RECORD_FIELDS)
    table, keys = build_batch(
        prepare_record(
            PersonRecord(
                record_id=str(pk),
                given_name=given,
                family_name=family,
                date_of_birth=dob.isoformat() if dob else None,
                sex=sex,
                postcode=postcode,
                address=address,
                phone=phone,
            )
        )
        for pk, given, family, dob, sex, postcode, address, phone in current.iterator(chunk_size=chunk_size)
    )
    _log.info("sweep: read %d persons", len(table))
    if len(table) < 2:
        return 0
    result = link_table(table, keys)  # releases the keys' arrays once they are used
    del keys
    _keep_model(result.model.to_json(), persons=len(table))
    groups = _linked_groups(result.cluster)
    before = DuplicateCandidate.objects.count()
    at = now()
    rows: list[DuplicateCandidate] = []
    persons = 0
    for group in groups:
        # Members by id: the lowest is the anchor the others are ranked against.
        anchor, *others = sorted(group, key=lambda i: int(table.ids[i]))
        ranked = match_index().rank(table.record(anchor), [table.record(o) for o in others])
        rows.extend(
            DuplicateCandidate(
                person_a_id=int(table.ids[anchor]),
                person_b_id=int(c.record_id),
                probability=c.probability,
                reasons=[r.text for r in c.reasons if abs(r.weight) >= 0.5],
                source=DuplicateCandidate.Source.BATCH,
                created_at=at,
            )
            for c in ranked
        )
        persons += len(group)
        if persons >= batch_persons:
            DuplicateCandidate.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
            rows, persons = [], 0
    DuplicateCandidate.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    queued = DuplicateCandidate.objects.count() - before
    _log.info("sweep: %d clusters ranked, %d pairs newly queued", len(groups), queued)
    return queued


def _linked_groups(labels: npt.NDArray[np.int64]) -> list[list[int]]:
    """Record indexes of each cluster of two or more, ascending, clusters by their first record."""
    linked = np.flatnonzero(np.bincount(labels)[labels] > 1)
    if len(linked) == 0:
        return []
    grouped = linked[np.argsort(labels[linked], kind="stable")]
    starts = np.flatnonzero(labels[grouped[1:]] != labels[grouped[:-1]]) + 1
    groups: list[list[int]] = [group.tolist() for group in np.split(grouped, starts)]
    groups.sort(key=lambda group: group[0])
    return groups
