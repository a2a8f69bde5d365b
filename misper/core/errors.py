"""Domain errors that views and the API turn into clear responses."""

from __future__ import annotations


class DomainError(Exception):
    """Base for errors a person can act on; `field` names the input at fault where there is one."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidInput(DomainError):
    status = 422


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class StateConflict(DomainError):
    status = 409
