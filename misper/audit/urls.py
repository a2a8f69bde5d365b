from __future__ import annotations

from django.urls import URLPattern, path

from misper.audit import views

urlpatterns: list[URLPattern] = [
    path("audit/", views.audit_home, name="audit-home"),
]
