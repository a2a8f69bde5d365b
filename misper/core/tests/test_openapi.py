"""The committed OpenAPI document is the one the code generates, and anyone may fetch it."""

from __future__ import annotations

import json

from conftest import ApiClient
from misper.core.management.commands.export_openapi import DEFAULT_PATH, openapi_text


def test_the_committed_openapi_document_matches_the_code():
    committed = DEFAULT_PATH.read_text(encoding="utf-8") if DEFAULT_PATH.exists() else ""

    assert committed == openapi_text(), (
        "docs/openapi.json is out of date with the API: run "
        "`.venv/bin/python manage.py export_openapi` and commit the result"
    )


def test_the_openapi_document_is_served_without_a_token(db):
    response = ApiClient(None).get("/api/v1/openapi.json")

    assert response.status_code == 200
    served = response.json()
    assert served == json.loads(openapi_text())
    assert "/api/v1/reports" in served["paths"]
    assert "/api/v1/episodes/{episode_id}/found" in served["paths"]
