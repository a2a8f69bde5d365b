"""Pages: review meetings, the top repeat list and intensive case plans."""

from __future__ import annotations

from datetime import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from misper.accounts.selectors import current_user
from misper.core.errors import DomainError
from misper.core.forms import attach_domain_error, combine_local
from misper.episodes.selectors import episode_queryset
from misper.meetings import selectors, services
from misper.meetings.forms import CasePlanForm, MeetingActionForm, MeetingRecordForm
from misper.people.selectors import person_get_for_user


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = selectors.meetings_for_user(user=current_user(request))
    return TemplateResponse(request, "meetings/list.html", {"meetings": meetings})


def _meeting_page(request: HttpRequest, meeting_id: int, status: int = 200, **forms: object) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=current_user(request), meeting_id=meeting_id)
    episodes = list(
        episode_queryset()
        .select_related("found_record")
        .filter(person_id=meeting.person_id)
        .order_by("-missing_since")
    )
    context = {
        "meeting": meeting,
        "episodes": episodes,
        "actions": list(meeting.actions.select_related("owner_organisation")),
        "record_form": forms.get("record_form") or MeetingRecordForm(),
        "action_form": forms.get("action_form") or MeetingActionForm(),
    }
    return TemplateResponse(request, "meetings/meeting.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, meeting_id)


@login_required
@require_POST
def meeting_record(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = current_user(request)
    meeting = selectors.meeting_get_for_user(user=user, meeting_id=meeting_id)
    form = MeetingRecordForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_record(
                meeting=meeting,
                actor=user,
                held_at=combine_local(data["held_date"], data["held_time"]),
                push_factors=data["push_factors"],
                pull_factors=data["pull_factors"],
                outcome=data["outcome"],
            )
        except DomainError as exc:
            attach_domain_error(form, exc, {"held_at": "held_date"})
        else:
            messages.success(request, "Meeting recorded.")
            return redirect("meeting-detail", meeting_id=meeting_id)
    return _meeting_page(request, meeting_id, status=422, record_form=form)


@login_required
@require_POST
def meeting_add_action(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = current_user(request)
    meeting = selectors.meeting_get_for_user(user=user, meeting_id=meeting_id)
    form = MeetingActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_add_action(
                meeting=meeting,
                actor=user,
                description=data["description"],
                owner_name=data["owner_name"],
                owner_organisation=data["owner_organisation"],
                due_at=combine_local(data["due_date"], time(17, 0)),
            )
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(request, "Action added.")
            return redirect("meeting-detail", meeting_id=meeting_id)
    return _meeting_page(request, meeting_id, status=422, action_form=form)


@login_required
def top_repeat_page(request: HttpRequest) -> HttpResponse:
    entries = selectors.top_repeat_board(user=current_user(request))
    return TemplateResponse(request, "meetings/top_repeat.html", {"entries": entries})


@login_required
def case_plan_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    user = current_user(request)
    view = person_get_for_user(user=user, person_id=person_id)
    plan = selectors.case_plan_for(person_id=person_id)
    initial = (
        {
            "lead_officer": plan.lead_officer,
            "review_cadence_days": plan.review_cadence_days,
            "plan": plan.plan,
        }
        if plan
        else {"review_cadence_days": 14}
    )
    form = CasePlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_plan_save(
                person=view.person,
                actor=user,
                lead_officer=data["lead_officer"],
                review_cadence_days=data["review_cadence_days"],
                plan=data["plan"],
            )
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(request, "Case plan saved.")
            return redirect("top-repeat")
    return TemplateResponse(
        request,
        "meetings/case_plan.html",
        {"form": form, "person": view.person, "plan": plan},
        status=422 if form.is_bound and form.errors else 200,
    )
