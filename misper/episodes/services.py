"""Writes on a case: report, grade, allocate, review, tasks, found, interview, close.

Each service checks the actor's role first, then the case's state, runs in one short transaction and
writes its own audit row (section 62). Races are settled by conditional updates on `status`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from misper.accounts.models import Role, User
from misper.accounts.permissions import Can, outranks_or_equals, require
from misper.accounts.selectors import Caseloads, caseloads
from misper.audit.models import Operation
from misper.audit.services import audit_record
from misper.core.errors import InvalidInput, NotAllowed, StateConflict
from misper.core.policy import GRADE_ORDER, get_policy
from misper.core.timeutil import age_on, local, now
from misper.episodes.models import (
    Allocation,
    Condition,
    Episode,
    ExploitationIndicator,
    FoundRecord,
    Grade,
    PersonMatch,
    PreventionInterview,
    Review,
    RiskAssessment,
    Status,
    Task,
)
from misper.meetings.services import repeat_rule_apply
from misper.notifications.models import Notification
from misper.notifications.services import notification_push
from misper.notifications.tasks import email_after_commit
from misper.partners.models import Organisation
from misper.partners.services import report_filed as partners_report_filed
from misper.partners.services import report_updated as partners_report_updated
from misper.people.models import CareStatus, DuplicateCandidate, Person
from misper.people.selectors import match_candidates
from misper.people.services import (
    PersonDetails,
    duplicate_flag,
    person_create,
    person_identity_lock,
    person_update_from_report,
    validate_person_details,
)

ANSWER_VALUES = ("yes", "no", "unknown")
TASKS_OUTLIVING_CLOSURE = ("return_home_interview",)


@dataclass(frozen=True, kw_only=True)
class RiskAnswer:
    """One answer to an initial risk question, with who gave it and when (APP)."""

    key: str
    answer: str
    detail: str = ""
    source: str = ""
    given_at: datetime | None = None


@dataclass(frozen=True, kw_only=True)
class ReportInput:
    person: PersonDetails
    missing_since: datetime
    reported_at: datetime
    risk_grade: str
    person_id: int | None = None
    last_seen_location: str = ""
    last_seen_by: str = ""
    circumstances: str = ""
    clothing: str = ""
    care_status: str = CareStatus.NONE
    responsible_authority: str = ""
    police_only_notes: str = ""
    reporting_person_name: str = ""
    reporting_person_contact: str = ""
    risk_rationale: str = ""
    risk_answers: Sequence[RiskAnswer] = field(default_factory=tuple)
    # The reporter said this is nobody we know: make a new person even if the engine would link.
    new_person: bool = False


# ---- validation -------------------------------------------------------------------------------------


def validate_report(data: ReportInput) -> None:
    """Domain rules of a report; each error names the field at fault."""
    validate_person_details(data.person)
    latest = now() + get_policy().clock_skew
    if data.missing_since > latest:
        raise InvalidInput("cannot be in the future", field="missing_since")
    if data.reported_at > latest:
        raise InvalidInput("cannot be in the future", field="reported_at")
    if data.reported_at < data.missing_since:
        raise InvalidInput("the report cannot come before the person went missing", field="reported_at")
    if data.person.date_of_birth and data.missing_since.date() < data.person.date_of_birth:
        raise InvalidInput("the person cannot go missing before they were born", field="missing_since")
    if data.risk_grade not in Grade.values:
        raise InvalidInput(f"choose one of {', '.join(Grade.values)}", field="risk_grade")
    if data.care_status not in CareStatus.values:
        raise InvalidInput(f"choose one of {', '.join(CareStatus.values)}", field="care_status")
    validate_answers(data.risk_answers)


def validate_answers(answers: Sequence[RiskAnswer]) -> None:
    policy = get_policy()
    for index, answer in enumerate(answers):
        if policy.question(answer.key) is None:
            raise InvalidInput(f"unknown risk question {answer.key!r}", field=f"risk_answers[{index}].key")
        if answer.answer not in ANSWER_VALUES:
            raise InvalidInput("answer yes, no or unknown", field=f"risk_answers[{index}].answer")
        if answer.given_at and answer.given_at > now() + policy.clock_skew:
            raise InvalidInput("cannot be in the future", field=f"risk_answers[{index}].given_at")


def suggest_grade(answers: Sequence[RiskAnswer]) -> str:
    """The lowest grade the 'yes' answers point to; '' when nothing was answered. Advice only."""
    if not answers:
        return ""
    policy = get_policy()
    suggestions = [q.suggests for a in answers if a.answer == "yes" and (q := policy.question(a.key))]
    return max(suggestions, key=GRADE_ORDER.__getitem__, default=Grade.LOW)


# ---- report -----------------------------------------------------------------------------------------


def report_create(*, data: ReportInput, actor: User) -> Episode:
    """File a missing report: person, episode, first grading, allocation, review and tasks, at once."""
    require(actor, Can.REPORT)
    validate_report(data)
    with transaction.atomic():
        authority = _authority(data.responsible_authority)
        person, match = _resolve_person(data, actor)
        board = _staff_board()
        officer, supervisor = _choose_staff(board)
        episode = Episode(
            person=person,
            person_match=match,
            risk_grade=data.risk_grade,
            missing_since=data.missing_since,
            reported_at=data.reported_at,
            age_at_missing=age_on(person.date_of_birth, local(data.missing_since).date()),
            last_seen_location=data.last_seen_location.strip(),
            last_seen_by=data.last_seen_by.strip(),
            circumstances=data.circumstances.strip(),
            clothing=data.clothing.strip(),
            care_status=data.care_status,
            responsible_authority=authority,
            police_only_notes=data.police_only_notes.strip(),
            reporting_person_name=data.reporting_person_name.strip(),
            reporting_person_contact=data.reporting_person_contact.strip(),
            reported_by=actor,
            officer=officer,
            supervisor=supervisor,
        )
        # validate_report has checked what the constraints check; the database enforces them again.
        episode.full_clean(
            exclude=["person", "officer", "supervisor", "reported_by", "responsible_authority"],
            validate_constraints=False,
        )
        episode.save()
        audit_record(
            object_type="episode",
            object_id=episode.pk,
            operation=Operation.COLLECTION,
            event="episode.reported",
            actor=actor,
            summary=f"Reported missing by {actor.display_name}; graded {episode.get_risk_grade_display()}",
        )
        assessment = _grade(
            episode,
            kind=RiskAssessment.Kind.INITIAL,
            grade=data.risk_grade,
            actor=actor,
            answers=data.risk_answers,
            rationale=data.risk_rationale,
            at=data.reported_at,
        )
        if officer is not None and supervisor is not None:
            _record_allocation(
                episode, actor=None, reason="Allocated on report by role, team and open caseload"
            )
        _apply_grade_consequences(
            episode,
            grade=data.risk_grade,
            since=data.reported_at,
            previous="",
            assessment=assessment,
            board=board,
        )
        repeat_rule_apply(episode=episode)
        partners_report_filed(episode=episode, actor=actor)  # the redacted report, same transaction
    return episode


def _follow_up(episode: Episode) -> None:
    """Found or interviewed: cancel the deadlines only worth meeting while missing (PNC, UKMPU, daily
    contact) and close the interview task at once. The sweep (misper/casework) creates the deadline tasks
    a few minutes after each change, by the same rule in misper/casework/deadlines.py."""
    from misper.casework.deadlines import deadlines_apply

    deadlines_apply(episode=episode, create=False)


def _authority(name: str) -> Organisation | None:
    if not name.strip():
        return None
    organisation = Organisation.objects.filter(name__iexact=name.strip()).first()
    if organisation is None:
        raise InvalidInput(f"no partner organisation is called {name!r}", field="responsible_authority")
    return organisation


def _resolve_person(data: ReportInput, actor: User) -> tuple[Person, str]:
    """The person this report is about: the one named by person_id, else the engine's decision:
    above the auto-link threshold the report links itself; in the grey zone a new record is made and
    the pair goes to the duplicates queue for a supervisor; below it, a new person."""
    if data.person_id is not None:
        person = Person.objects.filter(pk=data.person_id).first()
        if person is None:
            raise InvalidInput(f"no person has id {data.person_id}", field="person_id")
        person = person.merged_into or person
        person_update_from_report(person=person, details=data.person, care_status=data.care_status)
        return person, PersonMatch.EXISTING
    person_identity_lock(details=data.person)
    candidates = match_candidates(details=data.person, limit=3)
    if data.new_person:
        # A person overrode the engine; a near-certain match still goes to a supervisor to check.
        candidates = [c for c in candidates if c.band == "auto_link"]
    elif candidates and candidates[0].band == "auto_link":
        existing = candidates[0].person
        person_update_from_report(person=existing, details=data.person, care_status=data.care_status)
        return existing, PersonMatch.EXISTING
    person = person_create(details=data.person, care_status=data.care_status, actor=actor)
    duplicate_flag(
        person=person,
        candidates=[(c.person, c.probability, c.reasons) for c in candidates],
        source=DuplicateCandidate.Source.REPORT,
    )
    return person, PersonMatch.NEW


# ---- grading ----------------------------------------------------------------------------------------


def _grade(
    episode: Episode,
    *,
    kind: str,
    grade: str,
    actor: User,
    answers: Sequence[RiskAnswer],
    rationale: str,
    at: datetime,
) -> RiskAssessment:
    suggested = suggest_grade(answers)
    assessment = RiskAssessment.objects.create(
        episode=episode,
        kind=kind,
        grade=grade,
        suggested_grade=suggested,
        answers=[_answer_json(a) for a in answers],
        rationale=rationale.strip(),
        assessed_by=actor,
        assessed_at=at,
    )
    audit_record(
        object_type="episode",
        object_id=episode.pk,
        operation=Operation.COLLECTION,
        event="risk.graded",
        actor=actor,
        summary=f"Risk graded {Grade(grade).label} ({kind})"
        + (f"; the answers suggest {Grade(suggested).label}" if suggested and suggested != grade else ""),
        changes={"risk_grade": ("", grade)},
    )
    return assessment


def _answer_json(answer: RiskAnswer) -> dict[str, str]:
    question = get_policy().question(answer.key)
    return {
        "key": answer.key,
        "question": question.text if question else answer.key,
        "answer": answer.answer,
        "detail": answer.detail.strip(),
        "source": answer.source.strip(),
        "given_at": answer.given_at.isoformat() if answer.given_at else "",
    }


def _flag_mismatch(episode: Episode, assessment: RiskAssessment) -> None:
    if assessment.disagrees_with_suggestion and episode.supervisor_id is not None:
        notification_push(
            recipient_id=episode.supervisor_id,
            kind=Notification.Kind.RISK_MISMATCH,
            episode=episode,
            message=(
                f"Episode {episode.pk}: graded {Grade(assessment.grade).label}, the answers suggest "
                f"{Grade(assessment.suggested_grade).label}. Please confirm the grade."
            ),
        )


def _apply_grade_consequences(
    episode: Episode,
    *,
    grade: str,
    since: datetime,
    previous: str,
    assessment: RiskAssessment,
    board: Caseloads | None = None,
) -> None:
    """Create what the policy requires at a grade: the review and the immediate tasks."""
    policy = get_policy()
    rule = policy.review_rule(grade)
    previous_rule = policy.review_rule(previous) if previous else None
    needs_review = rule is not None and (
        previous_rule is None or not outranks_or_equals(previous_rule.role, rule.role)
    )
    if rule is not None and needs_review:
        reviewer = _reviewer_for(episode, rule.role, board)
        review = Review.objects.create(
            episode=episode,
            required_role=rule.role,
            grade_at_request=grade,
            due_at=since + timedelta(minutes=rule.due_minutes),
            reviewer=reviewer,
        )
        if reviewer is not None:
            notification_push(
                recipient_id=reviewer.pk,
                kind=Notification.Kind.REVIEW_DUE,
                episode=episode,
                message=f"{Grade(grade).label}-risk episode {episode.pk} needs your review by "
                f"{local(review.due_at):%d/%m/%Y %H:%M}",
            )
    existing_kinds = set(episode.tasks.values_list("kind", flat=True)) if previous else set()
    for task_rule in policy.task_rules(grade):
        if task_rule.kind not in existing_kinds:
            Task.objects.create(
                episode=episode,
                kind=task_rule.kind,
                description=f"{task_rule.kind.capitalize()}: required at {Grade(grade).label} risk",
                owner=episode.officer,
                due_at=since + timedelta(minutes=task_rule.due_minutes),
                created_at=now(),
            )
    _flag_mismatch(episode, assessment)


def _reviewer_for(episode: Episode, role: str, board: Caseloads | None) -> User | None:
    if episode.supervisor is not None and episode.supervisor.role == role:
        return episode.supervisor
    board = board or caseloads(roles=[role])
    team_id = episode.officer.team_id if episode.officer and role == Role.DS else None
    in_team = board.least_loaded(roles=[role], field="supervisor", team_id=team_id) if team_id else None
    return in_team or board.least_loaded(roles=[role], field="supervisor")


def episode_reassess_risk(
    *, episode: Episode, actor: User, grade: str, rationale: str, answers: Sequence[RiskAnswer] = ()
) -> Episode:
    """Re-grade an open case as new information arrives; raising the grade brings its review and tasks."""
    require(actor, Can.RECORD_FOUND)
    if grade not in Grade.values:
        raise InvalidInput(f"choose one of {', '.join(Grade.values)}", field="risk_grade")
    if not rationale.strip():
        raise InvalidInput("say why the grade is set", field="rationale")
    validate_answers(answers)
    with transaction.atomic():
        locked = (
            Episode.objects.select_for_update(of=("self",))
            .select_related("officer", "supervisor")
            .get(pk=episode.pk)
        )
        if locked.status == Status.CLOSED:
            raise StateConflict("the case is closed")
        _regrade(
            locked,
            grade=grade,
            actor=actor,
            answers=answers,
            rationale=rationale,
            kind=RiskAssessment.Kind.REASSESSMENT,
        )
    return locked


def _regrade(
    episode: Episode, *, grade: str, actor: User, answers: Sequence[RiskAnswer], rationale: str, kind: str
) -> None:
    previous = episode.risk_grade
    at = now()
    assessment = _grade(
        episode, kind=kind, grade=grade, actor=actor, answers=answers, rationale=rationale, at=at
    )
    if GRADE_ORDER[grade] <= GRADE_ORDER[previous] or episode.status != Status.MISSING:
        _flag_mismatch(episode, assessment)
    if grade != previous:
        episode.risk_grade = grade
        episode.save(update_fields=["risk_grade"])
        audit_record(
            object_type="episode",
            object_id=episode.pk,
            operation=Operation.ALTERATION,
            event="risk.changed",
            actor=actor,
            summary=f"Risk changed from {Grade(previous).label} to {Grade(grade).label}: {rationale.strip()}",
            changes={"risk_grade": (previous, grade)},
        )
        if GRADE_ORDER[grade] > GRADE_ORDER[previous] and episode.status == Status.MISSING:
            _apply_grade_consequences(
                episode, grade=grade, since=at, previous=previous, assessment=assessment
            )


# ---- allocation -------------------------------------------------------------------------------------


def _staff_board() -> Caseloads:
    allocation = get_policy().allocation
    return caseloads(roles=[allocation.officer_role, *allocation.supervisor_roles])


def _choose_staff(board: Caseloads) -> tuple[User | None, User | None]:
    """The officer with the fewest open cases, and a supervisor for them. Either is None only on an
    installation with no staff yet: the case then waits on the live board for a supervisor."""
    officer = board.least_loaded(roles=[get_policy().allocation.officer_role], field="officer")
    supervisor = _supervisor_for(board, officer)
    if officer is None or supervisor is None:
        return None, None
    return officer, supervisor


def _supervisor_for(board: Caseloads, officer: User | None) -> User | None:
    """The officer's team supervisor (the first supervisor role), else the least loaded by role order."""
    roles = list(get_policy().allocation.supervisor_roles)
    team_id = officer.team_id if officer is not None else None
    if team_id is not None and (
        in_team := board.least_loaded(roles=roles[:1], field="supervisor", team_id=team_id)
    ):
        return in_team
    for role in roles:
        if chosen := board.least_loaded(roles=[role], field="supervisor"):
            return chosen
    return None


