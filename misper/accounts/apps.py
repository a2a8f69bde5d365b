from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "misper.accounts"
    label = "accounts"
