"""Partner pages: the portal home, the redacted reports, the return home interview and the partner's own
actions; for the police, the directory, partner meetings and the partner side of a case. Thin views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from misper.accounts.permissions import Can, require
from misper.accounts.selectors import current_user
from misper.core.errors import DomainError
from misper.core.forms import attach_domain_error
from misper.partners import selectors, services
from misper.partners.forms import (
    ActionForm,
    CareHomeForm,
    MeetingForm,
    MinutesForm,
    OrganisationForm,
    ReturnInterviewForm,
)
from misper.partners.models import CareHome, Organisation
from misper.partners.tasks import report_pdf
from misper.profiles.selectors import profiles_for_partner

# ---- the partner portal -----------------------------------------------------------------------------


@login_required
def partner_home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    context = {
        "organisation": selectors.partner_organisation(user),
        "notifications": list(selectors.notifications_for_partner(user=user)[:50]),
        "profiles": list(profiles_for_partner(user=user)),
        "actions": list(selectors.actions_for_partner(user=user).filter(done_at__isnull=True)),
    }
    return TemplateResponse(request, "partners/home.html", context)


@login_required
def notification_detail(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_get_for_partner(
        user=current_user(request), notification_id=notification_id
    )
    return TemplateResponse(request, "partners/report.html", {"notification": notification})


@login_required
def notification_pdf(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = selectors.notification_get_for_partner(
        user=current_user(request), notification_id=notification_id
    )
    response = HttpResponse(report_pdf(notification), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="missing-report-{notification.pk}.pdf"'
    return response


@login_required
@require_POST
def notification_acknowledge(request: HttpRequest, notification_id: int) -> HttpResponse:
    user = current_user(request)
    notification = selectors.notification_get_for_partner(user=user, notification_id=notification_id)
    services.notification_acknowledge(notification=notification, user=user)
    messages.success(request, "Receipt acknowledged.")
    return redirect("partner-report", notification_id=notification.pk)


@login_required
def return_interview(request: HttpRequest, episode_id: int) -> HttpResponse:
    user = current_user(request)
    episode = selectors.episode_get_for_return_interview(user=user, episode_id=episode_id)
    form = ReturnInterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_interview_record(
                episode=episode, organisation=selectors.partner_organisation(user), actor=user,
                data=form.to_input(),
            )  # fmt: skip
        except DomainError as exc:
            attach_domain_error(form, exc, {"offered_at": "offered_date", "held_at": "held_date"})
        else:
            messages.success(request, "Return home interview recorded. The police can see the outcome.")
            return redirect("partner-home")
    context = {"form": form, "title": f"Return home interview: episode {episode.pk}"}
    return TemplateResponse(request, "partners/form.html", context, status=422 if form.is_bound else 200)


@login_required
def partner_actions(request: HttpRequest) -> HttpResponse:
    actions = list(selectors.actions_for_partner(user=current_user(request)))
    return TemplateResponse(request, "partners/actions.html", {"actions": actions})


@login_required
@require_POST
def partner_action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    action = selectors.action_get_for_partner(user=current_user(request), action_id=action_id)
    services.partner_action_done(action=action)
    return redirect("partner-actions")


# ---- police: the partner side of a case -------------------------------------------------------------


@login_required
def episode_partners(request: HttpRequest, episode_id: int) -> HttpResponse:
    side = selectors.partner_side_for_police(user=current_user(request), episode_id=episode_id)
    return TemplateResponse(request, "partners/episode.html", {"side": side})


# ---- the directory ----------------------------------------------------------------------------------


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    query = request.GET.get("q", "")
    found = selectors.directory_for_user(user=user, query=query)
    context = {"directory": found, "q": query[:100], "may_keep": Can.KEEP_DIRECTORY in _caps(user)}
    return TemplateResponse(request, "partners/directory.html", context)


def _caps(user: Any) -> frozenset[Can]:
    from misper.accounts.permissions import ROLE_CAPABILITIES

    return ROLE_CAPABILITIES.get(user.role, frozenset())


@login_required
def care_home_detail(request: HttpRequest, home_id: int) -> HttpResponse:
    home = selectors.care_home_get_for_user(user=current_user(request), home_id=home_id)
    return TemplateResponse(request, "partners/home_detail.html", {"home": home})


def _save(request: HttpRequest, form: Any, save: Any, title: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("directory")
    context = {"form": form, "title": title}
    return TemplateResponse(request, "partners/form.html", context, status=422 if form.is_bound else 200)


@login_required
def organisation_edit(request: HttpRequest, organisation_id: int | None = None) -> HttpResponse:
    user = current_user(request)
    require(user, Can.KEEP_DIRECTORY)
    organisation = (
        selectors.organisation_get_for_keeper(user=user, organisation_id=organisation_id)
        if organisation_id
        else Organisation()
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    return _save(
        request, form,
        lambda data: services.organisation_save(actor=user, organisation=organisation, data=data),
        f"Edit {organisation.name}" if organisation.pk else "New organisation",
    )  # fmt: skip


@login_required
def care_home_edit(request: HttpRequest, home_id: int | None = None) -> HttpResponse:
    user = current_user(request)
    require(user, Can.KEEP_DIRECTORY)
    home = selectors.care_home_get_for_user(user=user, home_id=home_id) if home_id else CareHome()
    form = CareHomeForm(request.POST or None, instance=home)
    return _save(
        request, form,
        lambda data: services.care_home_save(actor=user, home=home, data=data),
        f"Edit {home.name}" if home.pk else "New home",
    )  # fmt: skip


# ---- partner meetings -------------------------------------------------------------------------------


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = list(selectors.meetings_for_user(user=current_user(request)))
    return TemplateResponse(request, "partners/meetings.html", {"meetings": meetings})


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(user, Can.KEEP_DIRECTORY)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.partner_meeting_call(actor=user, **form.cleaned_data)
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            return redirect("partner-meeting", meeting_id=meeting.pk)
    context = {"form": form, "title": "Call a partner meeting"}
    return TemplateResponse(request, "partners/form.html", context, status=422 if form.is_bound else 200)


@login_required
def meeting_detail(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = selectors.meeting_get_for_user(user=current_user(request), meeting_id=meeting_id)
    context = {
        "meeting": meeting,
        "actions": list(meeting.actions.select_related("owner_organisation")),
        "minutes_form": MinutesForm(initial={"minutes": meeting.minutes}),
        "action_form": ActionForm(),
    }
    return TemplateResponse(request, "partners/meeting.html", context)


@login_required
@require_POST
def meeting_minutes(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = current_user(request)
    meeting = selectors.meeting_get_for_user(user=user, meeting_id=meeting_id)
    form = MinutesForm(request.POST)
    if form.is_valid():
        services.partner_meeting_minutes(meeting=meeting, actor=user, minutes=form.cleaned_data["minutes"])
        messages.success(request, "Minutes saved.")
    return redirect("partner-meeting", meeting_id=meeting.pk)


@login_required
@require_POST
def meeting_action_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = current_user(request)
    meeting = selectors.meeting_get_for_user(user=user, meeting_id=meeting_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        services.partner_action_add(meeting=meeting, actor=user, **form.cleaned_data)
        messages.success(request, "Action added.")
    else:
        messages.error(request, "The action needs a description, an owner, an organisation and a due date.")
    return redirect("partner-meeting", meeting_id=meeting.pk)
