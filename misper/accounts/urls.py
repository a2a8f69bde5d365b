from __future__ import annotations

from django.urls import URLPattern, path

from misper.accounts import views

urlpatterns: list[URLPattern] = [
    path("signin/", views.SignInView.as_view(), name="signin"),
    path("signout/", views.SignOutView.as_view(), name="signout"),
    path("signed-out/", views.signed_out, name="signout-page"),
]
