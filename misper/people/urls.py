from __future__ import annotations

from django.urls import URLPattern, path

from misper.people import views

urlpatterns: list[URLPattern] = [
    path("persons/", views.person_search, name="person-search"),
    path("persons/<int:person_id>/", views.person_detail, name="person-detail"),
    path("persons/candidates/", views.report_candidates, name="report-candidates"),
    path("persons/duplicates/", views.duplicates, name="duplicates"),
    path("persons/merge/", views.merge, name="person-merge"),
    path("persons/merges/<int:merge_id>/undo/", views.unmerge, name="person-unmerge"),
    path("persons/duplicates/<int:candidate_id>/dismiss/", views.dismiss, name="duplicate-dismiss"),
]
