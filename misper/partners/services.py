"""Writes of the partners app: the automatic redacted report (disclosure), its acknowledgement, the
directory, the return home interview and partner meetings. Each writes its own audit row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count

from misper.accounts.models import User
from misper.accounts.permissions import Can, require
from misper.audit.models import Operation
from misper.audit.services import audit_record
from misper.core.errors import InvalidInput, StateConflict
from misper.core.policy import get_policy
from misper.core.timeutil import now
from misper.episodes.models import Episode, Status, Task
from misper.partners.models import (
    CareHome,
    Organisation,
    PartnerAction,
    PartnerMeeting,
    PartnerNotification,
    ReturnInterview,
)
from misper.partners.redaction import full_report, redact, whereabouts_withheld

JUSTIFICATION = (
    "Runaway and missing protocol: a child {event}; the minimum each partner needs, redacted by the "
    "force policy for its kind of organisation"
)


# ---- the automatic redacted report ------------------------------------------------------------------


def report_filed(*, episode: Episode, actor: User | None) -> None:
    """Called inside report_create's transaction: attach the person's profile, then tell the partners."""
    from misper.profiles.services import profile_attach

    profile_attach(episode=episode)
    disclose(episode_id=episode.pk, kind=PartnerNotification.Kind.REPORTED, actor=actor)


def report_updated(*, episode_id: int, kind: str, actor: User | None) -> None:
    """Called inside the found and close transactions: the partners told of the report hear the update."""
    disclose(episode_id=episode_id, kind=kind, actor=actor)


def recipients_for(episode: Episode) -> list[Organisation]:
    """The organisations the policy names for this episode, each once, by name."""
    from misper.profiles.models import Profile

    rules = set(get_policy().redaction.recipients)
    person = episode.person
    found: dict[int, Organisation] = {}

    def add(organisation: Organisation | None) -> None:
        if organisation is not None:
            found[organisation.pk] = organisation

    if "responsible_authority" in rules:
        add(episode.responsible_authority)
        add(person.responsible_authority)
    if "care_home_provider" in rules and person.care_home is not None:
        add(person.care_home.provider)
    profile = (
        Profile.objects.select_related("care_home__provider", "school", "health", "responsible_authority")
        .filter(person=person)
        .first()
    )
    if profile is not None:
        if "responsible_authority" in rules:
            add(profile.responsible_authority)
        if "care_home_provider" in rules and profile.care_home is not None:
            add(profile.care_home.provider)
        if "school" in rules:
            add(profile.school)
        if "health" in rules:
            add(profile.health)
    return sorted(found.values(), key=lambda o: o.name)


def disclose(*, episode_id: int, kind: str, actor: User | None) -> list[PartnerNotification]:
    """Send the redacted report of a child's episode to each recipient, logged as one disclosure."""
    episode = (
        Episode.objects.select_related(
            "person__care_home__provider", "person__responsible_authority", "responsible_authority"
        )
        .filter(pk=episode_id)
        .first()
    )
    if episode is None or not _is_child(episode):
        return []
    organisations = recipients_for(episode)
    if kind != PartnerNotification.Kind.REPORTED:
        earlier = Organisation.objects.filter(notifications__episode_id=episode_id).distinct()
        organisations = sorted({o.pk: o for o in [*organisations, *earlier]}.values(), key=lambda o: o.name)
    if not organisations:
        return []
    report, withheld, at = full_report(episode), whereabouts_withheld(episode), now()
    label = PartnerNotification.Kind(kind).label.lower()
    justification = JUSTIFICATION.format(event=f"was {label}" if kind != "closed" else "case was closed")
    sent = PartnerNotification.objects.bulk_create(
        PartnerNotification(
            organisation=organisation,
            episode_id=episode_id,
            kind=kind,
            sent_at=at,
            report={**redact(report, kind=organisation.kind, withheld=withheld), "update": kind},
            justification=justification,
        )
        for organisation in organisations
    )
    audit_record(
        object_type="episode",
        object_id=episode_id,
        operation=Operation.DISCLOSURE,
        event=f"partners.{kind}",
        actor=actor,
        summary=f"Redacted report ({label}) sent to {', '.join(o.name for o in organisations)}",
        justification=justification,
        recipients=[o.name for o in organisations],
        at=at,
    )
    ids = [n.pk for n in sent]
    transaction.on_commit(lambda: _queue_email(ids))
    return sent


def _queue_email(ids: list[int]) -> None:
    from misper.partners.tasks import email_partner_reports

    email_partner_reports(ids)


def _is_child(episode: Episode) -> bool:
    return episode.age_at_missing is not None and episode.age_at_missing < get_policy().cohorts.adult_age


def notifications_mark_emailed(*, ids: Iterable[int]) -> None:
    PartnerNotification.objects.filter(pk__in=list(ids), emailed_at__isnull=True).update(emailed_at=now())


def notification_acknowledge(*, notification: PartnerNotification, user: User) -> PartnerNotification:
    """A partner confirms receipt; a second acknowledgement keeps the first time and person."""
    PartnerNotification.objects.filter(pk=notification.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now(), acknowledged_by=user
    )
    notification.refresh_from_db()
    return notification


# ---- the directory ----------------------------------------------------------------------------------

ORGANISATION_FIELDS = ("name", "kind", "email", "phone", "address", "contact_name", "out_of_hours_phone")
HOME_FIELDS = (
    "name", "address", "postcode", "phone", "provider", "host_authority", "placing_authority",
    "spoc_name", "spoc_phone", "spoc_email", "deputy_name", "deputy_phone", "deputy_email",
)  # fmt: skip


