"""Sealed until missing: the police open a profile only once its person is reported missing; it then
attaches itself to the episode, and every opening is logged."""

from __future__ import annotations

import pytest
from django.test import Client

from misper.audit.models import AuditEvent
from misper.core.timeutil import now
from misper.partners.models import PartnerNotification
from misper.profiles.models import Profile, ReportRequest
from misper.profiles.services import RequestInput, report_request_create
from misper.profiles.tests.helpers import make_profile


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_a_report_unseals_the_profile_and_each_opening_is_logged(force, make_report):
    profile = make_profile(force["partner"].user)
    dci = force["dci"].client()
    assert dci.get(f"/api/v1/profiles/{profile.pk}").status_code == 404

    episode = make_report()
    opened = dci.get(f"/api/v1/profiles/{profile.pk}")

    assert opened.status_code == 200
    assert opened.json()["episode_id"] == episode["id"]
    assert opened.json()["answers"]["friends_associates"] == "Jay, older"
    reads = AuditEvent.objects.filter(event="profile.read", object_id=episode["id"], operation="consultation")
    assert reads.count() == 1
    assert AuditEvent.objects.filter(event="profile.attached", object_id=episode["id"]).exists()


def test_the_police_profile_page_opens_from_the_episode(force, make_report):
    make_profile(force["partner"].user)
    episode = make_report()
    client = Client()
    client.force_login(force["officer"].user)

    page = client.get(f"/episodes/{episode['id']}/profile/")

    assert page.status_code == 200
    assert "Your opening is logged" in page.content.decode()


def test_a_care_home_request_becomes_an_episode_only_when_a_call_handler_accepts_it(force):
    profile = make_profile(force["partner"].user)
    request = report_request_create(
        actor=force["partner"].user,
        profile=profile,
        data=RequestInput(missing_since=now(), last_seen_location="Bus station", clothing="Red coat"),
    )
    client = Client()
    client.force_login(force["call_handler"].user)

    response = client.post(f"/requests/{request.pk}/accept/", {"risk_grade": "medium"})

    request.refresh_from_db()
    assert response.status_code == 302
    assert request.episode is not None
    assert request.status == ReportRequest.Status.ACCEPTED
    assert Profile.objects.get().person_id == request.episode.person_id
    assert request.episode.clothing == "Red coat"
    assert PartnerNotification.objects.filter(episode=request.episode).exists()


def test_a_partner_cannot_accept_their_own_request(force):
    profile = make_profile(force["partner"].user)
    request = report_request_create(
        actor=force["partner"].user,
        profile=profile,
        data=RequestInput(missing_since=now(), last_seen_location="Bus station", clothing="Red coat"),
    )
    client = Client()
    client.force_login(force["partner"].user)

    assert client.post(f"/requests/{request.pk}/accept/", {"risk_grade": "medium"}).status_code == 403
