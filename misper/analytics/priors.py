"""Search planning priors (domain section 5): how far people of a category were found from where they
were last seen. Priors from studies, never certainties about this person."""

from __future__ import annotations

from dataclasses import dataclass

GRAMPIAN = "Grampian Police search study (2007)"
UK_RESCUE = "UK search and rescue data, dementia (n=279)"


@dataclass(frozen=True)
class Prior:
    key: str
    label: str
    rings_km: tuple[tuple[int, float], ...]  # (percent found within, km)
    other: str
    source: str


PRIORS: tuple[Prior, ...] = (
    Prior(
        "child_12_14",
        "Child aged 12 to 14",
        ((50, 3.0), (90, 43.0)),
        "Found at home 25%, a friend's 24%, street or park 19%, a relative's 12%; "
        "50% located by 7.5 hours, 80% by 24 hours.",
        GRAMPIAN,
    ),
    Prior(
        "dementia_female_foot",
        "Adult woman with dementia, on foot",
        ((50, 0.7), (90, 3.7), (95, 5.8)),
        "59% found walking in a street.",
        GRAMPIAN,
    ),
    Prior(
        "psychosis_foot",
        "Adult with psychosis, on foot",
        ((50, 2.9), (90, 11.1)),
        "50% located by 2 hours 50 minutes.",
        GRAMPIAN,
    ),
    Prior(
        "dementia_uk",
        "Adult with dementia",
        ((50, 1.2), (90, 9.5)),
        "15.8% were found dead: search promptly.",
        UK_RESCUE,
    ),
)
BY_KEY = {p.key: p for p in PRIORS}


def suggested_category(age: int | None) -> str | None:
    """The category the age alone points to; adults need the officer's choice (dementia, psychosis)."""
    if age is not None and age < 18:
        return "child_12_14"
    return None
