"""Set-up shared by the partner tests: reports made through the real API, as a control room would."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from conftest import report_body
from misper.core.timeutil import now

COUNCIL = "Derby City Children's Services"


def child_report(make_report: Any, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"responsible_authority": COUNCIL}
    body.update(overrides)
    return make_report(**body)  # type: ignore[no-any-return]


def found_body(**overrides: Any) -> dict[str, Any]:
    body = {"found_at": (now() - timedelta(minutes=5)).isoformat(), "found_location": "12 Elm Road, Derby"}
    body.update(overrides)
    return body


def adult_person() -> dict[str, Any]:
    return {**report_body()["person"], "given_name": "Alan", "date_of_birth": "1970-01-01"}
