from __future__ import annotations

from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "misper.briefings"
    label = "briefings"
