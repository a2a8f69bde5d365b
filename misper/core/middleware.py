"""Turns access errors raised by selectors and services into plain 403 and 404 pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from misper.core.errors import NotAllowed, NotFound


class DomainErrorPages:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotAllowed):
            return TemplateResponse(
                request, "error.html", {"title": "Not allowed", "message": exception.message}, status=403
            ).render()
        if isinstance(exception, NotFound):
            return TemplateResponse(
                request, "error.html", {"title": "Not found", "message": exception.message}, status=404
            ).render()
        return None
