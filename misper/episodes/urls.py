from __future__ import annotations

from django.urls import URLPattern, path

from misper.episodes import views

urlpatterns: list[URLPattern] = [
    path("", views.my_work, name="my-work"),
    path("live/", views.live_cases, name="live-cases"),
    path("reports/new/", views.report_new, name="report-new"),
    path("episodes/<int:episode_id>/", views.episode_detail, name="episode-detail"),
    path(
        "episodes/<int:episode_id>/reviews/<int:review_id>/complete/",
        views.review_complete,
        name="review-complete",
    ),
    path("episodes/<int:episode_id>/found/", views.episode_found, name="episode-found"),
    path("episodes/<int:episode_id>/interview/", views.episode_interview, name="episode-interview"),
    path("episodes/<int:episode_id>/close/", views.episode_close, name="episode-close"),
    path("episodes/<int:episode_id>/reassess/", views.episode_reassess, name="episode-reassess"),
    path("episodes/<int:episode_id>/reallocate/", views.episode_reallocate, name="episode-reallocate"),
    path("tasks/<int:task_id>/complete/", views.task_complete, name="task-complete"),
]
