"""Writes for users and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from django.db import transaction

from misper.accounts.models import ApiToken, Role, Team, User
from misper.core.errors import InvalidInput
from misper.core.timeutil import now
from misper.partners.models import Organisation, OrganisationKind


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    password: str | None = None,
    team: Team | None = None,
    organisation: Organisation | None = None,
) -> User:
    if role not in Role.values:
        raise InvalidInput(f"unknown role {role!r}; choose one of {', '.join(Role.values)}", field="role")
    if role == Role.PARTNER and organisation is None:
        raise InvalidInput("a partner user needs an organisation", field="organisation")
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        team=team,
        organisation=organisation if role == Role.PARTNER else None,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def organisation_get_or_create(*, name: str, kind: str = OrganisationKind.CHILDRENS_SERVICES) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(name=name, defaults={"kind": kind})
    return organisation


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = "mp_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, key_hash=hash_token(raw), prefix=raw[3:11], name=name, created_at=now()
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now())
