from __future__ import annotations

from django.urls import URLPattern, path

from misper.briefings import views

urlpatterns: list[URLPattern] = [
    path("briefings/daily/", views.daily, name="briefing-daily"),
    path("briefings/daily.pdf", views.daily_pdf, name="briefing-daily-pdf"),
    path("briefings/daily/decisions/", views.decision_add, name="briefing-decision"),
    path("episodes/<int:episode_id>/briefing-sheet.pdf", views.sheet_pdf, name="briefing-sheet"),
]
