from __future__ import annotations

from django.urls import URLPattern, path

from misper.analytics import views

urlpatterns: list[URLPattern] = [
    path("analytics/", views.dashboard, name="analytics-dashboard"),
    path("analytics/compare/", views.compare, name="analytics-compare"),
    path("analytics/export/<slug:slug>.<str:fmt>", views.export_table, name="analytics-export"),
    path("analytics/packs/", views.packs, name="analytics-packs"),
    path("analytics/packs/<str:kind>.pdf", views.pack_pdf, name="analytics-pack"),
    path("analytics/network/", views.network_page, name="analytics-network"),
    path("analytics/network/flag/", views.network_flag, name="analytics-network-flag"),
    path("analytics/search-aid/<int:episode_id>/", views.search_aid, name="analytics-search-aid"),
]