def _set_allocation(
    episode: Episode, *, officer: User, supervisor: User, actor: User | None, reason: str
) -> None:
    """Reallocate: end the current allocation, start a new one, hand open officer tasks over."""
    old = (
        episode.officer.username if episode.officer else "",
        episode.supervisor.username if episode.supervisor else "",
    )
    Allocation.objects.filter(episode=episode, ended_at__isnull=True).update(ended_at=now())
    episode.officer, episode.supervisor = officer, supervisor
    episode.save(update_fields=["officer", "supervisor"])
    Task.objects.filter(episode=episode, status=Task.State.OPEN, owner__role=Role.OFFICER).update(
        owner=officer
    )
    _record_allocation(episode, actor=actor, reason=reason, previous=old)


def _record_allocation(
    episode: Episode, *, actor: User | None, reason: str, previous: tuple[str, str] = ("", "")
) -> None:
    """Write the allocation that `episode.officer` and `episode.supervisor` now hold, and tell them."""
    officer, supervisor = episode.officer, episode.supervisor
    assert officer is not None and supervisor is not None
    Allocation.objects.create(
        episode=episode,
        officer=officer,
        supervisor=supervisor,
        allocated_at=now(),
        allocated_by=actor,
        reason=reason,
    )
    audit_record(
        object_type="episode",
        object_id=episode.pk,
        operation=Operation.ALTERATION,
        event="episode.allocated",
        actor=actor,
        summary=f"Allocated to {officer.display_name}, supervised by {supervisor.display_name}. {reason}",
        changes={
            "officer": (previous[0], officer.username),
            "supervisor": (previous[1], supervisor.username),
        },
    )
    pushed = Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            kind=Notification.Kind.ALLOCATION,
            episode=episode,
            message=f"You are {duty} for episode {episode.pk} ({Grade(episode.risk_grade).label} risk)",
            created_at=now(),
        )
        for recipient, duty in ((officer, "the officer"), (supervisor, "the supervisor"))
    )
    email_after_commit([n.pk for n in pushed])


