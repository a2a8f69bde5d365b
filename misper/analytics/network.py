"""The co-missing network (domain section 6): people who went missing together from the same place, or
were found together at the same place, linked; clusters ranked by size, recency and exploitation
indicators. Built from the fact table so that it costs the same queries for any period."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import networkx as nx

# Two episodes are "together" when they start (or end) at the same place within this time of each
# other. One shared place and time can be chance in a busy town centre; a link needs two such
# occasions, or one where the two went missing from and were found at the same places together.
TOGETHER_WITHIN = timedelta(hours=2)
LINK_MIN_OCCASIONS = 2


@dataclass(frozen=True)
class Occurrence:
    episode_id: int
    person_id: int
    missing_since: datetime
    found_at: datetime | None
    last_seen_place_id: int | None
    found_place_id: int | None
    exploitation_count: int


@dataclass
class Link:
    missing_together: int = 0
    found_together: int = 0
    both: int = 0
    places: set[int] = field(default_factory=set)

    @property
    def strong(self) -> bool:
        return self.both > 0 or self.missing_together + self.found_together >= LINK_MIN_OCCASIONS


@dataclass
class Cluster:
    rank: int
    person_ids: list[int]
    episodes: int
    latest: datetime
    exploitation_indicators: int
    links: list[tuple[int, int, str]]
    people: list[Any] = field(default_factory=list)


def _pairs(
    events: Iterable[tuple[int | None, datetime | None, Occurrence]],
) -> Iterable[tuple[Occurrence, Occurrence]]:
    by_place: dict[int, list[tuple[datetime, Occurrence]]] = defaultdict(list)
    for place, when, occurrence in events:
        if place is not None and when is not None:
            by_place[place].append((when, occurrence))
    for items in by_place.values():
        items.sort(key=lambda item: (item[0], item[1].episode_id))
        for i, (when, a) in enumerate(items):
            for later, b in items[i + 1 :]:
                if later - when > TOGETHER_WITHIN:
                    break
                if a.person_id != b.person_id:
                    yield a, b


def links_between(occurrences: list[Occurrence]) -> dict[tuple[int, int], Link]:
    links: dict[tuple[int, int], Link] = defaultdict(Link)
    missing = {
        (a.episode_id, b.episode_id)
        for a, b in _pairs((o.last_seen_place_id, o.missing_since, o) for o in occurrences)
    }
    for a, b in _pairs((o.last_seen_place_id, o.missing_since, o) for o in occurrences):
        link = links[_key(a, b)]
        link.missing_together += 1
        link.places.add(a.last_seen_place_id or 0)
    for a, b in _pairs((o.found_place_id, o.found_at, o) for o in occurrences):
        link = links[_key(a, b)]
        link.found_together += 1
        link.places.add(a.found_place_id or 0)
        if (a.episode_id, b.episode_id) in missing or (b.episode_id, a.episode_id) in missing:
            link.both += 1
    return links


def _key(a: Occurrence, b: Occurrence) -> tuple[int, int]:
    return (a.person_id, b.person_id) if a.person_id < b.person_id else (b.person_id, a.person_id)


def clusters_of(occurrences: list[Occurrence]) -> tuple[nx.Graph, list[Cluster]]:
    graph = nx.Graph()
    for (p, q), link in links_between(occurrences).items():
        if link.strong:
            why = []
            if link.missing_together:
                why.append(f"missing together {link.missing_together}x")
            if link.found_together:
                why.append(f"found together {link.found_together}x")
            graph.add_edge(p, q, why=", ".join(why), weight=link.missing_together + link.found_together)
    by_person: dict[int, list[Occurrence]] = defaultdict(list)
    for o in occurrences:
        by_person[o.person_id].append(o)
    clusters = []
    for members in nx.connected_components(graph):
        own = [o for p in members for o in by_person[p]]
        clusters.append(
            Cluster(
                rank=0,
                person_ids=sorted(members),
                episodes=len(own),
                latest=max(o.missing_since for o in own),
                exploitation_indicators=sum(o.exploitation_count for o in own),
                links=sorted((p, q, d["why"]) for p, q, d in graph.subgraph(members).edges(data=True)),
            )
        )
    clusters.sort(key=lambda c: (-len(c.person_ids), -c.latest.timestamp(), -c.exploitation_indicators))
    for rank, cluster in enumerate(clusters, start=1):
        cluster.rank = rank
    return graph, clusters


def layout(graph: nx.Graph, clusters: list[Cluster]) -> dict[int, tuple[float, float]]:
    """Positions of the shown clusters' people, clusters side by side so none overlap."""
    positions: dict[int, tuple[float, float]] = {}
    columns = 4
    for index, cluster in enumerate(clusters):
        sub = graph.subgraph(cluster.person_ids)
        local = (
            nx.spring_layout(sub, seed=7)
            if len(cluster.person_ids) > 2
            else {p: (float(i) - 0.5, 0.0) for i, p in enumerate(cluster.person_ids)}
        )
        cx, cy = (index % columns) * 3.0, -(index // columns) * 3.0
        for person, (x, y) in local.items():
            positions[person] = (cx + float(x), cy + float(y))
    return positions
