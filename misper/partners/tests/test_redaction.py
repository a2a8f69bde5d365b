"""Redaction, field by field, against the policy, for every kind of partner, free text included."""

from __future__ import annotations

import pytest

from misper.core.policy import REPORT_FIELDS, get_policy
from misper.episodes.models import Episode
from misper.partners.redaction import WITHHELD, full_report, redact, whereabouts_withheld
from misper.partners.tests.helpers import child_report, found_body

SECRET_TEXT = (
    "Seen with Dean, call him on 07700 900123 or dean@example.com [police: informant says county lines]"
)
KINDS = list(get_policy().redaction.shared)


@pytest.fixture
def found_child(force, make_report):
    episode = child_report(
        make_report,
        circumstances=SECRET_TEXT,
        clothing="Black hoodie. [police: tracker in the coat]",
        police_only_notes="Intelligence: linked to a county line",
        reporting_person_name="Mrs Carer",
        reporting_person_contact="07700 900456",
        last_seen_by="Her friend Dean",
    )
    force["officer"].client().post(
        f"/api/v1/episodes/{episode['id']}/found",
        found_body(harm_details="Bruise; said Dean's flat, 01332 123456", condition="harmed"),
    )
    return Episode.objects.select_related("person", "responsible_authority").get(pk=episode["id"])


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_partner_gets_exactly_the_fields_the_policy_shares(found_child, kind):
    report = redact(full_report(found_child), kind=kind, withheld=False)

    assert set(report) == set(get_policy().redaction.shared[kind])


@pytest.mark.parametrize("kind", KINDS)
def test_police_only_notes_intelligence_and_third_parties_never_leave(found_child, kind):
    report = redact(full_report(found_child), kind=kind, withheld=False)
    text = repr(report)

    for name in get_policy().redaction.never_shared:
        assert name not in report
    for secret in ("county line", "Mrs Carer", "07700 900456", "07700 900123", "dean@example.com", "tracker"):
        assert secret not in text
    assert "Her friend Dean" not in text  # last_seen_by is a third party's detail


@pytest.mark.parametrize("kind", [k for k in KINDS if "circumstances" in get_policy().redaction.shared[k]])
def test_free_text_is_shared_with_its_third_parties_and_police_passages_removed(found_child, kind):
    report = redact(full_report(found_child), kind=kind, withheld=False)

    assert (
        report["circumstances"] == "Seen with Dean, call him on [phone removed] or [e-mail removed] [removed]"
    )


def test_a_field_the_policy_does_not_share_is_absent_not_blank(found_child):
    report = redact(full_report(found_child), kind="education", withheld=False)

    assert "circumstances" not in report
    assert "harm_details" not in report
    assert set(REPORT_FIELDS) >= set(report)


def test_an_adults_refusal_to_share_whereabouts_is_honoured_for_every_kind(force, make_report):
    episode = make_report(person={"given_name": "Zoe", "family_name": "Lane", "date_of_birth": "1990-01-01"})
    force["officer"].client().post(
        f"/api/v1/episodes/{episode['id']}/found", found_body(whereabouts_withheld=True)
    )
    loaded = Episode.objects.select_related("person").get(pk=episode["id"])

    assert whereabouts_withheld(loaded)
    for kind in KINDS:
        report = redact(full_report(loaded), kind=kind, withheld=True)
        assert "12 Elm Road" not in repr(report)
        if "found_location" in report:
            assert report["found_location"] == WITHHELD
