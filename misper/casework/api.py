"""API of the live case: its record, and one endpoint per kind of entry. The services do the work."""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from misper.accounts.models import User
from misper.casework import selectors, services
from misper.casework.models import ContactLog, Enquiry, SearchRecord, Sighting
from misper.core.schemas import Timestamp
from misper.episodes.api import NAME, TEXT, StrictIn, reason_of
from misper.episodes.selectors import episode_get_for_user

router = Router(tags=["casework"])


class ContactIn(StrictIn):
    contact_with: str = Field(max_length=200)
    relationship: str = Field("", max_length=NAME)
    method: Literal["phone", "visit", "text", "email", "video"]
    contacted_at: Timestamp
    outcome: str = Field(max_length=TEXT)
    new_information: bool = False


class SightingIn(StrictIn):
    seen_at: Timestamp
    place: str = Field(max_length=300)
    source: str = Field(max_length=200)
    credibility: Literal["confirmed", "probable", "possible", "unverified", "discounted"]
    details: str = Field("", max_length=TEXT)


class EnquiryIn(StrictIn):
    kind: Literal["hospital", "custody", "transport", "bank", "phone", "other"]
    target: str = Field(max_length=200)
    made_at: Timestamp
    result: str = Field("", max_length=TEXT)
    new_information: bool = False


class SearchIn(StrictIn):
    address: str = Field(max_length=300)
    area: Literal["room", "loft", "outbuilding", "garden", "vehicle", "other"]
    area_detail: str = Field("", max_length=200)
    searched_by: str = Field(max_length=200)
    searched_at: Timestamp
    result: str = Field("", max_length=TEXT)


class ContactOut(Schema):
    id: int
    contact_with: str
    relationship: str
    method: str
    contacted_at: Timestamp
    outcome: str
    new_information: bool


class SightingOut(Schema):
    id: int
    seen_at: Timestamp
    place: str
    source: str
    credibility: str
    details: str


class EnquiryOut(Schema):
    id: int
    kind: str
    target: str
    made_at: Timestamp
    result: str
    new_information: bool


class SearchOut(Schema):
    id: int
    address: str
    area: str
    area_detail: str
    searched_by: str
    searched_at: Timestamp
    result: str


class LineOut(Schema):
    id: int
    description: str
    status: str
    result: str


class MeetingOut(Schema):
    id: int
    number: int
    scheduled_for: Timestamp
    held_at: Timestamp | None
    minutes: str


class CaseworkOut(Schema):
    episode_id: int
    contacts: list[ContactOut]
    sightings: list[SightingOut]
    enquiries: list[EnquiryOut]
    searches: list[SearchOut]
    lines_of_enquiry: list[LineOut]
    live_meetings: list[MeetingOut]
    contact_due_at: Timestamp | None
    reassessment_prompted: bool


def _user(request: HttpRequest) -> User:
    return request.auth  # type: ignore[attr-defined,no-any-return]


@router.get("/episodes/{episode_id}/casework", response=CaseworkOut, summary="The live case's record")
def get_casework(request: HttpRequest, episode_id: int) -> dict[str, object]:
    work = selectors.casework_for_user(user=_user(request), episode_id=episode_id, reason=reason_of(request))
    return {
        "episode_id": episode_id,
        "contacts": work.contacts,
        "sightings": work.sightings,
        "enquiries": work.enquiries,
        "searches": work.searches,
        "lines_of_enquiry": work.lines,
        "live_meetings": work.meetings,
        "contact_due_at": work.contact_task.due_at if work.contact_task else None,
        "reassessment_prompted": work.reassess_prompt,
    }


@router.post("/episodes/{episode_id}/contacts", response={201: ContactOut}, summary="Log contact with family")
def add_contact(request: HttpRequest, episode_id: int, payload: ContactIn) -> Status[ContactLog]:
    user = _user(request)
    episode = episode_get_for_user(user=user, episode_id=episode_id, log=False)
    data = services.ContactInput(**dict(payload))
    return Status(201, services.contact_record(episode=episode, actor=user, data=data))


@router.post("/episodes/{episode_id}/sightings", response={201: SightingOut}, summary="Record a sighting")
def add_sighting(request: HttpRequest, episode_id: int, payload: SightingIn) -> Status[Sighting]:
    user = _user(request)
    episode = episode_get_for_user(user=user, episode_id=episode_id, log=False)
    data = services.SightingInput(**dict(payload))
    return Status(201, services.sighting_record(episode=episode, actor=user, data=data))


@router.post("/episodes/{episode_id}/enquiries", response={201: EnquiryOut}, summary="Record an enquiry")
def add_enquiry(request: HttpRequest, episode_id: int, payload: EnquiryIn) -> Status[Enquiry]:
    user = _user(request)
    episode = episode_get_for_user(user=user, episode_id=episode_id, log=False)
    data = services.EnquiryInput(**dict(payload))
    return Status(201, services.enquiry_record(episode=episode, actor=user, data=data))


@router.post("/episodes/{episode_id}/searches", response={201: SearchOut}, summary="Record a searched area")
def add_search(request: HttpRequest, episode_id: int, payload: SearchIn) -> Status[SearchRecord]:
    user = _user(request)
    episode = episode_get_for_user(user=user, episode_id=episode_id, log=False)
    data = services.SearchInput(**dict(payload))
    return Status(201, services.search_record(episode=episode, actor=user, data=data))
