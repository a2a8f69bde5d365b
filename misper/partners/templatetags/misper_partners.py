"""Template filters of the partner pages."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import template

from misper.core.policy import REPORT_FIELDS
from misper.core.timeutil import local

register = template.Library()

LABELS = {"home_address": "Home address", "age": "Age when missing", "care_home": "Home"}


@register.filter
def report_items(report: dict[str, Any]) -> list[tuple[str, Any]]:
    """A redacted report's fields in the policy's order, labelled for people."""
    items: list[tuple[str, Any]] = []
    for name in REPORT_FIELDS:
        if name in report:
            value = report[name]
            items.append((LABELS.get(name, name.replace("_", " ").capitalize()), readable(value)))
    return items


def readable(value: Any) -> Any:
    """UK dates and times in the force's zone, and choice values in words, for a carer to read."""
    if isinstance(value, list):
        return ", ".join(str(readable(v)) for v in value)
    if isinstance(value, str) and len(value) >= 10 and value[4:5] == "-" and value[7:8] == "-":
        try:
            if len(value) == 10:
                return date.fromisoformat(value).strftime("%d/%m/%Y")
            return local(datetime.fromisoformat(value)).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return value
    if isinstance(value, str) and value.islower() and " " not in value and "_" in value:
        return value.replace("_", " ").capitalize()
    return value
