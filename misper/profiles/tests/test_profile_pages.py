"""The carer's portal: a Philomena profile is saved in versions; bad input gets a clear message, stores
nothing and keeps the carer's other answers on the form."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from misper.core.timeutil import now
from misper.partners.models import CareHome, Organisation
from misper.profiles.models import Profile, ProfileVersion
from misper.profiles.tests.helpers import make_profile


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def carer(force):
    client = Client()
    client.force_login(force["partner"].user)
    return client


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


def form(**overrides):
    data = {
        "given_name": "Amy",
        "family_name": "Hart",
        "date_of_birth": "02/04/2011",
        "q_friends_associates": "Jay from the park, older",
        "q_places_frequented": "Derby bus station",
    }
    data.update(overrides)
    return data


def test_a_carer_saves_a_philomena_profile_with_a_photo(carer):
    response = carer.post(
        "/partner/profiles/new/philomena/", form(photo=SimpleUploadedFile("amy.png", png()))
    )

    assert response.status_code == 302
    version = ProfileVersion.objects.get()
    assert version.number == 1
    assert version.answers["friends_associates"] == "Jay from the park, older"
    assert version.photo


def test_every_save_is_a_new_version_and_keeps_the_last_photo(carer):
    carer.post("/partner/profiles/new/philomena/", form(photo=SimpleUploadedFile("amy.png", png())))
    profile = Profile.objects.get()

    carer.post(f"/partner/profiles/{profile.pk}/edit/", form(q_phones="New phone 2026"))

    versions = list(profile.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].answers["phones"] == "New phone 2026"
    assert versions[1].photo.name == versions[0].photo.name


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"date_of_birth": "01/01/1990"}, "a Philomena profile is for a child under 18"),
        ({"date_of_birth": (now() + timedelta(days=3)).strftime("%d/%m/%Y")}, "cannot be in the future"),
        ({"photo": SimpleUploadedFile("amy.png", b"MZ\x90\x00 not an image")}, "not a photo"),
        (
            {"photo": SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (10 * 1024 * 1024))},
            "larger than 10 MB",
        ),
    ],
    ids=["adult", "born-in-the-future", "not-an-image", "over-10-mb"],
)
def test_bad_input_is_explained_stores_nothing_and_keeps_the_other_answers(carer, overrides, message):
    response = carer.post("/partner/profiles/new/philomena/", form(**overrides))

    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert "Jay from the park, older" in page and "Derby bus station" in page
    assert not Profile.objects.exists()
    assert not ProfileVersion.objects.exists()


def test_the_profile_follows_a_child_who_moves_placement(force, carer):
    council = Organisation.objects.get(name="Derby City Children's Services")
    riverside = Organisation.objects.get(name="Riverside Care Ltd")
    new_home = CareHome.objects.create(name="Ash House", address="2 Ash Road", provider=riverside)
    profile = make_profile(force["partner"].user, responsible_authority=None)
    assert profile.organisation == council

    carer.post(f"/partner/profiles/{profile.pk}/move/", {"care_home": new_home.pk})

    other = force["partner_other"].client()
    assert [p["id"] for p in other.get("/api/v1/partner/profiles").json()] == [profile.pk]
    assert force["partner"].client().get("/api/v1/partner/profiles").json() == []
