"""Profile pages: the carer's portal (create, save a new version, move, ask for a report) and the police
side (open the profile of a reported person, accept a care home's request). Thin: selectors, forms,
services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from misper.accounts.selectors import current_user
from misper.core.errors import DomainError, NotFound
from misper.core.forms import attach_domain_error
from misper.partners.selectors import partner_organisation
from misper.profiles import selectors, services
from misper.profiles.forms import FIELD_MAP, AcceptForm, MoveForm, ProfileForm, RequestForm
from misper.profiles.models import PART1_QUESTIONS, Profile, ProfileKind, ProfileVersion


def _initial(profile: Profile, version: ProfileVersion | None) -> dict[str, object]:
    initial: dict[str, object] = {
        "given_name": profile.given_name,
        "family_name": profile.family_name,
        "date_of_birth": profile.date_of_birth,
        "care_home": profile.care_home_id,
        "responsible_authority": profile.responsible_authority_id,
        "school": profile.school_id,
        "health": profile.health_id,
    }
    answers = version.answers if version else {}
    initial.update({f"q_{key}": answers.get(key, "") for key, _ in PART1_QUESTIONS[profile.kind]})
    return initial


@login_required
def profile_new(request: HttpRequest, kind: str) -> HttpResponse:
    user = current_user(request)
    partner_organisation(user)
    if kind not in ProfileKind.values:
        raise NotFound(f"no kind of profile {kind!r}")
    form = ProfileForm(request.POST or None, request.FILES or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.profile_create(actor=user, data=form.to_input())
        except DomainError as exc:
            attach_domain_error(form, exc, FIELD_MAP)
        else:
            messages.success(request, f"Profile of {profile} saved (version 1).")
            return redirect("profile-detail", profile_id=profile.pk)
    context = {"form": form, "title": f"New {ProfileKind(kind).label} profile"}
    return TemplateResponse(request, "profiles/edit.html", context, status=422 if form.is_bound else 200)


@login_required
def profile_edit(request: HttpRequest, profile_id: int) -> HttpResponse:
    user = current_user(request)
    profile = selectors.profile_get_for_partner(user=user, profile_id=profile_id)
    initial = _initial(profile, selectors.latest_version(profile))
    form = ProfileForm(request.POST or None, request.FILES or None, kind=profile.kind, initial=initial)
    form.fields["care_home"].disabled = True  # a move of placement is its own action
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.profile_update(actor=user, profile=profile, data=form.to_input())
        except DomainError as exc:
            attach_domain_error(form, exc, FIELD_MAP)
        else:
            messages.success(request, f"Saved as version {profile.version}.")
            return redirect("profile-detail", profile_id=profile.pk)
    context = {"form": form, "title": f"Update the profile of {profile}", "profile": profile}
    return TemplateResponse(request, "profiles/edit.html", context, status=422 if form.is_bound else 200)


@login_required
def profile_detail(request: HttpRequest, profile_id: int) -> HttpResponse:
    profile = selectors.profile_get_for_partner(user=current_user(request), profile_id=profile_id)
    versions = list(profile.versions.select_related("saved_by").order_by("-number"))
    context = {
        "profile": profile,
        "version": versions[0] if versions else None,
        "versions": versions,
        "questions": PART1_QUESTIONS[profile.kind],
        "photo_url": f"/partner/profiles/{profile.pk}/photo/",
        "partner": True,
    }
    return TemplateResponse(request, "profiles/detail.html", context)


def _photo(version: ProfileVersion | None) -> HttpResponseBase:
    if version is None or not version.photo:
        raise Http404("no photo")
    return FileResponse(version.photo.open("rb"))


@login_required
def profile_photo(request: HttpRequest, profile_id: int) -> HttpResponseBase:
    profile = selectors.profile_get_for_partner(user=current_user(request), profile_id=profile_id)
    return _photo(selectors.latest_version(profile))


@login_required
def profile_move(request: HttpRequest, profile_id: int) -> HttpResponse:
    user = current_user(request)
    profile = selectors.profile_get_for_partner(user=user, profile_id=profile_id)
    form = MoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.profile_move(actor=user, profile=profile, care_home=form.cleaned_data["care_home"])
        messages.success(request, f"{profile} moved to {profile.care_home}. The profile went with them.")
        return redirect("partner-home")
    context = {"form": form, "title": f"Move {profile} to another home", "back": profile}
    return TemplateResponse(request, "partners/form.html", context, status=422 if form.is_bound else 200)


@login_required
def profile_request_report(request: HttpRequest, profile_id: int) -> HttpResponse:
    user = current_user(request)
    profile = selectors.profile_get_for_partner(user=user, profile_id=profile_id)
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_request_create(actor=user, profile=profile, data=form.to_input())
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(
                request, "Sent to the police control room. Also ring 999 if the child is at risk."
            )
            return redirect("profile-detail", profile_id=profile.pk)
    context = {"form": form, "title": f"Report {profile} missing (Part 2)", "back": profile}
    return TemplateResponse(request, "partners/form.html", context, status=422 if form.is_bound else 200)


# ---- police ------------------------------------------------------------------------------------------


@login_required
def episode_profile(request: HttpRequest, episode_id: int) -> HttpResponse:
    unsealed = selectors.profile_for_episode(user=current_user(request), episode_id=episode_id)
    context = {
        "profile": unsealed.profile,
        "version": unsealed.version,
        "versions": [],
        "questions": PART1_QUESTIONS[unsealed.profile.kind],
        "episode": unsealed.episode,
        "photo_url": f"/episodes/{episode_id}/profile/photo/",
    }
    return TemplateResponse(request, "profiles/detail.html", context)


@login_required
def episode_profile_photo(request: HttpRequest, episode_id: int) -> HttpResponseBase:
    unsealed = selectors.profile_for_episode(user=current_user(request), episode_id=episode_id)
    return _photo(unsealed.version)


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    requests = list(selectors.requests_for_police(user=current_user(request)))
    return TemplateResponse(request, "profiles/requests.html", {"requests": requests, "form": AcceptForm()})


@login_required
def request_accept(request: HttpRequest, request_id: int) -> HttpResponse:
    user = current_user(request)
    report_request = selectors.request_get_for_police(user=user, request_id=request_id)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            episode = services.report_request_accept(
                actor=user, request=report_request, risk_grade=form.cleaned_data["risk_grade"]
            )
        except DomainError as exc:
            attach_domain_error(form, exc)
        else:
            messages.success(request, f"Report filed: episode {episode.pk}.")
            return redirect("episode-detail", episode_id=episode.pk)
    context = {"form": form, "title": f"Accept the request about {report_request.profile}"}
    return TemplateResponse(request, "partners/form.html", context, status=422 if form.is_bound else 200)
