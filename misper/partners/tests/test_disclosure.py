"""The automatic redacted report: sent when a child is reported missing, in the same transaction, to
the organisations the policy names, logged as a disclosure with its recipients."""

from __future__ import annotations

import pytest

from misper.episodes.models import Episode
from misper.partners import services
from misper.partners.models import PartnerNotification
from misper.partners.tests.helpers import COUNCIL, adult_person, child_report, found_body


def test_a_child_reported_missing_is_in_the_authoritys_list_when_the_report_returns(force, make_report):
    episode = child_report(make_report)

    listed = force["partner"].client().get("/api/v1/partner/notifications").json()

    assert [n["episode_id"] for n in listed] == [episode["id"]]
    assert set(listed[0]) >= {"id", "episode_id", "sent_at", "report"}
    assert listed[0]["report"]["given_name"] == "Amy"


def test_another_organisation_sees_nothing_of_it(force, make_report):
    child_report(make_report)

    assert force["partner_other"].client().get("/api/v1/partner/notifications").json() == []


def test_an_adult_reported_missing_sends_nothing(force, make_report):
    make_report(person=adult_person(), responsible_authority=COUNCIL, care_status="none")

    assert not PartnerNotification.objects.exists()


def test_the_disclosure_is_in_the_audit_log_with_its_recipients(force, make_report):
    episode = child_report(make_report)

    events = force["dci"].client().get("/api/v1/audit/events", object=f"episode:{episode['id']}").json()

    disclosures = [e for e in events if e["operation"] == "disclosure"]
    assert [d["recipients"] for d in disclosures] == [[COUNCIL]]
    assert "Runaway and missing protocol" in disclosures[0]["justification"]


def test_the_disclosure_is_written_in_the_reports_own_transaction(force, make_report, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disclosure failed")

    monkeypatch.setattr(services, "redact", fail)

    with pytest.raises(RuntimeError):
        child_report(make_report)

    assert not Episode.objects.exists()  # no report without its disclosure, and no disclosure without it


def test_found_and_closed_send_updates_to_the_same_partners(force, make_report):
    episode = child_report(make_report)
    officer = force["officer"].client()
    officer.post(f"/api/v1/episodes/{episode['id']}/found", found_body())

    kinds = [n["kind"] for n in force["partner"].client().get("/api/v1/partner/notifications").json()]

    assert sorted(kinds) == ["found", "reported"]


def test_a_partner_acknowledges_receipt_once(force, make_report):
    child_report(make_report)
    client = force["partner"].client()
    notification = client.get("/api/v1/partner/notifications").json()[0]

    first = client.post(f"/api/v1/partner/notifications/{notification['id']}/acknowledge").json()
    second = client.post(f"/api/v1/partner/notifications/{notification['id']}/acknowledge").json()

    assert first["acknowledged_at"] is not None
    assert second["acknowledged_at"] == first["acknowledged_at"]


def test_another_organisation_cannot_acknowledge_it(force, make_report):
    child_report(make_report)
    notification = PartnerNotification.objects.get()

    response = (
        force["partner_other"].client().post(f"/api/v1/partner/notifications/{notification.pk}/acknowledge")
    )

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.acknowledged_at is None
