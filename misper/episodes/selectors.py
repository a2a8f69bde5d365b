"""Reads of cases, knowing the user. Object-level access and the consultation log live here only."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from misper.accounts.models import Role, User
from misper.accounts.permissions import Can, can, require
from misper.audit.services import audit_consultations
from misper.core.errors import InvalidInput, NotFound
from misper.core.timeutil import local_day_start
from misper.episodes.cohorts import check_cohort, episode_cohort_q
from misper.episodes.models import OPEN_STATUSES, Episode, Review, Status, Task

PAGE_SIZE = 500


def episode_queryset() -> QuerySet[Episode]:
    """Everything an Episode response or case header shows, in a fixed number of queries."""
    return Episode.objects.select_related("person", "officer", "supervisor").prefetch_related(
        Prefetch("tasks", queryset=Task.objects.select_related("owner").order_by("due_at", "id")),
        Prefetch("reviews", queryset=Review.objects.select_related("reviewer").order_by("due_at", "id")),
    )


# What the API's Episode needs, and access_justification reads: fewer columns to fetch and to build.
_API_EPISODE = (
    "person", "person_match", "status", "risk_grade", "missing_since", "reported_at", "found_at", "closed_at",
    "age_at_missing", "care_status", "last_seen_location", "reported_by", "officer__username",
    "supervisor__username",
)  # fmt: skip


def episode_api_queryset() -> QuerySet[Episode]:
    """The columns of the API's Episode only, in the same fixed number of queries as episode_queryset."""
    tasks = (
        Task.objects.select_related("owner")
        .only("episode", "kind", "due_at", "status", "owner__username")
        .order_by("due_at", "id")
    )
    reviews = Review.objects.only("episode", "required_role", "due_at", "completed_at", "reviewer").order_by(
        "due_at", "id"
    )
    return (
        Episode.objects.select_related("officer", "supervisor")
        .only(*_API_EPISODE)
        .prefetch_related(Prefetch("tasks", queryset=tasks), Prefetch("reviews", queryset=reviews))
    )


def current_review(episode: Episode) -> Review | None:
    """The open review if there is one, else the latest completed (uses the prefetched reviews)."""
    reviews = list(episode.reviews.all())
    open_reviews = [r for r in reviews if r.completed_at is None]
    return open_reviews[0] if open_reviews else (reviews[-1] if reviews else None)


def visible_episodes_q(user: User) -> Q:
    """Which episodes a user may read at all: the filter form of `access_justification`."""
    if can(user, Can.VIEW_ALL_CASES):
        return Q()
    if can(user, Can.VIEW_CASES):
        return Q(status=Status.MISSING) | Q(reported_by=user) | Q(tasks__owner=user)
    return Q(pk__in=[])


def access_justification(user: User, episode: Episode, reason: str = "") -> str | None:
    """Why this user may read this episode, as logged with the consultation; None means they may not."""
    relationship = _relationship(user, episode)
    if relationship is None:
        return None
    return f"{relationship}; reason given: {reason.strip()[:300]}" if reason.strip() else relationship


def _relationship(user: User, episode: Episode) -> str | None:
    if not can(user, Can.VIEW_CASES):
        return None
    if episode.officer_id == user.pk:
        return "allocated officer"
    if episode.supervisor_id == user.pk:
        return "allocated supervisor"
    for review in episode.reviews.all():
        if review.reviewer_id == user.pk:
            return f"reviewing {review.required_role.upper()}"
    if can(user, Can.VIEW_ALL_CASES):
        return f"MPT {user.get_role_display()}"
    if episode.reported_by_id == user.pk:
        return "took the report"
    if any(task.owner_id == user.pk for task in episode.tasks.all()):
        return "holds a task on the case"
    if episode.status == Status.MISSING:
        return "first response to a live case"
    return None


def episode_get_for_user(
    *, user: User, episode_id: int, reason: str = "", log: bool = True, for_api: bool = False
) -> Episode:
    """The episode, or NotAllowed (role) / NotFound (unknown or not visible). Logs the consultation."""
    require(user, Can.VIEW_CASES)
    episodes = episode_api_queryset() if for_api else episode_queryset()
    episode = next(iter(episodes.filter(pk=episode_id)), None)
    justification = access_justification(user, episode, reason) if episode else None
    if episode is None or justification is None:
        raise NotFound(f"no episode {episode_id} that you may see")
    if log:
        audit_consultations(
            object_type="episode", reads=[(episode.pk, justification)], actor=user, event="episode.read"
        )
    return episode


# ---- paged listing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodePage:
    items: list[Episode]
    next_cursor: str | None


def encode_cursor(episode: Episode) -> str:
    raw = f"{episode.missing_since.isoformat()}|{episode.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        when, _, pk = base64.urlsafe_b64decode(padded.encode()).decode().partition("|")
        after = datetime.fromisoformat(when)
        if after.tzinfo is None:
            raise ValueError("a cursor's time has an offset")
        # The database compares in UTC; a time that has no UTC equivalent was never issued.
        return after.astimezone(UTC), int(pk)
    except (ValueError, OverflowError, binascii.Error, UnicodeDecodeError) as exc:
        raise InvalidInput(
            "not a cursor this service issued; follow `next` as given", field="cursor"
        ) from exc


