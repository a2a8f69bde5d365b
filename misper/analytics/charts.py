"""Charts drawn on the server as SVG (Altair + vl-convert, offline), each from the table it shows."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from typing import Any

import altair as alt
import vl_convert as vlc

from misper.analytics.selectors import Table

logger = logging.getLogger(__name__)
BRAND = "#1d3c6e"
ACCENT = "#b10e1e"
WIDTH = 520


def chart_svg(table: Table) -> str:
    """The table's chart as an SVG string ('' when the table has no chart or no rows)."""
    if not table.chart or not table.rows:
        return ""
    # The picture depends only on these: a figure seen before skips Altair and the engine entirely.
    key = hashlib.sha256(
        json.dumps([table.chart, table.title, table.columns, table.rows], default=str).encode()
    ).hexdigest()
    svg = _BY_DATA.get(key)
    if svg is None:
        svg = _draw(table)
        if len(_BY_DATA) >= 256:
            _BY_DATA.clear()
        _BY_DATA[key] = svg
    return svg


_BY_DATA: dict[str, str] = {}


def _draw(table: Table) -> str:
    spec = _SPECS[table.chart](table)
    spec["title"] = table.title
    try:
        return _render(json.dumps(spec, sort_keys=True, default=str))
    except ValueError:
        # A chart that cannot be drawn must not hide its table: the page shows the table alone.
        logger.exception("chart %s could not be drawn", table.slug)
        return ""


@functools.lru_cache(maxsize=256)
def _render(spec_json: str) -> str:
    # vl-convert renders in an embedded engine with no network; the same figures give the same picture.
    svg: str = vlc.vegalite_to_svg(json.loads(spec_json))
    return svg


def _records(table: Table) -> list[dict[str, Any]]:
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def _base(table: Table) -> alt.Chart:
    return alt.Chart({"values": _records(table)}).properties(width=WIDTH)


def _field(name: str) -> str:
    # Vega-Lite reads dots and brackets in field names as paths.
    for special in ("\\", ".", "[", "]", "'", '"'):
        name = name.replace(special, "\\" + special)
    return name


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict(validate=False)
    return spec


def _line(table: Table) -> dict[str, Any]:
    x, *series = table.columns
    chart = (
        _base(table)
        .transform_fold([_field(s) for s in series], as_=["Series", "Count"])
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{_field(x)}:T", title=x),
            y=alt.Y("Count:Q", title="Episodes"),
            color=alt.Color(
                "Series:N", scale=alt.Scale(range=[BRAND, ACCENT]), legend=alt.Legend(orient="top")
            ),
        )
        .properties(height=220)
    )
    return _spec(chart)


def _bar(table: Table) -> dict[str, Any]:
    label, value = table.columns[0], table.columns[1]
    chart = (
        _base(table)
        .mark_bar(color=BRAND)
        .encode(
            x=alt.X(f"{_field(label)}:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{_field(value)}:Q", title=value),
        )
    )
    return _spec(chart.properties(height=200, width=360))


def _bar_pct(table: Table) -> dict[str, Any]:
    label, value = table.columns[0], table.columns[-1]
    chart = (
        _base(table)
        .mark_bar(color=BRAND)
        .encode(
            y=alt.Y(f"{_field(label)}:N", sort=None, title=None),
            x=alt.X(f"{_field(value)}:Q", title=value, scale=alt.Scale(domain=[0, 100])),
        )
    )
    return _spec(chart.properties(height=80))


def _hbar(table: Table) -> dict[str, Any]:
    label, value = table.columns[0], table.columns[1]
    chart = (
        _base(table)
        .mark_bar(color=BRAND)
        .encode(
            y=alt.Y(f"{_field(label)}:N", sort=None, title=None),
            x=alt.X(f"{_field(value)}:Q", title=value),
        )
    )
    return _spec(chart.properties(height=max(60, 22 * len(table.rows))))


def _grouped_bar(table: Table) -> dict[str, Any]:
    label, *series = table.columns
    chart = (
        _base(table)
        .transform_fold([_field(s) for s in series], as_=["Who", "Percent"])
        .mark_bar()
        .encode(
            x=alt.X(f"{_field(label)}:N", sort=None, title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("Who:N", sort=series),
            y=alt.Y("Percent:Q", scale=alt.Scale(domain=[0, 100]), title="Found (%)"),
            color=alt.Color(
                "Who:N", scale=alt.Scale(range=[BRAND, "#9aa5b1"]), legend=alt.Legend(orient="top")
            ),
        )
    )
    return _spec(chart.properties(height=200, width=360))


def _heat(table: Table) -> dict[str, Any]:
    hours = table.columns[1:]
    records = [
        {"Day": row[0], "Hour": h, "Episodes": n}
        for row in table.rows
        for h, n in zip(hours, row[1:], strict=True)
    ]
    chart = (
        alt.Chart({"values": records})
        .mark_rect()
        .encode(
            x=alt.X("Hour:O", title="Hour of day"),
            y=alt.Y("Day:N", sort=[str(r[0]) for r in table.rows], title=None),
            color=alt.Color("Episodes:Q", scale=alt.Scale(scheme="blues")),
        )
        .properties(width=WIDTH, height=170)
    )
    return _spec(chart)


def _cumulative(table: Table) -> dict[str, Any]:
    chart = (
        _base(table)
        .mark_line(point=True, color=BRAND)
        .encode(
            x=alt.X(
                "Distance (km):Q", scale=alt.Scale(type="symlog"), title="Distance from where last seen (km)"
            ),
            y=alt.Y("Found within (%):Q", scale=alt.Scale(domain=[0, 100])),
        )
    )
    return _spec(chart.properties(height=220))


_SPECS = {
    "line": _line,
    "bar": _bar,
    "bar_pct": _bar_pct,
    "hbar": _hbar,
    "grouped_bar": _grouped_bar,
    "heat": _heat,
    "cumulative": _cumulative,
}


def network_svg(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], title: str) -> str:
    """The co-missing network: people as dots coloured by cluster, links as lines."""
    if not nodes:
        return ""
    links = (
        alt.Chart({"values": edges})
        .mark_rule(color="#9aa5b1")
        .encode(x=alt.X("x:Q", axis=None), y=alt.Y("y:Q", axis=None), x2="x2:Q", y2="y2:Q")
    )
    dots = (
        alt.Chart({"values": nodes})
        .mark_circle(size=140, opacity=1)
        .encode(x="x:Q", y="y:Q", color=alt.Color("Cluster:N", legend=alt.Legend(orient="right")))
    )
    labels = (
        alt.Chart({"values": nodes}).mark_text(dy=-11, fontSize=10).encode(x="x:Q", y="y:Q", text="label:N")
    )
    layered = alt.layer(links, dots, labels).properties(width=560, height=460, title=title)
    return _render(json.dumps(_spec(layered), sort_keys=True, default=str))
