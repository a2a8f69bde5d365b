"""The repeat rule and the work of review meetings and case plans."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction

from misper.accounts.models import User
from misper.accounts.permissions import Can, require
from misper.audit.models import Operation
from misper.audit.services import audit_record
from misper.core.errors import InvalidInput, StateConflict
from misper.core.policy import get_policy
from misper.core.timeutil import now
from misper.episodes.models import Episode
from misper.meetings.models import CasePlan, MeetingAction, ReviewMeeting
from misper.notifications.models import Notification
from misper.notifications.services import notification_push
from misper.partners.models import Organisation
from misper.people.models import Person


def repeat_window_episodes(*, person_id: int, until: datetime) -> list[datetime]:
    """missing_since of the person's episodes in the policy window up to and including `until`."""
    window = timedelta(days=get_policy().repeat.window_days)
    return list(
        Episode.objects.filter(
            person_id=person_id, missing_since__gte=until - window, missing_since__lte=until
        )
        .order_by("missing_since")
        .values_list("missing_since", flat=True)
    )


def repeat_meetings_in_history(times: list[datetime]) -> list[tuple[int, datetime]]:
    """The repeat rule replayed over one person's episode times in order: (index of the episode that
    calls the meeting, window start) for each meeting. Used to load history; live reports use the
    database form below, which gives the same answer when episodes arrive in order."""
    policy = get_policy().repeat
    window = timedelta(days=policy.window_days)
    ordered = sorted(times)
    meetings: list[tuple[int, datetime]] = []
    for index, when in enumerate(ordered):
        counted = [t for t in ordered[: index + 1] if t >= when - window]
        covered = any(start <= when <= start + window for _, start in meetings)
        if len(counted) >= policy.episodes and not covered:
            meetings.append((index, counted[0]))
    return meetings


def repeat_rule_apply(*, episode: Episode) -> ReviewMeeting | None:
    """Call a review meeting when this episode brings the person to the threshold (policy: 3 in 30 days),
    unless it falls inside the window of a repeat meeting already called. Runs in the caller's transaction."""
    policy = get_policy().repeat
    # Serialise reports about the same person so that two of them cannot both call a meeting.
    Person.objects.select_for_update().filter(pk=episode.person_id).first()
    counted = repeat_window_episodes(person_id=episode.person_id, until=episode.missing_since)
    if len(counted) < policy.episodes:
        return None
    covered = ReviewMeeting.objects.filter(
        person_id=episode.person_id,
        reason=ReviewMeeting.Reason.REPEAT_MISSING,
        window_start__lte=episode.missing_since,
        window_end__gte=episode.missing_since,
    ).exists()
    if covered:
        return None
    return _call_meeting(episode=episode, window_start=counted[0], count=len(counted))


def _call_meeting(*, episode: Episode, window_start: datetime, count: int) -> ReviewMeeting:
    policy = get_policy().repeat
    person = episode.person
    meeting = ReviewMeeting.objects.create(
        person=person,
        reason=ReviewMeeting.Reason.REPEAT_MISSING,
        window_start=window_start,
        window_end=window_start + timedelta(days=policy.window_days),
        triggered_by=episode,
        due_at=episode.reported_at + timedelta(days=policy.meeting_due_days),
        owner=episode.supervisor,
        invitees=_invitees(episode),
        created_at=now(),
    )
    audit_record(
        object_type="person",
        object_id=person.pk,
        operation=Operation.COLLECTION,
        event="meeting.called",
        actor=None,
        summary=f"Repeat review meeting called: {count} episodes in {policy.window_days} days",
    )
    audit_record(
        object_type="episode",
        object_id=episode.pk,
        operation=Operation.ALTERATION,
        event="meeting.called",
        actor=None,
        summary=f"Episode number {count} in {policy.window_days} days: review meeting {meeting.pk} called",
    )
    if meeting.owner_id is not None:
        notification_push(
            recipient_id=meeting.owner_id,
            kind=Notification.Kind.REPEAT_TRIGGER,
            episode=episode,
            message=f"{person.full_name} has gone missing {count} times in {policy.window_days} days: "
            f"arrange the review meeting (meeting {meeting.pk})",
        )
    return meeting


