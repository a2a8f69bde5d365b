"""The nightly duplicate sweep at scale: ``link_records`` over N synthetic persons in memory.

Generates N person records deterministically (UK-like name diversity, postcodes shared by a few
households, ~1.25 records per person with typos, nicknames, swapped names, wrong or placeholder
dates and blank fields), then times exactly what the Django sweep runs::

    link_records([prepare_record(r) for r in records])

and prints wall time, peak RSS and, since the truth is known, pairwise precision / recall / F1.

    .venv/bin/python bench/bench_linkage_scale.py --records 100000
    .venv/bin/python bench/bench_linkage_scale.py --records 1000000     # goal: <= 600 s, <= 4 GB
"""

from __future__ import annotations

import argparse
import bisect
import heapq
import itertools
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from misper.matching import PersonRecord, link_records, prepare_record  # noqa: E402

# Frequent UK surnames (roughly in order of frequency); the long tail is made of syllables.
COMMON_SURNAMES = [
    "smith",
    "jones",
    "williams",
    "taylor",
    "brown",
    "davies",
    "evans",
    "wilson",
    "thomas",
    "johnson",
    "roberts",
    "robinson",
    "thompson",
    "wright",
    "walker",
    "white",
    "edwards",
    "hughes",
    "green",
    "hall",
    "lewis",
    "harris",
    "clarke",
    "patel",
    "jackson",
    "wood",
    "turner",
    "martin",
    "cooper",
    "hill",
    "ward",
    "morris",
    "moore",
    "clark",
    "lee",
    "king",
    "baker",
    "harrison",
    "morgan",
    "allen",
    "james",
    "scott",
    "phillips",
    "watson",
    "davis",
    "parker",
    "price",
    "bennett",
    "young",
    "griffiths",
    "mitchell",
    "kelly",
    "cook",
    "carter",
    "richardson",
    "bailey",
    "collins",
    "bell",
    "shaw",
    "murphy",
    "miller",
    "cox",
    "richards",
    "khan",
    "marshall",
    "anderson",
    "simpson",
    "ellis",
    "adams",
    "singh",
    "begum",
    "wilkinson",
    "foster",
    "chapman",
    "powell",
    "webb",
    "rogers",
    "gray",
    "mason",
    "ali",
    "hunt",
    "hussain",
    "campbell",
    "matthews",
    "owen",
    "palmer",
    "holmes",
    "mills",
    "barnes",
    "knight",
    "lloyd",
    "butler",
    "russell",
    "barker",
    "fisher",
    "stevens",
    "jenkins",
    "murray",
    "dixon",
    "harvey",
    "graham",
    "pearson",
    "ahmed",
    "fletcher",
    "walsh",
    "kaur",
    "gibson",
    "howard",
    "andrews",
    "stewart",
    "ford",
    "reynolds",
    "saunders",
    "payne",
    "fox",
    "ross",
    "pearce",
    "hamilton",
    "mcdonald",
    "hudson",
    "day",
    "grant",
    "kennedy",
    "doyle",
    "nowak",
    "kowalski",
    "obrien",
    "oconnor",
]
SURNAME_HEADS = [
    "ash",
    "bar",
    "black",
    "brad",
    "brook",
    "bur",
    "cald",
    "cart",
    "chad",
    "chester",
    "craw",
    "dun",
    "elm",
    "fair",
    "farn",
    "fen",
    "ford",
    "gar",
    "glad",
    "gold",
    "green",
    "hab",
    "hal",
    "har",
    "hart",
    "haw",
    "hay",
    "heath",
    "holl",
    "hol",
    "kil",
    "kirk",
    "lang",
    "lind",
    "mar",
    "mel",
    "mid",
    "mor",
    "new",
    "nor",
    "oak",
    "pen",
    "pick",
    "ram",
    "red",
    "rid",
    "roth",
    "rush",
    "salt",
    "sand",
    "shel",
    "sher",
    "stan",
    "stock",
    "stone",
    "sud",
    "thorn",
    "thorp",
    "tre",
    "wain",
    "wal",
    "war",
    "wes",
    "whit",
    "wick",
    "wil",
    "win",
    "wood",
    "wor",
    "yar",
]
SURNAME_TAILS = [
    "ley",
    "ton",
    "field",
    "wood",
    "worth",
    "by",
    "ham",
    "well",
    "ford",
    "man",
    "er",
    "son",
    "ridge",
    "dale",
    "hurst",
    "combe",
    "more",
    "cliffe",
    "stead",
    "bury",
    "wick",
    "shaw",
    "lock",
    "croft",
    "gate",
    "hill",
    "land",
]
GIVEN_F = [
    "olivia",
    "amelia",
    "emily",
    "isla",
    "ava",
    "jessica",
    "sophie",
    "grace",
    "lily",
    "mia",
    "charlotte",
    "emma",
    "sarah",
    "laura",
    "rebecca",
    "hannah",
    "lucy",
    "amy",
    "chloe",
    "katie",
    "rachel",
    "gemma",
    "claire",
    "nicola",
    "lisa",
    "michelle",
    "helen",
    "karen",
    "susan",
    "julie",
    "jennifer",
    "elizabeth",
    "margaret",
    "patricia",
    "catherine",
    "victoria",
    "deborah",
    "dorothy",
    "joan",
    "jean",
    "mary",
    "anne",
    "alice",
    "ellen",
    "eleanor",
    "florence",
    "freya",
    "poppy",
    "ruby",
    "evie",
    "zara",
    "aisha",
    "fatima",
    "priya",
    "megan",
    "bethany",
    "natalie",
    "samantha",
    "joanne",
    "kelly",
    "donna",
    "tracey",
    "sharon",
    "jacqueline",
    "christine",
    "pauline",
    "janet",
]
GIVEN_M = [
    "oliver",
    "george",
    "harry",
    "jack",
    "jacob",
    "noah",
    "charlie",
    "thomas",
    "oscar",
    "william",
    "james",
    "daniel",
    "joshua",
    "samuel",
    "matthew",
    "luke",
    "ryan",
    "adam",
    "michael",
    "david",
    "john",
    "paul",
    "mark",
    "andrew",
    "richard",
    "robert",
    "christopher",
    "stephen",
    "peter",
    "anthony",
    "kevin",
    "gary",
    "steven",
    "ian",
    "alan",
    "brian",
    "kenneth",
    "edward",
    "frederick",
    "alexander",
    "jonathan",
    "benjamin",
    "nathan",
    "liam",
    "connor",
    "callum",
    "kieran",
    "lewis",
    "jamie",
    "dylan",
    "mohammed",
    "muhammad",
    "ali",
    "omar",
    "arjun",
    "patrick",
    "sean",
    "declan",
    "craig",
    "scott",
    "dean",
    "lee",
    "wayne",
    "darren",
    "jason",
    "simon",
    "neil",
    "martin",
    "philip",
    "keith",
]
NICKNAMES = {
    "william": ["bill", "will", "billy"],
    "robert": ["bob", "rob", "bobby"],
    "elizabeth": ["liz", "beth", "lizzie"],
    "margaret": ["maggie", "peggy"],
    "jonathan": ["jon", "jonny"],
    "catherine": ["kate", "cathy", "katie"],
    "thomas": ["tom", "tommy"],
    "richard": ["rich", "dick", "richie"],
    "susan": ["sue", "susie"],
    "james": ["jim", "jimmy", "jamie"],
    "patricia": ["pat", "trish"],
    "edward": ["ed", "ted", "eddie"],
    "alexander": ["alex", "sandy"],
    "deborah": ["debbie", "deb"],
    "michael": ["mike", "mick", "micky"],
    "rebecca": ["becky", "becca"],
    "anthony": ["tony"],
    "victoria": ["vicky", "tori"],
    "frederick": ["fred", "freddie"],
    "dorothy": ["dot", "dotty"],
    "christopher": ["chris", "kit"],
    "daniel": ["dan", "danny"],
    "matthew": ["matt"],
    "samuel": ["sam", "sammy"],
    "benjamin": ["ben", "benny"],
    "joshua": ["josh"],
    "jennifer": ["jen", "jenny"],
    "stephen": ["steve"],
    "steven": ["steve"],
    "andrew": ["andy", "drew"],
    "nicola": ["nicky", "nikki"],
    "samantha": ["sam", "sammy"],
    "jessica": ["jess"],
    "charlotte": ["lottie", "charlie"],
    "eleanor": ["ellie", "nell"],
    "kenneth": ["ken", "kenny"],
    "peter": ["pete"],
    "david": ["dave", "davy"],
    "joanne": ["jo"],
    "christine": ["chris", "tina"],
}
AREAS = [
    "AB",
    "AL",
    "B",
    "BA",
    "BB",
    "BD",
    "BH",
    "BL",
    "BN",
    "BR",
    "BS",
    "CA",
    "CB",
    "CF",
    "CH",
    "CM",
    "CO",
    "CR",
    "CT",
    "CV",
    "CW",
    "DA",
    "DD",
    "DE",
    "DH",
    "DL",
    "DN",
    "DT",
    "DY",
    "E",
    "EC",
    "EH",
    "EN",
    "EX",
    "FK",
    "FY",
    "G",
    "GL",
    "GU",
    "HA",
    "HD",
    "HG",
    "HP",
    "HR",
    "HU",
    "HX",
    "IG",
    "IP",
    "KT",
    "KY",
    "L",
    "LA",
    "LD",
    "LE",
    "LL",
    "LN",
    "LS",
    "LU",
    "M",
    "ME",
    "MK",
    "N",
    "NE",
    "NG",
    "NN",
    "NP",
    "NR",
    "NW",
    "OL",
    "OX",
    "PE",
    "PL",
    "PO",
    "PR",
    "RG",
    "RH",
    "RM",
    "S",
    "SA",
    "SE",
    "SG",
    "SK",
    "SL",
    "SM",
    "SN",
    "SO",
    "SP",
    "SR",
    "SS",
    "ST",
    "SW",
    "SY",
    "TA",
    "TF",
    "TN",
    "TQ",
    "TR",
    "TS",
    "TW",
    "UB",
    "W",
    "WA",
    "WD",
    "WF",
    "WN",
    "WR",
    "WS",
    "WV",
    "YO",
]
STREET_KINDS = ("road", "street", "lane", "close", "avenue", "drive", "way", "crescent", "grove", "court")
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


