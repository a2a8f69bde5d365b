"""Template filters for times and durations as a sergeant reads them at 3 a.m."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from misper.core.timeutil import now, whole_minutes

register = template.Library()


def human_minutes(minutes: int) -> str:
    days, rest = divmod(max(minutes, 0), 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {mins:02d} min"
    return f"{mins} min"


@register.filter
def duration_since(value: datetime | None, until: datetime | None = None) -> str:
    if value is None:
        return ""
    return human_minutes(whole_minutes((until or now()) - value))


@register.filter
def due_label(value: datetime | None) -> SafeString | str:
    """'overdue by 2 h 10 min' in red, or 'due in 40 min'."""
    if value is None:
        return ""
    minutes = whole_minutes(value - now())
    if minutes < 0:
        return format_html('<strong class="overdue">overdue by {}</strong>', human_minutes(-minutes))
    return f"due in {human_minutes(minutes)}"


@register.filter
def is_past(value: datetime | None) -> bool:
    return value is not None and value < now()
