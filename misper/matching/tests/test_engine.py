from __future__ import annotations

from misper.matching import PersonRecord, link_records, prepare_record
from misper.matching.compare import compare_dob
from misper.matching.index import MatchIndex
from misper.matching.tests.synthetic import dataset


def test_placeholder_date_counts_as_year_only() -> None:
    assert compare_dob("19930101", "19930615") == 0  # same year, day unknown: no evidence
    assert compare_dob("19930101", "19940615") == 1
    assert compare_dob("19930101", "19930101") == 8


def test_household_members_are_not_linked() -> None:
    home = {"family_name": "Hartwell", "postcode": "LS6 2AB", "address": "12 Oak Road", "phone": "0770090011"}
    mother = PersonRecord("a", "Susan", date_of_birth="1970-03-14", **home)
    son = PersonRecord("b", "Daniel", date_of_birth="1998-11-02", **home)
    ranked = MatchIndex().rank(mother, [son])
    assert ranked[0].band == "no_match"


def test_twins_at_one_address_are_not_one_person_but_at_one_town_a_person_looks() -> None:
    home = {"family_name": "Hartwell", "postcode": "LS6 2AB", "date_of_birth": "2011-04-02"}
    ranked = MatchIndex().rank(PersonRecord("a", "Amy", **home), [PersonRecord("b", "Kyle", **home)])
    assert ranked[0].band == "no_match"
    town = {"family_name": "Hartwell", "address": "leeds", "date_of_birth": "2011-04-02"}
    ranked = MatchIndex().rank(PersonRecord("a", "Amy", **town), [PersonRecord("b", "Amie", **town)])
    assert ranked[0].band != "no_match"


def test_a_namesake_at_home_with_another_birthday_is_for_a_person_to_decide() -> None:
    home = {
        "given_name": "Harry",
        "family_name": "Holmore",
        "postcode": "NW2 9AN",
        "address": "173 Wilson Court",
    }
    father = PersonRecord("a", date_of_birth="1969-04-27", **home)
    son = PersonRecord("b", date_of_birth="1994-11-01", **home)
    ranked = MatchIndex().rank(father, [son])
    assert ranked[0].band == "grey_zone"
    assert any(r.text.startswith("different date of birth") for r in ranked[0].reasons)


def test_a_date_remembered_a_month_out_counts_for_a_match() -> None:
    index = MatchIndex()
    base = {"given_name": "Nadia", "family_name": "Okafor", "postcode": "M14 5RT"}
    near = index.rank(
        PersonRecord("a", date_of_birth="2008-03-30", **base),
        [PersonRecord("b", date_of_birth="2008-04-12", **base)],
    )[0]
    far = index.rank(
        PersonRecord("a", date_of_birth="2008-03-30", **base),
        [PersonRecord("b", date_of_birth="1996-09-12", **base)],
    )[0]
    assert "within a month" in " ".join(r.text for r in near.reasons)
    assert near.probability > far.probability


def test_batch_keeps_only_plausible_pairs_and_finds_people() -> None:
    rows, truth = dataset(40)
    result = link_records([prepare_record(r) for r in rows])
    assert (result.pairs.probability >= result.model.settings.keep_threshold).all()
    assert result.stats["pairs"] >= len(result.pairs.left)
    clusters: dict[int, set[str]] = {}
    for record_id, label in zip(result.record_ids, result.cluster.tolist(), strict=True):
        clusters.setdefault(label, set()).add(truth[record_id])
    assert all(len(people) == 1 for people in clusters.values())
