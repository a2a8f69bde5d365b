"""Template filters for times and durations as a sergeant reads them at 3 a.m."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


@register.filter
def is_choice_group(field: BoundField) -> bool:
    """Radios and multiple checkboxes: shown as a fieldset whose legend is the question."""
    widget = field.field.widget
    return getattr(widget, "input_type", "") == "radio" or (
        getattr(widget, "input_type", "") == "checkbox" and getattr(widget, "allow_multiple_selected", False)
    )


@register.filter
def field_anchor(field: BoundField) -> str:
    """The id an error summary links to: the input itself, or the first option of a group."""
    if is_choice_group(field):
        return f"{field.auto_id}_0"
    return str(field.id_for_label)


@register.filter
def open_review(episode: Any) -> Any:
    """The first review not yet done, from the prefetched reviews (no extra query)."""
    return next((r for r in episode.reviews.all() if r.completed_at is None), None)


@register.filter
def open_tasks(episode: Any) -> list[Any]:
    """The episode's open tasks, soonest first, from the prefetched tasks (no extra query)."""
    return [t for t in episode.tasks.all() if t.status == "open"]


@register.simple_tag(takes_context=True)
def nav(context: dict[str, object], url_name: str, label: str, *also: str) -> SafeString:
    """A navigation link, marked as the current page when this page or one of `also` is shown."""
    from django.urls import reverse

    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    current = getattr(match, "url_name", None) in {url_name, *also}
    marker = mark_safe(' aria-current="page"') if current else ""
    return format_html('<li><a href="{}"{}>{}</a></li>', reverse(url_name), marker, label)


TASK_LABELS = {
    "visit": "Visit",
    "search": "Search",
    "pnc_entry": "PNC entry",
    "ukmpu_notification": "UK Missing Persons Unit told",
    "social_worker": "Social worker told",
    "child_rescue_alert": "Child Rescue Alert considered",
    "prevention_interview": "Prevention interview",
    "return_home_interview": "Return home interview",
    "family_contact": "Family contact",
    "live_meeting": "Live-case meeting",
    "exploitation_referral": "Exploitation referral",
}


@register.filter
def task_label(kind: str) -> str:
    """A task kind as people say it ('pnc_entry' reads 'PNC entry')."""
    return TASK_LABELS.get(kind, kind.replace("_", " ").capitalize())
