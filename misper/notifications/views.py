"""The bell: polled by htmx on every page so a new allocation appears without a refresh."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from misper.accounts.selectors import current_user
from misper.notifications.selectors import recent_for, unacknowledged_for
from misper.notifications.services import notification_acknowledge


@login_required
def bell(request: HttpRequest) -> HttpResponse:
    unread = list(unacknowledged_for(user=current_user(request))[:5])
    count = unacknowledged_for(user=current_user(request)).count() if len(unread) == 5 else len(unread)
    state = f"{count}-{unread[0].pk if unread else 0}"
    if request.GET.get("state") == state:
        # Nothing new: htmx leaves the bell alone on 204, so the popup keeps keyboard focus and a
        # screen reader does not hear the same notification again every poll.
        return HttpResponse(status=204)
    return TemplateResponse(
        request, "notifications/bell.html", {"unread": unread, "count": count, "state": state}
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    items = recent_for(user=current_user(request))
    return TemplateResponse(request, "notifications/list.html", {"items": items})


@login_required
@require_POST
def acknowledge(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = notification_acknowledge(notification_id=notification_id, user=current_user(request))
    if notification.episode_id and request.POST.get("open"):
        return redirect("episode-detail", episode_id=notification.episode_id)
    return redirect("notification-list")
