"""Demo content for live casework: contacts, sightings and enquiries on the live cases, the deadline
tasks (mostly met on the older cases), and a tasking meeting decision, so the pages show something."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction

from misper.accounts.models import Role, User
from misper.briefings.models import TaskingDecision
from misper.casework.models import ContactLog, Enquiry, Sighting
from misper.casework.services import sweep_run
from misper.core.timeutil import local, now
from misper.episodes.models import Episode, Status, Task

PLACES = [
    "Derby bus station",
    "Westfield car park",
    "Normanton Road shops",
    "Markeaton Park",
    "Derby railway station",
]
RELATIONS = [
    ("Mother", "mother"),
    ("Key worker", "children's home key worker"),
    ("Foster carer", "foster carer"),
]


def seed_casework(rng: random.Random) -> None:
    """Run after the history is loaded; deterministic for a seed."""
    at = now()
    live = list(Episode.objects.filter(status=Status.MISSING).select_related("person").order_by("pk")[:200])
    with transaction.atomic():
        contacts, sightings, enquiries = [], [], []
        for episode in live:
            hours = int((at - episode.reported_at).total_seconds() // 3600)
            for day in range(0, min(hours // 24, 5) + 1):
                when = min(episode.reported_at + timedelta(hours=2 + 24 * day), at)
                who, relation = rng.choice(RELATIONS)
                contacts.append(
                    ContactLog(
                        episode=episode,
                        contact_with=f"{who} of {episode.person.given_name}",
                        relationship=relation,
                        method=rng.choice(["phone", "visit"]),
                        contacted_at=when,
                        outcome="No word from them; asked to call at once if they hear anything.",
                        recorded_by=episode.officer,
                        recorded_at=when,
                    )
                )
            if rng.random() < 0.5:
                seen = episode.missing_since + (at - episode.missing_since) * rng.uniform(0.2, 0.9)
                sightings.append(
                    Sighting(
                        episode=episode,
                        seen_at=seen,
                        place=rng.choice(PLACES),
                        source="Member of the public (via 101)",
                        credibility=rng.choice(["probable", "possible", "unverified"]),
                        details="Seen with two older males, heading towards town.",
                        recorded_by=episode.officer,
                        recorded_at=min(seen + timedelta(hours=1), at),
                    )
                )
            enquiries.append(
                Enquiry(
                    episode=episode,
                    kind="hospital",
                    target="Royal Derby Hospital A&E",
                    made_at=min(episode.reported_at + timedelta(hours=1), at),
                    result="Not admitted.",
                    recorded_by=episode.officer,
                    recorded_at=min(episode.reported_at + timedelta(hours=1), at),
                )
            )
        ContactLog.objects.bulk_create(contacts, batch_size=1000)
        Sighting.objects.bulk_create(sightings, batch_size=1000)
        Enquiry.objects.bulk_create(enquiries, batch_size=1000)
    sweep_run(at=at - timedelta(minutes=1))
    # The older deadlines were met, as they mostly are; the last day's stay open so the board has work.
    Task.objects.filter(status=Task.State.OPEN, due_at__lt=at - timedelta(days=1)).exclude(
        pk__in=Task.objects.filter(status=Task.State.OPEN).order_by("-due_at").values("pk")[:40]
    ).update(status=Task.State.DONE, completed_at=at - timedelta(hours=12), outcome="Done (demo history)")
    dci = User.objects.filter(role=Role.DCI).first()
    if dci and live:
        episode = live[0]
        task = Task.objects.create(
            episode=episode,
            kind="tasking_action",
            description="Check ANPR on the route to the bus station",
            owner=episode.officer,
            due_at=at + timedelta(hours=6),
            created_at=at,
        )
        TaskingDecision.objects.create(
            meeting_date=local(at).date(),
            episode=episode,
            decision="Keep at high risk; widen the search to the bus and rail stations.",
            task=task,
            recorded_by=dci,
            recorded_at=at,
        )
