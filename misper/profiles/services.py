"""Writes of profiles: the carer's versioned grab pack, its attachment to a missing report, the move of
placement, and the care home's request for a missing report that a call handler accepts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from misper.accounts.models import User
from misper.audit.models import Operation
from misper.audit.services import audit_record
from misper.core.errors import InvalidInput, StateConflict
from misper.core.policy import get_policy
from misper.core.timeutil import age_on, now
from misper.episodes.models import Episode, Grade
from misper.partners.models import CareHome, Organisation
from misper.partners.selectors import partner_organisation
from misper.people.models import CareStatus, Person
from misper.people.services import PersonDetails
from misper.profiles.models import PART1_QUESTIONS, Profile, ProfileKind, ProfileVersion, ReportRequest

MAX_PHOTO_BYTES = 10 * 1024 * 1024
PHOTO_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


@dataclass(frozen=True, kw_only=True)
class ProfileInput:
    kind: str
    given_name: str
    family_name: str
    date_of_birth: date
    responsible_authority: Organisation | None = None
    care_home: CareHome | None = None
    school: Organisation | None = None
    health: Organisation | None = None
    answers: dict[str, str] = field(default_factory=dict)
    photo: UploadedFile | None = None


def validate_photo(photo: UploadedFile) -> None:
    """An image of a known format, at most 10 MB: read by Pillow, not trusted by its name."""
    if (photo.size or 0) > MAX_PHOTO_BYTES:
        raise InvalidInput("the photo is larger than 10 MB; choose a smaller one", field="photo")
    try:
        photo.seek(0)
        with Image.open(photo) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidInput("the file is not a photo (JPEG, PNG, GIF or WebP)", field="photo") from exc
    finally:
        photo.seek(0)
    if kind not in PHOTO_FORMATS:
        raise InvalidInput("the photo must be a JPEG, PNG, GIF or WebP image", field="photo")


def validate_profile(data: ProfileInput) -> None:
    if data.kind not in ProfileKind.values:
        raise InvalidInput("choose Philomena or Herbert", field="kind")
    if not data.given_name.strip() or not data.family_name.strip():
        raise InvalidInput("give the person's given and family names", field="given_name")
    today = now().date()
    if data.date_of_birth > today:
        raise InvalidInput("the date of birth cannot be in the future", field="date_of_birth")
    age = age_on(data.date_of_birth, today) or 0
    if data.kind == ProfileKind.PHILOMENA and age >= get_policy().cohorts.adult_age:
        raise InvalidInput(
            f"a Philomena profile is for a child under {get_policy().cohorts.adult_age}; this date of birth "
            f"makes them {age}. For an adult with dementia, use a Herbert profile.",
            field="date_of_birth",
        )
    known = {key for key, _ in PART1_QUESTIONS[data.kind]}
    if unknown := set(data.answers) - known:
        raise InvalidInput(f"unknown question {sorted(unknown)[0]!r}", field="answers")
    if data.photo is not None:
        validate_photo(data.photo)


def profile_create(*, actor: User, data: ProfileInput) -> Profile:
    organisation = partner_organisation(actor)
    validate_profile(data)
    with transaction.atomic():
        profile = Profile.objects.create(
            kind=data.kind,
            given_name=data.given_name.strip(),
            family_name=data.family_name.strip(),
            date_of_birth=data.date_of_birth,
            organisation=organisation,
            responsible_authority=data.responsible_authority,
            care_home=data.care_home,
            school=data.school,
            health=data.health,
            created_at=now(),
        )
        _save_version(profile, actor=actor, answers=data.answers, photo=data.photo, previous=None)
    return profile


def profile_update(*, actor: User, profile: Profile, data: ProfileInput) -> Profile:
    """Every save is a new version; a version without a new photo keeps the last one."""
    partner_organisation(actor)
    validate_profile(data)
    with transaction.atomic():
        locked = Profile.objects.select_for_update().get(pk=profile.pk)
        previous = locked.versions.order_by("-number").first()
        for name in ("given_name", "family_name"):
            setattr(locked, name, getattr(data, name).strip())
        locked.date_of_birth = data.date_of_birth
        locked.responsible_authority = data.responsible_authority
        locked.school, locked.health = data.school, data.health
        locked.save(
            update_fields=[
                "given_name",
                "family_name",
                "date_of_birth",
                "responsible_authority",
                "school",
                "health",
            ]
        )
        _save_version(locked, actor=actor, answers=data.answers, photo=data.photo, previous=previous)
    return locked


def _save_version(
    profile: Profile, *, actor: User, answers: dict[str, str], photo: UploadedFile | None,
    previous: ProfileVersion | None,
) -> ProfileVersion:  # fmt: skip
    number = profile.version + 1
    version = ProfileVersion(
        profile=profile,
        number=number,
        answers={k: v.strip() for k, v in answers.items() if v and v.strip()},
        saved_at=now(),
        saved_by=actor,
    )
    if photo is not None:
        version.photo.save(f"profile-{profile.pk}-v{number}-{photo.name}", photo, save=False)
    elif previous is not None:
        version.photo = previous.photo
    version.save()
    Profile.objects.filter(pk=profile.pk).update(version=number)
    profile.version = number
    audit_record(
        object_type="profile",
        object_id=profile.pk,
        operation=Operation.COLLECTION if number == 1 else Operation.ALTERATION,
        event="profile.saved",
        actor=actor,
        summary=f"{profile.get_kind_display()} profile version {number} saved",
    )
    return version


def profile_move(*, actor: User, profile: Profile, care_home: CareHome) -> Profile:
    """The profile travels with the child: the new home's provider keeps it, the old one loses it."""
    partner_organisation(actor)
    with transaction.atomic():
        old = profile.care_home.name if profile.care_home else ""
        profile.care_home, profile.organisation = care_home, care_home.provider
        profile.save(update_fields=["care_home", "organisation"])
        if profile.person_id is not None:
            Person.objects.filter(pk=profile.person_id).update(care_home=care_home)
        audit_record(
            object_type="profile",
            object_id=profile.pk,
            operation=Operation.ALTERATION,
            event="profile.moved",
            actor=actor,
            summary=f"Placement moved to {care_home.name}",
            changes={"care_home": (old, care_home.name)},
        )
    return profile


