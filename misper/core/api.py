"""The one NinjaAPI: bearer-token auth and errors as {"detail": ...} that name the field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from misper.accounts.models import User
from misper.accounts.selectors import user_for_token
from misper.core.errors import DomainError

PARAM_SOURCES = {"body", "query", "path", "header", "form", "cookie"}


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token)


def describe_location(loc: list[Any] | tuple[Any, ...]) -> str:
    """Turn pydantic's ('body', 'payload', 'person', 'date_of_birth') into 'person.date_of_birth'."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in PARAM_SOURCES:
        parts = parts[1:]
        # The handler's parameter name means nothing to the client: alone it stands for the body.
        if parts and parts[0] in {"payload", "data", "filters", "params"}:
            parts = parts[1:]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return text or "body"


def humanise(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "is not valid"))
    message = message.removeprefix("Value error, ")
    if error.get("type") == "missing":
        message = "is required"
    elif error.get("type") == "extra_forbidden":
        message = "is not a field this endpoint accepts (check the spelling)"
    return message


def validation_detail(errors: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    items = [{"field": describe_location(e.get("loc", ())), "message": humanise(e)} for e in errors]
    return "; ".join(f"{i['field']}: {i['message']}" for i in items), items


api = NinjaAPI(
    title="misper API",
    version="1",
    description="Case management for a Missing Persons Team. Timestamps are ISO 8601 with an offset; "
    "durations are whole minutes.",
    auth=BearerToken(),
    urls_namespace="api-v1",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    body: dict[str, Any] = {"detail": str(exc)}
    if exc.field:
        body["field"] = exc.field
    return api.create_response(request, body, status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail, items = validation_detail(list(exc.errors))
    return api.create_response(request, {"detail": detail, "errors": items}, status=422)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):
        message = "body: malformed JSON; send a JSON object"
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": "Authorization: send a valid API token as 'Bearer TOKEN'"}, status=401
    )


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, {"detail": "body: the request is too large"}, status=413)


def register_routers() -> None:
    from misper.accounts.api import router as accounts_router
    from misper.audit.api import router as audit_router
    from misper.episodes.api import router as episodes_router
    from misper.meetings.api import router as meetings_router
    from misper.notifications.api import router as notifications_router
    from misper.people.api import router as people_router

    api.add_router("", accounts_router)
    api.add_router("", episodes_router)
    api.add_router("", people_router)
    api.add_router("", audit_router)
    api.add_router("", notifications_router)
    api.add_router("", meetings_router)
    from misper.analytics.api import router as analytics_router

    api.add_router("", analytics_router)
    from misper.briefings.api import router as briefings_router
    from misper.casework.api import router as casework_router

    api.add_router("", casework_router)
    api.add_router("", briefings_router)
    from misper.partners.api import router as partners_router
    from misper.profiles.api import router as profiles_router

    api.add_router("", partners_router)
    api.add_router("", profiles_router)


register_routers()
