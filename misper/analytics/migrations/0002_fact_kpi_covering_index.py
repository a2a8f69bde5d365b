"""On PostgreSQL, a covering index so the contract's KPIs over any period are an index-only range scan."""

from __future__ import annotations

from typing import Any

from django.db import migrations

COLUMNS = "person_id, prev_missing_since, minutes_missing, found_after_report_seconds, under_18, is_repeat"


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS fact_kpi_cover_idx ON analytics_episodefact (missing_since) "
            f"INCLUDE ({COLUMNS})"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS fact_kpi_cover_idx")


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_analytics_facts_places_flags")]
    operations = [migrations.RunPython(create, drop)]
