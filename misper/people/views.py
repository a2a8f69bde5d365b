"""The person page: who they are and every time they went missing."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from misper.accounts.selectors import current_user
from misper.people.selectors import person_get_for_user, persons_search


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    view = person_get_for_user(user=current_user(request), person_id=person_id)
    return TemplateResponse(request, "people/person.html", {"view": view, "person": view.person})


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    people = persons_search(user=current_user(request), query=query) if query else []
    return TemplateResponse(request, "people/search.html", {"query": query, "people": people})
