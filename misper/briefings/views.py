"""The daily tasking meeting page, its PDF, the DCI's decisions; the per-person briefing sheet."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from misper.accounts.permissions import Can, can
from misper.accounts.selectors import current_user
from misper.briefings import selectors, services
from misper.briefings.forms import DecisionForm
from misper.briefings.pdf import render_pdf
from misper.core.errors import DomainError, InvalidInput
from misper.core.forms import attach_domain_error, combine_local
from misper.core.timeutil import local, now
from misper.episodes.selectors import episode_get_for_user


def _day(request: HttpRequest) -> date | None:
    raw = request.GET.get("date", "")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput("enter a real date as YYYY-MM-DD", field="date") from exc


def _page(request: HttpRequest, status: int = 200, form: DecisionForm | None = None) -> HttpResponse:
    user = current_user(request)
    briefing = selectors.daily_briefing_for_user(user=user, day=_day(request))
    initial = {"due_date": local(now()).strftime("%d/%m/%Y"), "due_time": "16:00"}
    context: dict[str, Any] = {
        "b": briefing,
        "now": briefing.at,
        "form": form or DecisionForm(initial=initial),
        "can_decide": can(user, Can.REVIEW),
    }
    return TemplateResponse(request, "briefings/daily.html", context, status=status)


@login_required
def daily(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
def daily_pdf(request: HttpRequest) -> HttpResponse:
    briefing = selectors.daily_briefing_for_user(user=current_user(request), day=_day(request))
    pdf = render_pdf("briefings/daily_pdf.html", {"b": briefing, "now": briefing.at})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tasking-{briefing.ids.day}.pdf"'
    return response


@login_required
@require_POST
def decision_add(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = DecisionForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            episode = episode_get_for_user(user=user, episode_id=d["episode_id"], log=False)
            services.decision_record(
                actor=user,
                meeting_date=local(now()).date(),
                episode=episode,
                decision=d["decision"],
                action=d["action"],
                owner=d["owner"],
                due_at=combine_local(d["due_date"], d["due_time"]),
            )
        except DomainError as exc:
            attach_domain_error(form, exc, {"due_at": "due_date", "episode": "episode_id"})
        else:
            messages.success(request, "Decision recorded; the action is a task for its owner.")
            return redirect("briefing-daily")
    return _page(request, status=422, form=form)


@login_required
def sheet_pdf(request: HttpRequest, episode_id: int) -> HttpResponse:
    sheet = selectors.briefing_sheet_for_user(user=current_user(request), episode_id=episode_id)
    pdf = render_pdf("briefings/sheet.html", {"s": sheet, "e": sheet.episode, "now": now()})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="briefing-sheet-episode-{episode_id}.pdf"'
    return response
