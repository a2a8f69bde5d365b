"""The practice's thresholds and routings, loaded once from a validated TOML file."""

from __future__ import annotations

import functools
import tomllib
from datetime import time, timedelta
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

DEFAULT_POLICY_FILE = Path(__file__).with_name("policy_default.toml")

Grade = Literal["no_apparent_risk", "low", "medium", "high"]
ReviewRole = Literal["ds", "di", "dci"]
GRADE_ORDER: dict[str, int] = {"no_apparent_risk": 0, "low": 1, "medium": 2, "high": 3}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WorkingHours(Strict):
    start: time
    end: time


class ReviewRule(Strict):
    role: ReviewRole
    due_minutes: int = Field(ge=0)


class TaskRule(Strict):
    kind: str = Field(min_length=1, max_length=40)
    due_minutes: int = Field(ge=0)


class Allocation(Strict):
    officer_role: Literal["officer"]
    supervisor_roles: list[ReviewRole] = Field(min_length=1)


class Repeat(Strict):
    episodes: int = Field(ge=2)
    window_days: int = Field(ge=1)
    meeting_due_days: int = Field(ge=0)


class TopRepeat(Strict):
    size: int = Field(ge=1)
    period_days: int = Field(ge=1)


class Cohorts(Strict):
    repeat_episodes: int = Field(ge=2)
    repeat_window_days: int = Field(ge=1)
    adult_age: int = Field(ge=1)


class Deadlines(Strict):
    pnc_minutes: int = Field(ge=0)
    ukmpu_minutes: int = Field(ge=0)
    return_home_interview_minutes: int = Field(ge=0)
    # Added with defaults so that a force's older policy file stays valid.
    social_worker_minutes: int = Field(default=60, ge=0)
    child_rescue_alert_minutes: int = Field(default=60, ge=0)
    prevention_interview_minutes: int = Field(default=1440, ge=0)


class Casework(Strict):
    """The live case: daily contact with family or carers, weekly meetings while missing."""

    contact_interval_minutes: int = Field(default=1440, ge=60)
    live_meeting_after_days: int = Field(default=7, ge=1)
    live_meeting_interval_days: int = Field(default=7, ge=1)


class Escalation(Strict):
    """An overdue task goes to the case's supervisor, later to a DI; each is told once."""

    supervisor_after_minutes: int = Field(default=0, ge=0)
    di_after_minutes: int = Field(default=240, ge=0)
    sweep_every_minutes: int = Field(default=5, ge=1, le=59)


class Briefing(Strict):
    """The daily tasking meeting's page."""

    longest_missing: int = Field(default=10, ge=1)
    exploitation_days: int = Field(default=7, ge=1)


class Validation(Strict):
    clock_skew_minutes: int = Field(ge=0)
    name_max_length: int = Field(ge=1, le=1000)
    text_max_length: int = Field(ge=1, le=1_000_000)


class RiskQuestion(Strict):
    key: str = Field(pattern=r"^[a-z_]+$")
    text: str = Field(min_length=1)
    suggests: Grade


PartnerKind = Literal[
    "childrens_services", "adult_services", "care_provider", "health", "education", "other_force", "charity"
]
RecipientRule = Literal["responsible_authority", "care_home_provider", "school", "health"]
# What a redacted report can carry; `never_shared` names what no partner kind may be given.
REPORT_FIELDS = (
    "given_name", "family_name", "date_of_birth", "age", "sex", "description", "home_address", "postcode",
    "missing_since", "reported_at", "risk_grade", "status", "last_seen_location", "circumstances",
    "clothing", "care_status", "care_home", "responsible_authority", "found_at", "found_location",
    "condition", "harm_details", "exploitation_indicators", "closed_at",
)  # fmt: skip
_CORE_FIELDS = ["given_name", "family_name", "date_of_birth", "age", "status", "missing_since", "found_at"]


def _default_shared() -> dict[str, list[str]]:
    police = list(REPORT_FIELDS)
    care = [*_CORE_FIELDS, "sex", "description", "reported_at", "risk_grade", "last_seen_location",
            "circumstances", "clothing", "care_home", "found_location", "condition", "closed_at"]  # fmt: skip
    health = [*_CORE_FIELDS, "sex", "description", "risk_grade", "condition", "harm_details", "closed_at"]
    return {
        "childrens_services": police,
        "adult_services": police,
        "other_force": police,
        "care_provider": care,
        "health": health,
        "education": [*_CORE_FIELDS, "condition", "closed_at"],
        "charity": ["given_name", "family_name", "status"],
    }


class Redaction(Strict):
    """Who gets the automatic report on a missing child, and what each kind of partner may read."""

    recipients: list[RecipientRule] = ["responsible_authority", "care_home_provider", "school", "health"]
    never_shared: list[str] = [
        "police_only_notes", "intelligence", "informants", "reporting_person_name",
        "reporting_person_contact", "last_seen_by",
    ]  # fmt: skip
    # Free text is scrubbed of phone numbers, e-mail addresses and [police: ...] passages.
    scrub_free_text: bool = True
    shared: dict[PartnerKind, list[str]] = Field(default_factory=_default_shared)  # type: ignore[arg-type]

    @model_validator(mode="after")
    def _known_and_allowed(self) -> Redaction:
        for kind, fields in self.shared.items():
            for name in fields:
                if name in self.never_shared:
                    raise ValueError(f"shared.{kind}: {name!r} is never shared")
                if name not in REPORT_FIELDS:
                    raise ValueError(f"shared.{kind}: unknown field {name!r}")
        return self


class Policy(Strict):
    timezone: str
    working_hours: WorkingHours
    review: dict[Grade, ReviewRule]
    tasks: dict[Grade, list[TaskRule]]
    allocation: Allocation
    repeat: Repeat
    top_repeat: TopRepeat
    cohorts: Cohorts
    deadlines: Deadlines
    validation: Validation
    # Defaults, so that a force's policy file written before these sections stays valid.
    casework: Casework = Casework()
    escalation: Escalation = Escalation()
    briefing: Briefing = Briefing()
    risk_questions: list[RiskQuestion] = Field(min_length=1)
    redaction: Redaction = Field(default_factory=Redaction)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @model_validator(mode="after")
    def _unique_question_keys(self) -> Policy:
        keys = [q.key for q in self.risk_questions]
        if len(keys) != len(set(keys)):
            raise ValueError("risk_questions: each key must be unique")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def review_rule(self, grade: str) -> ReviewRule | None:
        rule: ReviewRule | None = self.review.get(grade)  # type: ignore[call-overload]
        return rule

    def task_rules(self, grade: str) -> list[TaskRule]:
        return list(self.tasks.get(grade, []))  # type: ignore[call-overload]

    @property
    def clock_skew(self) -> timedelta:
        return timedelta(minutes=self.validation.clock_skew_minutes)

    def question(self, key: str) -> RiskQuestion | None:
        return next((q for q in self.risk_questions if q.key == key), None)


def describe_errors(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        key = ".".join(str(part) for part in error["loc"]) or "(file)"
        lines.append(f"{key}: {error['msg']}")
    return "; ".join(lines)


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file; the error names the offending key."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ImproperlyConfigured(f"Policy file {path} cannot be read: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ImproperlyConfigured(f"Policy file {path} is not valid TOML: {exc}") from exc
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        raise ImproperlyConfigured(f"Policy file {path} is invalid: {describe_errors(exc)}") from exc


@functools.cache
def get_policy() -> Policy:
    path = Path(settings.MISPER_POLICY_FILE) if settings.MISPER_POLICY_FILE else DEFAULT_POLICY_FILE
    return load_policy(path)
