"""The live case workspace and the team page as a sergeant uses them."""

from __future__ import annotations

from django.test import Client

from misper.casework.models import ContactLog, RotaShift
from misper.casework.services import ContactInput, contact_record
from misper.core.timeutil import local, now
from misper.episodes.models import Episode


def signed_in(persona) -> Client:
    client = Client()
    client.force_login(persona.user)
    return client


def test_a_contact_before_the_person_went_missing_shows_the_error_and_keeps_what_was_typed(
    force, make_report
):
    episode = make_report()

    response = signed_in(force["officer"]).post(
        f"/episodes/{episode['id']}/casework/contacts/",
        {
            "contact-contact_with": "Jo Hart",
            "contact-method": "phone",
            "contact-outcome": "Rang twice",
            "contact-contacted_date": "01/01/2020",
            "contact-contacted_time": "10:00",
        },
    )

    assert response.status_code == 422
    assert b"cannot be before the person went missing" in response.content
    assert b'value="Jo Hart"' in response.content
    assert not ContactLog.objects.exists()


def test_the_workspace_takes_the_same_queries_for_3_and_for_30_contacts(
    force, make_report, django_assert_num_queries
):
    episode = Episode.objects.get(pk=make_report()["id"])
    page = signed_in(force["officer"])

    def log(count: int) -> None:
        for i in range(count):
            contact_record(
                episode=episode,
                actor=force["officer"].user,
                data=ContactInput(
                    contact_with=f"Carer {i}", method="phone", contacted_at=now(), outcome="No news"
                ),
            )

    log(3)
    page.get(f"/episodes/{episode.pk}/casework/")
    with django_assert_num_queries(13):
        assert page.get(f"/episodes/{episode.pk}/casework/").status_code == 200
    log(27)
    with django_assert_num_queries(13):
        content = page.get(f"/episodes/{episode.pk}/casework/").content.decode()
    assert content.count("No news") == 30, content[content.find("contact-h") :][:1500]


def test_the_team_page_shows_uncovered_hours_and_each_officers_caseload(force, make_report):
    make_report()
    day = local(now()).strftime("%d/%m/%Y")
    page = signed_in(force["ds"])

    added = page.post(
        "/team/shifts/", {"user": force["officer"].user.pk, "day": day, "starts": "08:00", "ends": "15:00"}
    )
    refused = page.post(
        "/team/shifts/", {"user": force["officer"].user.pk, "day": day, "starts": "15:00", "ends": "14:00"}
    )
    shown = page.get("/team/").content.decode()

    assert added.status_code == 302 and refused.status_code == 422
    assert RotaShift.objects.count() == 1
    assert "Not covered: 15:00" in shown
    assert "Officer Test" in shown
