from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from misper.core.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", api.urls),
    path("", include("misper.accounts.urls")),
    path("", include("misper.episodes.urls")),
    path("", include("misper.people.urls")),
    path("", include("misper.notifications.urls")),
    path("", include("misper.audit.urls")),
    path("", include("misper.meetings.urls")),
    path("", include("misper.analytics.urls")),
    path("", include("misper.casework.urls")),
    path("", include("misper.briefings.urls")),
    path("", include("misper.partners.urls")),
    path("", include("misper.profiles.urls")),
]
