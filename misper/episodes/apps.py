from __future__ import annotations

from django.apps import AppConfig


class EpisodesConfig(AppConfig):
    name = "misper.episodes"
    label = "episodes"
