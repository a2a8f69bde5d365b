"""Shared API field types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, PlainSerializer, WithJsonSchema

from misper.core.timeutil import iso


def _text_or_datetime(value: Any) -> Any:
    # Pydantic would read a bare number as Unix seconds; the contract's timestamps are ISO 8601 text.
    if isinstance(value, bool | int | float):
        raise ValueError("give an ISO 8601 timestamp such as 2026-11-20T18:30:00+00:00")
    return value


def _aware(value: datetime) -> datetime:
    # A time without an offset is read as force-local time (Europe/London by default).
    from misper.core.policy import get_policy

    aware = value if value.tzinfo else value.replace(tzinfo=get_policy().tz)
    try:
        # Storing and showing the time converts it to UTC and to force time: both must exist.
        aware.astimezone(UTC).astimezone(get_policy().tz)
    except OverflowError as exc:
        raise ValueError("is outside the range of dates this service can store") from exc
    return aware


def _iso(value: datetime) -> str:
    return iso(value) or ""


Timestamp = Annotated[
    datetime,
    BeforeValidator(_text_or_datetime),
    AfterValidator(_aware),
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
