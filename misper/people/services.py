"""Writes for people: creating a person from a report, and deciding if a report is about someone known."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from misper.accounts.models import User
from misper.audit.models import Operation
from misper.audit.services import audit_record
from misper.core.errors import InvalidInput
from misper.core.timeutil import now
from misper.people.models import CareStatus, Person, Sex


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
    audit_record(
        object_type="person",
        object_id=person.pk,
        operation=Operation.COLLECTION,
        event="person.created",
        actor=actor,
        summary=f"Person record created for {person.full_name}",
    )
    return person


def person_find_existing(*, details: PersonDetails) -> Person | None:
    """A known person this report is certainly about: same date of birth and the same full name."""
    if details.date_of_birth is None:
        return None
    return (
        Person.objects.filter(
            date_of_birth=details.date_of_birth, name_key=name_key(details.given_name, details.family_name)
        )
        .order_by("id")
        .first()
    )


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
