"""Shared API field types."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, PlainSerializer, WithJsonSchema

from misper.core.timeutil import iso


def _aware(value: datetime) -> datetime:
    # A time without an offset is read as force-local time (Europe/London by default).
    from misper.core.policy import get_policy

    return value if value.tzinfo else value.replace(tzinfo=get_policy().tz)


def _iso(value: datetime) -> str:
    return iso(value) or ""


Timestamp = Annotated[
    datetime,
    AfterValidator(_aware),
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
