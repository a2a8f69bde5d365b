"""Pseudonyms for performance packs: a stable code per person that reveals nothing without the key."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db.models import Count, Max, Q

from misper.analytics.selectors import Filters, facts_in


def pseudonym(person_id: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"person:{person_id}".encode(), hashlib.sha256)
    return f"P-{digest.hexdigest()[:6].upper()}"


def pack_people(f: Filters, size: int = 10) -> list[dict[str, object]]:
    """The people who went missing most in the period, pseudonymised."""
    rows = (
        facts_in(f)
        .values("person_id")
        .annotate(n=Count("pk"), latest=Max("missing_since"), u18=Count("pk", filter=Q(under_18=True)))
        .order_by("-n", "person_id")[:size]
    )
    return [
        {
            "pseudonym": pseudonym(r["person_id"]),
            "episodes": r["n"],
            "latest": r["latest"],
            "child": r["u18"] > 0,
        }
        for r in rows
    ]
