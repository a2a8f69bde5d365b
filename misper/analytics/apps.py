from __future__ import annotations

from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "misper.analytics"
    label = "analytics"
    verbose_name = "Analytics"
