"""People pages: a person and their history, candidates while reporting, duplicates and merges."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from misper.accounts.permissions import Can, require
from misper.accounts.selectors import current_user
from misper.core.errors import DomainError, NotFound
from misper.core.forms import UK_DATE
from misper.people import selectors, services
from misper.people.forms import MergeForm
from misper.people.models import DuplicateCandidate, Person, PersonMerge
from misper.people.selectors import person_get_for_user, persons_search


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    view = person_get_for_user(user=current_user(request), person_id=person_id)
    return TemplateResponse(request, "people/person.html", {"view": view, "person": view.person})


@login_required
def person_search(request: HttpRequest) -> HttpResponse:
    from misper.episodes.cohorts import COHORTS

    query = request.GET.get("q", "").strip()[:100]
    cohort = request.GET.get("cohort", "")
    cohort = cohort if cohort in COHORTS else ""
    searched = bool(query or cohort)
    people = persons_search(user=current_user(request), query=query, cohort=cohort) if searched else []
    return TemplateResponse(
        request,
        "people/search.html",
        {"query": query, "people": people, "cohort": cohort, "cohorts": COHORTS, "searched": searched},
    )


def _parse_uk_date(value: str) -> date | None:
    for fmt in UK_DATE:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


@login_required
def report_candidates(request: HttpRequest) -> HttpResponse:
    """htmx: people we already know who may be the person being reported, as the call handler types."""
    user = current_user(request)
    require(user, Can.REPORT)
    get = request.POST if request.method == "POST" else request.GET
    details = services.PersonDetails(
        given_name=get.get("given_name", "")[:100],
        family_name=get.get("family_name", "")[:100],
        date_of_birth=_parse_uk_date(get.get("date_of_birth", "")),
        sex=get.get("sex", "unknown") if get.get("sex") in {"female", "male", "other"} else "unknown",
        postcode=get.get("postcode", "")[:10],
        phone=get.get("phone", "")[:40],
    )
    typed_enough = len(details.given_name + details.family_name) >= 3 or details.date_of_birth is not None
    candidates = selectors.match_candidates(details=details) if typed_enough else []
    chosen = get.get("person_id") or get.get("chosen_person", "")
    return TemplateResponse(request, "people/_candidates.html", {"candidates": candidates, "chosen": chosen})


@login_required
def duplicates(request: HttpRequest) -> HttpResponse:
    queue = selectors.duplicates_queue(user=current_user(request))
    recent = list(PersonMerge.objects.select_related("survivor", "merged", "merged_by")[:20])
    return TemplateResponse(request, "people/duplicates.html", {"queue": queue, "merges": recent})


@login_required
@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not merged: say why these are the same person.")
        return redirect("duplicates")
    people = Person.objects.in_bulk([form.cleaned_data["survivor"], form.cleaned_data["merged"]])
    if len(people) != 2:
        raise NotFound("one of these people no longer exists")
    try:
        services.person_merge(
            survivor=people[form.cleaned_data["survivor"]],
            merged=people[form.cleaned_data["merged"]],
            actor=user,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as exc:
        messages.error(request, f"Not merged: {exc.message}.")
    else:
        messages.success(request, "Merged. The merge can be undone from this page.")
    return redirect("duplicates")


@login_required
@require_POST
def unmerge(request: HttpRequest, merge_id: int) -> HttpResponse:
    user = current_user(request)
    record = PersonMerge.objects.select_related("survivor", "merged").filter(pk=merge_id).first()
    if record is None:
        raise NotFound(f"no merge {merge_id}")
    try:
        services.person_unmerge(merge=record, actor=user)
    except DomainError as exc:
        messages.error(request, f"Not undone: {exc.message}.")
    else:
        messages.success(request, "Merge undone: both records are as they were.")
    return redirect("duplicates")


@login_required
@require_POST
def dismiss(request: HttpRequest, candidate_id: int) -> HttpResponse:
    user = current_user(request)
    candidate = DuplicateCandidate.objects.filter(pk=candidate_id).first()
    if candidate is None:
        raise NotFound(f"no pair {candidate_id}")
    try:
        services.duplicate_dismiss(candidate=candidate, actor=user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Marked as two different people.")
    return redirect("duplicates")
