"""Reads of analytics, knowing the user: the contract's KPIs, the dashboard's tables, before-and-after.

Every figure is computed from the fact table (`models.EpisodeFact`) with SQL aggregates, in a fixed
number of queries whatever the period; the table is brought up to date first (`facts_refresh`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from misper.accounts.models import Team, User
from misper.analytics import network, priors, stats
from misper.analytics.models import EpisodeFact, Place
from misper.analytics.permissions import require_dashboards, require_network
from misper.analytics.services import facts_refresh, return_home_interview_model
from misper.audit.services import audit_consultations
from misper.core.errors import InvalidInput
from misper.core.policy import get_policy
from misper.core.timeutil import local, local_day_start, now
from misper.episodes.cohorts import COHORTS, check_cohort
from misper.episodes.models import Episode, Grade
from misper.episodes.selectors import episode_get_for_user
from misper.partners.models import CareHome
from misper.people.models import Person

HOUR = 3600
# NCA 2022-23 (domain section 4): children found within 24 h and 48 h.
NATIONAL_CHILD_WITHIN = {24: 79.0, 48: 90.0}
GRADE_ORDER = [Grade.HIGH, Grade.MEDIUM, Grade.LOW, Grade.NO_APPARENT_RISK]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TOP_PLACES = 10


# ---- filters ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """A period [date_from, date_to) in the force's time zone and optional subsets."""

    date_from: date
    date_to: date
    cohort: str | None = None
    team_id: int | None = None
    home_id: int | None = None

    @property
    def start(self) -> datetime:
        return local_day_start(self.date_from)

    @property
    def end(self) -> datetime:
        return local_day_start(self.date_to)

    @property
    def end_inclusive(self) -> date:
        return self.date_to - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days

    @property
    def is_subset(self) -> bool:
        return bool(self.cohort or self.team_id or self.home_id)

    def shifted(self, date_from: date, date_to: date) -> Filters:
        return Filters(date_from, date_to, self.cohort, self.team_id, self.home_id)

    def as_query(self) -> dict[str, str]:
        query = {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}
        for key, value in (("cohort", self.cohort), ("team", self.team_id), ("home", self.home_id)):
            if value:
                query[key] = str(value)
        return query


