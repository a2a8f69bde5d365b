"""API: the contract's KPIs (`GET /api/v1/analytics/kpis`), with optional cohort, team and home."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from misper.accounts.models import User
from misper.analytics import selectors

router = Router(tags=["analytics"])


class KpiFilters(Schema):
    from_: date | None = Field(None, alias="from", description="First day, YYYY-MM-DD (force time zone)")
    to: date | None = Field(None, description="Day after the last, YYYY-MM-DD: the period is [from, to)")
    cohort: str | None = Field(None, description="repeat, under_18, looked_after or out_of_area")
    team: int | None = Field(None, description="Team id of the allocated officer")
    home: int | None = Field(None, description="Children's home id of the person")


class KpisOut(Schema):
    period_from: date
    period_to: date
    episodes: int
    persons: int
    mean_minutes_missing: int | None
    median_minutes_missing: int | None
    under18_found_within_12h_pct: float | None
    repeat_episode_pct: float | None
    found: int
    under18_episodes: int
    under18_found_within_24h_pct: float | None
    under18_found_within_48h_pct: float | None


@router.get("/analytics/kpis", response=KpisOut, summary="Key performance figures over a period")
def kpis(request: HttpRequest, filters: Query[KpiFilters]) -> dict[str, object]:
    user: User = request.auth  # type: ignore[attr-defined]
    f = selectors.make_filters(
        date_from=filters.from_,
        date_to=filters.to,
        cohort=filters.cohort,
        team_id=filters.team,
        home_id=filters.home,
    )
    k = selectors.kpis_for_user(user=user, filters=f)
    return {
        "period_from": f.date_from,
        "period_to": f.date_to,
        "episodes": k.episodes,
        "persons": k.persons,
        "mean_minutes_missing": k.mean_minutes_missing,
        "median_minutes_missing": k.median_minutes_missing,
        "under18_found_within_12h_pct": k.under18_found_within_12h_pct,
        "repeat_episode_pct": k.repeat_episode_pct,
        "found": k.found,
        "under18_episodes": k.under18_episodes,
        "under18_found_within_24h_pct": k.under18_within_pct(24),
        "under18_found_within_48h_pct": k.under18_within_pct(48),
    }
