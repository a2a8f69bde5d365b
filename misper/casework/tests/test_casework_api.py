"""The live case's record through the API: contact, sightings, enquiries, searches; bad input refused."""

from __future__ import annotations

from datetime import timedelta

from misper.casework.models import ContactLog, Sighting
from misper.casework.services import sweep_run
from misper.core.timeutil import now


def iso(minutes_ago: float) -> str:
    return (now() - timedelta(minutes=minutes_ago)).isoformat()


def contact(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "contact_with": "Jo Hart",
        "relationship": "mother",
        "method": "phone",
        "contacted_at": iso(5),
        "outcome": "No word from Amy.",
    }
    body.update(overrides)
    return body


def test_an_officer_logs_a_contact_and_the_next_one_falls_due_a_day_later(force, make_report):
    episode = make_report()
    sweep_run()
    client = force["officer"].client()

    response = client.post(f"/api/v1/episodes/{episode['id']}/contacts", contact())

    assert response.status_code == 201, response.content
    work = client.get(f"/api/v1/episodes/{episode['id']}/casework").json()
    assert [c["contact_with"] for c in work["contacts"]] == ["Jo Hart"]
    assert work["contact_due_at"] > (now() + timedelta(hours=23)).isoformat()


def test_a_contact_before_the_episode_began_is_refused_naming_the_field_and_nothing_is_stored(
    force, make_report
):
    episode = make_report()

    response = (
        force["officer"]
        .client()
        .post(f"/api/v1/episodes/{episode['id']}/contacts", contact(contacted_at=iso(60 * 24)))
    )

    assert response.status_code == 422
    assert "contacted_at" in response.json()["detail"]
    assert not ContactLog.objects.exists()


def test_a_sighting_in_the_future_is_refused_and_nothing_is_stored(force, make_report):
    episode = make_report()
    body = {"seen_at": iso(-120), "place": "Bus station", "source": "101 caller", "credibility": "possible"}

    response = force["officer"].client().post(f"/api/v1/episodes/{episode['id']}/sightings", body)

    assert response.status_code == 422
    assert response.json()["detail"] == "seen_at: cannot be in the future"
    assert not Sighting.objects.exists()


def test_an_impossible_date_is_refused_with_422_naming_the_field(force, make_report):
    episode = make_report()
    body = {
        "address": "1 Main St",
        "area": "loft",
        "searched_by": "PC Olu",
        "searched_at": "2026-02-30T10:00:00+00:00",
    }

    response = force["officer"].client().post(f"/api/v1/episodes/{episode['id']}/searches", body)

    assert response.status_code == 422
    assert response.json()["detail"].startswith("searched_at")


def test_a_sighting_prompts_a_risk_reassessment_until_the_risk_is_graded_again(force, make_report):
    episode = make_report()
    client = force["officer"].client()
    body = {"seen_at": iso(10), "place": "Bus station", "source": "101 caller", "credibility": "probable"}
    assert client.post(f"/api/v1/episodes/{episode['id']}/sightings", body).status_code == 201
    assert client.get(f"/api/v1/episodes/{episode['id']}/casework").json()["reassessment_prompted"]

    page = force["officer"].user
    from misper.episodes.models import Episode
    from misper.episodes.services import episode_reassess_risk

    episode_reassess_risk(
        episode=Episode.objects.get(pk=episode["id"]), actor=page, grade="high", rationale="Seen with adults"
    )

    assert not client.get(f"/api/v1/episodes/{episode['id']}/casework").json()["reassessment_prompted"]


def test_enquiries_and_searches_are_kept_with_who_and_when(force, make_report):
    episode = make_report()
    client = force["officer"].client()
    enquiry = {"kind": "custody", "target": "Derby custody suite", "made_at": iso(20), "result": "Not held"}
    search = {
        "address": "1 Main St",
        "area": "outbuilding",
        "area_detail": "shed",
        "searched_by": "PC Olu",
        "searched_at": iso(15),
        "result": "Nothing found",
    }

    assert client.post(f"/api/v1/episodes/{episode['id']}/enquiries", enquiry).status_code == 201
    assert client.post(f"/api/v1/episodes/{episode['id']}/searches", search).status_code == 201

    work = client.get(f"/api/v1/episodes/{episode['id']}/casework").json()
    assert work["enquiries"][0]["target"] == "Derby custody suite"
    assert work["searches"][0]["area"] == "outbuilding"


def test_a_partner_may_not_read_or_write_the_live_case(force, make_report):
    episode = make_report()
    partner = force["partner"].client()

    assert partner.get(f"/api/v1/episodes/{episode['id']}/casework").status_code == 403
    assert partner.post(f"/api/v1/episodes/{episode['id']}/contacts", contact()).status_code == 403
