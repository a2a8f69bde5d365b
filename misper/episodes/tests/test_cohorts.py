from __future__ import annotations

from datetime import timedelta

from conftest import report_body
from misper.core.timeutil import now
from misper.episodes.cohorts import episode_cohort_q, person_cohort_q
from misper.episodes.models import Episode
from misper.people.models import Person


def file(client, days_ago, care_status="childrens_home", **person):
    missing = now() - timedelta(days=days_ago)
    body = report_body(
        missing_since=missing.isoformat(),
        reported_at=(missing + timedelta(hours=1)).isoformat(),
        care_status=care_status,
    )
    body["person"].update(person)
    response = client.post("/api/v1/reports", body)
    assert response.status_code == 201, response.content
    return response.json()


def test_cohorts_of_episodes_and_people(force):
    client = force["call_handler"].client()
    child = file(client, 200, given_name="Mia", family_name="Cole", date_of_birth="2011-01-01")
    file(client, 100, given_name="Mia", family_name="Cole", date_of_birth="2011-01-01")
    file(client, 50, care_status="none", given_name="Ted", family_name="Wong", date_of_birth="1970-03-03")
    repeat = set(Episode.objects.filter(episode_cohort_q("repeat")).values_list("pk", flat=True))
    assert repeat == {Episode.objects.filter(person_id=child["person_id"]).latest("missing_since").pk}
    assert set(Episode.objects.filter(episode_cohort_q("under_18")).values_list("person_id", flat=True)) == {
        child["person_id"]
    }
    assert list(Person.objects.filter(person_cohort_q("repeat")).values_list("pk", flat=True)) == [
        child["person_id"]
    ]
    assert Person.objects.filter(person_cohort_q("looked_after")).count() == 1


def test_episode_list_and_live_board_filter_by_cohort(force):
    from django.test import Client

    client = force["call_handler"].client()
    child = file(client, 2, given_name="Mia", family_name="Cole", date_of_birth="2011-01-01")
    file(client, 1, care_status="none", given_name="Ted", family_name="Wong", date_of_birth="1970-03-03")
    listed = force["analyst"].client().get("/api/v1/episodes", cohort="under_18").json()["items"]
    assert [e["id"] for e in listed] == [child["id"]]
    assert force["analyst"].client().get("/api/v1/episodes", cohort="teenagers").status_code == 422
    page = Client()
    page.force_login(force["ds"].user)
    board = page.get("/live/", {"cohort": "looked_after"})
    assert b"Mia Cole" in board.content and b"Ted Wong" not in board.content
