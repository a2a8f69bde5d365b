from __future__ import annotations

from django.urls import URLPattern, path

from misper.profiles import views

urlpatterns: list[URLPattern] = [
    path("partner/profiles/new/<str:kind>/", views.profile_new, name="profile-new"),
    path("partner/profiles/<int:profile_id>/", views.profile_detail, name="profile-detail"),
    path("partner/profiles/<int:profile_id>/edit/", views.profile_edit, name="profile-edit"),
    path("partner/profiles/<int:profile_id>/photo/", views.profile_photo, name="profile-photo"),
    path("partner/profiles/<int:profile_id>/move/", views.profile_move, name="profile-move"),
    path("partner/profiles/<int:profile_id>/report/", views.profile_request_report, name="profile-report"),
    path("episodes/<int:episode_id>/profile/", views.episode_profile, name="episode-profile"),
    path(
        "episodes/<int:episode_id>/profile/photo/", views.episode_profile_photo, name="episode-profile-photo"
    ),
    path("requests/", views.request_list, name="request-list"),
    path("requests/<int:request_id>/accept/", views.request_accept, name="request-accept"),
]
