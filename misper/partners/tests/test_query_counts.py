"""Pinned query counts of the partner lists: the same for 3 rows as for 30."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client

from misper.core.timeutil import now
from misper.partners.models import (
    CareHome,
    Organisation,
    OrganisationKind,
    PartnerAction,
    PartnerMeeting,
    PartnerNotification,
)
from misper.profiles.models import Profile, ProfileVersion
from misper.profiles.services import RequestInput, report_request_create


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def add_rows(force, start, stop):
    council = Organisation.objects.get(name="Derby City Children's Services")
    meeting = PartnerMeeting.objects.create(
        kind="tactical", period_start=date(2026, 1, 1), period_end=date(2026, 1, 31),
        held_on=date(2026, 2, 1), chair=force["di"].user, created_at=now(),
    )  # fmt: skip
    for i in range(start, stop):
        home = CareHome.objects.create(
            name=f"Home {i}", address="x", provider=council, host_authority=council
        )
        Organisation.objects.create(
            name=f"Force {i}", kind=OrganisationKind.OTHER_FORCE, neighbouring=i % 2 == 0
        )
        profile = Profile.objects.create(
            kind="philomena", given_name=f"C{i}", family_name="X", date_of_birth=date(2012, 1, 1),
            organisation=council, care_home=home, created_at=now(), version=1,
        )  # fmt: skip
        ProfileVersion.objects.create(
            profile=profile, number=1, saved_at=now(), saved_by=force["partner"].user
        )
        report_request_create(
            actor=force["partner"].user, profile=profile,
            data=RequestInput(missing_since=now(), last_seen_location="x", clothing="y"),
        )  # fmt: skip
        PartnerAction.objects.create(
            meeting=meeting, description=f"A{i}", owner_name="n", owner_organisation=council,
            due_on=date.today() + timedelta(days=i),
        )  # fmt: skip
        PartnerMeeting.objects.create(
            kind="strategic", period_start=date(2026, 1, 1), period_end=date(2026, 3, 31),
            held_on=date(2026, 4, 1), chair=force["dci"].user, created_at=now(),
        )  # fmt: skip


def add_notifications(force, make_report, start, stop):
    for i in range(start, stop):
        make_report(
            person={"given_name": f"Child{i}", "family_name": "Hart", "date_of_birth": "2011-04-02"},
            responsible_authority="Derby City Children's Services",
            new_person=True,
        )


def page(user):
    client = Client()
    client.force_login(user)
    return client


# API: token, the user's organisation, the rows. Pages: session, user, organisation, each list once.
READS = [
    ("partner", "/api/v1/partner/notifications", 3),
    ("partner", "/api/v1/partner/profiles", 3),
    ("partner", "/api/v1/partner/actions", 3),
]
PAGES = [
    ("partner", "/partner/", 6),
    ("coordinator", "/directory/", 4),
    ("coordinator", "/partner-meetings/", 3),
    ("call_handler", "/requests/", 3),
    ("partner", "/partner/actions/", 4),
]


@pytest.mark.parametrize(("persona", "url", "queries"), READS)
def test_api_lists_take_the_same_queries_for_3_and_30_rows(
    force, django_assert_num_queries, persona, url, queries
):
    client = force[persona].client()
    for start, stop in ((0, 3), (3, 30)):
        add_rows(force, start, stop)
        _notify(force, start, stop)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(("persona", "url", "queries"), PAGES)
def test_pages_take_the_same_queries_for_3_and_30_rows(
    force, django_assert_num_queries, persona, url, queries
):
    client = page(force[persona].user)
    for start, stop in ((0, 3), (3, 30)):
        add_rows(force, start, stop)
        _notify(force, start, stop)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def _notify(force, start, stop):
    from misper.episodes.models import Episode

    council = Organisation.objects.get(name="Derby City Children's Services")
    episode = Episode.objects.first()
    if episode is None:
        return
    PartnerNotification.objects.bulk_create(
        PartnerNotification(
            organisation=council,
            episode=episode,
            kind="reported",
            sent_at=now(),
            report={"given_name": f"C{i}"},
            justification="j",
            acknowledged_by=force["partner"].user,
            acknowledged_at=now(),
        )
        for i in range(start, stop)
    )
