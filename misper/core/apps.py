from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "misper.core"
    label = "core"

    def ready(self) -> None:
        # A bad policy must stop start-up, not surface later as a wrong deadline.
        from misper.core.policy import get_policy

        get_policy()
