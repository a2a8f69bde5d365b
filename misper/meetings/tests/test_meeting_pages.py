from __future__ import annotations

from datetime import timedelta

from django.test import Client

from misper.core.timeutil import local, now
from misper.meetings.models import ReviewMeeting
from misper.meetings.tests.test_repeat_rule import report_on_day


def signed_in(persona):
    client = Client()
    client.force_login(persona.user)
    return client


def three_reports(force):
    base = now() - timedelta(days=10)
    client = force["call_handler"].client()
    person_id = report_on_day(client, base, 0)["person_id"]
    report_on_day(client, base, 1, person_id)
    report_on_day(client, base, 2, person_id)
    return ReviewMeeting.objects.get(person_id=person_id)


def test_ds_records_why_the_person_goes_missing_and_the_outcome(force):
    meeting = three_reports(force)
    page = signed_in(force["ds"])
    assert page.get(f"/meetings/{meeting.pk}/").status_code == 200
    held = local(now() - timedelta(hours=1))
    response = page.post(
        f"/meetings/{meeting.pk}/record/",
        {
            "held_date": held.strftime("%d/%m/%Y"),
            "held_time": held.strftime("%H:%M"),
            "push_factors": "Conflict at the placement",
            "pull_factors": "Older associates in Normanton",
            "outcome": "Placement review requested",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and "Normanton" in meeting.pull_factors


def test_meeting_in_the_future_is_refused_and_typed_answers_are_kept(force):
    meeting = three_reports(force)
    later = local(now() + timedelta(days=2))
    response = signed_in(force["ds"]).post(
        f"/meetings/{meeting.pk}/record/",
        {"held_date": later.strftime("%d/%m/%Y"), "held_time": "10:00", "outcome": "Kept text"},
    )
    assert response.status_code == 422
    assert b"cannot be in the future" in response.content and b"Kept text" in response.content
    meeting.refresh_from_db()
    assert meeting.status == "pending"


def test_dci_sees_the_top_repeat_list_and_partners_do_not(force):
    three_reports(force)
    assert signed_in(force["dci"]).get("/top-repeat/").status_code == 200
    assert signed_in(force["partner"]).get("/top-repeat/").status_code == 403
    assert signed_in(force["partner"]).get("/meetings/").status_code == 403


def test_case_plan_is_saved_for_a_top_repeat_person(force):
    meeting = three_reports(force)
    response = signed_in(force["ds"]).post(
        f"/persons/{meeting.person_id}/plan/",
        {
            "lead_officer": force["officer"].user.pk,
            "review_cadence_days": 14,
            "plan": "Weekly contact with home",
        },
    )
    assert response.status_code == 302
    assert meeting.person.case_plan.review_cadence_days == 14
