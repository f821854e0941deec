"""Date of birth, nationality and document numbers outweigh names."""

from __future__ import annotations

from scamgrid.cases import repatriation
from scamgrid.cases.matching import ScreeningIndex, Target, compare_persons, upper_bound
from scamgrid.cases.personal import Person


def someone(
    name: str = "张伟", dob: str | None = "1990-05-01", doc: str = "", cc: str | None = "CN"
) -> Person:
    return Person([name], dob, [doc] if doc else [], cc)


def test_same_name_and_birth_date_across_scripts_is_wanted() -> None:
    match = compare_persons(someone("ZHANG WEI"), someone("张伟"))
    assert match.score >= repatriation.WANTED_SCORE
    assert "same date of birth" in match.reasons


def test_another_birth_date_outweighs_an_identical_name() -> None:
    match = compare_persons(someone(), someone(dob="1991-02-03"))
    assert match.score < repatriation.REVIEW_SCORE
    assert "different date of birth" in match.reasons


def test_another_nationality_makes_an_identical_person_only_a_suspect() -> None:
    match = compare_persons(someone(), someone(cc="TH"))
    assert repatriation.REVIEW_SCORE <= match.score < repatriation.WANTED_SCORE
    assert "different nationality" in match.reasons


def test_other_document_numbers_make_an_identical_person_only_a_suspect() -> None:
    match = compare_persons(someone(doc="E12345678"), someone(doc="E87654321"))
    assert repatriation.REVIEW_SCORE <= match.score < repatriation.WANTED_SCORE
    assert "different document numbers" in match.reasons


def test_a_passport_and_an_id_number_are_not_compared() -> None:
    match = compare_persons(someone(doc="E12345678"), someone(doc="110101199005011234"))
    assert match.score == 1.0
    assert "different document numbers" not in match.reasons


def test_a_shared_document_outweighs_names_and_birth_date() -> None:
    match = compare_persons(
        someone("SOMCHAI JAIDEE", doc="AA 1234567"), someone("李娜", "1970", "aa1234567")
    )
    assert match.score >= repatriation.WANTED_SCORE
    assert match.reasons[0] == "same document number"


def test_an_identical_name_alone_is_only_a_suspect() -> None:
    score = compare_persons(someone(dob=None), someone()).score
    assert repatriation.REVIEW_SCORE <= score < repatriation.WANTED_SCORE


def test_the_upper_bound_is_what_identical_names_would_score() -> None:
    a, b = someone(doc="E1111111"), someone(dob="1980-01-01", cc="VN")
    assert upper_bound(a, b) == compare_persons(a, someone(dob="1980-01-01", cc="VN")).score


def test_screening_skips_nobody_who_could_reach_the_threshold() -> None:
    targets = [
        Target("watchlist", 1, "l/1", "wanted", someone("Zhang Wei")),
        Target("watchlist", 2, "l/2", "wanted", someone("Zhang Wei", "1970-01-01")),
        Target("watchlist", 3, "l/3", "wanted", someone("Li Na", "1970-01-01", "E7654321")),
    ]
    index = ScreeningIndex(targets)
    hits = index.screen(someone("张伟", doc="E7654321"), threshold=repatriation.REVIEW_SCORE)
    assert sorted(h.target.id for h in hits) == [1, 3]