def episodes_page_for_user(
    *,
    user: User,
    date_from: date | None,
    date_to: date | None,
    status: str | None,
    cursor: str | None,
    reason: str = "",
    page_size: int | None = None,
    cohort: str | None = None,
) -> EpisodePage:
    """Episodes whose missing_since falls in [from, to) (force time zone), oldest first, keyset-paged."""
    require(user, Can.VIEW_CASES)
    # Read at call time, not bound as a default, so a test can shrink the page.
    page_size = page_size or PAGE_SIZE
    if date_from and date_to and date_to <= date_from:
        raise InvalidInput("must be after `from`", field="to")
    if status is not None and status not in Status.values:
        raise InvalidInput(f"choose one of {', '.join(Status.values)}", field="status")
    episodes = episode_api_queryset().filter(visible_episodes_q(user)).distinct()
    if date_from:
        episodes = episodes.filter(missing_since__gte=local_day_start(date_from))
    if date_to:
        episodes = episodes.filter(missing_since__lt=local_day_start(date_to))
    if status:
        episodes = episodes.filter(status=status)
    if check_cohort(cohort):
        episodes = episodes.filter(episode_cohort_q(cohort or ""))
    if cursor:
        after_time, after_pk = decode_cursor(cursor)
        episodes = episodes.filter(
            Q(missing_since__gt=after_time) | Q(missing_since=after_time, pk__gt=after_pk)
        )
    items = list(episodes.order_by("missing_since", "pk")[: page_size + 1])
    has_more = len(items) > page_size
    items = items[:page_size]
    _log_reads(user, items, reason)
    return EpisodePage(items=items, next_cursor=encode_cursor(items[-1]) if has_more else None)


def _log_reads(user: User, episodes: Sequence[Episode], reason: str) -> None:
    reads = [(e.pk, access_justification(user, e, reason) or "listed") for e in episodes]
    audit_consultations(object_type="episode", reads=reads, actor=user, event="episode.listed")


# ---- boards -----------------------------------------------------------------------------------------

GRADE_RANK = Case(
    When(risk_grade="high", then=Value(0)),
    When(risk_grade="medium", then=Value(1)),
    When(risk_grade="low", then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


def live_cases_for_user(*, user: User, cohort: str | None = None) -> list[Episode]:
    """Everyone missing now (optionally one focus cohort): highest risk first, then longest missing."""
    require(user, Can.VIEW_CASES)
    live = episode_queryset().filter(status=Status.MISSING)
    if check_cohort(cohort):
        live = live.filter(episode_cohort_q(cohort or ""))
    episodes: list[Episode] = list(
        live.annotate(grade_rank=GRADE_RANK).order_by("grade_rank", "missing_since", "pk")
    )
    _log_reads(user, episodes, "live cases board")
    return episodes


@dataclass(frozen=True)
class MyWork:
    cases: list[Episode]
    reviews: list[Review]
    tasks: list[Task]


def my_work_for_user(*, user: User) -> MyWork:
    """My open cases, the reviews and tasks waiting on me, overdue first."""
    require(user, Can.VIEW_CASES)
    cases: list[Episode] = list(
        episode_queryset()
        .filter(status__in=OPEN_STATUSES)
        .filter(Q(officer=user) | Q(supervisor=user))
        .annotate(grade_rank=GRADE_RANK)
        .order_by("grade_rank", "missing_since", "pk")
    )
    reviews = list(
        Review.objects.filter(completed_at__isnull=True)
        .filter(Q(reviewer=user) | Q(reviewer__isnull=True, required_role=user.role))
        .exclude(episode__status=Status.CLOSED)
        .select_related("episode__person")
        .order_by("due_at", "id")
    )
    tasks = list(
        Task.objects.filter(owner=user, status=Task.State.OPEN)
        .select_related("episode__person")
        .order_by("due_at", "id")
    )
    return MyWork(cases=cases, reviews=reviews, tasks=tasks)


def review_get_for_user(*, user: User, review_id: int) -> Review:
    require(user, Can.REVIEW)
    review = Review.objects.select_related("episode").filter(pk=review_id).first()
    if review is None:
        raise NotFound(f"no review {review_id}")
    return review


def task_get_for_user(*, user: User, task_id: int) -> Task:
    require(user, Can.COMPLETE_TASKS)
    task = Task.objects.select_related("episode", "owner").filter(pk=task_id).first()
    if task is None:
        raise NotFound(f"no task {task_id}")
    if task.owner_id != user.pk and user.role == Role.CALL_HANDLER and task.episode.status != Status.MISSING:
        raise NotFound(f"no task {task_id} that you may see")
    return task