class Weighted:
    """Zipf-like sampler over a list (rank r has weight 1 / (r + offset) ** exponent)."""

    def __init__(self, values: Sequence[str], exponent: float, offset: float = 1.0) -> None:
        self.values = list(values)
        weights = [1.0 / (r + offset) ** exponent for r in range(len(self.values))]
        self.cumulative = list(itertools.accumulate(weights))

    def __call__(self, rng: random.Random) -> str:
        return self.values[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])]


def _surname_pool(rng: random.Random) -> list[str]:
    tail = {h + t for h in SURNAME_HEADS for t in SURNAME_TAILS}
    tail |= {
        h + m + t for h in SURNAME_HEADS for m in ("a", "i", "en", "ing", "er", "le") for t in SURNAME_TAILS
    }
    rare = sorted(tail - set(COMMON_SURNAMES))
    rng.shuffle(rare)
    return COMMON_SURNAMES + rare


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + word[i + 1 :]  # deletion
    if kind < 0.65:
        return word[:i] + rng.choice("aeioulnrst") + word[i + 1 :]  # substitution
    if kind < 0.85 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # transposition
    return word[:i] + rng.choice("aeioulnrst") + word[i:]  # insertion


def _date_typo(rng: random.Random, dob: str) -> str:
    """A plausible wrong date: digit slip, day/month swap, year off, or 1 January placeholder."""
    year, month, day = int(dob[:4]), int(dob[5:7]), int(dob[8:])
    roll = rng.random()
    if roll < 0.3 and day <= 12 and day != month:
        month, day = day, month
    elif roll < 0.5:
        year, month, day = year, 1, 1  # only the year was known
    elif roll < 0.65:
        year += rng.choice((-1, 1))
    elif roll < 0.85:
        day = min(28, max(1, day + rng.choice((-10, -1, 1, 10))))
    else:
        month = min(12, max(1, month + rng.choice((-1, 1))))
    return f"{year:04d}-{month:02d}-{day:02d}"


