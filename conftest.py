"""Shared fixtures: a small force with a persona for every role, created through the real services."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from misper.accounts.models import Role, Team, User
from misper.accounts.services import api_token_create, organisation_get_or_create, user_create
from misper.core.timeutil import now
from misper.partners.models import OrganisationKind


@dataclass
class Persona:
    user: User
    token: str

    def client(self) -> ApiClient:
        return ApiClient(self.token)


class ApiClient:
    """A JSON client that sends a bearer token."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params, headers=self.headers)

    def post(self, path: str, body: Any = None, raw: str | None = None) -> Any:
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.post(path, data, content_type="application/json", headers=self.headers)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _huey_runs_jobs_at_once() -> None:
    # Jobs (email after commit) run in the test's own process, against Django's test mail outbox,
    # instead of piling up in the data folder's queue for a consumer that never comes.
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


@pytest.fixture
def force(db: None) -> dict[str, Persona]:
    """One DS team of two officers, a DI, a DCI and one user of every other role."""
    team = Team.objects.create(name="DS Team A")
    council = organisation_get_or_create(
        name="Derby City Children's Services", kind=OrganisationKind.CHILDRENS_SERVICES
    )
    other = organisation_get_or_create(name="Riverside Care Ltd", kind=OrganisationKind.CARE_PROVIDER)
    specs: list[tuple[str, str, Team | None, Any]] = [
        ("dci", Role.DCI, None, None),
        ("di", Role.DI, None, None),
        ("ds", Role.DS, team, None),
        ("officer", Role.OFFICER, team, None),
        ("officer2", Role.OFFICER, team, None),
        ("analyst", Role.ANALYST, None, None),
        ("intel", Role.INTEL, None, None),
        ("coordinator", Role.COORDINATOR, None, None),
        ("call_handler", Role.CALL_HANDLER, None, None),
        ("partner", Role.PARTNER, None, council),
        ("partner_other", Role.PARTNER, None, other),
        ("admin", Role.ADMIN, None, None),
    ]
    personas = {}
    for username, role, member_of, organisation in specs:
        user = user_create(
            username=username,
            role=role,
            team=member_of,
            organisation=organisation,
            password="correct horse battery",  # noqa: S106 - test persona
            first_name=username.title(),
            last_name="Test",
        )
        personas[username] = Persona(user=user, token=api_token_create(user=user)[1])
    return personas


def report_body(**overrides: Any) -> dict[str, Any]:
    reported = now() - timedelta(minutes=30)
    body: dict[str, Any] = {
        "person": {
            "given_name": "Amy",
            "family_name": "Hart",
            "date_of_birth": "2011-04-02",
            "sex": "female",
            "postcode": "DE1 1AA",
        },
        "missing_since": (reported - timedelta(hours=2)).isoformat(),
        "reported_at": reported.isoformat(),
        "last_seen_location": "Market Place, Derby",
        "circumstances": "Left the children's home after an argument.",
        "risk_grade": "high",
        "care_status": "childrens_home",
    }
    body.update(overrides)
    return body


@pytest.fixture
def make_report(force: dict[str, Persona]) -> Callable[..., dict[str, Any]]:
    def make(as_user: str = "call_handler", **overrides: Any) -> dict[str, Any]:
        response = force[as_user].client().post("/api/v1/reports", report_body(**overrides))
        assert response.status_code == 201, response.content
        return response.json()  # type: ignore[no-any-return]

    return make


def at(value: datetime) -> str:
    return value.isoformat()
