"""A deterministic synthetic force shaped by the national figures (domain section 4).

History is bulk-loaded, like an import from a legacy system: the rows are built to the same policy
the services apply (reviews, tasks, allocations, one audit row per record), but without running
every report through the live path, so that two years of a force load in seconds.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction

from misper.accounts.models import Role, Team, User
from misper.accounts.services import organisation_get_or_create, user_create
from misper.audit.models import AuditEvent, Operation
from misper.core.policy import get_policy
from misper.core.timeutil import age_on, local, now
from misper.episodes.models import (
    Allocation,
    Condition,
    Episode,
    FoundRecord,
    PersonMatch,
    PreventionInterview,
    Review,
    RiskAssessment,
    Status,
    Task,
)
from misper.matching import record_blocking_keys
from misper.meetings.models import ReviewMeeting
from misper.meetings.services import repeat_meetings_in_history
from misper.partners.demo import seed_partners
from misper.partners.models import CareHome, Organisation, OrganisationKind
from misper.people.models import CareStatus, Person, PersonKey, Sex
from misper.people.selectors import person_record
from misper.people.services import name_key

DEMO_PASSWORD = "misper-demo-2026"  # noqa: S105 - synthetic demo accounts only

GIVEN_F = [
    "Amelia",
    "Olivia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Willow",
    "Emily",
    "Ella",
    "Poppy",
    "Evie",
    "Charlotte",
    "Ruby",
    "Chloe",
    "Jessica",
    "Holly",
    "Megan",
    "Leah",
    "Kayleigh",
    "Shannon",
    "Jade",
    "Courtney",
    "Paige",
    "Tia",
]
GIVEN_M = [
    "Oliver",
    "George",
    "Noah",
    "Arthur",
    "Harry",
    "Leo",
    "Muhammad",
    "Jack",
    "Charlie",
    "Oscar",
    "Jacob",
    "Henry",
    "Thomas",
    "Freddie",
    "Alfie",
    "Theo",
    "William",
    "Theodore",
    "Archie",
    "Joshua",
    "Kyle",
    "Connor",
    "Liam",
    "Callum",
    "Jordan",
    "Reece",
    "Tyler",
    "Bradley",
    "Kieran",
    "Aaron",
]
SURNAMES = [
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "James",
    "Scott",
    "Phillips",
    "Watson",
    "Davis",
    "Parker",
    "Price",
    "Bennett",
    "Young",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Cook",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Shaw",
    "Murphy",
    "Miller",
    "Cox",
    "Richards",
    "Khan",
    "Marshall",
    "Anderson",
    "Simpson",
    "Ellis",
    "Adams",
    "Singh",
    "Begum",
    "Wilkinson",
]
PLACES = (
    "Market Place, Derby",
    "Derby bus station",
    "Westfield car park",
    "Chesterfield railway station",
    "Markeaton Park",
    "Alvaston Park",
    "Ilkeston town centre",
    "Matlock Bath riverside",
    "Buxton Pavilion Gardens",
    "Swadlincote Tesco",
    "Long Eaton Co-op",
    "Glossop market",
    "Belper River Gardens",
    "Ripley bus stop",
    "Heanor McDonald's",
    "Allenton shops",
    "Normanton Road",
    "Sinfin library",
    "Mackworth estate",
    "Chaddesden Park",
    "Friend's address, Littleover",
    "Relative's address, Mickleover",
    "School gates, Oakwood",
)
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass
class Force:
    """The staff and partners of the demo force."""

    officers: list[User] = field(default_factory=list)
    sergeants: dict[int, User] = field(default_factory=dict)
    inspectors: list[User] = field(default_factory=list)
    dci: User | None = None
    call_handlers: list[User] = field(default_factory=list)
    authorities: list[Organisation] = field(default_factory=list)
    homes: list[CareHome] = field(default_factory=list)


def seed(
    *,
    episodes: int,
    seed_value: int,
    end: datetime | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> dict[str, int]:
    rng = random.Random(seed_value)
    end = (end or now()).replace(second=0, microsecond=0)
    with transaction.atomic():
        force = _staff_and_partners(rng)
    progress(f"staff: {len(force.officers)} officers in {len(force.sergeants)} teams")
    people_plan = list(_people_plan(rng, episodes))
    created = 0
    batch: list[tuple[Person, list[datetime]]] = []
    for person, times in _people(rng, people_plan, end, force):
        batch.append((person, times))
        if sum(len(t) for _, t in batch) >= 2000:
            created += _write_batch(rng, batch, force, end)
            batch = []
            progress(f"episodes: {created}")
    created += _write_batch(rng, batch, force, end)
    progress(f"episodes: {created}")
    progress(f"partners: {seed_partners(seed_value=seed_value, end=end)}")
    __import__("misper.casework.demo").casework.demo.seed_casework(random.Random(seed_value))
    return {"episodes": created, "persons": Person.objects.count(), "staff": User.objects.count()}


# ---- staff and partners -----------------------------------------------------------------------------


def _staff_and_partners(rng: random.Random) -> Force:
    force = Force()
    authorities = [
        "Derby City Children's Services",
        "Derbyshire County Children's Services",
        "Nottinghamshire County Children's Services",
    ]
    force.authorities = [
        organisation_get_or_create(name=n, kind=OrganisationKind.CHILDRENS_SERVICES) for n in authorities
    ]
    providers = [
        organisation_get_or_create(name=n, kind=OrganisationKind.CARE_PROVIDER)
        for n in ("Riverside Care Ltd", "Peak Children's Homes")
    ]
    organisation_get_or_create(name="Derbyshire Adult Care", kind=OrganisationKind.ADULT_SERVICES)
    organisation_get_or_create(name="Oakwood Academy", kind=OrganisationKind.EDUCATION)
    for index in range(12):
        force.homes.append(
            CareHome.objects.create(
                name=f"{rng.choice(['Oak', 'Elm', 'Ash', 'Beech', 'Willow', 'Rowan'])} House {index + 1}",
                address=f"{rng.randint(1, 200)} {rng.choice(SURNAMES)} Road, Derby",
                postcode=_postcode(rng),
                provider=providers[index % 2],
                host_authority=force.authorities[index % 2],
                spoc_name=f"{rng.choice(GIVEN_F)} {rng.choice(SURNAMES)}",
                spoc_phone=f"01332 {rng.randint(100000, 999999)}",
                spoc_email=f"spoc{index + 1}@care.example",
            )
        )

    def person(
        username: str, role: str, team: Team | None = None, organisation: Organisation | None = None
    ) -> User:
        first, last = rng.choice(GIVEN_F + GIVEN_M), rng.choice(SURNAMES)
        return user_create(
            username=username,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@force.example",
            password=DEMO_PASSWORD,
            team=team,
            organisation=organisation,
        )

    force.dci = person("dci", Role.DCI)
    force.inspectors = [person("di", Role.DI), person("di2", Role.DI)]
    for letter in "abc":
        team = Team.objects.create(name=f"DS Team {letter.upper()}")
        force.sergeants[team.pk] = person("ds" if letter == "a" else f"ds_{letter}", Role.DS, team=team)
        for number in range(1, 6):
            name = "officer" if (letter, number) == ("a", 1) else f"officer_{letter}{number}"
            force.officers.append(person(name, Role.OFFICER, team=team))
    for username, role in (
        ("analyst", Role.ANALYST),
        ("intel", Role.INTEL),
        ("coordinator", Role.COORDINATOR),
        ("admin", Role.ADMIN),
    ):
        person(username, role)
    force.call_handlers = [
        person(n, Role.CALL_HANDLER) for n in ("call_handler", "call_handler2", "response1")
    ]
    person("partner", Role.PARTNER, organisation=force.authorities[0])
    person("carehome", Role.PARTNER, organisation=providers[0])
    return force


def _postcode(rng: random.Random) -> str:
    return f"DE{rng.randint(1, 75)} {rng.randint(1, 9)}{rng.choice(LETTERS)}{rng.choice(LETTERS)}"


# ---- people and their episode times -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonPlan:
    child: bool
    count: int
    care: str


def _people_plan(rng: random.Random, total: int) -> Iterator[PersonPlan]:
    """People with episode counts whose sum is `total`: two thirds child incidents, heavy repeat tail."""
    made = 0
    while made < total:
        child = rng.random() < 0.5
        care = CareStatus.NONE
        if child:
            roll = rng.random()
            care = (
                CareStatus.CHILDRENS_HOME
                if roll < 0.10
                else CareStatus.FOSTER_CARE
                if roll < 0.16
                else CareStatus.NONE
            )
            looked_after = care != CareStatus.NONE
            # Looked-after children go missing about six times on average; a few dozens of times.
            count = _geometric(rng, 6.5 if looked_after else 1.7, cap=45)
        else:
            count = _geometric(rng, 1.25, cap=12)
        count = min(count, total - made)
        made += count
        yield PersonPlan(child=child, count=count, care=care)


def _geometric(rng: random.Random, mean: float, cap: int) -> int:
    p = 1 / mean
    return min(cap, 1 + int(math.log(1 - rng.random()) / math.log(1 - p)) if p < 1 else 1)


def _people(
    rng: random.Random, plans: list[PersonPlan], end: datetime, force: Force
) -> Iterator[tuple[Person, list[datetime]]]:
    span_days = 730
    for plan in plans:
        female = rng.random() < (0.55 if plan.child else 0.42)
        age = (
            rng.choices(range(10, 18), weights=[1, 2, 6, 10, 14, 18, 18, 14])[0]
            if plan.child
            else rng.choice([18, 19, 20, 23, 27, 31, 35, 42, 48, 55, 63, 71, 78, 84])
        )
        dob = (end - timedelta(days=int((age + rng.random()) * 365.25))).date()
        home = rng.choice(force.homes) if plan.care == CareStatus.CHILDRENS_HOME else None
        person = Person(
            given_name=rng.choice(GIVEN_F if female else GIVEN_M),
            family_name=rng.choice(SURNAMES),
            date_of_birth=dob,
            sex=Sex.FEMALE if female else Sex.MALE,
            postcode=home.postcode if home else _postcode(rng),
            address=home.address if home else f"{rng.randint(1, 240)} {rng.choice(SURNAMES)} Street",
            phone=f"07{rng.randint(100000000, 999999999)}",
            care_status=plan.care,
            care_home=home,
            responsible_authority=rng.choice(force.authorities) if plan.care != CareStatus.NONE else None,
            description=f"{rng.choice(['Slim', 'Medium', 'Stocky'])} build, "
            f"{rng.choice(['brown', 'blonde', 'black', 'red', 'dark'])} hair",
        )
        person.name_key = name_key(person.given_name, person.family_name)
        times = _episode_times(rng, plan.count, end, span_days)
        if len(times) >= 3 and rng.random() < 0.15:
            # Phoned-in reports: one episode filed under a misspelt name or a mistyped date of birth.
            yield _typo_copy(rng, person), [times.pop(rng.randrange(len(times)))]
        yield person, times


def _typo_copy(rng: random.Random, person: Person) -> Person:
    copy = Person(
        **{f.attname: getattr(person, f.attname) for f in Person._meta.concrete_fields if not f.primary_key}
    )
    if rng.random() < 0.5 and len(person.family_name) > 3:
        at = rng.randrange(1, len(person.family_name))
        copy.family_name = person.family_name[:at] + rng.choice("aeiouy") + person.family_name[at + 1 :]
    elif person.date_of_birth:
        copy.date_of_birth = person.date_of_birth.replace(day=min(28, person.date_of_birth.day % 28 + 1))
    copy.name_key = name_key(copy.given_name, copy.family_name)
    return copy


def _episode_times(rng: random.Random, count: int, end: datetime, span_days: int) -> list[datetime]:
    """Repeat episodes cluster: the next is most likely in the weeks right after one."""
    first = end - timedelta(days=rng.uniform(0, span_days))
    times = [first]
    for _ in range(count - 1):
        gap = timedelta(days=rng.expovariate(1 / 18) + 0.5)
        following = times[-1] + gap
        times.append(following if following < end else end - timedelta(days=rng.uniform(1, span_days)))
    return sorted(_evening(rng, t) for t in times)


def _evening(rng: random.Random, when: datetime) -> datetime:
    hour = rng.choices(
        range(24), weights=[3, 2, 1, 1, 1, 1, 1, 1, 2, 2, 3, 3, 3, 4, 5, 7, 8, 9, 9, 9, 8, 7, 6, 4]
    )[0]
    return when.replace(hour=hour, minute=rng.randrange(60))


# ---- writing ----------------------------------------------------------------------------------------


def _found_after(rng: random.Random, child: bool) -> timedelta:
    """Time to be found: children 79% / 90% within 24 / 48 h, adults 76% / 86% (NCA)."""
    within_day, within_two = (0.79, 0.90) if child else (0.76, 0.86)
    u = rng.random()
    if u < within_day:
        hours = min(23.9, rng.expovariate(1 / 7.5))
    elif u < within_two:
        hours = rng.uniform(24, 48)
    elif u < 0.98 if child else u < 0.97:
        hours = rng.uniform(48, 168)
    else:
        hours = rng.uniform(168, 720)
    return timedelta(hours=hours)


def _grade(rng: random.Random) -> str:
    return rng.choices(["high", "medium", "low", "no_apparent_risk"], weights=[16, 68, 13, 3])[0]


def _write_batch(
    rng: random.Random, batch: list[tuple[Person, list[datetime]]], force: Force, end: datetime
) -> int:
    if not batch:
        return 0
    with transaction.atomic():
        stamp = now()
        for person, _ in batch:
            person.created_at = stamp
        Person.objects.bulk_create([p for p, _ in batch], batch_size=500)
        PersonKey.objects.bulk_create(
            (
                PersonKey(person=p, key=k[:120])
                for p, _ in batch
                for k in record_blocking_keys(person_record(p))
            ),
            batch_size=2000,
        )
        episodes: list[Episode] = []
        for person, times in batch:
            for index, missing_since in enumerate(times):
                episodes.append(_episode(rng, person, missing_since, index, force, end))
        Episode.objects.bulk_create(episodes, batch_size=500)
        children = _dependents(rng, episodes, force)
        children[ReviewMeeting] = _meetings(episodes, end)
        for model, rows in children.items():
            model.objects.bulk_create(rows, batch_size=1000)  # type: ignore[attr-defined]
    return len(episodes)


def _episode(
    rng: random.Random, person: Person, missing_since: datetime, index: int, force: Force, end: datetime
) -> Episode:
    if missing_since > end - timedelta(minutes=30):
        missing_since = end - timedelta(minutes=rng.randint(30, 600))
    child = (age_on(person.date_of_birth, local(missing_since).date()) or 30) < 18
    reported_at = missing_since + timedelta(minutes=rng.randint(20, 360))
    if reported_at > end:
        reported_at = end
    found_at: datetime | None = missing_since + _found_after(rng, child)
    status = Status.CLOSED
    assert found_at is not None
    if found_at > end:
        found_at, status = None, Status.MISSING
    elif found_at > end - timedelta(days=3):
        status = Status.FOUND
    officer = force.officers[rng.randrange(len(force.officers))]
    supervisor = (
        force.sergeants[officer.team_id] if officer.team_id in force.sergeants else force.inspectors[0]
    )
    return Episode(
        person=person,
        person_match=PersonMatch.EXISTING if index else PersonMatch.NEW,
        status=status,
        risk_grade=_grade(rng),
        missing_since=missing_since,
        reported_at=reported_at,
        found_at=found_at,
        closed_at=found_at + timedelta(days=rng.uniform(1, 3))
        if status == Status.CLOSED and found_at
        else None,
        age_at_missing=age_on(person.date_of_birth, local(missing_since).date()),
        last_seen_location=rng.choice(PLACES),
        circumstances="Synthetic demo episode.",
        care_status=person.care_status,
        responsible_authority=person.responsible_authority,
        officer=officer,
        supervisor=supervisor,
        reported_by=rng.choice(force.call_handlers),
        closed_by=supervisor if status == Status.CLOSED else None,
    )


def _dependents(rng: random.Random, episodes: list[Episode], force: Force) -> dict[type, list[object]]:
    rows: dict[type, list[object]] = {
        m: []
        for m in (RiskAssessment, Allocation, Review, Task, FoundRecord, PreventionInterview, AuditEvent)
    }
    pol = get_policy()
    for e in episodes:
        rows[RiskAssessment].append(
            RiskAssessment(
                episode=e,
                kind=RiskAssessment.Kind.INITIAL,
                grade=e.risk_grade,
                rationale="Initial grading on report.",
                assessed_by=e.reported_by,
                assessed_at=e.reported_at,
            )
        )
        rows[Allocation].append(
            Allocation(
                episode=e,
                officer=e.officer,
                supervisor=e.supervisor,
                allocated_at=e.reported_at,
                reason="Allocated on report",
            )
        )
        rows[AuditEvent].append(
            AuditEvent(
                object_type="episode",
                object_id=e.pk,
                operation=Operation.COLLECTION,
                event="episode.reported",
                at=e.reported_at,
                summary="Reported missing (synthetic demo history)",
            )
        )
        rule = pol.review_rule(e.risk_grade)
        if rule is not None:
            reviewer = e.supervisor if rule.role == "ds" else rng.choice(force.inspectors)
            due = e.reported_at + timedelta(minutes=rule.due_minutes)
            done_at = e.reported_at + timedelta(minutes=rule.due_minutes * rng.uniform(0.2, 1.3))
            completed = (
                done_at if done_at < now() and (e.status != Status.MISSING or rng.random() < 0.7) else None
            )
            rows[Review].append(
                Review(
                    episode=e,
                    required_role=rule.role,
                    grade_at_request=e.risk_grade,
                    due_at=due,
                    reviewer=reviewer,
                    completed_at=completed,
                    completed_by=reviewer if completed else None,
                    decision="Grade confirmed; continue enquiries." if completed else "",
                    confirmed_grade=e.risk_grade if completed else "",
                )
            )
        for task_rule in pol.task_rules(e.risk_grade):
            due = e.reported_at + timedelta(minutes=task_rule.due_minutes)
            done = e.status != Status.MISSING or rng.random() < 0.8
            rows[Task].append(
                Task(
                    episode=e,
                    kind=task_rule.kind,
                    owner=e.officer,
                    due_at=due,
                    created_at=e.reported_at,
                    status=Task.State.DONE if done else Task.State.OPEN,
                    completed_at=due + timedelta(minutes=rng.randint(10, 90)) if done else None,
                    completed_by=e.officer if done else None,
                    outcome="Completed" if done else "",
                )
            )
        if e.found_at is not None:
            rows[FoundRecord].append(
                FoundRecord(
                    episode=e,
                    found_at=e.found_at,
                    found_location=rng.choice(PLACES),
                    condition=rng.choices(
                        [Condition.SAFE_WELL, Condition.HARMED, Condition.DECEASED], weights=[960, 33, 4]
                    )[0],
                    recorded_by=e.officer,
                    recorded_at=e.found_at,
                )
            )
            if e.status == Status.CLOSED or rng.random() < 0.5:
                rows[PreventionInterview].append(
                    PreventionInterview(
                        episode=e,
                        conducted_at=min(e.found_at + timedelta(hours=rng.uniform(2, 40)), now()),
                        conducted_by=e.officer,
                        notes="Safe and well check held.",
                        recorded_at=e.found_at,
                    )
                )
    return rows


def _meetings(episodes: list[Episode], end: datetime) -> list[object]:
    """Review meetings the repeat rule called over this history (held, unless still due)."""
    policy = get_policy().repeat
    by_person: dict[int, list[Episode]] = {}
    for episode in episodes:
        by_person.setdefault(episode.person_id, []).append(episode)
    meetings: list[object] = []
    for person_episodes in by_person.values():
        person_episodes.sort(key=lambda e: e.missing_since)
        for index, start in repeat_meetings_in_history([e.missing_since for e in person_episodes]):
            trigger = person_episodes[index]
            due = trigger.reported_at + timedelta(days=policy.meeting_due_days)
            held = due < end - timedelta(days=1)
            meetings.append(
                ReviewMeeting(
                    person_id=trigger.person_id,
                    reason=ReviewMeeting.Reason.REPEAT_MISSING,
                    status=ReviewMeeting.Status.HELD if held else ReviewMeeting.Status.PENDING,
                    window_start=start,
                    window_end=start + timedelta(days=policy.window_days),
                    triggered_by=trigger,
                    due_at=due,
                    owner=trigger.supervisor,
                    created_at=trigger.reported_at,
                    held_at=due - timedelta(days=2) if held else None,
                    outcome="Multi-agency review held (synthetic demo history)." if held else "",
                )
            )
    return meetings


def database_is_empty() -> bool:
    return not Episode.objects.exists() and not User.objects.exists()
