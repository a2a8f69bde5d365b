"""Time helpers: the force's time zone and whole-minute durations."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone

from misper.core.policy import get_policy


def now() -> datetime:
    return timezone.now()


def local(value: datetime) -> datetime:
    return value.astimezone(get_policy().tz)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with an explicit offset, in the force's time zone."""
    return local(value).isoformat() if value is not None else None


def whole_minutes(delta: timedelta) -> int:
    return int(delta.total_seconds() // 60)


def age_on(date_of_birth: date | None, on: date) -> int | None:
    if date_of_birth is None:
        return None
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def local_day_start(day: date) -> datetime:
    """Midnight of a calendar day in the force's time zone, as an aware datetime."""
    return datetime(day.year, day.month, day.day, tzinfo=get_policy().tz)
