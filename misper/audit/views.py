"""Audit lookup page for the DCI and administrators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from misper.accounts.selectors import current_user
from misper.audit.selectors import audit_events_for_user
from misper.core.errors import InvalidInput


@login_required
def audit_home(request: HttpRequest) -> HttpResponse:
    ref = request.GET.get("object", "").strip()[:40]
    events, error = [], ""
    if ref:
        try:
            events = list(audit_events_for_user(user=current_user(request), object_ref=ref))
        except InvalidInput as exc:
            error = exc.message
    else:
        audit_events_for_user(user=current_user(request), object_ref="episode:0")
    return TemplateResponse(request, "audit/home.html", {"ref": ref, "events": events, "error": error})
