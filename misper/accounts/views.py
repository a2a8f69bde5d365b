"""Signing in and out."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse


class SignInView(auth_views.LoginView):
    template_name = "accounts/signin.html"
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    next_page = "/signin/"


def signed_out(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(request, "accounts/signed_out.html", {})
