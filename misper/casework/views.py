"""Live-case pages: the workspace, the summary panel on the case page, the team page. Thin views."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from misper.accounts.permissions import Can, can, require
from misper.accounts.selectors import current_user
from misper.casework import selectors, services
from misper.casework.forms import (
    ContactForm,
    EnquiryForm,
    HandoverForm,
    LineCloseForm,
    LineForm,
    MeetingForm,
    SearchForm,
    ShiftForm,
    SightingForm,
)
from misper.core.errors import DomainError
from misper.core.forms import attach_domain_error, combine_local
from misper.core.timeutil import local, now
from misper.episodes.selectors import episode_get_for_user

FORMS: dict[str, type[forms.Form]] = {
    "contact_form": ContactForm,
    "sighting_form": SightingForm,
    "enquiry_form": EnquiryForm,
    "search_form": SearchForm,
    "line_form": LineForm,
    "meeting_form": MeetingForm,
}
# Which form field shows a service error about an input field.
FIELD_MAP = {
    "contacted_at": "contacted_date",
    "seen_at": "seen_date",
    "made_at": "made_date",
    "searched_at": "searched_date",
    "held_at": "held_date",
}


def _form(name: str, data: Any = None) -> forms.Form:
    # A prefix per form: the workspace shows them all at once, and ids must stay unique.
    return FORMS[name](data, prefix=name.removesuffix("_form"))


def _workspace(request: HttpRequest, episode_id: int, status: int = 200, **bound: forms.Form) -> HttpResponse:
    user = current_user(request)
    work = selectors.casework_for_user(user=user, episode_id=episode_id, log=status == 200)
    context: dict[str, Any] = {name: bound.get(name) or _form(name) for name in FORMS}
    context.update(
        work=work,
        episode=work.episode,
        open_form=next(iter(bound), ""),
        can_record=can(user, Can.RECORD_FOUND) and work.episode.status != "closed",
        can_supervise=can(user, Can.REVIEW) and work.episode.status != "closed",
        close_form=LineCloseForm(),
    )
    return TemplateResponse(request, "casework/workspace.html", context, status=status)


@login_required
def workspace(request: HttpRequest, episode_id: int) -> HttpResponse:
    return _workspace(request, episode_id)


@login_required
def panel(request: HttpRequest, episode_id: int) -> HttpResponse:
    """The summary on the case page (htmx): contact due, re-assessment prompt, counts. The case page
    itself has logged the read."""
    work = selectors.casework_for_user(user=current_user(request), episode_id=episode_id, log=False)
    return TemplateResponse(request, "casework/_panel.html", {"work": work, "episode": work.episode})


def _record(
    request: HttpRequest, episode_id: int, name: str, save: Callable[[Any, Any], object], done: str
) -> HttpResponse:
    """Validate the named form, call the service; on an error show the workspace with the typed values."""
    user = current_user(request)
    episode = episode_get_for_user(user=user, episode_id=episode_id, log=False)
    form = _form(name, request.POST)
    if form.is_valid():
        try:
            save(form, (user, episode))
        except DomainError as exc:
            attach_domain_error(form, exc, FIELD_MAP)
        else:
            messages.success(request, done)
            return redirect("casework", episode_id=episode_id)
    return _workspace(request, episode_id, status=422, **{name: form})


@login_required
@require_POST
def contact_add(request: HttpRequest, episode_id: int) -> HttpResponse:
    def save(form: Any, ctx: Any) -> object:
        return services.contact_record(actor=ctx[0], episode=ctx[1], data=form.to_input())

    return _record(request, episode_id, "contact_form", save, "Contact logged; the next one is due in a day.")


@login_required
@require_POST
def sighting_add(request: HttpRequest, episode_id: int) -> HttpResponse:
    def save(form: Any, ctx: Any) -> object:
        return services.sighting_record(actor=ctx[0], episode=ctx[1], data=form.to_input())

    return _record(request, episode_id, "sighting_form", save, "Sighting recorded. Re-assess the risk.")


@login_required
@require_POST
def enquiry_add(request: HttpRequest, episode_id: int) -> HttpResponse:
    def save(form: Any, ctx: Any) -> object:
        return services.enquiry_record(actor=ctx[0], episode=ctx[1], data=form.to_input())

    return _record(request, episode_id, "enquiry_form", save, "Enquiry recorded.")


@login_required
@require_POST
def search_add(request: HttpRequest, episode_id: int) -> HttpResponse:
    def save(form: Any, ctx: Any) -> object:
        return services.search_record(actor=ctx[0], episode=ctx[1], data=form.to_input())

    return _record(request, episode_id, "search_form", save, "Searched area recorded.")


@login_required
@require_POST
def line_add(request: HttpRequest, episode_id: int) -> HttpResponse:
    def save(form: Any, ctx: Any) -> object:
        d = form.cleaned_data
        return services.line_open(
            actor=ctx[0], episode=ctx[1], description=d["description"], owner=d["owner"]
        )

    return _record(request, episode_id, "line_form", save, "Line of enquiry opened.")


@login_required
@require_POST
def line_close(request: HttpRequest, line_id: int) -> HttpResponse:
    user = current_user(request)
    line = selectors.line_get_for_user(user=user, line_id=line_id)
    form = LineCloseForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("record the result", field="result")
        services.line_close(line=line, actor=user, result=form.cleaned_data["result"])
    except DomainError as exc:
        messages.error(request, f"Line not closed: {exc.message}.")
    else:
        messages.success(request, "Line of enquiry closed.")
    return redirect("casework", episode_id=line.episode_id)


@login_required
@require_POST
def meeting_hold(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = current_user(request)
    meeting = selectors.live_meeting_get_for_user(user=user, meeting_id=meeting_id)

    def save(form: Any, ctx: Any) -> object:
        due = now() + timedelta(days=1)
        lines = [t for t in form.cleaned_data["actions"].splitlines() if t.strip()]
        actions = [services.ActionInput(description=t, due_at=due) for t in lines]
        return services.live_meeting_hold(
            meeting=meeting,
            actor=ctx[0],
            held_at=form.at("held"),
            minutes=form.cleaned_data["minutes"],
            actions=actions,
        )

    return _record(request, meeting.episode_id, "meeting_form", save, "Meeting minuted; actions are tasks.")


# ---- team -------------------------------------------------------------------------------------------


def _team(request: HttpRequest, status: int = 200, **bound: forms.Form) -> HttpResponse:
    user = current_user(request)
    day = local(now()).date()
    context = {
        "team": selectors.team_for_user(user=user, day=day),
        "now": now(),
        "shift_form": bound.get("shift_form") or ShiftForm(initial={"day": day.strftime("%d/%m/%Y")}),
        "handover_form": bound.get("handover_form") or HandoverForm(),
        "can_rota": can(user, Can.REALLOCATE),
    }
    return TemplateResponse(request, "casework/team.html", context, status=status)


@login_required
def team(request: HttpRequest) -> HttpResponse:
    return _team(request)


@login_required
@require_POST
def shift_add(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(user, Can.REALLOCATE)
    form = ShiftForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.shift_add(
                actor=user,
                user=d["user"],
                starts_at=combine_local(d["day"], d["starts"]),
                ends_at=combine_local(d["day"], d["ends"]),
            )
        except DomainError as exc:
            attach_domain_error(form, exc, {"ends_at": "ends", "starts_at": "starts"})
        else:
            messages.success(request, "Shift added to the rota.")
            return redirect("team")
    return _team(request, status=422, shift_form=form)


@login_required
@require_POST
def handover_add(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = HandoverForm(request.POST)
    if form.is_valid():
        try:
            services.handover_write(actor=user, text=form.cleaned_data["text"])
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(request, "Handover note saved.")
            return redirect("team")
    return _team(request, status=422, handover_form=form)
