"""The co-missing network for intelligence, flagging a cluster, and the search planning aid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client

from misper.audit.models import AuditEvent
from misper.core.timeutil import now
from misper.episodes.models import Task


def signed_in(force, username: str) -> Client:
    client = Client()
    client.force_login(force[username].user)
    return client


def missing_together(force, make_report, names, *, days_ago, place="Derby bus station", found="Hotel, Derby"):
    client = force["ds"].client()
    for minute, name in enumerate(names):
        start = now() - timedelta(days=days_ago, minutes=30 - minute)
        episode = make_report(
            as_user="ds",
            person={
                "given_name": name,
                "family_name": "Test",
                "date_of_birth": "2010-01-01",
                "sex": "female",
            },
            missing_since=start.isoformat(),
            reported_at=(start + timedelta(minutes=5)).isoformat(),
            last_seen_location=place,
        )
        client.post(
            f"/api/v1/episodes/{episode['id']}/found",
            {"found_at": (start + timedelta(hours=5)).isoformat(), "found_location": found},
        )


@pytest.fixture
def pair(force, make_report):
    """Zoe and Yas went missing from the bus station together and were found together at a hotel."""
    missing_together(force, make_report, ["Zoe", "Yas"], days_ago=3)
    missing_together(force, make_report, ["Xan"], days_ago=2)  # alone: no link


def test_the_intelligence_officer_sees_people_missing_and_found_together_as_a_cluster(force, pair):
    page = signed_in(force, "intel").get("/analytics/network/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Cluster 1: 2 people" in html
    assert "Zoe Test" in html and "Yas Test" in html and "Xan Test" not in html
    assert "<svg" in html
    assert AuditEvent.objects.filter(event="analytics.network", operation="consultation").count() == 2


@pytest.mark.parametrize("username", ["analyst", "dci", "officer", "partner"])
def test_only_intelligence_sees_the_network(force, username):
    assert signed_in(force, username).get("/analytics/network/").status_code == 403


def test_referring_a_cluster_creates_a_task_for_the_exploitation_team_with_an_audit_row(force, pair):
    client = signed_in(force, "intel")
    page = client.get("/analytics/network/").content.decode()
    ids = page.split('name="person_ids" value="')[1].split('"')[0]
    response = client.post("/analytics/network/flag/", {"person_ids": ids, "note": "Same hotel twice"})
    assert response.status_code == 302
    task = Task.objects.get(kind="exploitation_referral")
    assert "Same hotel twice" in task.description
    assert AuditEvent.objects.filter(event="analytics.cluster_flagged", object_id=task.episode_id).exists()


def test_others_may_not_refer_a_cluster(force, pair):
    assert (
        signed_in(force, "analyst").post("/analytics/network/flag/", {"person_ids": "1,2"}).status_code == 403
    )


def test_the_search_aid_shows_priors_with_their_source_for_a_child(force, make_report):
    episode = make_report()
    case = signed_in(force, "officer").get(f"/episodes/{episode['id']}/").content.decode()
    assert f"/analytics/search-aid/{episode['id']}/" in case
    page = signed_in(force, "officer").get(f"/analytics/search-aid/{episode['id']}/").content.decode()
    assert "not predictions about this person" in page
    assert "43.0 km" in page and "Grampian Police search study (2007)" in page


def test_the_search_aid_refuses_an_unknown_category(force, make_report):
    episode = make_report()
    response = signed_in(force, "officer").get(
        f"/analytics/search-aid/{episode['id']}/", {"category": "cats"}
    )
    assert response.status_code == 422 and b"category" in response.content
