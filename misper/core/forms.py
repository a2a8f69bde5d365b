"""Form helpers shared by the pages: UK dates and times, and domain errors shown on the right field."""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms

from misper.core.errors import DomainError
from misper.core.policy import get_policy

UK_DATE = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
TIME = ["%H:%M", "%H.%M", "%H%M"]


class UKDateField(forms.DateField):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", UK_DATE)
        kwargs.setdefault(
            "error_messages", {"invalid": "Enter a real date as dd/mm/yyyy, for example 02/04/2011"}
        )
        widget = forms.TextInput(
            attrs={"inputmode": "numeric", "placeholder": "dd/mm/yyyy", "autocomplete": "off"}
        )
        kwargs.setdefault("widget", widget)
        super().__init__(**kwargs)  # type: ignore[arg-type]


class TimeOfDayField(forms.TimeField):
    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", TIME)
        kwargs.setdefault(
            "error_messages", {"invalid": "Enter a time as hh:mm on the 24-hour clock, e.g. 21:05"}
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "hh:mm"}))
        super().__init__(**kwargs)  # type: ignore[arg-type]


def combine_local(day: date, at: time) -> datetime:
    """A date and a time typed in the force's time zone, as an aware datetime."""
    return datetime.combine(day, at, tzinfo=get_policy().tz)


def attach_domain_error(form: forms.Form, exc: DomainError, field_map: dict[str, str] | None = None) -> None:
    """Show a service's error beside the form field it names, or at the top when it names none."""
    name = (field_map or {}).get(exc.field or "", exc.field or "")
    name = name.removeprefix("person.")
    form.add_error(name if name in form.fields else None, exc.message)
