from __future__ import annotations

from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "misper.partners"
    label = "partners"