def episode_reallocate(
    *, episode: Episode, actor: User, officer: User, supervisor: User, reason: str
) -> Episode:
    require(actor, Can.REALLOCATE)
    if officer.role != Role.OFFICER or not officer.is_active:
        raise InvalidInput("choose an active MPT officer", field="officer")
    if supervisor.role not in get_policy().allocation.supervisor_roles or not supervisor.is_active:
        raise InvalidInput("choose an active DS, DI or DCI", field="supervisor")
    if not reason.strip():
        raise InvalidInput("say why the case is reallocated", field="reason")
    with transaction.atomic():
        locked = (
            Episode.objects.select_for_update(of=("self",))
            .select_related("officer", "supervisor")
            .get(pk=episode.pk)
        )
        if locked.status == Status.CLOSED:
            raise StateConflict("the case is closed")
        _set_allocation(locked, officer=officer, supervisor=supervisor, actor=actor, reason=reason.strip())
    return locked


# ---- review -----------------------------------------------------------------------------------------


def review_complete(*, review: Review, actor: User, decision: str, grade: str, rationale: str = "") -> Review:
    """The DI or DS records the decision, confirms or changes the grade, and may set actions."""
    require(actor, Can.REVIEW)
    if not outranks_or_equals(actor.role, review.required_role):
        raise NotAllowed(f"this review needs a {review.required_role.upper()} or a more senior officer")
    if grade not in Grade.values:
        raise InvalidInput(f"choose one of {', '.join(Grade.values)}", field="grade")
    if not decision.strip():
        raise InvalidInput("record the decision", field="decision")
    with transaction.atomic():
        at = now()
        done = Review.objects.filter(pk=review.pk, completed_at__isnull=True).update(
            completed_at=at, completed_by=actor, decision=decision.strip(), confirmed_grade=grade
        )
        if not done:
            raise StateConflict("this review has already been completed")
        episode = (
            # of=self: PostgreSQL cannot lock the nullable side of the outer joins to the staff.
            Episode.objects.select_for_update(of=("self",))
            .select_related("officer", "supervisor")
            .get(pk=review.episode_id)
        )
        audit_record(
            object_type="episode",
            object_id=episode.pk,
            operation=Operation.ALTERATION,
            event="review.completed",
            actor=actor,
            summary=f"{review.required_role.upper()} review: {decision.strip()[:300]}",
            changes={"review_grade": (episode.risk_grade, grade)},
        )
        if grade != episode.risk_grade:
            _regrade(
                episode,
                grade=grade,
                actor=actor,
                answers=(),
                kind=RiskAssessment.Kind.REVIEW,
                rationale=rationale or decision,
            )
    review.refresh_from_db()
    return review


