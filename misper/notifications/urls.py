from __future__ import annotations

from django.urls import URLPattern, path

from misper.notifications import views

urlpatterns: list[URLPattern] = [
    path("notifications/", views.notification_list, name="notification-list"),
    path("notifications/bell/", views.bell, name="notification-bell"),
    path("notifications/<int:notification_id>/acknowledge/", views.acknowledge, name="notification-ack"),
]
