"""Case pages: my work, live cases, new report, the case and its actions. Thin: selectors, forms, services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from misper.accounts.models import Role, User
from misper.accounts.permissions import Can, can, outranks_or_equals, require
from misper.accounts.selectors import current_user
from misper.audit.selectors import timeline_for
from misper.core.errors import DomainError
from misper.core.forms import attach_domain_error, combine_local
from misper.core.timeutil import now
from misper.episodes import selectors, services
from misper.episodes.cohorts import COHORTS
from misper.episodes.forms import (
    FOUND_FIELD_MAP,
    REPORT_FIELD_MAP,
    FoundForm,
    InterviewForm,
    ReallocateForm,
    ReassessForm,
    ReportForm,
    ReviewForm,
    TaskDoneForm,
)
from misper.episodes.models import Episode, Status
from misper.profiles.models import Profile


def _user(request: HttpRequest) -> User:
    return current_user(request)


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can(user, Can.VIEW_CASES) and can(user, Can.READ_AUDIT):
        return redirect("audit-home")  # an administrator's home is the audit log
    if user.role == Role.PARTNER:
        return redirect("partner-home")  # a partner's home is their organisation's portal
    require(user, Can.VIEW_CASES)
    work = selectors.my_work_for_user(user=user)
    return TemplateResponse(request, "episodes/my_work.html", {"work": work, "now": now()})


@login_required
def live_cases(request: HttpRequest) -> HttpResponse:
    cohort = request.GET.get("cohort", "")
    cohort = cohort if cohort in COHORTS else ""
    episodes = selectors.live_cases_for_user(user=_user(request), cohort=cohort or None)
    context = {"episodes": episodes, "now": now(), "cohort": cohort, "cohorts": COHORTS}
    return TemplateResponse(request, "episodes/live_cases.html", context)


@login_required
def report_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    require(user, Can.REPORT)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.report_create(data=form.to_input(), actor=user)
        except DomainError as exc:
            attach_domain_error(form, exc, REPORT_FIELD_MAP)
        else:
            messages.success(request, f"Report filed: episode {episode.pk}.")
            return redirect("episode-detail", episode_id=episode.pk)
    status = 422 if form.is_bound else 200
    return TemplateResponse(request, "episodes/report_new.html", {"form": form}, status=status)


def _case(request: HttpRequest, episode_id: int, status: int = 200, **forms: Any) -> HttpResponse:
    user = _user(request)
    episode = selectors.episode_get_for_user(user=user, episode_id=episode_id)
    review = selectors.current_review(episode)
    context = {
        "episode": episode,
        "review": review,
        "can_review": review is not None
        and review.completed_at is None
        and can(user, Can.REVIEW)
        and outranks_or_equals(user.role, review.required_role),
        "can_close": can(user, Can.CLOSE) and episode.status == Status.FOUND,
        "can_found": can(user, Can.RECORD_FOUND) and episode.status == Status.MISSING,
        "can_interview": can(user, Can.RECORD_INTERVIEW) and episode.status == Status.FOUND,
        "can_reallocate": can(user, Can.REALLOCATE) and episode.status != Status.CLOSED,
        "can_complete_tasks": can(user, Can.COMPLETE_TASKS),
        "risk_history": list(episode.risk_assessments.select_related("assessed_by")),
        "found": getattr(episode, "found_record", None) if episode.status != Status.MISSING else None,
        "interview": _interview(episode),
        "allocations": list(episode.allocations.select_related("officer", "supervisor", "allocated_by")),
        "timeline": list(timeline_for(object_type="episode", object_id=episode.pk)),
        "now": now(),
        "review_form": forms.get("review_form") or ReviewForm(initial={"grade": episode.risk_grade}),
        "found_form": forms.get("found_form") or FoundForm(),
        "interview_form": forms.get("interview_form") or InterviewForm(),
        "reassess_form": forms.get("reassess_form")
        or ReassessForm(initial={"risk_grade": episode.risk_grade}),
        "reallocate_form": forms.get("reallocate_form") or ReallocateForm(),
        "task_form": TaskDoneForm(),
        "has_profile": Profile.objects.filter(person_id=episode.person_id).exists(),
    }
    return TemplateResponse(request, "episodes/case.html", context, status=status)


def _interview(episode: Episode) -> Any:
    return getattr(episode, "prevention_interview", None) if episode.status != Status.MISSING else None


@login_required
def episode_detail(request: HttpRequest, episode_id: int) -> HttpResponse:
    return _case(request, episode_id)


@login_required
@require_POST
def review_complete(request: HttpRequest, episode_id: int, review_id: int) -> HttpResponse:
    user = _user(request)
    review = selectors.review_get_for_user(user=user, review_id=review_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.review_complete(
                review=review,
                actor=user,
                decision=form.cleaned_data["decision"],
                grade=form.cleaned_data["grade"],
            )
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(request, "Review recorded.")
            return redirect("episode-detail", episode_id=review.episode_id)
    return _case(request, review.episode_id, status=422, review_form=form)


@login_required
@require_POST
def episode_found(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = _user(request)
    require(user, Can.RECORD_FOUND)
    selectors.episode_get_for_user(user=user, episode_id=episode_id, log=False)
    form = FoundForm(request.POST)
    if form.is_valid():
        try:
            services.episode_record_found(episode_id=episode_id, actor=user, data=form.to_input())
        except DomainError as exc:
            attach_domain_error(form, exc, FOUND_FIELD_MAP)
        else:
            messages.success(request, "Recorded as found. Next: the prevention interview.")
            return redirect("episode-detail", episode_id=episode_id)
    return _case(request, episode_id, status=422, found_form=form)


@login_required
@require_POST
def episode_interview(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = _user(request)
    require(user, Can.RECORD_INTERVIEW)
    selectors.episode_get_for_user(user=user, episode_id=episode_id, log=False)
    form = InterviewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.episode_record_interview(
                episode_id=episode_id,
                actor=user,
                notes=data["notes"],
                conducted_at=combine_local(data["conducted_date"], data["conducted_time"]),
            )
        except DomainError as exc:
            attach_domain_error(form, exc, {"conducted_at": "conducted_date"})
        else:
            messages.success(request, "Prevention interview recorded. A supervisor can now close the case.")
            return redirect("episode-detail", episode_id=episode_id)
    return _case(request, episode_id, status=422, interview_form=form)


@login_required
@require_POST
def episode_close(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = _user(request)
    require(user, Can.CLOSE)
    selectors.episode_get_for_user(user=user, episode_id=episode_id, log=False)
    try:
        services.episode_close(episode_id=episode_id, actor=user)
    except DomainError as exc:
        messages.error(request, f"Not closed: {exc.message}.")
    else:
        messages.success(request, "Case closed.")
    return redirect("episode-detail", episode_id=episode_id)


@login_required
@require_POST
def task_complete(request: HttpRequest, task_id: int) -> HttpResponse:
    user = _user(request)
    task = selectors.task_get_for_user(user=user, task_id=task_id)
    form = TaskDoneForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else ""
    try:
        services.task_complete(task=task, actor=user, outcome=outcome)
    except DomainError as exc:
        messages.error(request, f"Task not updated: {exc.message}.")
    else:
        messages.success(request, f"Task {task.kind} marked done.")
    if request.POST.get("next") == "my-work":
        return redirect("my-work")
    return redirect("episode-detail", episode_id=task.episode_id)


@login_required
@require_POST
def episode_reassess(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = _user(request)
    episode = selectors.episode_get_for_user(user=user, episode_id=episode_id, log=False)
    form = ReassessForm(request.POST)
    if form.is_valid():
        try:
            services.episode_reassess_risk(
                episode=episode,
                actor=user,
                grade=form.cleaned_data["risk_grade"],
                rationale=form.cleaned_data["rationale"],
            )
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(request, "Risk re-assessed.")
            return redirect("episode-detail", episode_id=episode_id)
    return _case(request, episode_id, status=422, reassess_form=form)


@login_required
@require_POST
def episode_reallocate(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = _user(request)
    episode = selectors.episode_get_for_user(user=user, episode_id=episode_id, log=False)
    form = ReallocateForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.episode_reallocate(
                episode=episode,
                actor=user,
                officer=data["officer"],
                supervisor=data["supervisor"],
                reason=data["reason"],
            )
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(request, "Case reallocated; both have been notified.")
            return redirect("episode-detail", episode_id=episode_id)
    return _case(request, episode_id, status=422, reallocate_form=form)
