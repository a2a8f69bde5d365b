"""API of the daily tasking meeting (contract: GET /api/v1/briefings/daily)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from misper.briefings.selectors import daily_ids

router = Router(tags=["briefings"])


class DailyQuery(Schema):
    date: dt.date | None = Field(None, description="YYYY-MM-DD; default today (force time zone)")


class DailyOut(Schema):
    date: dt.date
    new_episodes: list[int]
    open_high_risk: list[int]
    overdue_reviews: list[int]
    overdue_tasks: list[int]
    repeat_triggers: list[int]


@router.get("/briefings/daily", response=DailyOut, summary="The daily tasking meeting's lists")
def daily(request: HttpRequest, params: Query[DailyQuery]) -> dict[str, object]:
    ids = daily_ids(user=request.auth, day=params.date)  # type: ignore[attr-defined]
    return {
        "date": ids.day,
        "new_episodes": ids.new_episodes,
        "open_high_risk": ids.open_high_risk,
        "overdue_reviews": ids.overdue_reviews,
        "overdue_tasks": ids.overdue_tasks,
        "repeat_triggers": ids.repeat_triggers,
    }