def profile_attach(*, episode: Episode) -> Profile | None:
    """On a missing report, the person's profile unseals and attaches to them (by name and birth date)."""
    person = episode.person
    profile = Profile.objects.filter(person=person).first()
    if profile is None and person.date_of_birth is not None:
        profile = (
            Profile.objects.filter(
                person__isnull=True,
                date_of_birth=person.date_of_birth,
                given_name__iexact=person.given_name,
                family_name__iexact=person.family_name,
            )
            .order_by("id")
            .first()
        )
        if profile is None:
            return None
        Profile.objects.filter(pk=profile.pk).update(person=person)
        profile.person = person
    if profile is None:
        return None
    if profile.care_home_id and person.care_home_id != profile.care_home_id:
        Person.objects.filter(pk=person.pk).update(care_home_id=profile.care_home_id)
        person.care_home = profile.care_home
    audit_record(
        object_type="episode",
        object_id=episode.pk,
        operation=Operation.COMBINATION,
        event="profile.attached",
        actor=None,
        summary=f"{profile.get_kind_display()} profile (version {profile.version}) attached to the report",
    )
    return profile


# ---- a care home asks for a missing report ----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RequestInput:
    missing_since: datetime
    last_seen_location: str
    clothing: str
    circumstances: str = ""


def report_request_create(*, actor: User, profile: Profile, data: RequestInput) -> ReportRequest:
    organisation = partner_organisation(actor)
    if data.missing_since > now() + get_policy().clock_skew:
        raise InvalidInput("cannot be in the future", field="missing_since")
    if not data.last_seen_location.strip():
        raise InvalidInput("say where they were last seen", field="last_seen_location")
    if not data.clothing.strip():
        raise InvalidInput("describe the clothing, item by item", field="clothing")
    with transaction.atomic():
        if ReportRequest.objects.filter(profile=profile, status=ReportRequest.Status.PENDING).exists():
            raise StateConflict("a request for this person is already waiting for a call handler")
        request = ReportRequest.objects.create(
            profile=profile,
            organisation=organisation,
            requested_by=actor,
            requested_at=now(),
            missing_since=data.missing_since,
            last_seen_location=data.last_seen_location.strip(),
            clothing=data.clothing.strip(),
            circumstances=data.circumstances.strip(),
        )
        audit_record(
            object_type="profile",
            object_id=profile.pk,
            operation=Operation.COLLECTION,
            event="profile.report_requested",
            actor=actor,
            summary=f"{organisation.name} asked for a missing report",
        )
    return request


def report_request_accept(*, actor: User, request: ReportRequest, risk_grade: str) -> Episode:
    """The call handler files the report: partners never create police episodes themselves."""
    from misper.episodes.services import ReportInput, report_create

    if risk_grade not in Grade.values:
        raise InvalidInput(f"choose one of {', '.join(Grade.values)}", field="risk_grade")
    profile = request.profile
    answers: dict[str, Any] = (
        profile.versions.order_by("-number").values_list("answers", flat=True).first() or {}
    )
    data = ReportInput(
        person=PersonDetails(
            given_name=profile.given_name,
            family_name=profile.family_name,
            date_of_birth=profile.date_of_birth,
            description=str(answers.get("description", ""))[:10_000],
        ),
        person_id=profile.person_id,
        missing_since=request.missing_since,
        reported_at=now(),
        risk_grade=risk_grade,
        last_seen_location=request.last_seen_location,
        circumstances=request.circumstances,
        clothing=request.clothing,
        care_status=CareStatus.CHILDRENS_HOME if profile.care_home_id else CareStatus.NONE,
        responsible_authority=profile.responsible_authority.name if profile.responsible_authority else "",
        reporting_person_name=f"{request.requested_by.display_name} ({request.organisation.name})",
    )
    with transaction.atomic():
        if not ReportRequest.objects.filter(pk=request.pk, status=ReportRequest.Status.PENDING).update(
            status=ReportRequest.Status.ACCEPTED, accepted_by=actor
        ):
            raise StateConflict("this request has already been accepted")
        episode = report_create(data=data, actor=actor)
        ReportRequest.objects.filter(pk=request.pk).update(episode=episode)
        if profile.person_id is None:
            Profile.objects.filter(pk=profile.pk).update(person=episode.person)
    return episode
