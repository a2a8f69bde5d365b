"""The analytics pages' inputs: period and subset filters, two periods, a cluster to flag."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django import forms

from misper.analytics.selectors import Filters, make_filters, parse_day, parse_id
from misper.core.timeutil import local, now

PACK_KINDS = {"monthly": 1, "quarterly": 3, "six-monthly": 6}


def filters_from(query: Mapping[str, str], *, prefix: str = "", default_days: int = 365) -> Filters:
    """Filters from a query string; a bad value raises InvalidInput naming the parameter."""
    return make_filters(
        date_from=parse_day(query.get(f"{prefix}from"), field=f"{prefix}from"),
        date_to=parse_day(query.get(f"{prefix}to"), field=f"{prefix}to"),
        cohort=query.get("cohort") or None,
        team_id=parse_id(query.get("team"), field="team"),
        home_id=parse_id(query.get("home"), field="home"),
        default_days=default_days,
    )


def compare_periods(query: Mapping[str, str]) -> tuple[Filters, Filters]:
    """Before and after; by default the last 90 days against the 90 days before them."""
    after = filters_from(query, prefix="after_", default_days=90)
    if not query.get("before_from") and not query.get("before_to"):
        length = after.date_to - after.date_from
        return after.shifted(after.date_from - length, after.date_from), after
    return filters_from(query, prefix="before_", default_days=90), after


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def pack_periods(kind: str, end_month: str | None) -> tuple[Filters, Filters]:
    """The pack's period (whole months ending with `end_month`, default last month) and the one before."""
    from misper.core.errors import InvalidInput

    if kind not in PACK_KINDS:
        raise InvalidInput(f"choose one of {', '.join(PACK_KINDS)}", field="kind")
    months = PACK_KINDS[kind]
    if end_month:
        try:
            last = date.fromisoformat(f"{end_month}-01")
        except ValueError as exc:
            raise InvalidInput(f"{end_month!r} is not a month; use YYYY-MM", field="end") from exc
    else:
        last = add_months(month_start(local(now()).date()), -1)
    end = add_months(last, 1)
    start = add_months(end, -months)
    this = make_filters(date_from=start, date_to=end)
    return make_filters(date_from=add_months(start, -months), date_to=start), this


class FlagClusterForm(forms.Form):
    person_ids = forms.CharField(max_length=2000, widget=forms.HiddenInput)
    note = forms.CharField(
        label="Why refer this cluster",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def clean_person_ids(self) -> list[int]:
        raw = self.cleaned_data["person_ids"]
        try:
            return [int(part) for part in raw.split(",") if part.strip()]
        except ValueError as exc:
            raise forms.ValidationError("not a list of person ids") from exc
