"""Reads of profiles, knowing the user. A partner sees the profiles their organisation keeps or is
responsible for; a police user only reaches a profile through a missing report, and every opening is
logged as a consultation of the episode."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from misper.accounts.models import User
from misper.accounts.permissions import Can, require
from misper.audit.services import audit_consultations
from misper.core.errors import NotFound
from misper.episodes.models import Episode
from misper.partners.selectors import partner_organisation
from misper.profiles.models import Profile, ProfileVersion, ReportRequest


def profiles_for_partner(*, user: User) -> QuerySet[Profile]:
    organisation = partner_organisation(user)
    return Profile.objects.filter(
        Q(organisation=organisation) | Q(responsible_authority=organisation)
    ).select_related("care_home", "organisation")


def profile_get_for_partner(*, user: User, profile_id: int) -> Profile:
    profile = profiles_for_partner(user=user).filter(pk=profile_id).first()
    if profile is None:
        raise NotFound(f"no profile {profile_id} for your organisation")
    return profile


def latest_version(profile: Profile) -> ProfileVersion | None:
    return profile.versions.select_related("saved_by").order_by("-number").first()


@dataclass(frozen=True)
class UnsealedProfile:
    episode: Episode
    profile: Profile
    version: ProfileVersion | None


def profile_for_episode(*, user: User, episode_id: int, reason: str = "") -> UnsealedProfile:
    """The profile of the person an episode is about: readable because a missing report exists."""
    from misper.episodes.selectors import access_justification, episode_get_for_user

    episode = episode_get_for_user(user=user, episode_id=episode_id, reason=reason, log=False)
    profile = Profile.objects.filter(person_id=episode.person_id).select_related("care_home").first()
    if profile is None:
        raise NotFound("no Philomena or Herbert profile is attached to this report")
    justification = access_justification(user, episode, reason) or ""
    audit_consultations(
        object_type="episode", reads=[(episode.pk, justification)], actor=user, event="profile.read"
    )
    return UnsealedProfile(episode=episode, profile=profile, version=latest_version(profile))


def profile_get_for_police(*, user: User, profile_id: int, reason: str = "") -> UnsealedProfile:
    """Sealed until missing: without a missing report for its person a profile does not exist to police."""
    require(user, Can.VIEW_CASES)
    profile = Profile.objects.filter(pk=profile_id, person__isnull=False).first()
    latest = (
        Episode.objects.filter(person_id=profile.person_id).order_by("-missing_since").first()
        if profile is not None and profile.person_id is not None
        else None
    )
    if profile is None or latest is None:
        raise NotFound(f"no profile {profile_id} that you may see")
    return profile_for_episode(user=user, episode_id=latest.pk, reason=reason)


def requests_for_police(*, user: User) -> QuerySet[ReportRequest]:
    require(user, Can.REPORT)
    return ReportRequest.objects.filter(status=ReportRequest.Status.PENDING).select_related(
        "profile", "organisation", "requested_by"
    )


def request_get_for_police(*, user: User, request_id: int) -> ReportRequest:
    request = requests_for_police(user=user).filter(pk=request_id).first()
    if request is None:
        raise NotFound(f"no waiting request {request_id}")
    return request
