"""API: reports, episodes, reviews and tasks. One function per operation; the services do the work."""

from __future__ import annotations

from datetime import date
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict, field_validator

from misper.accounts.models import User
from misper.accounts.permissions import Can, require
from misper.core.policy import get_policy
from misper.core.schemas import Timestamp
from misper.core.timeutil import whole_minutes
from misper.episodes import selectors, services
from misper.episodes.models import Episode
from misper.people.services import PersonDetails

router = Router(tags=["episodes"])

_limits = get_policy().validation
NAME = _limits.name_max_length
TEXT = _limits.text_max_length

GradeValue = Literal["no_apparent_risk", "low", "medium", "high"]
SexValue = Literal["female", "male", "other", "unknown"]
CareValue = Literal["none", "childrens_home", "foster_care", "other_care"]
StatusValue = Literal["missing", "found", "closed"]


class StrictIn(Schema):
    # A misspelt field would otherwise be dropped in silence and its information lost.
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul_characters(cls, value: object) -> object:
        # PostgreSQL cannot store NUL in text; no real name or note contains one.
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("must not contain NUL characters")
        return value


class PersonIn(StrictIn):
    given_name: str = Field("", max_length=NAME)
    family_name: str = Field("", max_length=NAME)
    date_of_birth: date | None = None
    sex: SexValue = "unknown"
    postcode: str = Field("", max_length=10)
    address: str = Field("", max_length=300)
    phone: str = Field("", max_length=40)
    description: str = Field("", max_length=TEXT)
    aliases: list[str] = Field(default_factory=list, max_length=20)


class RiskAnswerIn(StrictIn):
    key: str = Field(max_length=40)
    answer: Literal["yes", "no", "unknown"]
    detail: str = Field("", max_length=TEXT)
    source: str = Field("", max_length=300, description="Who supplied it: name and contact")
    given_at: Timestamp | None = None


class ReportIn(StrictIn):
    person: PersonIn
    missing_since: Timestamp
    reported_at: Timestamp
    risk_grade: GradeValue
    person_id: int | None = None
    last_seen_location: str = Field("", max_length=300)
    last_seen_by: str = Field("", max_length=200)
    circumstances: str = Field("", max_length=TEXT)
    clothing: str = Field("", max_length=TEXT)
    care_status: CareValue = "none"
    responsible_authority: str | None = Field(None, max_length=200)
    police_only_notes: str = Field("", max_length=TEXT)
    reporting_person_name: str = Field("", max_length=200)
    reporting_person_contact: str = Field("", max_length=200)
    risk_rationale: str = Field("", max_length=TEXT)
    risk_answers: list[RiskAnswerIn] = Field(default_factory=list, max_length=50)


class UserRef(Schema):
    username: str


class ReviewOut(Schema):
    id: int | None
    required_role: Literal["ds", "di", "dci"] | None
    due_at: Timestamp | None
    completed_at: Timestamp | None


class TaskOut(Schema):
    id: int
    kind: str
    due_at: Timestamp
    status: Literal["open", "done", "cancelled"]
    owner: UserRef | None


class EpisodeOut(Schema):
    id: int
    person_id: int
    person_match: Literal["new", "existing"]
    status: StatusValue
    risk_grade: GradeValue
    missing_since: Timestamp
    reported_at: Timestamp
    found_at: Timestamp | None
    closed_at: Timestamp | None
    minutes_missing: int | None
    age_at_missing: int | None
    care_status: CareValue
    last_seen_location: str
    officer: UserRef | None
    supervisor: UserRef | None
    review: ReviewOut
    tasks: list[TaskOut]


class EpisodePageOut(Schema):
    items: list[EpisodeOut]
    next: str | None


class FoundIn(StrictIn):
    found_at: Timestamp
    found_location: str = Field(max_length=300)
    found_by: str = Field("", max_length=200)
    condition: Literal["safe_well", "harmed", "deceased"] = "safe_well"
    harm_details: str = Field("", max_length=TEXT)
    exploitation_indicators: list[str] = Field(default_factory=list, max_length=20)
    whereabouts_withheld: bool = False


class InterviewIn(StrictIn):
    conducted_at: Timestamp
    notes: str = Field("", max_length=TEXT)


class ReviewIn(StrictIn):
    decision: str = Field(max_length=TEXT)
    grade: GradeValue
    rationale: str = Field("", max_length=TEXT)


class TaskDoneIn(StrictIn):
    outcome: str = Field("", max_length=TEXT)


class ListFilters(Schema):
    from_: date | None = Field(None, alias="from")
    to: date | None = None
    status: StatusValue | None = None
    cursor: str | None = Field(None, max_length=200)
    cohort: Literal["repeat", "under_18", "looked_after", "out_of_area"] | None = None


def user_ref(user: User | None) -> dict[str, str] | None:
    return {"username": user.username} if user is not None else None


def episode_out(episode: Episode) -> dict[str, object]:
    """The contract's Episode; reads only what episode_queryset() loaded."""
    review = selectors.current_review(episode)
    minutes = whole_minutes(episode.found_at - episode.missing_since) if episode.found_at else None
    return {
        "id": episode.pk,
        "person_id": episode.person_id,
        "person_match": episode.person_match,
        "status": episode.status,
        "risk_grade": episode.risk_grade,
        "missing_since": episode.missing_since,
        "reported_at": episode.reported_at,
        "found_at": episode.found_at,
        "closed_at": episode.closed_at,
        "minutes_missing": minutes,
        "age_at_missing": episode.age_at_missing,
        "care_status": episode.care_status,
        "last_seen_location": episode.last_seen_location,
        "officer": user_ref(episode.officer),
        "supervisor": user_ref(episode.supervisor),
        "review": {
            "id": review.pk if review else None,
            "required_role": review.required_role if review else None,
            "due_at": review.due_at if review else None,
            "completed_at": review.completed_at if review else None,
        },
        "tasks": [
            {"id": t.pk, "kind": t.kind, "due_at": t.due_at, "status": t.status, "owner": user_ref(t.owner)}
            for t in episode.tasks.all()
        ],
    }


