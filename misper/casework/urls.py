from __future__ import annotations

from django.urls import URLPattern, path

from misper.casework import views

urlpatterns: list[URLPattern] = [
    path("episodes/<int:episode_id>/casework/", views.workspace, name="casework"),
    path("episodes/<int:episode_id>/casework/panel/", views.panel, name="casework-panel"),
    path("episodes/<int:episode_id>/casework/contacts/", views.contact_add, name="casework-contact"),
    path("episodes/<int:episode_id>/casework/sightings/", views.sighting_add, name="casework-sighting"),
    path("episodes/<int:episode_id>/casework/enquiries/", views.enquiry_add, name="casework-enquiry"),
    path("episodes/<int:episode_id>/casework/searches/", views.search_add, name="casework-search"),
    path("episodes/<int:episode_id>/casework/lines/", views.line_add, name="casework-line"),
    path("casework/lines/<int:line_id>/close/", views.line_close, name="casework-line-close"),
    path("casework/meetings/<int:meeting_id>/hold/", views.meeting_hold, name="casework-meeting-hold"),
    path("team/", views.team, name="team"),
    path("team/shifts/", views.shift_add, name="team-shift"),
    path("team/handover/", views.handover_add, name="team-handover"),
]
