"""The analytics pages: who sees them, what they show, exports, packs, and pinned query counts."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.test import Client
from openpyxl import load_workbook

from conftest import report_body
from misper.core.timeutil import now


def signed_in(force, username: str) -> Client:
    client = Client()
    client.force_login(force[username].user)
    return client


def file_reports(make_report, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        make_report(
            as_user="ds",
            person={**report_body()["person"], "given_name": f"Child{i}"},
            risk_grade=["high", "medium", "low"][i % 3],
        )


@pytest.mark.parametrize("username", ["analyst", "dci", "di"])
def test_analysts_and_senior_investigators_see_the_dashboard_with_charts_and_tables(
    force, make_report, username
):
    file_reports(make_report, 3)
    page = signed_in(force, username).get("/analytics/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "Risk grade at report" in html
    assert '<caption class="visually-hidden">Risk grade at report</caption>' in html


@pytest.mark.parametrize(
    "username", ["officer", "ds", "call_handler", "intel", "coordinator", "partner", "admin"]
)
def test_other_roles_may_not_see_the_dashboards(force, username):
    client = signed_in(force, username)
    assert client.get("/analytics/").status_code == 403
    assert client.get("/analytics/compare/").status_code == 403
    assert client.get("/analytics/export/risk_mix.csv").status_code == 403


def test_a_period_that_ends_before_it_starts_is_refused_naming_the_parameter(force):
    page = signed_in(force, "analyst").get("/analytics/", {"from": "2025-05-01", "to": "2025-04-01"})
    assert page.status_code == 422
    assert "<strong>to</strong>" in page.content.decode()
    bad = signed_in(force, "analyst").get("/analytics/", {"from": "01/05/2025"})
    assert bad.status_code == 422 and "<strong>from</strong>" in bad.content.decode()


def test_every_table_exports_as_csv_and_excel(force, make_report):
    file_reports(make_report, 3)
    client = signed_in(force, "analyst")
    response = client.get("/analytics/export/risk_mix.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Grade", "Episodes", "Share (%)"]
    assert rows[1][:2] == ["High", "1"]
    book = load_workbook(io.BytesIO(client.get("/analytics/export/heat_map.xlsx").content))
    assert book.active["A2"].value == "Day"


def test_the_dashboard_links_each_export_with_its_filters(force, make_report):
    file_reports(make_report, 1)
    page = signed_in(force, "analyst").get("/analytics/", {"from": "2025-01-01", "to": "2025-03-01"})
    assert "/analytics/export/risk_mix.csv?from=2025-01-01&amp;to=2025-03-01" in page.content.decode()


def test_before_and_after_words_each_figure_for_a_chief_officer(force, make_report):
    file_reports(make_report, 3)
    page = signed_in(force, "dci").get("/analytics/compare/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "two-proportion z test" in html and "Mann-Whitney U test" in html
    assert "Episodes went from 0.0 to" in html or "Too few episodes" in html


def test_a_quarterly_pack_is_a_pdf_with_people_pseudonymised(force, make_report):
    file_reports(make_report, 2)
    last_month = (now() - timedelta(days=1)).strftime("%Y-%m")
    response = signed_in(force, "analyst").get("/analytics/packs/quarterly.pdf", {"end": last_month})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert signed_in(force, "analyst").get("/analytics/packs/weekly.pdf").status_code == 422


# session, user, facts state, latest audit id, changes since, the KPI scan, 12 aggregates of the other
# tables, names of places, choices for the filters (teams, homes); no home names without homes
DASHBOARD_QUERIES = 9


def test_the_dashboard_takes_the_same_queries_for_3_and_for_30_episodes(
    force, make_report, django_assert_num_queries
):
    client = signed_in(force, "analyst")
    file_reports(make_report, 3)
    client.get("/analytics/")  # the fact table catches up with the new reports
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get("/analytics/").status_code == 200
    file_reports(make_report, 27, start=3)
    client.get("/analytics/")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        assert client.get("/analytics/").status_code == 200
