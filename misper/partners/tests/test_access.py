"""Every route, tried by a partner user of another organisation with the ids of the first
organisation's real objects, answers 403 or 404 and shows nothing of them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from misper.partners.models import CareHome, Organisation, PartnerAction, PartnerMeeting, PartnerNotification
from misper.partners.tests.helpers import COUNCIL, child_report, found_body
from misper.profiles.models import Profile
from misper.profiles.tests.helpers import make_profile

MARKERS = ("Amy", "Hart", "Secretgarden", "Elm Road")
# Whole words only: a random CSRF or session token may hold "Amy" or "Hart" inside it.
MARKER_WORDS = re.compile(r"\b(?:" + "|".join(re.escape(m) for m in MARKERS) + r")\b")
OPEN_ROUTES = {"api/v1/openapi.json", "api/v1/docs"}


def all_routes(patterns=None, prefix=""):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def fill(route: str, ids: dict[str, object]) -> str:
    route = route.lstrip("^").rstrip("$")
    return "/" + re.sub(
        r"<(?:(\w+):)?(\w+)>", lambda m: str(ids.get(str(m.group(2)), ids["episode_id"])), route
    )


@pytest.fixture
def first_organisations_objects(force, make_report, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    council = Organisation.objects.get(name=COUNCIL)
    # Homes are reference data every carer may pick from (a move of placement); not a marker.
    home = CareHome.objects.create(name="Oak Lodge", address="1 Elm Road", provider=council)
    profile = make_profile(
        force["partner"].user, care_home=home, answers={"friends_associates": "Secretgarden"}
    )
    episode = child_report(make_report)
    force["officer"].client().post(f"/api/v1/episodes/{episode['id']}/found", found_body())
    sealed = make_profile(force["partner"].user, given_name="Sealed", family_name="Secretgarden")
    from misper.core.timeutil import now
    from misper.profiles.services import RequestInput, report_request_create

    request = report_request_create(
        actor=force["partner"].user,
        profile=sealed,
        data=RequestInput(missing_since=now(), last_seen_location="Elm Road", clothing="Secretgarden coat"),
    )
    meeting = PartnerMeeting.objects.create(
        kind="tactical", period_start=date(2026, 1, 1), period_end=date(2026, 1, 31),
        held_on=date(2026, 2, 3), chair=force["di"].user, created_at=now(),
    )  # fmt: skip
    action = PartnerAction.objects.create(
        meeting=meeting, description="Secretgarden action", owner_name="Amy Hart",
        owner_organisation=council, due_on=date.today() + timedelta(days=7),
    )  # fmt: skip
    return {
        "episode_id": episode["id"],
        "notification_id": PartnerNotification.objects.filter(organisation=council).values_list(
            "pk", flat=True
        )[0],
        "profile_id": profile.pk,
        "request_id": request.pk,
        "meeting_id": meeting.pk,
        "action_id": action.pk,
        "home_id": home.pk,
        "organisation_id": council.pk,
        "person_id": Profile.objects.get(pk=profile.pk).person_id,
        "kind": "philomena",
        "review_id": 1,
        "task_id": 1,
    }


def test_a_partner_of_another_organisation_gets_403_or_404_on_every_route(force, first_organisations_objects):
    ids = first_organisations_objects
    page = Client()
    page.force_login(force["partner_other"].user)
    api = force["partner_other"].client()
    leaks, tried = [], 0
    for route in all_routes():
        url = fill(route, ids)
        if route.lstrip("^") in OPEN_ROUTES or "static" in route:
            continue
        client = api if url.startswith("/api/") else page
        for method in ("get", "post"):
            page.force_login(force["partner_other"].user)  # the walk passes through sign-out too
            response = getattr(client, method)(url)
            tried += 1
            # Routes that name an object must refuse it; others (a kind of pack) must show nothing of it.
            has_params = "_id>" in route
            body = response.content.decode(errors="replace")
            if response.status_code == 405:
                continue
            # The API parses a body before it looks anything up: an empty body is refused as such.
            refused_unread = url.startswith("/api/") and method == "post" and response.status_code == 422
            if has_params and response.status_code not in (403, 404) and not refused_unread:
                leaks.append((method, url, response.status_code))
            if MARKER_WORDS.search(body):
                leaks.append((method, url, "shows data of the first organisation"))
    assert tried > 50
    assert leaks == [], "\n".join(map(str, leaks))


def test_a_police_user_cannot_open_a_sealed_profile(force, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    profile = make_profile(force["partner"].user)

    response = force["dci"].client().get(f"/api/v1/profiles/{profile.pk}")

    assert response.status_code == 404
    assert "Amy" not in response.content.decode()


def test_a_police_user_cannot_use_the_partner_portal(force, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    profile = make_profile(force["partner"].user)
    client = Client()
    client.force_login(force["dci"].user)

    assert client.get(f"/partner/profiles/{profile.pk}/").status_code == 403
