"""The deadline and escalation sweep: tasks from policy, escalation up the chain, idempotent."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

from django.core.management import call_command

from misper.casework.models import Escalation, LiveMeeting
from misper.casework.services import live_meeting_hold, sweep_run
from misper.core.timeutil import now
from misper.episodes.models import Task
from misper.notifications.models import Notification


def kinds(episode_id: int, status: str = "open") -> set[str]:
    return set(Task.objects.filter(episode_id=episode_id, status=status).values_list("kind", flat=True))


def test_a_high_risk_child_in_care_gets_pnc_ukmpu_social_worker_and_child_rescue_alert_tasks(make_report):
    episode = make_report()  # high risk, 15, children's home

    sweep_run()

    assert {
        "pnc_entry",
        "ukmpu_notification",
        "social_worker",
        "child_rescue_alert",
        "family_contact",
    } <= kinds(episode["id"])
    ukmpu = Task.objects.get(episode_id=episode["id"], kind="ukmpu_notification")
    assert ukmpu.due_at - Task.objects.get(episode_id=episode["id"], kind="pnc_entry").due_at == timedelta(
        hours=24
    )


def test_running_the_sweep_twice_creates_nothing_twice(make_report):
    make_report()
    make_report(
        risk_grade="medium",
        missing_since=(now() - timedelta(days=9)).isoformat(),
        reported_at=(now() - timedelta(days=8)).isoformat(),
    )
    first = sweep_run()
    counts = (Task.objects.count(), Escalation.objects.count(), Notification.objects.count())

    second = sweep_run()
    out = StringIO()
    call_command("run_sweep", stdout=out)

    assert first.tasks_created > 0 and first.meetings_scheduled == 1 and first.escalations > 0
    assert (second.tasks_created, second.meetings_scheduled, second.escalations) == (0, 0, 0)
    assert (Task.objects.count(), Escalation.objects.count(), Notification.objects.count()) == counts
    assert "0 tasks created, 0 weekly meetings scheduled, 0 escalations" in out.getvalue()


def test_found_cancels_ukmpu_and_sets_prevention_and_return_home_interviews(force, make_report):
    episode = make_report()
    sweep_run()
    client = force["officer"].client()
    assert (
        client.post(
            f"/api/v1/episodes/{episode['id']}/found",
            {"found_at": now().isoformat(), "found_location": "Home"},
        ).status_code
        == 200
    )
    assert "ukmpu_notification" in kinds(episode["id"], "cancelled")

    sweep_run()

    assert {"prevention_interview", "return_home_interview", "social_worker"} <= kinds(episode["id"])
    client.post(
        f"/api/v1/episodes/{episode['id']}/prevention-interview",
        {"conducted_at": now().isoformat(), "notes": "Safe"},
    )
    assert "prevention_interview" in kinds(episode["id"], "done")


def test_an_overdue_task_goes_to_the_supervisor_then_to_the_di_each_told_once(force, make_report):
    episode = make_report(risk_grade="low", care_status="none")
    sweep_run()
    late = now() + timedelta(hours=49)  # the PNC entry (48 h) is an hour overdue

    sweep_run(at=late)
    sweep_run(at=late)
    told = Notification.objects.filter(kind="overdue", message__contains="Police National")
    assert [n.recipient.username for n in told] == ["ds"]
    sweep_run(at=late + timedelta(hours=4))

    pnc = Task.objects.get(episode_id=episode["id"], kind="pnc_entry")
    assert sorted(Escalation.objects.filter(task=pnc).values_list("level", flat=True)) == ["di", "supervisor"]
    assert sorted(n.recipient.username for n in told.all()) == ["di", "ds"]


def test_a_case_missing_over_a_week_gets_a_weekly_meeting_whose_actions_become_tasks(force, make_report):
    episode = make_report(
        missing_since=(now() - timedelta(days=8)).isoformat(),
        reported_at=(now() - timedelta(days=8)).isoformat(),
    )
    sweep_run()
    meeting = LiveMeeting.objects.get(episode_id=episode["id"])
    from misper.casework.services import ActionInput

    live_meeting_hold(
        meeting=meeting,
        actor=force["ds"].user,
        held_at=now() - timedelta(minutes=5),
        minutes="Keep high. Media appeal.",
        actions=[ActionInput(description="Draft media appeal", due_at=now() + timedelta(days=1))],
    )

    assert meeting.number == 1
    assert "meeting_action" in kinds(episode["id"])
    assert "live_meeting" in kinds(episode["id"], "done")
