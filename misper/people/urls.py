from __future__ import annotations

from django.urls import URLPattern, path

from misper.people import views

urlpatterns: list[URLPattern] = [
    path("persons/", views.person_search, name="person-search"),
    path("persons/<int:person_id>/", views.person_detail, name="person-detail"),
]
