"""Profiles made through the real service, as a carer would."""

from __future__ import annotations

from datetime import date
from typing import Any

from misper.partners.models import Organisation
from misper.profiles.models import Profile
from misper.profiles.services import ProfileInput, profile_create

AMY_DOB = date(2011, 4, 2)  # the child of conftest.report_body


def make_profile(user: Any, **overrides: Any) -> Profile:
    values: dict[str, Any] = {
        "kind": "philomena",
        "given_name": "Amy",
        "family_name": "Hart",
        "date_of_birth": AMY_DOB,
        "responsible_authority": Organisation.objects.get(name="Derby City Children's Services"),
        "answers": {"description": "Small, long dark hair", "friends_associates": "Jay, older"},
    }
    values.update(overrides)
    return profile_create(actor=user, data=ProfileInput(**values))
