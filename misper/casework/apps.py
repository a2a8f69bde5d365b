from __future__ import annotations

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "misper.casework"
    label = "casework"