# ---- tasks ------------------------------------------------------------------------------------------


def task_complete(*, task: Task, actor: User, outcome: str) -> Task:
    require(actor, Can.COMPLETE_TASKS)
    with transaction.atomic():
        done = Task.objects.filter(pk=task.pk, status=Task.State.OPEN).update(
            status=Task.State.DONE, completed_at=now(), completed_by=actor, outcome=outcome.strip()
        )
        if not done:
            raise StateConflict("this task is no longer open")
        audit_record(
            object_type="episode",
            object_id=task.episode_id,
            operation=Operation.ALTERATION,
            event="task.completed",
            actor=actor,
            summary=f"Task {task.kind} done: {outcome.strip()[:300]}",
            changes={"task_status": (Task.State.OPEN, Task.State.DONE)},
        )
    task.refresh_from_db()
    return task


# ---- found, interview, close ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class FoundInput:
    found_at: datetime
    found_location: str
    found_by: str = ""
    condition: str = Condition.SAFE_WELL
    harm_details: str = ""
    exploitation_indicators: Sequence[str] = ()
    whereabouts_withheld: bool = False


def episode_record_found(*, episode_id: int, actor: User, data: FoundInput) -> Episode:
    require(actor, Can.RECORD_FOUND)
    if data.found_at > now() + get_policy().clock_skew:
        raise InvalidInput("cannot be in the future", field="found_at")
    if not data.found_location.strip():
        raise InvalidInput("say where the person was found", field="found_location")
    if data.condition not in Condition.values:
        raise InvalidInput(f"choose one of {', '.join(Condition.values)}", field="condition")
    for indicator in data.exploitation_indicators:
        if indicator not in ExploitationIndicator.values:
            raise InvalidInput(f"unknown indicator {indicator!r}", field="exploitation_indicators")
    with transaction.atomic():
        episode = Episode.objects.select_for_update().get(pk=episode_id)
        if episode.status != Status.MISSING:
            raise StateConflict(f"the person is already recorded as {episode.status}")
        if data.found_at < episode.missing_since:
            raise InvalidInput("cannot be before the person went missing", field="found_at")
        # The status condition makes a racing second call update nothing, on any database.
        if not Episode.objects.filter(pk=episode_id, status=Status.MISSING).update(
            status=Status.FOUND, found_at=data.found_at
        ):
            raise StateConflict("the person has just been recorded as found")
        FoundRecord.objects.create(
            episode=episode,
            found_at=data.found_at,
            found_location=data.found_location.strip(),
            found_by=data.found_by.strip(),
            condition=data.condition,
            harm_details=data.harm_details.strip(),
            exploitation_indicators=list(data.exploitation_indicators),
            whereabouts_withheld=data.whereabouts_withheld,
            recorded_by=actor,
            recorded_at=now(),
        )
        if data.whereabouts_withheld:
            Person.objects.filter(pk=episode.person_id).update(whereabouts_withheld=True)
        Task.objects.filter(episode=episode, status=Task.State.OPEN, kind__in=["visit", "search"]).update(
            status=Task.State.CANCELLED, completed_at=now(), outcome="Person found"
        )
        episode.refresh_from_db(fields=["status", "found_at"])
        _follow_up(episode)
        audit_record(
            object_type="episode",
            object_id=episode_id,
            operation=Operation.ALTERATION,
            event="episode.found",
            actor=actor,
            summary=f"Found at {data.found_location.strip()} ({Condition(data.condition).label})",
            changes={"status": (Status.MISSING, Status.FOUND), "found_at": (None, data.found_at)},
        )
        partners_report_updated(episode_id=episode_id, kind="found", actor=actor)
    episode.refresh_from_db()
    return episode