def _invitees(episode: Episode) -> list[dict[str, str]]:
    person = episode.person
    invitees: list[dict[str, str]] = []
    if episode.officer is not None:
        invitees.append({"name": episode.officer.display_name, "organisation": "Police MPT", "contact": ""})
    home = person.care_home
    if home is not None and home.spoc_name:
        invitees.append(
            {
                "name": home.spoc_name,
                "organisation": f"{home.name} (SPOC)",
                "contact": home.spoc_phone or home.spoc_email,
            }
        )
    authority = episode.responsible_authority or person.responsible_authority
    if authority is not None:
        invitees.append(
            {
                "name": "Allocated social worker",
                "organisation": authority.name,
                "contact": authority.phone or authority.email,
            }
        )
    return invitees


def meeting_record(
    *,
    meeting: ReviewMeeting,
    actor: User,
    held_at: datetime,
    push_factors: str,
    pull_factors: str,
    outcome: str,
) -> ReviewMeeting:
    require(actor, Can.REVIEW)
    if held_at > now() + get_policy().clock_skew:
        raise InvalidInput("cannot be in the future", field="held_at")
    if not outcome.strip():
        raise InvalidInput("record the outcome", field="outcome")
    with transaction.atomic():
        done = ReviewMeeting.objects.filter(pk=meeting.pk, status=ReviewMeeting.Status.PENDING).update(
            status=ReviewMeeting.Status.HELD,
            held_at=held_at,
            push_factors=push_factors.strip(),
            pull_factors=pull_factors.strip(),
            outcome=outcome.strip(),
        )
        if not done:
            raise StateConflict("this meeting is already recorded")
        audit_record(
            object_type="person",
            object_id=meeting.person_id,
            operation=Operation.COLLECTION,
            event="meeting.held",
            actor=actor,
            summary=f"Review meeting {meeting.pk} held: {outcome.strip()[:300]}",
        )
    meeting.refresh_from_db()
    return meeting


def meeting_add_action(
    *,
    meeting: ReviewMeeting,
    actor: User,
    description: str,
    owner_name: str,
    owner_organisation: Organisation | None,
    due_at: datetime,
) -> MeetingAction:
    require(actor, Can.REVIEW)
    if not description.strip():
        raise InvalidInput("describe the action", field="description")
    if not owner_name.strip():
        raise InvalidInput("name who owns the action", field="owner_name")
    with transaction.atomic():
        action = MeetingAction.objects.create(
            meeting=meeting,
            description=description.strip()[:500],
            owner_name=owner_name.strip()[:200],
            owner_organisation=owner_organisation,
            due_at=due_at,
        )
        audit_record(
            object_type="person",
            object_id=meeting.person_id,
            operation=Operation.COLLECTION,
            event="meeting.action",
            actor=actor,
            summary=f"Action for {action.owner_name}: {action.description}",
        )
    return action


def case_plan_save(
    *, person: Person, actor: User, lead_officer: User | None, review_cadence_days: int, plan: str
) -> CasePlan:
    require(actor, Can.REVIEW)
    if not 1 <= review_cadence_days <= 365:
        raise InvalidInput("between 1 and 365 days", field="review_cadence_days")
    at = now()
    with transaction.atomic():
        case_plan, _ = CasePlan.objects.update_or_create(
            person=person,
            defaults={
                "lead_officer": lead_officer,
                "review_cadence_days": review_cadence_days,
                "plan": plan.strip(),
                "next_review_at": at + timedelta(days=review_cadence_days),
                "updated_at": at,
                "updated_by": actor,
            },
        )
        audit_record(
            object_type="person",
            object_id=person.pk,
            operation=Operation.ALTERATION,
            event="case_plan.saved",
            actor=actor,
            summary=f"Intensive case plan saved; review every {review_cadence_days} days",
        )
    return case_plan
