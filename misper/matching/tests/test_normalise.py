from __future__ import annotations

import pytest

from misper.matching.normalise import (
    clean_name,
    nickname_equivalent,
    normalise_phone,
    normalise_postcode,
    normalise_sex,
    parse_date,
)


def test_clean_name_strips_accents_case_punctuation() -> None:
    assert clean_name("  José  O'Neil-Smith ") == "jose oneil smith"
    assert clean_name("Mr. JOHN") == "john"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Jon", "Jonathan"),
        ("John", "Johnny"),
        ("Bob", "Robert"),
        ("Rob", "Bob"),
        ("Bill", "William"),
        ("Liz", "Beth"),
        ("Elizabeth", "Liz"),
        ("Peggy", "Margaret"),
    ],
)
def test_nickname_equivalent(a: str, b: str) -> None:
    assert nickname_equivalent(clean_name(a), clean_name(b))


def test_not_nickname_equivalent() -> None:
    assert not nickname_equivalent("robert", "william")
    assert not nickname_equivalent("", "john")


def test_parse_date_impossible_is_unknown_and_flagged() -> None:
    assert parse_date("1971-06-24") == ("19710624", False)
    assert parse_date("") == ("", False)
    assert parse_date("1955-11-92") == ("", True)
    assert parse_date("1955-81-12") == ("", True)
    assert parse_date("not a date") == ("", True)


def test_sex() -> None:
    assert normalise_sex("F") == ("female", False)
    assert normalise_sex("male") == ("male", False)
    assert normalise_sex("Other") == ("other", False)
    assert normalise_sex("unknown") == ("", False)
    assert normalise_sex("t2227949966") == ("", True)


def test_postcode_and_phone() -> None:
    assert normalise_postcode("sw1a2aa") == "SW1A 2AA"
    assert normalise_postcode(" ls1  4ap ") == "LS1 4AP"
    assert normalise_phone("+44 (0)7700 900123") == "07700900123"
    assert normalise_phone("+44 7700 900123") == "07700900123"
    assert normalise_phone("123") == ""


def test_titles_and_ranks_are_not_names_but_names_that_look_like_titles_stay() -> None:
    assert clean_name("Rt Hon William") == "william"
    assert clean_name("Maj Gen Frederick") == "frederick"
    assert clean_name("Reverend") == ""
    assert clean_name("George 2nd") == "george"
    assert clean_name("Captain James") == "james"
    assert clean_name("Dean") == "dean"
    assert clean_name("Major") == "major"