def parse_day(value: str | None, *, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidInput(f"{value!r} is not a date; use YYYY-MM-DD", field=field) from exc


def parse_id(value: str | None, *, field: str) -> int | None:
    if not value:
        return None
    if not value.strip().isdigit():
        raise InvalidInput(f"{value!r} is not an id", field=field)
    return int(value)


def make_filters(
    *,
    date_from: date | None,
    date_to: date | None,
    cohort: str | None = None,
    team_id: int | None = None,
    home_id: int | None = None,
    default_days: int = 365,
) -> Filters:
    """Validated filters; a missing end is tomorrow (so today counts), a missing start a year before."""
    date_to = date_to or local(now()).date() + timedelta(days=1)
    date_from = date_from or date_to - timedelta(days=default_days)
    if date_to <= date_from:
        raise InvalidInput("the period must end after it starts: `to` must be after `from`", field="to")
    if (date_to - date_from).days > 366 * 20:
        raise InvalidInput("a period may span at most 20 years", field="from")
    return Filters(date_from, date_to, check_cohort(cohort), team_id, home_id)


def facts_in(f: Filters) -> QuerySet[EpisodeFact]:
    facts = EpisodeFact.objects.filter(missing_since__gte=f.start, missing_since__lt=f.end).order_by()
    if f.cohort == "repeat":
        facts = facts.filter(repeat_cohort=True)
    elif f.cohort == "under_18":
        facts = facts.filter(under_18=True)
    elif f.cohort == "looked_after":
        facts = facts.filter(looked_after=True)
    elif f.cohort == "out_of_area":
        facts = facts.filter(out_of_area=True)
    if f.team_id:
        facts = facts.filter(team_id=f.team_id)
    if f.home_id:
        facts = facts.filter(care_home_id=f.home_id)
    return facts


# ---- the contract's KPIs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Kpis:
    episodes: int
    persons: int
    found: int
    mean_minutes_missing: int | None
    median_minutes_missing: int | None
    under18_episodes: int
    under18_found_within: dict[int, int]
    repeat_episodes: int
    durations: dict[int, int] = field(repr=False)

    def under18_within_pct(self, hours: int) -> float | None:
        return stats.pct(self.under18_found_within[hours], self.under18_episodes)

    @property
    def under18_found_within_12h_pct(self) -> float | None:
        return self.under18_within_pct(12)

    @property
    def repeat_episode_pct(self) -> float | None:
        return stats.pct(self.repeat_episodes, self.episodes)


def _within(hours: int) -> Q:
    return Q(under_18=True, found_after_report_seconds__lte=hours * HOUR)


def kpi_figures(f: Filters) -> Kpis:
    """One scan grouped by whole minutes missing: the histogram gives the exact median."""
    facts = facts_in(f)
    first_in_period = Q(prev_missing_since__isnull=True) | Q(prev_missing_since__lt=f.start)
    rows = facts.values_list("minutes_missing").annotate(
        n=Count("pk"),
        first=Count("pk", filter=first_in_period),
        repeat=Count("pk", filter=Q(is_repeat=True)),
        u18=Count("pk", filter=Q(under_18=True)),
        u12=Count("pk", filter=_within(12)),
        u24=Count("pk", filter=_within(24)),
        u48=Count("pk", filter=_within(48)),
    )
    totals = [0] * 7
    durations: dict[int, int] = {}
    for minutes, *counts in rows:
        totals = [t + c for t, c in zip(totals, counts, strict=True)]
        if minutes is not None:
            durations[minutes] = counts[0]
    episodes, first, repeat, u18, u12, u24, u48 = totals
    if f.is_subset:
        # A person's previous episode may lie outside the subset: count them directly.
        first = facts.aggregate(n=Count("person_id", distinct=True))["n"]
    found = sum(durations.values())
    total_minutes = sum(m * n for m, n in durations.items())
    return Kpis(
        episodes=episodes,
        persons=first,
        found=found,
        mean_minutes_missing=total_minutes // found if found else None,
        median_minutes_missing=stats.median_of_histogram(durations),
        under18_episodes=u18,
        under18_found_within={12: u12, 24: u24, 48: u48},
        repeat_episodes=repeat,
        durations=durations,
    )


def kpis_for_user(*, user: User, filters: Filters) -> Kpis:
    require_dashboards(user)
    facts_refresh()
    return kpi_figures(filters)


# ---- dashboard tables ------------------------------------------------------------------------------


@dataclass
class Table:
    """A titled table: what a chart shows, for screen readers and for export."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[object]]
    note: str = ""
    chart: str = ""  # which chart draws it (charts.py); empty for a table alone


@dataclass
class Dashboard:
    filters: Filters
    kpis: Kpis
    tables: dict[str, Table]


def dashboard_for_user(*, user: User, filters: Filters) -> Dashboard:
    require_dashboards(user)
    facts_refresh()
    return dashboard_figures(filters)


def dashboard_figures(f: Filters) -> Dashboard:
    """Every table of the dashboard from one narrow read of the period's fact rows, counted in Python
    (one scan instead of a GROUP BY per table; the KPIs are the same as `kpi_figures`, exactly)."""
    rows = _period_rows(f)
    k = _kpis_of(f, rows)
    tables = [
        _headline(k),
        _over_time(f, rows),
        _found_within(k),
        _one_off_repeat(k),
        _risk_mix(rows),
        _reviews(rows),
        _interviews(rows),
        _allocation(rows),
        _homes(rows),
        *_places(rows),
        _heat_map(rows),
        _distance(rows),
    ]
    return Dashboard(filters=f, kpis=k, tables={t.slug: t for t in tables})


# Bits of the packed `flags` column read by `_period_rows`.
UNDER_18, REPEAT, FIRST, REVIEW_IN_TIME, PI_IN_TIME, RHI_IN_TIME = 1, 2, 4, 8, 16, 32
WITHIN_SHIFT, GRADE_SHIFT, ROLE_SHIFT = 6, 8, 11  # within 12/24/48 h (2 bits), grade, review role
ROW_COLUMNS = (
    "person_id",
    "day",
    "slot",
    "minutes_missing",
    "flags",
    "allocation_minutes",
    "care_home_id",
    "last_seen_place_id",
    "found_place_id",
    "distance_km",
)
DAY_SQL = {
    "sqlite": "CAST(julianday(local_day) - 2440587.5 AS INTEGER)",
    "postgresql": "(local_day - DATE '1970-01-01')",
}
EPOCH_DAY = date(1970, 1, 1)


class Rows:
    """The period's fact rows as a float matrix (NULL as NaN; ids, counts and minutes are exact in a
    double), one column per `ROW_COLUMNS`, small facts packed into integer `flags`."""

    def __init__(self, matrix: np.ndarray, roles: list[str]) -> None:
        self.matrix = matrix
        self.roles = roles
        self.flags = matrix[:, ROW_COLUMNS.index("flags")].astype(np.int64)

    @property
    def n(self) -> int:
        return len(self.matrix)

    def column(self, name: str) -> np.ndarray:
        column: np.ndarray = self.matrix[:, ROW_COLUMNS.index(name)]
        return column

    def has(self, bit: int) -> np.ndarray:
        return np.asarray((self.flags & bit) != 0, dtype=bool)

    def field(self, shift: int, bits: int = 3) -> np.ndarray:
        return np.asarray((self.flags >> shift) & ((1 << bits) - 1))


def _bit(q: Q, bit: int) -> Case:
    return Case(When(q, then=Value(bit)), default=Value(0), output_field=IntegerField())


def _code(field: str, values: list[str], shift: int) -> Case:
    whens = [When(**{field: v}, then=Value((i + 1) << shift)) for i, v in enumerate(values)]
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _period_rows(f: Filters) -> Rows:
    limit = get_policy().deadlines.return_home_interview_minutes
    roles: list[str] = sorted({str(rule.role) for rule in get_policy().review.values()})
    within = Case(
        *[
            When(_within(hours), then=Value(code << WITHIN_SHIFT))
            for code, hours in ((1, 12), (2, 24), (3, 48))
        ],
        default=Value(0),
        output_field=IntegerField(),
    )
    flags = (
        _bit(Q(under_18=True), UNDER_18)
        + _bit(Q(is_repeat=True), REPEAT)
        + _bit(Q(prev_missing_since__isnull=True) | Q(prev_missing_since__lt=f.start), FIRST)
        + _bit(Q(review_in_time=True), REVIEW_IN_TIME)
        + _bit(Q(interview_minutes__lte=limit), PI_IN_TIME)
        + _bit(Q(rhi_minutes__lte=limit, under_18=True), RHI_IN_TIME)
        + within
        + _code("risk_grade", [g.value for g in GRADE_ORDER], GRADE_SHIFT)
        + _code("review_role", roles, ROLE_SHIFT)
    )
    query = (
        facts_in(f)
        .annotate(
            # A constant of this module per database vendor, no input in it.
            day=RawSQL(DAY_SQL[connection.vendor], [], output_field=IntegerField()),  # noqa: S611
            slot=F("weekday") * 24 + F("hour"),
            flags=flags,
        )
        .values_list(*ROW_COLUMNS)
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        # Raw numbers straight into numpy: Django's per-value converters would cost more than the counting.
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    matrix = np.array(fetched, dtype=np.float64).reshape(len(fetched), len(ROW_COLUMNS))
    return Rows(matrix, roles)


def _histogram(values: np.ndarray) -> dict[int, int]:
    """{value: count} of the non-NULL whole numbers."""
    known = values[~np.isnan(values)]
    distinct, counts = np.unique(known, return_counts=True)
    return dict(zip(distinct.astype(np.int64).tolist(), counts.tolist(), strict=True))


def _kpis_of(f: Filters, rows: Rows) -> Kpis:
    """`kpi_figures` over rows already read (same definitions, same integers)."""
    durations = _histogram(rows.column("minutes_missing"))
    # In a subset a person's previous episode may lie outside it: count them directly.
    persons = len(np.unique(rows.column("person_id"))) if f.is_subset else int(rows.has(FIRST).sum())
    within = rows.field(WITHIN_SHIFT, 2)
    found = sum(durations.values())
    total_minutes = sum(m * n for m, n in durations.items())
    return Kpis(
        episodes=rows.n,
        persons=persons,
        found=found,
        mean_minutes_missing=total_minutes // found if found else None,
        median_minutes_missing=stats.median_of_histogram(durations),
        under18_episodes=int(rows.has(UNDER_18).sum()),
        under18_found_within={
            hours: int(((within > 0) & (within <= code)).sum()) for code, hours in ((1, 12), (2, 24), (3, 48))
        },
        repeat_episodes=int(rows.has(REPEAT).sum()),
        durations=durations,
    )


def hours_text(minutes: int | None) -> str:
    if minutes is None:
        return "n/a"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _headline(k: Kpis) -> Table:
    rows: list[list[object]] = [
        ["Episodes (incidents)", k.episodes],
        ["People", k.persons],
        ["Found so far", k.found],
        ["Mean time missing (found)", hours_text(k.mean_minutes_missing)],
        ["Median time missing (found)", hours_text(k.median_minutes_missing)],
        ["Under-18 episodes", k.under18_episodes],
        ["Under-18s found within 12 h of report (%)", k.under18_found_within_12h_pct],
        ["Episodes by someone missing before (%)", k.repeat_episode_pct],
    ]
    return Table("headline", "Headline figures", ["Figure", "Value"], rows)


def _bucket(f: Filters) -> tuple[str, int]:
    if f.days <= 62:
        return "day", 1
    if f.days <= 400:
        return "week", 7
    return "month", 0


def _over_time(f: Filters, rows: Rows) -> Table:
    unit, _ = _bucket(f)
    days = rows.column("day").astype(np.int64)
    children = rows.has(UNDER_18)
    counts: Counter[date] = Counter()
    child_counts: Counter[date] = Counter()
    distinct, inverse = np.unique(days, return_inverse=True)
    per_day = np.bincount(inverse.ravel(), minlength=len(distinct))
    children_per_day = np.bincount(inverse.ravel(), weights=children, minlength=len(distinct))
    for day, n, u18 in zip(distinct.tolist(), per_day.tolist(), children_per_day.tolist(), strict=True):
        start = _bucket_start(EPOCH_DAY + timedelta(days=day), unit)
        counts[start] += n
        child_counts[start] += int(u18)
    day = _bucket_start(f.date_from, unit)
    table: list[list[object]] = []
    while day < f.date_to:
        table.append([day.isoformat(), counts[day], child_counts[day]])
        day = _next_bucket(day, unit)
    return Table(
        "over_time",
        f"Episodes per {unit}",
        [f"{unit.title()} starting", "Episodes", "Under-18 episodes"],
        table,
        chart="line",
    )


def _bucket_start(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next_bucket(day: date, unit: str) -> date:
    if unit == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=7 if unit == "week" else 1)


def _found_within(k: Kpis) -> Table:
    rows: list[list[object]] = []
    for hours in (12, 24, 48):
        national = NATIONAL_CHILD_WITHIN.get(hours)
        rows.append([f"Within {hours} h", k.under18_within_pct(hours), national])
    return Table(
        "found_within",
        "Under-18s found within 12, 24 and 48 hours of the report, beside the national figures",
        ["Found", "This force (%)", "England and Wales, children (%)"],
        rows,
        note="National: NCA UK Missing Persons Unit 2022-23 (79% within 24 h, 90% within 48 h). "
        "Not yet found counts as not within.",
        chart="grouped_bar",
    )


def _one_off_repeat(k: Kpis) -> Table:
    first_time = k.episodes - k.repeat_episodes
    rows: list[list[object]] = [
        ["First known episode", first_time, stats.pct(first_time, k.episodes)],
        ["Missing before (repeat)", k.repeat_episodes, k.repeat_episode_pct],
    ]
    return Table(
        "one_off_repeat",
        "One-off and repeat episodes",
        ["Episode", "Episodes", "Share (%)"],
        rows,
        chart="bar",
    )


def _risk_mix(rows: Rows) -> Table:
    grades = rows.field(GRADE_SHIFT)
    counts = {g.value: int((grades == i + 1).sum()) for i, g in enumerate(GRADE_ORDER)}
    total = rows.n
    table: list[list[object]] = [
        [g.label, counts[g.value], stats.pct(counts[g.value], total)] for g in GRADE_ORDER
    ]
    return Table("risk_mix", "Risk grade at report", ["Grade", "Episodes", "Share (%)"], table, chart="bar")


def _reviews(rows: Rows) -> Table:
    policy = get_policy()
    roles = rows.field(ROLE_SHIFT)
    in_time = rows.has(REVIEW_IN_TIME)
    table: list[list[object]] = []
    for grade, rule in policy.review.items():
        of_role = roles == rows.roles.index(rule.role) + 1
        due, done = int(of_role.sum()), int((of_role & in_time).sum())
        table.append(
            [
                f"{rule.role.upper()} review of {grade} risk",
                f"{rule.due_minutes // 60} h",
                due,
                done,
                stats.pct(done, due),
            ]
        )
    return Table(
        "reviews",
        "Supervisor reviews completed within the policy time",
        ["Review", "Policy time", "Reviews due", "Within time", "Within time (%)"],
        table,
        chart="bar_pct",
    )


def _interviews(rows: Rows) -> Table:
    limit = get_policy().deadlines.return_home_interview_minutes
    found_mask = ~np.isnan(rows.column("minutes_missing"))
    found = int(found_mask.sum())
    found_u18 = int((found_mask & rows.has(UNDER_18)).sum())
    pi = int(rows.has(PI_IN_TIME).sum())
    rhi = int(rows.has(RHI_IN_TIME).sum())
    table: list[list[object]] = [
        ["Prevention interview (all found)", found, pi, stats.pct(pi, found)],
    ]
    note = f"Within {limit // 60} h of being found."
    if return_home_interview_model() is not None:
        table.append(["Return home interview (children found)", found_u18, rhi, stats.pct(rhi, found_u18)])
    else:
        note += " Return home interviews are not recorded in this system yet, so they are not shown."
    return Table(
        "interviews",
        f"Interviews within {limit // 60} hours of return",
        ["Interview", "Found", "Within time", "Within time (%)"],
        table,
        note=note,
    )


def _allocation(rows: Rows) -> Table:
    hist = _histogram(rows.column("allocation_minutes"))
    total = sum(hist.values())
    within = sum(n for m, n in hist.items() if m <= 60)
    table: list[list[object]] = [
        ["Episodes allocated", total],
        ["Median minutes from report to allocation", stats.median_of_histogram(hist)],
        ["90th percentile (minutes)", stats.percentile_of_histogram(dict(hist.items()), 0.9)],
        ["Allocated within an hour (%)", stats.pct(within, total)],
    ]
    return Table("allocation", "Time from report to allocation", ["Figure", "Value"], table)


def _ranked(values: np.ndarray) -> list[tuple[int, int]]:
    """(id, count) of the non-NULL ids, most frequent first, then by id (as ORDER BY -n, id)."""
    counts = _histogram(values)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _homes(rows: Rows) -> Table:
    homes = rows.column("care_home_id")
    counts = _ranked(homes)
    known = ~np.isnan(homes)
    pairs = np.unique(np.stack([homes[known], rows.column("person_id")[known]]), axis=1)
    people = _histogram(pairs[0])
    names = dict(CareHome.objects.filter(pk__in=[h for h, _ in counts]).values_list("pk", "name"))
    table: list[list[object]] = [[names.get(h, f"Home {h}"), n, people[h]] for h, n in counts]
    return Table(
        "homes",
        "Episodes per children's home",
        ["Children's home", "Episodes", "Children"],
        table,
        chart="hbar",
    )


def _places(rows: Rows) -> list[Table]:
    seen = _ranked(rows.column("last_seen_place_id"))[:TOP_PLACES]
    found = _ranked(rows.column("found_place_id"))[:TOP_PLACES]
    names = dict(Place.objects.filter(pk__in=[p for p, _ in seen + found]).values_list("pk", "name"))
    return [
        Table(
            "places_from",
            "Top places missing from",
            ["Place", "Episodes"],
            [[names.get(p, "?"), n] for p, n in seen],
            chart="hbar",
        ),
        Table(
            "places_found",
            "Top places found at",
            ["Place", "Episodes"],
            [[names.get(p, "?"), n] for p, n in found],
            chart="hbar",
        ),
    ]


def _heat_map(rows: Rows) -> Table:
    grid = np.bincount(rows.column("slot").astype(np.int64), minlength=7 * 24)
    table: list[list[object]] = [[WEEKDAYS[w], *grid[w * 24 : w * 24 + 24].tolist()] for w in range(7)]
    return Table(
        "heat_map",
        "When people go missing: hour of day by day of week",
        ["Day", *[f"{h:02d}" for h in range(24)]],
        table,
        note="Force time; hour at which the person went missing.",
        chart="heat",
    )


def _distance(rows: Rows) -> Table:
    found = int((~np.isnan(rows.column("found_place_id"))).sum())
    distances = rows.column("distance_km")
    hist = Counter(round(d, 1) for d in distances[~np.isnan(distances)].tolist())
    known = sum(hist.values())
    within5 = sum(n for d, n in hist.items() if d <= 5)
    table: list[list[object]] = [
        ["Found with both places on the map", known],
        ["Found, place recorded", found],
        ["Median distance (km)", stats.percentile_of_histogram(hist, 0.5)],
        ["90th percentile (km)", stats.percentile_of_histogram(hist, 0.9)],
        ["Found within 5 km (%)", stats.pct(within5, known)],
    ]
    return Table(
        "distance",
        "Distance from last seen to found",
        ["Figure", "Value"],
        table,
        note="Straight-line distance, only where both places have coordinates in the gazetteer.",
    )


# ---- choices for the filter form --------------------------------------------------------------------


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    return {
        "cohort": [("", "All episodes"), *[(c, c.replace("_", " ")) for c in COHORTS]],
        "team": [("", "All teams"), *[(str(pk), n) for pk, n in Team.objects.values_list("pk", "name")]],
        "home": [("", "All homes"), *[(str(pk), n) for pk, n in CareHome.objects.values_list("pk", "name")]],
    }


# ---- before and after ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    figure: str
    before: str
    after: str
    change: str
    interval: str
    p_value: str
    test: str
    sentence: str


@dataclass
class CompareResult:
    before: Filters
    after: Filters
    rows: list[Comparison]

    def table(self) -> Table:
        return Table(
            "compare",
            f"{_period(self.before)} compared with {_period(self.after)}",
            ["Figure", "Before", "After", "Change", "95% confidence interval", "p", "Test", "In words"],
            [
                [r.figure, r.before, r.after, r.change, r.interval, r.p_value, r.test, r.sentence]
                for r in self.rows
            ],
        )


def _period(f: Filters) -> str:
    return f"{f.date_from:%d/%m/%Y} to {f.date_to - timedelta(days=1):%d/%m/%Y}"


def compare_for_user(*, user: User, before: Filters, after: Filters) -> CompareResult:
    require_dashboards(user)
    facts_refresh()
    return compare_figures(before, after)


def compare_figures(before: Filters, after: Filters) -> CompareResult:
    a, b = kpi_figures(before), kpi_figures(after)
    ra, rb = _compliance(before), _compliance(after)
    rows = [
        _rate_row("Episodes per day", a.episodes, before.days, b.episodes, after.days),
        _duration_row(a, b),
        _share_row(
            "Under-18s found within 12 h",
            a.under18_found_within[12],
            a.under18_episodes,
            b.under18_found_within[12],
            b.under18_episodes,
            higher_is_better=True,
        ),
        _share_row(
            "Under-18s found within 24 h",
            a.under18_found_within[24],
            a.under18_episodes,
            b.under18_found_within[24],
            b.under18_episodes,
            higher_is_better=True,
        ),
        _share_row(
            "Episodes by someone missing before",
            a.repeat_episodes,
            a.episodes,
            b.repeat_episodes,
            b.episodes,
            higher_is_better=False,
        ),
        _share_row("Reviews within policy time", ra[0], ra[1], rb[0], rb[1], higher_is_better=True),
        _share_row("Prevention interviews within 72 h", ra[2], ra[3], rb[2], rb[3], higher_is_better=True),
    ]
    return CompareResult(before=before, after=after, rows=rows)


def _compliance(f: Filters) -> tuple[int, int, int, int]:
    limit = get_policy().deadlines.return_home_interview_minutes
    x = facts_in(f).aggregate(
        rin=Count("pk", filter=Q(review_in_time=True)),
        rdue=Count("pk", filter=Q(review_in_time__isnull=False)),
        pin=Count("pk", filter=Q(interview_minutes__lte=limit)),
        found=Count("pk", filter=Q(minutes_missing__isnull=False)),
    )
    return x["rin"], x["rdue"], x["pin"], x["found"]


def _p(p: float | None) -> str:
    if p is None:
        return "n/a"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _signed(value: float | None, unit: str, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:+.{digits}f}{unit}"


def _share_row(name: str, x1: int, n1: int, x2: int, n2: int, *, higher_is_better: bool) -> Comparison:
    r = stats.two_proportions(x1, n1, x2, n2)
    p1, p2 = stats.pct(x1, n1), stats.pct(x2, n2)
    if r.difference is None:
        sentence = "Too few cases in one of the periods to compare."
    else:
        shown = round(r.difference, 1)
        better = (shown > 0) == higher_is_better
        if shown == 0:
            sentence = f"{name} stayed at about {p2}%."
        else:
            sentence = (
                f"{name} {'rose' if shown > 0 else 'fell'} from {p1}% to {p2}% ({abs(shown):.1f} points"
                f"{_judgement(shown, better)}); a change this size {stats.verdict(r.p_value)}."
            )
    return Comparison(
        name,
        f"{p1}% of {n1}" if p1 is not None else "n/a",
        f"{p2}% of {n2}" if p2 is not None else "n/a",
        _signed(r.difference, " points"),
        f"{_signed(r.low, '')} to {_signed(r.high, '')} points" if r.low is not None else "n/a",
        _p(r.p_value),
        r.test,
        sentence,
    )


def _judgement(difference: float, better: bool) -> str:
    if not difference:
        return ""
    return ", an improvement" if better else ", a deterioration"


def _rate_row(name: str, c1: int, d1: int, c2: int, d2: int) -> Comparison:
    r = stats.poisson_rates(c1, d1, c2, d2)
    rate1, rate2 = c1 / d1 if d1 else 0, c2 / d2 if d2 else 0
    if r.difference is None:
        sentence = "Too few episodes in one of the periods to compare."
    else:
        sentence = (
            f"Episodes went from {rate1:.1f} to {rate2:.1f} a day ({r.difference:+.0f}%); "
            f"a change this size {stats.verdict(r.p_value)}."
        )
    return Comparison(
        name,
        f"{rate1:.1f} ({c1})",
        f"{rate2:.1f} ({c2})",
        _signed(r.difference, "%", 0),
        f"{_signed(r.low, '%', 0)} to {_signed(r.high, '%', 0)}" if r.low is not None else "n/a",
        _p(r.p_value),
        r.test,
        sentence,
    )


def hours(minutes: float | None) -> float | None:
    return None if minutes is None else minutes / 60


def _duration_row(a: Kpis, b: Kpis) -> Comparison:
    r = stats.welch_means(a.durations, b.durations)
    if r.difference is None:
        sentence = "Too few people found in one of the periods to compare."
    else:
        faster = r.difference < 0
        sentence = (
            f"People were found {abs(r.difference) / 60:.1f} hours {'sooner' if faster else 'later'} "
            "on average "
            f"(median {hours_text(a.median_minutes_missing)} before, {hours_text(b.median_minutes_missing)} "
            f"after); a difference like this {stats.verdict(r.p_value)}."
        )
    return Comparison(
        "Time missing (found)",
        f"mean {hours_text(a.mean_minutes_missing)}, median {hours_text(a.median_minutes_missing)}",
        f"mean {hours_text(b.mean_minutes_missing)}, median {hours_text(b.median_minutes_missing)}",
        _signed(hours(r.difference), " h in the mean"),
        f"{_signed(hours(r.low), '')} to {_signed(hours(r.high), '')} h" if r.low is not None else "n/a",
        _p(r.p_value),
        r.test,
        sentence,
    )


# ---- the co-missing network (intelligence) ---------------------------------------------------------


@dataclass
class NetworkView:
    filters: Filters
    clusters: list[network.Cluster]
    people: dict[int, Person]
    svg: str
    shown: int


NETWORK_SHOWN = 12


def network_for_user(*, user: User, filters: Filters) -> NetworkView:
    """Clusters of people missing or found together; the people listed are logged as consulted."""
    require_network(user)
    facts_refresh()
    rows = facts_in(filters).values_list(
        "episode_id",
        "person_id",
        "missing_since",
        "minutes_missing",
        "last_seen_place_id",
        "found_place_id",
        "exploitation_count",
    )
    occurrences = [
        network.Occurrence(e, p, ms, ms + timedelta(minutes=m) if m is not None else None, seen, found, x)
        for e, p, ms, m, seen, found, x in rows
    ]
    graph, clusters = network.clusters_of(occurrences)
    shown = clusters[:NETWORK_SHOWN]
    ids = [p for c in shown for p in c.person_ids]
    people = Person.objects.in_bulk(ids)
    for cluster in shown:
        cluster.people = [people[p] for p in cluster.person_ids if p in people]
    audit_consultations(
        object_type="person",
        reads=[(pk, "intelligence: co-missing network") for pk in ids],
        actor=user,
        event="analytics.network",
    )
    return NetworkView(filters, clusters, people, _network_svg(graph, shown), len(shown))


def _network_svg(graph: Any, clusters: list[network.Cluster]) -> str:
    from misper.analytics.charts import network_svg

    positions = network.layout(graph, clusters)
    cluster_of = {p: c.rank for c in clusters for p in c.person_ids}
    ordered = sorted(positions.items(), key=lambda item: (cluster_of[item[0]], item[0]))
    nodes = [
        {"x": x, "y": y, "label": f"P{p}", "Cluster": f"Cluster {cluster_of[p]}"} for p, (x, y) in ordered
    ]
    edges = [
        {"x": positions[p][0], "y": positions[p][1], "x2": positions[q][0], "y2": positions[q][1]}
        for c in clusters
        for p, q, _ in c.links
    ]
    return network_svg(nodes, edges, "Co-missing clusters (largest first)")


# ---- search planning aid ---------------------------------------------------------------------------


@dataclass
class SearchAid:
    episode: Episode
    prior: priors.Prior | None
    suggested: str | None
    table: Table | None
    svg: str


def search_aid_for_user(*, user: User, episode_id: int, category: str | None) -> SearchAid:
    """The distance priors for the person's category, from the studies, beside the open case."""
    episode = episode_get_for_user(user=user, episode_id=episode_id, reason="search planning aid")
    suggested = priors.suggested_category(episode.age_at_missing)
    if category and category not in priors.BY_KEY:
        raise InvalidInput(f"unknown category {category!r}", field="category")
    prior = priors.BY_KEY.get(category or suggested or "")
    table = None
    svg = ""
    if prior is not None:
        rows: list[list[object]] = [[0, 0]]
        rows += [[km, share] for share, km in prior.rings_km]
        table = Table(
            "search_prior",
            f"{prior.label}: share found within a distance of where last seen ({prior.source})",
            ["Distance (km)", "Found within (%)"],
            rows,
            chart="cumulative",
        )
        from misper.analytics.charts import chart_svg

        svg = chart_svg(table)
    return SearchAid(episode, prior, suggested, table, svg)
