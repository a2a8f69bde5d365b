from __future__ import annotations

from django.urls import URLPattern, path

from misper.meetings import views

urlpatterns: list[URLPattern] = [
    path("meetings/", views.meeting_list, name="meeting-list"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/record/", views.meeting_record, name="meeting-record"),
    path("meetings/<int:meeting_id>/actions/", views.meeting_add_action, name="meeting-add-action"),
    path("top-repeat/", views.top_repeat_page, name="top-repeat"),
    path("persons/<int:person_id>/plan/", views.case_plan_edit, name="case-plan-edit"),
]
