"""Engine settings as plain, immutable data (no execution backend in here).

A ``LinkageSettings`` value fully describes *what* is compared and *how* candidates are
found; ``engine.py`` decides how to execute it.  Settings round-trip through plain dicts so
that the Django side can store them (e.g. as JSON) next to a trained model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

__all__ = [
    "BLOCKING_RULES",
    "LEVEL_LABELS",
    "BlockingSettings",
    "ComparisonSpec",
    "LinkageSettings",
    "default_settings",
]

# Comparison levels per kind, from level 1 upward (level 0 is always "unknown": no evidence).
# Later levels are checked first, so their order is also their precedence.
LEVEL_LABELS: dict[str, tuple[str, ...]] = {
    "name": (
        "different",
        "same initial",
        "somewhat similar",
        "sounds alike",
        "similar",
        "very similar",
        "variant",
        "exact",
    ),
    "dob": (
        "different",
        "within a year",
        "same day and month",
        "within a month",
        "two digits different",
        "one digit different",
        "day and month transposed",
        "exact",
    ),
    "category": ("different", "exact"),
    "postcode": ("different", "same district", "same sector or one character off", "exact"),
    "phone": ("different", "one digit off", "exact"),
    "email": ("different", "similar", "exact"),
    "text": ("different", "similar", "exact"),
}

# Names of the blocking-key families understood by ``blocking.blocking_keys``.
BLOCKING_RULES: tuple[str, ...] = (
    "dob",  # exact date of birth
    "dob_swapped",  # year + {day, month} as a set: catches transposed day/month
    "surname_year",  # phonetic surname + birth year: catches day/month typos
    "surname_daymonth",  # phonetic surname + day/month: catches year typos (off by one, ten, ...)
    "given_year",  # phonetic canonical given name + surname initial + year
    "given_daymonth",  # phonetic canonical given name + surname initial + day/month
    "full_name",  # phonetic given + phonetic surname, order-free (catches swapped names)
    "given_initial",  # phonetic canonical given name + surname initial
    "name_month",  # any phonetic name token + birth month: dates wrong in two places
    "address_name",  # address + any phonetic name token
    "postcode_name",  # postcode district + any phonetic name token
    "postcode",
    "phone",
    "email",
    "email_local",
)


@dataclass(frozen=True)
class ComparisonSpec:
    """One compared field.

    ``prior_m``/``prior_u`` are per level from level 1 upward and seed the EM; they are also the
    model used when no training data is available.
    """

    name: str
    kind: str
    prior_m: tuple[float, ...]
    prior_u: tuple[float, ...]
    jw_high: float = 0.94
    jw_low: float = 0.88
    jw_weak: float = 0.80
    nicknames: bool = False
    tf_adjust: bool = False
    # Lowest level that gets the term-frequency adjustment (default: the exact level only).
    tf_from_level: int = -1

    def __post_init__(self) -> None:
        if self.tf_from_level < 0:
            object.__setattr__(self, "tf_from_level", self.n_levels - 1)

    @property
    def labels(self) -> tuple[str, ...]:
        return LEVEL_LABELS[self.kind]

    @property
    def n_levels(self) -> int:
        """Number of levels including level 0 (unknown)."""
        return len(self.labels) + 1


@dataclass(frozen=True)
class BlockingSettings:
    rules: tuple[str, ...] = BLOCKING_RULES
    # Keys shared by more records than this are skipped in batch mode: such blocks are
    # dominated by non-matches and their pairs are found by the more specific keys.
    max_block_size: int = 300
    # Broad rules get a lower cap: their big blocks are common names, all noise at scale.
    rule_caps: tuple[tuple[str, int], ...] = (("given_initial", 50), ("name_month", 50))
    # Inputs with at most this many record pairs are compared exhaustively (no blocking).
    exhaustive_max_pairs: int = 600_000


@dataclass(frozen=True)
class LinkageSettings:
    comparisons: tuple[ComparisonSpec, ...]
    blocking: BlockingSettings = field(default_factory=BlockingSettings)
    # Pairs at or above this probability are joined into one cluster (batch mode).
    cluster_threshold: float = 0.5
    # Batch mode keeps (in ``LinkageResult.pairs``) only candidate pairs at or above this.
    keep_threshold: float = 0.05
    # Fields that describe one thing (where someone lives): they count once, as a group.
    correlated_groups: tuple[tuple[str, ...], ...] = (("postcode", "address", "phone"),)
    # A pair whose identity fields are all known and differ scores at most this many bits (p ~ 0.33).
    identity_fields: tuple[str, ...] = ("given_name", "date_of_birth")
    identity_conflict_bits: float = -1.0
    # (given name, family name): when the given names are clearly different (level 1 up to
    # ``kin_max_level``), a shared family name and a shared home (``correlated_groups``) are
    # what relatives have in common, so they count once, as the stronger of the two.
    kin_fields: tuple[str, ...] = ("given_name", "family_name")
    kin_max_level: int = 1
    # ... and such a pair scores at most this many bits (p ~ 0.985: a person should look).
    kin_bits: float = 6.0
    # A shared home with this field known on both sides and clearly different (level 1) is a
    # relative as often as a wrong entry (a son named after his father): at most ``kin_bits``.
    kin_date_field: str = "date_of_birth"
    # Where the shared home of such a different-given-name pair is precise (its bits reach
    # ``household_home_bits``: one household, not a town) it scores at most ``household_bits``
    # (p ~ 0.33): brothers and sisters, who go missing together, are not one person.
    household_home_bits: float = 8.0
    household_bits: float = -1.0
    # A cluster that contains a pair below this probability is re-checked by average linkage.
    conflict_threshold: float = 0.05
    # ... and split wherever the mean probability between two parts falls below this.
    coherence_threshold: float = 0.25
    # Pairs at or above this stay together during that re-check (they are near-certain).
    atom_threshold: float = 0.99
    # Report-time bands: >= auto_link may be linked automatically, >= grey_zone needs a person.
    auto_link: float = 0.999
    grey_zone: float = 0.5
    em_iterations: int = 30
    # Each EM session uses at most this many candidate pairs (a random sample beyond it).
    em_max_pairs: int = 2_000_000
    # ... drawn only from blocks of at most this many records.
    em_max_block_size: int = 100
    # Pseudo-counts that keep EM estimates near the priors when data are scarce.
    em_prior_strength: float = 100.0
    # EM sessions: (blocking rule giving the training pairs, comparisons held out of that
    # session).  Pairs found by a rule agree on its fields whatever their match status, so
    # those fields would bias the fit; each session learns m for the *other* fields only.
    # The first session's held-out field (with an "exact" top level) also calibrates the
    # overall match rate.
    training_sessions: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("dob", ("date_of_birth",)),
        ("full_name", ("given_name", "family_name")),
    )
    random_pairs: int = 300_000
    tf_clip: float = 6.0
    tf_weight: float = 1.0
    # Chance that two random records are the same person (replaced by training).
    prior_match_rate: float = 1e-4
    # Chance that a report is about a given candidate its blocking keys found (report time).
    report_match_rate: float = 1e-4
    seed: int = 42

    def spec(self, name: str) -> ComparisonSpec:
        for comparison in self.comparisons:
            if comparison.name == name:
                return comparison
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkageSettings:
        comparisons = tuple(
            ComparisonSpec(**{**c, "prior_m": tuple(c["prior_m"]), "prior_u": tuple(c["prior_u"])})
            for c in data["comparisons"]
        )
        blocking_data = data.get("blocking", {})
        blocking = BlockingSettings(
            rules=tuple(blocking_data.get("rules", BLOCKING_RULES)),
            max_block_size=int(blocking_data.get("max_block_size", 300)),
            rule_caps=tuple((str(r), int(c)) for r, c in blocking_data.get("rule_caps", ())),
            exhaustive_max_pairs=int(blocking_data.get("exhaustive_max_pairs", 600_000)),
        )
        nested = {
            "comparisons",
            "blocking",
            "training_sessions",
            "correlated_groups",
            "identity_fields",
            "kin_fields",
        }
        rest = {k: v for k, v in data.items() if k not in nested}
        # Models stored before the field existed scored every field independently.
        rest["correlated_groups"] = tuple(tuple(group) for group in data.get("correlated_groups", ()))
        rest["identity_fields"] = tuple(data.get("identity_fields", ()))
        rest["kin_fields"] = tuple(data.get("kin_fields", ()))
        if "training_sessions" in data:
            rest["training_sessions"] = tuple((rule, tuple(held)) for rule, held in data["training_sessions"])
        return replace(cls(comparisons=comparisons, blocking=blocking), **rest)


def default_settings() -> LinkageSettings:
    """Generic person settings; priors are deliberately rough (EM refines them)."""
    name_m = (0.08, 0.01, 0.02, 0.02, 0.04, 0.08, 0.12, 0.63)
    name_u = (0.94, 0.02, 0.015, 0.01, 0.006, 0.003, 0.002, 0.004)
    return LinkageSettings(
        comparisons=(
            ComparisonSpec(
                "given_name", "name", name_m, name_u, nicknames=True, tf_adjust=True, tf_from_level=6
            ),
            ComparisonSpec("family_name", "name", name_m, name_u, tf_adjust=True, tf_from_level=6),
            ComparisonSpec(
                "date_of_birth",
                "dob",
                (0.04, 0.03, 0.03, 0.02, 0.04, 0.08, 0.02, 0.74),
                (0.95, 0.035, 0.004, 0.003, 0.005, 0.003, 0.0005, 0.0025),
                tf_adjust=True,
            ),
            ComparisonSpec("sex", "category", (0.05, 0.95), (0.5, 0.5)),
            ComparisonSpec("postcode", "postcode", (0.1, 0.05, 0.1, 0.75), (0.98, 0.015, 0.004, 0.001)),
            ComparisonSpec("address", "text", (0.15, 0.15, 0.7), (0.97, 0.02, 0.01)),
            ComparisonSpec("phone", "phone", (0.15, 0.05, 0.8), (0.9999, 0.00005, 0.00005)),
            ComparisonSpec("email", "email", (0.1, 0.15, 0.75), (0.9999, 0.00005, 0.00005)),
        )
    )