def organisation_save(*, actor: User, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    require(actor, Can.KEEP_DIRECTORY)
    for name in (*ORGANISATION_FIELDS, "neighbouring"):
        if name in data:
            setattr(organisation, name, data[name])
    organisation.full_clean()
    organisation.save()
    return organisation


def care_home_save(*, actor: User, home: CareHome, data: dict[str, Any]) -> CareHome:
    require(actor, Can.KEEP_DIRECTORY)
    for name in HOME_FIELDS:
        if name in data:
            setattr(home, name, data[name])
    home.full_clean()
    home.save()
    return home


# ---- return home interview --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class InterviewInput:
    offered_at: datetime
    held_at: datetime | None = None
    declined: bool = False
    disclosures: str = ""


def return_interview_record(
    *, episode: Episode, organisation: Organisation, actor: User, data: InterviewInput
) -> ReturnInterview:
    latest = now() + get_policy().clock_skew
    if data.offered_at > latest:
        raise InvalidInput("cannot be in the future", field="offered_at")
    if data.held_at and data.held_at > latest:
        raise InvalidInput("cannot be in the future", field="held_at")
    if data.held_at and data.held_at < data.offered_at:
        raise InvalidInput("cannot be before it was offered", field="held_at")
    if episode.status == Status.MISSING or episode.found_at is None:
        raise StateConflict("the child has not been found yet")
    deadline = episode.found_at + timedelta(minutes=get_policy().deadlines.return_home_interview_minutes)
    with transaction.atomic():
        if ReturnInterview.objects.filter(episode=episode).exists():
            raise StateConflict("a return home interview is already recorded for this episode")
        interview = ReturnInterview.objects.create(
            episode=episode,
            organisation=organisation,
            offered_at=data.offered_at,
            held_at=data.held_at,
            declined=data.declined,
            within_deadline=data.held_at is not None and data.held_at <= deadline,
            disclosures=data.disclosures.strip(),
            recorded_by=actor,
            recorded_at=now(),
        )
        audit_record(
            object_type="episode",
            object_id=episode.pk,
            operation=Operation.COLLECTION,
            event="partners.return_interview",
            actor=actor,
            summary=f"Return home interview recorded by {organisation.name}: "
            + ("held" if data.held_at else "declined" if data.declined else "offered, not yet held")
            + (" within 72 h" if interview.within_deadline else ""),
        )
        # The police task that tracked the interview is done once the local authority records it.
        Task.objects.filter(episode=episode, kind="return_home_interview", status=Task.State.OPEN).update(
            status=Task.State.DONE, completed_at=now(), outcome=f"Recorded by {organisation.name}"
        )
    return interview


# ---- partner meetings -------------------------------------------------------------------------------


def meeting_agenda(*, period_start: date, period_end: date) -> list[dict[str, Any]]:
    """Homes with most episodes, children missing more than once, and open actions, for the period."""
    from misper.core.timeutil import local_day_start

    episodes = Episode.objects.filter(
        missing_since__gte=local_day_start(period_start),
        missing_since__lt=local_day_start(period_end + timedelta(days=1)),
    )
    homes = (
        episodes.filter(person__care_home__isnull=False)
        .values_list("person__care_home__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "person__care_home__name")[:5]
    )
    repeat = (
        episodes.filter(age_at_missing__lt=get_policy().cohorts.adult_age)
        .values_list("person__given_name", "person__family_name")
        .annotate(n=Count("pk"))
        .filter(n__gte=2)
        .order_by("-n", "person__family_name")[:10]
    )
    actions = PartnerAction.objects.filter(done_at__isnull=True).select_related("owner_organisation")[:20]
    return [
        {"heading": "Homes with most episodes", "items": [f"{name}: {n} episodes" for name, n in homes]},
        {"heading": "Children missing more than once", "items": [f"{g} {f}: {n}" for g, f, n in repeat]},
        {
            "heading": "Open actions",
            "items": [
                f"{a.description} ({a.owner_organisation.name}, due {a.due_on:%d/%m/%Y})" for a in actions
            ],
        },
    ]


def partner_meeting_call(
    *, actor: User, kind: str, period_start: date, period_end: date, held_on: date
) -> PartnerMeeting:
    require(actor, Can.KEEP_DIRECTORY)
    if kind not in PartnerMeeting.Kind.values:
        raise InvalidInput("choose tactical or strategic", field="kind")
    if period_end < period_start:
        raise InvalidInput("must be on or after the start", field="period_end")
    return PartnerMeeting.objects.create(
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        held_on=held_on,
        chair=actor,
        agenda=meeting_agenda(period_start=period_start, period_end=period_end),
        created_at=now(),
    )


def partner_meeting_minutes(*, meeting: PartnerMeeting, actor: User, minutes: str) -> PartnerMeeting:
    require(actor, Can.KEEP_DIRECTORY)
    meeting.minutes = minutes.strip()
    meeting.save(update_fields=["minutes"])
    return meeting


def partner_action_add(
    *, meeting: PartnerMeeting, actor: User, description: str, owner_name: str,
    owner_organisation: Organisation, due_on: date,
) -> PartnerAction:  # fmt: skip
    require(actor, Can.KEEP_DIRECTORY)
    if not description.strip():
        raise InvalidInput("say what is to be done", field="description")
    return PartnerAction.objects.create(
        meeting=meeting,
        description=description.strip()[:500],
        owner_name=owner_name.strip()[:200],
        owner_organisation=owner_organisation,
        due_on=due_on,
    )


def partner_action_done(*, action: PartnerAction) -> PartnerAction:
    PartnerAction.objects.filter(pk=action.pk, done_at__isnull=True).update(done_at=now())
    action.refresh_from_db()
    return action