class Population:
    def __init__(self, n_records: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n_records = n_records
        self.surname = Weighted(_surname_pool(self.rng), exponent=1.0, offset=15.0)
        self.given = {"female": Weighted(GIVEN_F, 0.8, 6.0), "male": Weighted(GIVEN_M, 0.8, 6.0)}
        n_people = int(n_records / 1.25)
        # ~3 households per postcode of ~1.6 people: a handful of people share a postcode.
        self.postcodes = [self._postcode() for _ in range(max(1, n_people // 5))]
        self.streets = [f"{self.surname(self.rng)} {self.rng.choice(STREET_KINDS)}" for _ in range(5000)]

    def _postcode(self) -> str:
        rng = self.rng
        return (
            f"{rng.choice(AREAS)}{rng.randint(1, 30)} {rng.randint(0, 9)}"
            f"{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
        )

    def households(self) -> Iterator[list[dict[str, str]]]:
        rng = self.rng
        while True:
            size = rng.choices((1, 2, 3, 4, 5), (50, 22, 14, 10, 4))[0]
            family = self.surname(rng)
            postcode = rng.choice(self.postcodes)
            address = f"{rng.randint(1, 250)} {rng.choice(self.streets)}"
            phone = f"07{rng.randrange(10**9):09d}"
            base_year = rng.randint(1935, 2000)
            members: list[dict[str, str]] = []
            for k in range(size):
                sex = rng.choice(("female", "male"))
                year = base_year if k < 2 else min(2015, base_year + rng.randint(18, 40))
                dob = f"{year + rng.randint(-3, 3):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                given = self.given[sex](rng)
                if k >= 2 and rng.random() < 0.03 and members:
                    dob = members[-1]["date_of_birth"]  # twins: same date, same surname
                if k >= 2 and rng.random() < 0.02:
                    given = members[0]["given_name"]  # junior named after a parent
                members.append(
                    {
                        "given_name": given,
                        "family_name": family if rng.random() < 0.85 else self.surname(rng),
                        "date_of_birth": dob,
                        "sex": sex,
                        "postcode": postcode,
                        "address": address,
                        "phone": f"07{rng.randrange(10**9):09d}" if rng.random() < 0.4 else phone,
                    }
                )
            yield members

    def records(self) -> Iterator[tuple[PersonRecord, int]]:
        """(record, person number) pairs, ``n_records`` of them, duplicates spread out."""
        rng = self.rng
        made = person = 0
        pending: list[tuple[int, int, PersonRecord, int]] = []  # (due position, tie, record, person)
        for household in self.households():
            for member in household:
                copies = rng.choices((1, 2, 3, 4), (81, 14, 4, 1))[0]
                for copy in range(copies):
                    record = self._record(member, f"p{person}c{copy}", first=copy == 0)
                    if copy == 0:
                        yield record, person
                        made += 1
                    else:
                        due = made + rng.randint(0, 20_000)
                        heapq.heappush(pending, (due, person * 4 + copy, record, person))
                person += 1
                while pending and pending[0][0] <= made and made < self.n_records:
                    _, _, late, owner = heapq.heappop(pending)
                    yield late, owner
                    made += 1
                if made >= self.n_records:
                    return

    def _record(self, person: dict[str, str], record_id: str, first: bool) -> PersonRecord:
        rng = self.rng
        given, family, dob = person["given_name"], person["family_name"], person["date_of_birth"]
        postcode, address, phone, sex = person["postcode"], person["address"], person["phone"], person["sex"]
        if not first:
            roll = rng.random()
            if roll < 0.15 and given in NICKNAMES:
                given = rng.choice(NICKNAMES[given])
            elif roll < 0.25:
                given = _typo(rng, given)
            elif roll < 0.27:
                given = given[0]
            if rng.random() < 0.1:
                family = _typo(rng, family)
            elif sex == "female" and rng.random() < 0.03:
                family = self.surname(rng)  # married name
            if rng.random() < 0.02:
                given, family = family, given
            if rng.random() < 0.12:
                dob = _date_typo(rng, dob)
            if rng.random() < 0.15:
                postcode, address = (
                    rng.choice(self.postcodes),
                    f"{rng.randint(1, 250)} {rng.choice(self.streets)}",
                )
            elif rng.random() < 0.03:
                postcode = _typo(rng, postcode)
        blank = rng.random
        return PersonRecord(
            record_id=record_id,
            given_name=None if blank() < 0.01 else given.title(),
            family_name=None if blank() < 0.01 else family.title(),
            date_of_birth=None if blank() < 0.04 else dob,
            sex=None if blank() < 0.1 else sex,
            postcode=None if blank() < 0.2 else postcode,
            address=None if blank() < 0.5 else address,
            phone=None if blank() < 0.6 else phone,
        )


def generate(n_records: int, seed: int = 2024) -> tuple[Iterator[PersonRecord], npt.NDArray[np.int32]]:
    """Records as a stream (like the sweep's database cursor) and the true person per record."""
    truth = np.empty(n_records, dtype=np.int32)

    def stream() -> Iterator[PersonRecord]:
        for index, (record, person) in enumerate(Population(n_records, seed).records()):
            truth[index] = person
            yield record

    return stream(), truth


def pairwise_scores(predicted: Sequence[int], truth: Sequence[int]) -> tuple[float, float, float]:
    def pairs(counter: Counter[object]) -> int:
        return sum(n * (n - 1) // 2 for n in counter.values())

    both = pairs(Counter(zip(predicted, truth, strict=True)))
    predicted_pairs, true_pairs = pairs(Counter(predicted)), pairs(Counter(truth))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--records", type=int, action="append", help="N (repeatable); default 100000")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    for n in args.records or [100_000]:
        records, truth = generate(n, args.seed)
        start = time.perf_counter()
        result = link_records([prepare_record(r) for r in records])
        elapsed = time.perf_counter() - start
        precision, recall, f1 = pairwise_scores(result.cluster.tolist(), truth.tolist())
        stats = result.stats
        print(f"== {n:,} records, {len(np.unique(truth)):,} people")
        print(
            f"   time {elapsed:.1f} s (goal 600 s at 1M); peak RSS {peak_mb():,.0f} MB (goal 4096 MB); "
            f"candidate pairs {stats.get('pairs', 0):,.0f}, kept {len(result.pairs.left):,}"
        )
        print("   phases: " + ", ".join(f"{k} {v:.1f}" for k, v in stats.items() if k.endswith("_s")))
        print(f"   pairwise precision {precision:.4f}  recall {recall:.4f}  F1 {f1:.4f}")
        same = truth[result.pairs.left] == truth[result.pairs.right]
        auto = result.pairs.probability >= result.model.settings.auto_link
        print(f"   auto-link band: {int(auto.sum()):,} pairs, false merges {int((auto & ~same).sum()):,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