def reason_of(request: HttpRequest) -> str:
    """The reader's stated reason (header X-Justification), logged with the consultation."""
    return request.headers.get("X-Justification", "")[:300]


def _reload(user: User, episode_id: int) -> dict[str, object]:
    # The writer already holds the case; re-reading it for the response is not a new consultation.
    return episode_out(
        selectors.episode_get_for_user(user=user, episode_id=episode_id, log=False, for_api=True)
    )


@router.post("/reports", response={201: EpisodeOut}, summary="File a missing report")
def create_report(request: HttpRequest, payload: ReportIn) -> Status[dict[str, object]]:
    user: User = request.auth  # type: ignore[attr-defined]
    data = services.ReportInput(
        person=PersonDetails(
            **payload.person.model_dump(exclude={"aliases"}), aliases=tuple(payload.person.aliases)
        ),
        missing_since=payload.missing_since,
        reported_at=payload.reported_at,
        risk_grade=payload.risk_grade,
        person_id=payload.person_id,
        last_seen_location=payload.last_seen_location,
        last_seen_by=payload.last_seen_by,
        circumstances=payload.circumstances,
        clothing=payload.clothing,
        care_status=payload.care_status,
        responsible_authority=payload.responsible_authority or "",
        police_only_notes=payload.police_only_notes,
        reporting_person_name=payload.reporting_person_name,
        reporting_person_contact=payload.reporting_person_contact,
        risk_rationale=payload.risk_rationale,
        # dict(), not model_dump(): the dump would turn Timestamps into their JSON text.
        risk_answers=tuple(services.RiskAnswer(**dict(a)) for a in payload.risk_answers),
    )
    episode = services.report_create(data=data, actor=user)
    return Status(201, _reload(user, episode.pk))


@router.get("/episodes", response=EpisodePageOut, summary="Episodes by missing_since, oldest first")
def list_episodes(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, object]:
    page = selectors.episodes_page_for_user(
        user=request.auth,  # type: ignore[attr-defined]
        date_from=filters.from_,
        date_to=filters.to,
        status=filters.status,
        cursor=filters.cursor,
        reason=reason_of(request),
        cohort=filters.cohort,
    )
    return {"items": [episode_out(e) for e in page.items], "next": page.next_cursor}


@router.get("/episodes/{episode_id}", response=EpisodeOut, summary="One episode")
def get_episode(request: HttpRequest, episode_id: int) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    return episode_out(
        selectors.episode_get_for_user(
            user=user, episode_id=episode_id, reason=reason_of(request), for_api=True
        )
    )


def _visible(user: User, episode_id: int) -> None:
    """404 for an episode the user may not see, before any state is revealed."""
    selectors.episode_get_for_user(user=user, episode_id=episode_id, log=False, for_api=True)


@router.post("/episodes/{episode_id}/found", response=EpisodeOut, summary="Record that the person was found")
def record_found(request: HttpRequest, episode_id: int, payload: FoundIn) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    require(user, Can.RECORD_FOUND)
    _visible(user, episode_id)
    # dict(), not model_dump(): the dump would turn found_at into its JSON text.
    services.episode_record_found(
        episode_id=episode_id, actor=user, data=services.FoundInput(**dict(payload))
    )
    return _reload(user, episode_id)


@router.post(
    "/episodes/{episode_id}/prevention-interview",
    response=EpisodeOut,
    summary="Record the prevention interview",
)
def record_interview(request: HttpRequest, episode_id: int, payload: InterviewIn) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    require(user, Can.RECORD_INTERVIEW)
    _visible(user, episode_id)
    services.episode_record_interview(
        episode_id=episode_id, actor=user, conducted_at=payload.conducted_at, notes=payload.notes
    )
    return _reload(user, episode_id)


@router.post("/episodes/{episode_id}/close", response=EpisodeOut, summary="Close the case (DS, DI or DCI)")
def close_episode(request: HttpRequest, episode_id: int) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    require(user, Can.CLOSE)
    _visible(user, episode_id)
    services.episode_close(episode_id=episode_id, actor=user)
    return _reload(user, episode_id)


@router.post("/reviews/{review_id}/complete", response=EpisodeOut, summary="Complete a DI or DS review")
def complete_review(request: HttpRequest, review_id: int, payload: ReviewIn) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    review = selectors.review_get_for_user(user=user, review_id=review_id)
    services.review_complete(
        review=review, actor=user, decision=payload.decision, grade=payload.grade, rationale=payload.rationale
    )
    return _reload(user, review.episode_id)


@router.post("/tasks/{task_id}/complete", response=EpisodeOut, summary="Mark a task done")
def complete_task(request: HttpRequest, task_id: int, payload: TaskDoneIn) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    task = selectors.task_get_for_user(user=user, task_id=task_id)
    services.task_complete(task=task, actor=user, outcome=payload.outcome)
    return _reload(user, task.episode_id)
