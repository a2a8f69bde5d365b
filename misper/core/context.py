"""Template context: what the signed-in user may do, for the navigation, and how often the bell polls."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from misper.accounts.models import User
from misper.accounts.permissions import Can, can

DEFAULT_BELL_POLL_SECONDS = 10


def capabilities(request: HttpRequest) -> dict[str, object]:
    user = request.user
    # Tests shorten the poll to see a push arrive in a second; production keeps the default.
    poll = int(getattr(settings, "MISPER_BELL_POLL_SECONDS", DEFAULT_BELL_POLL_SECONDS))
    if not isinstance(user, User):
        return {"may": {}, "bell_poll_seconds": poll}
    return {"may": {c.name.lower(): can(user, c) for c in Can}, "bell_poll_seconds": poll}