def episode_record_interview(*, episode_id: int, actor: User, conducted_at: datetime, notes: str) -> Episode:
    require(actor, Can.RECORD_INTERVIEW)
    if conducted_at > now() + get_policy().clock_skew:
        raise InvalidInput("cannot be in the future", field="conducted_at")
    with transaction.atomic():
        episode = Episode.objects.select_for_update().get(pk=episode_id)
        if episode.status != Status.FOUND:
            raise StateConflict(
                "the person must be recorded as found first"
                if episode.status == Status.MISSING
                else "the case is closed"
            )
        if PreventionInterview.objects.filter(episode=episode).exists():
            raise StateConflict("a prevention interview is already recorded")
        if episode.found_at and conducted_at < episode.found_at:
            raise InvalidInput("cannot be before the person was found", field="conducted_at")
        PreventionInterview.objects.create(
            episode=episode,
            conducted_at=conducted_at,
            conducted_by=actor,
            notes=notes.strip(),
            recorded_at=now(),
        )
        audit_record(
            object_type="episode",
            object_id=episode_id,
            operation=Operation.COLLECTION,
            event="episode.interviewed",
            actor=actor,
            summary="Prevention interview (safe and well check) recorded",
        )
        _follow_up(episode)
    return episode


def episode_close(*, episode_id: int, actor: User) -> Episode:
    require(actor, Can.CLOSE)
    with transaction.atomic():
        episode = Episode.objects.select_for_update().get(pk=episode_id)
        if episode.status == Status.CLOSED:
            raise StateConflict("the case is already closed")
        if episode.status != Status.FOUND:
            raise StateConflict("the person has not been found")
        if not PreventionInterview.objects.filter(episode=episode).exists():
            raise StateConflict("a prevention interview must be recorded before closure")
        at = now()
        if not Episode.objects.filter(pk=episode_id, status=Status.FOUND).update(
            status=Status.CLOSED, closed_at=at, closed_by=actor
        ):
            raise StateConflict("the case has just been closed")
        # The local authority's return home interview outlives the police case: keep tracking it.
        Task.objects.filter(episode=episode, status=Task.State.OPEN).exclude(
            kind__in=TASKS_OUTLIVING_CLOSURE
        ).update(status=Task.State.CANCELLED, completed_at=at, outcome="Case closed")
        audit_record(
            object_type="episode",
            object_id=episode_id,
            operation=Operation.ALTERATION,
            event="episode.closed",
            actor=actor,
            summary=f"Closed by {actor.display_name}",
            changes={"status": (Status.FOUND, Status.CLOSED)},
        )
        partners_report_updated(episode_id=episode_id, kind="closed", actor=actor)
    episode.refresh_from_db()
    return episode
