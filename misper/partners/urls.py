from __future__ import annotations

from django.urls import URLPattern, path

from misper.partners import views

urlpatterns: list[URLPattern] = [
    path("partner/", views.partner_home, name="partner-home"),
    path("partner/reports/<int:notification_id>/", views.notification_detail, name="partner-report"),
    path("partner/reports/<int:notification_id>/pdf/", views.notification_pdf, name="partner-report-pdf"),
    path(
        "partner/reports/<int:notification_id>/acknowledge/",
        views.notification_acknowledge,
        name="partner-report-acknowledge",
    ),
    path(
        "partner/episodes/<int:episode_id>/return-interview/",
        views.return_interview,
        name="partner-return-interview",
    ),
    path("partner/actions/", views.partner_actions, name="partner-actions"),
    path("partner/actions/<int:action_id>/done/", views.partner_action_done, name="partner-action-done"),
    path("episodes/<int:episode_id>/partners/", views.episode_partners, name="episode-partners"),
    path("directory/", views.directory, name="directory"),
    path("directory/homes/new/", views.care_home_edit, name="care-home-new"),
    path("directory/homes/<int:home_id>/", views.care_home_detail, name="care-home-detail"),
    path("directory/homes/<int:home_id>/edit/", views.care_home_edit, name="care-home-edit"),
    path("directory/organisations/new/", views.organisation_edit, name="organisation-new"),
    path(
        "directory/organisations/<int:organisation_id>/edit/",
        views.organisation_edit,
        name="organisation-edit",
    ),
    path("partner-meetings/", views.meeting_list, name="partner-meetings"),
    path("partner-meetings/new/", views.meeting_new, name="partner-meeting-new"),
    path("partner-meetings/<int:meeting_id>/", views.meeting_detail, name="partner-meeting"),
    path("partner-meetings/<int:meeting_id>/minutes/", views.meeting_minutes, name="partner-meeting-minutes"),
    path(
        "partner-meetings/<int:meeting_id>/actions/", views.meeting_action_add, name="partner-meeting-action"
    ),
]
