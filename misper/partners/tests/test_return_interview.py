"""The local authority records the return home interview; the police see the outcome."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client

from misper.core.timeutil import local, now
from misper.partners.tests.helpers import child_report, found_body


def test_the_authority_records_the_interview_and_police_see_it_was_within_72_hours(force, make_report):
    episode = child_report(make_report)
    force["officer"].client().post(f"/api/v1/episodes/{episode['id']}/found", found_body())
    council = Client()
    council.force_login(force["partner"].user)
    held = local(now() - timedelta(minutes=1))

    response = council.post(
        f"/partner/episodes/{episode['id']}/return-interview/",
        {
            "offered_date": held.strftime("%d/%m/%Y"), "offered_time": held.strftime("%H:%M"),
            "held_date": held.strftime("%d/%m/%Y"), "held_time": held.strftime("%H:%M"),
            "disclosures": "Stayed with an older male in Normanton",
        },
    )  # fmt: skip

    assert response.status_code == 302
    outcome = force["di"].client().get(f"/api/v1/episodes/{episode['id']}/return-interview").json()
    assert outcome["within_deadline"] is True
    assert outcome["disclosures"] == "Stayed with an older male in Normanton"


def test_a_care_provider_cannot_record_it(force, make_report):
    episode = child_report(make_report)
    provider = Client()
    provider.force_login(force["partner_other"].user)

    assert provider.get(f"/partner/episodes/{episode['id']}/return-interview/").status_code == 404


def test_recording_the_interview_completes_the_police_tracking_task_even_after_closure(force, make_report):
    from datetime import timedelta

    from misper.core.timeutil import now
    from misper.episodes.models import Episode, Task
    from misper.episodes.services import (
        FoundInput,
        episode_close,
        episode_record_found,
        episode_record_interview,
    )
    from misper.partners.models import Organisation
    from misper.partners.services import InterviewInput, return_interview_record

    report = make_report()
    episode_record_found(
        episode_id=report["id"],
        actor=force["officer"].user,
        data=FoundInput(found_at=now() - timedelta(minutes=5), found_location="Home"),
    )
    episode = Episode.objects.get(pk=report["id"])
    Task.objects.create(
        episode=episode,
        kind="return_home_interview",
        owner=force["officer"].user,
        due_at=now() + timedelta(days=3),
        created_at=now(),
    )
    episode_record_interview(
        episode_id=episode.pk, actor=force["officer"].user, conducted_at=now(), notes="ok"
    )
    episode_close(episode_id=episode.pk, actor=force["ds"].user)
    task = Task.objects.get(episode=episode, kind="return_home_interview")
    assert task.status == "open"
    council = Organisation.objects.get(name="Derby City Children's Services")
    return_interview_record(
        episode=Episode.objects.get(pk=episode.pk),
        organisation=council,
        actor=force["partner"].user,
        data=InterviewInput(offered_at=now(), held_at=now()),
    )
    task.refresh_from_db()
    assert task.status == "done"
