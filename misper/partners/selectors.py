"""Reads of the partners app, knowing the user. A partner user sees their own organisation's rows only;
object-level access for partners is here and nowhere else."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from misper.accounts.models import Role, User
from misper.accounts.permissions import Can, require
from misper.core.errors import NotAllowed, NotFound
from misper.episodes.models import Episode
from misper.partners.models import (
    CareHome,
    Organisation,
    OrganisationKind,
    PartnerAction,
    PartnerMeeting,
    PartnerNotification,
    ReturnInterview,
)


def partner_organisation(user: User) -> Organisation:
    """The organisation of a partner user; police users have no partner portal."""
    if user.role != Role.PARTNER or user.organisation is None or not user.is_active:
        raise NotAllowed("the partner portal is for partner organisations' users")
    return user.organisation


# ---- notifications ----------------------------------------------------------------------------------


def notifications_for_partner(*, user: User) -> QuerySet[PartnerNotification]:
    organisation = partner_organisation(user)
    return PartnerNotification.objects.filter(organisation=organisation).select_related("acknowledged_by")


def notification_get_for_partner(*, user: User, notification_id: int) -> PartnerNotification:
    notification = notifications_for_partner(user=user).filter(pk=notification_id).first()
    if notification is None:
        raise NotFound(f"no report {notification_id} for your organisation")
    return notification


def episode_get_for_return_interview(*, user: User, episode_id: int) -> Episode:
    """A children's services user may record the interview for an episode disclosed to them."""
    organisation = partner_organisation(user)
    if organisation.kind != OrganisationKind.CHILDRENS_SERVICES:
        raise NotFound(f"no episode {episode_id} for your organisation")
    disclosed = PartnerNotification.objects.filter(organisation=organisation, episode_id=episode_id)
    episode = Episode.objects.filter(pk=episode_id, pk__in=disclosed.values("episode_id")).first()
    if episode is None:
        raise NotFound(f"no episode {episode_id} for your organisation")
    return episode


# ---- what police see of the partners' side of a case ------------------------------------------------


@dataclass(frozen=True)
class PartnerSide:
    episode: Episode
    disclosures: list[PartnerNotification]
    interview: ReturnInterview | None


def partner_side_for_police(*, user: User, episode_id: int, reason: str = "") -> PartnerSide:
    from misper.episodes.selectors import episode_get_for_user

    episode = episode_get_for_user(user=user, episode_id=episode_id, reason=reason)
    disclosures = list(
        PartnerNotification.objects.filter(episode=episode).select_related("organisation", "acknowledged_by")
    )
    interview = ReturnInterview.objects.filter(episode=episode).select_related("organisation").first()
    return PartnerSide(episode=episode, disclosures=disclosures, interview=interview)


# ---- the directory ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Directory:
    forces: list[Organisation]
    organisations: list[Organisation]
    homes: list[CareHome]


def directory_for_user(*, user: User, query: str = "") -> Directory:
    """Other forces (neighbours first), partner organisations by kind, and the homes with their SPOCs."""
    require(user, Can.VIEW_DIRECTORY)
    query = query.strip()[:100]
    organisations = Organisation.objects.all()
    homes = CareHome.objects.select_related("provider", "host_authority", "placing_authority")
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(contact_name__icontains=query))
        homes = homes.filter(
            Q(name__icontains=query)
            | Q(postcode__icontains=query)
            | Q(spoc_name__icontains=query)
            | Q(provider__name__icontains=query)
        )
    everyone = list(organisations.order_by("kind", "name"))
    forces = sorted(
        (o for o in everyone if o.kind == OrganisationKind.OTHER_FORCE),
        key=lambda o: (not o.neighbouring, o.name),
    )
    others = [o for o in everyone if o.kind != OrganisationKind.OTHER_FORCE]
    return Directory(forces=forces, organisations=others, homes=list(homes))


def organisation_get_for_keeper(*, user: User, organisation_id: int) -> Organisation:
    require(user, Can.KEEP_DIRECTORY)
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise NotFound(f"no organisation {organisation_id}")
    return organisation


def care_home_get_for_user(*, user: User, home_id: int) -> CareHome:
    require(user, Can.VIEW_DIRECTORY)
    home = CareHome.objects.select_related("provider", "host_authority", "placing_authority")
    found = home.filter(pk=home_id).first()
    if found is None:
        raise NotFound(f"no home {home_id}")
    return found


# ---- partner meetings -------------------------------------------------------------------------------


def meetings_for_user(*, user: User) -> QuerySet[PartnerMeeting]:
    require(user, Can.KEEP_DIRECTORY)
    return PartnerMeeting.objects.select_related("chair")


def meeting_get_for_user(*, user: User, meeting_id: int) -> PartnerMeeting:
    meeting = meetings_for_user(user=user).filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(f"no partner meeting {meeting_id}")
    return meeting


def actions_for_partner(*, user: User) -> QuerySet[PartnerAction]:
    organisation = partner_organisation(user)
    return PartnerAction.objects.filter(owner_organisation=organisation).select_related("meeting")


def action_get_for_partner(*, user: User, action_id: int) -> PartnerAction:
    action = actions_for_partner(user=user).filter(pk=action_id).first()
    if action is None:
        raise NotFound(f"no action {action_id} for your organisation")
    return action
