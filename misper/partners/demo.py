"""Demo data of the partners side: contacts, other forces, profiles, the reports partners were sent, and
a partner meeting. Built after the force's history, from it, with the same redaction as live reports."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction

from misper.accounts.models import Role, User
from misper.audit.models import AuditEvent, Operation
from misper.core.policy import get_policy
from misper.episodes.models import Episode
from misper.partners.models import (
    CareHome,
    Organisation,
    OrganisationKind,
    PartnerAction,
    PartnerMeeting,
    PartnerNotification,
)
from misper.partners.redaction import full_report, redact, whereabouts_withheld
from misper.partners.services import JUSTIFICATION, meeting_agenda, recipients_for
from misper.profiles.models import Profile, ProfileKind, ProfileVersion

FORCES = [
    ("Nottinghamshire Police MPT", True),
    ("Staffordshire Police MPT", True),
    ("South Yorkshire Police MPT", True),
    ("Greater Manchester Police MPT", True),
    ("Cheshire Constabulary MPT", True),
    ("Leicestershire Police MPT", True),
    ("West Yorkshire Police MPT", True),
    ("West Midlands Police MPT", False),
    ("Lincolnshire Police MPT", False),
]
DEMO_NOTIFICATIONS = 40


@transaction.atomic
def seed_partners(*, seed_value: int, end: datetime) -> dict[str, int]:
    rng = random.Random(seed_value + 5)
    _contacts(rng)
    profiles = _profiles(rng, end)
    notifications = _notifications(end)
    _meeting(end)
    return {"profiles": profiles, "partner_notifications": notifications}


def _contacts(rng: random.Random) -> None:
    for index, (name, neighbouring) in enumerate(FORCES):
        Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": OrganisationKind.OTHER_FORCE,
                "neighbouring": neighbouring,
                "phone": f"0300 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                "out_of_hours_phone": "101",
                "email": f"mpt{index}@force{index}.example",
                "contact_name": "MPT duty sergeant",
            },
        )
    Organisation.objects.get_or_create(
        name="Derbyshire Community Health", defaults={"kind": OrganisationKind.HEALTH}
    )
    for organisation in Organisation.objects.exclude(kind=OrganisationKind.OTHER_FORCE).filter(email=""):
        slug = "".join(c for c in organisation.name.lower() if c.isalnum())[:20]
        organisation.email = f"missing@{slug}.example"
        organisation.phone = f"01332 {rng.randint(100000, 999999)}"
        organisation.contact_name = "Missing children's lead"
        organisation.save(update_fields=["email", "phone", "contact_name"])
    authorities = list(Organisation.objects.filter(kind=OrganisationKind.CHILDRENS_SERVICES))
    for index, home in enumerate(CareHome.objects.filter(deputy_name="")):
        home.deputy_name = f"Deputy manager {index + 1}"
        home.deputy_phone = f"07{rng.randint(100000000, 999999999)}"
        home.placing_authority = authorities[(index + 1) % len(authorities)] if authorities else None
        home.save(update_fields=["deputy_name", "deputy_phone", "placing_authority"])


def _profiles(rng: random.Random, end: datetime) -> int:
    """Philomena profiles for children in homes (reported ones are unsealed, some never reported)."""
    carer = User.objects.filter(role=Role.PARTNER, organisation__kind=OrganisationKind.CARE_PROVIDER).first()
    if carer is None:
        return 0
    children = (
        Episode.objects.filter(person__care_home__isnull=False, age_at_missing__lt=18)
        .select_related("person__care_home")
        .order_by("-missing_since")
        .values_list("person", flat=True)
    )
    seen: list[int] = []
    for person_id in children:
        if person_id not in seen:
            seen.append(person_id)
        if len(seen) >= 25:
            break
    from misper.people.models import Person

    school = Organisation.objects.filter(kind=OrganisationKind.EDUCATION).first()
    health = Organisation.objects.filter(kind=OrganisationKind.HEALTH).first()
    made = 0
    for person in Person.objects.filter(pk__in=seen).select_related("care_home"):
        assert person.care_home is not None and person.date_of_birth is not None
        profile = Profile.objects.create(
            kind=ProfileKind.PHILOMENA,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            organisation_id=person.care_home.provider_id,
            responsible_authority_id=person.responsible_authority_id,
            care_home=person.care_home,
            school=school,
            health=health,
            person=person,
            version=1,
            created_at=end - timedelta(days=rng.randint(60, 400)),
        )
        ProfileVersion.objects.create(
            profile=profile,
            number=1,
            answers={
                "description": person.description,
                "friends_associates": "Friends from school; an older boyfriend known as 'Jay'",
                "places_frequented": rng.choice(["Derby bus station", "Westfield", "Markeaton Park"]),
                "phones": "Own mobile; often switched off",
            },
            saved_at=profile.created_at,
            saved_by=carer,
        )
        made += 1
    return made


def _notifications(end: datetime) -> int:
    adult = get_policy().cohorts.adult_age
    episodes = (
        Episode.objects.filter(age_at_missing__lt=adult)
        .exclude(responsible_authority__isnull=True, person__care_home__isnull=True)
        .select_related(
            "person__care_home__provider",
            "person__responsible_authority",
            "responsible_authority",
            "found_record",
        )
        .order_by("-missing_since")[:DEMO_NOTIFICATIONS]
    )
    rows, audits = [], []
    for episode in episodes:
        organisations = recipients_for(episode)
        report, withheld = full_report(episode), whereabouts_withheld(episode)
        justification = JUSTIFICATION.format(event="was reported missing")
        for organisation in organisations:
            rows.append(
                PartnerNotification(
                    organisation=organisation,
                    episode=episode,
                    kind=PartnerNotification.Kind.REPORTED,
                    sent_at=episode.reported_at,
                    report={
                        **redact(report, kind=organisation.kind, withheld=withheld),
                        "update": "reported",
                    },
                    justification=justification,
                    emailed_at=episode.reported_at,
                    acknowledged_at=episode.reported_at + timedelta(hours=2) if episode.found_at else None,
                )
            )
        audits.append(
            AuditEvent(
                object_type="episode",
                object_id=episode.pk,
                operation=Operation.DISCLOSURE,
                event="partners.reported",
                at=episode.reported_at,
                summary="Redacted report sent (demo history)",
                justification=justification,
                recipients=[o.name for o in organisations],
            )
        )
    PartnerNotification.objects.bulk_create(rows)
    AuditEvent.objects.bulk_create(audits)
    return len(rows)


def _meeting(end: datetime) -> None:
    chair = User.objects.filter(role=Role.DI).order_by("id").first()
    if chair is None:
        return
    last = (end - timedelta(days=end.day)).date()
    start = last.replace(day=1)
    meeting = PartnerMeeting.objects.create(
        kind=PartnerMeeting.Kind.TACTICAL,
        period_start=start,
        period_end=last,
        held_on=end.date(),
        chair=chair,
        agenda=meeting_agenda(period_start=start, period_end=last),
        minutes="Demo minutes: homes reviewed, repeat children discussed.",
        created_at=end,
    )
    for organisation in Organisation.objects.filter(
        kind__in=[OrganisationKind.CHILDRENS_SERVICES, OrganisationKind.CARE_PROVIDER]
    )[:4]:
        PartnerAction.objects.create(
            meeting=meeting,
            description=f"Review return home interview timeliness ({organisation.name})",
            owner_name="Missing children's lead",
            owner_organisation=organisation,
            due_on=end.date() + timedelta(days=21),
        )
